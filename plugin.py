"""QGIS entry point: registers the Processing provider."""
from qgis.core import QgsApplication

from .provider import CropMapperProvider


class CropMapperPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        # Called by QGIS for qgis_process too, where initGui never runs.
        if self.provider is None:
            self.provider = CropMapperProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
