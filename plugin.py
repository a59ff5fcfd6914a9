"""QGIS entry point: installs the translator and registers the Processing provider."""
from qgis.core import QgsApplication

from .provider import CropMapperProvider
from .translation import install_translator, remove_translator


class CropMapperPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.translator = None

    def initProcessing(self):  # noqa: N802 (QGIS API name)
        # Called by QGIS for qgis_process too, where initGui never runs; the translator comes first so
        # that the algorithms' labels are translated when the provider creates them.
        if self.translator is None:
            self.translator = install_translator()
        if self.provider is None:
            self.provider = CropMapperProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):  # noqa: N802
        self.initProcessing()

    def unload(self):
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
