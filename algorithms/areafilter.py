"""cropmapper:areafilter: writes the parcel area and keeps the large parcels."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..science import insitu
from .base import CropMapperAlgorithm
from .parcels_io import output_fields, read_parcels, write_parcels
from .styling_io import style_vector_output


class AreaFilterAlgorithm(CropMapperAlgorithm):
    ID = "areafilter"
    NAME = "Area field and filter (parcels)"
    GROUP = "insitu"
    HELP = (
        "Writes the area of every parcel in square metres to a field and keeps the parcels whose area is "
        "strictly larger than a minimum (5000 m² = 0.5 ha by default): small parcels are heterogeneous and "
        "carry little information.\n\n"
        "How the area is computed: the planar area of the polygon (holes removed) in the layer's CRS when "
        "that CRS is projected in metres (not Mercator); otherwise in the WGS 84 / UTM zone of the layer's "
        "centre. An existing field of the same name is overwritten."
    )
    PARAM_HELP = {
        "INPUT": "Polygon layer of in situ parcels.",
        "AREA_FIELD": "Name of the field that receives the area in m². Default AREA.",
        "MIN_AREA": "Parcels with an area larger than this (m²) are kept. Default 5000 (0 to 10000000).",
        "OUTPUT": "Kept parcels with the area field (GeoPackage or any OGR format).",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", "In situ parcels", [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterString("AREA_FIELD", "Area field", "AREA"))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_AREA", "Minimum area (m²)", QgsProcessingParameterNumber.Double, 5000.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", "Parcels larger than the minimum area", QgsProcessing.TypeVectorPolygon))

    def execute(self, parameters, context, feedback):
        area_field = self.parameterAsString(parameters, "AREA_FIELD", context).strip()
        min_area = self.parameterAsDouble(parameters, "MIN_AREA", context)
        self.run_science(insitu.check_min_area, min_area)
        source, parcels, _, crs_wkt = read_parcels(self, parameters, context)
        parcels = self.run_science(insitu.repair_geometries, parcels, self.reporter(feedback))
        kept = self.run_science(insitu.area_filter, parcels, crs_wkt, min_area, area_field, self.reporter(feedback))
        fields = output_fields(source.fields(), [area_field])
        dest = write_parcels(self, parameters, context, fields, source.sourceCrs(), kept)
        style_vector_output(self, context, dest)
        return {"OUTPUT": dest}
