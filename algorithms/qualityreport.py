"""cropmapper:qualityreport (being written)."""
from qgis.core import QgsProcessingException

from .base import CropMapperAlgorithm


class QualityReportAlgorithm(CropMapperAlgorithm):
    ID = "qualityreport"
    NAME = "Quality report (HTML)"
    GROUP = "products"
    HELP = "Not written yet."

    def initAlgorithm(self, config=None):  # noqa: N802
        pass

    def execute(self, parameters, context, feedback):
        raise QgsProcessingException("Not written yet.")
