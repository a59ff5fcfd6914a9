"""In situ preparation core (science/insitu.py): geometry, areas, checks, overlaps."""
import os

import pytest
from osgeo import ogr

from cropmapper.science import insitu
from cropmapper.science.errors import InputError
from cropmapper.science.insitu import Parcel
from cropmapper.science.progress import Reporter
from cropmapper.science.io.vector import read_parcels, write_zipped_shapefile

UTM31 = "EPSG:32631"
DEMO = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "demo", "parcels.geojson")


def box(x, y, w, h, **attrs):
    wkt = "POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (x, y, x + w, y, x + w, y + h, x, y + h, x, y)
    return Parcel(ogr.CreateGeometryFromWkt(wkt).ExportToIsoWkb(), attrs)


def test_utm_zone_of_a_point():
    assert insitu.utm_epsg(4.35, 50.85) == 32631
    assert insitu.utm_epsg(-58.4, -34.6) == 32721
    assert insitu.utm_epsg(179.9, 10) == 32660


def test_inner_buffer_of_a_square_is_the_smaller_square():
    kept, vanished = insitu.inner_buffer([box(0, 0, 100, 100, ID=1)], 15, UTM31)
    assert vanished == 0
    geom = kept[0].geometry()
    # The radius is widened by 1/cos(pi/64) (~0.12 %) so that rounded corners stay >= 15 m away.
    assert geom.GetArea() == pytest.approx(70 * 70, rel=0.002)
    xmin, xmax, ymin, ymax = geom.GetEnvelope()
    assert 15 <= xmin < 15.02 and 84.98 < xmax <= 85 and 15 <= ymin < 15.02 and 84.98 < ymax <= 85
    assert kept[0].attributes == {"ID": 1}


def test_inner_buffer_drops_and_counts_vanished_parcels():
    reporter = Reporter()
    kept, vanished = insitu.inner_buffer([box(0, 0, 100, 100), box(200, 0, 29, 500)], 15, UTM31, reporter)
    assert (len(kept), vanished) == (1, 1)
    assert "Inner buffer: 1 parcel(s) kept, 1 vanished (narrower than 30 m)." in reporter.messages


def test_geographic_layer_is_buffered_in_metres_in_utm():
    # A ~140 m x 140 m square near Brussels, in degrees.
    lon, lat, d_lon, d_lat = 4.35, 50.85, 0.002, 0.00126
    parcel = box(lon, lat, d_lon, d_lat)
    area_before = insitu.areas_m2([parcel], "EPSG:4326")[0]
    kept, _ = insitu.inner_buffer([parcel], 15, "EPSG:4326")
    area_after = insitu.areas_m2(kept, "EPSG:4326")[0]
    side = area_before ** 0.5  # nearly square on the ground
    assert area_after == pytest.approx((side - 30) ** 2, rel=0.02)
    env = kept[0].geometry().GetEnvelope()
    assert lon < env[0] < env[1] < lon + d_lon  # written back in degrees


def test_web_mercator_is_not_taken_for_ground_metres():
    # 15 ground metres at 51°N are ~23.8 Web Mercator metres.
    from osgeo import osr
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromEPSG(32631)
    dst.ImportFromEPSG(3857)
    src.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    geom = box(500000, 5650000, 200, 200).geometry()
    geom.Transform(osr.CoordinateTransformation(src, dst))
    kept, _ = insitu.inner_buffer([Parcel(geom.ExportToIsoWkb(), {})], 15, "EPSG:3857")
    assert insitu.areas_m2(kept, "EPSG:3857")[0] == pytest.approx(170 * 170, rel=0.01)


def test_area_filter_writes_area_and_keeps_strictly_larger():
    parcels = [box(0, 0, 100, 50, ID=1), box(0, 100, 50, 100, ID=2), box(0, 300, 70, 70, ID=3)]
    kept = insitu.area_filter(parcels, UTM31, 5000, "AREA")
    assert [p.attributes["ID"] for p in kept] == []  # 5000, 5000 and 4900 m²: none strictly larger
    kept = insitu.area_filter(parcels, UTM31, 4999.5, "SURF")
    assert [(p.attributes["ID"], p.attributes["SURF"]) for p in kept] == [(1, 5000.0), (2, 5000.0)]


@pytest.mark.parametrize("distance", [-1, 501, float("nan")])
def test_absurd_distance_is_refused(distance):
    with pytest.raises(InputError, match="inner buffer distance must be between 0 and 500 m"):
        insitu.inner_buffer([box(0, 0, 100, 100)], distance, UTM31)


@pytest.mark.parametrize("area", [-5, 2e7])
def test_absurd_min_area_is_refused(area):
    with pytest.raises(InputError, match="minimum area must be between 0 and 1e\\+07 m²"):
        insitu.area_filter([box(0, 0, 100, 100)], UTM31, area)


def test_attribute_checks_name_the_problem():
    fields = ["ID", "CROP", "CODE", "NAME"]
    good = [box(0, 0, 100, 100, CROP=1, CODE=1200), box(0, 0, 100, 100, CROP=0, CODE=9120)]
    insitu.check_attributes(good, fields, insitu.PURPOSE_CROP_MASK)
    insitu.check_attributes(good, fields, insitu.PURPOSE_CROP_TYPE)
    with pytest.raises(InputError, match=r"no field 'CROP' \(fields: ID, NAME\)"):
        insitu.check_attributes(good, ["ID", "NAME"], insitu.PURPOSE_CROP_MASK)
    with pytest.raises(InputError, match="must hold 1 \\(crop\\) or 0 \\(non-crop\\) only, but it also holds 2"):
        insitu.check_attributes(good + [box(0, 0, 1, 1, CROP=2)], fields, insitu.PURPOSE_CROP_MASK)
    with pytest.raises(InputError, match="Field 'CROP' must be numeric, but it holds 'yes'"):
        insitu.check_attributes([box(0, 0, 1, 1, CROP="yes")], fields, insitu.PURPOSE_CROP_MASK)
    with pytest.raises(InputError, match="1 parcel\\(s\\) have no value in field 'CODE'"):
        insitu.check_attributes(good + [box(0, 0, 1, 1, CODE=None)], fields, insitu.PURPOSE_CROP_TYPE)
    with pytest.raises(InputError, match="must hold integer crop codes, but it holds 12.5"):
        insitu.check_attributes([box(0, 0, 1, 1, CODE=12.5)], fields, insitu.PURPOSE_CROP_TYPE)


def test_invalid_geometry_is_repaired_and_empty_dropped():
    bowtie = Parcel(ogr.CreateGeometryFromWkt("POLYGON((0 0,10 10,10 0,0 10,0 0))").ExportToIsoWkb(), {"ID": 1})
    empty = Parcel(b"", {"ID": 2})
    reporter = Reporter()
    kept = insitu.repair_geometries([bowtie, empty], reporter)
    assert len(kept) == 1 and kept[0].geometry().IsValid()
    assert kept[0].geometry().GetArea() == pytest.approx(50.0)
    assert "Repaired 1 invalid geometry." in reporter.messages
    assert "Dropped 1 parcel(s) with an empty or non-polygonal geometry." in reporter.messages


def test_overlaps_between_different_codes_are_found_and_cut():
    a, b, c = box(0, 0, 100, 100, CODE=1), box(50, 0, 100, 100, CODE=2), box(0, 50, 100, 100, CODE=1)
    assert insitu.find_overlaps([a, b, c], "CODE") == [(0, 1), (1, 2)]  # a/c share a code: not an issue
    cut = insitu.resolve_overlaps([a, b, c], "CODE", insitu.OVERLAP_CUT)
    areas = [p.geometry().GetArea() for p in cut]
    # a∩b = [50,100]x[0,100] (5000 m²), b∩c = [50,100]x[50,100] (2500 m², inside a∩b):
    # a 10000-5000, b 10000-5000, c 10000-2500.
    assert areas == pytest.approx([5000.0, 5000.0, 7500.0])
    assert len(insitu.resolve_overlaps([a, b, c], "CODE", insitu.OVERLAP_DROP)) == 0
    assert len(insitu.resolve_overlaps([a, b, c], "CODE", insitu.OVERLAP_REPORT)) == 3


def test_prepare_demo_parcels_for_crop_type():
    parcels, fields, crs = read_parcels(DEMO)
    reporter = Reporter()
    kept, before, after = insitu.prepare(parcels, [f for f, _ in fields], crs, insitu.PURPOSE_CROP_TYPE,
                                         reporter=reporter)
    ids = sorted(p.attributes["ID"] for p in kept)
    # 20 fields survive; the small ones (21, 22) and the strip (23) go; the bow-tie halves are too small.
    assert ids == list(range(1, 21)) + [25, 26]
    assert all(p.attributes["AREA"] > 5000 for p in kept)
    assert sum(n for n, _ in before.values()) == 26
    assert sum(n for n, _ in after.values()) == 22
    assert any("1 overlap(s) between parcels with different 'CODE' values" in m for m in reporter.messages)


def test_prepare_refuses_an_empty_layer():
    with pytest.raises(InputError, match="The in situ layer has no features."):
        insitu.prepare([], ["CROP"], UTM31, insitu.PURPOSE_CROP_MASK)


def test_zipped_shapefile_round_trip(tmp_path):
    parcels = [box(0, 0, 100, 100, ID=1, CROP=1, NAME="a")]
    path = write_zipped_shapefile(str(tmp_path / "insitu.zip"), parcels,
                                  [("ID", "integer"), ("CROP", "integer"), ("NAME", "string")], UTM31)
    back, fields, crs = read_parcels("/vsizip/" + path)
    assert [f for f, _ in fields] == ["ID", "CROP", "NAME"]
    assert back[0].attributes == {"ID": 1, "CROP": 1, "NAME": "a"}
    assert back[0].geometry().GetArea() == pytest.approx(10000.0)
    assert "32631" in crs or "UTM zone 31N" in crs


def test_crop_type_preparation_can_keep_crop_parcels_only():
    parcels, fields, crs = read_parcels(DEMO)
    reporter = Reporter()
    kept, _, after = insitu.prepare(parcels, [f for f, _ in fields], crs, insitu.PURPOSE_CROP_TYPE,
                                    crop_only=True, reporter=reporter)
    assert kept and all(p.attributes["CROP"] == 1 for p in kept)
    assert 9120 not in after  # permanent grass is CROP 0 in the demo layer
    assert "Crop parcels only: 21 of 26 parcel(s) have CROP = 1." in reporter.messages


def gdal_messages(function, *args, **kwargs):
    """(result, [GDAL / OGR messages emitted while ``function`` ran])."""
    from osgeo import gdal

    messages = []
    gdal.PushErrorHandler(lambda cls, number, message: messages.append(message))
    try:
        return function(*args, **kwargs), messages
    finally:
        gdal.PopErrorHandler()


def test_touching_parcels_are_not_overlaps_and_give_no_ogr_warning():
    # a/b and b/d share an edge (a line), b/c a corner (a point), a/d overlap by 10 x 100 m
    a, b = box(0, 0, 100, 100, CODE=1), box(100, 0, 100, 100, CODE=2)
    c, d = box(200, 100, 50, 50, CODE=3), box(90, -200, 10, 300, CODE=4)
    pairs, messages = gdal_messages(insitu.find_overlaps, [a, b, c, d], "CODE")
    assert pairs == [(0, 3)] and messages == []
    assert insitu.polygon_area(a.geometry().Intersection(d.geometry())) == pytest.approx(1000.0)
    assert insitu.polygon_area(a.geometry().Intersection(b.geometry())) == 0.0


def test_real_labels_prepared_without_ogr_warnings():
    from conftest import FLANDERS

    path = os.path.join(FLANDERS, "labels.gpkg")
    if not os.path.exists(path):
        pytest.skip("real data not present: %s" % path)
    parcels, fields, crs = read_parcels(path)
    for purpose, options in ((insitu.PURPOSE_CROP_MASK, {"crop_field": "is_crop"}),
                             (insitu.PURPOSE_CROP_TYPE, {"crop_field": "is_crop", "code_field": "ct",
                                                         "crop_only": True})):
        result, messages = gdal_messages(insitu.prepare, parcels, [f for f, _ in fields], crs, purpose, **options)
        assert messages == [], (purpose, len(messages), messages[:1])
        assert result[0], purpose
