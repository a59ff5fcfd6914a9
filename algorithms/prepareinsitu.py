"""cropmapper:prepareinsitu: the whole in situ preparation in one step."""
import os

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..science import insitu
from ..science.styling import code_vector_qml, crop_vector_qml
from ..science.io.vector import write_zipped_shapefile
from .base import CropMapperAlgorithm
from .parcels_io import field_kinds, output_fields, read_parcels, write_parcels
from .styling_io import style_vector_output

PURPOSES = [insitu.PURPOSE_CROP_MASK, insitu.PURPOSE_CROP_TYPE]
OVERLAP_MODES = [insitu.OVERLAP_CUT, insitu.OVERLAP_REPORT, insitu.OVERLAP_DROP]


class PrepareInSituAlgorithm(CropMapperAlgorithm):
    ID = "prepareinsitu"
    NAME = "Prepare in situ data"
    GROUP = "insitu"
    HELP = (
        "Prepares in situ parcels for training and validation the way the Sen2-Agri training teaches it, "
        "for a crop mask (label field CROP: 1 crop, 0 non-crop) or a crop-type map (label field CODE: "
        "integer crop codes).\n\n"
        "Steps: checks the label field (exists, numeric, 0/1 for CROP, integers for CODE, no empty values); "
        "repairs invalid geometries and drops empty ones; finds parcels of different labels that overlap and "
        "reports them, removes the shared area from both (default) or drops both; applies an inner buffer "
        "(15 m) in metres (in the UTM zone of the layer for geographic layers); writes the AREA field (m², "
        "planar area in the metric CRS) and keeps parcels larger than the minimum area (5000 m²). The log "
        "lists parcel counts and areas per class before and after.\n\n"
        "Outputs are styled by class. Nothing is written when a check fails."
    )
    PARAM_HELP = {
        "INPUT": "Polygon layer of in situ parcels, in any CRS.",
        "PURPOSE": "Crop mask (checks and styles the CROP field) or crop type (the CODE field).",
        "CROP_FIELD": "Field with 1 (crop) / 0 (non-crop), used for a crop mask. Default CROP.",
        "CODE_FIELD": "Field with integer crop codes, used for crop type. Default CODE.",
        "BUFFER": "Inner buffer distance in metres (0 to 500). Default 15.",
        "MIN_AREA": "Parcels larger than this area in m² after the buffer are kept. Default 5000 (0 to 10000000).",
        "OVERLAPS": "What to do with parcels of different labels that overlap: remove the shared area from "
                    "both (default), only report them in the log, or drop both parcels.",
        "CROP_ONLY": "Crop type only: keep just the parcels whose crop field is 1 (crop), as a crop-type map "
                     "is made and validated inside the crop mask. Default off.",
        "OUTPUT": "Prepared parcels (GeoPackage or any OGR format) with the AREA field.",
        "OUTPUT_ZIP": "Optional: the prepared parcels also as a zipped ESRI shapefile, as Sen2-Agri takes them.",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", "In situ parcels", [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterEnum(
            "PURPOSE", "Purpose", ["Crop mask (CROP field)", "Crop type (CODE field)"], defaultValue=0))
        self.addParameter(QgsProcessingParameterField(
            "CROP_FIELD", "Crop / non-crop field", "CROP", "INPUT", QgsProcessingParameterField.Numeric,
            optional=True))
        self.addParameter(QgsProcessingParameterField(
            "CODE_FIELD", "Crop code field", "CODE", "INPUT", QgsProcessingParameterField.Numeric,
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            "BUFFER", "Inner buffer distance (m)", QgsProcessingParameterNumber.Double, 15.0))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_AREA", "Minimum area (m²)", QgsProcessingParameterNumber.Double, 5000.0))
        self.addParameter(QgsProcessingParameterEnum(
            "OVERLAPS", "Overlapping parcels with different labels",
            ["Remove the shared area", "Report only", "Drop both parcels"], defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            "CROP_ONLY", "Crop type: keep crop parcels only (crop field = 1)", False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", "Prepared in situ parcels", QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_ZIP", "Prepared parcels as a zipped shapefile", "Zip files (*.zip)", optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("PARCEL_COUNT", "Number of prepared parcels"))

    def _field(self, parameters, name, default, context):
        value = self.parameterAsString(parameters, name, context) if parameters.get(name) else ""
        return value or default

    def execute(self, parameters, context, feedback):
        purpose = PURPOSES[self.parameterAsEnum(parameters, "PURPOSE", context)]
        crop_field = self._field(parameters, "CROP_FIELD", "CROP", context)
        code_field = self._field(parameters, "CODE_FIELD", "CODE", context)
        distance = self.parameterAsDouble(parameters, "BUFFER", context)
        min_area = self.parameterAsDouble(parameters, "MIN_AREA", context)
        overlaps = OVERLAP_MODES[self.parameterAsEnum(parameters, "OVERLAPS", context)]
        crop_only = self.parameterAsBoolean(parameters, "CROP_ONLY", context)
        zip_path = self.parameterAsFileOutput(parameters, "OUTPUT_ZIP", context) if parameters.get("OUTPUT_ZIP") else ""
        self.run_science(insitu.check_distance, distance)
        self.run_science(insitu.check_min_area, min_area)
        if zip_path and not zip_path.lower().endswith(".zip"):
            raise QgsProcessingException(self.tr("OUTPUT_ZIP must be a .zip file (got %s).") % zip_path)

        source, parcels, names, crs_wkt = read_parcels(self, parameters, context)
        feedback.setProgressText(self.tr("Checking and preparing %d parcels") % len(parcels))
        kept, _, after = self.run_science(
            insitu.prepare, parcels, names, crs_wkt, purpose, crop_field, code_field, distance, min_area,
            "AREA", overlaps, crop_only, self.reporter(feedback))

        feedback.setProgressText(self.tr("Writing %d parcels") % len(kept))
        fields = output_fields(source.fields(), ["AREA"])
        dest = write_parcels(self, parameters, context, fields, source.sourceCrs(), kept)
        label = crop_field if purpose == insitu.PURPOSE_CROP_MASK else code_field
        qml = crop_vector_qml(label) if purpose == insitu.PURPOSE_CROP_MASK else code_vector_qml(label, list(after))
        style_vector_output(self, context, dest, qml_text=qml)
        results = {"OUTPUT": dest, "OUTPUT_ZIP": None, "PARCEL_COUNT": len(kept)}
        if zip_path:
            os.makedirs(os.path.dirname(os.path.abspath(zip_path)), exist_ok=True)
            write_zipped_shapefile(zip_path, kept, field_kinds(fields), crs_wkt)
            feedback.pushInfo(self.tr("Zipped shapefile written: %s") % zip_path)
            results["OUTPUT_ZIP"] = zip_path
        return results
