"""cropmapper:qualityreport: one product's HTML quality report (results viewer, and AUX_DATA by default)."""
import math

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterFileDestination,
)

from ..science.quality import report
from .base import CropMapperAlgorithm
from .parameters import add_min_valid_dates_parameter, add_product_parameter, add_seed_parameter


class QualityReportAlgorithm(CropMapperAlgorithm):
    ID = "qualityreport"
    NAME = "Quality report (HTML)"
    GROUP = "products"
    HELP = (
        "Writes the quality report of a crop mask (L4A) or crop type (L4B) product: one HTML file that opens in "
        "the Processing results viewer and in any web browser, without QGIS (its pictures are embedded).\n\n"
        "It shows the product's name, site, tile and period; the input images the product records (date, "
        "platform, cloud cover and whether each was used, as far as the product records them); the processing "
        "parameters; the confusion matrix as a table and a heat map; precision, recall, F-score and support "
        "per class (table and bar chart) with the class names of the product's colour table; the overall "
        "accuracy (OA) with its 95 % interval, kappa, and the OA of the majority map, a map that gives every "
        "pixel the most frequent reference class, on the same validation pixels; the accuracy of the raw map "
        "(crop type: before the crop mask; crop mask: before post-processing) beside the final one; the "
        "quality-layer summary (date counts, share of the mapped area with fewer than MIN_VALID_DATES valid "
        "dates, area per class); a quick-look of the map in its colours.\n\n"
        "The interval comes from a bootstrap over whole validation polygons (pixels of one field are not "
        "independent), seeded by SEED. A warning box stands out when the map does not beat the majority map, "
        "when a class is validated on fewer than 2 polygons or 100 pixels (its figures say little), and when "
        "a part of the product is missing or unreadable (what is there is still shown).\n\n"
        "The figures are those of the product's quality XML. The validation is also recomputed from the "
        "validation polygons of the product's in situ zip counted on the map; when the two disagree, both are "
        "shown with a warning. The figures and the warnings are logged and returned as outputs."
    )
    PARAM_HELP = {
        "PRODUCT": "The product folder (S2AGRI_L4A_PRD_... or S2AGRI_L4B_PRD_...), e.g. the PRODUCT output of "
                   "cropmapper:cropmask or cropmapper:croptype; its MTD file or any file inside it is accepted "
                   "too. Sen2-Agri's own products are read as well.",
        "SEED": "Seed of the bootstrap over the validation polygons that gives the 95 % interval when the product's "
                "quality XML holds none (default 0, 0 to 2147483647): the same seed gives the same interval.",
        "MIN_VALID_DATES": "In the quality-layer summary, a mapped pixel with fewer valid (cloud-free land) dates "
                           "than this has low evidence (default 3, 1-1000).",
        "OUTPUT_HTML": "Where to write the report (.html). Leave it empty to write it into the product, "
                       "AUX_DATA/S2AGRI_{level}_QRP_V{start}_{end}.html. It may not be one of the product's "
                       "other files; the file is written whole or not at all.",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        add_product_parameter(self)
        add_seed_parameter(self, "Random seed of the interval")
        add_min_valid_dates_parameter(self)
        # An .html file filter makes QGIS declare the output as QgsProcessingOutputHtml (3.22:
        # QgsProcessingParameterFileDestination::toOutputDefinition), so the results viewer lists it.
        html = QgsProcessingParameterFileDestination("OUTPUT_HTML", "Quality report",
                                                     "HTML files (*.html *.htm)", optional=True,
                                                     createByDefault=False)
        self.addParameter(html)
        for name, text in (("OVERALL_ACCURACY", "Overall accuracy"),
                           ("OA_LOW", "Overall accuracy, 95 % interval low"),
                           ("OA_HIGH", "Overall accuracy, 95 % interval high"),
                           ("KAPPA", "Kappa"),
                           ("MAJORITY_ACCURACY", "Overall accuracy of the majority map"),
                           ("RAW_OVERALL_ACCURACY", "Overall accuracy of the raw map")):
            self.addOutput(QgsProcessingOutputNumber(name, text))

    def execute(self, parameters, context, feedback):
        reporter = self.reporter(feedback)
        product = self.parameterAsFile(parameters, "PRODUCT", context)
        seed = self.parameterAsInt(parameters, "SEED", context)
        min_dates = self.parameterAsInt(parameters, "MIN_VALID_DATES", context)
        out_html = self.parameterAsFileOutput(parameters, "OUTPUT_HTML", context) or None
        feedback.setProgressText(self.tr("Quality report of %s") % product)
        result = self.run_science(report.write_report, product, out_html, seed=seed, min_valid_dates=min_dates,
                                  reporter=reporter)
        a = result["assessment"] or {}
        raw = result["raw_assessment"] or {}
        return {
            "OUTPUT_HTML": result["html"],
            "OVERALL_ACCURACY": _number(a.get("accuracy")),
            "OA_LOW": _number(a.get("ci_low")),
            "OA_HIGH": _number(a.get("ci_high")),
            "KAPPA": _number(a.get("kappa")),
            "MAJORITY_ACCURACY": _number(a.get("majority_accuracy")),
            "RAW_OVERALL_ACCURACY": _number(raw.get("accuracy")),
        }


def _number(value):
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value
