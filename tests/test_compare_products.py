"""cropmapper:compareproducts: products of two periods side by side, the agreement raster and the crosstab."""
import csv
import datetime
import os

import numpy as np
import pytest
from osgeo import gdal, osr

from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid
from cropmapper.science.insitu import Parcel
from cropmapper.science.products import ProductWriter
from cropmapper.science.quality import compare

W, H = 12, 8


def _wkt():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return srs.ExportToWkt()


GRID = Grid(_wkt(), (500000.0, 10.0, 0.0, 5630000.0, 0.0, -10.0), W, H)
# Three validation polygons of 2 x 2 pixels (rows 1-2): code 1110 at columns 1-2, 1200 at 5-6 and 9-10.
POLYS = [(1110, 1), (1200, 5), (1200, 9)]


def _square(col):
    x, y = 500000 + col * 10, 5630000 - 10
    return ("POLYGON ((%d %d,%d %d,%d %d,%d %d,%d %d))" % (x, y, x + 20, y, x + 20, y - 20, x, y - 20, x, y))


def _product(out, end, values, site="CMP", grid=GRID):
    from osgeo import ogr

    with ProductWriter("L4B", out, site, "2018-03-01", end, "31UES", created=datetime.datetime(2020, 1, 1)) as w:
        for kind in ("CT", "RAW"):
            ds = w.create_raster(kind, grid)
            ds.GetRasterBand(1).WriteArray(values)
            ds = None
        ds = w.create_raster("FLG", grid)
        ds = None
        val = [Parcel(ogr.CreateGeometryFromWkt(_square(c)).ExportToWkb(), {"ID": k + 1, "CODE": code})
               for k, (code, c) in enumerate(POLYS)]
        w.write_insitu([], val, crs_wkt=grid.crs_wkt)
        w.write_quality(np.array([[4, 0], [0, 8]]), [1110, 1200])
    return w.path


def _maps():
    may = np.zeros((H, W), np.int16)
    may[:, :4] = 1110
    may[:, 4:] = 1200
    may[1:3, 9:11] = 1110  # early: the third polygon (1200) mapped as 1110
    may[7, 0] = -10000
    aug = may.copy()
    aug[1:3, 9:11] = 1200
    aug[5:, 6:] = 0
    return may, aug


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("cmp"))
    may, aug = _maps()
    return _product(os.path.join(out, "may"), "2018-05-31", may), _product(os.path.join(out, "aug"), "2018-08-31", aug), \
        may, aug, out


def test_two_periods_listed_with_their_figures(pair, tmp_path):
    a, b, may, aug, _ = pair
    r = compare.compare_products([a, b], str(tmp_path / "c.csv"), str(tmp_path / "c.html"), None, seed=1,
                                 n_boot=200)
    rows = list(csv.DictReader(open(str(tmp_path / "c.csv"))))
    assert [(x["start"], x["end"]) for x in rows] == [("2018-03-01", "2018-05-31"), ("2018-03-01", "2018-08-31")]
    # May: 4 of 4 1110 pixels right, 4 of 8 1200 right (polygon 3 mapped 1110): OA 8/12; August: 12/12
    assert float(rows[0]["overall_accuracy"]) == pytest.approx(8 / 12, abs=1e-6)
    assert float(rows[1]["overall_accuracy"]) == pytest.approx(1.0)
    assert float(rows[0]["majority_accuracy"]) == pytest.approx(8 / 12, abs=1e-6)  # 1200 everywhere
    assert float(rows[0]["oa_low"]) <= 8 / 12 <= float(rows[0]["oa_high"])
    assert rows[0]["source"] == "recomputed" and rows[0]["validation_polygons"] == "3"
    # F-score of 1110 in May: TP 4, FP 4, FN 0 -> 8 / 12
    assert float(rows[0]["fscore_1110"]) == pytest.approx(8 / 12, abs=1e-6)
    page = open(str(tmp_path / "c.html"), encoding="utf-8").read()
    assert os.path.basename(a) in page and os.path.basename(b) in page and "data:image/svg+xml;base64," in page
    assert r["crosstab"] is not None and r["agreement"] is None


def test_agreement_raster_and_crosstab_equal_a_direct_count(pair, tmp_path):
    a, b, may, aug, _ = pair
    agreement = str(tmp_path / "agree.tif")
    r = compare.compare_products([a, b], str(tmp_path / "c.csv"), None, agreement, n_boot=50)
    got = gdal.Open(agreement).ReadAsArray()
    classes = [0, 1110, 1200]
    n = len(classes)
    ok = (may != -10000) & (aug != -10000)
    expected = np.zeros((H, W), np.uint16)
    for i, ca in enumerate(classes):
        for j, cb in enumerate(classes):
            expected[ok & (may == ca) & (aug == cb)] = 1 + i * n + j
    assert np.array_equal(got, expected)
    assert gdal.Open(agreement).GetRasterBand(1).GetNoDataValue() == 0
    assert os.path.exists(str(tmp_path / "agree.qml"))
    rows = list(csv.DictReader(open(str(tmp_path / "c_crosstab.csv"))))
    for row in rows:
        direct = int(np.sum(ok & (may == int(row["map1_class"])) & (aug == int(row["map2_class"]))))
        assert int(row["pixels"]) == direct and float(row["hectares"]) == pytest.approx(direct * 0.01)
    assert r["crosstab"]["pixels"].sum() == ok.sum()


def test_through_processing_outputs_are_not_null(run_alg, pair, tmp_path):
    a, b, *_ = pair
    res = run_alg("compareproducts", {"PRODUCTS": "%s;%s" % (a, b), "OUTPUT_HTML": str(tmp_path / "c.html"),
                                      "OUTPUT_CSV": str(tmp_path / "c.csv"),
                                      "OUTPUT_AGREEMENT": str(tmp_path / "agree.tif")})
    assert res["OUTPUT_HTML"] == str(tmp_path / "c.html") and os.path.exists(res["OUTPUT_HTML"])
    assert res["OUTPUT_CSV"] and res["OUTPUT_AGREEMENT"] == str(tmp_path / "agree.tif")
    # a model passes a list, one path per connected output
    res = run_alg("compareproducts", {"PRODUCTS": [a, b], "OUTPUT_HTML": str(tmp_path / "d.html"),
                                      "OUTPUT_CSV": str(tmp_path / "d.csv")})
    assert os.path.exists(res["OUTPUT_CSV"]) and res["OUTPUT_AGREEMENT"] is None


def test_mixed_levels_and_other_grids(pair, tmp_path, qgis_app):
    a, b, may, *_ = pair
    other = Grid(_wkt(), (600000.0, 10.0, 0.0, 5630000.0, 0.0, -10.0), W, H)
    c = _product(str(tmp_path / "far"), "2018-06-30", may, site="FAR", grid=other)
    lines = []
    from cropmapper.science.progress import Reporter

    r = compare.compare_products([a, c], str(tmp_path / "c.csv"), None, str(tmp_path / "x.tif"), n_boot=20,
                                 reporter=Reporter(on_warning=lines.append))
    assert r["same_grid"] is False and r["crosstab"] is None and not os.path.exists(str(tmp_path / "x.tif"))
    assert any("not on the same grid" in w for w in lines)
    with pytest.raises(InputError, match="Give at least two products"):
        compare.compare_products([a])
    demo_l4a = _l4a(str(tmp_path / "l4a"))
    with pytest.raises(InputError, match="The products are of different levels"):
        compare.compare_products([a, demo_l4a])


def _l4a(out):
    with ProductWriter("L4A", out, "CMP", "2018-03-01", "2018-05-31", "31UES") as w:
        ds = w.create_raster("CM", GRID)
        ds = None
        w.write_quality(np.array([[1, 0], [0, 1]]), [0, 1])
    return w.path
