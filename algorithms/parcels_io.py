"""QGIS glue shared by the in situ algorithms: feature source <-> science Parcel records."""
import os

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessingException,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..science.insitu import Parcel

POLYGON_HELP = "Parcels must be polygons (a polygon or multipolygon layer)."


def file_part(source):
    """The file path of a layer source or output string ('path|layername=x' -> path)."""
    if not source:
        return ""
    path = str(source).split("|")[0]
    return os.path.normcase(os.path.realpath(path)) if os.path.exists(path) or os.path.isabs(path) else path


def read_parcels(algorithm, parameters, context, name="INPUT"):
    """Read the polygon source into Parcel records; returns (source, parcels, field names, CRS WKT)."""
    source = algorithm.parameterAsSource(parameters, name, context)
    if source is None:
        raise QgsProcessingException(
            algorithm.tr("Cannot read the in situ layer '%s': check that the file exists and is a vector format "
                         "QGIS can open.") % parameters.get(name))
    if QgsWkbTypes.geometryType(source.wkbType()) != QgsWkbTypes.PolygonGeometry:
        raise QgsProcessingException(algorithm.tr("The in situ layer holds %s geometries. %s")
                                     % (QgsWkbTypes.displayString(source.wkbType()), algorithm.tr(POLYGON_HELP)))
    if source.featureCount() == 0:
        raise QgsProcessingException(algorithm.tr("The in situ layer has no features."))
    names = source.fields().names()
    parcels = []
    for feature in source.getFeatures():
        attrs = {}
        for key, value in zip(names, feature.attributes()):
            if isinstance(value, QVariant) and value.isNull():
                value = None  # NULL arrives as a QVariant; science wants None
            attrs[key] = value
        geom = feature.geometry()
        parcels.append(Parcel(bytes(geom.asWkb()) if not geom.isEmpty() else b"", attrs))
    crs_wkt = source.sourceCrs().toWkt(source.sourceCrs().WKT_PREFERRED_GDAL) if source.sourceCrs().isValid() else ""
    return source, parcels, names, crs_wkt


def output_fields(source_fields, extra_real=()):
    fields = QgsFields(source_fields)
    for name in extra_real:
        if fields.indexOf(name) < 0:
            fields.append(QgsField(name, QVariant.Double, "double", 20, 2))
    return fields


def write_parcels(algorithm, parameters, context, fields, crs, parcels, name="OUTPUT", feedback=None):
    """Write parcels to the sink (MultiPolygon); returns the destination id."""
    sink, dest_id = algorithm.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.MultiPolygon, crs)
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, name))
    for i, parcel in enumerate(parcels):
        feature = QgsFeature(fields)
        geom = QgsGeometry()
        geom.fromWkb(parcel.wkb)
        geom.convertToMultiType()
        feature.setGeometry(geom)
        feature.setAttributes([parcel.attributes.get(f.name()) for f in fields])
        if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
            raise QgsProcessingException(algorithm.tr("Could not write parcel %d to %s.") % (i, parameters.get(name)))
    return dest_id


def field_kinds(fields):
    """[(name, 'integer'|'real'|'string')] for the OGR writers of science."""
    kinds = []
    for f in fields:
        if f.type() in (QVariant.Int, QVariant.LongLong, QVariant.UInt, QVariant.ULongLong):
            kinds.append((f.name(), "integer"))
        elif f.type() == QVariant.Double:
            kinds.append((f.name(), "real"))
        else:
            kinds.append((f.name(), "string"))
    return kinds
