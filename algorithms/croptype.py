"""cropmapper:croptype: crop type map (Sen2-Agri L4B) by random forest, optionally masked by a crop mask."""
from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputRasterLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFile,
    QgsProcessingParameterRasterLayer,
)

from ..science import workflow
from ..science.products import code_names
from .base import CropMapperAlgorithm, translatable
from .parameters import (add_common_end, add_common_inputs, add_common_settings, common_kwargs, finish,
                       insitu_records, output_tif, param_help, EXTRA_HELP, add_extra_rasters_parameter,
                       extra_rasters_kwargs)


class CropTypeAlgorithm(CropMapperAlgorithm):
    ID = "croptype"
    NAME = "Crop type map (random forest)"
    GROUP = "classification"
    NEEDS_SKLEARN = True
    HELP = (
        "Produces a crop type map (Sen2-Agri L4B product: the crop codes, 0 = not crop) from a Sentinel-2 "
        "L2A time series and in situ polygons with integer crop codes (polygons with code 0 or empty are not "
        "used).\n\n"
        "Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; "
        "features, Sen2-Agri's in its order: B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI and "
        "brightness at every date. The polygons are split per class into training and validation by whole "
        "polygon (seeded), or dealt into folds (VALIDATION_MODE=kfold); at most "
        "SAMPLES_PER_CLASS training pixels per class are drawn at random; a random forest (scikit-learn, "
        "threads only) classifies every pixel block by block.\n\n"
        "Extra rasters (EXTRA_RASTERS, e.g. a Sentinel-1 VV / VH backscatter stack) add their bands to the "
        "features, dated series resampled onto the same 10-day dates; S2_FEATURES off uses them alone. On the "
        "Flanders patch (k-fold, seeds 0-4) S2 + S1 scored OA 0.901, kappa 0.388 (S2 alone 0.901, 0.418; S1 "
        "alone 0.882, 0.010: the majority class).\n\n"
        "With a crop mask (an L4A product or a 0/1 raster on the same grid), the map (CT) is 0 outside the "
        "crops and the unmasked map is kept as RAW; the validation is done on the masked map, so crop pixels "
        "the mask removed count as errors (give crop codes only when you apply a mask). Without a mask CT and "
        "RAW are the same.\n\n"
        "The product also holds a confidence layer (probability of the chosen class, 0-100), the per-pixel "
        "date counts, the quality file (confusion matrix, precision, recall, F-score per class, overall "
        "accuracy, kappa), the in situ polygons used (ISD zip, with the split), the model and its feature "
        "list. Pixels never cloud-free are no data (-10000)."
    )
    PARAM_HELP = param_help({
        "CODE_FIELD": "In situ field with integer crop codes. Default CODE. 0 or empty: not crop, not used.",
        "SAMPLES_PER_CLASS": "At most this many training pixels per class, drawn at random (default 10000, "
                             "as Sen2-Agri).",
        "CROP_MASK": "Optional crop mask: an L4A product folder (e.g. the PRODUCT output of the crop mask "
                     "algorithm), or the path of a raster with 1 = crop, 0 = non-crop. It must be on the same "
                     "grid as the images (a mask on another grid is refused). The dialog's button picks a "
                     "folder: for a raster use CROP_MASK_RASTER instead.",
        "CROP_MASK_RASTER": "Optional crop mask as a raster layer or file (1 = crop, 0 = non-crop), e.g. the CM "
                            "raster of an L4A product or a mask made elsewhere, on the same grid as the images. "
                            "Give CROP_MASK or CROP_MASK_RASTER, not both.",
        "NAME_FIELD": "Optional in situ field with the crop names (e.g. 'Maize'): each code is named in the style "
                      "and colour table as by a LEGEND. A code with several names takes the most frequent "
                      "(a warning lists them). With LEGEND too, LEGEND's names win for the codes it lists.",
        "LEGEND": "Optional CSV of 'code,name' lines naming the codes in the style and colour table.",
        "S2_FEATURES": "Use the Sentinel-2 features (default yes). Off: classify with the EXTRA_RASTERS bands "
                       "alone (e.g. Sentinel-1 alone); the images still give the grid, the period and the date "
                       "flags. Refused without extra rasters.",
        **EXTRA_HELP,
    })

    def initAlgorithm(self, config=None):  # noqa: N802
        add_common_inputs(self, "CODE_FIELD", "Crop code field", "CODE", ("NAME_FIELD", "Crop name field"))
        add_common_settings(self, 10000)
        # Folder behaviour: a File parameter refuses folders, a Folder one also takes a raster path; the
        # PRODUCT output of cropmapper:cropmask connects to it in the modeler.
        self.addParameter(QgsProcessingParameterFile(
            "CROP_MASK", "Crop mask (L4A product folder, or a raster)", QgsProcessingParameterFile.Folder,
            optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer("CROP_MASK_RASTER", "Crop mask raster (1 crop, 0 not)",
                                                            optional=True))
        self.addParameter(QgsProcessingParameterFile("LEGEND", "Legend (CSV code,name)",
                                                     QgsProcessingParameterFile.File, extension="csv",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterBoolean("S2_FEATURES", "Use the Sentinel-2 features", True))
        add_extra_rasters_parameter(self)
        add_common_end(self)
        self.addOutput(QgsProcessingOutputRasterLayer("CROP_TYPE", "Crop type map"))
        self.addOutput(QgsProcessingOutputRasterLayer("RAW_CROP_TYPE", "Raw (unmasked) crop type map"))
        self.addOutput(QgsProcessingOutputRasterLayer("CONFIDENCE", "Confidence"))
        self.addOutput(QgsProcessingOutputRasterLayer("FLAGS", "Date flags"))

    def crop_mask(self, parameters, context):
        """The one crop mask path given (CROP_MASK folder or CROP_MASK_RASTER layer), None for none."""
        folder = self.parameterAsFile(parameters, "CROP_MASK", context) or None
        raster = None
        if parameters.get("CROP_MASK_RASTER"):
            layer = self.parameterAsRasterLayer(parameters, "CROP_MASK_RASTER", context)
            raster = layer.source() if layer is not None else None
        if folder and raster:
            raise QgsProcessingException(self.tr(
                "Two crop masks given: CROP_MASK (%s) and CROP_MASK_RASTER (%s). Give only one of them.")
                % (folder, raster))
        return folder or raster

    def execute(self, parameters, context, feedback):
        crop_mask = self.crop_mask(parameters, context)
        records, field, crs_wkt, name_pairs = insitu_records(self, parameters, context, "CODE_FIELD", "CODE",
                                                             "NAME_FIELD")
        kwargs = common_kwargs(self, parameters, context)
        map_copy = output_tif(self, parameters, "OUTPUT_MAP", context)
        kwargs["crop_mask"] = crop_mask
        kwargs["legend"] = self.parameterAsFile(parameters, "LEGEND", context) or None
        kwargs["s2_features"] = self.parameterAsBoolean(parameters, "S2_FEATURES", context)
        kwargs.update(extra_rasters_kwargs(self, parameters, context))
        reporter = self.reporter(feedback)
        kwargs["names"] = code_names(name_pairs, "NAME_FIELD", reporter) if name_pairs else None
        result = self.run_science(workflow.run_crop_type, insitu=records, code_field=field, insitu_crs=crs_wkt,
                                  insitu_name=str(parameters.get("IN_SITU")), reporter=reporter,
                                  **kwargs)
        return finish(self, context, result, [("CROP_TYPE", "map", translatable("Crop type")),
                                              ("RAW_CROP_TYPE", "raw", translatable("Raw crop type")),
                                              ("CONFIDENCE", "confidence", translatable("Crop type confidence")),
                                              ("FLAGS", "flags", translatable("Crop type date flags"))], map_copy)
