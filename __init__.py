"""Crop Mapper QGIS plugin.

The package root must stay importable without QGIS so that the QGIS-free
science package (``cropmapper.science``) can be used and tested on its own.
"""


def classFactory(iface):  # noqa: N802 (QGIS entry point name)
    from .plugin import CropMapperPlugin

    return CropMapperPlugin(iface)
