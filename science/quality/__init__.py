"""Judging products: validation figures, quality layers, reports, comparisons (no QGIS)."""
