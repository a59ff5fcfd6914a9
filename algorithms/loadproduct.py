"""cropmapper:loadproduct: an L4A / L4B product loaded as a styled layer group (and written as a project)."""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtXml import QDomDocument

from ..science.products import read_product
from ..science.quality import loading
from .base import CropMapperAlgorithm
from .parameters import add_product_parameter

OUTPUT_KEYS = ("MAP", "RAW", "CONFIDENCE", "FLAGS", "INSITU")


def make_layer(item):
    """A styled QGIS layer for one plan item (the flags: one layer per band of the same file)."""
    if item["kind"] == "vector":
        layer = QgsVectorLayer(item["source"], item["name"], "ogr")
    else:
        layer = QgsRasterLayer(item["source"], item["name"], "gdal")
    if not layer.isValid():
        return None
    doc = QDomDocument()
    doc.setContent(item["qml"])
    layer.importNamedStyle(doc)
    return layer


def add_group(project, name, items):
    """The product's group at the top of ``project``'s layer tree, its layers in plan order."""
    root = project.layerTreeRoot()
    old = root.findGroup(name)
    if old is not None:
        root.removeChildNode(old)
    group = root.insertGroup(0, name)
    loaded = []
    for item in items:
        layer = make_layer(item)
        if layer is None:
            continue
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        loaded.append(item["name"])
    return group, loaded


class LoadProductAlgorithm(CropMapperAlgorithm):
    ID = "loadproduct"
    NAME = "Load a product"
    GROUP = "products"
    SHORT = ("Loads a crop mask (L4A) or crop type (L4B) product as a layer group: in situ polygons, styled map, "
             "raw map, confidence, quality flags.")
    HELP = (
        "Loads a crop mask (L4A) or crop type (L4B) product, ours or one Sen2-Agri made, as a layer group named "
        "after the product: the in situ polygons coloured training / validation, the map with its style (the "
        "product's .qml, else its colour table, else the crop / non-crop or code colours), the raw map, the "
        "confidence, each band of the quality flags as its own layer (valid, water, snow and cloud date "
        "counts, each with its colour ramp) and a composite for the background when one is given. What the "
        "product lacks is named in the log; the rest loads.\n\n"
        "In QGIS the group is added to the current project. In a model or with qgis_process, the layers are "
        "the algorithm's outputs, and OUTPUT_PROJECT writes a project file (.qgs or .qgz) holding the same "
        "group, styled, to open later."
    )
    PARAM_HELP = {
        "PRODUCT": "The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), its MTD file or any file in it.",
        "COMPOSITE": "Optional composite to show under the maps (e.g. the output of cropmapper:composite), in "
                     "true colour.",
        "OUTPUT_PROJECT": "Optional QGIS project file (.qgs or .qgz) holding the product's group.",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        add_product_parameter(self)
        self.addParameter(QgsProcessingParameterRasterLayer("COMPOSITE", "Composite (background)", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_PROJECT", "Project file", "QGIS projects (*.qgs *.qgz)", optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputRasterLayer("MAP", "Map"))
        self.addOutput(QgsProcessingOutputRasterLayer("RAW", "Raw map"))
        self.addOutput(QgsProcessingOutputRasterLayer("CONFIDENCE", "Confidence"))
        self.addOutput(QgsProcessingOutputRasterLayer("FLAGS", "Quality flags"))
        self.addOutput(QgsProcessingOutputVectorLayer("INSITU", "In situ polygons", QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputString("GROUP", "Layer group name"))

    def execute(self, parameters, context, feedback):
        product = self.run_science(read_product, self.parameterAsFile(parameters, "PRODUCT", context))
        composite = self.parameterAsRasterLayer(parameters, "COMPOSITE", context)
        items, missing = self.run_science(loading.plan, product, composite.source() if composite else None)
        for text in missing:
            feedback.reportError(self.tr("%s: %s is missing; the rest is loaded.") % (product.name, text), False)
        if not any(i["key"] == "MAP" for i in items):
            raise QgsProcessingException(self.tr("%s holds no map raster: nothing to show.") % product.path)
        self._items, self._group = items, product.name
        outputs = {"GROUP": product.name}
        for key in OUTPUT_KEYS:
            hit = next((i for i in items if i["key"] == key or (key == "FLAGS" and i["key"].startswith("FLAGS"))),
                       None)
            outputs[key] = hit["source"] if hit else None
        project_path = self.parameterAsFileOutput(parameters, "OUTPUT_PROJECT", context)
        if project_path:
            if os.path.splitext(project_path)[1].lower() not in (".qgs", ".qgz"):
                project_path += ".qgs"
            project = QgsProject()
            _group, loaded = add_group(project, product.name, items)
            if not project.write(project_path):
                raise QgsProcessingException(self.tr("Cannot write the project %s: %s")
                                             % (project_path, project.error()))
            feedback.pushInfo(self.tr("Project written: %s (group %s: %s)")
                              % (project_path, product.name, ", ".join(loaded)))
            outputs["OUTPUT_PROJECT"] = project_path
        else:
            outputs["OUTPUT_PROJECT"] = None
        return outputs

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802
        # Main thread: the group goes into the project the user works in (not under qgis_process).
        project = context.project()
        if project is not None and getattr(self, "_items", None) and project is QgsProject.instance():
            _group, loaded = add_group(project, self._group, self._items)
            feedback.pushInfo(self.tr("Loaded %s: %s") % (self._group, ", ".join(loaded)))
        return {}
