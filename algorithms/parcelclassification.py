"""cropmapper:parcelclassification: a class for every whole parcel (object-based) from the per-parcel
statistics of the time-series features."""
import math

from qgis.core import (
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QVariant

from ..science.parcels import run as parcels_run
from .base import CropMapperAlgorithm
from .parameters import (EXTRA_HELP, add_extra_rasters_parameter, add_forest_parameters, extra_rasters_kwargs,
                         COMMON_HELP, add_input_parameters, add_memory_parameter, add_period_parameters,
                         add_seed_parameter, image_inputs, period)
from .parcels_io import read_parcels, write_parcels
from .styling_io import style_vector_output

_KINDS = {"integer": (QVariant.LongLong, "integer"), "real": (QVariant.Double, "double"),
          "string": (QVariant.String, "string")}


class ParcelClassificationAlgorithm(CropMapperAlgorithm):
    ID = "parcelclassification"
    NAME = "Parcel classification (object-based random forest)"
    GROUP = "classification"
    NEEDS_SKLEARN = True
    HELP = (
        "Classifies whole parcels instead of pixels (object-based, as the Sen2-Agri training's S2_L2A_obj "
        "exercise): crop / non-crop when the labels are 1 / 0, the crop type when they are crop codes.\n\n"
        "Steps: the images of the period are masked (clouds, shadows, no data) and resampled every 10 days; "
        "the features (FEATURES: those of the crop mask or of the crop type map) are computed for the pixels "
        "whose centre lies inside a parcel (after the optional inner buffer), block by block; per parcel their "
        "mean (and, if asked, standard deviation and exact median) over its valid pixels, a NaN value left out "
        "feature by feature. A random forest is trained on the labelled parcels (split or k-fold by parcel, "
        "seeded) and gives every parcel, labelled or not, its class (PRED), the probability of that class "
        "(CONF), the second most likely class (SECOND, SECOND_P), its pixels (N_PIXELS) and valid pixels "
        "(N_VALID, every feature known), its STATUS and ROLE (training / validation / the k-fold fold), and the "
        "statistics used.\n\n"
        "Parcels with fewer than MIN_PIXELS valid pixels are not guessed: their class is empty and STATUS says "
        "few_pixels, or no_pixel for a parcel without any pixel centre (too small, thin, or outside the images) "
        "and no_geometry. A multipart parcel is one parcel (its parts pooled). Where parcels overlap, a pixel "
        "goes to the later parcel of the layer (the log counts those pixels).\n\n"
        "The validation counts parcels (per parcel) and square metres (per area: each parcel weighs its "
        "area): confusion matrix, precision, recall, F-score, overall accuracy with its 95 % interval "
        "(bootstrap over the parcels), kappa and the majority-class baseline, in the Sen2-Agri quality XML and "
        "confusion CSV (PARCEL_QLT.xml / PARCEL_CMX.csv and AREA_QLT.xml / AREA_CMX.csv) and an HTML report "
        "(REPORT.html) in the run's folder in OUTPUT_FOLDER, beside the model and a copy of the parcels. The layer is styled by class. It has a "
        "column per feature and statistic (275 crop-type features a season, 825 with the three statistics): "
        "write it as a GeoPackage, not a shapefile (255 columns at most, 10-character names)."
    )
    PARAM_HELP = {
        "INPUT": COMMON_HELP["INPUT"],
        "INPUT_FOLDER": COMMON_HELP["INPUT_FOLDER"],
        "START_DATE": COMMON_HELP["START_DATE"],
        "END_DATE": COMMON_HELP["END_DATE"],
        "TILE": COMMON_HELP["TILE"],
        "PARCELS": "The parcels to classify (polygons, any CRS: reprojected to the images' CRS). Labelled or not.",
        "LABEL_FIELD": "Field with the labels: 1 (crop) / 0 (non-crop), or integer crop codes (0 and empty: "
                       "unlabelled). Default CROP. Unlabelled parcels are classified too.",
        "NAME_FIELD": "Optional field with the class names (e.g. 'Maize'), written as PRED_NAME and in the "
                      "style's legend.",
        "LEVEL": "auto (default): a crop mask when the labels are 0 / 1 only, else crop type. mask: refuses "
                 "other labels. type: 0 and empty are unlabelled.",
        "FEATURES": "auto (default): the crop-mask features for a mask, the crop-type ones for crop types. "
                    "cropmask: Sen2-Agri's 27 summary features and 4 red-edge features per date. croptype: "
                    "B03, B04, B08, B11, B05, B06, B07, B8A, NDVI, NDWI and brightness at every date.",
        "STATISTICS": "Per-parcel statistics of each feature: mean (always), std (population standard "
                      "deviation), median (exact; the pixels' values go to temporary files per group of "
                      "parcels, sorted afterwards).",
        **EXTRA_HELP,
        "INNER_BUFFER": "Shrink the parcels by this many metres before taking their pixels (default 0, 0 to "
                        "500): keeps mixed border pixels out. Parcels that vanish get STATUS no_pixel.",
        "MIN_PIXELS": "Parcels with fewer valid pixels are not classified (default 5, 1 to 100000).",
        "VALIDATION_MODE": "split (default): VALIDATION_RATIO of each class's labelled parcels are held out and "
                           "the forest trained on the others classifies every parcel. kfold: the labelled "
                           "parcels are dealt into FOLDS folds (stratified, seeded); each fold is validated by "
                           "a forest trained on the others, and a forest trained on every labelled parcel "
                           "gives the classes.",
        "VALIDATION_RATIO": "Share of each class's labelled parcels held out for validation (default 0.25).",
        "FOLDS": "Number of folds of the k-fold validation (default 5, 2-20).",
        "N_TREES": COMMON_HELP["N_TREES"],
        "MAX_DEPTH": COMMON_HELP["MAX_DEPTH"],
        "MIN_SAMPLES": "Minimum number of parcels in a node for it to be split (default 2: a forest on "
                       "parcels has few samples; 2 to 1000000).",
        "SEED": COMMON_HELP["SEED"],
        "SITE": "Site name, part of the run's folder name.",
        "MEMORY": "Memory budget in MB (default 512, 16 to 1000000): GDAL's cache, the per-parcel sums (20 bytes "
                  "per parcel, feature and statistic), a fifth for the median's groups and the blocks of rows "
                  "being computed.",
        "OVERWRITE": "Replace the run's folder of the same site, level and period in OUTPUT_FOLDER.",
        "OUTPUT": "The parcels with their class, confidence, status and statistics (styled by class).",
        "OUTPUT_FOLDER": "Folder where the run's folder <SITE>_PARCELS_<L4A|L4B>_<start>_<end> (quality files, "
                         "model, parcels copy) is written.",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        integer, double = QgsProcessingParameterNumber.Integer, QgsProcessingParameterNumber.Double
        add_input_parameters(self)
        add_period_parameters(self)
        self.addParameter(QgsProcessingParameterString("TILE", "Tile (e.g. 31UES)", optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource("PARCELS", "Parcels",
                                                              [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField("LABEL_FIELD", "Label field (1 / 0 or crop codes)", "CROP",
                                                      "PARCELS", optional=True))
        self.addParameter(QgsProcessingParameterField("NAME_FIELD", "Class name field", None, "PARCELS",
                                                      optional=True))
        for name, label, options in (("LEVEL", "Level", parcels_run.LEVELS),
                                     ("FEATURES", "Features", parcels_run.FEATURE_SETS)):
            choice = QgsProcessingParameterEnum(name, label, list(options), defaultValue="auto")
            choice.setUsesStaticStrings(True)
            self.addParameter(choice)
        stats = QgsProcessingParameterEnum("STATISTICS", "Statistics per parcel", ["mean", "std", "median"],
                                           allowMultiple=True, defaultValue=["mean"], optional=True)
        stats.setUsesStaticStrings(True)
        self.addParameter(stats)
        add_extra_rasters_parameter(self)
        self.addParameter(QgsProcessingParameterNumber("INNER_BUFFER", "Inner buffer (m)", double, 0.0, minValue=0,
                                                       maxValue=500))
        self.addParameter(QgsProcessingParameterNumber("MIN_PIXELS", "Minimum valid pixels per parcel", integer, 5,
                                                       minValue=1, maxValue=100000))
        mode = QgsProcessingParameterEnum("VALIDATION_MODE", "Validation", ["split", "kfold"], defaultValue="split")
        mode.setUsesStaticStrings(True)
        self.addParameter(mode)
        self.addParameter(QgsProcessingParameterNumber("VALIDATION_RATIO", "Validation ratio (by parcel)", double,
                                                       0.25, minValue=0.01, maxValue=0.99))
        self.addParameter(QgsProcessingParameterNumber("FOLDS", "Folds (k-fold validation)", integer, 5, minValue=2,
                                                       maxValue=20))
        add_forest_parameters(self, 2)
        add_seed_parameter(self)
        self.addParameter(QgsProcessingParameterString("SITE", "Site name", "SITE"))
        add_memory_parameter(self, 512)
        self.addParameter(QgsProcessingParameterBoolean("OVERWRITE", "Overwrite an existing run", False))
        self.addParameter(QgsProcessingParameterFeatureSink("OUTPUT", "Classified parcels",
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFolderDestination("OUTPUT_FOLDER", "Output folder"))
        self.addOutput(QgsProcessingOutputFolder("PRODUCT", "Run folder (quality files, model)"))
        for name, label in (("OVERALL_ACCURACY", "Overall accuracy (per parcel)"), ("KAPPA", "Kappa (per parcel)"),
                            ("OA_LOW", "Overall accuracy, 95 % interval low"),
                            ("OA_HIGH", "Overall accuracy, 95 % interval high"),
                            ("MAJORITY_ACCURACY", "Overall accuracy of the majority class (per parcel)"),
                            ("AREA_OVERALL_ACCURACY", "Overall accuracy (per area)"),
                            ("AREA_KAPPA", "Kappa (per area)")):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def execute(self, parameters, context, feedback):
        source, records, _names, crs_wkt = read_parcels(self, parameters, context, "PARCELS")
        start, end = period(self, parameters, context)
        reporter = self.reporter(feedback)
        result = self.run_science(
            parcels_run.run_parcel_classification, image_inputs(self, parameters, context), start, end, records,
            (self.parameterAsString(parameters, "LABEL_FIELD", context) or "").strip() or "CROP",
            parcels_crs=crs_wkt, level=self.parameterAsEnumString(parameters, "LEVEL", context) or "auto",
            name_field=(self.parameterAsString(parameters, "NAME_FIELD", context) or "").strip() or None,
            features=self.parameterAsEnumString(parameters, "FEATURES", context) or "auto",
            statistics=tuple(self.parameterAsEnumStrings(parameters, "STATISTICS", context) or ("mean",)),
            inner_buffer=self.parameterAsDouble(parameters, "INNER_BUFFER", context),
            min_pixels=self.parameterAsInt(parameters, "MIN_PIXELS", context),
            validation_mode=self.parameterAsEnumString(parameters, "VALIDATION_MODE", context) or "split",
            validation_ratio=self.parameterAsDouble(parameters, "VALIDATION_RATIO", context),
            folds=self.parameterAsInt(parameters, "FOLDS", context),
            n_trees=self.parameterAsInt(parameters, "N_TREES", context),
            max_depth=self.parameterAsInt(parameters, "MAX_DEPTH", context),
            min_samples=self.parameterAsInt(parameters, "MIN_SAMPLES", context),
            seed=self.parameterAsInt(parameters, "SEED", context),
            memory_mb=self.parameterAsInt(parameters, "MEMORY", context),
            out_folder=self.parameterAsString(parameters, "OUTPUT_FOLDER", context),
            **extra_rasters_kwargs(self, parameters, context),
            site=self.parameterAsString(parameters, "SITE", context).strip(),
            tile=self.parameterAsString(parameters, "TILE", context).strip() or None,
            overwrite=self.parameterAsBoolean(parameters, "OVERWRITE", context), reporter=reporter)
        fields = QgsFields(source.fields())
        for name, kind in result["fields"]:
            if fields.indexOf(name) < 0:
                fields.append(QgsField(name, _KINDS[kind][0], _KINDS[kind][1]))
        dest = write_parcels(self, parameters, context, fields, source.sourceCrs(), result["parcels"], "OUTPUT")
        style_vector_output(self, context, dest, qml_text=result["qml_text"])
        a, area_a = result["assessment"], result["area_assessment"]
        figures = {"OVERALL_ACCURACY": result["overall_accuracy"], "KAPPA": result["kappa"], "OA_LOW": a.ci_low,
                   "OA_HIGH": a.ci_high, "MAJORITY_ACCURACY": a.majority_accuracy,
                   "AREA_OVERALL_ACCURACY": area_a.accuracy, "AREA_KAPPA": area_a.kappa}
        outputs = {"OUTPUT": dest, "PRODUCT": result["product"],
                   "OUTPUT_FOLDER": self.parameterAsString(parameters, "OUTPUT_FOLDER", context)}
        for key, value in figures.items():
            outputs[key] = None if value is None or math.isnan(value) else float(value)
        return outputs
