"""The ``cropmapper`` Processing provider: a registry list of algorithm classes."""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .algorithms.registry import algorithm_classes
from .translation import tr

ICON = os.path.join(os.path.dirname(__file__), "icons", "cropmapper.svg")


class CropMapperProvider(QgsProcessingProvider):
    def id(self):
        return "cropmapper"

    def name(self):
        return "Crop Mapper"  # a name, not translated

    def longName(self):  # noqa: N802
        return tr("Crop Mapper (Sentinel-2 crop mask and crop type)")

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802
        return ICON

    def loadAlgorithms(self):  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
