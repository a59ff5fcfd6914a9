"""OGR reading and writing of Parcel records (GeoPackage, zipped ESRI shapefile)."""
import os
import shutil
import tempfile
import zipfile

from osgeo import ogr, osr

from ..errors import InputError
from ..insitu import Parcel

ogr.UseExceptions()
_OGR_TYPES = {"integer": ogr.OFTInteger64, "real": ogr.OFTReal, "string": ogr.OFTString}


def read_parcels(path, layer=None):
    """(parcels, [(field, kind)], crs_wkt) from any OGR-readable polygon file."""
    try:
        ds = ogr.Open(path)
    except RuntimeError as exc:
        raise InputError("Cannot read %s: %s", path, exc) from exc
    lyr = ds.GetLayerByName(layer) if layer else ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    fields = []
    for i in range(defn.GetFieldCount()):
        fd = defn.GetFieldDefn(i)
        kind = {ogr.OFTInteger: "integer", ogr.OFTInteger64: "integer", ogr.OFTReal: "real"}.get(fd.GetType(), "string")
        fields.append((fd.GetName(), kind))
    parcels = []
    for feat in lyr:
        geom = feat.GetGeometryRef()
        parcels.append(Parcel(geom.ExportToIsoWkb() if geom is not None else b"",
                              {name: feat.GetField(name) for name, _ in fields}))
    srs = lyr.GetSpatialRef()
    return parcels, fields, srs.ExportToWkt() if srs is not None else ""


def write_parcels(path, parcels, fields, crs_wkt, driver="GPKG", layer="parcels"):
    """Write parcels as MultiPolygons with ``fields`` [(name, kind)]; returns the path."""
    drv = ogr.GetDriverByName(driver)
    if os.path.exists(path):
        drv.DeleteDataSource(path)
    ds = drv.CreateDataSource(path)
    srs = osr.SpatialReference()
    if crs_wkt:
        srs.SetFromUserInput(crs_wkt)
    lyr = ds.CreateLayer(layer, srs if crs_wkt else None, ogr.wkbMultiPolygon)
    for name, kind in fields:
        lyr.CreateField(ogr.FieldDefn(name, _OGR_TYPES.get(kind, ogr.OFTString)))
    defn = lyr.GetLayerDefn()
    names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]  # shapefile may truncate
    lyr.StartTransaction()
    for p in parcels:
        feat = ogr.Feature(defn)
        geom = ogr.ForceToMultiPolygon(p.geometry())
        feat.SetGeometry(geom)
        for (name, _), out_name in zip(fields, names):
            value = p.attributes.get(name)
            if value is not None:
                feat.SetField(out_name, value)
        lyr.CreateFeature(feat)
    lyr.CommitTransaction()
    ds = None
    return path


def write_zipped_shapefile(zip_path, parcels, fields, crs_wkt, name=None):
    """A zip holding one ESRI shapefile (as Sen2-Agri takes in situ data); written atomically."""
    name = name or os.path.splitext(os.path.basename(zip_path))[0]
    work = tempfile.mkdtemp(prefix="cropmapper-shp-")
    try:
        write_parcels(os.path.join(work, name + ".shp"), parcels, fields, crs_wkt, driver="ESRI Shapefile", layer=name)
        partial = zip_path + ".part"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
            for member in sorted(os.listdir(work)):
                zf.write(os.path.join(work, member), member)
        os.replace(partial, zip_path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return zip_path
