"""cropmapper:compareproducts (being written)."""
from qgis.core import QgsProcessingException

from .base import CropMapperAlgorithm


class CompareProductsAlgorithm(CropMapperAlgorithm):
    ID = "compareproducts"
    NAME = "Compare products"
    GROUP = "products"
    HELP = "Not written yet."

    def initAlgorithm(self, config=None):  # noqa: N802
        pass

    def execute(self, parameters, context, feedback):
        raise QgsProcessingException("Not written yet.")
