"""cropmapper:timeseriesfeatures: gap-filled multi-date features of an L2A time series as one raster."""
import datetime
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFile,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..science import features, timeseries
from ..science.readers import discover
from ..science.styling import sidecar_path
from .base import CropMapperAlgorithm

BAND_CHOICES = ["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"]

INPUT_HELP = ("Sentinel-2 L2A images: Sen2Cor .SAFE folders or .zip files, MAJA/THEIA products, per-date "
              "GeoTIFFs (date in the file name, optional per-date SCL mask), multi-date stacks (with their SCL "
              "stack), or folders holding them. On the command line repeat the key: INPUT=a INPUT=b.")
FOLDER_HELP = ("A folder holding the images (scanned like an INPUT folder), e.g. the folder of .SAFE products. "
               "Give INPUT, INPUT_FOLDER or both.")
NAMES_HELP = "On the command line give the names, not numbers: %s (or comma-separated)."
DATE_HELP = "YYYY-MM-DD, optional (default: the %s image date)."


def output_tif(alg, parameters, name, context):
    """The GeoTIFF path of a raster destination ('' when an optional output is not wanted)."""
    if parameters.get(name) in (None, ""):
        return ""
    path = alg.parameterAsOutputLayer(parameters, name, context)
    if path and not path.lower().endswith((".tif", ".tiff")):
        raise QgsProcessingException("%s must be a GeoTIFF file (.tif), not %s." % (name, path))
    return path or ""


MEMORY_HELP = ("Memory budget in MB (default 512): images and maps are processed in strips of rows that fit it. "
               "GDAL's tile cache comes on top while JPEG 2000 products are read: one row of image tiles per "
               "date and band (90 to 130 MB per date for a full Sentinel-2 tile; the log says when it is raised).")


def image_inputs(alg, parameters, context):
    """The INPUT files/folders plus INPUT_FOLDER, as one list of paths."""
    inputs = alg.parameterAsFileList(parameters, "INPUT", context) if parameters.get("INPUT") else []
    folder = alg.parameterAsFile(parameters, "INPUT_FOLDER", context) if parameters.get("INPUT_FOLDER") else ""
    return list(inputs) + ([folder] if folder else [])


def read_images(alg, parameters, context, reporter, bands):
    """Discover the images of the period and the target grid; returns (acquisitions, grid, start, end)."""
    inputs = image_inputs(alg, parameters, context)
    start, end = alg.run_science(timeseries.check_period, alg.parameterAsString(parameters, "START_DATE", context),
                                 alg.parameterAsString(parameters, "END_DATE", context))
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
    reporter.info("Output grid: %d x %d pixels of %g m, bounds %s."
                  % (grid.width, grid.height, grid.resolution[0], tuple(round(v, 1) for v in grid.bounds)))
    return acqs, grid, start, end


def close_all(acquisitions):
    """Release the files the readers keep open (they reopen lazily if used again)."""
    for acq in acquisitions:
        acq.close()


def add_input_parameters(alg):
    """INPUT (files or folders) and INPUT_FOLDER, shared by every algorithm that reads L2A images."""
    alg.addParameter(QgsProcessingParameterMultipleLayers("INPUT", "Sentinel-2 L2A images (files or folders)",
                                                          QgsProcessing.TypeFile, optional=True))
    alg.addParameter(QgsProcessingParameterFile("INPUT_FOLDER", "Folder of Sentinel-2 L2A images",
                                                QgsProcessingParameterFile.Folder, optional=True))


def add_image_parameters(alg, default_bands, band_label):
    add_input_parameters(alg)
    alg.addParameter(QgsProcessingParameterString("START_DATE", "Start date (YYYY-MM-DD)", optional=True))
    alg.addParameter(QgsProcessingParameterString("END_DATE", "End date (YYYY-MM-DD)", optional=True))
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
                                                  QgsProcessingParameterNumber.Double, 10.0, minValue=0.1))
    alg.addParameter(QgsProcessingParameterNumber("MEMORY", "Memory budget (MB)",
                                                  QgsProcessingParameterNumber.Integer, 512, minValue=16))


GRID_HELP = {
    "EXTENT": "Optional output extent (any CRS; reprojected). Default: the union of the images.",
    "CRS": "Optional output CRS. Default: the CRS of the first image (its UTM zone).",
    "REFERENCE_RASTER": "Optional raster whose exact grid (CRS, extent, pixel size) the output takes, e.g. "
                        "the feature raster of another period or a product to align with. Overrides EXTENT, "
                        "CRS and RESOLUTION.",
    "RESOLUTION": "Output pixel size in metres (default 10). 20 m bands are resampled by nearest neighbour.",
    "MEMORY": MEMORY_HELP,
}


class TimeSeriesFeaturesAlgorithm(CropMapperAlgorithm):
    ID = "timeseriesfeatures"
    NAME = "Time series features"
    GROUP = "timeseries"
    HELP = (
        "Builds the multi-date feature raster a crop mask or crop type classification uses, as Sen2-Agri "
        "does: per date, cloud, shadow and no-data pixels are masked with the L2A mask (water and snow are "
        "kept and counted apart); each band is resampled to a regular grid of dates (every STEP_DAYS from "
        "the start date) by linear interpolation between the nearest cloud-free dates, the ends taking the "
        "nearest cloud-free value; then features are computed.\n\n"
        "Feature sets: bands (the chosen bands at every resampled date, e.g. B04_20180320); indices (NDVI = "
        "(B08-B04)/(B08+B04), NDWI = (B11-B08)/(B11+B08), BRIGHTNESS = sqrt(B03²+B04²+B08²+B11²) at every "
        "date); temporal (NDVI max, mean, std, largest rise and fall between consecutive dates, plateau = "
        "number of dates >= 0.8 x max, rise and fall stretch areas, duration = days with NDVI >= 0.5, "
        "steepest slope per day; NDWI and BRIGHTNESS max, min, mean, median, std); rededge (NDRE = "
        "(B8A-B05)/(B8A+B05), NDRE2 = (B07-B05)/(B07+B05), IRECI = (B07-B04)/(B05/B06) at every date). "
        "Indices are computed in floating point; a division by zero gives no data.\n\n"
        "The output is a float32 GeoTIFF, one band per feature, the band description being the feature "
        "name; no data is NaN (pixels never cloud-free: a warning gives their share; the run fails when no "
        "pixel is ever cloud-free). Extra rasters (e.g. Sentinel-1 coherence) are warped onto the grid "
        "(bilinear) and appended. The optional flags raster counts, per pixel, the valid, water, snow and "
        "cloud-or-no-data dates. Use the same dates, step, bands and feature sets for training and "
        "prediction. The log lists every image used or skipped."
    )
    PARAM_HELP = {
        "INPUT": INPUT_HELP,
        "INPUT_FOLDER": FOLDER_HELP,
        "START_DATE": "First date of the period and of the resampled dates. " + DATE_HELP % "first",
        "END_DATE": "Last date of the period. " + DATE_HELP % "last",
        "STEP_DAYS": "Days between resampled dates (default 10, as Sen2-Agri).",
        "BANDS": "Bands output at every resampled date by the 'bands' feature set (default B03, B04, B08, "
                 "B11). Indices read the bands they need anyway. " + NAMES_HELP % "BANDS=B04 BANDS=B08",
        "FEATURES": "Feature sets: bands, indices, temporal (default), and optionally rededge (red-edge "
                    "indices). " + NAMES_HELP % "FEATURES=indices FEATURES=temporal",
        "TILE": "Optional: keep only the images of this Sentinel-2 tile (e.g. 31UES).",
        "MAX_CLOUD": "Optional: skip images whose cloud cover (product metadata or mask) exceeds this "
                     "percentage.",
        "EXTRA_RASTERS": "Optional rasters appended as features (e.g. Sentinel-1 coherence stacks), any CRS "
                         "and resolution: warped bilinearly onto the output grid; bands named by their "
                         "description, else file name and band number.",
        "OUTPUT": "Feature raster (GeoTIFF).",
        "OUTPUT_FLAGS": "Optional quality flags raster (GeoTIFF, 4 bands): counts of valid, water, snow and "
                        "cloud-or-no-data dates per pixel.",
    }
    PARAM_HELP.update(GRID_HELP)

    def initAlgorithm(self, config=None):  # noqa: N802
        add_image_parameters(self, features.DEFAULT_BANDS, "Bands")
        self.addParameter(QgsProcessingParameterNumber("STEP_DAYS", "Days between resampled dates",
                                                       QgsProcessingParameterNumber.Integer, 10, minValue=1))
        sets = QgsProcessingParameterEnum("FEATURES", "Feature sets", list(features.FEATURE_SETS),
                                          allowMultiple=True, defaultValue=list(features.DEFAULT_SETS))
        sets.setUsesStaticStrings(True)
        self.addParameter(sets)
        self.addParameter(QgsProcessingParameterMultipleLayers("EXTRA_RASTERS", "Extra rasters (e.g. S1 coherence)",
                                                               QgsProcessing.TypeRaster, optional=True))
        add_grid_parameters(self)
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", "Features"))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_FLAGS", "Date flags", optional=True,
                                                                  createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("FEATURE_COUNT", "Number of feature bands"))

    def execute(self, parameters, context, feedback):
        reporter = self.reporter(feedback)
        bands = self.parameterAsEnumStrings(parameters, "BANDS", context)
        sets = self.parameterAsEnumStrings(parameters, "FEATURES", context)
        step = self.parameterAsInt(parameters, "STEP_DAYS", context)
        out_path = output_tif(self, parameters, "OUTPUT", context)
        flags_path = output_tif(self, parameters, "OUTPUT_FLAGS", context)
        extra = [layer.source() for layer in self.parameterAsLayerList(parameters, "EXTRA_RASTERS", context)]
        memory = self.parameterAsInt(parameters, "MEMORY", context)
        # validates bands and sets before any image is read (the date is a placeholder)
        probe = self.run_science(features.FeatureSpec, [datetime.date.today()], bands, sets, step)

        feedback.setProgressText("Finding the images")
        acqs, grid, start, end = read_images(self, parameters, context, reporter.sub(0.0, 0.05),
                                             probe.read_bands())
        dates = self.run_science(timeseries.regular_dates, start or acqs[0].date, end or acqs[-1].date, step)
        spec = features.FeatureSpec(dates, bands, sets, step)
        feedback.setProgressText("Computing %d features" % len(spec.names()))
        try:
            names = self.run_science(features.write_feature_raster, acqs, grid, spec, out_path,
                                     flags_path or None, extra, memory, reporter.sub(0.05, 1.0))
        finally:
            close_all(acqs)
        feedback.pushInfo("Wrote %d feature bands to %s" % (len(names), out_path))
        qml = sidecar_path(out_path)
        if os.path.exists(qml):  # written when NDVI features exist
            self.style_on_load(context, out_path, qml)
        if flags_path:
            self.style_on_load(context, flags_path, sidecar_path(flags_path))
        return {"OUTPUT": out_path, "OUTPUT_FLAGS": flags_path or None, "FEATURE_COUNT": len(names)}
