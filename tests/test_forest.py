"""The numba forest walk gives bit-identical probabilities, labels and confidence to scikit-learn,
whatever the threads and chunks, and prediction falls back to scikit-learn when numba is missing."""
import sys
from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier

from cropmapper.science.classify import classifier, forest
from cropmapper.science.errors import InputError
from cropmapper.science.progress import Reporter

numba = pytest.importorskip("numba")


def fit(n_classes, n_trees, depth, min_split, n=1500, n_features=20, seed=0):
    x, y = make_classification(n, n_features, n_informative=8, n_classes=n_classes, n_clusters_per_class=2,
                               random_state=seed)
    labels = np.array([11, 3, 42, 7, 5, 20])[y]  # classes_ not 0..n-1
    model = RandomForestClassifier(n_trees, max_depth=depth, min_samples_split=min_split, max_features="sqrt",
                                   random_state=seed, n_jobs=1)
    return model.fit(x.astype(np.float32), labels), x.astype(np.float32)


def thresholds_rows(model, x, seed=1):
    """Training rows that reach a split, with its feature set exactly on the float32-rounded threshold
    (above the float64 threshold half of the time) and one step either side."""
    rng = np.random.default_rng(seed)
    rows = []
    for tree in model.estimators_[:10]:
        t = tree.tree_
        reach = tree.decision_path(x).tocsc()
        for node in rng.choice(np.flatnonzero(t.children_left != -1), 20):
            row = x[reach[:, node].indices[0]]
            v = np.float32(t.threshold[node])
            for value in (v, np.nextafter(v, np.float32(np.inf)), np.nextafter(v, np.float32(-np.inf))):
                rows.append(row.copy())
                rows[-1][t.feature[node]] = value
    return np.array(rows)


@pytest.mark.parametrize("n_classes,n_trees,depth,min_split", [(2, 20, 3, 2), (2, 50, 25, 25), (4, 30, 8, 5),
                                                               (6, 40, None, 2)])
def test_bitwise_identical_to_sklearn(n_classes, n_trees, depth, min_split):
    model, x = fit(n_classes, n_trees, depth, min_split)
    rng = np.random.default_rng(2)
    rows = np.concatenate([x, 3 * rng.normal(size=(2000, x.shape[1])).astype(np.float32),
                           thresholds_rows(model, x)])
    # Grid values make many exact ties with thresholds that are midpoints of such values.
    rows = np.concatenate([rows, np.round(rows * 4) / 4, np.float64(rows).astype(np.float32)])
    ref = model.predict_proba(rows)
    flat = forest.FlatForest(model)
    for n_jobs in (1, 2, 3):
        assert np.array_equal(flat.predict_proba(rows, n_jobs), ref)
        # the transposed view of a feature-major block is read in place, with the same result
        assert np.array_equal(flat.predict_proba(np.ascontiguousarray(rows.T).T, n_jobs), ref)
    assert flat.nbytes > 0 and flat.bytes_per_pixel() == 4 * x.shape[1] + 8 * n_classes
    # float64 input is cast to float32 first, as scikit-learn does
    assert np.array_equal(flat.predict_proba(rows.astype(np.float64) + 1e-9), model.predict_proba(rows.astype(np.float64) + 1e-9))


def test_trees_of_very_different_depths_and_feature_major_rows(monkeypatch):
    """Lanes walk each tree for its deepest leaf: a one-leaf tree first (its leaf is node 0), stumps, shallow
    and unlimited trees; rows end in leaves at every depth. Rows come row-major, as the transposed view of a
    feature-major block (read in place), with NaN / infinite rows (NaN probabilities), over several tiles."""
    from sklearn.tree import DecisionTreeClassifier

    model, x = fit(4, 12, None, 2, n=2500, n_features=15)
    rng = np.random.default_rng(5)
    one_leaf = DecisionTreeClassifier(min_samples_split=10 ** 6).fit(x, model.classes_[np.arange(len(x)) % 4])
    trees = [one_leaf]
    for depth in (1, 2, 3, 7, None, 1, 12):
        rows = rng.integers(0, len(x), len(x))
        trees.append(DecisionTreeClassifier(max_depth=depth, max_features="sqrt", random_state=int(rng.integers(1000)))
                     .fit(x[rows], model.predict(x)[rows]))
    model.estimators_ = trees + list(model.estimators_)
    model.n_estimators = len(model.estimators_)
    flat = forest.FlatForest(model)
    depths = flat.depths
    assert depths[0] == 0 and depths.min() == 0 and depths.max() >= 15 and len(set(depths.tolist())) >= 6
    assert len(flat.leaf_proba) < int((flat.leaf >= 0).sum())  # shared leaf vectors
    split = SimpleNamespace(estimators_=model.estimators_[1:])  # ties at the thresholds of trees with splits
    rows = np.concatenate([x, 2 * rng.normal(size=(3000, x.shape[1])).astype(np.float32), thresholds_rows(split, x)])
    ref = model.predict_proba(rows)
    monkeypatch.setattr(forest, "TILE_BYTES", 1)  # the smallest tile: 256 rows
    assert flat.tile_rows() == 256
    block = np.ascontiguousarray(rows.T)  # feature-major, as predict_block gets it
    for n_jobs in (1, 2, 3):
        assert np.array_equal(flat.predict_proba(rows, n_jobs), ref)
        assert np.array_equal(flat.predict_proba(block.T, n_jobs), ref)
    bad = rng.choice(len(rows), 300, replace=False)
    block[rng.integers(0, x.shape[1], 300), bad] = rng.choice([np.nan, np.inf, -np.inf], 300)
    got = flat.predict_proba(block.T, 2)
    ok = np.ones(len(rows), bool)
    ok[bad] = False
    assert np.isnan(got[~ok]).all() and np.array_equal(got[ok], ref[ok])
    assert np.array_equal(flat.predict_proba(np.ascontiguousarray(block.T), 3), got, equal_nan=True)
    monkeypatch.undo()
    predictor = classifier.Predictor(model, n_jobs=2)
    want = classifier.Predictor(model, engine="sklearn").predict_block(block)
    got = predictor.predict_block(block)
    assert predictor.engine == "numba" and got[2] == 300
    assert all(np.array_equal(a, b) for a, b in zip(got, want))


def test_predictor_blocks_labels_confidence_and_determinism():
    model, x = fit(5, 30, 12, 4, n=3000, n_features=30)
    rng = np.random.default_rng(3)
    block = np.concatenate([x, rng.normal(size=(7000, 30)).astype(np.float32)]).T.copy()
    block[rng.integers(30, size=50), rng.integers(block.shape[1], size=50)] = np.nan
    block[rng.integers(30, size=5), rng.integers(block.shape[1], size=5)] = -np.inf
    reporter = Reporter()
    predictor = classifier.Predictor(model, n_jobs=2, reporter=reporter)
    assert predictor.engine == "numba" and predictor.nbytes > 0
    assert any(m.startswith("Prediction with numba") for m in reporter.messages)
    want = classifier.predict_block(model, block, 1)
    assert want[2] > 0
    for n_jobs in (1, 2, 4):
        got = classifier.Predictor(model, n_jobs=n_jobs).predict_block(block)
        assert all(np.array_equal(a, b) for a, b in zip(got[:2], want[:2])) and got[2] == want[2]
    ok = np.isfinite(block).all(axis=0)
    assert np.array_equal(predictor.predict_proba(block.T[ok]), model.predict_proba(block.T[ok]))
    # chunks of any size give the same labels
    parts = [predictor.predict_block(block[:, a:a + 777]) for a in range(0, block.shape[1], 777)]
    assert np.array_equal(np.concatenate([p[1] for p in parts]), want[1])


def test_fallback_without_numba(monkeypatch):
    model, x = fit(3, 20, 10, 2)
    ref = classifier.Predictor(model, engine="sklearn").predict_block(x.T)
    monkeypatch.setitem(sys.modules, "numba", None)  # import numba now raises ImportError
    reporter = Reporter()
    predictor = classifier.Predictor(model, n_jobs=2, reporter=reporter)
    assert predictor.engine == "scikit-learn" and predictor.nbytes == 0
    assert any("sudo apt install python3-numba" in m and "pip install numba" in m for m in reporter.messages)
    got = predictor.predict_block(x.T)
    assert all(np.array_equal(a, b) for a, b in zip(got, ref))
    with pytest.raises(InputError, match="python3-numba"):
        classifier.Predictor(model, engine="numba")


def test_failure_inside_numba_degrades_to_sklearn(monkeypatch):
    model, x = fit(2, 20, 6, 2)
    reporter = Reporter()
    predictor = classifier.Predictor(model, reporter=reporter)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(predictor.flat, "predict_proba", broken)
    assert np.array_equal(predictor.predict_proba(x), model.predict_proba(x))
    assert predictor.engine == "scikit-learn" and any("boom" in m for m in reporter.messages)
    with pytest.raises(InputError):
        classifier.Predictor(model, engine="gpu")


def test_compiles_without_a_writable_cache(monkeypatch):
    """numba raises when no cache locator is writable (read-only plugin folder): compile without cache."""
    njit = numba.njit

    def no_cache(*args, **kwargs):
        if kwargs.get("cache"):
            raise RuntimeError("cannot cache function '_walk': no locator available")
        return njit(*args, **kwargs)

    monkeypatch.setattr(numba, "njit", no_cache)
    monkeypatch.setattr(forest, "_KERNEL", None)
    model, x = fit(2, 20, 5, 2)
    reporter = Reporter()
    predictor = classifier.Predictor(model, reporter=reporter)
    assert predictor.engine == "numba" and "compiled in" in reporter.messages[-1]
    assert "cache" not in reporter.messages[-1]
    assert np.array_equal(predictor.predict_proba(x), model.predict_proba(x))


def test_training_in_batches_grows_the_same_forest():
    """classifier.train grows the trees in warm-start batches (progress, cancel): the forest is the one a
    single fit gives, tree for tree."""
    from sklearn.ensemble import RandomForestClassifier

    from cropmapper.science.classify import classifier
    from cropmapper.science.errors import Cancelled
    from cropmapper.science.progress import Reporter

    rng = np.random.default_rng(4)
    x = rng.normal(size=(600, 12)).astype(np.float32)
    y = (x[:, 0] + x[:, 3] * x[:, 5] > 0).astype(int) + 2 * (x[:, 7] > 1)
    progress = []
    model = classifier.train(x, y, 23, 12, 4, seed=9, n_jobs=2, reporter=Reporter(on_progress=progress.append))
    single = RandomForestClassifier(n_estimators=23, max_depth=12, min_samples_split=4, max_features="sqrt",
                                    random_state=9, n_jobs=1).fit(x, y)
    assert len(model.estimators_) == 23 and not model.warm_start
    for a, b in zip(model.estimators_, single.estimators_):
        assert np.array_equal(a.tree_.threshold, b.tree_.threshold) and np.array_equal(a.tree_.value, b.tree_.value)
    model.n_jobs = 1  # scikit-learn sums threaded trees in any order
    assert np.array_equal(model.predict_proba(x), single.predict_proba(x))
    assert len(progress) >= 10 and progress == sorted(progress) and progress[-1] == 100.0
    with pytest.raises(Cancelled):
        classifier.train(x, y, 23, 12, 4, seed=9, reporter=Reporter(is_canceled=lambda: True))
