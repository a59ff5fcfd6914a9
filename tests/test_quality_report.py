"""cropmapper:qualityreport: the HTML report's figures against the product's XML and a direct recomputation
from the rasters and the validation polygons, the interval, the majority baseline and its warning, the
embedded pictures, the algorithm, and bad input (not a product, broken quality XML, unwritable path)."""
import base64
import datetime
import glob
import os
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from cropmapper.science import products
from cropmapper.science.classify.metrics import quality_metrics
from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid
from cropmapper.science.quality import report, validation

CREATED = datetime.datetime(2021, 6, 1, 12, 0, 0)
W, H = 60, 40
X0, Y0 = 500000.0, 5630000.0
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _wkt():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return srs.ExportToWkt()


GRID = Grid(_wkt(), (X0, 10.0, 0.0, Y0, 0.0, -10.0), W, H)


def _box(c0, r0, c1, r1):
    """A polygon covering the pixels c0..c1-1, r0..r1-1 (edges on pixel edges)."""
    xa, xb, ya, yb = X0 + 10 * c0, X0 + 10 * c1, Y0 - 10 * r1, Y0 - 10 * r0
    return "POLYGON ((%f %f,%f %f,%f %f,%f %f,%f %f))" % (xa, ya, xb, ya, xb, yb, xa, yb, xa, ya)


def _gpkg(path, field, boxes):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer("parcels", osr.SpatialReference(wkt=_wkt()), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("ID", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn(field, ogr.OFTInteger))
    for i, (label, box) in enumerate(boxes):
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(_box(*box)))
        f.SetField("ID", i + 1)
        f.SetField(field, int(label))
        layer.CreateFeature(f)
    ds = None
    return path


def _validation_of(arr, labels, boxes):
    """PolygonValidation of ``arr`` on pixel boxes (the fixture's own count, by slicing)."""
    ref, counts = [], []
    for label, (c0, r0, c1, r1) in boxes:
        values = arr[r0:r1, c0:c1].ravel()
        values = values[values != products.NODATA]
        counts.append([int(np.sum(values == lab)) for lab in labels])
        ref.append(labels.index(label))
    return validation.PolygonValidation(labels, ref, counts)


def _product(out, tmp, level, map_arr, raw_arr, val_boxes, train_boxes, flags_valid, with_assessment,
             legend=None, inputs=None, site="T"):
    """A product written with ProductWriter as the workflow does (QLT with or without our assessment)."""
    field = "CODE" if level == "L4B" else "CROP"
    labels = sorted({lab for lab, _b in val_boxes + train_boxes} | set(np.unique(map_arr[map_arr != products.NODATA])
                                                                       .tolist()))
    pv = _validation_of(map_arr, labels, val_boxes)
    quality = quality_metrics(pv.cm, labels)
    with products.ProductWriter(level, out, site, "2018-03-01", "2018-08-31", "31UES", created=CREATED) as w:
        for kind, arr in (("MAP", map_arr), ("RAW", raw_arr)):
            ds = w.create_raster(kind, GRID)
            ds.GetRasterBand(1).WriteArray(arr.astype(np.int16))
            ds = None
        ds = w.create_raster("FLG", GRID)
        for b, arr in enumerate((flags_valid, np.full((H, W), 1), np.zeros((H, W)), np.full((H, W), 4))):
            ds.GetRasterBand(b + 1).WriteArray(np.asarray(arr, np.int16))
        ds = None
        w.write_quality(quality)
        if with_assessment:
            raw_pv = _validation_of(raw_arr, labels, val_boxes)
            raw_q = quality_metrics(raw_pv.cm, labels)
            assessment = validation.assess(quality, pv, seed=5, n_boot=300)
            raw_a = validation.assess(raw_q, raw_pv, seed=5, n_boot=300)
            raw_a.accuracy, raw_a.kappa = raw_q.accuracy, raw_q.kappa
            products.write_quality_xml(quality, w.aux_path("QLT", "xml"), products.LEVELS[level]["root"],
                                       assessment, raw_a)
        w.write_insitu(_gpkg(os.path.join(tmp, "train_%s_%s.gpkg" % (level, site)), field, train_boxes),
                       _gpkg(os.path.join(tmp, "val_%s_%s.gpkg" % (level, site)), field, val_boxes))
        w.write_metadata(inputs or [("2018-03-05", "/data/S2A_20180305.SAFE")],
                         {"N_TREES": 100, "SEED": 5, "FEATURES": ["NDVI_%02d" % i for i in range(80)]})
        w.write_styles(legend)
    return w.path


# --- the scenes -----------------------------------------------------------------------------------------
# Crop type: 3 classes, 8 validation polygons of 8 x 8 px; the raw map is right except on a strip of each
# 1200 polygon (given 1100) and the masked map also sets a block to 0 (not crop) and a few pixels to nodata.
CT_VAL = [(1100, (2, 2, 10, 10)), (1100, (12, 2, 20, 10)), (1100, (22, 2, 30, 10)),
          (1200, (2, 14, 10, 22)), (1200, (12, 14, 20, 22)), (1200, (22, 14, 30, 22)),
          (1300, (2, 26, 10, 34)), (1300, (12, 26, 20, 34))]
CT_TRAIN = [(1100, (40, 2, 48, 10)), (1200, (40, 14, 48, 22)), (1300, (40, 26, 48, 34))]


def _ct_maps():
    truth = np.full((H, W), 1300, np.int32)
    for label, (c0, r0, c1, r1) in CT_VAL + CT_TRAIN:
        truth[r0:r1, c0:c1] = label
    raw = truth.copy()
    raw[14:22, [2, 12, 22]] = 1100          # a column of every 1200 polygon wrong
    raw[26:28, 12:20] = 1200                # two rows of the second 1300 polygon wrong
    ct = raw.copy()
    ct[2:6, 22:30] = 0                      # the crop mask removes half of the third 1100 polygon
    ct[30:34, 2:4] = products.NODATA        # no data in the first 1300 polygon
    return ct, raw


# Crop mask that loses to the majority map: 3 large non-crop validation polygons, 1 small crop polygon; the
# map says crop on half of the non-crop validation pixels.
CM_VAL = [(0, (2, 2, 12, 12)), (0, (14, 2, 24, 12)), (0, (26, 2, 36, 12)), (1, (2, 20, 7, 25))]
CM_TRAIN = [(0, (40, 2, 50, 12)), (1, (40, 20, 45, 25))]


def _cm_maps():
    m = np.zeros((H, W), np.int32)
    m[20:25, 2:7] = 1
    m[2:7, 2:12] = 1                        # half of the non-crop validation pixels called crop:
    m[2:5, 14:24] = 1                       # 50, 30 and 70 of the 100 pixels of its three polygons
    m[2:9, 26:36] = 1
    raw = m.copy()
    return m, raw


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = str(tmp_path_factory.mktemp("qr"))
    out = os.path.join(tmp, "products")
    flags = np.full((H, W), 9, np.int16)
    flags[:, :6] = 2                         # 6 of 60 columns with fewer than 3 valid dates
    ct, raw = _ct_maps()
    inputs = [{"date": "2018-03-05", "source": "/data/S2A_MSIL2A_20180305.SAFE", "platform": "S2A",
               "cloud_percent": "12.5"},
              {"date": "2018-04-14", "source": "/data/S2B_MSIL2A_20180414.SAFE", "platform": "S2B",
               "cloud_percent": "3.0"}]
    l4b = _product(out, tmp, "L4B", ct, raw, CT_VAL, CT_TRAIN, flags, True,
                   legend={1100: "Wheat", 1200: "Maize", 1300: "Barley"}, inputs=inputs)
    m, mraw = _cm_maps()
    l4a = _product(out, tmp, "L4A", m, mraw, CM_VAL, CM_TRAIN, flags, False)
    return {"tmp": tmp, "L4B": l4b, "L4A": l4a, "ct": ct, "raw": raw, "flags": flags}


# --- an independent recomputation: gdal.Rasterize of the ISD zip's validation polygons + numpy ------------
def _isd_reference(product_path, map_path, field):
    zpath = glob.glob(os.path.join(product_path, "AUX_DATA", "*_ISD_*.zip"))[0]
    name = [n for n in zipfile.ZipFile(zpath).namelist() if n.endswith(".gpkg")][0]
    src = gdal.Open(map_path)
    mem = gdal.GetDriverByName("MEM").Create("", src.RasterXSize, src.RasterYSize, 2, gdal.GDT_Int32)
    mem.SetGeoTransform(src.GetGeoTransform())
    mem.SetProjection(src.GetProjection())
    for b in (1, 2):
        mem.GetRasterBand(b).Fill(-1)
    vec = gdal.OpenEx("/vsizip/%s/%s" % (zpath, name), gdal.OF_VECTOR)
    where = "SPLIT = 'validation'"
    gdal.Rasterize(mem, vec, bands=[1], attribute=field, where=where)
    gdal.Rasterize(mem, vec, bands=[2], attribute="ID", where=where)
    label, poly = mem.GetRasterBand(1).ReadAsArray(), mem.GetRasterBand(2).ReadAsArray()
    return label, poly, src.GetRasterBand(1).ReadAsArray()


def _direct(product_path, map_path, field):
    """(labels, cm, oa, kappa, majority oa, polygons per class) counted directly."""
    label, poly, values = _isd_reference(product_path, map_path, field)
    inside = (label >= 0) & (values != products.NODATA)
    ref, pred = label[inside], values[inside]
    labels = sorted(set(ref.tolist()) | set(pred.tolist()))
    cm = np.zeros((len(labels), len(labels)), np.int64)
    for r, p in zip(ref.tolist(), pred.tolist()):
        cm[labels.index(r), labels.index(p)] += 1
    n = cm.sum()
    oa = np.trace(cm) / n
    pe = float((cm.sum(axis=0) * cm.sum(axis=1)).sum()) / n ** 2
    kappa = (oa - pe) / (1 - pe)
    majority = cm.sum(axis=1).max() / n
    polygons = {lab: len(set(poly[inside & (label == lab)].tolist())) for lab in set(ref.tolist())}
    return labels, cm, oa, kappa, majority, polygons


def _figure(page, key):
    m = re.search(r'id="%s" data-value="([^"]+)"' % re.escape(key), page)
    assert m, key
    return float(m.group(1))


def _images(page):
    return re.findall(r'<img[^>]*src="data:(image/[a-z+]+);base64,([^"]+)"', page)


# --- the figures ---------------------------------------------------------------------------------------
def test_crop_type_figures_equal_the_xml_and_a_direct_recount(built, tmp_path):
    path = built["L4B"]
    p = products.read_product(path)
    out = str(tmp_path / "ct.html")
    r = report.write_report(path, out, seed=1, n_boot=300)
    labels, cm, oa, kappa, majority, polygons = _direct(path, p.map_path, "CODE")
    xml = p.quality
    assert labels == [0, 1100, 1200, 1300] == xml["labels"]
    assert cm.tolist() == xml["confusion_matrix"]
    # the errors the scene puts in: 3 x 8 wrong 1200 pixels, 16 wrong 1300, 32 masked 1100, 8 nodata
    assert cm[2, 1] == 24 and cm[3, 2] == 16 and cm[1, 0] == 32 and cm.sum() == 8 * 64 - 8
    a = r["assessment"]
    assert r["quality_source"] == "QLT" and r["recomputed"]["matches_xml"] is True
    assert a["accuracy"] == pytest.approx(xml["accuracy"], abs=1e-6) == pytest.approx(oa, abs=1e-6)
    assert a["kappa"] == pytest.approx(xml["kappa"], abs=1e-6) == pytest.approx(kappa, abs=1e-6)
    assert a["majority_accuracy"] == pytest.approx(majority) and a["majority_label"] == 1100
    assert a["polygons_per_class"] == {0: 0, 1100: 3, 1200: 3, 1300: 2} and polygons == {1100: 3, 1200: 3, 1300: 2}
    # the interval is the XML's (seed 5), not a new draw with seed 1
    assert (a["ci_low"], a["ci_high"]) == (pytest.approx(xml["assessment"]["ci_low"], abs=1e-6),
                                           pytest.approx(xml["assessment"]["ci_high"], abs=1e-6))
    assert a["ci_low"] <= a["accuracy"] <= a["ci_high"] and a["ci_low"] < a["ci_high"]
    assert a["beats_majority"] and r["warnings"] == []
    # raw (unmasked) map beside the masked one: its own direct recount
    _l, _cm, raw_oa, raw_kappa, _m, _p = _direct(path, p.raw_path, "CODE")
    raw = r["raw_assessment"]
    assert raw["accuracy"] == pytest.approx(raw_oa, abs=1e-6) == pytest.approx(xml["raw"]["accuracy"], abs=1e-6)
    assert raw["kappa"] == pytest.approx(raw_kappa, abs=1e-6)
    assert raw_oa > oa  # the mask removed crop pixels

    page = open(out, encoding="utf-8").read()
    assert _figure(page, "oa") == pytest.approx(xml["accuracy"], abs=1e-6)
    assert _figure(page, "kappa") == pytest.approx(xml["kappa"], abs=1e-6)
    assert _figure(page, "oa-low") == pytest.approx(a["ci_low"]) and _figure(page, "oa-high") == pytest.approx(a["ci_high"])
    assert _figure(page, "majority-oa") == pytest.approx(majority)
    assert _figure(page, "raw-oa") == pytest.approx(raw_oa, abs=1e-6)
    assert "%.4f" % oa in page and "%.4f" % majority in page
    assert 'class="warning"' not in page and 'id="no-warnings"' in page
    for name in ("Wheat", "Maize", "Barley", p.name, "31UES", "2018-03-01 to 2018-08-31", "N_TREES"):
        assert name in page
    # the confusion matrix table holds every count of the matrix, row by row
    table = re.search(r'<div id="confusion-matrix">(.*?)</div>', page, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:-1]
    counts = [[int(v) for v in re.findall(r'<td class="num">(\d+)</td>', row)][:-1] for row in rows]
    assert counts == cm.tolist()
    # per-class metrics: the F-score of maize as the XML gives it
    metrics = re.search(r'<div id="class-metrics">(.*?)</div>', page, re.S).group(1)
    maize = [row for row in re.findall(r"<tr>(.*?)</tr>", metrics, re.S) if "Maize" in row][0]
    assert "%.3f" % xml["fscore"][1200] in maize and "%.3f" % xml["recall"][1200] in maize
    # input images with their cloud cover, and what is not recorded is said
    inputs = re.search(r'<div id="inputs">(.*?)</div>', page, re.S).group(1)
    assert "12.5" in inputs and "S2B_MSIL2A_20180414.SAFE" in inputs and "used" in inputs
    assert "none is listed as skipped" in page


def test_quality_layer_summary_in_the_report(built, tmp_path):
    r = report.write_report(built["L4B"], str(tmp_path / "ct.html"))
    s = r["summary"]
    mapped = built["ct"] != products.NODATA
    low = mapped & (built["flags"] < 3)
    assert s["mapped_pixels"] == int(mapped.sum()) and s["low_evidence_pixels"] == int(low.sum())
    page = open(r["html"], encoding="utf-8").read()
    assert _figure(page, "low-evidence-share") == pytest.approx(low.sum() / mapped.sum())
    areas = re.search(r'<div id="class-areas">(.*?)</div>', page, re.S).group(1)
    n_wheat = int(np.sum(built["ct"] == 1100))
    assert re.search(r"<td>1100</td><td>Wheat</td><td class=\"num\">%d</td><td class=\"num\">%.2f</td>"
                     % (n_wheat, n_wheat * 0.01), areas)


def test_interval_holds_the_accuracy_and_narrows_with_more_polygons():
    """The figures the report takes from validation.assess, on constructed polygon counts."""
    widths = []
    for n in (3, 12, 48):
        ref, counts = [], []
        for c in (0, 1):
            for k in range(n):
                right = (10, 6, 8)[k % 3]
                row = [0, 0]
                row[c], row[1 - c] = right, 10 - right
                ref.append(c)
                counts.append(row)
        pv = validation.PolygonValidation([0, 1], ref, counts)
        q = quality_metrics(pv.cm, pv.labels)
        a = validation.assess(q, pv, seed=2, n_boot=500)
        assert q.accuracy == pytest.approx(0.8)
        assert a.ci_low <= q.accuracy <= a.ci_high
        widths.append(a.ci_high - a.ci_low)
    assert widths[0] > widths[1] > widths[2] > 0


def test_a_map_that_loses_to_the_majority_map_gets_the_baseline_and_the_warnings(built, tmp_path):
    path = built["L4A"]
    p = products.read_product(path)
    assert "assessment" not in p.quality  # an older product: the report recomputes the interval
    r = report.write_report(path, str(tmp_path / "cm.html"), seed=3, n_boot=400)
    labels, cm, oa, kappa, majority, polygons = _direct(path, p.map_path, "CROP")
    assert cm.tolist() == [[150, 150], [0, 25]]
    a = r["assessment"]
    assert a["accuracy"] == pytest.approx(oa, abs=1e-6) == pytest.approx(175 / 325.0)
    assert a["majority_label"] == 0 and a["majority_accuracy"] == pytest.approx(majority) == pytest.approx(300 / 325.0)
    assert a["beats_majority"] is False
    assert a["polygons_per_class"] == {0: 3, 1: 1} == polygons
    assert a["interval_source"] == "recomputed" and a["ci_low"] <= a["accuracy"] <= a["ci_high"]
    assert any("does not beat a map that says '0 non-crop' everywhere" in w for w in r["warnings"])
    assert any("Class 1 crop is validated on 1 polygon and 25 pixels" in w for w in r["warnings"])
    page = open(r["html"], encoding="utf-8").read()
    box = re.search(r'<div class="warning" id="warnings">(.*?)</div>', page, re.S).group(1)
    assert "does not beat" in box and "1 polygon and 25 pixels" in box
    assert "does <b>not</b> beat the majority map" in page


def test_embedded_pictures_decode(built, tmp_path):
    r = report.write_report(built["L4B"], str(tmp_path / "ct.html"))
    page = open(r["html"], encoding="utf-8").read()
    images = _images(page)
    kinds = [k for k, _d in images]
    assert kinds.count("image/png") == 1 and kinds.count("image/svg+xml") >= 6  # OA, heat map, classes, 4 bands
    for kind, data in images:
        raw = base64.b64decode(data, validate=True)
        if kind == "image/png":
            assert raw.startswith(PNG_SIGNATURE)
            gdal.FileFromMemBuffer("/vsimem/test_ql.png", raw)
            ds = gdal.Open("/vsimem/test_ql.png")
            assert (ds.RasterXSize, ds.RasterYSize) == (W, H)
            band = ds.GetRasterBand(1)
            idx = band.ReadAsArray()
            table = band.GetColorTable()
            lut = {int(l.split()[0]): tuple(int(v) for v in l.split()[1:4])
                   for l in open(products.read_product(built["L4B"]).aux["LUT"]) if l.strip()}
            for (row, col), value in (((5, 5), 1100), ((18, 5), 1200), ((38, 58), 1300), ((3, 25), 0)):
                assert table.GetColorEntry(int(idx[row, col]))[:3] == lut[value]
            assert table.GetColorEntry(int(idx[31, 2]))[3] == 0  # nodata transparent
            ds = None
            gdal.Unlink("/vsimem/test_ql.png")
        else:
            root = ET.fromstring(raw.decode("utf-8"))
            assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_quicklook_is_decimated_to_800_px(tmp_path):
    path = str(tmp_path / "big.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 2000, 1000, 1, gdal.GDT_Int16, ["TILED=YES"])
    arr = np.zeros((1000, 2000), np.int16)
    arr[:, 1000:] = 1
    ds.GetRasterBand(1).WriteArray(arr)
    ds = None
    data, values, (ow, oh), size = report.quicklook_png(path, {0: (None, (1, 2, 3)), 1: (None, (4, 5, 6))})
    assert data.startswith(PNG_SIGNATURE) and (ow, oh) == (800, 400) and size == (2000, 1000) and values == [0, 1]


def test_default_path_is_in_aux_data_and_written_whole(built, tmp_path):
    path = str(tmp_path / os.path.basename(built["L4B"]))
    shutil.copytree(built["L4B"], path)
    r = report.write_report(path)
    expected = os.path.join(path, "AUX_DATA", "S2AGRI_L4B_QRP_V20180301_20180831.html")
    assert r["html"] == expected and os.path.getsize(expected) > 10000
    assert not [f for f in os.listdir(os.path.dirname(expected)) if f.endswith(".part")]
    assert products.read_product(path).quality is not None  # the product still reads


# --- the algorithm --------------------------------------------------------------------------------------
def test_algorithm_outputs(built, run_alg, tmp_path):
    from qgis.core import QgsApplication, QgsProcessingOutputHtml

    alg = QgsApplication.processingRegistry().algorithmById("cropmapper:qualityreport")
    assert isinstance(alg.outputDefinition("OUTPUT_HTML"), QgsProcessingOutputHtml)  # the results viewer
    assert alg.parameterDefinition("SEED").defaultValue() == 0
    assert alg.parameterDefinition("MIN_VALID_DATES").defaultValue() == 3
    for name in ("PRODUCT", "SEED", "MIN_VALID_DATES", "OUTPUT_HTML"):
        assert alg.parameterDefinition(name).help()
    out = str(tmp_path / "r.html")
    res = run_alg("qualityreport", {"PRODUCT": built["L4B"], "SEED": 2, "OUTPUT_HTML": out})
    xml = products.read_product(built["L4B"]).quality
    assert res["OUTPUT_HTML"] == out and os.path.exists(out)
    for key in ("OVERALL_ACCURACY", "OA_LOW", "OA_HIGH", "KAPPA", "MAJORITY_ACCURACY", "RAW_OVERALL_ACCURACY"):
        assert res[key] is not None
    assert res["OVERALL_ACCURACY"] == pytest.approx(xml["accuracy"], abs=1e-6)
    assert res["OA_LOW"] <= res["OVERALL_ACCURACY"] <= res["OA_HIGH"]
    # without OUTPUT_HTML: into the product's AUX_DATA
    copy = str(tmp_path / os.path.basename(built["L4A"]))
    shutil.copytree(built["L4A"], copy)
    res = run_alg("qualityreport", {"PRODUCT": copy})
    assert res["OUTPUT_HTML"] == os.path.join(copy, "AUX_DATA", "S2AGRI_L4A_QRP_V20180301_20180831.html")
    assert os.path.exists(res["OUTPUT_HTML"])
    assert res["MAJORITY_ACCURACY"] > res["OVERALL_ACCURACY"]


def test_qgis_process_writes_the_report_into_the_product(built, qgis_process, tmp_path):
    copy = str(tmp_path / os.path.basename(built["L4B"]))
    shutil.copytree(built["L4B"], copy)
    code, res, proc = qgis_process.run("cropmapper:qualityreport", {"PRODUCT": copy, "SEED": "1"})
    assert code == 0, proc.stderr
    out = res["results"]
    assert out["OUTPUT_HTML"] == os.path.join(copy, "AUX_DATA", "S2AGRI_L4B_QRP_V20180301_20180831.html")
    assert os.path.exists(out["OUTPUT_HTML"])
    xml = products.read_product(copy).quality
    assert out["OVERALL_ACCURACY"] == pytest.approx(xml["accuracy"], abs=1e-6)
    assert out["OA_LOW"] == pytest.approx(xml["assessment"]["ci_low"], abs=1e-6)
    assert out["RAW_OVERALL_ACCURACY"] == pytest.approx(xml["raw"]["accuracy"], abs=1e-6)


# --- bad input ------------------------------------------------------------------------------------------
def test_a_folder_that_is_not_a_product(tmp_path, run_alg):
    from qgis.core import QgsProcessingException

    with pytest.raises(InputError, match="is not a Sen2-Agri L4A / L4B product"):
        report.write_report(str(tmp_path))
    with pytest.raises(QgsProcessingException, match="is not a Sen2-Agri L4A / L4B product"):
        run_alg("qualityreport", {"PRODUCT": str(tmp_path), "OUTPUT_HTML": str(tmp_path / "r.html")})
    assert not os.path.exists(str(tmp_path / "r.html"))


def test_a_broken_quality_xml_shows_the_rest_and_names_it(built, tmp_path):
    path = str(tmp_path / os.path.basename(built["L4B"]))
    shutil.copytree(built["L4B"], path)
    qlt = glob.glob(os.path.join(path, "AUX_DATA", "*_QLT_*.xml"))[0]
    with open(qlt, "w") as f:
        f.write("<CropType><ConfusionMatrix><broken")
    r = report.write_report(path, str(tmp_path / "a.html"))
    assert any(os.path.basename(qlt) in m and "cannot be read" in m for m in r["missing"])
    # the CMX CSV still holds the matrix: the figures come from it and agree with the rasters
    assert r["quality_source"] == "CMX" and r["recomputed"]["matches_xml"] is True
    page = open(r["html"], encoding="utf-8").read()
    assert os.path.basename(qlt) in page and 'id="missing"' in page and "Wheat" in page
    # without the CMX either, every figure is recomputed (and said so); without the flags, the layers are named
    os.remove(glob.glob(os.path.join(path, "AUX_DATA", "*_CMX_*.csv"))[0])
    os.remove(glob.glob(os.path.join(path, "TILES", "*", "QI_DATA", "*_MCTFLG_*.TIF"))[0])
    r = report.write_report(path, str(tmp_path / "b.html"))
    p = products.read_product(built["L4B"])
    assert r["quality_source"] == "recomputed"
    assert r["assessment"]["accuracy"] == pytest.approx(p.quality["accuracy"], abs=1e-6)
    assert r["summary"] is None and any("MCTFLG" in m for m in r["missing"])
    assert any("recomputed" in w for w in r["warnings"])


def test_a_stale_quality_xml_is_shown_beside_the_recomputation(built, tmp_path):
    path = str(tmp_path / os.path.basename(built["L4A"]))
    shutil.copytree(built["L4A"], path)
    p = products.read_product(path)
    ds = gdal.Open(p.map_path, gdal.GA_Update)
    ds.GetRasterBand(1).WriteArray(np.zeros((H, W), np.int16))  # the map changed after its validation
    ds = None
    r = report.write_report(path, str(tmp_path / "s.html"))
    assert r["assessment"]["accuracy"] == pytest.approx(p.quality["accuracy"], abs=1e-6)  # the XML's figure
    assert r["recomputed"]["matches_xml"] is False
    assert r["recomputed"]["accuracy"] == pytest.approx(300 / 325.0)
    assert any("differs from the product's quality file" in w for w in r["warnings"])
    page = open(r["html"], encoding="utf-8").read()
    assert _figure(page, "re-oa") == pytest.approx(300 / 325.0) and "Recomputed confusion matrix" in page


def test_an_unwritable_report_path(built, tmp_path, run_alg):
    from qgis.core import QgsProcessingException

    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    bad = str(blocker / "sub" / "report.html")
    with pytest.raises(InputError, match=re.escape(bad)):
        report.write_report(built["L4A"], bad)
    with pytest.raises(QgsProcessingException, match="Cannot write the report"):
        run_alg("qualityreport", {"PRODUCT": built["L4A"], "OUTPUT_HTML": bad})
    qlt = products.read_product(built["L4A"]).aux["QLT"]
    before = open(qlt, "rb").read()
    with pytest.raises(InputError, match="would overwrite the product's own file"):
        report.write_report(built["L4A"], qlt)
    assert open(qlt, "rb").read() == before
    with pytest.raises(InputError, match="is a folder"):
        report.write_report(built["L4A"], str(tmp_path))
    assert blocker.read_text() == "x" and not os.path.exists(str(blocker) + ".part")
