"""Block (row strip) planning under a memory budget, and GDAL's block cache held to a budget."""
import contextlib

from osgeo import gdal


def row_blocks(height, width, bytes_per_pixel, memory_mb=256, min_rows=1):
    """Split ``height`` rows into strips whose working set fits ``memory_mb``.

    ``bytes_per_pixel`` is everything one pixel costs while a block is processed
    (all dates, bands and intermediates). Returns a list of (row_offset, n_rows).
    """
    if height <= 0 or width <= 0:
        return []
    budget = max(float(memory_mb), 1.0) * 1024 * 1024
    rows = int(budget // max(width * bytes_per_pixel, 1))
    rows = max(min_rows, min(height, rows))
    return [(r, min(rows, height - r)) for r in range(0, height, rows)]


@contextlib.contextmanager
def gdal_cache(mb):
    """GDAL's block cache set to ``mb`` MB for the enclosed work (process-wide), restored afterwards:
    GDAL's default (5 % of the RAM) would sit outside a run's memory budget."""
    before = gdal.GetCacheMax()
    gdal.SetCacheMax(int(mb * 2 ** 20))
    try:
        yield
    finally:
        gdal.SetCacheMax(before)
