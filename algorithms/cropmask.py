"""cropmapper:cropmask: crop mask (Sen2-Agri L4A) by random forest from an L2A time series and in situ
polygons. Also holds the parameters and glue shared with cropmapper:croptype."""
import math

from qgis.core import (
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingOutputRasterLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..science import workflow
from ..science.styling import sidecar_path
from .base import CropMapperAlgorithm
from .parcels_io import read_parcels
from .timeseriesfeatures import FOLDER_HELP, INPUT_HELP, MEMORY_HELP, add_input_parameters, image_inputs

COMMON_HELP = {
    "INPUT": INPUT_HELP,
    "INPUT_FOLDER": FOLDER_HELP,
    "START_DATE": "First date of the period (YYYY-MM-DD); optional, default the first image date. Features "
                  "are resampled every 10 days from it.",
    "END_DATE": "Last date of the period (YYYY-MM-DD); optional, default the last image date.",
    "IN_SITU": "In situ polygons (any CRS, reprojected to the images' CRS). A pixel is used when its centre "
               "lies inside a polygon. Prepare them first (inner buffer, minimum area).",
    "SITE": "Site name, part of the product name (letters, digits and '-').",
    "TILE": "Optional Sentinel-2 tile (e.g. 31UES): keeps only its images, and names the product. Default: "
            "the tile of the images.",
    "VALIDATION_RATIO": "Share of the polygons of each class kept for validation (default 0.25), drawn at "
                        "random by whole polygon. A class with a single polygon is trained but not validated.",
    "N_TREES": "Number of trees of the random forest (default 100).",
    "MAX_DEPTH": "Maximum depth of the trees (default 25).",
    "MIN_SAMPLES": "Minimum number of samples in a node for it to be split (default 25, Sen2-Agri's "
                   "'min samples per node'; scikit-learn min_samples_split).",
    "SEED": "Seed of every random step (split, sample draw, forest): the same seed gives the same product.",
    "MEMORY": MEMORY_HELP,
    "OVERWRITE": "Replace a product of the same site and period already in the output folder (refused "
                 "otherwise).",
    "OUTPUT_FOLDER": "Folder where the product folder S2AGRI_..._PRD_... is written.",
}


ORDER = ("INPUT", "INPUT_FOLDER", "START_DATE", "END_DATE", "IN_SITU", "CROP_FIELD", "CODE_FIELD", "SITE", "TILE",
         "SAMPLES_PER_CLASS", "VALIDATION_RATIO", "N_TREES", "MAX_DEPTH", "MIN_SAMPLES", "SEED", "POSTPROCESS",
         "CROP_MASK", "LEGEND", "MEMORY", "OVERWRITE", "OUTPUT_FOLDER")


def param_help(specific):
    """COMMON_HELP plus ``specific``, in the dialog's order."""
    texts = dict(COMMON_HELP, **specific)
    return {key: texts[key] for key in ORDER if key in texts}


def add_common_inputs(alg, label_name, label_title, label_default):
    add_input_parameters(alg)
    alg.addParameter(QgsProcessingParameterString("START_DATE", "Start date (YYYY-MM-DD)", optional=True))
    alg.addParameter(QgsProcessingParameterString("END_DATE", "End date (YYYY-MM-DD)", optional=True))
    alg.addParameter(QgsProcessingParameterFeatureSource("IN_SITU", "In situ polygons",
                                                         [QgsProcessing.TypeVectorPolygon]))
    # optional so qgis_process takes the default when the key is not given
    alg.addParameter(QgsProcessingParameterField(label_name, label_title, label_default, "IN_SITU", optional=True))
    alg.addParameter(QgsProcessingParameterString("SITE", "Site name", "SITE"))
    alg.addParameter(QgsProcessingParameterString("TILE", "Tile (e.g. 31UES)", optional=True))


def add_common_settings(alg, samples_default):
    integer, double = QgsProcessingParameterNumber.Integer, QgsProcessingParameterNumber.Double
    alg.addParameter(QgsProcessingParameterNumber("SAMPLES_PER_CLASS", "Training samples per class", integer,
                                                  samples_default, minValue=1))
    alg.addParameter(QgsProcessingParameterNumber("VALIDATION_RATIO", "Validation ratio (by polygon)", double,
                                                  0.25, minValue=0.01, maxValue=0.99))
    alg.addParameter(QgsProcessingParameterNumber("N_TREES", "Number of trees", integer, 100, minValue=1))
    alg.addParameter(QgsProcessingParameterNumber("MAX_DEPTH", "Maximum tree depth", integer, 25, minValue=1))
    alg.addParameter(QgsProcessingParameterNumber("MIN_SAMPLES", "Minimum samples per node", integer, 25,
                                                  minValue=2))
    alg.addParameter(QgsProcessingParameterNumber("SEED", "Random seed", integer, 0, minValue=0))


def add_common_end(alg):
    alg.addParameter(QgsProcessingParameterNumber("MEMORY", "Memory budget (MB)",
                                                  QgsProcessingParameterNumber.Integer, 512, minValue=16))
    alg.addParameter(QgsProcessingParameterBoolean("OVERWRITE", "Overwrite an existing product", False))
    alg.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER", "Output folder"))
    alg.addOutput(QgsProcessingOutputFolder("PRODUCT", "Product folder"))
    alg.addOutput(QgsProcessingOutputNumber("OVERALL_ACCURACY", "Overall accuracy"))
    alg.addOutput(QgsProcessingOutputNumber("KAPPA", "Kappa"))


def insitu_records(alg, parameters, context, field_param, default):
    """The in situ polygons as (wkb, label, id) records, the label field name and the layer's CRS WKT."""
    _source, parcels, names, crs_wkt = read_parcels(alg, parameters, context, "IN_SITU")
    field = (alg.parameterAsString(parameters, field_param, context) or "").strip() or default
    match = [n for n in names if n.lower() == field.lower()]
    if not match:
        raise QgsProcessingException("The in situ layer has no field '%s' (its fields: %s)."
                                     % (field, ", ".join(names)))
    field = match[0]
    id_field = next((n for n in names if n.lower() == "id"), None)
    records = [(p.wkb or None, p.attributes.get(field), p.attributes.get(id_field) if id_field else i + 1)
               for i, p in enumerate(parcels)]
    return records, field, crs_wkt


def common_kwargs(alg, parameters, context):
    tile = alg.parameterAsString(parameters, "TILE", context).strip() or None
    return {
        "inputs": image_inputs(alg, parameters, context),
        "start": alg.parameterAsString(parameters, "START_DATE", context).strip() or None,
        "end": alg.parameterAsString(parameters, "END_DATE", context).strip() or None,
        "site": alg.parameterAsString(parameters, "SITE", context).strip(),
        "tile": tile,
        "samples_per_class": alg.parameterAsInt(parameters, "SAMPLES_PER_CLASS", context),
        "validation_ratio": alg.parameterAsDouble(parameters, "VALIDATION_RATIO", context),
        "n_trees": alg.parameterAsInt(parameters, "N_TREES", context),
        "max_depth": alg.parameterAsInt(parameters, "MAX_DEPTH", context),
        "min_samples": alg.parameterAsInt(parameters, "MIN_SAMPLES", context),
        "seed": alg.parameterAsInt(parameters, "SEED", context),
        "memory_mb": alg.parameterAsInt(parameters, "MEMORY", context),
        "out_folder": alg.parameterAsString(parameters, "OUTPUT_FOLDER", context),
        "overwrite": alg.parameterAsBoolean(parameters, "OVERWRITE", context),
    }


def finish(alg, context, result, rasters):
    """Outputs dict; each raster is loaded (GUI) with its product style. ``rasters``: [(output, key, title)]."""
    outputs = {"PRODUCT": result["product"]}
    for output, key, title in rasters:
        path = result[key]
        outputs[output] = path
        context.addLayerToLoadOnCompletion(path, QgsProcessingContext.LayerDetails(title, context.project(), output))
        alg.style_on_load(context, path, sidecar_path(path))
    for output, key in (("OVERALL_ACCURACY", "overall_accuracy"), ("KAPPA", "kappa")):
        value = result[key]
        outputs[output] = None if value is None or math.isnan(value) else float(value)
    return outputs


class CropMaskAlgorithm(CropMapperAlgorithm):
    ID = "cropmask"
    NAME = "Crop mask (random forest)"
    GROUP = "classification"
    NEEDS_SKLEARN = True
    HELP = (
        "Produces a crop mask (Sen2-Agri L4A product: 1 crop, 0 non-crop) from a Sentinel-2 L2A time series "
        "and in situ polygons labelled 1 (crop) / 0 (non-crop).\n\n"
        "Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; "
        "features: B03, B04, B08, B11, NDVI, NDWI and brightness at every date plus temporal NDVI, NDWI and "
        "brightness statistics. The polygons are split per class into training and validation by whole "
        "polygon (seeded); at most SAMPLES_PER_CLASS training pixels per class are drawn at random; a random "
        "forest (scikit-learn, threads only) classifies every pixel block by block. Post-processing "
        "(optional, on by default) segments the NDVI series into fields and takes the majority of the raw "
        "mask in each segment, small segments being merged into their most similar neighbour.\n\n"
        "The product holds the final mask (CM), the raw mask (RAW), a confidence layer (probability of the "
        "chosen class, 0-100), the per-pixel date counts (valid / water / snow / cloud), the quality file "
        "(confusion matrix, precision, recall, F-score per class, overall accuracy, kappa, computed on the "
        "validation polygons against the final mask), the in situ polygons used (ISD zip, with their "
        "training / validation split), the model (pickle) and its feature list (JSON). Pixels never "
        "cloud-free are no data (-10000)."
    )
    PARAM_HELP = param_help({
        "CROP_FIELD": "In situ field with 1 (crop) / 0 (non-crop). Default CROP. Empty values are ignored; "
                      "other values are refused.",
        "SAMPLES_PER_CLASS": "At most this many training pixels per class, drawn at random (default 40000, "
                             "as Sen2-Agri).",
        "POSTPROCESS": "Segment the NDVI series and take the majority of the raw mask in each segment "
                       "(default on). The raw mask is written in any case.",
    })

    def initAlgorithm(self, config=None):  # noqa: N802
        add_common_inputs(self, "CROP_FIELD", "Crop / non-crop field (1 / 0)", "CROP")
        add_common_settings(self, 40000)
        self.addParameter(QgsProcessingParameterBoolean("POSTPROCESS", "Post-process (segmentation and "
                                                                       "majority vote)", True))
        add_common_end(self)
        self.addOutput(QgsProcessingOutputRasterLayer("CROP_MASK", "Crop mask"))
        self.addOutput(QgsProcessingOutputRasterLayer("RAW_MASK", "Raw crop mask"))
        self.addOutput(QgsProcessingOutputRasterLayer("CONFIDENCE", "Confidence"))
        self.addOutput(QgsProcessingOutputRasterLayer("FLAGS", "Date flags"))

    def execute(self, parameters, context, feedback):
        records, field, crs_wkt = insitu_records(self, parameters, context, "CROP_FIELD", "CROP")
        kwargs = common_kwargs(self, parameters, context)
        kwargs["postprocess"] = self.parameterAsBoolean(parameters, "POSTPROCESS", context)
        result = self.run_science(workflow.run_crop_mask, insitu=records, crop_field=field, insitu_crs=crs_wkt,
                                  insitu_name=str(parameters.get("IN_SITU")), reporter=self.reporter(feedback),
                                  **kwargs)
        return finish(self, context, result, [("CROP_MASK", "map", "Crop mask"), ("RAW_MASK", "raw", "Raw crop mask"),
                                              ("CONFIDENCE", "confidence", "Crop mask confidence"),
                                              ("FLAGS", "flags", "Crop mask date flags")])
