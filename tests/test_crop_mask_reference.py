"""Crop mask without in situ data (science.classify.reference): erosion, trimming and legends on hand-made
cases, a run through qgis_process on a simulated scene, and a measured run on the real Flanders patch."""
import os
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from conftest import FLANDERS, FLANDERS_SAFE, needs

from cropmapper.science.classify import reference as ref
from cropmapper.science.errors import InputError


# --- erosion ---------------------------------------------------------------------------------------------
def test_erosion_hand_made():
    labels = np.array([[1, 1, 1, 1, 0, 0],
                       [1, 1, 1, 1, 0, 0],
                       [1, 1, 1, 1, 0, 0],
                       [1, 1, 1, -1, 0, 0],
                       [0, 0, 0, 0, 0, 0]], dtype=np.int8)
    got = ref.erode(labels, 1)
    # crop keeps (1, 1), (1, 2), (2, 1), whose 3x3 windows are all crop; (2, 2) touches the ignored (3, 3).
    # Non-crop keeps nothing: the windows of column 4 and of row 3 hold crop, and the border pixels (column
    # 5, row 4) have no full window (outside the image counts as ignore).
    want = np.full(labels.shape, -1, np.int8)
    want[1, 1] = want[1, 2] = want[2, 1] = 1
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(ref.erode(labels, 0), labels)
    big = np.zeros((9, 9), np.int8)
    got = ref.erode(big, 2)
    assert (got[2:7, 2:7] == 0).all() and (got == 0).sum() == 25


def test_erosion_in_row_blocks_equals_whole(tmp_path):
    """The blocked erosion (halo rows) gives the whole-array erosion, on a warped reference."""
    from cropmapper.science.grid import Grid

    rng = np.random.default_rng(0)
    codes = rng.choice([10, 130, 190, 210], size=(40, 30)).astype(np.uint8)
    codes[5:20, 5:25] = 10
    path = str(tmp_path / "ref.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 30, 40, 1, gdal.GDT_Byte)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform((500000, 10, 0, 5630000, 0, -10))
    ds.GetRasterBand(1).WriteArray(codes)
    ds = None
    source = ref.ReferenceSource(path, "cci", erosion_radius=1)
    source.block_rows = 7  # blocks of 7 rows, halo 1
    grid = Grid.from_raster(path)
    from cropmapper.science.progress import Reporter

    source.prepare(grid, Reporter())
    blocks = list(source._blocks(Reporter()))
    assert len(blocks) > 3
    got = np.concatenate([b[2] for b in blocks])
    want = ref.erode(ref.map_codes(codes, ref.LEGENDS["cci"]), 1)
    np.testing.assert_array_equal(got, want)
    assert source.counts.tolist() == [int((want == 0).sum()), int((want == 1).sum())]
    source.close()


# --- trimming ---------------------------------------------------------------------------------------------
def test_streamed_covariance_equals_numpy():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(10001, 5)) * [1, 10, 100, 0.1, 3] + [0, 5, -3, 2, 1]
    stats = ref.streamed_stats(x, chunk=997)
    np.testing.assert_allclose(stats.mean, x.mean(axis=0), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(stats.cov, np.cov(x, rowvar=False), rtol=1e-9, atol=1e-9)
    keep = rng.random(len(x)) < 0.5
    np.testing.assert_allclose(ref.streamed_stats(x, keep, chunk=333).cov, np.cov(x[keep], rowvar=False),
                               rtol=1e-9, atol=1e-9)


def test_mahalanobis_equals_direct_formula():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(500, 3)) @ np.array([[2, 0.5, 0], [0, 1, 0.3], [0, 0, 0.5]])
    d2, rank = ref.mahalanobis2(x, ref.streamed_stats(x))
    diff = x - x.mean(axis=0)
    want = np.einsum("ij,jk,ik->i", diff, np.linalg.inv(np.cov(x, rowvar=False)), diff)
    np.testing.assert_allclose(d2, want, rtol=1e-8)
    assert rank == 3


def test_trimming_removes_planted_outliers_and_keeps_the_rest():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2000, 4))
    outliers = np.array([[8, 0, 0, 0], [0, -9, 0, 0], [6, 6, 6, 6], [0, 0, 0, 12], [-7, 7, 0, 0]], float)
    data = np.vstack([x, outliers])
    keep, iterations = ref.trim(data, alpha=0.001)
    assert not keep[-5:].any()  # every planted outlier removed
    assert keep[:2000].mean() > 0.98  # the class itself kept
    assert iterations >= 1


def test_trimming_rounds():
    """0 rounds trims nothing; many rounds stop when a round drops nothing (that round's statistics keep all)."""
    rng = np.random.default_rng(5)
    x = np.vstack([rng.normal(size=(1000, 3)), [[9, 9, 9]]])
    keep, rounds = ref.trim(x, 0.01, 0)
    assert keep.all() and rounds == 0
    keep, rounds = ref.trim(x, 0.01, 100)
    assert rounds < 100 and not keep[-1]
    from scipy.stats import chi2

    d2, _ = ref.mahalanobis2(x[keep], ref.streamed_stats(x[keep]))
    assert (d2 <= chi2.ppf(0.99, 3)).all()  # converged: nothing left above the cut
    one, _ = ref.trim(x, 0.01, 1)
    assert one.sum() > keep.sum()  # each round trims more


def test_trimming_singular_covariance_and_constant_feature():
    rng = np.random.default_rng(4)
    a = rng.normal(size=(1000, 2))
    x = np.column_stack([a, a[:, 0] + a[:, 1], np.full(1000, 3.0)])  # collinear and constant columns
    x[0] = [10, 10, 20, 3]
    keep, _ = ref.trim(x, alpha=0.001)
    assert not keep[0] and keep[1:].mean() > 0.98


# --- legends and mapping ----------------------------------------------------------------------------------
def test_builtin_legends():
    cci = ref.LEGENDS["cci"]
    assert [cci[c] for c in (10, 11, 20)] == [1, 1, 1]
    assert [cci[c] for c in (0, 12, 30, 40, 210, 220)] == [-1] * 6
    assert [cci[c] for c in (60, 130, 190, 200)] == [0] * 4
    wc = ref.LEGENDS["worldcover"]
    assert wc[40] == 1 and wc[80] == -1 and wc[0] == -1 and wc[30] == 0 and wc[50] == 0
    got = ref.map_codes(np.array([[10, 130], [999, 210]]), cci)
    np.testing.assert_array_equal(got, [[1, 0], [-1, -1]])


def test_mapping_csv(tmp_path):
    p = tmp_path / "m.csv"
    p.write_text("code,class\n11,crop\n13,noncrop\n60, Non-crop\n70,ignore\n80,1\n90,0\n")
    assert ref.read_mapping(str(p)) == {11: 1, 13: 0, 60: 0, 70: -1, 80: 1, 90: 0}
    p.write_text("11;crop\n13;noncrop\n")
    assert ref.read_mapping(str(p)) == {11: 1, 13: 0}
    p.write_text("11,crop\n13,wheat\n")
    with pytest.raises(InputError) as e:
        ref.read_mapping(str(p))
    assert str(e.value) == ("Mapping CSV %s, line 2: the class 'wheat' is not crop, noncrop, ignore, 1 or 0." % p)
    p.write_text("13,noncrop\n60,noncrop\n")
    with pytest.raises(InputError) as e:
        ref.read_mapping(str(p))
    assert "maps no code to crop" in str(e.value)
    with pytest.raises(InputError) as e:
        ref.legend_table("csv", None)
    assert "needs a MAPPING CSV" in str(e.value)


# --- end to end through qgis_process ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    from cropmapper.science.sim import simulator

    root = str(tmp_path_factory.mktemp("refscene"))
    dates = simulator.season_dates("2018-03-01", "2018-10-31", n=5)
    r = simulator.simulate_scene(root, 60, 60, dates=dates, seed=5, formats=("geotiff",),
                                 reference={"cell_m": 100}, s1=True)
    return r


def test_simulated_reference_map(scene):
    ds = gdal.Open(scene["reference"])
    srs = osr.SpatialReference(wkt=ds.GetProjection())
    assert srs.IsGeographic()
    codes = set(np.unique(ds.ReadAsArray()).tolist())
    assert codes & {10, 11, 20} and codes & {130, 190, 60}


def test_end_to_end_without_in_situ(scene, qgis_process, tmp_path):
    out = str(tmp_path / "products")
    code, result, proc = qgis_process.run("cropmapper:cropmaskreference", {
        "INPUT": scene["geotiff"], "REFERENCE": scene["reference"], "REFERENCE_LEGEND": "cci",
        "N_TREES": 10, "SAMPLES_PER_CLASS": 2000, "SEED": 0, "OUTPUT_FOLDER": out})
    assert code == 0, proc.stdout + proc.stderr
    res = result["results"]
    assert os.path.exists(res["CROP_MASK"]) and os.path.exists(res["FLAGS"])
    assert res["VALIDATION"] == "agreement with the reference map"
    assert 0.5 < res["OVERALL_ACCURACY"] <= 1.0
    log = proc.stdout + proc.stderr
    assert "Agreement with the reference map" in log and "trimmed as outliers" in log
    assert "overall accuracy" not in log.lower()
    product = res["PRODUCT"]
    ipp = [os.path.join(b, f) for b, _, fs in os.walk(product) for f in fs if "_IPP_" in f][0]
    text = open(ipp, encoding="utf-8").read()
    assert "without in situ data" in text and "agreement with the reference map" in text
    assert scene["reference"] in text
    qlt = ET.parse(os.path.join(product, "AUX_DATA", [f for f in os.listdir(os.path.join(product, "AUX_DATA"))
                                                      if "_QLT_" in f][0]))
    el = qlt.getroot().find("CropMapperValidation")
    assert el.get("kind") == "agreement with the reference map"
    assert float(qlt.getroot().find("QualityMetrics/Accuracy").text) == pytest.approx(res["OVERALL_ACCURACY"], abs=1e-4)
    cm = gdal.Open(res["CROP_MASK"]).ReadAsArray()
    assert set(np.unique(cm).tolist()) <= {0, 1, -10000} and (cm == 1).any() and (cm == 0).any()


def test_with_in_situ_validation(scene, run_alg, tmp_path):
    res = run_alg("cropmaskreference", {
        "INPUT": scene["geotiff"], "REFERENCE": scene["reference"], "IN_SITU": scene["parcels"],
        "CROP_FIELD": "CROP", "N_TREES": 10, "SAMPLES_PER_CLASS": 2000, "OUTPUT_FOLDER": str(tmp_path)})
    assert res["VALIDATION"] == "accuracy against in situ polygons"
    assert 0.0 < res["OVERALL_ACCURACY"] <= 1.0
    isd = [f for f in os.listdir(os.path.join(res["PRODUCT"], "AUX_DATA")) if "_ISD_" in f]
    assert len(isd) == 1  # the validation polygons, as cropmask's products hold theirs


def test_extra_rasters_join_the_features(scene, run_alg, tmp_path):
    """EXTRA_RASTERS: the S1 bands follow the S2 features in the model's feature list and the parameters."""
    import glob
    import json

    kw = {"INPUT": scene["geotiff"], "REFERENCE": scene["reference"], "N_TREES": 10, "SAMPLES_PER_CLASS": 2000}
    alone = run_alg("cropmaskreference", dict(kw, OUTPUT_FOLDER=str(tmp_path / "a")))
    both = run_alg("cropmaskreference", dict(kw, EXTRA_RASTERS=[scene["s1"]], OUTPUT_FOLDER=str(tmp_path / "b")))

    def features(res):
        path = glob.glob(os.path.join(res["PRODUCT"], "AUX_DATA", "*_FEATURES_*.json"))[0]
        with open(path, encoding="utf-8") as f:
            return json.load(f)["features"]
    fa, fb = features(alone), features(both)
    assert fb[:len(fa)] == fa and len(fb) > len(fa)
    assert all(n.startswith(("VV_", "VH_")) for n in fb[len(fa):])


# --- real data ---------------------------------------------------------------------------------------------
def degraded_reference(lc_path, out_path, factor=6, epsg=4326):
    """The 10 m Flanders LC labels aggregated by majority (of labelled pixels) to factor x 10 m, reprojected
    to ``epsg``: a coarse reference map with the errors of a coarse map (mixed cells, shifted edges)."""
    src = gdal.Open(lc_path)
    lc = src.ReadAsArray().astype(np.int64)
    h, w = (lc.shape[0] // factor) * factor, (lc.shape[1] // factor) * factor
    cells = lc[:h, :w].reshape(h // factor, factor, w // factor, factor).transpose(0, 2, 1, 3).reshape(
        h // factor, w // factor, -1)
    codes = np.unique(cells)
    counts = np.stack([(cells == c).sum(axis=2) for c in codes], axis=2)
    counts[..., codes == 0] = 0  # unlabelled is not a class: the majority of the labelled pixels
    major = codes[counts.argmax(axis=2)]
    major[counts.sum(axis=2) == 0] = 0
    gt = src.GetGeoTransform()
    mem = gdal.GetDriverByName("MEM").Create("", major.shape[1], major.shape[0], 1, gdal.GDT_Int16)
    mem.SetGeoTransform((gt[0], gt[1] * factor, 0, gt[3], 0, gt[5] * factor))
    mem.SetProjection(src.GetProjection())
    mem.GetRasterBand(1).WriteArray(major)
    mem.GetRasterBand(1).SetNoDataValue(0)
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(epsg)
    gdal.Warp(out_path, mem, dstSRS=dst.ExportToWkt(), resampleAlg="near", dstNodata=0)
    return out_path


@needs(FLANDERS_SAFE)
@needs(FLANDERS)
def test_real_flanders_against_in_situ(tmp_path):
    from cropmapper.science.progress import Reporter

    reference = degraded_reference(os.path.join(FLANDERS, "labels_lc_10m.tif"), str(tmp_path / "ref.tif"))
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("code,class\n11,crop\n13,noncrop\n60,noncrop\n")
    # the in situ crop / non-crop polygons: lc 11 crop, 13 and 60 non-crop
    src = ogr.Open(os.path.join(FLANDERS, "labels.gpkg"))
    layer = src.GetLayer(0)
    records = []
    for f in layer:
        lc = f.GetField("lc")
        if lc in (11, 13, 60) and f.GetGeometryRef() is not None:
            records.append((bytes(f.GetGeometryRef().ExportToWkb()), 1 if lc == 11 else 0, f.GetFID()))
    crs = layer.GetSpatialRef().ExportToWkt()
    lines = []
    r = Reporter(on_info=lines.append, on_warning=lines.append)
    res = ref.run_crop_mask_reference([FLANDERS_SAFE], "2018-03-01", "2018-10-31", reference, "csv", str(mapping),
                                      insitu=records, insitu_crs=crs, seed=0, out_folder=str(tmp_path / "out"),
                                      reporter=r)
    a = res["assessment"]
    print("Flanders, reference from labels_lc_10m at 60 m in EPSG:4326: OA %.4f (%.4f-%.4f), kappa %.4f, "
          "majority '%s' %.4f" % (res["overall_accuracy"], a.ci_low, a.ci_high, res["kappa"], a.majority_label,
                                  a.majority_accuracy))
    print("\n".join(l for l in lines if "trimmed" in l or "Reference map" in l))
    assert res["validation"] == "accuracy against in situ polygons"
    # measured 0.8156 (kappa 0.6085) against 0.598 for the majority map: the reference-trained mask beats it
    assert res["overall_accuracy"] > a.majority_accuracy + 0.1 and res["kappa"] > 0.4
    assert any("left out of training" in line for line in lines)
