"""cropmapper:composite: cloud-free surface-reflectance composite of a period (e.g. August)."""
import os

from qgis.core import (
    QgsProcessingParameterEnum,
    QgsProcessingParameterRasterDestination,
)

from ..science.series import composite
from ..science.styling import sidecar_path
from .base import CropMapperAlgorithm
from .parameters import (FOLDER_HELP, GRID_HELP, INPUT_HELP, NAMES_HELP, add_grid_parameters,
                                 add_image_parameters, close_all, output_tif, read_images)

METHOD_LABELS = ["Median of the cloud-free observations", "Best pixel (cloud-free date closest to the period centre)"]


class CompositeAlgorithm(CropMapperAlgorithm):
    ID = "composite"
    NAME = "Cloud-free composite"
    GROUP = "timeseries"
    HELP = (
        "Builds a cloud-free surface-reflectance composite of a period (e.g. August) to display as a "
        "background, from the L2A images' cloud masks (cloud, shadow and no data are left out; water and "
        "snow are kept).\n\n"
        "Methods: median (default): per pixel and band, the median of the cloud-free observations (smooth, "
        "robust to missed clouds; bands are taken independently); best pixel: all bands of the single "
        "cloud-free observation closest in time to the middle of the period (ties: the earlier date), "
        "which keeps real spectra.\n\n"
        "Output: float32 GeoTIFF of reflectance (0-1), one band per chosen band (default B02, B03, B04, "
        "B08: blue, green, red, NIR), NaN where a pixel is never cloud-free. It is styled in true colour "
        "(B04/B03/B02, 0-0.2 reflectance); a false colour style (NIR/red/green: B08/B04/B03) is written "
        "next to it as <output>_falsecolour.qml (Layer Properties > Symbology > Style > Load Style). "
        "The optional count raster gives the number of cloud-free observations per pixel."
    )
    PARAM_HELP = {
        "INPUT": INPUT_HELP,
        "INPUT_FOLDER": FOLDER_HELP,
        "START_DATE": "First date of the period, YYYY-MM-DD (e.g. 2018-08-01); optional.",
        "END_DATE": "Last date of the period, YYYY-MM-DD (e.g. 2018-08-31); optional.",
        "METHOD": "Median (default) or best pixel (the cloud-free date closest to the period centre).",
        "BANDS": "Bands of the composite (default B02, B03, B04, B08). True colour needs B02, B03, B04; "
                 "false colour B03, B04, B08. " + NAMES_HELP % "BANDS=B02 BANDS=B03",
        "TILE": "Optional: keep only the images of this Sentinel-2 tile (e.g. 31UES).",
        "MAX_CLOUD": "Optional: skip images whose cloud cover exceeds this percentage.",
        "OUTPUT": "Composite (GeoTIFF, float32 reflectance).",
        "OUTPUT_COUNT": "Optional: number of cloud-free observations per pixel (GeoTIFF, uint16).",
    }
    PARAM_HELP.update(GRID_HELP)

    def initAlgorithm(self, config=None):  # noqa: N802
        add_image_parameters(self, composite.DEFAULT_BANDS, "Bands")
        self.addParameter(QgsProcessingParameterEnum("METHOD", "Method", METHOD_LABELS, defaultValue=0))
        add_grid_parameters(self)
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", "Composite"))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_COUNT", "Cloud-free observation count",
                                                                  optional=True, createByDefault=False))

    def execute(self, parameters, context, feedback):
        reporter = self.reporter(feedback)
        bands = self.parameterAsEnumStrings(parameters, "BANDS", context)
        method = composite.METHODS[self.parameterAsEnum(parameters, "METHOD", context)]
        out_path = output_tif(self, parameters, "OUTPUT", context)
        count_path = output_tif(self, parameters, "OUTPUT_COUNT", context)
        memory = self.parameterAsInt(parameters, "MEMORY", context)
        feedback.setProgressText(self.tr("Finding the images"))
        acqs, grid, start, end = read_images(self, parameters, context, reporter.sub(0.0, 0.05), bands)
        feedback.setProgressText(self.tr("Compositing %d images") % len(acqs))
        try:
            self.run_science(composite.write_composite, acqs, grid, out_path, bands, method, start, end,
                             count_path or None, memory, reporter.sub(0.05, 1.0))
        finally:
            close_all(acqs)
        qml = sidecar_path(out_path)
        if os.path.exists(qml):
            self.style_on_load(context, out_path, qml)
        if count_path:
            self.style_on_load(context, count_path, sidecar_path(count_path))
        return {"OUTPUT": out_path, "OUTPUT_COUNT": count_path or None}
