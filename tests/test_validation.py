"""Accuracy figures for small in situ sets: per-polygon counts, the bootstrap interval over polygons, the
majority baseline, the warnings, and their place in the QLT XML."""
import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from cropmapper.science.classify.metrics import quality_metrics
from cropmapper.science.products import read_quality_xml, write_quality_xml
from cropmapper.science.quality import validation as v


def _pv(per_class_polygons, right, wrong):
    """Two classes; each polygon of class c has ``right`` pixels right and ``wrong`` given the other class."""
    ref, counts = [], []
    for c, n in enumerate(per_class_polygons):
        for _ in range(n):
            ref.append(c)
            row = [0, 0]
            row[c], row[1 - c] = right, wrong
            counts.append(row)
    return v.PolygonValidation([0, 1], ref, counts)


def test_counts_and_confusion_matrix_by_hand():
    pv = v.PolygonValidation([0, 1], [0, 0, 1], [[5, 1], [3, 0], [2, 4]])
    assert pv.cm.tolist() == [[8, 1], [2, 4]]
    assert pv.polygons_per_class() == {0: 2, 1: 1}
    assert pv.pixels_per_class() == {0: 9, 1: 6}


def test_from_pixels_groups_by_polygon():
    pv = v.from_pixels([0, 1], ref_labels=[0, 0, 0, 1, 1], produced=[0, 1, 0, 1, 1], polygon_index=[7, 7, 3, 9, 9],
                       ids=None)
    assert sorted(zip(pv.ids, pv.ref.tolist(), pv.counts.tolist())) == [(3, 0, [1, 0]), (7, 0, [1, 1]),
                                                                       (9, 1, [0, 2])]
    assert pv.cm.tolist() == [[2, 1], [0, 2]]


def test_interval_holds_the_accuracy_and_narrows_with_more_polygons():
    # Polygons of mixed quality: half 9/1, half 5/5 right/wrong per class.
    def pv_of(n):
        ref, counts = [], []
        for c in (0, 1):
            for k in range(n):
                right, wrong = (9, 1) if k % 2 else (5, 5)
                row = [0, 0]
                row[c], row[1 - c] = right, wrong
                ref.append(c)
                counts.append(row)
        return v.PolygonValidation([0, 1], ref, counts)

    widths = []
    for n in (4, 16, 64):
        pv = pv_of(n)
        q = quality_metrics(pv.cm, pv.labels)
        low, high = v.accuracy_interval(pv, 1000, seed=3)
        assert low <= q.accuracy <= high
        assert q.accuracy == pytest.approx(0.7)
        widths.append(high - low)
    assert widths[0] > widths[1] > widths[2] > 0
    assert v.accuracy_interval(pv_of(4), 500, seed=1) == v.accuracy_interval(pv_of(4), 500, seed=1)


def test_identical_polygons_give_a_zero_width_interval():
    pv = _pv((3, 3), right=8, wrong=2)
    assert v.accuracy_interval(pv, 200, 0) == pytest.approx((0.8, 0.8))


def test_a_class_on_one_polygon_still_spreads_the_interval():
    # class 1 on a single polygon, much worse than class 0's: stratified draws would always take it whole
    pv = v.PolygonValidation([0, 1], [0, 0, 0, 0, 1], [[9, 1], [9, 1], [8, 2], [9, 1], [6, 4]])
    q = quality_metrics(pv.cm, pv.labels)
    low, high = v.accuracy_interval(pv, 2000, seed=0)
    assert q.accuracy == pytest.approx(0.78) and low <= q.accuracy <= high
    # pooled draws leave class 1's polygon out (OA 35/40 = 0.875) or take it twice (about 0.69)
    assert high >= 0.875 and low < 0.76


def test_no_interval_on_a_single_validation_polygon():
    pv = v.PolygonValidation([0, 1], [0], [[7, 3]])
    low, high = v.accuracy_interval(pv, 100, 0)
    assert np.isnan(low) and np.isnan(high)


def test_majority_baseline_and_warnings_when_the_map_loses_to_it():
    # 950 pixels of class 0 in 10 polygons, 750 right; 5 pixels of class 1 in one polygon, all right.
    ref = [0] * 10 + [1]
    counts = [[80, 10]] * 5 + [[70, 30]] * 5 + [[0, 5]]
    pv = v.PolygonValidation([0, 1], ref, counts)
    q = quality_metrics(pv.cm, pv.labels)
    assert v.majority_baseline(q.cm, q.labels) == (0, pytest.approx(950 / 955))
    a = v.assess(q, pv, seed=0, names={1: "crop"})
    assert q.accuracy == pytest.approx(755 / 955) and not a.beats_majority
    assert a.warnings[0].startswith("The map does not beat a map that says '0' everywhere: overall accuracy "
                                    "0.791 against 0.995")
    assert a.warnings[1].startswith("Class crop is validated on 1 polygon and 5 pixels")
    assert len(a.warnings) == 2


def test_no_warning_for_a_well_validated_map():
    pv = _pv((5, 5), right=30, wrong=2)
    q = quality_metrics(pv.cm, pv.labels)
    a = v.assess(q, pv)
    assert a.beats_majority and a.warnings == []


def test_from_map_counts_pixel_centres_in_polygons(tmp_path):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    path = str(tmp_path / "map.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 6, 4, 1, gdal.GDT_Int16)
    ds.SetGeoTransform((1000.0, 10.0, 0.0, 2000.0, 0.0, -10.0))
    ds.SetProjection(srs.ExportToWkt())
    values = np.array([[1, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [0, 0, 0, 1, 1, -10000], [0, 0, 0, 1, 1, 1]])
    ds.GetRasterBand(1).WriteArray(values)
    ds.GetRasterBand(1).SetNoDataValue(-10000)
    ds = None
    # Polygon A: the 2x2 block at the top left (class 1); polygon B: columns 3-5 of rows 2-3 (class 1).
    a = ogr.CreateGeometryFromWkt("POLYGON((1000 2000,1020 2000,1020 1980,1000 1980,1000 2000))")
    b = ogr.CreateGeometryFromWkt("POLYGON((1030 1980,1060 1980,1060 1960,1030 1960,1030 1980))")
    pv = v.from_map(path, [(a, 1, "A"), (b, 1, "B")])
    assert pv.labels == [0, 1] and pv.ids == ["A", "B"]
    assert pv.counts.tolist() == [[1, 3], [0, 5]]  # B's nodata pixel is left out


def test_assessment_round_trips_in_the_quality_xml(tmp_path):
    pv = _pv((3, 1), right=8, wrong=2)
    q = quality_metrics(pv.cm, pv.labels)
    a = v.assess(q, pv, seed=5, n_boot=100)
    raw = v.assess(q, pv, seed=5, n_boot=100)
    path = str(tmp_path / "qlt.xml")
    write_quality_xml(q, path, "CropMask", a, raw)
    back = read_quality_xml(path)
    assert back["accuracy"] == pytest.approx(q.accuracy, abs=1e-6)
    got = back["assessment"]
    assert got["ci_low"] == pytest.approx(a.ci_low, abs=1e-6) and got["ci_high"] == pytest.approx(a.ci_high, abs=1e-6)
    assert got["majority_label"] == 0 and got["majority_accuracy"] == pytest.approx(0.75, abs=1e-6)
    assert got["polygons_per_class"] == {0: 3, 1: 1} and got["warnings"] == a.warnings and got["n_boot"] == 100
    assert back["raw"]["accuracy"] == pytest.approx(q.accuracy, abs=1e-6)
    # A file without the element reads as before.
    write_quality_xml(q, path, "CropMask")
    assert "assessment" not in read_quality_xml(path)
