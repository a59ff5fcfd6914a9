"""cropmapper:loadproduct (being written)."""
from qgis.core import QgsProcessingException

from .base import CropMapperAlgorithm


class LoadProductAlgorithm(CropMapperAlgorithm):
    ID = "loadproduct"
    NAME = "Load a product"
    GROUP = "products"
    HELP = "Not written yet."

    def initAlgorithm(self, config=None):  # noqa: N802
        pass

    def execute(self, parameters, context, feedback):
        raise QgsProcessingException("Not written yet.")
