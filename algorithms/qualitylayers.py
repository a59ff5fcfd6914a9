"""cropmapper:qualitylayers: a product's quality flags inspected: date counts, low-evidence pixels, class areas."""
import math
import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterDestination,
)

from ..science.products import read_product
from ..science.quality import layers
from ..science.styling import sidecar_path
from .base import CropMapperAlgorithm
from .parameters import add_memory_parameter, add_min_valid_dates_parameter, add_product_parameter, output_tif


class QualityLayersAlgorithm(CropMapperAlgorithm):
    ID = "qualitylayers"
    NAME = "Inspect the quality layers"
    GROUP = "products"
    HELP = (
        "Inspects the quality flags of a crop mask (L4A) or crop type (L4B) product: the flags raster "
        "(QI_DATA/..._MCMFLG_... or ..._MCTFLG_...) counts, per pixel, the dates seen valid, water, snow and "
        "cloud or no data. For each of the four bands the log gives the minimum, maximum, mean and median "
        "number of dates, and the summary table the same figures; they are computed over the mapped area "
        "(the pixels where the map is not nodata).\n\n"
        "A mapped pixel has low evidence when fewer than MIN_VALID_DATES dates were valid there (or it has no "
        "flags): its class rests on too few observations to be trusted. Water and snow dates are not valid dates (as in "
        "Sen2-Agri's flags), so a permanent water body shows as low evidence. The share of the mapped area with "
        "low evidence is returned (LOW_EVIDENCE_SHARE) and the low-evidence raster shows where it lies "
        "(1 low evidence, 0 enough valid dates, 255 nodata outside the mapped area; styled, with a .qml "
        "sidecar). The log warns when more than 5 % of the mapped area has low evidence.\n\n"
        "The area of every map class in hectares (from the pixel size) is logged and put in the summary "
        "table, with the share of each class that has low evidence. The table (CSV: section, name, "
        "statistic, value, unit) and the numbers can feed a model. Works on our products and on Sen2-Agri's "
        "own (uint16 flags without nodata, or int16 with nodata -10000). Rasters are read in strips of rows "
        "within MEMORY; only the first tile of a multi-tile product is inspected."
    )
    PARAM_HELP = {
        "PRODUCT": "The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), e.g. the PRODUCT output of "
                   "cropmapper:cropmask or cropmapper:croptype; its MTD file or any file inside it is "
                   "accepted too.",
        "MIN_VALID_DATES": "A mapped pixel with fewer valid (cloud-free land) dates than this has low evidence "
                           "(default 3, 1-1000).",
        "MEMORY": "Memory budget in MB (default 256, 16 to 1000000): the map and the flags are read in strips of rows that "
                  "fit it (about 64 bytes per pixel).",
        "OUTPUT_LOW_EVIDENCE": "The low-evidence raster (GeoTIFF, uint8: 1 low evidence, 0 enough valid dates, "
                               "255 nodata outside the mapped area) on the map's grid, styled, with a .qml "
                               "sidecar. It may not be one of the product's own files.",
        "OUTPUT_CSV": "The summary table (CSV, columns section, name, statistic, value, unit): per flag band "
                      "pixels, min, max, mean, median; mapped and low-evidence pixels, area and share; per "
                      "class pixels, area (ha) and low-evidence share.",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        add_product_parameter(self)
        add_min_valid_dates_parameter(self)
        add_memory_parameter(self, 256)
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_LOW_EVIDENCE", "Low-evidence pixels"))
        self.addParameter(QgsProcessingParameterFileDestination("OUTPUT_CSV", "Quality-layer summary (CSV)",
                                                                "CSV files (*.csv)"))
        self.addOutput(QgsProcessingOutputNumber("LOW_EVIDENCE_SHARE", "Share of the mapped area with low evidence"))
        self.addOutput(QgsProcessingOutputNumber("MAPPED_AREA_HA", "Mapped area (ha)"))
        self.addOutput(QgsProcessingOutputNumber("LOW_EVIDENCE_AREA_HA", "Low-evidence area (ha)"))

    def execute(self, parameters, context, feedback):
        reporter = self.reporter(feedback)
        product = self.run_science(read_product, self.parameterAsFile(parameters, "PRODUCT", context))
        min_dates = self.parameterAsInt(parameters, "MIN_VALID_DATES", context)
        memory = self.parameterAsInt(parameters, "MEMORY", context)
        low_path = output_tif(self, parameters, "OUTPUT_LOW_EVIDENCE", context)
        csv_path = self.parameterAsFileOutput(parameters, "OUTPUT_CSV", context)
        if not low_path or not csv_path:
            raise QgsProcessingException(
                self.tr("Give both OUTPUT_LOW_EVIDENCE and OUTPUT_CSV (or leave them temporary)."))
        if os.path.normcase(os.path.abspath(low_path)) == os.path.normcase(os.path.abspath(csv_path)):
            raise QgsProcessingException(self.tr("OUTPUT_LOW_EVIDENCE and OUTPUT_CSV are the same file: %s") % low_path)
        self.run_science(layers.check_output, product, csv_path, "summary table", False)
        feedback.setProgressText(self.tr("Reading the quality flags of %s") % product.name)
        summary = self.run_science(layers.summarize, product, min_dates, low_path, memory, reporter)
        self.run_science(summary.write_csv, csv_path)
        for line in summary.lines():
            feedback.pushInfo(line)
        if summary.low_evidence_share > 0.05:
            reporter.warn(self.tr("%.1f %% of the mapped area has fewer than %d valid dates: the map is weakly "
                                  "supported there (see the low-evidence raster).")
                          % (100.0 * summary.low_evidence_share, min_dates))
        self.style_on_load(context, low_path, sidecar_path(low_path))
        return {
            "OUTPUT_LOW_EVIDENCE": low_path,
            "OUTPUT_CSV": csv_path,
            "LOW_EVIDENCE_SHARE": _number(summary.low_evidence_share),
            "MAPPED_AREA_HA": _number(summary.mapped_area_ha),
            "LOW_EVIDENCE_AREA_HA": _number(summary.low_evidence_area_ha),
        }


def _number(value):
    return None if value is None or math.isnan(value) else float(value)
