"""Parameters, help texts and glue shared by several algorithms: the image inputs and period (every
algorithm that reads L2A images), the output grid (time-series features, composite), and the in situ,
random-forest and product parameters of the classifications (crop mask, crop type)."""
import math
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import Qt

from ..science.errors import InputError
from ..science.io.readers import discover
from ..science.products import export_map
from ..science.series import timeseries
from ..science.styling import sidecar_path
from .checks import DATES, bad_date_message
from .parcels_io import read_parcels

BAND_CHOICES = ["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"]

INPUT_HELP = ("Sentinel-2 L2A images: Sen2Cor .SAFE folders or .zip files, MAJA/THEIA products, per-date "
              "GeoTIFFs (date in the file name, optional per-date SCL mask), multi-date stacks (with their SCL "
              "stack), or folders holding them. On the command line repeat the key: INPUT=a INPUT=b.")
FOLDER_HELP = ("A folder holding the images (scanned like an INPUT folder), e.g. the folder of .SAFE products. "
               "Give INPUT, INPUT_FOLDER or both.")
NAMES_HELP = "On the command line give the names, not numbers: %s (or comma-separated)."
PRODUCT_LIST_WRAPPER = __package__ + ".product_list_widget.ProductListWrapper"
DATE_HELP = "YYYY-MM-DD, optional (default: the %s image date)."


def add_period_parameters(alg):
    """START_DATE / END_DATE: date widgets in the dialog; qgis_process and scripts give 'YYYY-MM-DD'."""
    for name, label, _ in DATES:
        alg.addParameter(QgsProcessingParameterDateTime(name, label, type=QgsProcessingParameterDateTime.Date,
                                                        optional=True))


def period(alg, parameters, context):
    """(start, end) as 'YYYY-MM-DD' strings, None for an unset date (the first / last image date)."""
    texts = []
    for name, _, _ in DATES:
        value = parameters.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            texts.append(None)
            continue
        # an unset optional date comes back as an invalid QDateTime in 3.22 (no default)
        date = alg.parameterAsDateTime(parameters, name, context).date()
        if not date.isValid():
            raise QgsProcessingException(bad_date_message(name, value))
        texts.append(date.toString(Qt.ISODate))
    return tuple(texts)


def output_tif(alg, parameters, name, context):
    """The GeoTIFF path of a raster destination ('' when an optional output is not wanted)."""
    if parameters.get(name) in (None, ""):
        return ""
    path = alg.parameterAsOutputLayer(parameters, name, context)
    if path and not path.lower().endswith((".tif", ".tiff")):
        raise QgsProcessingException(alg.tr("%s must be a GeoTIFF file (.tif), not %s.") % (name, path))
    return path or ""


CLASSIFY_MEMORY_HELP = (
    "Memory budget in MB for the whole run (default 512, 16 to 1000000): GDAL's cache, the decoded images when they fit "
    "in half of what is left (else they go to a temporary file next to the product, read back block by "
    "block: about 7 bytes per pixel and date for a crop mask, 9 for crop type, e.g. 29 GB for a full "
    "tile and 36 dates), the training samples, the forest and the blocks of rows being computed. The "
    "process needs about 310-360 MB beyond it for QGIS, Python and the libraries (measured: "
    "qgis_process 307 MB; QGIS with the plugin, scikit-learn and numba loaded 330-356 MB).")
MEMORY_HELP = ("Memory budget in MB (default 512, 16 to 1000000): images and maps are processed in strips of rows that fit it. "
               "GDAL's tile cache comes on top while JPEG 2000 products are read: one row of image tiles per "
               "date and band (90 to 130 MB per date for a full Sentinel-2 tile; the log says when it is raised).")


MEMORY_MAX = 1000000  # MB: 1 TB, more than any machine this runs on
SEED_MAX = 2 ** 31 - 1  # numpy and scikit-learn seeds are 32-bit
MEMORY_RANGE_HELP = " 16 to 1000000 MB."


def add_memory_parameter(alg, default):
    alg.addParameter(QgsProcessingParameterNumber("MEMORY", "Memory budget (MB)", QgsProcessingParameterNumber.Integer,
                                                  default, minValue=16, maxValue=MEMORY_MAX))


def add_seed_parameter(alg, label="Random seed"):
    alg.addParameter(QgsProcessingParameterNumber("SEED", label, QgsProcessingParameterNumber.Integer, 0, minValue=0,
                                                  maxValue=SEED_MAX))


def image_inputs(alg, parameters, context):
    """The INPUT files/folders plus INPUT_FOLDER, as one list of paths."""
    inputs = alg.parameterAsFileList(parameters, "INPUT", context) if parameters.get("INPUT") else []
    folder = alg.parameterAsFile(parameters, "INPUT_FOLDER", context) if parameters.get("INPUT_FOLDER") else ""
    return list(inputs) + ([folder] if folder else [])


def read_images(alg, parameters, context, reporter, bands):
    """Discover the images of the period and the target grid; returns (acquisitions, grid, start, end)."""
    inputs = image_inputs(alg, parameters, context)
    start, end = alg.run_science(timeseries.check_period, *period(alg, parameters, context))
    tile = alg.parameterAsString(parameters, "TILE", context).strip() or None
    max_cloud = None
    if "MAX_CLOUD" in parameters and parameters["MAX_CLOUD"] not in (None, ""):
        max_cloud = alg.parameterAsDouble(parameters, "MAX_CLOUD", context)
    acqs = alg.run_science(discover, inputs, start, end, tile, max_cloud, reporter, bands)
    reference = None
    if parameters.get("REFERENCE_RASTER"):
        layer = alg.parameterAsRasterLayer(parameters, "REFERENCE_RASTER", context)
        reference = layer.source() if layer is not None else None
    crs = alg.parameterAsCrs(parameters, "CRS", context) if parameters.get("CRS") else None
    crs_wkt = crs.toWkt(QgsCoordinateReferenceSystem.WKT_PREFERRED_GDAL) if crs and crs.isValid() else None
    extent = None
    if parameters.get("EXTENT") and not reference:
        target = crs if crs_wkt else QgsCoordinateReferenceSystem.fromWkt(acqs[0].native_grid().crs_wkt)
        rect = alg.parameterAsExtent(parameters, "EXTENT", context, target)
        if not rect.isNull() and not rect.isEmpty():
            extent = (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())
    resolution = alg.parameterAsDouble(parameters, "RESOLUTION", context)
    acqs, grid = alg.run_science(timeseries.series_grid, acqs, resolution, extent, crs_wkt, reference, reporter)
    reporter.info(alg.tr("Output grid: %d x %d pixels of %g m, bounds %s.")
                  % (grid.width, grid.height, grid.resolution[0], tuple(round(v, 1) for v in grid.bounds)))
    return acqs, grid, start, end


def close_all(acquisitions):
    """Release the files the readers keep open (they reopen lazily if used again)."""
    for acq in acquisitions:
        acq.close()


def add_input_parameters(alg):
    """INPUT (files or folders) and INPUT_FOLDER, shared by every algorithm that reads L2A images."""
    images = QgsProcessingParameterMultipleLayers("INPUT", "Sentinel-2 L2A images (files or folders)",
                                                  QgsProcessing.TypeFile, optional=True)
    # the dialogs' list takes whole products (QGIS's adds every file of a .SAFE); the module is GUI only,
    # imported by the dialog from this path, so qgis_process and scripts never load it
    images.setMetadata({"widget_wrapper": {"class": PRODUCT_LIST_WRAPPER}})
    alg.addParameter(images)
    alg.addParameter(QgsProcessingParameterFile("INPUT_FOLDER", "Folder of Sentinel-2 L2A images",
                                                QgsProcessingParameterFile.Folder, optional=True))


def add_image_parameters(alg, default_bands, band_label):
    add_input_parameters(alg)
    add_period_parameters(alg)
    bands = QgsProcessingParameterEnum("BANDS", band_label, BAND_CHOICES, allowMultiple=True,
                                       defaultValue=list(default_bands))
    bands.setUsesStaticStrings(True)
    alg.addParameter(bands)
    alg.addParameter(QgsProcessingParameterString("TILE", "Tile (e.g. 31UES)", optional=True))
    alg.addParameter(QgsProcessingParameterNumber("MAX_CLOUD", "Maximum cloud cover (%)",
                                                  QgsProcessingParameterNumber.Double, optional=True,
                                                  minValue=0, maxValue=100))


def add_grid_parameters(alg):
    alg.addParameter(QgsProcessingParameterExtent("EXTENT", "Output extent", optional=True))
    alg.addParameter(QgsProcessingParameterCrs("CRS", "Output CRS", optional=True))
    alg.addParameter(QgsProcessingParameterRasterLayer("REFERENCE_RASTER", "Reference raster (output grid)",
                                                       optional=True))
    alg.addParameter(QgsProcessingParameterNumber("RESOLUTION", "Resolution (m)",
                                                  QgsProcessingParameterNumber.Double, 10.0, minValue=0.1,
                                                  maxValue=10000))
    add_memory_parameter(alg, 512)


GRID_HELP = {
    "EXTENT": "Optional output extent (any CRS; reprojected). Default: the union of the images.",
    "CRS": "Optional output CRS. Default: the CRS of the first image (its UTM zone).",
    "REFERENCE_RASTER": "Optional raster whose exact grid (CRS, extent, pixel size) the output takes, e.g. "
                        "the feature raster of another period or a product to align with. Overrides EXTENT, "
                        "CRS and RESOLUTION.",
    "RESOLUTION": "Output pixel size in metres (default 10, 0.1 to 10000). 20 m bands are resampled by nearest neighbour.",
    "MEMORY": MEMORY_HELP,
}


# --- classification (crop mask, crop type) ---
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
    "VALIDATION_RATIO": "Share of the polygons of each class kept for validation (default 0.25, 0.01 to 0.99), drawn at "
                        "random by whole polygon. A class with a single polygon is trained but not validated.",
    "VALIDATION_MODE": "split (default, Sen2-Agri): VALIDATION_RATIO of each class's polygons are held out. "
                       "kfold: the polygons are dealt into FOLDS folds (by polygon, stratified by class, "
                       "seeded); each fold is predicted by a forest trained on the others, the figures pool "
                       "those out-of-fold predictions of the drawn pixels (the post-processing and the map are "
                       "not cross-validated), and the product's model is trained on every polygon. Costs FOLDS "
                       "extra trainings; steadier figures on small in situ sets.",
    "FOLDS": "Number of folds of the k-fold validation (default 5, 2-20).",
    "N_TREES": "Number of trees of the random forest (default 100, 1 to 1000).",
    "MAX_DEPTH": "Maximum depth of the trees (default 25, 1 to 100).",
    "MIN_SAMPLES": "Minimum number of samples in a node for it to be split (default 25, 2 to 1000000, Sen2-Agri's "
                   "'min samples per node'; scikit-learn min_samples_split).",
    "SEED": "Seed of every random step (split, sample draw, forest; 0 to 2147483647): the same seed gives the "
            "same product.",
    "MEMORY": CLASSIFY_MEMORY_HELP,
    "OVERWRITE": "Replace a product of the same site and period already in the output folder (refused "
                 "otherwise).",
    "OUTPUT_FOLDER": "Folder where the product folder S2AGRI_..._PRD_... is written.",
    "OUTPUT_MAP": "Optional copy of the final map (GeoTIFF, with its style as a .qml beside it), e.g. as a "
                  "model's final output. The product keeps its own map in any case.",
}


ORDER = ("INPUT", "INPUT_FOLDER", "START_DATE", "END_DATE", "IN_SITU", "CROP_FIELD", "CODE_FIELD", "NAME_FIELD",
         "SITE", "TILE",
         "SAMPLES_PER_CLASS", "VALIDATION_RATIO", "N_TREES", "MAX_DEPTH", "MIN_SAMPLES", "SEED", "VALIDATION_MODE", "FOLDS",
         "FEATURES", "WINDOW", "POSTPROCESS", "SEGMENTATION",
         "CROP_MASK", "CROP_MASK_RASTER", "LEGEND", "S2_FEATURES", "EXTRA_RASTERS", "EXTRA_RESAMPLE", "EXTRA_UNITS",
         "MEMORY", "OVERWRITE", "OUTPUT_FOLDER", "OUTPUT_MAP")


def param_help(specific):
    """COMMON_HELP plus ``specific``, in the dialog's order."""
    texts = dict(COMMON_HELP, **specific)
    return {key: texts[key] for key in ORDER if key in texts}


def add_common_inputs(alg, label_name, label_title, label_default, name_field=None):
    """Images, period, in situ polygons and their label field, and ``name_field`` (name, title): an optional
    field of names for the labels."""
    add_input_parameters(alg)
    add_period_parameters(alg)
    alg.addParameter(QgsProcessingParameterFeatureSource("IN_SITU", "In situ polygons",
                                                         [QgsProcessing.TypeVectorPolygon]))
    # optional so qgis_process takes the default when the key is not given
    alg.addParameter(QgsProcessingParameterField(label_name, label_title, label_default, "IN_SITU", optional=True))
    if name_field:
        alg.addParameter(QgsProcessingParameterField(name_field[0], name_field[1], None, "IN_SITU", optional=True))
    alg.addParameter(QgsProcessingParameterString("SITE", "Site name", "SITE"))
    alg.addParameter(QgsProcessingParameterString("TILE", "Tile (e.g. 31UES)", optional=True))


def add_forest_parameters(alg, min_samples_default=25):
    """N_TREES, MAX_DEPTH, MIN_SAMPLES: the random forest of every classification."""
    integer = QgsProcessingParameterNumber.Integer
    alg.addParameter(QgsProcessingParameterNumber("N_TREES", "Number of trees", integer, 100, minValue=1,
                                                  maxValue=1000))
    alg.addParameter(QgsProcessingParameterNumber("MAX_DEPTH", "Maximum tree depth", integer, 25, minValue=1,
                                                  maxValue=100))
    alg.addParameter(QgsProcessingParameterNumber("MIN_SAMPLES", "Minimum samples per node", integer,
                                                  min_samples_default, minValue=2, maxValue=1000000))


def add_postprocess_parameters(alg):
    """POSTPROCESS and SEGMENTATION of the crop masks (read by postprocess_choice)."""
    from ..science import workflow

    alg.addParameter(QgsProcessingParameterBoolean("POSTPROCESS", "Post-process (segmentation and majority vote)",
                                                   False))
    segmentation = QgsProcessingParameterEnum("SEGMENTATION", "Post-processing segmentation",
                                              list(workflow.POSTPROCESS_METHODS),
                                              defaultValue=workflow.DEFAULT_POSTPROCESS)
    segmentation.setUsesStaticStrings(True)
    alg.addParameter(segmentation)


def postprocess_choice(alg, parameters, context):
    """False, or the segmentation method when POSTPROCESS is on (the science's ``postprocess``)."""
    from ..science import workflow

    return alg.parameterAsBoolean(parameters, "POSTPROCESS", context) and (
        alg.parameterAsEnumString(parameters, "SEGMENTATION", context) or workflow.DEFAULT_POSTPROCESS)


def add_common_settings(alg, samples_default):
    integer, double = QgsProcessingParameterNumber.Integer, QgsProcessingParameterNumber.Double
    alg.addParameter(QgsProcessingParameterNumber("SAMPLES_PER_CLASS", "Training samples per class", integer,
                                                  samples_default, minValue=1, maxValue=1000000))
    alg.addParameter(QgsProcessingParameterNumber("VALIDATION_RATIO", "Validation ratio (by polygon)", double,
                                                  0.25, minValue=0.01, maxValue=0.99))
    add_forest_parameters(alg)
    add_seed_parameter(alg)
    mode = QgsProcessingParameterEnum("VALIDATION_MODE", "Validation", ["split", "kfold"], defaultValue="split")
    mode.setUsesStaticStrings(True)
    alg.addParameter(mode)
    alg.addParameter(QgsProcessingParameterNumber("FOLDS", "Folds (k-fold validation)", integer, 5, minValue=2,
                                                  maxValue=20))


def add_common_end(alg):
    add_memory_parameter(alg, 512)
    alg.addParameter(QgsProcessingParameterBoolean("OVERWRITE", "Overwrite an existing product", False))
    alg.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER", "Output folder"))
    alg.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_MAP", "Copy of the map", optional=True,
                                                             createByDefault=False))
    alg.addOutput(QgsProcessingOutputFolder("PRODUCT", "Product folder"))
    alg.addOutput(QgsProcessingOutputNumber("OVERALL_ACCURACY", "Overall accuracy"))
    alg.addOutput(QgsProcessingOutputNumber("KAPPA", "Kappa"))
    alg.addOutput(QgsProcessingOutputNumber("OA_LOW", "Overall accuracy, 95 % interval low"))
    alg.addOutput(QgsProcessingOutputNumber("OA_HIGH", "Overall accuracy, 95 % interval high"))
    alg.addOutput(QgsProcessingOutputNumber("MAJORITY_ACCURACY", "Overall accuracy of the majority-class map"))
    alg.addOutput(QgsProcessingOutputNumber("RAW_OVERALL_ACCURACY", "Overall accuracy of the raw map"))


def insitu_records(alg, parameters, context, field_param, default, name_param=None):
    """The in situ polygons as (wkb, label, id) records, the label field name, the layer's CRS WKT and the
    (label, name) pairs of the optional name field ``name_param`` ([] without one)."""
    _source, parcels, names, crs_wkt = read_parcels(alg, parameters, context, "IN_SITU")

    def field_named(wanted):
        match = [n for n in names if n.lower() == wanted.lower()]
        if not match:
            raise QgsProcessingException(alg.tr("The in situ layer has no field '%s' (its fields: %s).")
                                         % (wanted, ", ".join(names)))
        return match[0]

    field = field_named((alg.parameterAsString(parameters, field_param, context) or "").strip()
                        or default)
    id_field = next((n for n in names if n.lower() == "id"), None)
    records = [(p.wkb or None, p.attributes.get(field), p.attributes.get(id_field) if id_field else i + 1)
               for i, p in enumerate(parcels)]
    name_field = (alg.parameterAsString(parameters, name_param, context) or "").strip() if name_param else ""
    pairs = []
    if name_field:
        name_field = field_named(name_field)
        pairs = [(p.attributes.get(field), p.attributes.get(name_field)) for p in parcels]
    return records, field, crs_wkt, pairs


def common_kwargs(alg, parameters, context):
    start, end = period(alg, parameters, context)
    tile = alg.parameterAsString(parameters, "TILE", context).strip() or None
    return {
        "inputs": image_inputs(alg, parameters, context),
        "start": start,
        "end": end,
        "site": alg.parameterAsString(parameters, "SITE", context).strip(),
        "tile": tile,
        "samples_per_class": alg.parameterAsInt(parameters, "SAMPLES_PER_CLASS", context),
        "validation_ratio": alg.parameterAsDouble(parameters, "VALIDATION_RATIO", context),
        "n_trees": alg.parameterAsInt(parameters, "N_TREES", context),
        "max_depth": alg.parameterAsInt(parameters, "MAX_DEPTH", context),
        "min_samples": alg.parameterAsInt(parameters, "MIN_SAMPLES", context),
        "seed": alg.parameterAsInt(parameters, "SEED", context),
        "validation_mode": alg.parameterAsEnumString(parameters, "VALIDATION_MODE", context) or "split",
        "folds": alg.parameterAsInt(parameters, "FOLDS", context),
        "memory_mb": alg.parameterAsInt(parameters, "MEMORY", context),
        "out_folder": alg.parameterAsString(parameters, "OUTPUT_FOLDER", context),
        "overwrite": alg.parameterAsBoolean(parameters, "OVERWRITE", context),
    }


def load_raster_on_completion(context, path, title, output):
    """Load ``path`` as a raster when the run ends (GUI): without the hint QGIS tries it as a vector first
    and logs OGR's "Cannot open" error."""
    details = QgsProcessingContext.LayerDetails(title, context.project(), output)
    if hasattr(details, "layerTypeHint"):
        details.layerTypeHint = QgsProcessingUtils.LayerHint.Raster
    context.addLayerToLoadOnCompletion(path, details)


def finish(alg, context, result, rasters, map_copy=""):
    """Outputs dict; each raster is loaded (GUI) with its product style. ``rasters``: [(output, key, title)];
    ``map_copy``: where to copy the final map (OUTPUT_MAP), '' for none."""
    # OUTPUT_FOLDER comes back too: a model's final output is the destination parameter's value.
    outputs = {"PRODUCT": result["product"], "OUTPUT_FOLDER": os.path.dirname(result["product"])}
    if map_copy:
        try:
            outputs["OUTPUT_MAP"] = export_map(result["product"], map_copy)
        except (InputError, RuntimeError, OSError) as e:
            raise QgsProcessingException(alg.tr("The product %s is complete, but its map could not be copied: %s")
                                         % (result["product"], e))
        load_raster_on_completion(context, map_copy, alg.tr("Map copy"), "OUTPUT_MAP")
        alg.style_on_load(context, map_copy, sidecar_path(map_copy))
    for output, key, title in rasters:
        path = result[key]
        outputs[output] = path
        load_raster_on_completion(context, path, alg.tr(title), output)
        alg.style_on_load(context, path, sidecar_path(path))
    a = result["assessment"]
    figures = {"overall_accuracy": result["overall_accuracy"], "kappa": result["kappa"], "oa_low": a.ci_low,
               "oa_high": a.ci_high, "majority_accuracy": a.majority_accuracy,
               "raw_overall_accuracy": result["raw_overall_accuracy"]}
    for key, value in figures.items():
        output = key.upper()
        outputs[output] = None if value is None or math.isnan(value) else float(value)
    return outputs


# --- Sen2-Agri's temporal window (timeseriesfeatures, cropmask) ---
WINDOW_HELP = ("Number of dates in the temporal windows of Sen2-Agri's features (FEATURES=sen2agri: window "
               "differences and running means; default 6, as Sen2-Agri trains; 1-30). Used alike at training "
               "and prediction (Sen2-Agri classifies with 2).")
SEN2AGRI_FEATURES_HELP = (
    "sen2agri: Sen2-Agri's crop-mask features of the gap-filled G, R, NIR, SWIR series: 27 summary features "
    "(ndvi_max, ndvi_mean, ndvi_std; ndvi_maxdif, ndvi_mindif, ndvi_difdif: the largest, smallest and range of "
    "the differences between the means of consecutive windows of WINDOW dates, earlier minus later, 0 below "
    "2 x WINDOW dates; ndvi_maxmean, ndvi_maxmean_len, ndvi_maxmean_area: the largest running mean of WINDOW "
    "dates, the days of the plateau around it (within 0.05, up to the first date outside) and their product; "
    "ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope and ndvi_neg_*: area, days and slope of the largest "
    "non-decreasing and decreasing runs; ndvi_soil_to_veg, ndvi_veg_to_soil: a step crossing NDVI 0.2; ndwi_ "
    "and brightness_ max, min, mean, median, std) and 4 red-edge features per date (re_ndvi, chl_re, psri, "
    "s2rep). Sen2-Agri's definitions without its bugs: the same window at training and prediction, "
    "floating-point maths (its red-edge ratios are integer divisions), reflectance as floats (it truncates "
    "to integers), a zero denominator gives 0, and gap-filled series (no-data dates are not averaged in as "
    "-10000).")


def add_window_parameter(alg):
    alg.addParameter(QgsProcessingParameterNumber("WINDOW", "Temporal window (dates, Sen2-Agri features)",
                                                  QgsProcessingParameterNumber.Integer, 6, minValue=1,
                                                  maxValue=30))


# --- products and quality ---
def add_product_parameter(alg):
    """PRODUCT: an L4A / L4B product folder. Folder behaviour: the PRODUCT output (a folder) of cropmask /
    croptype connects to it in the modeler."""
    alg.addParameter(QgsProcessingParameterFile("PRODUCT", "Product (L4A or L4B folder)",
                                                QgsProcessingParameterFile.Folder))


def add_min_valid_dates_parameter(alg):
    """MIN_VALID_DATES: below it a mapped pixel has low evidence (default 3, 1-1000)."""
    alg.addParameter(QgsProcessingParameterNumber("MIN_VALID_DATES", "Minimum number of valid dates",
                                                  QgsProcessingParameterNumber.Integer, 3, minValue=1, maxValue=1000))


# --- extra feature rasters (cropmask, croptype, timeseriesfeatures, and others that classify) ---
EXTRA_HELP = {
    "EXTRA_RASTERS": "Optional rasters whose bands are added to the features, e.g. a Sentinel-1 backscatter "
                     "stack (VV, VH) or coherence stack; any CRS and resolution: warped bilinearly onto the "
                     "images' grid. A band whose description holds a date (YYYY-MM-DD_NAME, e.g. 2018-03-04_VV, "
                     "or NAME_YYYYMMDD) is dated; the other bands are named by their description, else by the "
                     "file name and band number. Each raster must overlap the images.",
    "EXTRA_RESAMPLE": "auto (default): when every band of an extra raster is dated (and a series has two dates "
                      "or more), each series (per name "
                      "after the date: VV and VH separately) is resampled onto the same 10-day dates as the "
                      "Sentinel-2 features, by linear interpolation between the nearest valid dates (NaN "
                      "skipped), the ends taking the nearest valid value; bands named NAME_YYYYMMDD come out. "
                      "yes: resample, refused when a band has no date. no: use the bands as they are.",
    "EXTRA_UNITS": "Units of the extra rasters' values. db (default): used as they are (backscatter in dB, "
                   "coherence...). linear: linear power (sigma0), converted to dB = 10 log10(value) before "
                   "resampling; 0 or negative values become no data (NaN).",
}


def add_extra_rasters_parameter(alg, options=True):
    """EXTRA_RASTERS (optional rasters), and with ``options`` EXTRA_RESAMPLE and EXTRA_UNITS; help in
    EXTRA_HELP, values from extra_rasters_kwargs."""
    from ..science.series import extras

    alg.addParameter(QgsProcessingParameterMultipleLayers("EXTRA_RASTERS", "Extra feature rasters (e.g. Sentinel-1)",
                                                          QgsProcessing.TypeRaster, optional=True))
    if not options:
        return
    for name, label, choices in (("EXTRA_RESAMPLE", "Resample dated extra bands every 10 days", extras.RESAMPLE),
                                 ("EXTRA_UNITS", "Extra raster units", extras.UNITS)):
        param = QgsProcessingParameterEnum(name, label, list(choices), defaultValue=choices[0])
        param.setUsesStaticStrings(True)
        alg.addParameter(param)


def extra_rasters_kwargs(alg, parameters, context):
    """{extra_rasters: [paths], extra_resample, extra_units} for the science calls."""
    paths = []
    values = parameters.get("EXTRA_RASTERS") or []
    values = values if isinstance(values, (list, tuple)) else [values]
    if all(isinstance(v, str) for v in values):
        # a path QGIS cannot load is kept (parameterAsLayerList would drop it silently): the science
        # refuses it with its reason
        for value in values:
            layer = QgsProcessingUtils.mapLayerFromString(value, context) if value else None
            paths.append(layer.source() if layer is not None else value)
        paths = [p for p in paths if p]
    else:
        paths = [layer.source() for layer in alg.parameterAsLayerList(parameters, "EXTRA_RASTERS", context)]
    kwargs = {"extra_rasters": paths}
    for name, key, default in (("EXTRA_RESAMPLE", "extra_resample", "auto"), ("EXTRA_UNITS", "extra_units", "db")):
        if alg.parameterDefinition(name) is not None:
            kwargs[key] = alg.parameterAsEnumString(parameters, name, context) or default
    return kwargs
