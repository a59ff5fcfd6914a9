"""Sentinel-2 L2A readers behind one interface (see base.Acquisition): Sen2Cor SAFE (folder or zip),
MAJA/THEIA, per-date GeoTIFFs and multi-date stacks."""
from .base import S2_BANDS, Acquisition, release_datasets
from .discover import discover, prepare

__all__ = ["Acquisition", "S2_BANDS", "discover", "prepare", "release_datasets"]
