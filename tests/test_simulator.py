"""The scene simulator: determinism, block independence, phenology, clouds, parcels, products, CLI."""
import filecmp
import warnings
import glob
import io
import os
import re
import subprocess
import sys
from contextlib import redirect_stdout

import numpy as np
import pytest
from osgeo import gdal, ogr

from conftest import PLUGIN_PATH, REPO, SHARED_DATA, needs

from cropmapper.science.sim import class_profiles as cp
from cropmapper.science.sim import simulator as sim
from cropmapper.science.errors import InputError

PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
DAYS = ["2018-01-15", "2018-04-15", "2018-05-15", "2018-07-15", "2018-08-15"]


def _ndvi(refl):
    return (refl[6] - refl[2]) / (refl[6] + refl[2])


def _files(folder):
    out = []
    for root, _, names in os.walk(folder):
        out += [os.path.relpath(os.path.join(root, n), folder) for n in names]
    return sorted(out)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("sim")
    kw = dict(width=120, height=100, dates=("2018-04-01", "2018-08-31", 5), formats=("safe", "geotiff"))
    return {
        "a": (str(base / "a"), sim.simulate_scene(str(base / "a"), seed=7, **kw)),
        "b": (str(base / "b"), sim.simulate_scene(str(base / "b"), seed=7, **kw)),
        "c": (str(base / "c"), sim.simulate_scene(str(base / "c"), seed=8, **kw)),
    }


@pytest.fixture(scope="module")
def clear_scene():
    scene = sim.Scene(200, 200, dates=DAYS, seed=4, cloud_fraction=0.0, swath_edge=False, realism="none")
    ids = sim.rasterize_ids(scene)
    return scene, ids, np.where(ids > 0, scene.parcels.klass[ids], -1)


def test_same_seed_gives_byte_identical_files(runs):
    (a, _), (b, _) = runs["a"], runs["b"]
    files = _files(a)
    assert files == _files(b)
    assert len([f for f in files if f.endswith(".jp2")]) == 5 * 11
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert mismatch == [] and errors == []


def test_different_seeds_differ(runs):
    ra, rc = runs["a"][1], runs["c"][1]
    ids_a = gdal.Open(ra["labels"]["id"]).ReadAsArray()
    ids_c = gdal.Open(rc["labels"]["id"]).ReadAsArray()
    assert (ids_a != ids_c).mean() > 0.5
    img_a = gdal.Open(ra["geotiff"][2]).ReadAsArray()
    img_c = gdal.Open(rc["geotiff"][2]).ReadAsArray()
    assert (img_a != img_c).mean() > 0.9


def test_output_does_not_depend_on_the_block_size(tmp_path):
    kw = dict(width=400, height=40, dates=2, seed=3, cloud_fraction=0.5, formats=("geotiff",))
    one = sim.simulate_scene(str(tmp_path / "one"), memory_mb=256, **kw)
    many = sim.simulate_scene(str(tmp_path / "many"), memory_mb=1, **kw)  # 1 MB: blocks of 5 rows
    assert len(sim.row_blocks(40, 400, sim.BYTES_PER_PIXEL, 1)) == 8
    for x, y in zip(one["geotiff"], many["geotiff"]):
        assert filecmp.cmp(x, y, shallow=False)
        assert filecmp.cmp(x.replace(".tif", "_SCL.tif"), y.replace(".tif", "_SCL.tif"), shallow=False)


def _same_rasters(a, b):
    """Folders ``a`` and ``b`` hold the same files, byte for byte, and the same decoded pixels."""
    files = _files(a)
    assert files == _files(b)
    for f in files:
        if f.endswith((".jp2", ".tif")):
            np.testing.assert_array_equal(gdal.Open(os.path.join(a, f)).ReadAsArray(),
                                          gdal.Open(os.path.join(b, f)).ReadAsArray(), err_msg=f)
    _, mismatch, errors = filecmp.cmpfiles(a, b, files, shallow=False)
    assert mismatch == [] and errors == []


def test_products_do_not_depend_on_the_memory_budget(tmp_path):
    from cropmapper.science.sim import s2_writers

    kw = dict(width=400, height=91, dates=2, seed=3, cloud_fraction=0.5, formats=("safe", "geotiff", "maja"))
    big = sim.simulate_scene(str(tmp_path / "big"), memory_mb=256, **kw)
    small = sim.simulate_scene(str(tmp_path / "small"), memory_mb=1, **kw)
    assert len(s2_writers._strips(91, 400, 1)) > 2  # the writers worked in several strips
    for fmt in ("safe", "geotiff", "maja"):
        _same_rasters(str(tmp_path / "big" / fmt), str(tmp_path / "small" / fmt))
    assert big["cloud_fraction"] == small["cloud_fraction"]
    for tif, fraction in zip(big["geotiff"], big["cloud_fraction"]):  # counted strip by strip
        scl = gdal.Open(tif.replace(".tif", "_SCL.tif")).ReadAsArray()
        assert fraction == float(np.isin(scl[scl != 0], (3, 8, 9)).mean())


class _Rows:
    """A band source read by rows, as the simulator passes its temporary files to the writers."""

    def __init__(self, array):
        self.array = array

    def read(self, row0, nrows):
        return self.array[row0:row0 + nrows].copy()


def test_safe_jp2_tiles_and_band_sources(tmp_path):
    from cropmapper.science.grid import Grid
    from cropmapper.science.sim import s2_writers

    grid = Grid(sim._srs_for(32631).ExportToWkt(), (500000.0, 10.0, 0.0, 5630000.0, 0.0, -10.0), 2048, 2048)
    y, x = np.mgrid[0:2048, 0:2048]
    refl = (0.05 + 0.3 * ((x // 7 + y // 5) % 40) / 40.0).astype(np.float32)
    refl[:3, :500] = np.nan
    scl = np.where(((x // 64 + y // 64) % 3) == 0, 9, 4).astype(np.uint8)
    scl[:, :100] = 0
    when = "2018-05-01T10:50:31"
    arrays = s2_writers.write_safe(str(tmp_path / "a"), when, "31UES", "S2A", grid,
                                   {"B04": refl, "B11": refl}, scl)
    sources = s2_writers.write_safe(str(tmp_path / "s"), when, "31UES", "S2A", grid,
                                    {"B04": _Rows(refl), "B11": _Rows(refl)}, _Rows(scl), memory_mb=1)
    _same_rasters(arrays, sources)
    jp2 = sorted(f for f in _files(arrays) if f.endswith(".jp2"))
    assert len(jp2) == 3
    for f in jp2:
        ds = gdal.Open(os.path.join(arrays, f))
        assert ds.GetRasterBand(1).GetBlockSize() == [1024, 1024], f
        side = 2048 if "_10m" in f else 1024  # 20 m: a single tile
        assert (ds.RasterXSize, ds.RasterYSize) == (side, side), f
        assert ds.GetMetadata("IMAGE_STRUCTURE").get("COMPRESSION_REVERSIBILITY") == "LOSSLESS", f
    with open(os.path.join(arrays, "MTD_MSIL2A.xml")) as f:
        s20 = scl[::2, ::2]
        expected = 100.0 * np.isin(s20, (8, 9, 10)).sum() / (s20 != 0).sum()
        assert "<Cloud_Coverage_Assessment>%.6f</Cloud_Coverage_Assessment>" % expected in f.read()


def _halo(ids, row0, nrows):
    """The id rows just above and below a block, -1 beyond the scene (as simulate_scene passes them)."""
    halo = np.full((2, ids.shape[1]), -1, dtype=np.int64)
    if row0 > 0:
        halo[0] = ids[row0 - 1]
    if row0 + nrows < ids.shape[0]:
        halo[1] = ids[row0 + nrows]
    return halo


def test_render_blocks_equal_whole_rows():
    scene = sim.Scene(90, 60, dates=3, seed=11, cloud_fraction=0.6)
    ids = sim.rasterize_ids(scene)
    for t in range(3):
        whole, scl, truth = scene.render(t, 0, 60, ids)
        parts = [scene.render(t, r, min(7, 60 - r), ids[r:r + 7], _halo(ids, r, min(7, 60 - r)))
                 for r in range(0, 60, 7)]
        np.testing.assert_array_equal(whole, np.concatenate([p[0] for p in parts], axis=1))
        np.testing.assert_array_equal(scl, np.concatenate([p[1] for p in parts]))
        np.testing.assert_array_equal(truth["opacity"], np.concatenate([p[2]["opacity"] for p in parts]))


def test_classes_follow_their_phenology(clear_scene):
    scene, ids, klass = clear_scene
    mean = {}
    for t, day in enumerate(DAYS):
        ndvi = _ndvi(scene.render(t, 0, 200, ids)[0])
        for k, key in enumerate(cp.CLASS_KEYS):
            assert (klass == k).sum() > 50, key
            mean[key, day[5:7]] = float(ndvi[klass == k].mean())
    assert mean["maize", "05"] < 0.45 and mean["maize", "08"] > 0.65  # sown in May, green in summer
    assert mean["winter_wheat", "04"] > 0.6 and mean["winter_wheat", "05"] > 0.65
    assert mean["winter_wheat", "08"] < 0.45  # harvested in July
    assert mean["sugar_beet", "04"] < 0.4 and mean["sugar_beet", "08"] > 0.65
    assert mean["potatoes", "05"] < 0.5 and mean["potatoes", "07"] > 0.55
    assert mean["grassland", "04"] > 0.75  # green in spring
    assert mean["forest", "01"] < 0.5 and mean["forest", "07"] > 0.75  # leaf-off / leaf-on
    assert mean["built_up", "07"] < 0.4
    assert max(mean["water", m] for m in ("01", "04", "05", "07", "08")) < 0


def test_july_ndvi_separates_maize_from_built_up(clear_scene):
    scene, ids, klass = clear_scene
    ndvi = _ndvi(scene.render(DAYS.index("2018-07-15"), 0, 200, ids)[0])
    maize, built = ndvi[klass == cp.CLASS_KEYS.index("maize")], ndvi[klass == cp.CLASS_KEYS.index("built_up")]
    assert (maize > 0.55).mean() > 0.95 and (built <= 0.55).mean() > 0.95


def test_clear_scl_and_pixel_variation(clear_scene):
    scene, ids, klass = clear_scene
    refl, scl, truth = scene.render(DAYS.index("2018-07-15"), 0, 200, ids)
    assert not truth["cloud"].any() and set(np.unique(scl)) <= {4, 5, 6}
    water = klass == cp.CLASS_KEYS.index("water")
    assert (scl[water] == 6).all() and (scl[~water] != 6).mean() > 0.99
    assert (scl[klass == cp.CLASS_KEYS.index("maize")] == 4).mean() > 0.95
    # parcels differ from each other and pixels within a parcel differ too
    maize_ids = np.unique(ids[klass == cp.CLASS_KEYS.index("maize")])
    means = [refl[6][ids == i].mean() for i in maize_ids]
    assert np.std(means) > 0.005
    assert refl[6][ids == maize_ids[0]].std() > 0.003


def test_scl_marks_the_simulated_clouds_and_shadows():
    cloudy = sim.Scene(200, 200, dates=12, seed=5, cloud_fraction=0.5, swath_edge=False)
    clear = sim.Scene(200, 200, dates=12, seed=5, cloud_fraction=0.0, swath_edge=False)
    ids = sim.rasterize_ids(cloudy)
    n_cloudy = 0
    for t in range(12):
        refl, scl, truth = cloudy.render(t, 0, 200, ids)
        base = clear.render(t, 0, 200, ids)[0]
        cloud = truth["cloud"]
        np.testing.assert_array_equal(np.isin(scl, (8, 9)), cloud)
        if not cloud.any():
            continue
        n_cloudy += 1
        thick = truth["opacity"] > 0.55
        assert (scl[thick] == 9).all()
        assert refl[0][thick].mean() > 0.35 and base[0].mean() < 0.1  # bright in blue
        untouched = (truth["opacity"] == 0) & (truth["shadow"] == 0)
        np.testing.assert_array_equal(refl[:, untouched], base[:, untouched])
        shadow = scl == 3
        if shadow.sum() > 100:  # darker, though a faint haze may lie over some shadow pixels
            assert (refl[6][shadow] < 0.85 * base[6][shadow]).mean() > 0.95
            assert refl[6][shadow].mean() < 0.6 * base[6][shadow].mean()
    assert n_cloudy >= 4


def test_swath_edge_is_nodata():
    scene = sim.Scene(100, 80, dates=40, seed=2, cloud_fraction=0.0)
    edged = [t for t, c in enumerate(scene.conditions) if c.swath is not None]
    assert edged
    ids = sim.rasterize_ids(scene)
    refl, scl, _ = scene.render(edged[0], 0, 80, ids)
    nodata = scl == 0
    assert 0.05 < nodata.mean() < 0.6
    assert np.isnan(refl[:, nodata]).all() and not np.isnan(refl[:, ~nodata]).any()
    # a straight edge: each row's no-data pixels are contiguous and touch one side
    row = nodata[40]
    assert row[0] != row[-1] and np.count_nonzero(np.diff(row.astype(int))) == 1


def test_parcels_fields_crs_and_sizes(runs):
    result = runs["a"][1]
    ds = ogr.Open(result["parcels"])
    layer = ds.GetLayerByName("parcels")
    names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    assert names == ["ID", "CROP", "LC", "CODE", "NAME"]
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "32631"
    known = {v[0]: v for v in cp.CLASSES.values()}
    ids, areas, union = [], [], None
    for f in layer:
        code = f.GetField("CODE")
        assert code in known and f.GetField("LC") == known[code][1] and f.GetField("NAME") == known[code][3]
        assert f.GetField("CROP") == (1 if f.GetField("LC") == 11 else 0)
        g = f.GetGeometryRef()
        assert g.IsValid()
        ids.append(f.GetField("ID"))
        areas.append(g.GetArea())
        union = g.Clone() if union is None else union.Union(g)
    assert len(set(ids)) == len(ids) == sum(result["classes"].values())
    assert abs(union.GetArea() - sum(areas)) < 10.0  # no overlaps (but cm rounding of vertices)
    assert union.GetArea() < 1200 * 1000 * 0.99  # roads between blocks
    areas = np.array(areas)
    assert (areas < 5000).any()  # small parcels for the area filter
    assert areas[(areas >= 1e4) & (areas <= 1e5)].sum() > 0.5 * areas.sum()


def test_label_rasters_match_the_parcels(runs):
    result = runs["a"][1]
    ids = gdal.Open(result["labels"]["id"]).ReadAsArray()
    code = gdal.Open(result["labels"]["code"]).ReadAsArray()
    crop = gdal.Open(result["labels"]["crop"]).ReadAsArray()
    ds = ogr.Open(result["parcels"])
    layer = ds.GetLayerByName("parcels")
    gt = gdal.Open(result["labels"]["id"]).GetGeoTransform()
    assert gt == (500000.0, 10.0, 0.0, 5630000.0, 0.0, -10.0)
    checked = 0
    for f in layer:
        pid, area = f.GetField("ID"), f.GetGeometryRef().GetArea()
        mask = ids == pid
        assert (code[mask] == f.GetField("CODE")).all() and (crop[mask] == f.GetField("CROP")).all()
        if area > 2e4:  # pixel centres inside: count ~ area / 100 m2
            assert abs(mask.sum() * 100.0 - area) < 0.15 * area
            checked += 1
    assert checked >= 3
    assert (crop[ids == 0] == 255).all() and (code[ids == 0] == 0).all()
    assert os.path.exists(result["parcels"].replace(".gpkg", ".qml"))


def test_safe_products_layout_and_stored_values(runs):
    result = runs["a"][1]
    assert len(result["safe"]) == 5
    for safe, tif in zip(result["safe"], result["geotiff"]):
        name = os.path.basename(safe)
        m = re.match(r"S2[AB]_MSIL2A_(\d{8}T\d{6})_N0500_R051_T31UES_\d{8}T\d{6}\.SAFE$", name)
        assert m, name
        stamp = m.group(1)
        assert os.path.basename(tif) == "S2L2A_%s.tif" % stamp
        img = glob.glob(os.path.join(safe, "GRANULE", "L2A_T31UES_*", "IMG_DATA"))[0]
        b04 = gdal.Open(os.path.join(img, "R10m", "T31UES_%s_B04_10m.jp2" % stamp))
        b11 = gdal.Open(os.path.join(img, "R20m", "T31UES_%s_B11_20m.jp2" % stamp))
        scl20 = gdal.Open(os.path.join(img, "R20m", "T31UES_%s_SCL_20m.jp2" % stamp)).ReadAsArray()
        assert (b04.RasterXSize, b04.RasterYSize) == (120, 100)
        assert (b11.RasterXSize, b11.RasterYSize) == (60, 50) and b11.GetGeoTransform()[1] == 20.0
        dn = gdal.Open(tif).ReadAsArray()
        stored = b04.ReadAsArray().astype(int)
        valid = dn[2] > 0
        np.testing.assert_array_equal(stored[valid], dn[2][valid].astype(int) + 1000)  # BOA_ADD_OFFSET -1000
        assert (stored[~valid] == 0).all()
        refl11 = dn[8].astype(np.float32) / np.float32(10000)
        refl11[dn[8] == 0] = np.nan
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-no-data 2x2 blocks
            mean20 = np.nanmean(refl11.astype(np.float64).reshape(50, 2, 60, 2), axis=(1, 3))
        stored20 = b11.ReadAsArray().astype(int)
        has = np.isfinite(mean20)
        assert np.abs(stored20[has] - (np.rint(mean20[has] * 10000) + 1000)).max() <= 1
        assert (stored20[~has] == 0).all()
        scl10 = gdal.Open(tif.replace(".tif", "_SCL.tif")).ReadAsArray()
        np.testing.assert_array_equal(scl20, scl10[::2, ::2])
        with open(os.path.join(safe, "MTD_MSIL2A.xml")) as f:
            assert '<BOA_ADD_OFFSET band_id="3">-1000</BOA_ADD_OFFSET>' in f.read()


def test_products_read_back_through_the_readers(runs):
    from cropmapper.science.grid import Grid
    from cropmapper.science.io.readers import discover, prepare

    result = runs["a"][1]
    acqs = discover([os.path.dirname(result["safe"][0])])
    assert [a.datetime[:19] for a in acqs] == result["dates"]
    grid = Grid.from_raster(result["labels"]["id"])
    dn = gdal.Open(result["geotiff"][1]).ReadAsArray()
    refl = acqs[1].read(["B04", "B08"], grid)
    valid = dn[2] > 0
    np.testing.assert_allclose(refl[0][valid], dn[2][valid] / 10000.0, atol=1e-6)
    np.testing.assert_allclose(refl[1][valid], dn[6][valid] / 10000.0, atol=1e-6)
    # prepare() on the SAFE products: its grid is the scene's, its 10 m bands the dated GeoTIFFs'
    acqs, grid = prepare([os.path.dirname(result["safe"][0])])
    assert (grid.width, grid.height, grid.geotransform) == (120, 100, result["grid"].geotransform)
    for acq, tif in zip(acqs, result["geotiff"]):
        dn = gdal.Open(tif).ReadAsArray()[[0, 1, 2, 6]]
        expected = np.where(dn == 0, np.nan, dn / 10000.0).astype(np.float32)
        np.testing.assert_array_equal(acq.read(["B02", "B03", "B04", "B08"], grid), expected)


def test_dates_parsing():
    step = sim.parse_dates(("2018-05-01", "2018-05-21", "10d"))
    assert [d.date().isoformat() for d in step] == ["2018-05-01", "2018-05-11", "2018-05-21"]
    n = sim.parse_dates(("2018-03-01", "2018-10-31", 18))
    assert len(n) == 18 and n[0].date().isoformat() == "2018-03-01" and n[-1].date().isoformat() == "2018-10-31"
    listed = sim.parse_dates(["2018-07-01T10:30:00", "2018-06-01"])
    assert [d.isoformat()[:10] for d in listed] == ["2018-06-01", "2018-07-01"]
    assert listed[1].hour == 10 and listed[1].minute == 30
    assert 10 <= listed[0].hour <= 11


@pytest.mark.parametrize("kwargs, message", [
    (dict(formats=("jpeg",)), "Unknown output format jpeg: choose among safe, geotiff, maja."),
    (dict(width=1), "The scene must be at least 2 x 2 pixels (got 1 x 200)."),
    (dict(seed=-1), "The seed must be a non-negative integer (got -1)."),
    (dict(cloud_fraction=1.5), "The cloud fraction must be between 0 and 0.9 (got 1.5)."),
    (dict(dates=("2018-05-01", "2018-05-03", 5)), "5 dates do not fit between 2018-05-01 and 2018-05-03."),
    (dict(epsg=4326), "The simulated scene needs a projected CRS (metres), not EPSG:4326."),
])
def test_bad_input_messages(tmp_path, kwargs, message):
    with pytest.raises(InputError) as err:
        sim.simulate_scene(str(tmp_path), **kwargs)
    assert str(err.value) == message


def test_command_line(tmp_path):
    out = str(tmp_path / "cli")
    cmd = [PYTHON, os.path.join(REPO, "scripts", "simulate.py"), "--out", out, "--size", "40x30", "--dates", "3",
           "--seed", "2", "--format", "geotiff", "maja"]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "geotiff: 3 products" in proc.stdout
    tifs = sorted(glob.glob(os.path.join(out, "geotiff", "S2L2A_*.tif")))
    assert len(tifs) == 6  # 3 images + 3 SCL
    ds = gdal.Open(tifs[0])
    assert (ds.RasterXSize, ds.RasterYSize, ds.RasterCount) == (40, 30, 10)
    assert len(glob.glob(os.path.join(out, "maja", "SENTINEL2*"))) == 3
    # a second run with fewer dates replaces the first run's products
    again = subprocess.run(cmd[:6] + ["--dates", "2", "--format", "geotiff", "--quiet"], cwd=REPO)
    assert again.returncode == 0
    assert len(glob.glob(os.path.join(out, "geotiff", "S2L2A_*.tif"))) == 4
    bad = subprocess.run(cmd[:-2] + ["jpeg"], cwd=REPO, capture_output=True, text=True)
    assert bad.returncode == 2 and "Unknown output format jpeg" in bad.stderr


def test_science_imports_no_qgis():
    code = ("import sys; sys.path.insert(0, %r); import cropmapper.science.sim.simulator; "
            "print(any(m == 'qgis' or m.startswith('qgis.') for m in sys.modules))" % PLUGIN_PATH)
    proc = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "False", proc.stderr


@needs(os.path.join(SHARED_DATA, "flanders2018_class_profiles.csv"))
def test_derived_tables_are_what_the_script_derives():
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    import derive_class_profiles

    buf = io.StringIO()
    with redirect_stdout(buf):
        derive_class_profiles.main(["derive", os.path.join(SHARED_DATA, "flanders2018_class_profiles.csv")])
    tables = {}
    exec(buf.getvalue(), tables)
    for key in ("MAIZE", "POTATOES", "GRASSLAND", "BUILT_UP", "OTHER_LAND"):
        for kind in ("MEAN", "STD"):
            np.testing.assert_allclose(np.array(tables["_%s_%s" % (key, kind)]),
                                       getattr(cp, "%s_%s" % (key, kind)), atol=1e-4)


def test_realism_varies_parcels_mixes_borders_and_adds_unflagged_haze():
    kw = dict(width=200, height=200, dates=DAYS, seed=4, cloud_fraction=0.0, swath_edge=False)
    real, clean = sim.Scene(realism="default", **kw), sim.Scene(realism="none", **kw)
    ids = sim.rasterize_ids(clean)
    assert np.array_equal(ids, sim.rasterize_ids(real))  # the same parcels
    t = DAYS.index("2018-07-15")
    r_img, _, _ = real.render(t, 0, 200, ids, _halo(ids, 0, 200))
    c_img, _, _ = clean.render(t, 0, 200, ids, _halo(ids, 0, 200))
    maize = cp.CLASS_KEYS.index("maize")
    inner = np.zeros_like(ids, dtype=bool)
    inner[1:-1, 1:-1] = ((ids[1:-1, 1:-1] == ids[:-2, 1:-1]) & (ids[1:-1, 1:-1] == ids[2:, 1:-1])
                         & (ids[1:-1, 1:-1] == ids[1:-1, :-2]) & (ids[1:-1, 1:-1] == ids[1:-1, 2:]))
    is_maize = (ids > 0) & (clean.parcels.klass[ids] == maize)
    # per-parcel vigour: the parcels' mean July NDVI spread more than in the clean scene
    def parcel_spread(img):
        ndvi = _ndvi(img)
        means = [ndvi[(ids == i) & inner].mean() for i in np.unique(ids[is_maize & inner])]
        return np.std(means)
    assert parcel_spread(r_img) > 1.5 * parcel_spread(c_img)
    # border pixels take part of the neighbour's spectrum; vigour aside, inner pixels do not
    assert real.vigour.min() < 0.8 < 1.2 < real.vigour.max() and np.all(clean.vigour == 1.0)
    hazy = [k for k, c in enumerate(real.conditions) if c.haze]
    assert hazy and len(hazy) < len(DAYS)
    # haze brightens the blue band without any SCL flag (cloud_fraction 0: no SCL cloud at all)
    k = hazy[0]
    rh, rs, _ = real.render(k, 0, 200, ids, _halo(ids, 0, 200))
    assert not np.isin(rs, (3, 8, 9, 10)).any()
    assert np.nanmean(rh[0]) > np.nanmean(clean.render(k, 0, 200, ids)[0][0]) + 0.01


def test_realism_must_be_known():
    with pytest.raises(InputError, match="Realism must be one of default, none"):
        sim.Scene(10, 10, dates=2, realism="easy")
