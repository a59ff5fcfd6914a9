"""cropmapper:timeseriesfeatures: gap-filled multi-date features of an L2A time series as one raster."""
import datetime
import os

from qgis.core import (
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
)

from ..science.series import features, timeseries
from ..science.styling import sidecar_path
from .base import CropMapperAlgorithm
from .parameters import (DATE_HELP, FOLDER_HELP, GRID_HELP, INPUT_HELP, NAMES_HELP, add_grid_parameters,
                         SEN2AGRI_FEATURES_HELP, WINDOW_HELP, add_image_parameters, add_window_parameter,
                         close_all, output_tif, read_images, EXTRA_HELP, add_extra_rasters_parameter,
                         extra_rasters_kwargs)


class TimeSeriesFeaturesAlgorithm(CropMapperAlgorithm):
    ID = "timeseriesfeatures"
    NAME = "Time series features"
    GROUP = "timeseries"
    SHORT = ("Builds the multi-date feature raster of a crop mask or crop type classification from a Sentinel-2 "
             "L2A time series, as Sen2-Agri does.")
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
        "sen2agri and sen2agri_rededge: Sen2-Agri's crop-mask features (see FEATURES); sen2agri_dates: "
        "Sen2-Agri's crop-type features at every date, in its order (B03, B04, B08, B11, B05, B06, B07, B8A, "
        "NDVI, NDWI, BRIGHTNESS), as croptype uses them; ndvi: NDVI at every date alone. Indices are "
        "computed in floating point; reflectance below 0 is taken as 0 and a division by zero gives 0, as "
        "Sen2-Agri.\n\n"
        "The output is a float32 GeoTIFF, one band per feature, the band description being the feature "
        "name; no data is NaN (pixels never cloud-free: a warning gives their share; the run fails when no "
        "pixel is ever cloud-free). Extra rasters (e.g. Sentinel-1 backscatter) are warped onto the grid "
        "(bilinear) and appended, dated series resampled onto the STEP_DAYS dates (EXTRA_RESAMPLE). The optional flags raster counts, per pixel, the valid, water, snow and "
        "cloud-or-no-data dates. Use the same dates, step, bands and feature sets for training and "
        "prediction. The log lists every image used or skipped."
    )
    PARAM_HELP = {
        "INPUT": INPUT_HELP,
        "INPUT_FOLDER": FOLDER_HELP,
        "START_DATE": "First date of the period and of the resampled dates. " + DATE_HELP % "first",
        "END_DATE": "Last date of the period. " + DATE_HELP % "last",
        "STEP_DAYS": "Days between resampled dates (default 10, as Sen2-Agri; 1 to 366).",
        "BANDS": "Bands output at every resampled date by the 'bands' feature set (default B03, B04, B08, "
                 "B11). Indices read the bands they need anyway. " + NAMES_HELP % "BANDS=B04 BANDS=B08",
        "FEATURES": "Feature sets: bands, indices, temporal (default), and optionally rededge (red-edge "
                    "indices), sen2agri_rededge (Sen2-Agri's red-edge features per date), sen2agri_dates "
                    "(Sen2-Agri's crop-type features per date), ndvi (NDVI per date) and sen2agri. "
                    + SEN2AGRI_FEATURES_HELP + " " + NAMES_HELP % "FEATURES=sen2agri FEATURES=sen2agri_rededge",
        "WINDOW": WINDOW_HELP,
        "TILE": "Optional: keep only the images of this Sentinel-2 tile (e.g. 31UES).",
        "MAX_CLOUD": "Optional: skip images whose cloud cover (product metadata or mask) exceeds this "
                     "percentage.",
        "OUTPUT": "Feature raster (GeoTIFF).",
        "OUTPUT_FLAGS": "Optional quality flags raster (GeoTIFF, 4 bands): counts of valid, water, snow and "
                        "cloud-or-no-data dates per pixel.",
    }
    PARAM_HELP.update(EXTRA_HELP)  # EXTRA_RESAMPLE resamples onto the STEP_DAYS dates here
    PARAM_HELP.update(GRID_HELP)

    def initAlgorithm(self, config=None):  # noqa: N802
        add_image_parameters(self, features.DEFAULT_BANDS, "Bands")
        self.addParameter(QgsProcessingParameterNumber("STEP_DAYS", "Days between resampled dates",
                                                       QgsProcessingParameterNumber.Integer, 10, minValue=1,
                                                       maxValue=366))
        sets = QgsProcessingParameterEnum("FEATURES", "Feature sets", list(features.FEATURE_SETS),
                                          allowMultiple=True, defaultValue=list(features.DEFAULT_SETS))
        sets.setUsesStaticStrings(True)
        self.addParameter(sets)
        add_window_parameter(self)
        add_extra_rasters_parameter(self)
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
        window = self.parameterAsInt(parameters, "WINDOW", context)
        out_path = output_tif(self, parameters, "OUTPUT", context)
        flags_path = output_tif(self, parameters, "OUTPUT_FLAGS", context)
        extra = extra_rasters_kwargs(self, parameters, context)
        memory = self.parameterAsInt(parameters, "MEMORY", context)
        # validates bands and sets before any image is read (the date is a placeholder)
        probe = self.run_science(features.FeatureSpec, [datetime.date.today()], bands, sets, step, window)

        feedback.setProgressText(self.tr("Finding the images"))
        acqs, grid, start, end = read_images(self, parameters, context, reporter.sub(0.0, 0.05),
                                             probe.read_bands())
        dates = self.run_science(timeseries.regular_dates, start or acqs[0].date, end or acqs[-1].date, step)
        spec = features.FeatureSpec(dates, bands, sets, step, window)
        feedback.setProgressText(self.tr("Computing %d features") % len(spec.names()))
        try:
            names = self.run_science(features.write_feature_raster, acqs, grid, spec, out_path,
                                     flags_path or None, extra["extra_rasters"], memory, reporter.sub(0.05, 1.0),
                                     extra["extra_resample"], extra["extra_units"])
        finally:
            close_all(acqs)
        feedback.pushInfo(self.tr("Wrote %d feature bands to %s") % (len(names), out_path))
        qml = sidecar_path(out_path)
        if os.path.exists(qml):  # written when NDVI features exist
            self.style_on_load(context, out_path, qml)
        if flags_path:
            self.style_on_load(context, flags_path, sidecar_path(flags_path))
        return {"OUTPUT": out_path, "OUTPUT_FLAGS": flags_path or None, "FEATURE_COUNT": len(names)}
