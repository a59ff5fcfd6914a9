"""Block (row strip) planning under a memory budget."""


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
