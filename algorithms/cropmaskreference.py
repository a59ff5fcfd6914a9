"""cropmapper:cropmaskreference: crop mask (Sen2-Agri L4A) without in situ data, trained on a reference
land-cover map (Sen2-Agri's CropMaskFused.py)."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingOutputRasterLayer,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
)

from ..science import workflow
from ..science.classify import reference
from .base import CropMapperAlgorithm, translatable
from .parameters import (add_postprocess_parameters, postprocess_choice, EXTRA_HELP, add_extra_rasters_parameter,
                         add_forest_parameters, extra_rasters_kwargs, add_common_end, add_input_parameters,
                         add_period_parameters, add_seed_parameter, add_window_parameter, common_kwargs, finish,
                         insitu_records, output_tif, param_help, SEN2AGRI_FEATURES_HELP, WINDOW_HELP)


class CropMaskReferenceAlgorithm(CropMapperAlgorithm):
    ID = "cropmaskreference"
    NAME = "Crop mask without in situ data (reference map)"
    GROUP = "classification"
    NEEDS_SKLEARN = True
    SHORT = ("Produces a crop mask (Sen2-Agri L4A) from a Sentinel-2 L2A time series without in situ data, trained "
             "on a reference land-cover map (ESA CCI, ESA WorldCover or a national map).")
    HELP = (
        "Produces a crop mask (Sen2-Agri L4A product: 1 crop, 0 non-crop) from a Sentinel-2 L2A time series "
        "without in situ data: the training pixels come from a reference land-cover map (ESA CCI 300 m, ESA "
        "WorldCover 10 m, a national map...), as Sen2-Agri's CropMaskFused.py.\n\n"
        "Steps: the reference (any CRS and resolution) is warped onto the 10 m image grid (nearest), its codes "
        "mapped to crop / non-crop / ignored (REFERENCE_LEGEND, or a MAPPING CSV), each class eroded by "
        "EROSION_RADIUS pixels (a pixel keeps its class only when its whole neighbourhood has it: the borders "
        "of coarse cells are mixed), candidate pixels drawn at random per class (seeded), and the outliers of "
        "each class trimmed iteratively: the pixels whose Mahalanobis distance to their class's mean (on the "
        "temporal summary features) exceeds the chi-square quantile 1 - ALPHA are dropped and the statistics "
        "recomputed, for TRIM_ITERATIONS rounds or until none is dropped. The random forest, the prediction, the flags "
        "and the product are those of cropmask.\n\n"
        "Validation: with IN_SITU, the figures are the accuracy against those polygons (all of them: none "
        "trains, and by default none of their pixels is drawn for training: EXCLUDE_IN_SITU). Without, a share VALIDATION_RATIO of the eroded, trimmed reference pixels is held out of "
        "training and the figures are the agreement of the map with the reference map there: not an "
        "accuracy, the reference map has its own errors. The product's parameters and quality file say which "
        "one was computed."
    )
    SPECIFIC_HELP = {
        "IN_SITU": "Optional in situ polygons labelled 1 (crop) / 0 (non-crop) in CROP_FIELD, any CRS: used only to "
                   "validate the map (accuracy against in situ polygons). Without them the map is compared with "
                   "held-out reference pixels (agreement with the reference map).",
        "CROP_FIELD": "In situ field with 1 (crop) / 0 (non-crop). Default CROP.",
        "EXCLUDE_IN_SITU": "With IN_SITU: no pixel inside an in situ polygon is drawn for training (default on), "
                           "so the accuracy is measured on pixels the model never saw. Off: they may train "
                           "(more candidates where the polygons cover much of the images, but an optimistic "
                           "accuracy where the reference is right).",
        "REFERENCE": "Reference land-cover raster (any CRS and resolution, integer codes in band 1), covering the "
                     "images.",
        "REFERENCE_LEGEND": "cci (ESA CCI land cover: 10, 11, 20 crop as Sen2-Agri; 0 no data, 12, 30, 40 "
                            "mosaics, 210 water, 220 snow ignored; every other class non-crop); worldcover (ESA "
                            "WorldCover: 40 crop; 0, 70 snow, 80 water ignored; the others non-crop); csv (the "
                            "MAPPING file). Codes the legend does not know are ignored (logged).",
        "MAPPING": "CSV of code,class lines (class crop, noncrop or ignore, or 1 / 0; a header line is allowed), "
                   "for REFERENCE_LEGEND csv. It must map at least one code to crop and one to noncrop.",
        "EROSION_RADIUS": "Erosion radius in pixels of each class (default 1, as Sen2-Agri; 0 to 10; 0: none).",
        "ALPHA": "Trimming level: a pixel is an outlier of its class when its squared Mahalanobis distance "
                 "exceeds the chi-square quantile 1 - ALPHA (default 0.01, as Sen2-Agri; 0.0001 to 0.5).",
        "TRIM_ITERATIONS": "Rounds of the outlier trimming (default 1; 0 none; at most 100: Sen2-Agri repeats "
                           "until none is dropped). Measured against in situ polygons (mean OA / kappa of seeds "
                           "0-2, in situ pixels excluded from training): on the Flanders patch with a reference "
                           "degraded from its labels to 60 m, 1 round 0.827 / 0.631, no trimming 0.816 / 0.604, "
                           "10 rounds 0.825 / 0.624; on a simulated scene 0.718 / 0.299, 0.690 / 0.232, "
                           "0.682 / 0.231: more rounds strip the classes of their variety.",
        "SAMPLES_PER_CLASS": "At most this many training pixels per class (default 40000, as Sen2-Agri), before "
                             "the trimming.",
        "VALIDATION_RATIO": "Without IN_SITU: share of each class's trimmed reference pixels held out for the "
                            "agreement with the reference map (default 0.25, 0.01 to 0.99).",
        "FEATURES": SEN2AGRI_FEATURES_HELP + " Default. extended: per-date B03, B04, B08, B11, NDVI, NDWI, "
                    "brightness and the temporal statistics of timeseriesfeatures.",
        "WINDOW": WINDOW_HELP,
        **EXTRA_HELP,
        "POSTPROCESS": "Segment the NDVI series and take the majority of the raw mask in each segment (default "
                       "off, as cropmask).",
        "SEGMENTATION": "The post-processing's segmentation: merging (default) or meanshift (Sen2-Agri), as "
                        "cropmask.",
    }
    # the shared help in the shared order, then this algorithm's own parameters (not in parameters.ORDER)
    PARAM_HELP = {k: v for k, v in dict(param_help(SPECIFIC_HELP), **SPECIFIC_HELP).items()
                  if k not in ("VALIDATION_MODE", "FOLDS")}  # validated on held-out pixels or in situ, never k-fold

    def initAlgorithm(self, config=None):  # noqa: N802
        integer, double = QgsProcessingParameterNumber.Integer, QgsProcessingParameterNumber.Double
        add_input_parameters(self)
        add_period_parameters(self)
        self.addParameter(QgsProcessingParameterRasterLayer("REFERENCE", "Reference land-cover map"))
        legend = QgsProcessingParameterEnum("REFERENCE_LEGEND", "Reference legend", list(reference.LEGEND_CHOICES),
                                            defaultValue="cci")
        legend.setUsesStaticStrings(True)
        self.addParameter(legend)
        self.addParameter(QgsProcessingParameterFile("MAPPING", "Mapping CSV (code,class)", extension="csv",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterNumber("EROSION_RADIUS", "Erosion radius (pixels)", integer, 1,
                                                       minValue=0, maxValue=10))
        self.addParameter(QgsProcessingParameterNumber("ALPHA", "Trimming alpha", double, 0.01, minValue=0.0001,
                                                       maxValue=0.5))
        self.addParameter(QgsProcessingParameterNumber("TRIM_ITERATIONS", "Trimming rounds", integer,
                                                       reference.DEFAULT_TRIM_ITERATIONS, minValue=0,
                                                       maxValue=reference.MAX_TRIM_ITERATIONS))
        self.addParameter(QgsProcessingParameterFeatureSource("IN_SITU", "In situ polygons (validation only)",
                                                              [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField("CROP_FIELD", "Crop / non-crop field (1 / 0)", "CROP",
                                                      "IN_SITU", optional=True))
        self.addParameter(QgsProcessingParameterBoolean("EXCLUDE_IN_SITU", "Leave the in situ polygons' pixels "
                                                                           "out of training", True))
        self.addParameter(QgsProcessingParameterString("SITE", "Site name", "SITE"))
        self.addParameter(QgsProcessingParameterString("TILE", "Tile (e.g. 31UES)", optional=True))
        self.addParameter(QgsProcessingParameterNumber("SAMPLES_PER_CLASS", "Training samples per class", integer,
                                                       40000, minValue=1, maxValue=1000000))
        self.addParameter(QgsProcessingParameterNumber("VALIDATION_RATIO", "Held-out share of the reference "
                                                       "pixels", double, 0.25, minValue=0.01, maxValue=0.99))
        add_forest_parameters(self)
        add_seed_parameter(self)
        # S2 features are what the trimming measures outliers on: no FEATURES=none here
        choice = QgsProcessingParameterEnum("FEATURES", "Features",
                                            [k for k in workflow.MASK_FEATURE_SETS if k != "none"],
                                            defaultValue=workflow.DEFAULT_MASK_FEATURES)
        choice.setUsesStaticStrings(True)
        self.addParameter(choice)
        add_window_parameter(self)
        add_extra_rasters_parameter(self)
        add_postprocess_parameters(self)
        add_common_end(self)
        self.addOutput(QgsProcessingOutputRasterLayer("CROP_MASK", "Crop mask"))
        self.addOutput(QgsProcessingOutputRasterLayer("RAW_MASK", "Raw crop mask"))
        self.addOutput(QgsProcessingOutputRasterLayer("CONFIDENCE", "Confidence"))
        self.addOutput(QgsProcessingOutputRasterLayer("FLAGS", "Date flags"))
        self.addOutput(QgsProcessingOutputString("VALIDATION", "What the figures are (accuracy against in situ "
                                                               "polygons, or agreement with the reference map)"))

    def execute(self, parameters, context, feedback):
        kwargs = common_kwargs(self, parameters, context)
        kwargs.pop("validation_mode", None)
        kwargs.pop("folds", None)
        map_copy = output_tif(self, parameters, "OUTPUT_MAP", context)
        if parameters.get("IN_SITU"):
            records, field, crs_wkt, _ = insitu_records(self, parameters, context, "CROP_FIELD", "CROP")
            kwargs.update(insitu=records, crop_field=field, insitu_crs=crs_wkt, insitu_name=str(parameters["IN_SITU"]))
        layer = self.parameterAsRasterLayer(parameters, "REFERENCE", context)
        ref_path = layer.source() if layer is not None else str(parameters.get("REFERENCE") or "")
        kwargs.update(
            reference=ref_path,
            legend=self.parameterAsEnumString(parameters, "REFERENCE_LEGEND", context) or "cci",
            mapping=self.parameterAsFile(parameters, "MAPPING", context) or None,
            erosion_radius=self.parameterAsInt(parameters, "EROSION_RADIUS", context),
            alpha=self.parameterAsDouble(parameters, "ALPHA", context),
            trim_iterations=self.parameterAsInt(parameters, "TRIM_ITERATIONS", context),
            exclude_insitu=self.parameterAsBoolean(parameters, "EXCLUDE_IN_SITU", context),
            postprocess=postprocess_choice(self, parameters, context),
            features=self.parameterAsEnumString(parameters, "FEATURES", context) or workflow.DEFAULT_MASK_FEATURES,
            window=self.parameterAsInt(parameters, "WINDOW", context), **extra_rasters_kwargs(self, parameters, context))
        result = self.run_science(reference.run_crop_mask_reference, reporter=self.reporter(feedback), **kwargs)
        outputs = finish(self, context, result, [("CROP_MASK", "map", translatable("Crop mask")),
                                                 ("RAW_MASK", "raw", translatable("Raw crop mask")),
                                                 ("CONFIDENCE", "confidence", translatable("Crop mask confidence")),
                                                 ("FLAGS", "flags", translatable("Crop mask date flags"))], map_copy)
        outputs["VALIDATION"] = result["validation"]
        return outputs
