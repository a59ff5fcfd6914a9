"""Decode every image file once per run into a compact store, laid out by row block.

A crop mask or crop type run needs every date of a pixel at once, and reads the series twice (the
training samples, then prediction). Sentinel-2 JPEG 2000 files are cut in 1024 x 1024 tiles, so row
strips thin enough for the memory budget would decode each tile again and again, and keeping a row of
decoded tiles for every image in GDAL's cache costs 4-6 GB at tile size. Instead each file is decoded
once, in strips of whole tile rows (files in parallel threads), and its values are stored as they are
in the file (the native integers, at the native 10 m or 20 m resolution: 6.75 bytes per 10 m pixel
and date for the crop mask, 8.75 for crop type), block-major: all the files of one row block side by
side. The store is in memory when it fits the share of the budget given to it, else in a temporary
file next to the product (no memory mapping: the page cache does not count against the run). While a
block is processed, ``readers.base.sample`` serves its reads from the store (``serving``), so the
readers' own scaling, offsets and masks apply unchanged and the values are exactly those of a direct
read.
"""
import bisect
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait, FIRST_EXCEPTION

import numpy as np
from osgeo import gdal

from ..errors import InputError
from ..io.readers.base import Unreadable, file_info, open_raster, serving, source_map, warped_vrt

STRIP_BYTES = 48 * 1024 * 1024   # what one decoding thread holds: a strip of whole tile rows
WARP_ROWS = 256                  # rows per read of a warped (reprojected) source


class _Files:
    """File facts for planning (readers.base.file_info) and the source maps of one grid."""

    def __init__(self):
        self.maps = {}

    def dtype(self, path, band):
        return file_info(path)[1][band][0]

    def block_rows(self, path, band):
        return file_info(path)[1][band][1]

    def source_map(self, path, grid):
        if path not in self.maps:
            self.maps[path] = source_map(path, grid, file_info(path)[0])
        return self.maps[path]


class _Source:
    """One band of one file as the store holds it: native rows per block (aligned sources) or the
    grid rows (warped sources, ``smap`` None)."""

    def __init__(self, path, band, fill, grid, blocks, files):
        self.path, self.band, self.fill = path, band, fill
        self.smap = files.source_map(path, grid)
        self.dtype = files.dtype(path, band)
        self.block_rows = files.block_rows(path, band)
        if self.smap is not None:
            self.ncols = self.smap.c1 - self.smap.c0
            self.rows = [self.smap.native_rows(r0, n) for r0, n in blocks]
        else:
            self.ncols = grid.width
            self.rows = [(r0, r0 + n) for r0, n in blocks]
        self.row_bytes = self.ncols * self.dtype.itemsize
        # an aligned source is stored once whatever the fill; a warped one per fill (it is baked in)
        self.key = (path, band) if self.smap is not None else (path, band, fill)

    def nbytes(self, b):
        r0, r1 = self.rows[b]
        return max(r1 - r0, 0) * self.row_bytes


def record_sources(acquisitions, grid, bands):
    """The (path, band, fill) reads the readers make for ``bands`` and the cloud mask, found by a dry
    run whose reads return fill values (nothing is decoded)."""
    seen = {}
    files = _Files()

    def recorder(path, band_index, grid_, row0, nrows, fill):
        seen.setdefault((path, band_index, fill), None)
        return np.full((nrows, grid_.width), fill, dtype=files.dtype(path, band_index))

    with serving(recorder):
        for acq in acquisitions:
            acq.read(bands, grid, 0, 1)
            acq.read_status(grid, 0, 1)
    return list(seen)


def bytes_per_grid_pixel(acquisitions, grid, bands):
    """What the store holds per pixel of ``grid`` (all dates): its size / the grid's pixel count."""
    reads = record_sources(acquisitions, grid, bands)
    total = sum(src.nbytes(0) for src in plan_sources(reads, grid, [(0, grid.height)]).values())
    return total / float(grid.width * grid.height), reads


def plan_sources(reads, grid, blocks, files=None):
    """{storage key: _Source} of ``reads`` over ``blocks`` (an aligned source once whatever its fills)."""
    files = files or _Files()
    sources = {}
    for path, band, fill in reads:
        src = _Source(path, band, fill, grid, blocks, files)
        sources.setdefault(src.key, src)
    return sources


class DecodedStore:
    """The decoded values of every read of a run, block-major (see the module docstring).

    ``blocks``: the row blocks [(row0, nrows)] of the passes; ``reads`` from record_sources;
    ``in_memory``: keep it in memory (else a temporary file in ``folder``). Call ``decode`` once, then
    use it with ``readers.base.serving(store)`` around the reads of a block; ``close`` removes the file."""

    def __init__(self, grid, blocks, reads, folder, in_memory):
        self.grid, self.blocks = grid, list(blocks)
        self._row0s = [r0 for r0, _ in self.blocks]  # sorted: a read finds its blocks by bisection
        self.sources = plan_sources(reads, grid, self.blocks)
        self.order = list(self.sources)
        self.offsets = []  # per block: {key: offset}
        self.starts = [0]  # per block: where its bytes begin; the last entry is the total
        offset = 0
        for b in range(len(self.blocks)):
            offs = {}
            for key in self.order:
                offs[key] = offset
                offset += self.sources[key].nbytes(b)
            self.offsets.append(offs)
            self.starts.append(offset)
        self.nbytes = offset
        self.in_memory = bool(in_memory)
        self.path = None
        self._lock = threading.Lock()
        self._loaded = (None, None)
        if self.in_memory:
            self._buffer = np.empty(self.nbytes, dtype=np.uint8)
        else:
            os.makedirs(folder, exist_ok=True)
            self.path = os.path.join(folder, "decoded_series.bin")
            self._file = open(self.path, "w+b")
            self._file.truncate(self.nbytes)

    # --- raw bytes ---------------------------------------------------------------------------------
    def _write(self, offset, array):
        data = np.ascontiguousarray(array)
        if self.in_memory:
            self._buffer[offset:offset + data.nbytes] = data.reshape(-1).view(np.uint8)
        elif hasattr(os, "pwrite"):
            view = memoryview(data.reshape(-1).view(np.uint8))
            while len(view):
                done = os.pwrite(self._file.fileno(), view, offset)
                view, offset = view[done:], offset + done
        else:  # Windows: no positional write
            with self._lock:
                self._file.seek(offset)
                self._file.write(data.tobytes())

    def _read(self, offset, size):
        if self.in_memory:
            return self._buffer[offset:offset + size]
        out = np.empty(size, dtype=np.uint8)
        with self._lock:
            self._file.seek(offset)
            got = self._file.readinto(memoryview(out))
        if got != size:
            raise InputError("The temporary store %s is truncated (disk full?).", self.path)
        return out

    # --- decoding --------------------------------------------------------------------------------------
    def _tasks(self):
        """Sources grouped by file, so a multiband file is read once for all its bands."""
        groups = {}
        for key in self.order:
            src = self.sources[key]
            groups.setdefault((src.path, src.smap is None, src.fill if src.smap is None else None), []).append(src)
        return list(groups.values())

    def _strips(self, srcs):
        """(first row, last row) strips of whole source-tile rows covering what the blocks use."""
        src = srcs[0]
        spans = [r for r in src.rows if r[1] > r[0]]
        if not spans:
            return []
        lo, hi = min(r[0] for r in spans), max(r[1] for r in spans)
        if src.smap is None:
            step = WARP_ROWS
            start = lo
        else:
            block_rows = src.block_rows
            per_row = src.row_bytes * len(srcs)
            step = max(block_rows, (STRIP_BYTES // max(per_row * block_rows, 1)) * block_rows)
            start = lo // block_rows * block_rows
        return [(max(s, lo), min(s + step, hi)) for s in range(start, hi, step)]

    def _store_strip(self, src, s0, s1, data):
        first = np.array([r[0] for r in src.rows])
        last = np.array([r[1] for r in src.rows])
        for b in np.flatnonzero((first < s1) & (last > s0) & (last > first)):
            a, e = max(first[b], s0), min(last[b], s1)
            self._write(self.offsets[b][src.key] + (a - first[b]) * src.row_bytes, data[a - s0:e - s0])

    def _decode_file(self, srcs, strips, progress, cancel, gdal_threads):
        gdal.SetThreadLocalConfigOption("GDAL_NUM_THREADS", str(gdal_threads))
        src0 = srcs[0]
        try:
            ds = open_raster(src0.path) if src0.smap is not None else warped_vrt(src0.path, self.grid, src0.fill)
            for s0, s1 in strips:
                if cancel.is_set():
                    return
                c0 = src0.smap.c0 if src0.smap is not None else 0
                for src in srcs:
                    try:
                        data = ds.GetRasterBand(src.band).ReadAsArray(c0, int(s0), src.ncols, int(s1 - s0))
                    except RuntimeError as exc:
                        raise Unreadable("cannot read %s (corrupt or truncated file): %s" % (src.path, exc))
                    if data is None:
                        raise Unreadable("cannot read %s: %s" % (src.path, gdal.GetLastErrorMsg()))
                    self._store_strip(src, s0, s1, data.astype(src.dtype, copy=False))
                progress()
        except Unreadable as exc:
            raise InputError("Cannot read %s: %s", src0.path, exc) from exc
        finally:
            ds = None
            gdal.SetThreadLocalConfigOption("GDAL_NUM_THREADS", None)

    def decode(self, n_jobs=2, reporter=None, gdal_threads=1):
        """Decode every file once (``n_jobs`` files at a time), reporting progress per strip."""
        tasks = self._tasks()
        strips = [self._strips(t) for t in tasks]  # here: the dataset cache is not shared with threads
        total = sum(len(s) for s in strips) or 1
        done = [0]
        lock = threading.Lock()
        cancel = threading.Event()

        def progress():
            with lock:
                done[0] += 1

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=max(1, int(n_jobs))) as pool:
            futures = [pool.submit(self._decode_file, t, s, progress, cancel, gdal_threads)
                       for t, s in zip(tasks, strips)]
            pending = set(futures)
            try:
                while pending:
                    finished, pending = wait(pending, timeout=0.5, return_when=FIRST_EXCEPTION)
                    for f in finished:
                        f.result()  # re-raises a worker's error here
                    if reporter is not None:
                        reporter.check()
                        reporter.progress(done[0] / total)
            except BaseException:
                cancel.set()
                raise
        if reporter is not None:
            reporter.info("Decoded %d files once in %.1f s (%d strips, %d threads); store %.0f MB %s.",
                          len(tasks), time.perf_counter() - started, total, n_jobs, self.nbytes / 2 ** 20,
                          "in memory" if self.in_memory else "in %s" % self.path)

    # --- serving reads ---------------------------------------------------------------------------------
    def _block(self, b):
        """{key: array} of block ``b`` (one read of its bytes)."""
        with self._lock:
            loaded_b, arrays = self._loaded
        if loaded_b == b:
            return arrays
        start = self.starts[b]
        raw = self._read(start, self.starts[b + 1] - start)
        arrays = {}
        for key in self.order:
            src = self.sources[key]
            r0, r1 = src.rows[b]
            off = self.offsets[b][key] - start
            n = src.nbytes(b)
            arrays[key] = raw[off:off + n].view(src.dtype).reshape(max(r1 - r0, 0), src.ncols)
        with self._lock:
            self._loaded = (b, arrays)
        return arrays

    def __call__(self, path, band_index, grid, row0, nrows, fill):
        key = (path, band_index)
        if key not in self.sources:
            key = (path, band_index, fill)
        src = self.sources.get(key)
        if src is None:
            raise RuntimeError("Read of %s band %d not planned in the decoded store." % (path, band_index))
        pieces = []
        # from the block holding row0 on (a scan of every block per read was quadratic at tile scale)
        for b in range(max(bisect.bisect_right(self._row0s, row0) - 1, 0), len(self.blocks)):
            b0, bn = self.blocks[b]
            if b0 >= row0 + nrows:
                break
            a, e = max(b0, row0), min(b0 + bn, row0 + nrows)
            if e <= a:
                continue
            arr = self._block(b)[key]
            if src.smap is None:
                pieces.append(arr[a - b0:e - b0].copy())
            else:
                pieces.append(src.smap.place(arr, src.rows[b][0], a, e - a, fill, src.dtype))
        return pieces[0] if len(pieces) == 1 else np.concatenate(pieces, axis=0)

    def close(self):
        self._loaded = (None, None)
        self._buffer = None
        if self.path:
            self._file.close()
            if os.path.exists(self.path):
                os.remove(self.path)
            self.path = None
