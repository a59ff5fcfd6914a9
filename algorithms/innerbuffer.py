"""cropmapper:innerbuffer: a negative buffer that keeps mixed border pixels out of training."""
from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
)

from ..science import insitu
from .base import CropMapperAlgorithm
from .parcels_io import read_parcels, write_parcels
from .styling_io import style_vector_output


class InnerBufferAlgorithm(CropMapperAlgorithm):
    ID = "innerbuffer"
    NAME = "Inner buffer (parcels)"
    GROUP = "insitu"
    HELP = (
        "Shrinks every parcel by a distance in metres (a negative buffer), so that mixed pixels at parcel "
        "borders are not used for training. 15 m is the Sen2-Agri practice for 10 m Sentinel-2 pixels.\n\n"
        "Layers whose CRS is geographic (degrees), not in metres, or a Mercator projection are buffered in "
        "the WGS 84 / UTM zone of the layer's centre and written back in their own CRS. Parcels that "
        "vanish (narrower than twice the distance) are dropped and counted in the log. Attributes are kept; "
        "geometries are written as multipolygons."
    )
    PARAM_HELP = {
        "INPUT": "Polygon layer of in situ parcels.",
        "DISTANCE": "Inner buffer width in metres (0 to 500). Default 15.",
        "OUTPUT": "Buffered parcels (GeoPackage or any OGR format).",
    }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            "INPUT", "In situ parcels", [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterNumber(
            "DISTANCE", "Inner buffer distance (m)", QgsProcessingParameterNumber.Double, 15.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            "OUTPUT", "Buffered parcels", QgsProcessing.TypeVectorPolygon))

    def execute(self, parameters, context, feedback):
        distance = self.parameterAsDouble(parameters, "DISTANCE", context)
        self.run_science(insitu.check_distance, distance)
        source, parcels, _, crs_wkt = read_parcels(self, parameters, context)
        parcels = self.run_science(insitu.repair_geometries, parcels, self.reporter(feedback))
        kept, _ = self.run_science(insitu.inner_buffer, parcels, distance, crs_wkt, self.reporter(feedback))
        dest = write_parcels(self, parameters, context, source.fields(), source.sourceCrs(), kept)
        style_vector_output(self, context, dest)
        return {"OUTPUT": dest}
