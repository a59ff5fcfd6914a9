"""cropmapper:compareproducts: two or more products of one level side by side, and two maps' agreement."""
import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputHtml,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterString,
)

from ..science.quality import compare
from ..science.styling import sidecar_path
from .base import CropMapperAlgorithm
from .parameters import add_memory_parameter, add_seed_parameter, output_tif


def product_paths(value):
    """Product folders from PRODUCTS: a list (a model passes one per connected output) or a text of paths
    separated by ';' or new lines."""
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        items = str(value or "").replace("\n", ";").split(";")
    return [i.strip().strip('"') for i in items if i and i.strip()]


class CompareProductsAlgorithm(CropMapperAlgorithm):
    ID = "compareproducts"
    NAME = "Compare products"
    GROUP = "products"
    HELP = (
        "Compares two or more products of the same level: crop masks of different periods or methods, or crop "
        "type maps of, say, the end of May and the end of August. For each product: the overall accuracy with "
        "its 95 % interval (bootstrap over the validation polygons, seeded), kappa, the overall accuracy of a "
        "map that says the majority class everywhere on the same validation pixels, and the F-score of every "
        "class; recomputed from each product's map and its in situ polygons (ISD), or read from its quality "
        "XML when it has no ISD. An HTML page (a table and charts, shown in the Results viewer) and a CSV "
        "table.\n\n"
        "For exactly two products on the same grid, an agreement raster: 0 nodata, else 1 + i x n + j where i "
        "and j are the indexes of the two maps' classes among the n classes found (sorted): same class when "
        "i = j; styled with a label per pair (\"same: 1200\", \"1110 -> 1200\"); and a cross-tabulation of the "
        "area of each class of map 1 in each class of map 2 (HTML and <OUTPUT_CSV>_crosstab.csv). Products "
        "on different grids get the table only (said in the log). Products of different levels are refused."
    )
    PARAM_HELP = {
        "PRODUCTS": "The product folders, separated by ';' or one per line (qgis_process: "
                    "PRODUCTS='a;b'); in a model, connect the PRODUCT outputs of two or more cropmask or "
                    "croptype steps.",
        "SEED": "Seed of the bootstrap of the accuracy intervals (default 0, 0 to 2147483647).",
        "MEMORY": "Memory budget in MB (default 256, 16 to 1000000): rasters are read in strips of rows that fit it.",
        "OUTPUT_HTML": "The comparison page (HTML, pictures embedded).",
        "OUTPUT_CSV": "The comparison table (CSV: product, level, site, tile, start, end, overall_accuracy, oa_low, "
                      "oa_high, kappa, majority_accuracy, validation_pixels, validation_polygons, source, "
                      "fscore_<class>...); with two products on one grid, <name>_crosstab.csv next to it.",
        "OUTPUT_AGREEMENT": "Optional agreement raster of two products on the same grid (GeoTIFF uint16, "
                            "styled, with a .qml sidecar).",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterString("PRODUCTS", "Product folders (';' or one per line)",
                                                       multiLine=True))
        add_seed_parameter(self)
        add_memory_parameter(self, 256)
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_HTML", "Comparison (HTML)",
                                                                "HTML files (*.html)"))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_CSV", "Comparison table (CSV)",
                                                                "CSV files (*.csv)"))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_AGREEMENT", "Agreement of two maps",
                                                                  optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputHtml("HTML", "Comparison"))

    def execute(self, parameters, context, feedback):
        value = parameters.get("PRODUCTS")
        paths = product_paths(value if isinstance(value, (list, tuple))
                              else self.parameterAsString(parameters, "PRODUCTS", context))
        missing = [p for p in paths if not os.path.exists(p)]
        if missing:
            raise QgsProcessingException(self.tr("Product not found: %s") % ", ".join(missing))
        html_path = self.parameterAsFileOutput(parameters, "OUTPUT_HTML", context)
        csv_path = self.parameterAsFileOutput(parameters, "OUTPUT_CSV", context)
        agreement = output_tif(self, parameters, "OUTPUT_AGREEMENT", context) or None
        result = self.run_science(compare.compare_products, paths, csv_path, html_path, agreement,
                                  self.parameterAsInt(parameters, "SEED", context), memory_mb=self.parameterAsInt(
                                      parameters, "MEMORY", context), reporter=self.reporter(feedback))
        if result["agreement"]:
            self.style_on_load(context, result["agreement"], sidecar_path(result["agreement"]))
        return {"OUTPUT_HTML": result["html"], "HTML": result["html"], "OUTPUT_CSV": result["csv"],
                "OUTPUT_AGREEMENT": result["agreement"]}
