"""cropmapper:applymodel: the model of a crop mask (L4A) or crop type (L4B) product applied to other images
(another tile, another year), written as a product of the same level."""
import math
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterBoolean,
)

from ..science import apply_model
from .base import CropMapperAlgorithm, translatable
from .parameters import (COMMON_HELP, add_extra_rasters_parameter, extra_rasters_kwargs, add_input_parameters,
                         add_memory_parameter, add_period_parameters, image_inputs, insitu_records,
                         load_raster_on_completion, period)
from ..science.styling import sidecar_path


class ApplyModelAlgorithm(CropMapperAlgorithm):
    ID = "applymodel"
    NAME = "Apply a saved model"
    GROUP = "classification"
    NEEDS_SKLEARN = True
    HELP = (
        "Applies the random forest saved in a crop mask (L4A) or crop type (L4B) product to other Sentinel-2 L2A "
        "images (another tile, another year). The result is a product of the same level, marked as made by an "
        "applied model (its parameters name the model's product).\n\n"
        "The features are the model's (same feature sets, bands, 10-day step and window) on a date grid of the "
        "same length: by default the model's training period shifted by the whole number of years whose period "
        "holds the most images, ties going to the shift closest to the first image (the same days of the year); "
        "START_DATE alone: the model's period "
        "length from it; START_DATE and END_DATE: that period, which must give as many dates as the model's. "
        "A model trained with extra rasters (e.g. Sentinel-1) needs rasters of the same bands in EXTRA_RASTERS, "
        "read as the model's were (its resampling and units; the bands matched by position, their dates aside). "
        "A mismatch (other number of dates, other extra bands, a model of extra rasters alone, a product of "
        "another level or without a model) is refused with what differs. The model's own post-processing is not repeated: the "
        "map is the raw prediction (masked by CROP_MASK for a crop type model).\n\n"
        "Without in situ polygons the product holds no quality file; with them, every polygon validates the "
        "map (none was used for training here) and the figures are written as by the crop mask / crop type "
        "algorithms."
    )
    PARAM_HELP = {
        "MODEL": "A crop mask (L4A) or crop type (L4B) product folder written by this plugin (its AUX_DATA holds "
                 "the model and its feature list), e.g. the PRODUCT output of cropmask or croptype.",
        "INPUT": COMMON_HELP["INPUT"],
        "INPUT_FOLDER": COMMON_HELP["INPUT_FOLDER"],
        "START_DATE": "First date of the feature grid (YYYY-MM-DD); optional, default the model's start moved by "
                      "whole years to the images' year.",
        "END_DATE": "Last date (YYYY-MM-DD); optional, default START_DATE plus the model's period length. The "
                    "period must give as many 10-day dates as the model's.",
        "TILE": COMMON_HELP["TILE"],
        "MAX_CLOUD": "Optional maximum cloud cover of the images (%, 0-100).",
        "SITE": COMMON_HELP["SITE"],
        "IN_SITU": "Optional in situ polygons to validate the map (any CRS, reprojected): all of them are "
                   "validation polygons.",
        "LABEL_FIELD": "The in situ field with the labels: 1 / 0 for a crop mask model, crop codes for a crop "
                       "type model. Default: the field the model was trained with.",
        "CROP_MASK": "Optional crop mask for a crop type model: an L4A product folder or a 0/1 raster on the "
                     "images' grid; the map (CT) is 0 outside the crops, RAW is unmasked.",
        "EXTRA_RASTERS": "Only for a model trained with extra rasters: rasters of the same bands, in the same "
                         "order, over these images (e.g. the next year's Sentinel-1 stack); read with the "
                         "model's resampling and units.",
        "MEMORY": COMMON_HELP["MEMORY"],
        "OVERWRITE": COMMON_HELP["OVERWRITE"],
        "OUTPUT_FOLDER": COMMON_HELP["OUTPUT_FOLDER"],
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile("MODEL", "Model (L4A or L4B product folder)",
                                                     QgsProcessingParameterFile.Folder))
        add_input_parameters(self)
        add_period_parameters(self)
        self.addParameter(QgsProcessingParameterString("TILE", "Tile (e.g. 31UES)", optional=True))
        self.addParameter(QgsProcessingParameterNumber("MAX_CLOUD", "Maximum cloud cover (%)",
                                                       QgsProcessingParameterNumber.Double, optional=True,
                                                       minValue=0, maxValue=100))
        self.addParameter(QgsProcessingParameterString("SITE", "Site name", "SITE"))
        self.addParameter(QgsProcessingParameterFeatureSource("IN_SITU", "In situ polygons (validation)",
                                                              [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField("LABEL_FIELD", "Label field", None, "IN_SITU",
                                                      optional=True))
        self.addParameter(QgsProcessingParameterFile(
            "CROP_MASK", "Crop mask (L4A product folder, or a raster)", QgsProcessingParameterFile.Folder,
            optional=True))
        add_extra_rasters_parameter(self, options=False)  # the model's resampling and units are used
        add_memory_parameter(self, 512)
        self.addParameter(QgsProcessingParameterBoolean("OVERWRITE", "Overwrite an existing product", False))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER", "Output folder"))
        self.addOutput(QgsProcessingOutputFolder("PRODUCT", "Product folder"))
        self.addOutput(QgsProcessingOutputString("LEVEL", "Product level (L4A or L4B)"))
        self.addOutput(QgsProcessingOutputRasterLayer("MAP", "Map"))
        self.addOutput(QgsProcessingOutputRasterLayer("RAW_MAP", "Raw map"))
        self.addOutput(QgsProcessingOutputRasterLayer("CONFIDENCE", "Confidence"))
        self.addOutput(QgsProcessingOutputRasterLayer("FLAGS", "Date flags"))
        self.addOutput(QgsProcessingOutputNumber("OVERALL_ACCURACY", "Overall accuracy"))
        self.addOutput(QgsProcessingOutputNumber("KAPPA", "Kappa"))

    def execute(self, parameters, context, feedback):
        start, end = period(self, parameters, context)
        kwargs = dict(
            model=self.parameterAsFile(parameters, "MODEL", context),
            inputs=image_inputs(self, parameters, context), start=start, end=end,
            site=self.parameterAsString(parameters, "SITE", context).strip(),
            tile=self.parameterAsString(parameters, "TILE", context).strip() or None,
            crop_mask=self.parameterAsFile(parameters, "CROP_MASK", context) or None,
            memory_mb=self.parameterAsInt(parameters, "MEMORY", context),
            out_folder=self.parameterAsString(parameters, "OUTPUT_FOLDER", context),
            overwrite=self.parameterAsBoolean(parameters, "OVERWRITE", context),
            extra_rasters=extra_rasters_kwargs(self, parameters, context)["extra_rasters"])
        if parameters.get("MAX_CLOUD") not in (None, ""):
            kwargs["max_cloud"] = self.parameterAsDouble(parameters, "MAX_CLOUD", context)
        if parameters.get("IN_SITU"):
            # the default label field is the model's: read it before the in situ layer
            saved = self.run_science(apply_model.read_saved_model, kwargs["model"])
            default = saved.label_field or ("CROP" if saved.level == "L4A" else "CODE")
            records, field, crs_wkt, _ = insitu_records(self, parameters, context, "LABEL_FIELD", default)
            kwargs.update(insitu=records, label_field=field, insitu_crs=crs_wkt,
                          insitu_name=str(parameters.get("IN_SITU")))
        result = self.run_science(apply_model.apply_model, reporter=self.reporter(feedback), **kwargs)
        outputs = {"PRODUCT": result["product"], "OUTPUT_FOLDER": os.path.dirname(result["product"]),
                   "LEVEL": result["level"]}
        is_mask = result["level"] == "L4A"
        titles = {"map": translatable("Crop mask") if is_mask else translatable("Crop type"),
                  "raw": translatable("Raw crop mask") if is_mask else translatable("Raw crop type"),
                  "confidence": translatable("Crop mask confidence") if is_mask else
                  translatable("Crop type confidence"),
                  "flags": translatable("Crop mask date flags") if is_mask else translatable("Crop type date flags")}
        for output, key in (("MAP", "map"), ("RAW_MAP", "raw"), ("CONFIDENCE", "confidence"), ("FLAGS", "flags")):
            path = result[key]
            outputs[output] = path
            load_raster_on_completion(context, path, self.tr(titles[key]), output)
            self.style_on_load(context, path, sidecar_path(path))
        for output, key in (("OVERALL_ACCURACY", "overall_accuracy"), ("KAPPA", "kappa")):
            value = result[key]
            outputs[output] = None if value is None or math.isnan(value) else float(value)
        return outputs
