"""A fitted scikit-learn RandomForestClassifier flattened into arrays, walked by a numba kernel.

The result is bit-identical to ``RandomForestClassifier.predict_proba`` (sklearn 1.x): X is float32 and
compared ``x <= threshold`` with the float64 threshold, each tree's leaf vector is value / value.sum()
(a zero sum left as is), the trees are summed in order into float64 and divided by the number of trees.
A row with a NaN or infinite feature is not walked: its probabilities are NaN (scikit-learn refuses it).
numba is optional: ``kernel()`` raises ImportError without it and the caller falls back to scikit-learn.
"""
import time
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np

# Variants measured against scikit-learn's predict_proba (100 trees, depth 25, 275 features, 2 cores):
# walking each row until its leaf 0.5-0.9x; an arithmetic child index 0.2x (every load waits on the one
# before); one record per node slower still; 16 rows in lockstep for the tree's full depth 1.2-1.56x.
# Re-measured through Predictor.predict_block, 1 Mpx in 262144-px blocks, 2 threads, paired interleaved
# repeats (median of sklearn/numba): crop type (6 classes, 275 features, 4000 samples/class, 134k nodes)
# and crop mask (2 classes, 127 features, 40000 samples/class, 223k nodes): that lockstep kernel with
# _labels' transposed copy 1.4x / 0.94x; this kernel 3.7-4.2x / 2.8-3.2x. Kernel times (one thread):
# unsigned indices (no wraparound code: 9 instructions a step, not 45) into a per-tile copy of the rows
# halve the walk; leaves' class vectors shared (a few hundred or thousand distinct) in visit order,
# summed into a flat tile accumulator, -15-25%; copying the feature-major block 512 rows at a time
# 0.2 s per block, against 0.6-1.4 s 16 rows at a time and 1.1 s for numpy's transposed copy.
# Tried and dropped: stopping a group once all its lanes are in leaves (checked every 1-8 steps) 0-10%
# slower (a group's deepest row is nearly the tree's depth: 24.9 of 25, 21.6 of 24.5) and leaf steps are
# cheap (their loads hit L1); compacting the rows still walking every few steps 5-10% slower; refilling
# a lane with the next row at its leaf 1.1-3x slower; 8-32 lanes (8-16 best), lanes as scalars, 16-byte
# node records, depth-first node order, a feature-major tile, features reordered by use, touching the
# next rows ahead: no gain or slower. Tiles: 2-3 MB best (one thread: 1 MB 15% slower; 2 threads: 1-3 MB
# alike, 4 MB 10-15% slower, 6 MB 1.7x slower).
GROUP = 16  # rows walked in lockstep: independent loads overlap instead of waiting on each other
COPY_ROWS = 512  # rows of a feature-major block copied together: contiguous reads, writes within L2
TILE_BYTES = 2 << 20  # features of the rows sharing each tree pass (2 and 3 MB alike, of 0.25-6 MB)


class FlatForest:
    """Per node (trees concatenated, root of tree t at ``roots[t]``, siblings adjacent so the walk is
    ``node = child + (not x <= threshold)``): ``feature``, ``threshold`` (float32, rounded down: for a
    float32 x, x <= t32 exactly when x <= the float64 threshold) and ``child``. A leaf points to itself
    (threshold NaN, child = itself - 1) so every row takes ``depths[t]`` steps without a test, and
    ``leaf[node]`` is its row in ``leaf_proba``, the tree's normalised class vector (leaves with the same
    vector share a row)."""

    def __init__(self, model):
        n_classes = len(model.classes_)
        feature, threshold, child, leafrow, roots, depths, leaves, visits = [], [], [], [], [], [], [], []
        n_nodes = n_leaves = 0
        for tree in model.estimators_:
            t = tree.tree_
            if t.n_outputs != 1 or tree.n_classes_ != n_classes:
                raise ValueError("Only single-output forests whose trees hold all classes are supported.")
            # Breadth-first renumbering so that the two children of a node are neighbours.
            order = [0]
            new = np.empty(t.node_count, dtype=np.int64)
            k = 0
            while k < len(order):
                node = order[k]
                new[node] = k
                if t.children_left[node] != -1:
                    order += [t.children_left[node], t.children_right[node]]
                k += 1
            order = np.asarray(order)
            leaf = t.children_left[order] == -1
            here = n_nodes + np.arange(len(order))
            c = here - 1  # leaves: child + 1 is the leaf itself
            c[~leaf] = n_nodes + new[t.children_left[order[~leaf]]]
            thr = t.threshold[order].astype(np.float64)
            t32 = thr.astype(np.float32)
            down = t32.astype(np.float64) > thr
            t32[down] = np.nextafter(t32[down], np.float32(-np.inf))
            t32[leaf] = np.nan  # x <= NaN is false: the leaf's "right child" is itself
            row = np.full(len(order), -1, dtype=np.int64)
            row[leaf] = n_leaves + np.arange(leaf.sum())
            # As DecisionTreeClassifier.predict_proba: the same contiguous (n, n_classes) sum, then divide.
            value = np.ascontiguousarray(t.value[order[leaf], 0, :n_classes], dtype=np.float64)
            norm = value.sum(axis=1)[:, np.newaxis]
            norm[norm == 0.0] = 1.0
            leaves.append(value / norm)
            visits.append(t.weighted_n_node_samples[order[leaf]])
            feature.append(np.where(leaf, 0, t.feature[order]))
            threshold.append(t32)
            child.append(c)
            leafrow.append(row)
            roots.append(n_nodes)
            depths.append(t.max_depth)
            n_nodes += len(order)
            n_leaves += int(leaf.sum())
        if n_nodes >= 2 ** 31:
            raise ValueError("Forest too large for 32-bit node indices.")
        self.feature = np.ascontiguousarray(np.concatenate(feature), dtype=np.int32)
        self.threshold = np.ascontiguousarray(np.concatenate(threshold), dtype=np.float32)
        self.child = np.ascontiguousarray(np.concatenate(child), dtype=np.int32)
        # Leaves share few distinct class vectors (pure leaves, small-count fractions): one row per distinct
        # vector (bitwise), the most visited (training samples) first, keeps the table in cache.
        leaves = np.ascontiguousarray(np.concatenate(leaves), dtype=np.float64)
        distinct, inverse = np.unique(leaves.view(np.uint64), axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        weight = np.bincount(inverse, weights=np.concatenate(visits), minlength=len(distinct))
        rank = np.empty(len(distinct), dtype=np.int64)
        rank[np.argsort(-weight, kind="stable")] = np.arange(len(distinct))
        leafrow = np.concatenate(leafrow)
        inner = leafrow < 0
        leafrow = rank[inverse[np.where(inner, 0, leafrow)]]
        leafrow[inner] = -1
        self.leaf = np.ascontiguousarray(leafrow, dtype=np.int32)
        self.roots = np.asarray(roots, dtype=np.int32)
        self.depths = np.asarray(depths, dtype=np.int32)
        self.leaf_proba = np.zeros((len(distinct), n_classes), dtype=np.float64)
        self.leaf_proba[rank] = distinct.view(np.float64)
        self.n_classes = n_classes
        self.n_features = int(getattr(model, "n_features_in_", 0)) or int(self.feature.max()) + 1
        self.classes_ = np.asarray(model.classes_)

    def arrays(self):
        return self.feature, self.threshold, self.child, self.leaf, self.roots, self.depths, self.leaf_proba

    @property
    def nbytes(self):
        """Memory held by the flattened forest."""
        return sum(a.nbytes for a in self.arrays())

    def bytes_per_pixel(self, n_features=None):
        """Working set per predicted row: its float32 features (a caller's copy, or the kernel's tile) and
        the float64 probabilities."""
        return 4 * (n_features or self.n_features) + 8 * self.n_classes

    def tile_rows(self, n_features=None):
        """Rows of a tile: TILE_BYTES of float32 features."""
        return int(min(16384, max(256, TILE_BYTES // (4 * (n_features or self.n_features)))))

    def predict_proba(self, x, n_jobs=1):
        """Class probabilities (float64, n rows x n classes) of the rows of ``x`` (n rows x features, in any
        memory layout: the transposed view of a feature-major block is read as it is, without a copy); a row
        with a NaN or infinite feature (which scikit-learn refuses) gets NaN probabilities. ``n_jobs``
        threads each walk a contiguous chunk of rows (rows are independent: the result does not depend on
        the split)."""
        walk = kernel()
        x = np.asarray(x)
        if x.dtype != np.float32:  # as scikit-learn, which casts to float32 first
            x = x.astype(np.float32)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError("Expected rows of %d features, got shape %s." % (self.n_features, x.shape))
        out = np.empty((len(x), self.n_classes), dtype=np.float64)
        tile = self.tile_rows()
        n_jobs = max(1, min(int(n_jobs or 1), len(x) // 1000 or 1))
        if n_jobs == 1:
            walk(x, *self.arrays(), tile, out)
            return out
        bounds = np.linspace(0, len(x), n_jobs + 1).astype(int)
        with ThreadPoolExecutor(max_workers=n_jobs) as pool:
            jobs = [pool.submit(walk, x[a:b], *self.arrays(), tile, out[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
            for job in jobs:
                job.result()
        return out


def _walk(x, feature, threshold, child, leaf, roots, depths, leaf_proba, tile, out):
    n, n_classes = out.shape
    n_features = x.shape[1]
    n_trees = roots.shape[0]
    tile = (tile + GROUP - 1) // GROUP * GROUP
    buf = np.zeros(tile * n_features, dtype=np.float32)  # the tile's valid rows, row-major
    at = np.empty(tile, dtype=np.int64)  # the row of x of each row of buf
    acc = np.empty(tile * n_classes, dtype=np.float64)  # the sums of the rows of buf
    proba = leaf_proba.ravel()
    node = np.empty(GROUP, dtype=np.uint64)
    # Unsigned indices: numba adds no negative-index wraparound to the loads of the walk.
    uf = np.uint64(n_features)
    uc = np.uint64(n_classes)
    one = np.uint64(1)
    big = np.float32(np.finfo(np.float32).max)
    feature_major = x.strides[0] < x.strides[1]
    for a in range(0, n, tile):
        m = min(tile, n - a)
        if feature_major:  # a block's transposed view: COPY_ROWS rows at a time, read along each feature
            for j0 in range(0, m, COPY_ROWS):
                j1 = min(j0 + COPY_ROWS, m)
                for f in range(n_features):
                    for j in range(j0, j1):
                        buf[j * n_features + f] = x[a + j, f]
        else:
            for j in range(m):
                for f in range(n_features):
                    buf[j * n_features + f] = x[a + j, f]
        w = 0  # rows with a NaN or infinite feature get NaN probabilities; the others are packed in buf
        for j in range(m):
            bad = 0
            for f in range(n_features):
                bad |= np.int32(not abs(buf[j * n_features + f]) <= big)
            if bad:
                out[a + j, :] = np.nan
                continue
            if w < j:
                buf[w * n_features:(w + 1) * n_features] = buf[j * n_features:(j + 1) * n_features]
            at[w] = a + j
            w += 1
        acc[:] = 0.0
        for t in range(n_trees):  # the tile's rows go through every tree, trees in order
            r = np.uint64(roots[t])
            for g0 in range(0, w, GROUP):  # lanes past w walk stale rows of buf, ignored
                for g in range(GROUP):
                    node[g] = r
                base = np.uint64(g0) * uf
                for _ in range(depths[t]):
                    for g in range(GROUP):
                        k = node[g]
                        node[g] = np.uint64(child[k]) + np.uint64(
                            not buf[base + np.uint64(g) * uf + np.uint64(feature[k])] <= threshold[k])
                to = np.uint64(g0) * uc
                for g in range(GROUP):  # every lane is in a leaf: depths[t] is the tree's deepest leaf
                    src = np.uint64(leaf[node[g]]) * uc
                    c = np.uint64(0)
                    while c < uc:
                        acc[to + c] += proba[src + c]
                        c += one
                    to += uc
        for i in range(w):
            for c in range(n_classes):
                out[at[i], c] = acc[i * n_classes + c] / n_trees  # as RandomForestClassifier: sum, then divide


_KERNEL = None
_COMPILE_NOTE = ""  # how the kernel was compiled: logged once


def compile_note():
    """The compilation's log note (version, seconds) the first time it is asked for, then empty."""
    global _COMPILE_NOTE
    note, _COMPILE_NOTE = _COMPILE_NOTE, ""
    return note


def kernel():
    """The compiled walk (first call compiles, or loads numba's on-disk cache when it can be written).
    Raises ImportError when numba is not importable (checked on every call, so tests can hide it)."""
    global _KERNEL, _COMPILE_NOTE
    import numba

    if _KERNEL is None:
        sig = ("void(float32[:, :], int32[::1], float32[::1], int32[::1], int32[::1], int32[::1], int32[::1], "
               "float64[:, ::1], int64, float64[:, ::1])")
        start = time.perf_counter()
        with warnings.catch_warnings():
            # A read-only plugin folder without a usable user cache: numba raises or warns; compile without.
            warnings.simplefilter("ignore")
            try:
                compiled, cached = numba.njit(sig, nogil=True, cache=True)(_walk), True
            except Exception:
                compiled, cached = numba.njit(sig, nogil=True)(_walk), False
        _COMPILE_NOTE = "; numba %s kernel compiled in %.1f s%s" % (
            numba.__version__, time.perf_counter() - start, ", on-disk cache on" if cached else "")
        _KERNEL = compiled
    return _KERNEL
