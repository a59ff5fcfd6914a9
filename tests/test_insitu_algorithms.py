"""In situ algorithms through processing.run and qgis_process, on demo and real parcels."""
import os
import zipfile

import pytest
from osgeo import ogr, osr

from conftest import FLANDERS, REPO, needs

DEMO = os.path.join(REPO, "demo", "parcels.geojson")
LABELS = os.path.join(FLANDERS, "labels.gpkg")


def features(path):
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    return [(f.items(), f.GetGeometryRef().Clone()) for f in lyr]


def make_layer(path, geom_type, fields, rows, epsg=32631):
    """rows: [(wkt, {field: value})]; fields: [(name, ogr type)]."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    lyr = ds.CreateLayer("layer", srs, geom_type)
    for name, kind in fields:
        lyr.CreateField(ogr.FieldDefn(name, kind))
    for wkt, values in rows:
        feat = ogr.Feature(lyr.GetLayerDefn())
        feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        for key, value in values.items():
            feat.SetField(key, value)
        lyr.CreateFeature(feat)
    ds = None
    return str(path)


SQUARE = "POLYGON((501000 5629000,501200 5629000,501200 5629200,501000 5629200,501000 5629000))"


def test_innerbuffer_shrinks_parcels_and_keeps_attributes(run_alg, tmp_path):
    out = str(tmp_path / "buffered.gpkg")
    result = run_alg("innerbuffer", {"INPUT": DEMO, "DISTANCE": 15, "OUTPUT": out})
    rows = features(result["OUTPUT"])
    # 26 parcels: the 20 m strip vanishes, the rest stay (no area filter here).
    assert len(rows) == 25
    first = [g for attrs, g in rows if attrs["ID"] == 1][0]
    assert first.GetArea() == pytest.approx((120 - 30) * (110 - 30), rel=0.002)
    assert {attrs["NAME"] for attrs, _ in rows} >= {"Maize", "Potatoes"}
    assert os.path.exists(str(tmp_path / "buffered.qml"))


def test_areafilter_writes_area_in_square_metres(run_alg, tmp_path):
    result = run_alg("areafilter", {"INPUT": DEMO, "AREA_FIELD": "AREA", "MIN_AREA": 5000,
                                    "OUTPUT": str(tmp_path / "big.gpkg")})
    rows = features(result["OUTPUT"])
    assert rows and all(attrs["AREA"] > 5000 for attrs, _ in rows)
    for attrs, geom in rows:
        assert attrs["AREA"] == pytest.approx(geom.GetArea(), abs=0.01)
    # 0.3 ha parcel 21 is dropped, the 0.64 ha parcel 22 is kept (no buffer here).
    ids = {attrs["ID"] for attrs, _ in rows}
    assert 21 not in ids and 22 in ids


def test_prepareinsitu_crop_mask_with_zip_and_style(run_alg, tmp_path):
    out, zipped = str(tmp_path / "prepared.gpkg"), str(tmp_path / "prepared.zip")
    result = run_alg("prepareinsitu", {"INPUT": DEMO, "PURPOSE": 0, "OUTPUT": out, "OUTPUT_ZIP": zipped})
    assert result["PARCEL_COUNT"] == 22
    rows = features(out)
    assert sorted(attrs["ID"] for attrs, _ in rows) == list(range(1, 21)) + [25, 26]
    assert all(attrs["AREA"] > 5000 and attrs["CROP"] in (0, 1) for attrs, _ in rows)
    with zipfile.ZipFile(zipped) as zf:
        assert sorted(n.rsplit(".", 1)[1] for n in zf.namelist()) == ["dbf", "prj", "shp", "shx"]
    assert len(features("/vsizip/" + zipped)) == 22
    qml = open(str(tmp_path / "prepared.qml"), encoding="utf-8").read()
    assert 'attr="CROP"' in qml and 'label="Crop"' in qml


def test_prepareinsitu_crop_type_styles_each_code(run_alg, tmp_path):
    out = str(tmp_path / "types.gpkg")
    run_alg("prepareinsitu", {"INPUT": DEMO, "PURPOSE": 1, "OVERLAPS": 2, "OUTPUT": out})
    rows = features(out)
    # Dropping both overlapping parcels (25 and 26) leaves the 20 fields.
    assert sorted(attrs["ID"] for attrs, _ in rows) == list(range(1, 21))
    qml = open(str(tmp_path / "types.qml"), encoding="utf-8").read()
    for code in {attrs["CODE"] for attrs, _ in rows}:
        assert 'value="%d"' % code in qml


def _bad(run_alg, tmp_path, params, message):
    from qgis.core import QgsProcessingException

    out = str(tmp_path / "out.gpkg")
    params = dict({"OUTPUT": out}, **params)
    with pytest.raises(QgsProcessingException) as err:
        run_alg("prepareinsitu", params)
    assert message in str(err.value)
    assert not os.path.exists(out), "nothing may be written on bad input"


def test_bad_input_empty_layer(run_alg, tmp_path):
    path = make_layer(tmp_path / "empty.gpkg", ogr.wkbPolygon, [("CROP", ogr.OFTInteger)], [])
    _bad(run_alg, tmp_path, {"INPUT": path}, "The in situ layer has no features.")


def test_bad_input_points_or_lines(run_alg, tmp_path):
    points = make_layer(tmp_path / "pts.gpkg", ogr.wkbPoint, [("CROP", ogr.OFTInteger)],
                        [("POINT(501000 5629000)", {"CROP": 1})])
    _bad(run_alg, tmp_path, {"INPUT": points}, "The in situ layer holds Point geometries. Parcels must be polygons")
    lines = make_layer(tmp_path / "lines.gpkg", ogr.wkbLineString, [("CROP", ogr.OFTInteger)],
                       [("LINESTRING(501000 5629000,501100 5629100)", {"CROP": 1})])
    _bad(run_alg, tmp_path, {"INPUT": lines}, "holds LineString geometries")


def test_bad_input_missing_or_non_numeric_field(run_alg, tmp_path):
    path = make_layer(tmp_path / "nocrop.gpkg", ogr.wkbPolygon, [("ID", ogr.OFTInteger)], [(SQUARE, {"ID": 1})])
    _bad(run_alg, tmp_path, {"INPUT": path}, "The in situ layer has no field 'CROP' (fields: fid, ID)")
    _bad(run_alg, tmp_path, {"INPUT": path, "PURPOSE": 1}, "has no field 'CODE'")
    text = make_layer(tmp_path / "text.gpkg", ogr.wkbPolygon, [("CROP", ogr.OFTString)], [(SQUARE, {"CROP": "x"})])
    _bad(run_alg, tmp_path, {"INPUT": text}, "Field 'CROP' must be numeric, but it holds 'x'")


def test_bad_input_crop_values(run_alg, tmp_path):
    path = make_layer(tmp_path / "crop2.gpkg", ogr.wkbPolygon, [("CROP", ogr.OFTInteger)],
                      [(SQUARE, {"CROP": 2})])
    _bad(run_alg, tmp_path, {"INPUT": path}, "Field 'CROP' must hold 1 (crop) or 0 (non-crop) only, but it also holds 2")


def test_bad_input_distances_and_areas(run_alg, tmp_path):
    _bad(run_alg, tmp_path, {"INPUT": DEMO, "BUFFER": -15}, "inner buffer distance must be between 0 and 500 m")
    _bad(run_alg, tmp_path, {"INPUT": DEMO, "BUFFER": 1e6}, "inner buffer distance must be between 0 and 500 m")
    _bad(run_alg, tmp_path, {"INPUT": DEMO, "MIN_AREA": -1}, "minimum area must be between 0 and")
    _bad(run_alg, tmp_path, {"INPUT": DEMO, "MIN_AREA": 1e12}, "minimum area must be between 0 and")
    _bad(run_alg, tmp_path, {"INPUT": DEMO, "BUFFER": 400}, "No parcel is left after a 400 m inner buffer")


def test_bad_input_output_equal_to_input(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    path = make_layer(tmp_path / "same.gpkg", ogr.wkbPolygon, [("CROP", ogr.OFTInteger)], [(SQUARE, {"CROP": 1})])
    before = open(path, "rb").read()
    with pytest.raises(QgsProcessingException, match="is the input file"):
        run_alg("prepareinsitu", {"INPUT": path, "OUTPUT": path})
    assert open(path, "rb").read() == before


def test_bad_input_unreadable_file(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"this is not a geopackage")
    with pytest.raises(QgsProcessingException, match="INPUT"):
        run_alg("prepareinsitu", {"INPUT": str(path), "OUTPUT": str(tmp_path / "o.gpkg")})
    assert not os.path.exists(str(tmp_path / "o.gpkg"))


def test_algorithms_are_listed_by_qgis_process(qgis_process):
    listing = qgis_process.call(["list"]).stdout
    for alg in ("cropmapper:innerbuffer", "cropmapper:areafilter", "cropmapper:prepareinsitu"):
        assert alg in listing
    helptext = qgis_process.call(["help", "cropmapper:prepareinsitu"]).stdout
    assert "inner buffer" in helptext.lower() and "OUTPUT_ZIP" in helptext


def test_prepareinsitu_through_qgis_process(qgis_process, tmp_path):
    out = str(tmp_path / "cli.gpkg")
    code, result, proc = qgis_process.run("cropmapper:prepareinsitu", {"INPUT": DEMO, "PURPOSE": 1, "OUTPUT": out})
    assert code == 0, proc.stderr
    assert result["results"]["PARCEL_COUNT"] == 22
    assert len(features(out)) == 22 and os.path.exists(str(tmp_path / "cli.qml"))
    code, _, proc = qgis_process.run("cropmapper:prepareinsitu", {"INPUT": DEMO, "BUFFER": -1,
                                                                  "OUTPUT": str(tmp_path / "x.gpkg")})
    assert code == 1 and "inner buffer distance must be between 0 and 500 m" in proc.stdout + proc.stderr
    assert not os.path.exists(str(tmp_path / "x.gpkg"))


@needs(LABELS)
def test_real_parcels_are_prepared_correctly(qgis_process, tmp_path):
    """Every kept parcel is > 5000 m², lies inside its original, and no point of it is
    closer than 15 m (less a small tolerance) to the original boundary."""
    out = str(tmp_path / "real.gpkg")
    code, result, proc = qgis_process.run("cropmapper:prepareinsitu", {
        "INPUT": LABELS, "PURPOSE": 0, "CROP_FIELD": "is_crop", "OUTPUT": out})
    assert code == 0, proc.stdout + proc.stderr
    originals = [g for _, g in features(LABELS)]
    kept = features(out)
    assert len(kept) == result["results"]["PARCEL_COUNT"] > 0
    for attrs, geom in kept:
        assert geom.GetArea() > 5000 and attrs["AREA"] > 5000
        inside = [o for o in originals if o.Contains(geom.PointOnSurface())]
        assert len(inside) == 1
        original = inside[0]
        assert geom.Within(original.Buffer(0.01))
        boundary = original.Boundary()
        for i in range(geom.GetGeometryCount()):
            ring = geom.GetGeometryRef(i).GetGeometryRef(0)
            for k in range(ring.GetPointCount()):
                point = ogr.Geometry(ogr.wkbPoint)
                point.AddPoint_2D(*ring.GetPoint_2D(k))
                assert point.Distance(boundary) >= 15 - 0.01
