"""The bad-input battery's data and cases (tests/test_bad_inputs.py runs them; `make check-bad-inputs` prints
them as a table). The data is a small simulated scene (64 x 64 px, 6 dates as dated GeoTIFFs, SAFE and MAJA
products), its parcels, and a crop mask and a crop type product made from it, all built once per session.

A case is (name, algorithm, params(world, out) -> dict, expect): ``expect`` a text the failure message must
hold, or a function(world, out, result) asserting what a SUCCESS produced (for inputs handled well by a
run: spaces in paths, a 3D geometry flattened...). ``prep(world, out)`` builds the bad input in the case's
output folder when it needs one of its own. ``via="qgis_process"`` runs the case through the command line
(exit code and printed message)."""
import glob
import hashlib
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
from osgeo import gdal, ogr, osr

N_FAST = {"N_TREES": 5, "SAMPLES_PER_CLASS": 200}


@dataclass
class Case:
    name: str
    alg: str
    params: Callable
    expect: object                      # str (failure message part) or callable (success check)
    prep: Optional[Callable] = None
    via: str = "run"
    note: str = ""
    tags: tuple = field(default_factory=tuple)
    log: Optional[Callable] = None      # log(world) -> texts the run's log must hold (processing.run cases)


class World:
    """Paths of the session's good inputs (never written by a case: their bytes are hashed around each)."""

    def __init__(self, root):
        from cropmapper.science import workflow
        from cropmapper.science.sim import simulator

        self.root = root
        scene = os.path.join(root, "scene")
        dates = simulator.season_dates("2018-03-01", "2018-10-31", n=6)
        r = simulator.simulate_scene(scene, 64, 64, dates=dates, seed=3, formats=("geotiff", "safe", "maja"),
                                     realism="none")
        self.images = os.path.join(scene, "geotiff")
        self.safe_dir = os.path.join(scene, "safe")
        self.maja_dir = os.path.join(scene, "maja")
        self.safes = sorted(r["safe"])
        self.tifs = sorted(glob.glob(os.path.join(self.images, "S2L2A_*T??????.tif")))
        self.parcels = r["parcels"]
        self.products = os.path.join(root, "products")
        fast = dict(n_trees=5, samples_per_class=200)
        self.mask = workflow.run_crop_mask([self.images], None, None, self.parcels, "CROP", site="BAD",
                                           out_folder=self.products, **fast)["product"]
        self.ctype = workflow.run_crop_type([self.images], None, None, self.parcels, "CODE", site="BAD",
                                            out_folder=self.products, **fast)["product"]
        self.mask_map = glob.glob(os.path.join(self.mask, "TILES", "*", "IMG_DATA", "*_CM_*.TIF"))[0]
        self.ctype_map = glob.glob(os.path.join(self.ctype, "TILES", "*", "IMG_DATA", "*_CT_*.TIF"))[0]
        self.vectors = os.path.join(root, "vectors")
        os.makedirs(self.vectors)
        self._make_vectors()
        self.rasters = os.path.join(root, "rasters")
        os.makedirs(self.rasters)
        self._make_rasters()

    # --- inputs derived once --------------------------------------------------------------------------
    def vector(self, name):
        return os.path.join(self.vectors, name + ".gpkg")

    def _copy_parcels(self, name, edit=None, epsg=None, geom_type=None, field_type=None):
        """A copy of the parcels, each feature passed through edit(i, wkb_geometry, attrs) -> (geom, attrs)."""
        src = ogr.Open(self.parcels)
        layer = src.GetLayer(0)
        srs = layer.GetSpatialRef()
        target = srs
        transform = None
        if epsg:
            target = osr.SpatialReference()
            target.ImportFromEPSG(epsg)
            target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            transform = osr.CoordinateTransformation(srs, target)
        out = ogr.GetDriverByName("GPKG").CreateDataSource(self.vector(name))
        lout = out.CreateLayer("parcels", target, geom_type or ogr.wkbMultiPolygon)
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        for i in range(defn.GetFieldCount()):
            fd = defn.GetFieldDefn(i)
            kind = (field_type or {}).get(fd.GetName(), fd.GetType())
            lout.CreateField(ogr.FieldDefn(fd.GetName(), kind))
        for i, f in enumerate(layer):
            geom = f.GetGeometryRef().Clone()
            if transform:
                geom.Transform(transform)
            attrs = {n: f.GetField(n) for n in names}
            if edit:
                geom, attrs = edit(i, geom, attrs)
                if attrs is None:
                    continue
            feat = ogr.Feature(lout.GetLayerDefn())
            if geom is not None:
                feat.SetGeometry(geom)
            for n, v in attrs.items():
                if v is not None:
                    feat.SetField(n, v)
            lout.CreateFeature(feat)
        out = None

    def _make_vectors(self):
        self._copy_parcels("geographic", epsg=4326)

        def far(i, g, a):
            moved = ogr.CreateGeometryFromWkt(g.ExportToWkt())
            _shift(moved, 200000.0)
            return moved, a
        self._copy_parcels("far_away", edit=far)
        self._copy_parcels("empty_geom", edit=lambda i, g, a: (ogr.Geometry(ogr.wkbMultiPolygon) if i == 0 else g, a))
        self._copy_parcels("null_geom", edit=lambda i, g, a: (None if i == 0 else g, a))

        def bowtie(i, g, a):
            if i:
                return g, a
            x0, y0, x1, y1 = _bounds(g)
            w = ogr.CreateGeometryFromWkt("MULTIPOLYGON(((%f %f,%f %f,%f %f,%f %f,%f %f)))"
                                          % (x0, y0, x1, y1, x1, y0, x0, y1, x0, y0))
            return w, a
        self._copy_parcels("self_intersecting", edit=bowtie)

        def multipart(i, g, a):
            if i != 1:
                return (g, a) if i > 1 else (None, None)
            both = ogr.ForceToMultiPolygon(g.Clone())
            x0, y0, x1, y1 = _bounds(g)
            both.AddGeometry(ogr.CreateGeometryFromWkt("POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (
                x0 + 2000, y0, x1 + 2000, y0, x1 + 2000, y1, x0 + 2000, y1, x0 + 2000, y0)))
            return both, a
        self._copy_parcels("multipart", edit=multipart)

        def z3(i, g, a):
            g3 = ogr.CreateGeometryFromWkt(g.ExportToWkt())
            g3.Set3D(True)
            return g3, a
        self._copy_parcels("three_d", edit=z3, geom_type=ogr.wkbMultiPolygon25D)
        self._copy_parcels("duplicate_ids", edit=lambda i, g, a: (g, dict(a, ID=1)))
        self._copy_parcels("text_codes", edit=lambda i, g, a: (g, dict(a, CODE=str(a["CODE"]))),
                           field_type={"CODE": ogr.OFTString})
        self._copy_parcels("word_codes", edit=lambda i, g, a: (g, dict(a, CODE="maize" if i == 0 else str(a["CODE"]))),
                           field_type={"CODE": ogr.OFTString})
        self._copy_parcels("crop_sevens", edit=lambda i, g, a: (g, dict(a, CROP=7 if i == 0 else a["CROP"])))
        self._copy_parcels("one_class", edit=lambda i, g, a: (g, dict(a, CROP=1)))
        self._copy_parcels("all_null_labels", edit=lambda i, g, a: (g, dict(a, CROP=None)))

        def tiny(i, g, a):  # parcel 0 shrunk to a 3 m square: no pixel centre
            if i:
                return g, a
            x0, y0, _, _ = _bounds(g)
            return ogr.CreateGeometryFromWkt("MULTIPOLYGON(((%f %f,%f %f,%f %f,%f %f,%f %f)))" % (
                x0 + 1, y0 + 1, x0 + 4, y0 + 1, x0 + 4, y0 + 4, x0 + 1, y0 + 4, x0 + 1, y0 + 1)), a
        self._copy_parcels("tiny_parcel", edit=tiny)
        first = {}

        def overlap(i, g, a):  # parcel 1 is parcel 0 again, shifted by 5 m: they share pixels
            if i == 0:
                first["g"] = g.Clone()
                return g, a
            if i == 1:
                moved = ogr.CreateGeometryFromWkt(first["g"].ExportToWkt())
                _shift(moved, 5.0)
                return moved, a
            return g, a
        self._copy_parcels("overlapping", edit=overlap)
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(self.vector("points"))
        lay = ds.CreateLayer("points", _utm31(), ogr.wkbPoint)
        lay.CreateField(ogr.FieldDefn("CROP", ogr.OFTInteger))
        f = ogr.Feature(lay.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT(500100 5629900)"))
        f.SetField("CROP", 1)
        lay.CreateFeature(f)
        ds = None
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(self.vector("no_features"))
        ds.CreateLayer("parcels", _utm31(), ogr.wkbMultiPolygon).CreateField(ogr.FieldDefn("CROP", ogr.OFTInteger))
        ds = None
        spaced = os.path.join(self.vectors, "my parcels é")
        os.makedirs(spaced)
        shutil.copy(self.parcels, os.path.join(spaced, "parcels été.gpkg"))
        self.spaced_parcels = os.path.join(spaced, "parcels été.gpkg")
        with open(os.path.join(self.vectors, "legend_latin1.csv"), "wb") as f:
            f.write("code,name\n1110,blé d'hiver\n1200,maïs\n".encode("latin-1"))
        with open(os.path.join(self.vectors, "legend_ok.csv"), "w", encoding="utf-8") as f:
            f.write("code,name\n1110,blé d'hiver\n1200,maïs\n")

    def raster(self, name):
        return os.path.join(self.rasters, name)

    def _make_rasters(self):
        ds = gdal.Open(self.mask_map)
        sevens = gdal.GetDriverByName("GTiff").CreateCopy(self.raster("sevens.tif"), ds)
        sevens.GetRasterBand(1).Fill(7)
        sevens = None
        gdal.Translate(self.raster("mask_other_grid.tif"), self.mask_map, srcWin=[0, 0, 32, 32])
        gdal.Warp(self.raster("extra_3857.tif"), self.tifs[0], dstSRS="EPSG:3857")
        gdal.Warp(self.raster("reference_3035.tif"), self.tifs[0], dstSRS="EPSG:3035", xRes=20, yRes=20)
        # corrupt and truncated inputs, each alone in a folder
        for name, source in (("truncated_tif", self.tifs[0]), ("truncated_zip", None), ("garbage_tif", None)):
            os.makedirs(self.raster(name))
        data = open(self.tifs[0], "rb").read()
        stem = os.path.basename(self.tifs[0])
        with open(os.path.join(self.raster("truncated_tif"), stem), "wb") as f:
            f.write(data[: len(data) // 3])
        with open(os.path.join(self.raster("garbage_tif"), stem), "wb") as f:
            f.write(b"II*\x00" + os.urandom(2000))
        # zips beyond truncated, each alone in a folder: a member's bytes flipped (CRC error), random bytes, no SAFE
        self.zip_crc = os.path.join(self.raster("zip_crc"), os.path.basename(self.safes[3]) + ".zip")
        os.makedirs(self.raster("zip_crc"))
        _zip_folder(self.safes[3], self.zip_crc, zipfile.ZIP_DEFLATED)
        with zipfile.ZipFile(self.zip_crc) as z:
            b04 = next(i for i in z.infolist() if "_B04_" in i.filename)
        with open(self.zip_crc, "r+b") as f:
            f.seek(b04.header_offset + 30 + len(b04.filename) + len(b04.extra) + b04.compress_size // 2)
            middle = f.read(64)
            f.seek(-len(middle), 1)
            f.write(bytes(b ^ 0xFF for b in middle))
        os.makedirs(self.raster("zip_random"))
        self.zip_random = os.path.join(self.raster("zip_random"), os.path.basename(self.safes[4]) + ".zip")
        with open(self.zip_random, "wb") as f:
            f.write(np.random.default_rng(5).bytes(5000))
        os.makedirs(self.raster("zip_no_safe"))
        self.zip_no_safe = os.path.join(self.raster("zip_no_safe"), "S2B_MSIL2A_20180601T105029_T31UES.zip")
        with zipfile.ZipFile(self.zip_no_safe, "w") as z:
            z.writestr("readme.txt", "no product here")
            z.write(self.tifs[0], "images/" + os.path.basename(self.tifs[0]))
        zpath = os.path.join(self.raster("truncated_zip"), os.path.basename(self.safes[0]) + ".zip")
        _zip_folder(self.safes[0], zpath)
        with open(zpath, "r+b") as f:
            f.truncate(os.path.getsize(zpath) // 2)
        # SAFE products with a missing band / broken metadata
        self.safe_no_b04 = self._safe_copy("safe_no_b04")
        for jp2 in glob.glob(os.path.join(self.safe_no_b04, "*", "GRANULE", "*", "IMG_DATA", "*", "*_B04_*.jp2")):
            os.remove(jp2)
        self.safe_bad_mtd = self._safe_copy("safe_bad_mtd")
        for mtd in glob.glob(os.path.join(self.safe_bad_mtd, "*", "MTD_MSIL2A.xml")):
            text = open(mtd, encoding="utf-8").read()
            open(mtd, "w", encoding="utf-8").write(text[: len(text) // 2])
        self.safe_no_date = self._safe_copy("safe_no_date")
        for mtd in glob.glob(os.path.join(self.safe_no_date, "*", "MTD_MSIL2A.xml")):
            open(mtd, "w", encoding="utf-8").write("<broken")
        for tl in glob.glob(os.path.join(self.safe_no_date, "*", "GRANULE", "*", "MTD_TL.xml")):
            open(tl, "w", encoding="utf-8").write("<broken")
        for prod in glob.glob(os.path.join(self.safe_no_date, "*.SAFE")):
            os.rename(prod, os.path.join(self.safe_no_date, "PRODUCT_%d.SAFE" % (abs(hash(prod)) % 1000)))
        # all-cloud dates: the GeoTIFFs with an SCL of 9 (cloud high probability) everywhere
        os.makedirs(self.raster("all_cloud"))
        for tif in self.tifs:
            shutil.copy(tif, self.raster("all_cloud"))
            scl = tif[:-4] + "_SCL.tif"
            out = gdal.GetDriverByName("GTiff").CreateCopy(os.path.join(self.raster("all_cloud"),
                                                                        os.path.basename(scl)), gdal.Open(scl))
            out.GetRasterBand(1).Fill(9)
            out = None
        # SAFE products whose B04 JPEG 2000 decodes to garbage (uniform 0-65535): all of them, or one of six
        self.safe_garbage = self._safe_copy("safe_garbage")
        for jp2 in glob.glob(os.path.join(self.safe_garbage, "*", "GRANULE", "*", "IMG_DATA", "*", "*_B04_*.jp2")):
            _garbage_jp2(jp2)
        self.safe_one_garbage = self.raster("safe_one_garbage")
        shutil.copytree(self.safe_dir, self.safe_one_garbage)
        jp2 = glob.glob(os.path.join(self.safe_one_garbage, "*", "GRANULE", "*", "IMG_DATA", "*", "*_B04_*.jp2"))[2]
        _garbage_jp2(jp2)
        self.garbage_safe = os.path.join(self.safe_one_garbage, os.path.relpath(jp2, self.safe_one_garbage)
                                         .split(os.sep)[0])
        os.makedirs(self.raster("no_tile"))
        for tif in self.tifs:
            copy = os.path.join(self.raster("no_tile"), os.path.basename(tif))
            shutil.copy(tif, copy)
            shutil.copy(tif[:-4] + "_SCL.tif", copy[:-4] + "_SCL.tif")
            ds = gdal.Open(copy, gdal.GA_Update)
            ds.SetMetadata({k: v for k, v in ds.GetMetadata().items() if k != "TILE"})
            ds = None
        # images in a folder with spaces and non-ASCII characters
        self.spaced_images = self.raster("images été 2018")
        shutil.copytree(self.images, self.spaced_images)

    def _safe_copy(self, name):
        folder = self.raster(name)
        os.makedirs(folder)
        for safe in self.safes[:3]:
            shutil.copytree(safe, os.path.join(folder, os.path.basename(safe)))
        return folder

    def input_paths(self):
        return [self.root]


def _garbage_jp2(path):
    src = gdal.Open(path)
    mem = gdal.GetDriverByName("MEM").CreateCopy("", src)
    src = None
    rng = np.random.default_rng(7)
    mem.GetRasterBand(1).WriteArray(rng.integers(1, 65535, (mem.RasterYSize, mem.RasterXSize), dtype=np.uint16))
    os.remove(path)
    gdal.GetDriverByName("JP2OpenJPEG").CreateCopy(path, mem, options=["REVERSIBLE=YES", "QUALITY=100"])


def _utm31():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return srs


def _shift(g, dx):
    if g.GetGeometryCount():
        for k in range(g.GetGeometryCount()):
            _shift(g.GetGeometryRef(k), dx)
    for p in range(g.GetPointCount()):
        g.SetPoint_2D(p, g.GetX(p) + dx, g.GetY(p))


def _bounds(g):
    x0, x1, y0, y1 = g.GetEnvelope()
    return x0, y0, x1, y1


def _zip_folder(folder, zpath, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(zpath, "w", compression) as z:
        for base, _dirs, files in os.walk(folder):
            for f in files:
                full = os.path.join(base, f)
                z.write(full, os.path.relpath(full, os.path.dirname(folder)))


def tree_hash(paths):
    """{path: sha1} of every file under ``paths`` (the inputs a case must leave unchanged). GDAL's .aux.xml
    sidecars are left out: QGIS writes one next to a raster layer it computes statistics of (loadproduct's
    COMPOSITE, a REFERENCE_RASTER), beside the input, whose own bytes stay the same."""
    digests = {}
    for top in paths:
        for base, _dirs, files in os.walk(top):
            for f in files:
                if f.endswith(".aux.xml"):
                    continue
                full = os.path.join(base, f)
                with open(full, "rb") as handle:
                    digests[full] = hashlib.sha1(handle.read()).hexdigest()
    return digests


# --- making bad outputs --------------------------------------------------------------------------------
def unwritable(out):
    """A folder the run cannot write into: read-only (chmod) for a normal user; as root (chmod does not bind)
    a file standing where the folder's parent should be, which fails the same writes with an OSError."""
    if os.geteuid() != 0:
        path = os.path.join(out, "readonly")
        os.makedirs(path)
        os.chmod(path, 0o555)
        return os.path.join(path, "sub")
    blocker = os.path.join(out, "readonly")
    with open(blocker, "w") as f:
        f.write("not a folder")
    return os.path.join(blocker, "sub")


def _product_check(level):
    def check(world, out, result):
        folder = os.path.join(out, "products")
        products = [p for p in os.listdir(folder) if p.startswith("S2AGRI_%s_PRD" % level)]
        assert len(products) == 1 and len(os.listdir(folder)) == 1, os.listdir(folder)  # no temporary left
        assert result["PRODUCT"] == os.path.join(folder, products[0])
        assert gdal.Open(result["CROP_MASK" if level == "L4A" else "CROP_TYPE"]) is not None
    check.__name__ = "one %s product, no temporary folder left" % level
    return check


def _raster_check(key, bands=None):
    def check(world, out, result):
        ds = gdal.Open(result[key])
        assert ds is not None
        if bands:
            assert ds.RasterCount == bands
    check.__name__ = "%s written%s" % (key, " with %d bands" % bands if bands else "")
    return check


def _red_is_reflectance(world, out, result):
    ds = gdal.Open(result["OUTPUT"])  # kept while its band is read
    red = ds.GetRasterBand(1).ReadAsArray()
    assert np.isfinite(red).all() and 0 <= red.min() and red.max() < 0.5, (red.min(), red.max())


def _garbage_listed_as_rejected(world, out, result):
    """The product records the corrupt image as rejected, with the reason, and not among the inputs used."""
    import json
    import xml.etree.ElementTree as ET

    _product_check("L4A")(world, out, result)
    bad = world.garbage_safe
    mtd = ET.parse(glob.glob(os.path.join(result["PRODUCT"], "S2AGRI_L4A_MTD_*.xml"))[0])
    records = {e.text: e.attrib for e in mtd.iter("Input")}
    assert len(records) == 6 and records[bad]["status"] == "rejected", records
    assert records[bad]["reason"].startswith("band B04 decodes to values up to"), records[bad]
    assert [r["status"] for k, r in records.items() if k != bad] == ["used"] * 5, records
    ipp = ET.parse(glob.glob(os.path.join(result["PRODUCT"], "AUX_DATA", "S2AGRI_L4A_IPP_*.xml"))[0])
    used = json.loads(next(e.text for e in ipp.iter("Parameter") if e.get("name") == "INPUT"))
    assert sorted(used) == sorted(k for k in records if k != bad), used


def _images_used(n):
    def check(world, out, result):
        assert gdal.Open(result["OUTPUT"]) is not None
    check.__name__ = "%d images used, the bad one skipped and named in the log" % n
    return check


def _features_of(world, out, result):
    ds = gdal.Open(result["OUTPUT"])
    assert ds.RasterCount == result["FEATURE_COUNT"] > 0


def _extra_appended(world, out, result):
    ds = gdal.Open(result["OUTPUT"])
    names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
    # 6 NDVI dates every 10 days from March to October, then the extra raster's 10 bands by description
    assert names[-10:] == ["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12"], names
    assert all(n.startswith("NDVI_") for n in names[:-10])
    last = ds.GetRasterBand(ds.RasterCount).ReadAsArray()
    assert np.isfinite(last).mean() > 0.9


def _reference_grid(world, out, result):
    ds, ref = gdal.Open(result["OUTPUT"]), gdal.Open(world.raster("reference_3035.tif"))
    assert (ds.RasterXSize, ds.RasterYSize, ds.GetGeoTransform()) == (ref.RasterXSize, ref.RasterYSize,
                                                                       ref.GetGeoTransform())
    assert "3035" in osr.SpatialReference(ds.GetProjection()).GetAuthorityCode(None)


def _vector_count(n=None, z=None):
    def check(world, out, result):
        ds = ogr.Open(result["OUTPUT"].split("|")[0])
        layer = ds.GetLayer(0)
        if n is not None:
            assert layer.GetFeatureCount() == n
        else:
            assert layer.GetFeatureCount() > 0
        if z is not None:
            assert bool(ogr.GT_HasZ(layer.GetGeomType())) == z
    check.__name__ = "%s parcels written%s" % (n if n is not None else "the", "" if z is None else ", 2D")
    return check


def _one_prepared_per_parcel(world, out, result):
    assert result["PARCEL_COUNT"] > 0


def _out(name):
    return lambda w, out: os.path.join(out, name)


def mask_params(w, out, **extra):
    p = {"INPUT": [w.images], "IN_SITU": w.parcels, "SITE": "BAD", "OUTPUT_FOLDER": os.path.join(out, "products")}
    p.update(N_FAST)
    p.update(extra)
    return p


def type_params(w, out, **extra):
    p = mask_params(w, out, **extra)
    p.setdefault("CODE_FIELD", "CODE")
    return p


def parcel_params(w, out, **extra):
    p = {"INPUT": [w.images], "PARCELS": w.parcels, "LABEL_FIELD": "CROP", "N_TREES": 5,
         "OUTPUT": os.path.join(out, "classified.gpkg"), "OUTPUT_FOLDER": os.path.join(out, "runs")}
    p.update(extra)
    return p


def _parcel_status(n=None, first=None):
    """Success check of a parcel classification: every parcel written (``n``), the first one's STATUS."""
    def check(world, out, result):
        ds = ogr.Open(result["OUTPUT"].split("|")[0])
        rows = [f.GetField("STATUS") for f in ds.GetLayer(0)]
        assert rows and (n is None or len(rows) == n)
        assert "classified" in rows
        if first is not None:
            assert rows[0] == first
    check.__name__ = "parcels classified%s" % ("" if first is None else ", the first one %s" % first)
    return check


def images_params(w, out, **extra):
    p = {"INPUT": [w.images], "OUTPUT": os.path.join(out, "out.tif")}
    p.update(extra)
    return p


def insitu_params(w, out, **extra):
    p = {"INPUT": w.parcels, "OUTPUT": os.path.join(out, "prepared.gpkg")}
    p.update(extra)
    return p


def _products(w, out, **extra):
    p = {"PRODUCTS": "%s;%s" % (w.mask, w.mask), "OUTPUT_HTML": os.path.join(out, "c.html"),
         "OUTPUT_CSV": os.path.join(out, "c.csv")}
    p.update(extra)
    return p


def _layers(w, out, **extra):
    p = {"PRODUCT": w.mask, "OUTPUT_LOW_EVIDENCE": os.path.join(out, "low.tif"),
         "OUTPUT_CSV": os.path.join(out, "q.csv")}
    p.update(extra)
    return p


def _report(w, out, **extra):
    p = {"PRODUCT": w.mask, "OUTPUT_HTML": os.path.join(out, "r.html")}
    p.update(extra)
    return p


NON_UTF8 = os.fsdecode(b"caf\xe9")  # on Linux a name with a byte that is not UTF-8 (Python: a surrogate)
NON_UTF8_SHOWN = "caf\\xe9"  # how the message names it


def _non_utf8_images(w, out):
    shutil.copytree(w.images, os.path.join(out, NON_UTF8))


def _non_utf8_parcels(w, out):
    os.makedirs(os.path.join(out, NON_UTF8))
    shutil.copy(w.parcels, os.path.join(out, NON_UTF8, "parcels.gpkg"))


def _not_a_product(w, out):
    os.makedirs(os.path.join(out, "nothing here"))


def apply_params(w, out, **extra):
    p = {"MODEL": w.mask, "INPUT": [w.images], "SITE": "BAD", "OUTPUT_FOLDER": os.path.join(out, "products")}
    p.update(extra)
    return p


def _reference_map(w, out, far=False, crop_cells=8):
    """out/ref.tif: a reference map of 16 x 16 cells of 4 px with CCI codes 10 (``crop_cells`` columns on the
    left) and 130 over the images, or (``far``) the same map 1000 km east; out/none.csv maps neither code, out/nocrop.csv maps no code to crop."""
    src = gdal.Open(w.tifs[0])
    gt = list(src.GetGeoTransform())
    if far:
        gt[0] += 1e6
    ds = gdal.GetDriverByName("GTiff").Create(os.path.join(out, "ref.tif"), 16, 16, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((gt[0], gt[1] * 4, 0, gt[3], 0, gt[5] * 4))
    ds.SetProjection(src.GetProjection())
    codes = np.full((16, 16), 130, np.uint8)
    codes[:, :crop_cells] = 10
    ds.GetRasterBand(1).WriteArray(codes)
    ds = None
    with open(os.path.join(out, "none.csv"), "w") as f:
        f.write("code,class\n5,crop\n6,noncrop\n")
    with open(os.path.join(out, "nocrop.csv"), "w") as f:
        f.write("code,class\n10,noncrop\n130,noncrop\n")


def ref_params(w, out, **extra):
    p = {"INPUT": [w.images], "REFERENCE": os.path.join(out, "ref.tif"), "SITE": "BAD",
         "OUTPUT_FOLDER": os.path.join(out, "products")}
    p.update(N_FAST)
    p.update(extra)
    return p


def _applied_check(world, out, result):
    folder = os.path.join(out, "products")
    assert os.listdir(folder) == [os.path.basename(result["PRODUCT"])]  # no temporary left
    assert result["LEVEL"] == "L4B" and gdal.Open(result["MAP"]) is not None


RANGE = "must be between"


def _far_extra(w, out):
    """A dated VV stack 100 km east of the scene: same CRS, no overlap."""
    os.makedirs(out, exist_ok=True)
    src = gdal.Open(w.tifs[0])
    ds = gdal.GetDriverByName("GTiff").Create(os.path.join(out, "far_s1.tif"), 16, 16, 2, gdal.GDT_Float32)
    gt = list(src.GetGeoTransform())
    gt[0] += 100000.0
    ds.SetGeoTransform(gt)
    ds.SetProjection(src.GetProjection())
    for b, desc in enumerate(("2018-03-01_VV", "2018-03-08_VV")):
        ds.GetRasterBand(b + 1).SetDescription(desc)
        ds.GetRasterBand(b + 1).Fill(-10.0)
    ds = None


def _broken_extra(w, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "broken_s1.tif"), "wb") as f:
        f.write(b"II*\x00" + bytes(range(256)) * 4)


CASES = [
    # --- 1. an output that is an input -----------------------------------------------------------------
    Case("features output is an image of the input folder", "timeseriesfeatures",
         lambda w, out: images_params(w, out, OUTPUT=w.tifs[0]), "is the image S2L2A_"),
    Case("features output is an input file", "timeseriesfeatures",
         lambda w, out: images_params(w, out, INPUT=w.tifs[:3], OUTPUT=w.tifs[1]), "is the input file"),
    Case("features flags output is an input file", "timeseriesfeatures",
         lambda w, out: images_params(w, out, INPUT=w.tifs, OUTPUT_FLAGS=w.tifs[2]), "OUTPUT_FLAGS"),
    Case("composite output inside an input .SAFE", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.safes[0]], OUTPUT=os.path.join(w.safes[0], "c.tif")),
         "lies inside the input product"),
    Case("composite output inside a product of the input folder", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.safe_dir], OUTPUT=os.path.join(w.safes[1], "c.tif")),
         "lies inside the product"),
    Case("features output is an input image (qgis_process)", "timeseriesfeatures",
         lambda w, out: images_params(w, out, OUTPUT=w.tifs[0]), "is the image S2L2A_", via="qgis_process"),
    Case("cropmask output folder inside a .SAFE", "cropmask",
         lambda w, out: mask_params(w, out, INPUT=[w.safes[0]], OUTPUT_FOLDER=os.path.join(w.safes[0], "p")),
         "lies inside the input product"),
    Case("cropmask OUTPUT_MAP is an input image", "cropmask",
         lambda w, out: mask_params(w, out, OUTPUT_MAP=w.tifs[0]), "OUTPUT_MAP"),
    Case("croptype OUTPUT_MAP is the crop mask", "croptype",
         lambda w, out: type_params(w, out, CROP_MASK=w.raster("sevens.tif"), OUTPUT_MAP=w.raster("sevens.tif")),
         "is the input file"),
    Case("prepareinsitu output is its input", "prepareinsitu",
         lambda w, out: insitu_params(w, out, OUTPUT=w.parcels), "is the input file"),
    Case("innerbuffer output is its input", "innerbuffer",
         lambda w, out: insitu_params(w, out, OUTPUT=w.parcels), "is the input file"),
    Case("areafilter output is its input", "areafilter",
         lambda w, out: insitu_params(w, out, OUTPUT=w.parcels), "is the input file"),
    Case("qualitylayers output is the product's map", "qualitylayers",
         lambda w, out: _layers(w, out, OUTPUT_LOW_EVIDENCE=w.mask_map), "product"),
    Case("loadproduct project over the composite input", "loadproduct",
         lambda w, out: {"PRODUCT": w.mask, "COMPOSITE": w.tifs[0], "OUTPUT_PROJECT": w.tifs[0]},
         "is the input file"),
    # --- 2. parameters out of range ----------------------------------------------------------------------
    Case("N_TREES=1e9", "cropmask", lambda w, out: mask_params(w, out, N_TREES=1e9),
         "N_TREES must be between 1 and 1000 (got 1000000000)."),
    Case("N_TREES=1e9 via qgis_process", "cropmask", lambda w, out: mask_params(w, out, N_TREES="1e9"),
         "N_TREES must be between 1 and 1000 (got 1000000000).", via="qgis_process"),
    Case("MAX_DEPTH=0", "croptype", lambda w, out: type_params(w, out, MAX_DEPTH=0),
         "MAX_DEPTH must be between 1 and 100 (got 0)."),
    Case("SAMPLES_PER_CLASS=0", "cropmask", lambda w, out: mask_params(w, out, SAMPLES_PER_CLASS=0),
         "SAMPLES_PER_CLASS must be between 1 and 1000000 (got 0)."),
    Case("MIN_SAMPLES=1", "cropmask", lambda w, out: mask_params(w, out, MIN_SAMPLES=1),
         "MIN_SAMPLES must be between 2 and 1000000 (got 1)."),
    Case("MEMORY=1", "cropmask", lambda w, out: mask_params(w, out, MEMORY=1),
         "MEMORY must be between 16 and 1000000 (got 1)."),
    Case("MEMORY=1e7 via qgis_process", "timeseriesfeatures", lambda w, out: images_params(w, out, MEMORY="1e7"),
         "MEMORY must be between 16 and 1000000 (got 10000000).", via="qgis_process"),
    Case("FOLDS=50", "croptype", lambda w, out: type_params(w, out, VALIDATION_MODE="kfold", FOLDS=50),
         "FOLDS must be between 2 and 20 (got 50)."),
    Case("SEED=-1", "cropmask", lambda w, out: mask_params(w, out, SEED=-1),
         "SEED must be between 0 and 2147483647 (got -1)."),
    Case("VALIDATION_RATIO=1.5", "cropmask", lambda w, out: mask_params(w, out, VALIDATION_RATIO=1.5),
         "VALIDATION_RATIO must be between 0.01 and 0.99 (got 1.5)."),
    Case("STEP_DAYS=0", "timeseriesfeatures", lambda w, out: images_params(w, out, STEP_DAYS=0),
         "STEP_DAYS must be between 1 and 366 (got 0)."),
    Case("WINDOW=99", "timeseriesfeatures", lambda w, out: images_params(w, out, WINDOW=99),
         "WINDOW must be between 1 and 30 (got 99)."),
    Case("RESOLUTION=0", "composite", lambda w, out: images_params(w, out, RESOLUTION=0),
         "RESOLUTION must be between 0.1 and 10000 (got 0)."),
    Case("MAX_CLOUD=150", "composite", lambda w, out: images_params(w, out, MAX_CLOUD=150),
         "MAX_CLOUD must be between 0 and 100 (got 150)."),
    Case("MIN_VALID_DATES=0", "qualitylayers", lambda w, out: _layers(w, out, MIN_VALID_DATES=0),
         "MIN_VALID_DATES must be between 1 and 1000 (got 0)."),
    Case("qualityreport SEED=-5", "qualityreport", lambda w, out: _report(w, out, SEED=-5),
         "SEED must be between 0 and 2147483647 (got -5)."),
    Case("compareproducts MEMORY=0", "compareproducts", lambda w, out: _products(w, out, MEMORY=0),
         "MEMORY must be between 16 and 1000000 (got 0)."),
    Case("BUFFER=-15", "prepareinsitu", lambda w, out: insitu_params(w, out, BUFFER=-15),
         "inner buffer distance must be between 0 and 500 m (got -15"),
    Case("DISTANCE=1e6", "innerbuffer", lambda w, out: insitu_params(w, out, DISTANCE=1e6),
         "inner buffer distance must be between 0 and 500 m"),
    Case("MIN_AREA=1e12", "areafilter", lambda w, out: insitu_params(w, out, MIN_AREA=1e12),
         "minimum area must be between 0 and 1e+07"),
    # --- 3. unwritable outputs, a legend that is not UTF-8 ---------------------------------------------
    Case("cropmask into an unwritable folder", "cropmask",
         lambda w, out: mask_params(w, out, OUTPUT_FOLDER=unwritable(out)), "Cannot write the product into"),
    Case("composite into an unwritable folder", "composite",
         lambda w, out: images_params(w, out, OUTPUT=os.path.join(unwritable(out), "c.tif")), "Cannot write"),
    Case("features into an unwritable folder", "timeseriesfeatures",
         lambda w, out: images_params(w, out, OUTPUT=os.path.join(unwritable(out), "f.tif")), "Cannot write"),
    Case("qualitylayers into an unwritable folder", "qualitylayers",
         lambda w, out: _layers(w, out, OUTPUT_CSV=os.path.join(unwritable(out), "q.csv")), "Cannot write"),
    Case("compareproducts into an unwritable folder", "compareproducts",
         lambda w, out: _products(w, out, OUTPUT_CSV=os.path.join(unwritable(out), "c.csv")), "Cannot write"),
    Case("qualityreport into an unwritable folder", "qualityreport",
         lambda w, out: _report(w, out, OUTPUT_HTML=os.path.join(unwritable(out), "r.html")), "Cannot write"),
    Case("legend CSV in Latin-1", "croptype",
         lambda w, out: type_params(w, out, LEGEND=os.path.join(w.vectors, "legend_latin1.csv")),
         "is not UTF-8 text (byte 0xe9 at position 17): save it as CSV UTF-8"),
    # --- 4. a tile no image has --------------------------------------------------------------------------
    Case("TILE=99XXX on GeoTIFFs", "timeseriesfeatures", lambda w, out: images_params(w, out, TILE="99XXX"),
         "TILE 99XXX matches none of the 6 image(s) found: their tiles are 31UES."),
    Case("TILE=99XXX on SAFE products", "cropmask",
         lambda w, out: mask_params(w, out, INPUT=[w.safe_dir], TILE="99XXX"),
         "TILE 99XXX matches none of the 6 image(s) found: their tiles are 31UES."),
    Case("TILE on GeoTIFFs that carry no tile", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.raster("no_tile")], TILE="31UES"),
         "TILE 31UES matches none of the 6 image(s) found: they carry no tile name (e.g. GeoTIFFs)."),
    # --- 6. a crop mask that is not one ------------------------------------------------------------------
    Case("crop mask full of 7s", "croptype",
         lambda w, out: type_params(w, out, CROP_MASK=w.raster("sevens.tif")),
         "holds values other than 0 (non-crop) and 1 (crop): 7."),
    Case("crop mask on another grid", "croptype",
         lambda w, out: type_params(w, out, CROP_MASK=w.raster("mask_other_grid.tif")), "is on another grid"),
    Case("crop mask is a crop type product", "croptype", lambda w, out: type_params(w, out, CROP_MASK=w.ctype),
         "is a L4B product, not a crop mask (L4A)"),
    Case("crop mask product is a good one", "croptype", lambda w, out: type_params(w, out, CROP_MASK=w.mask),
         _product_check("L4B")),
    # --- 7. text labels: one rule ------------------------------------------------------------------------
    Case("text codes '1200' prepared", "prepareinsitu",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("text_codes"), PURPOSE=1), _one_prepared_per_parcel),
    Case("text codes '1200' classified", "croptype",
         lambda w, out: type_params(w, out, IN_SITU=w.vector("text_codes")), _product_check("L4B")),
    Case("word code 'maize' refused by prepareinsitu", "prepareinsitu",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("word_codes"), PURPOSE=1),
         "Field 'CODE' must be numeric, but it holds 'maize'"),
    Case("word code 'maize' refused by croptype", "croptype",
         lambda w, out: type_params(w, out, IN_SITU=w.vector("word_codes")),
         "The code field 'CODE' must hold integer crop codes"),
    Case("crop label 7", "cropmask", lambda w, out: mask_params(w, out, IN_SITU=w.vector("crop_sevens")),
         "must hold 0 (non-crop) or 1 (crop); it also holds: 7"),
    # --- 8/9. images: corrupt, truncated, missing band, broken metadata, all cloud, other CRSs ----------
    Case("truncated GeoTIFF", "timeseriesfeatures",
         lambda w, out: images_params(w, out, INPUT=[w.raster("truncated_tif")]), "unreadable or corrupt"),
    Case("garbage GeoTIFF", "composite", lambda w, out: images_params(w, out, INPUT=[w.raster("garbage_tif")]),
         "unreadable or corrupt"),
    Case("truncated SAFE zip", "cropmask", lambda w, out: mask_params(w, out, INPUT=[w.raster("truncated_zip")]),
         "unreadable or corrupt"),
    Case("SAFE zip with a corrupt member (CRC error), with 3 good products", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.raster("zip_crc")] + w.safes[:3]), _images_used(3),
         log=lambda w: ("Skipped %s (" % w.zip_crc, "_B04_10m.jp2: its bytes do not match their CRC",
                        "3 image(s) used, 1 skipped.")),
    Case("a .zip of random bytes, with 3 good products", "timeseriesfeatures",
         lambda w, out: images_params(w, out, INPUT=[w.raster("zip_random")] + w.safes[:3]), _images_used(3),
         log=lambda w: ("Skipped %s: unreadable or empty zip file (truncated or corrupt?)" % w.zip_random,
                        "3 image(s) used, 1 skipped.")),
    Case("a zip holding no SAFE, with 3 good products", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.raster("zip_no_safe")] + w.safes[:3]), _images_used(3),
         log=lambda w: ("Skipped %s: no Sentinel-2 L2A product inside (no MTD_MSIL2A.xml nor .SAFE folder)"
                        % w.zip_no_safe,
                        "3 image(s) used, 1 skipped.")),
    Case("only corrupt, random and product-less zips", "cropmask",
         lambda w, out: mask_params(w, out, INPUT=[w.raster(z) for z in ("zip_crc", "zip_random", "zip_no_safe")]),
         "No usable image: 3 found, all skipped (3 unreadable or corrupt). The log names each one and why."),
    Case("SAFE without B04", "composite", lambda w, out: images_params(w, out, INPUT=[w.safe_no_b04]),
         "missing bands"),
    Case("SAFE with truncated MTD XML", "timeseriesfeatures",
         lambda w, out: images_params(w, out, INPUT=[w.safe_bad_mtd]), _features_of,
         note="the date and offsets come from the name and the granule: read, not refused"),
    Case("SAFE B04 JPEG 2000 with garbage data, every image", "timeseriesfeatures",
         lambda w, out: images_params(w, out, INPUT=[w.safe_garbage]),
         "No usable image: all 3 hold values that cannot be reflectance (band B04 decodes to values up to"),
    Case("SAFE B04 JPEG 2000 with garbage data, every image, crop mask", "cropmask",
         lambda w, out: mask_params(w, out, INPUT=[w.safe_garbage]), "hold values that cannot be reflectance"),
    Case("SAFE B04 JPEG 2000 with garbage data, one image of six", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.safe_one_garbage], BANDS=["B04"], METHOD=1), _red_is_reflectance,
         note="best pixel: the garbage image (the date nearest the centre) is skipped, logged; red stays below 0.5"),
    Case("SAFE B04 JPEG 2000 with garbage data, one image of six, crop mask", "cropmask",
         lambda w, out: mask_params(w, out, INPUT=[w.safe_one_garbage]), _garbage_listed_as_rejected,
         note="the garbage image is listed in the MTD as rejected with its reason; the IPP INPUT lists the 5 used"),
    Case("SAFE with no readable date", "composite", lambda w, out: images_params(w, out, INPUT=[w.safe_no_date]),
         "no readable date"),
    Case("all-cloud scene", "timeseriesfeatures", lambda w, out: images_params(w, out, INPUT=[w.raster("all_cloud")]),
         "Every pixel is cloudy or without data on all 6 images"),
    Case("all-cloud scene, crop mask", "cropmask",
         lambda w, out: mask_params(w, out, INPUT=[w.raster("all_cloud")]), "cloud"),
    Case("extra raster in EPSG:3857", "timeseriesfeatures",
         lambda w, out: images_params(w, out, EXTRA_RASTERS=[w.raster("extra_3857.tif")], FEATURES=["ndvi"]),
         _extra_appended),
    Case("reference raster in EPSG:3035", "composite",
         lambda w, out: images_params(w, out, REFERENCE_RASTER=w.raster("reference_3035.tif")), _reference_grid),
    Case("no image in the period", "composite",
         lambda w, out: images_params(w, out, START_DATE="2020-01-01"), "No image in the period 2020-01-01"),
    Case("start date not a date", "timeseriesfeatures", lambda w, out: images_params(w, out, START_DATE="2018-02-30"),
         "Start date (START_DATE): '2018-02-30' is not a date. Write it as YYYY-MM-DD"),
    Case("end before start", "cropmask",
         lambda w, out: mask_params(w, out, START_DATE="2018-09-01", END_DATE="2018-04-01"),
         "is after the end date"),
    Case("input path that does not exist", "composite",
         lambda w, out: images_params(w, out, INPUT=[os.path.join(out, "missing")]), "does not exist"),
    Case("images in a folder with spaces and accents", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.spaced_images], OUTPUT=os.path.join(out, "sub dir é", "c.tif")),
         _raster_check("OUTPUT", 4)),
    # --- non-UTF-8 paths (Linux): refused before anything runs, the path named with its byte -------------
    Case("input folder name not UTF-8", "cropmask",
         lambda w, out: mask_params(w, out, INPUT=[os.path.join(out, NON_UTF8)]),
         "/%s holds bytes that are not UTF-8 text (\\xe9): QGIS and GDAL cannot use such a name. Rename the file "
         "or folder with UTF-8 characters only, or choose another one." % NON_UTF8_SHOWN, prep=_non_utf8_images),
    Case("in situ file in a folder not UTF-8", "croptype",
         lambda w, out: type_params(w, out, IN_SITU=os.path.join(out, NON_UTF8, "parcels.gpkg")),
         "/%s/parcels.gpkg holds bytes that are not UTF-8 text (\\xe9)" % NON_UTF8_SHOWN, prep=_non_utf8_parcels),
    Case("output folder name not UTF-8", "cropmask",
         lambda w, out: mask_params(w, out, OUTPUT_FOLDER=os.path.join(out, NON_UTF8)),
         "/%s holds bytes that are not UTF-8 text (\\xe9)" % NON_UTF8_SHOWN),
    Case("output raster in a folder not UTF-8", "timeseriesfeatures",
         lambda w, out: images_params(w, out, OUTPUT=os.path.join(out, NON_UTF8, "f.tif")),
         "/%s/f.tif holds bytes that are not UTF-8 text (\\xe9)" % NON_UTF8_SHOWN),
    Case("input folder name not UTF-8 (qgis_process)", "composite",
         lambda w, out: images_params(w, out, INPUT=[os.path.join(out, NON_UTF8)]),
         "/%s (the name held bytes that are not UTF-8 text, shown as \ufffd: rename the "
         "file or folder with UTF-8 characters only)" % "caf\ufffd", prep=_non_utf8_images, via="qgis_process",
         note="qgis_process decodes its arguments as UTF-8: the byte arrives as U+FFFD"),
    # --- in situ: CRS, overlap, geometries, IDs ----------------------------------------------------------
    Case("in situ in a geographic CRS", "cropmask",
         lambda w, out: mask_params(w, out, IN_SITU=w.vector("geographic")), _product_check("L4A")),
    Case("in situ not overlapping the images", "cropmask",
         lambda w, out: mask_params(w, out, IN_SITU=w.vector("far_away")), "overlap"),
    Case("in situ with an empty geometry", "prepareinsitu",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("empty_geom"), MIN_AREA=0, BUFFER=0),
         _vector_count(22)),
    Case("in situ with a null geometry", "innerbuffer",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("null_geom"), DISTANCE=0), _vector_count(22)),
    Case("in situ with a null geometry, crop mask", "cropmask",
         lambda w, out: mask_params(w, out, IN_SITU=w.vector("null_geom")), _product_check("L4A")),
    Case("self-intersecting polygon repaired", "areafilter",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("self_intersecting"), MIN_AREA=0), _vector_count(23)),
    Case("multipart polygon", "prepareinsitu",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("multipart"), MIN_AREA=0), _vector_count()),
    Case("3D polygons flattened", "innerbuffer",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("three_d")), _vector_count(z=False)),
    Case("3D polygons, crop type", "croptype",
         lambda w, out: type_params(w, out, IN_SITU=w.vector("three_d")), _product_check("L4B")),
    Case("duplicate IDs", "cropmask", lambda w, out: mask_params(w, out, IN_SITU=w.vector("duplicate_ids")),
         _product_check("L4A")),
    Case("points instead of polygons", "prepareinsitu",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("points")), "Point"),
    Case("layer without features", "areafilter", lambda w, out: insitu_params(w, out, INPUT=w.vector("no_features")),
         "no features"),
    Case("one class only", "cropmask", lambda w, out: mask_params(w, out, IN_SITU=w.vector("one_class")),
         "class"),
    Case("every label empty", "cropmask", lambda w, out: mask_params(w, out, IN_SITU=w.vector("all_null_labels")),
         "No in situ polygon has a usable 'CROP' value"),
    Case("label field missing", "cropmask", lambda w, out: mask_params(w, out, CROP_FIELD="NOPE"), "NOPE"),
    Case("parcels path with spaces and accents", "areafilter",
         lambda w, out: insitu_params(w, out, INPUT=w.spaced_parcels, OUTPUT=os.path.join(out, "a é b.gpkg")),
         _vector_count()),
    Case("site name with spaces", "cropmask", lambda w, out: mask_params(w, out, SITE="my site"),
         "The site name 'my site' may hold only letters, digits and '-'"),
    Case("site name with accents", "croptype", lambda w, out: type_params(w, out, SITE="été"),
         "The site name 'été' may hold only"),
    # --- 8. a failed run leaves no folder it created -----------------------------------------------------
    Case("features fail late into a new folder", "timeseriesfeatures",
         lambda w, out: images_params(w, out, INPUT=[w.raster("all_cloud")], OUTPUT=os.path.join(out, "new", "f.tif"),
                                      OUTPUT_FLAGS=os.path.join(out, "new2", "g.tif")), "Every pixel is cloudy"),
    Case("composite fails late into a new folder", "composite",
         lambda w, out: images_params(w, out, INPUT=[w.raster("all_cloud")], OUTPUT=os.path.join(out, "a", "b", "c.tif")),
         "Every pixel is cloudy"),
    Case("crop mask fails into a new folder", "cropmask",
         lambda w, out: mask_params(w, out, IN_SITU=w.vector("one_class"), OUTPUT_FOLDER=os.path.join(out, "n", "m")),
         "Only one class can be trained"),
    Case("crop type fails into a new folder", "croptype",
         lambda w, out: type_params(w, out, CROP_MASK=w.raster("mask_other_grid.tif"),
                                    OUTPUT_FOLDER=os.path.join(out, "n", "m")), "is on another grid"),
    Case("prepareinsitu fails with a zip into a new folder", "prepareinsitu",
         lambda w, out: insitu_params(w, out, INPUT=w.vector("word_codes"), PURPOSE=1,
                                      OUTPUT=os.path.join(out, "n", "p.gpkg"), OUTPUT_ZIP=os.path.join(out, "z", "p.zip")),
         "must be numeric"),
    Case("qualitylayers fails into a new folder", "qualitylayers",
         lambda w, out: _layers(w, out, PRODUCT=w.ctype_map + ".missing", OUTPUT_CSV=os.path.join(out, "n", "q.csv"),
                                OUTPUT_LOW_EVIDENCE=os.path.join(out, "n", "l.tif")), "missing"),
    # --- parcel classification (object-based) ------------------------------------------------------------
    Case("parcels: label field missing", "parcelclassification",
         lambda w, out: parcel_params(w, out, LABEL_FIELD="NOPE"), "The parcel layer has no field 'NOPE'"),
    Case("parcels: no labelled parcel", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("all_null_labels")),
         "No labelled parcel holds a pixel: give 'CROP' values"),
    Case("parcels: a single class", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("one_class")), "a classifier needs at least two"),
    Case("parcels: crop codes with LEVEL mask", "parcelclassification",
         lambda w, out: parcel_params(w, out, LABEL_FIELD="CODE", LEVEL="mask"),
         "LEVEL mask needs labels 1 (crop) / 0 (non-crop) in 'CODE'"),
    Case("parcels: layer without features", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("no_features")), "has no features"),
    Case("parcels: multipart parcel", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("multipart")), _parcel_status(),
         log=lambda w: ["1 multipart parcels: each is classified as one parcel (its parts pooled)."]),
    Case("parcels: tiny parcel", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("tiny_parcel")), _parcel_status(first="no_pixel"),
         log=lambda w: ["1 parcels hold no pixel centre of the 10 m grid"]),
    Case("parcels: outside the images", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("far_away")), "No labelled parcel holds a pixel"),
    Case("parcels: geographic CRS", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("geographic")), _parcel_status(),
         log=lambda w: ["In situ polygons reprojected from WGS 84"]),
    Case("parcels: a parcel without geometry", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("null_geom")), _parcel_status(first="no_geometry"),
         log=lambda w: ["1 parcels without a polygon geometry are not classified (STATUS no_geometry)."]),
    Case("parcels: overlapping parcels", "parcelclassification",
         lambda w, out: parcel_params(w, out, PARCELS=w.vector("overlapping")), _parcel_status(),
         log=lambda w: ["Overlapping parcels: 2 parcels overlap others on",
                        "each such pixel goes to the last of them in the layer's order (1 parcels got such pixels)."]),
    # --- products ----------------------------------------------------------------------------------------
    Case("PRODUCT is not a product", "qualityreport",
         lambda w, out: _report(w, out, PRODUCT=os.path.join(out, "nothing here")), "nothing here",
         prep=_not_a_product),
    Case("PRODUCT does not exist", "loadproduct",
         lambda w, out: {"PRODUCT": os.path.join(out, "gone")}, "gone"),
    Case("products of different levels", "compareproducts",
         lambda w, out: _products(w, out, PRODUCTS="%s;%s" % (w.mask, w.ctype)), "level"),
    Case("a single product to compare", "compareproducts",
         lambda w, out: _products(w, out, PRODUCTS=w.mask), "two"),
    # --- applymodel ----------------------------------------------------------------------------------------
    Case("applymodel MODEL is not a product", "applymodel",
         lambda w, out: apply_params(w, out, MODEL=os.path.join(out, "nothing here")),
         "is not a Sen2-Agri L4A / L4B product", prep=_not_a_product),
    Case("applymodel MODEL is an image folder", "applymodel",
         lambda w, out: apply_params(w, out, MODEL=w.images), "is not a Sen2-Agri L4A / L4B product"),
    Case("applymodel period shorter than the model's", "applymodel",
         lambda w, out: apply_params(w, out, START_DATE="2018-03-01", END_DATE="2018-05-31",
                                     OUTPUT_FOLDER=os.path.join(out, "n", "m")),
         "the period 2018-03-01 to 2018-05-31 gives 10: 15 dates missing."),
    Case("applymodel crop mask with a crop mask model", "applymodel",
         lambda w, out: apply_params(w, out, CROP_MASK=w.mask), "A crop mask applies to a crop type (L4B) model only"),
    Case("applymodel crop mask full of 7s", "applymodel",
         lambda w, out: apply_params(w, out, MODEL=w.ctype, CROP_MASK=w.raster("sevens.tif")),
         "holds values other than 0 (non-crop) and 1 (crop)"),
    Case("applymodel crop type model on SAFE products", "applymodel",
         lambda w, out: apply_params(w, out, MODEL=w.ctype, INPUT=[w.safe_dir]), _applied_check,
         note="the GeoTIFFs' model on the same scene as SAFE products"),
    Case("applymodel label field missing", "applymodel",
         lambda w, out: apply_params(w, out, IN_SITU=w.parcels, LABEL_FIELD="NOPE"),
         "The in situ layer has no field 'NOPE'"),
    Case("qualitylayers CSV over the product's map", "qualitylayers",
         lambda w, out: _layers(w, out, OUTPUT_CSV=w.mask_map), "product"),
    # --- crop mask without in situ data: the reference map and its legend --------------------------------
    Case("reference map not covering the images", "cropmaskreference", ref_params,
         "does not cover the images (no reference pixel on their extent",
         prep=lambda w, out: _reference_map(w, out, True)),
    Case("mapping CSV maps none of the reference codes", "cropmaskreference",
         lambda w, out: ref_params(w, out, REFERENCE_LEGEND="csv", MAPPING=os.path.join(out, "none.csv")),
         "None of the reference map's codes (10, 130) is mapped to crop or noncrop by the csv legend",
         prep=_reference_map),
    Case("mapping CSV without a crop class", "cropmaskreference",
         lambda w, out: ref_params(w, out, REFERENCE_LEGEND="csv", MAPPING=os.path.join(out, "nocrop.csv")),
         "maps no code to crop: a crop mask needs crop pixels", prep=_reference_map),
    Case("REFERENCE_LEGEND csv without MAPPING", "cropmaskreference",
         lambda w, out: ref_params(w, out, REFERENCE_LEGEND="csv"), "REFERENCE_LEGEND csv needs a MAPPING CSV",
         prep=_reference_map),
    Case("reference map without crop after erosion", "cropmaskreference",
         lambda w, out: ref_params(w, out, EROSION_RADIUS=5), "gives no crop pixel on the images after the erosion",
         prep=lambda w, out: _reference_map(w, out, crop_cells=2)),
    # --- extra feature rasters (EXTRA_RASTERS) ------------------------------------------------------------
    Case("extra raster not covering the images", "cropmask",
         lambda w, out: mask_params(w, out, EXTRA_RASTERS=[os.path.join(out, "far_s1.tif")]),
         "does not cover the images' grid", prep=_far_extra),
    Case("extra raster that cannot be opened", "cropmask",
         lambda w, out: mask_params(w, out, EXTRA_RASTERS=[os.path.join(out, "broken_s1.tif")]),
         "Cannot open the extra raster", prep=_broken_extra),
    Case("extra raster resampling asked, bands without dates", "croptype",
         lambda w, out: type_params(w, out, EXTRA_RASTERS=[w.raster("extra_3857.tif")], EXTRA_RESAMPLE="yes"),
         "have no date in their description"),
    Case("FEATURES=none without extra rasters", "cropmask", lambda w, out: mask_params(w, out, FEATURES="none"),
         "give at least one extra raster (EXTRA_RASTERS)"),
]


def case_ids():
    return [c.name for c in CASES]
