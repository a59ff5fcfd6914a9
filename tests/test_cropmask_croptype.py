"""Crop mask and crop type end to end: science workflow on a simulated scene, the two Processing
algorithms, bad inputs, and the real Flanders patch through qgis_process."""
import glob
import json
import os
import shutil
import zipfile

import numpy as np
import pytest
from osgeo import gdal, ogr

from conftest import FLANDERS, FLANDERS_SAFE, needs
from real_reference import isd_folds, polygon_ids
from cropmapper.science import products, workflow
from cropmapper.science.classify import metrics
from cropmapper.science.series import sen2agri, timeseries
from cropmapper.science.sim import simulator
from cropmapper.science.errors import Cancelled, InputError
from cropmapper.science.progress import Reporter

START, END = "2018-03-01", "2018-10-31"
FAST = {"n_trees": 20, "samples_per_class": 1500}


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """A 150 x 150 px simulated scene, 15 dates (GeoTIFF + SCL), its parcels (ID, CROP, LC, CODE); the clean
    scene (realism "none"): these tests check the workflow's mechanics against near-perfect figures."""
    out = str(tmp_path_factory.mktemp("scene"))
    dates = simulator.season_dates(START, END, n=15)
    result = simulator.simulate_scene(out, 150, 150, dates=dates, seed=3, formats=("geotiff",), realism="none")
    return {"images": os.path.join(out, "geotiff"), "parcels": result["parcels"], "dir": out}


@pytest.fixture(scope="module")
def mask_run(scene, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("mask"))
    reporter = Reporter()
    result = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="SIM",
                                    tile="31UES", out_folder=out, reporter=reporter, **FAST)
    result["messages"] = reporter.messages
    return result


def read(path, band=1):
    ds = gdal.Open(path)  # keep the dataset alive while its band is read
    return ds.GetRasterBand(band).ReadAsArray()


def isd_layer(product_path):
    """(datasource, layer) of the in situ polygons in the product's ISD zip."""
    zpath = glob.glob(os.path.join(product_path, "AUX_DATA", "*_ISD_*.zip"))[0]
    name = [n for n in zipfile.ZipFile(zpath).namelist() if n.endswith(".gpkg")][0]
    ds = ogr.Open("/vsizip/%s/%s" % (zpath, name))
    return ds, ds.GetLayer(0)


def validation_reference(product_path, map_path, field):
    """The labels of the ISD zip's validation polygons burnt at pixel centres on the map grid (-1 elsewhere)."""
    ds, layer = isd_layer(product_path)
    layer.SetAttributeFilter("SPLIT = 'validation'")
    src = gdal.Open(map_path)
    mem = gdal.GetDriverByName("MEM").Create("", src.RasterXSize, src.RasterYSize, 1, gdal.GDT_Int32)
    mem.SetGeoTransform(src.GetGeoTransform())
    mem.SetProjection(src.GetProjection())
    mem.GetRasterBand(1).Fill(-1)
    gdal.RasterizeLayer(mem, [1], layer, options=["ATTRIBUTE=%s" % field])
    return mem.GetRasterBand(1).ReadAsArray()


def recomputed_quality(product_path, map_path, field, labels):
    """Confusion matrix of the map on the validation polygons of the ISD zip (pixel centres)."""
    ref = validation_reference(product_path, map_path, field)
    pred = read(map_path)
    keep = (ref != -1) & (pred != -10000)
    cm, _ = metrics.confusion_matrix(ref[keep], pred[keep], labels)
    return metrics.quality_metrics(cm, labels)


def split_ids(product_path):
    ds, layer = isd_layer(product_path)
    ids = {"training": [], "validation": []}
    geoms = {"training": set(), "validation": set()}
    for f in layer:
        ids[f.GetField("SPLIT")].append(f.GetField("ID"))
        geoms[f.GetField("SPLIT")].add(f.GetGeometryRef().ExportToWkt())
    return ids, geoms


# --- crop mask on the simulated scene ----------------------------------------------------------
def test_crop_mask_product_and_metrics(mask_run):
    product = products.read_product(mask_run["product"])
    assert product.level == "L4A" and product.tile == "31UES" and product.site == "SIM"
    cm, raw, cnf, flags = (read(mask_run[k]) for k in ("map", "raw", "confidence", "flags"))
    assert set(np.unique(cm)) <= {0, 1} and set(np.unique(raw)) <= {0, 1}
    assert cnf.min() >= 50 and cnf.max() <= 100  # two classes: the winner has at least half the votes
    assert gdal.Open(mask_run["flags"]).RasterCount == 4 and flags[0].max() > 0
    # observed: OA 1.000, kappa 1.000 (the simulated crops are well separated over the season)
    assert mask_run["overall_accuracy"] > 0.9 and mask_run["kappa"] > 0.8
    q = recomputed_quality(mask_run["product"], mask_run["map"], "CROP", [0, 1])
    assert q.cm.tolist() == mask_run["quality"].cm.tolist()
    assert q.accuracy == pytest.approx(product.quality["accuracy"], abs=1e-6)
    assert q.kappa == pytest.approx(product.quality["kappa"], abs=1e-6)
    ids, geoms = split_ids(mask_run["product"])
    assert ids["validation"] and set(ids["training"]).isdisjoint(ids["validation"])
    assert geoms["training"].isdisjoint(geoms["validation"])
    for path in (mask_run["map"], mask_run["raw"], mask_run["confidence"], mask_run["flags"]):
        assert os.path.exists(os.path.splitext(path)[0] + ".qml")
    aux = os.path.join(mask_run["product"], "AUX_DATA")
    model = glob.glob(os.path.join(aux, "*_MODEL_*.pkl"))
    feats = glob.glob(os.path.join(aux, "*_FEATURES_*.json"))
    assert model and feats
    from cropmapper.science.classify.classifier import load_model
    forest, names = load_model(model[0], feats[0])
    # the default features, Sen2-Agri's: 27 summary features and 4 red-edge features for each of 25 dates
    assert forest.n_features_in_ == len(names) == 127 and names[0] == "ndvi_max" and "re_ndvi_20180301" in names
    assert not glob.glob(os.path.join(os.path.dirname(mask_run["product"]), ".*"))  # no temp folder left


def test_same_seed_same_rasters_and_small_memory(scene, mask_run, tmp_path):
    again = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="SIM",
                                   tile="31UES", out_folder=str(tmp_path), memory_mb=1, **FAST)
    # 1 MB forces many row blocks: the per-pixel maps are identical, the post-processing windows differ
    for key in ("raw", "confidence", "flags"):
        assert np.array_equal(read(again[key]), read(mask_run[key])), key
    assert np.mean(read(again["map"]) == read(mask_run["map"])) > 0.99
    assert split_ids(again["product"])[0] == split_ids(mask_run["product"])[0]
    same = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="SIM2",
                                  tile="31UES", out_folder=str(tmp_path), **FAST)
    for key in ("map", "raw", "confidence"):
        assert np.array_equal(read(same[key]), read(mask_run[key])), key


def test_existing_product_refused_unless_overwrite(scene, mask_run):
    out = os.path.dirname(mask_run["product"])
    with pytest.raises(InputError, match="product of site SIM for 2018-03-01 to 2018-10-31 already exists"):
        workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="SIM", tile="31UES",
                               out_folder=out, **FAST)
    assert os.path.exists(mask_run["map"])  # untouched


def test_overwrite_replaces(scene, tmp_path):
    kw = dict(site="OW", out_folder=str(tmp_path), n_trees=5, samples_per_class=200)
    first = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", **kw)
    import time
    time.sleep(1.1)  # product names carry the creation second
    second = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", overwrite=True,
                                    postprocess=False, **kw)
    assert first["product"] != second["product"]
    assert not os.path.exists(first["product"]) and os.path.exists(second["map"])
    assert np.array_equal(read(second["map"]), read(second["raw"]))  # no post-processing: CM = RAW
    assert products.read_product(second["product"]).parameters["POSTPROCESS"] == "false"


def test_cancel_leaves_nothing(scene, tmp_path):
    progress = [0.0]
    # cancelled once the forest is trained, at the first block of the prediction pass: the product folder is
    # already being written (flags, model) and the decoded images are in their temporary store
    trained = lambda: any(m.startswith("Random forest trained") for m in reporter.messages)  # noqa: E731
    reporter = Reporter(on_progress=lambda p: progress.append(p), is_canceled=trained)
    with pytest.raises(Cancelled):
        workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", out_folder=str(tmp_path),
                               reporter=reporter, **FAST)
    assert trained() and not any(m.startswith("Pass 2: features and prediction: done") for m in reporter.messages)
    assert 50 <= max(progress) < 85
    assert os.listdir(str(tmp_path)) == []


# --- crop type ----------------------------------------------------------------------------------
def parcel_records(path, label):
    """(wkb, label, id) records of the simulated parcels and the layer's CRS WKT."""
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    records = [(f.GetGeometryRef().ExportToWkb(), label(f), f.GetField("ID")) for f in layer]
    return records, layer.GetSpatialRef().ExportToWkt()


def test_crop_type_with_crop_mask(scene, mask_run, tmp_path):
    # crop codes only (non-crop parcels have no code): the masked map is validated
    records, wkt = parcel_records(scene["parcels"], lambda f: f.GetField("CODE") if f.GetField("CROP") else 0)
    reporter = Reporter()
    legend = tmp_path / "legend.csv"
    legend.write_text("code,name\n1110,Wheat\n1200,Maize\n")
    out = workflow.run_crop_type([scene["images"]], START, END, records, "CODE", insitu_crs=wkt,
                                 crop_mask=mask_run["product"], legend=str(legend), site="SIM",
                                 out_folder=str(tmp_path), reporter=reporter, **FAST)
    ct, raw, mask = read(out["map"]), read(out["raw"]), read(mask_run["map"])
    assert np.array_equal(ct[mask == 0], np.zeros(int(np.sum(mask == 0)), np.int16))
    assert np.array_equal(ct[mask == 1], raw[mask == 1])
    q = out["quality"]
    codes = [c for c in q.labels if c != 0]
    # observed: OA 0.993 over 4 crop codes (chance ~0.25)
    assert out["overall_accuracy"] > 0.8 and len(codes) >= 3
    recomputed = recomputed_quality(out["product"], out["map"], "CODE", q.labels)
    assert recomputed.cm.tolist() == q.cm.tolist()
    assert any("Crop mask applied" in m for m in reporter.messages)
    lut = glob.glob(os.path.join(out["product"], "AUX_DATA", "*_LUT_*.txt"))[0]
    assert "Maize" in open(lut).read()
    # a mask (raster) that removes the top 60 rows: crop pixels removed there count as errors (column 0)
    cut = str(tmp_path / "cut_mask.tif")
    ds = gdal.GetDriverByName("GTiff").CreateCopy(cut, gdal.Open(mask_run["map"]))
    ds.GetRasterBand(1).WriteArray(np.zeros((60, 150), np.int16), 0, 0)
    ds = None
    out2 = workflow.run_crop_type([scene["images"]], START, END, records, "CODE", insitu_crs=wkt, crop_mask=cut,
                                  site="CUT", out_folder=str(tmp_path), **FAST)
    q2 = out2["quality"]
    ref = validation_reference(out2["product"], out2["map"], "CODE")
    removed = int(np.sum((ref[:60] > 0) & (read(out2["raw"])[:60] != -10000)))
    assert removed > 0 and 0 in q2.labels
    assert int(q2.cm[:, q2.labels.index(0)].sum()) == removed
    assert q2.accuracy < q.accuracy


def test_crop_type_all_codes_no_mask(scene, tmp_path):
    out = workflow.run_crop_type([scene["images"]], START, END, scene["parcels"], "CODE", site="SIM",
                                 out_folder=str(tmp_path), **FAST)
    assert np.array_equal(read(out["map"]), read(out["raw"]))
    n_classes = len([c for c in out["quality"].labels if c != 0])
    # observed: OA 0.983 over 8 classes (chance ~1/8)
    assert n_classes >= 6 and out["overall_accuracy"] > 0.8


# --- bad inputs ---------------------------------------------------------------------------------
def test_insitu_in_another_crs_is_reprojected(scene, tmp_path):
    wgs = str(tmp_path / "parcels_4326.gpkg")
    gdal.VectorTranslate(wgs, scene["parcels"], dstSRS="EPSG:4326")
    reporter = Reporter()
    out = workflow.run_crop_mask([scene["images"]], START, END, wgs, "CROP", out_folder=str(tmp_path / "o"),
                                 reporter=reporter, **FAST)
    assert any("reprojected from WGS 84 to the images' CRS WGS 84 / UTM zone 31N" in m for m in reporter.messages)
    assert out["overall_accuracy"] > 0.9


def shifted(scene, tmp_path, dx):
    path = str(tmp_path / "far.gpkg")
    src = ogr.Open(scene["parcels"])
    layer = src.GetLayer(0)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    out = ds.CreateLayer("far", layer.GetSpatialRef(), ogr.wkbPolygon)
    out.CreateField(ogr.FieldDefn("CROP", ogr.OFTInteger))
    for f in layer:
        g = f.GetGeometryRef().Clone()
        ring = g.GetGeometryRef(0)
        for i in range(ring.GetPointCount()):
            ring.SetPoint_2D(i, ring.GetX(i) + dx, ring.GetY(i))
        nf = ogr.Feature(out.GetLayerDefn())
        nf.SetField("CROP", f.GetField("CROP"))
        nf.SetGeometry(g)
        out.CreateFeature(nf)
    ds = None
    return path


def test_insitu_not_overlapping(scene, tmp_path):
    with pytest.raises(InputError, match=r"The in situ polygons \(extent .*\) do not overlap the images"):
        workflow.run_crop_mask([scene["images"]], START, END, shifted(scene, tmp_path, 100000), "CROP",
                               out_folder=str(tmp_path / "o"), **FAST)
    assert not os.path.exists(str(tmp_path / "o")) or os.listdir(str(tmp_path / "o")) == []


def test_single_class_and_bad_crop_values(scene, tmp_path):
    records, wkt = parcel_records(scene["parcels"], lambda f: 1)
    with pytest.raises(InputError) as err:
        workflow.run_crop_mask([scene["images"]], START, END, records, "CROP", insitu_crs=wkt,
                               out_folder=str(tmp_path), **FAST)
    assert str(err.value).startswith("Only one class can be trained (class 1): a classification needs at least two")
    with pytest.raises(InputError, match=r"The crop field 'CODE' must hold 0 \(non-crop\) or 1 \(crop\); "
                                         r"it also holds: 1110, 1200"):
        workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CODE", out_folder=str(tmp_path))
    with pytest.raises(InputError, match=r"The in situ layer has no field 'KROP' \(its fields: ID, CROP"):
        workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "KROP", out_folder=str(tmp_path))
    assert os.listdir(str(tmp_path)) == []


def tiny_square(x, y, size=2.0):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for dx, dy in ((0, 0), (size, 0), (size, size), (0, size), (0, 0)):
        ring.AddPoint_2D(x + dx, y + dy)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly.ExportToWkb()


def test_class_without_pixels(scene, tmp_path):
    records, wkt = parcel_records(scene["parcels"], lambda f: f.GetField("CODE"))
    x0, y0 = 500000.0, 5630000.0 - 500.0
    records.append((tiny_square(x0 + 1, y0 + 1), 4242, 9999))  # between pixel centres
    reporter = Reporter()
    out = workflow.run_crop_type([scene["images"]], START, END, records, "CODE", insitu_crs=wkt,
                                 out_folder=str(tmp_path), reporter=reporter, n_trees=5, samples_per_class=200)
    assert any("Class 4242: none of its 1 polygons holds a pixel centre on the image grid" in m
               for m in reporter.messages)
    assert 4242 not in set(np.unique(read(out["raw"])))
    # crop mask: the non-crop class has only sub-pixel polygons -> a single class is left
    records, wkt = parcel_records(scene["parcels"], lambda f: 1)
    records.append((tiny_square(x0 + 1, y0 + 1), 0, 9999))
    with pytest.raises(InputError, match="Only one class can be trained"):
        workflow.run_crop_mask([scene["images"]], START, END, records, "CROP", insitu_crs=wkt,
                               out_folder=str(tmp_path / "m"), **FAST)


def test_pixels_without_valid_date_are_nodata(scene, tmp_path):
    images = str(tmp_path / "images")
    shutil.copytree(scene["images"], images)
    for path in glob.glob(os.path.join(images, "*_SCL.tif")):
        ds = gdal.Open(path, gdal.GA_Update)
        ds.GetRasterBand(1).WriteArray(np.zeros((10, 20), np.uint8), 0, 0)  # SCL 0: no data, every date
        ds = None
    reporter = Reporter()
    out = workflow.run_crop_mask([images], START, END, scene["parcels"], "CROP", out_folder=str(tmp_path / "o"),
                                 reporter=reporter, **FAST)
    for key in ("map", "raw", "confidence"):
        data = read(out[key])
        assert (data[:10, :20] == -10000).all() and (data[10:, 20:] != -10000).all(), key
    assert (read(out["flags"])[:10, :20] == 0).all()
    assert any("200 of 22500 pixels" in m and "no cloud-free observation" in m for m in reporter.messages)


def test_crop_mask_on_another_grid_refused(scene, mask_run, tmp_path):
    src = gdal.Open(mask_run["map"])
    shifted_mask = str(tmp_path / "shifted.tif")
    ds = gdal.GetDriverByName("GTiff").CreateCopy(shifted_mask, src)
    gt = list(src.GetGeoTransform())
    gt[0] += 20.0
    ds.SetGeoTransform(gt)
    ds = None
    with pytest.raises(InputError) as err:
        workflow.run_crop_type([scene["images"]], START, END, scene["parcels"], "CODE", crop_mask=shifted_mask,
                               out_folder=str(tmp_path / "o"), **FAST)
    assert str(err.value).startswith("The crop mask %s is on another grid (WGS 84 / UTM zone 31N, 10 m pixels, "
                                     "150 x 150, extent 500020, " % shifted_mask)
    assert "than the images (WGS 84 / UTM zone 31N, 10 m pixels, 150 x 150, extent 500000, " in str(err.value)
    # a crop type product is not a crop mask
    with pytest.raises(InputError, match="is a L4B product, not a crop mask"):
        workflow._crop_mask_raster(make_l4b(tmp_path, mask_run), None)


def make_l4b(tmp_path, mask_run):
    with products.ProductWriter("L4B", str(tmp_path / "l4b"), "X", START, END) as writer:
        writer.add_raster("MAP", mask_run["map"])
    return writer.path


# --- the algorithms ----------------------------------------------------------------------------
def test_algorithms_through_processing(run_alg, scene, mask_run, tmp_path):
    wgs = str(tmp_path / "parcels_4326.gpkg")
    gdal.VectorTranslate(wgs, scene["parcels"], dstSRS="EPSG:4326")
    res = run_alg("cropmask", {"INPUT": [scene["images"]], "START_DATE": START, "END_DATE": END, "IN_SITU": wgs,
                               "SITE": "ALG", "N_TREES": 10, "SAMPLES_PER_CLASS": 500,
                               "OUTPUT_FOLDER": str(tmp_path / "out")})
    assert res["OVERALL_ACCURACY"] > 0.9 and -1 <= res["KAPPA"] <= 1
    for key in ("CROP_MASK", "RAW_MASK", "CONFIDENCE", "FLAGS"):
        assert os.path.exists(res[key]) and os.path.exists(os.path.splitext(res[key])[0] + ".qml"), key
    assert res["PRODUCT"].startswith(str(tmp_path / "out" / "S2AGRI_L4A_PRD_SALG_"))
    res2 = run_alg("croptype", {"INPUT": [scene["images"]], "START_DATE": START, "END_DATE": END,
                                "IN_SITU": scene["parcels"], "SITE": "ALG", "N_TREES": 10, "SAMPLES_PER_CLASS": 500,
                                "CROP_MASK": res["PRODUCT"], "OUTPUT_FOLDER": str(tmp_path / "out")})
    ct, mask = read(res2["CROP_TYPE"]), read(res["CROP_MASK"])
    assert (ct[mask == 0] == 0).all() and os.path.exists(res2["RAW_CROP_TYPE"])
    assert products.read_product(res2["PRODUCT"]).level == "L4B"
    # the same mask as a raster (CROP_MASK_RASTER, the dialog's raster chooser) gives the same map
    common = {"INPUT": [scene["images"]], "START_DATE": START, "END_DATE": END, "IN_SITU": scene["parcels"],
              "SITE": "ALG", "N_TREES": 10, "SAMPLES_PER_CLASS": 500}
    res3 = run_alg("croptype", dict(common, CROP_MASK_RASTER=res["CROP_MASK"], OUTPUT_FOLDER=str(tmp_path / "out3")))
    assert (read(res3["CROP_TYPE"]) == ct).all() and (ct[mask == 1] > 0).any()
    assert products.read_product(res3["PRODUCT"]).parameters["CROP_MASK"] == res["CROP_MASK"]
    from qgis.core import QgsProcessingException
    with pytest.raises(QgsProcessingException) as err:
        run_alg("croptype", dict(common, CROP_MASK=res["PRODUCT"], CROP_MASK_RASTER=res["CROP_MASK"],
                                 OUTPUT_FOLDER=str(tmp_path / "out4")))
    assert str(err.value) == ("Two crop masks given: CROP_MASK (%s) and CROP_MASK_RASTER (%s). Give only one of "
                              "them." % (res["PRODUCT"], res["CROP_MASK"]))
    assert not os.path.exists(str(tmp_path / "out4")) or not os.listdir(str(tmp_path / "out4"))


def parcels_with_names(scene, path, names):
    """The scene's parcels with a CROP_NAME field: names[CODE], and 'Mais' for the first parcel of code 1200."""
    src = ogr.Open(scene["parcels"])
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CopyLayer(src.GetLayer(0), "parcels")
    layer.CreateField(ogr.FieldDefn("CROP_NAME", ogr.OFTString))
    odd = None
    for feature in list(layer):
        code = feature.GetField("CODE")
        name = names.get(code)
        if code == 1200 and odd is None:
            name = odd = "Mais"
        feature.SetField("CROP_NAME", name)
        layer.SetFeature(feature)
    ds = None
    return path


def test_crop_names_from_the_parcels_and_one_colour_per_code(run_alg, scene, tmp_path):
    """NAME_FIELD names the codes in the LUT and map style as a LEGEND does (the most frequent name of a code
    wins, with a warning; a LEGEND's names win); a code has the same colour in the map and the parcel style."""
    import re
    from qgis.core import QgsProcessingFeedback
    from cropmapper.science.styling import code_colour, code_vector_qml

    ds = ogr.Open(scene["parcels"])
    codes = sorted({f.GetField("CODE") for f in ds.GetLayer(0)} - {0, None})
    ds = None
    names = {c: "crop %d" % c for c in codes}
    names[1200] = "Maize"
    parcels = parcels_with_names(scene, str(tmp_path / "named.gpkg"), names)
    legend = tmp_path / "legend.csv"
    legend.write_text("code,name\n%d,From legend\n" % codes[0])
    warnings = []

    class Feedback(QgsProcessingFeedback):
        def pushWarning(self, text):  # noqa: N802
            warnings.append(text)

    common = {"INPUT": [scene["images"]], "START_DATE": START, "END_DATE": END, "IN_SITU": parcels, "SITE": "NAMES",
              "N_TREES": 10, "SAMPLES_PER_CLASS": 500, "NAME_FIELD": "CROP_NAME"}
    res = run_alg("croptype", dict(common, OUTPUT_FOLDER=str(tmp_path / "a")), Feedback())
    lut = products.read_lut(glob.glob(os.path.join(res["PRODUCT"], "AUX_DATA", "*_LUT_*.txt"))[0])
    mapped = [v for v, _, _ in lut if v != 0]
    assert mapped and set(mapped) <= set(codes)
    assert {v: n for v, n, _ in lut if v != 0} == {v: names[v] for v in mapped}
    ds = ogr.Open(parcels)
    n_maize = sum(1 for f in ds.GetLayer(0) if f.GetField("CODE") == 1200)
    ds = None
    assert [w for w in warnings if "names in" in w] == ["Code 1200 has 2 names in NAME_FIELD: 'Maize' (%d parcels), 'Mais' (1 parcel); 'Maize' "
                        "is used." % (n_maize - 1)]
    qml = open(os.path.splitext(res["CROP_TYPE"])[0] + ".qml").read()
    assert 'value="1200" label="Maize"' in qml
    # LEGEND too: its names win for the codes it lists, NAME_FIELD names the others
    res2 = run_alg("croptype", dict(common, LEGEND=str(legend), OUTPUT_FOLDER=str(tmp_path / "b")))
    lut2 = products.read_lut(glob.glob(os.path.join(res2["PRODUCT"], "AUX_DATA", "*_LUT_*.txt"))[0])
    expected = {**names, codes[0]: "From legend"}
    named = {v: n for v, n, _ in lut2 if v != 0}
    assert named == {v: expected[v] for v in named} and named[codes[0]] == "From legend"
    # one colour per code: the map's LUT and the parcels' categorised style (prepareinsitu) agree
    style = code_vector_qml("CODE", codes, names)
    symbols = dict(re.findall(r'<symbol type="fill" name="(\d+)".*?<prop k="color" v="(\d+,\d+,\d+),', style))
    parcel_rgb = {int(value): tuple(int(x) for x in symbols[symbol].split(","))
                  for symbol, value in re.findall(r'<category render="true" symbol="(\d+)" value="(\d+)"', style)}
    for value, _, rgb in lut:
        if value != 0:
            assert parcel_rgb[value] == rgb == tuple(int(code_colour(value)[k:k + 2], 16) for k in (1, 3, 5))


def test_loaded_outputs_log_no_ogr_error(qgis_app, scene, tmp_path):
    """The outputs load as rasters as the dialog loads them, without QGIS trying them as vectors first
    (OGR's "Cannot open ... .TIF" in the log for each, before the layer type hint)."""
    import processing
    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject
    from qgis.core import QgsProcessingUtils

    alg = QgsApplication.processingRegistry().createAlgorithmById("cropmapper:cropmask")
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    project = QgsProject()
    context.setProject(project)
    params = {"INPUT": [scene["images"]], "IN_SITU": scene["parcels"], "SITE": "LOAD", "N_TREES": 5,
              "SAMPLES_PER_CLASS": 200, "OUTPUT_FOLDER": str(tmp_path / "out")}
    res = processing.run(alg, params, context=context, feedback=feedback)
    details = context.layersToLoadOnCompletion()
    assert sorted(details) == sorted(res[k] for k in ("CROP_MASK", "RAW_MASK", "CONFIDENCE", "FLAGS"))
    assert all(d.layerTypeHint == QgsProcessingUtils.LayerHint.Raster for d in details.values())
    log = []
    collect = lambda message, tag, level: log.append((tag, message))  # noqa: E731
    QgsApplication.messageLog().messageReceived.connect(collect)
    try:
        handleAlgorithmResults(alg, context, feedback, showResults=False, parameters=params)
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(collect)
    assert sorted(layer.name() for layer in project.mapLayers().values()) == [
        "Crop mask", "Crop mask confidence", "Crop mask date flags", "Raw crop mask"]
    assert [m for tag, m in log if tag == "OGR"] == []


def test_algorithm_errors(run_alg, scene, tmp_path):
    from qgis.core import QgsProcessingException

    params = {"INPUT": [scene["images"]], "IN_SITU": scene["parcels"], "CROP_FIELD": "NAME",
              "OUTPUT_FOLDER": str(tmp_path)}
    with pytest.raises(QgsProcessingException, match=r"The crop field 'NAME' must hold 0 \(non-crop\) or 1"):
        run_alg("cropmask", params)


# --- the real patch, as a user would run it --------------------------------------------------------
@needs(FLANDERS_SAFE)
def test_flanders_end_to_end_qgis_process(qgis_process, tmp_path):
    labels = os.path.join(FLANDERS, "labels.gpkg")
    common = {"INPUT": FLANDERS_SAFE, "START_DATE": START, "END_DATE": END, "IN_SITU": labels, "SITE": "FLANDERS",
              "OUTPUT_FOLDER": str(tmp_path)}
    code, mask, proc = qgis_process.run("cropmapper:cropmask", dict(common, CROP_FIELD="is_crop"))
    assert code == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    mask_proc = proc
    code, ctype, proc = qgis_process.run("cropmapper:croptype", dict(common, CODE_FIELD="ct"))
    assert code == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    for result, field, level in ((mask["results"], "is_crop", "L4A"), (ctype["results"], "ct", "L4B")):
        product = products.read_product(result["PRODUCT"])
        assert product.level == level and product.tile == "31UES"
        # named, as Sen2-Agri, after the first and last acquisitions used (not the requested period)
        skipped = [i for i in product.inputs if i.get("status") == "skipped"]
        assert skipped and all(i["reason"].startswith("outside the period") for i in skipped if i["date"] < START)
        dates = sorted(i["date"][:10] for i in product.inputs if i.get("status") != "skipped")
        assert (str(product.start), str(product.end)) == (dates[0], dates[-1]) != (START, END)
        q = product.quality
        recomputed = recomputed_quality(result["PRODUCT"], product.map_path, field, q["labels"])
        assert recomputed.cm.tolist() == q["confusion_matrix"]
        assert recomputed.accuracy == pytest.approx(q["accuracy"], abs=1e-6) == pytest.approx(
            result["OVERALL_ACCURACY"], abs=1e-6)
        assert recomputed.kappa == pytest.approx(q["kappa"], abs=1e-6)
        ids, geoms = split_ids(result["PRODUCT"])
        assert ids["validation"] and set(ids["training"]).isdisjoint(ids["validation"])
        assert geoms["training"].isdisjoint(geoms["validation"])
    # observed: crop mask OA 0.83 (360 validation pixels), crop type OA 0.93 (746 pixels); single-polygon
    # crop types (2130, 5100) are trained but flagged not validated
    assert mask["results"]["OVERALL_ACCURACY"] > 0.7
    assert ctype["results"]["OVERALL_ACCURACY"] > 0.8
    assert products.read_product(ctype["results"]["PRODUCT"]).quality["not_validated"] == [2130, 5100]
    # The interval, the majority baseline and the warnings reach the outputs and the QLT XML.
    for results in (mask["results"], ctype["results"]):
        assert results["OA_LOW"] <= results["OVERALL_ACCURACY"] <= results["OA_HIGH"]
        assert 0 < results["MAJORITY_ACCURACY"] < 1 and results["RAW_OVERALL_ACCURACY"] > 0.5
    a = products.read_product(mask["results"]["PRODUCT"]).quality["assessment"]
    # seed 0: the map loses to "non-crop everywhere"; 3 crop validation polygons (0.25 x 10, rounded half up)
    assert a["majority_label"] == 0 and a["majority_accuracy"] == pytest.approx(mask["results"]["MAJORITY_ACCURACY"])
    assert a["beats_majority"] is False and a["polygons_per_class"][1] == 3
    assert any(w.startswith("The map does not beat a map that says '0' everywhere") for w in a["warnings"])
    assert "The map does not beat" in proc_text(mask_proc)


@needs(FLANDERS_SAFE)
def test_flanders_kfold_and_mean_shift_through_qgis_process(qgis_process, tmp_path):
    """VALIDATION_MODE=kfold and Sen2-Agri's mean-shift post-processing as a user runs them."""
    params = {"INPUT": FLANDERS_SAFE, "START_DATE": START, "END_DATE": END, "IN_SITU": os.path.join(FLANDERS,
              "labels.gpkg"), "CROP_FIELD": "is_crop", "SITE": "KFOLD", "OUTPUT_FOLDER": str(tmp_path),
              "VALIDATION_MODE": "kfold", "FOLDS": 4, "POSTPROCESS": "true", "SEGMENTATION": "meanshift"}
    code, out, proc = qgis_process.run("cropmapper:cropmask", params)
    assert code == 0, proc_text(proc)[-3000:]
    product = products.read_product(out["results"]["PRODUCT"])
    p = product.parameters
    assert (p["VALIDATION_MODE"], p["FOLDS"], p["POSTPROCESS"], p["SEGMENTATION"], p["FEATURE_SET"]) == \
        ("kfold", "4", "true", "meanshift", "sen2agri")
    folds = isd_folds(product.path)
    assert set(fold for _, fold in folds.values()) == {1, 2, 3, 4}
    # every labelled pixel is validated once (out of fold): the confusion matrix holds all of them
    labelled = int((polygon_ids(os.path.join(FLANDERS, "labels.gpkg"), product.map_path) > 0).sum())
    assert sum(map(sum, product.quality["confusion_matrix"])) == labelled
    cm, raw = (gdal.Open(x).ReadAsArray() for x in (product.map_path, product.raw_path))
    assert set(np.unique(cm)) <= {0, 1} and 0 < np.sum(cm != raw) < cm.size / 4
    assert "changed %d pixels" % np.sum(cm != raw) in proc_text(proc)
    assert "K-fold: the figures are those of the raw mask's out-of-fold predictions" in proc_text(proc)


def proc_text(proc):
    return proc.stdout + proc.stderr


def test_every_parameter_has_help(qgis_app):
    from qgis.core import QgsApplication

    for alg_id in ("cropmapper:cropmask", "cropmapper:croptype"):
        alg = QgsApplication.processingRegistry().algorithmById(alg_id)
        names = [p.name() for p in alg.parameterDefinitions()]
        assert names == list(type(alg).PARAM_HELP), alg_id  # same parameters, in the dialog's order
        assert alg.group() == "Classification" and type(alg).NEEDS_SKLEARN


def test_sen2agri_features_through_the_algorithm(run_alg, scene, tmp_path):
    """FEATURES=sen2agri: the model takes Sen2-Agri's 27 summary features and 4 red-edge features per date
    (not the NDVI the post-processing segments), the product records the set and window, the map is good."""
    res = run_alg("cropmask", {"INPUT": [scene["images"]], "START_DATE": START, "END_DATE": END,
                               "IN_SITU": scene["parcels"], "SITE": "S2A", "N_TREES": 10, "SAMPLES_PER_CLASS": 500,
                               "FEATURES": "sen2agri", "WINDOW": 3, "OUTPUT_FOLDER": str(tmp_path / "out")})
    p = products.read_product(res["PRODUCT"])
    names = json.load(open(glob.glob(os.path.join(p.path, "AUX_DATA", "*FEATURES*.json"))[0]))
    names = names["features"] if isinstance(names, dict) else names
    n_dates = len(timeseries.regular_dates(START, END, 10))
    assert names[:27] == list(sen2agri.SUMMARY) and len(names) == 27 + 4 * n_dates
    assert not any(n.startswith("NDVI_2") for n in names)
    assert p.parameters["FEATURE_SET"] == "sen2agri" and p.parameters["WINDOW"] == "3"
    assert res["OVERALL_ACCURACY"] > 0.9
    with pytest.raises(Exception, match="sen2agri"):
        workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], features="sen2-agri",
                               out_folder=str(tmp_path / "bad"))


def test_kfold_validates_every_polygon_once(scene, tmp_path):
    """VALIDATION_MODE=kfold: every polygon with pixels is in exactly one fold (ISD FOLD), the figures pool
    the out-of-fold predictions of every drawn pixel, and the map's model is trained on all polygons."""
    r = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="KF", tile="31UES",
                               out_folder=str(tmp_path), validation_mode="kfold", folds=4, **FAST)
    _ds, layer = isd_layer(r["product"])
    rows = [(f.GetField("FOLD"), f.GetField("SPLIT")) for f in layer]
    assert rows and sorted({fold for fold, _ in rows}) == [1, 2, 3, 4]
    assert all(split == "training" for _, split in rows)
    p = products.read_product(r["product"])
    assert p.parameters["VALIDATION_MODE"] == "kfold" and p.parameters["FOLDS"] == "4"
    assert r["quality"].cm.sum() >= 0.9 * 2 * FAST["samples_per_class"] and r["overall_accuracy"] > 0.8
    assert r["assessment"].ci_low <= r["overall_accuracy"] <= r["assessment"].ci_high
