"""cropmapper:qualitylayers and science.quality.layers on hand-written products whose counts are known:
every figure against a direct numpy count over the whole (small) arrays, both flag types (int16 with nodata
-10000, uint16 without nodata as Sen2-Agri writes them), read in several row blocks."""
import csv
import datetime
import os
import shutil

import numpy as np
import pytest
from osgeo import gdal, osr

from cropmapper.science.errors import Cancelled, InputError
from cropmapper.science.grid import Grid
from cropmapper.science.products import NODATA, ProductWriter, read_product
from cropmapper.science.progress import Reporter
from cropmapper.science.quality import layers

H, W = 150, 200             # 3 row blocks at memory_mb=1
CODES = (0, 1100, 1200, 5100)
N_MIN = 3


def _wkt():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return srs.ExportToWkt()


GRID = Grid(_wkt(), (500000.0, 10.0, 0.0, 5630000.0, 0.0, -10.0), W, H)


def _scene(seed=7):
    rng = np.random.default_rng(seed)
    crop_map = rng.choice(CODES, size=(H, W)).astype(np.int16)
    crop_map[:, :12] = NODATA                     # outside the images
    crop_map[140:, 100:] = NODATA
    flags = np.stack([rng.integers(0, 21, (H, W)), rng.integers(0, 4, (H, W)),
                      rng.integers(0, 2, (H, W)), rng.integers(0, 16, (H, W))]).astype(np.int64)
    return crop_map, flags


def _write_flags(path, flags, dtype, nodata):
    gdal.GetDriverByName("GTiff").Delete(path)
    ds = gdal.GetDriverByName("GTiff").Create(path, W, H, 4, dtype, ["COMPRESS=DEFLATE"])
    ds.SetGeoTransform(GRID.geotransform)
    ds.SetProjection(GRID.crs_wkt)
    for b in range(4):
        band = ds.GetRasterBand(b + 1)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        band.WriteArray(flags[b])
    ds = None


def _product(folder, crop_map, level="L4B"):
    with ProductWriter(level, folder, "test", "2018-03-01", datetime.date(2018, 8, 31), "31UES",
                       created=datetime.datetime(2020, 1, 1)) as w:
        ds = w.create_raster("MAP", GRID)
        ds.GetRasterBand(1).WriteArray(crop_map)
        ds = None
        ds = w.create_raster("FLG", GRID)          # replaced below by the flag type under test
        ds = None
        w.write_styles({1100: "Wheat", 1200: "Maize"})
    return w.path


@pytest.fixture(scope="session")
def scene(tmp_path_factory):
    """Two products of the same scene: flags int16 with nodata -10000 (nodata outside the map and at 40
    mapped pixels), and uint16 without nodata (zeros outside the map)."""
    crop_map, flags = _scene()
    mapped = crop_map != NODATA
    no_flags = np.zeros((H, W), bool)
    idx = np.flatnonzero(mapped)[::600][:40]
    no_flags.flat[idx] = True
    root = tmp_path_factory.mktemp("quality_layers")
    int16 = _product(str(root / "int16"), crop_map)
    f16 = np.where(mapped & ~no_flags, flags, NODATA)
    _write_flags(read_product(int16).flags_path, f16, gdal.GDT_Int16, NODATA)
    uint16 = _product(str(root / "uint16"), crop_map)
    _write_flags(read_product(uint16).flags_path, np.where(mapped, flags, 0), gdal.GDT_UInt16, None)
    return {"map": crop_map, "flags": flags, "mapped": mapped, "no_flags": no_flags, "int16": int16,
            "uint16": uint16, "root": str(root)}


def _expected(scene, kind, n_min=N_MIN):
    mapped = scene["mapped"]
    good = mapped & ~scene["no_flags"] if kind == "int16" else mapped
    valid = scene["flags"][0]
    low = mapped & (~good | (valid < n_min))
    return good, low


def _read(path):
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray(), ds


@pytest.mark.parametrize("kind", ["int16", "uint16"])
def test_figures_equal_a_direct_count(scene, kind, tmp_path):
    steps = []
    reporter = Reporter(on_progress=steps.append)
    out = str(tmp_path / "low.tif")
    s = layers.summarize(scene[kind], N_MIN, out, memory_mb=1, reporter=reporter)
    assert len(steps) == 3 and steps[-1] == pytest.approx(100.0)   # read in three row blocks
    good, low = _expected(scene, kind)
    mapped = scene["mapped"]
    assert s.mapped_pixels == int(mapped.sum())
    assert s.low_evidence_pixels == int(low.sum())
    assert s.low_evidence_share == pytest.approx(low.sum() / mapped.sum())
    assert s.flags_missing_pixels == (40 if kind == "int16" else 0) == (scene["no_flags"].sum() if kind == "int16" else 0)
    assert [b["name"] for b in s.bands] == ["valid", "water", "snow", "cloud"]
    for b, band in enumerate(s.bands):
        values = scene["flags"][b][good]
        assert band["histogram"] == np.bincount(values).tolist()
        assert band["pixels"] == values.size
        assert (band["min"], band["max"]) == (values.min(), values.max())
        assert band["mean"] == pytest.approx(values.mean())
        assert band["median"] == np.median(values)
    assert s.pixel_area_ha == pytest.approx(0.01)
    codes, counts = np.unique(scene["map"][mapped], return_counts=True)
    assert s.class_area_ha == pytest.approx({int(c): n * 0.01 for c, n in zip(codes, counts)})
    assert s.mapped_area_ha == pytest.approx(mapped.sum() * 0.01)
    for code in codes:
        assert s.class_low_evidence_pixels[int(code)] == int((low & (scene["map"] == code)).sum())
    assert s.class_labels[1100] == "Wheat" and s.class_labels[0] == "not crop"
    # the low-evidence raster, pixel by pixel
    data, ds = _read(out)
    expected = np.where(mapped, low.astype(np.uint8), 255)
    assert data.dtype == np.uint8 and np.array_equal(data, expected)
    assert ds.GetRasterBand(1).GetNoDataValue() == 255
    assert ds.GetGeoTransform() == GRID.geotransform
    qml = open(os.path.splitext(out)[0] + ".qml", encoding="utf-8").read()
    assert 'type="paletted"' in qml and "fewer than 3 valid dates" in qml
    assert not os.path.exists(out + ".part")


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_values():
    assert layers._histogram_stats([0, 2, 0, 2])[1:] == (1, 3, 2.0, 2.0)
    assert layers._histogram_stats([1, 1, 0, 0, 2]) == (4, 0, 4, 2.25, 2.5)
    assert np.isnan(layers._histogram_stats([0, 0])[4])


def test_threshold_changes_the_low_evidence_count(scene):
    for n_min in (1, 10):
        s = layers.summarize(read_product(scene["int16"]), n_min)
        _good, low = _expected(scene, "int16", n_min)
        assert s.low_evidence_pixels == int(low.sum())


def test_table_and_csv_hold_the_figures(scene, tmp_path):
    s = layers.summarize(scene["uint16"], N_MIN)
    path = s.write_csv(str(tmp_path / "summary.csv"))
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0].keys()) == list(layers.CSV_COLUMNS)
    assert len(rows) == len(s.table_rows())
    table = {(r["section"], r["name"], r["statistic"]): r["value"] for r in rows}
    assert int(table[("evidence", "low evidence", "pixels")]) == s.low_evidence_pixels
    assert float(table[("evidence", "low evidence", "share")]) == pytest.approx(s.low_evidence_share, abs=1e-6)
    assert float(table[("flags", "valid", "median")]) == s.band("valid")["median"]
    assert float(table[("class area", "1100 (Wheat)", "area")]) == pytest.approx(s.class_area_ha[1100])
    d = s.to_dict()
    assert d["class_area_ha"] == s.class_area_ha and d["bands"][0]["histogram"] == s.bands[0]["histogram"]


def test_cancel_leaves_no_raster(scene, tmp_path):
    calls = []

    def cancel():
        calls.append(1)
        return len(calls) > 1            # cancelled at the second block

    out = str(tmp_path / "low.tif")
    with pytest.raises(Cancelled):
        layers.summarize(scene["int16"], N_MIN, out, memory_mb=1, reporter=Reporter(is_canceled=cancel))
    assert os.listdir(str(tmp_path)) == []


def test_missing_flags_and_missing_map_are_named(scene, tmp_path):
    broken = str(tmp_path / "noflags")
    shutil.copytree(scene["int16"], broken)
    product = read_product(broken)
    os.remove(product.flags_path)
    with pytest.raises(InputError, match=r"has no quality flags raster: TILES/S2AGRI_L4B_V\.\.\._T31UES/QI_DATA/"
                                         r"S2AGRI_L4B_MCTFLG_V\.\.\._T31UES\.TIF is missing"):
        layers.summarize(broken)
    nomap = str(tmp_path / "nomap")
    shutil.copytree(scene["int16"], nomap)
    os.remove(read_product(nomap).map_path)
    with pytest.raises(InputError, match="has no crop type map raster: .*S2AGRI_L4B_CT_.* is missing"):
        layers.summarize(nomap)


def test_bad_threshold_and_output_over_a_product_file(scene):
    with pytest.raises(InputError, match="at least 1"):
        layers.summarize(scene["int16"], 0)
    product = read_product(scene["int16"])
    with pytest.raises(InputError, match="would overwrite the product's own file"):
        layers.summarize(product, 3, product.map_path)
    sidecar_of_map = os.path.splitext(product.map_path)[0] + ".tif"   # its .qml is the map's
    with pytest.raises(InputError, match="would overwrite the product's own file .*qml"):
        layers.summarize(product, 3, sidecar_of_map)
    layers.check_output(product, os.path.splitext(product.map_path)[0] + ".csv", sidecar=False)  # no clash
    with pytest.raises(InputError, match="not a Sen2-Agri L4A / L4B product"):
        layers.summarize(scene["root"])


# --- through Processing -----------------------------------------------------------
def test_algorithm_outputs(run_alg, scene, tmp_path):
    from qgis.core import QgsProcessingFeedback

    class Log(QgsProcessingFeedback):
        lines = []

        def pushInfo(self, info):  # noqa: N802
            self.lines.append(info)

    log = Log()
    out, table = str(tmp_path / "low.tif"), str(tmp_path / "summary.csv")
    result = run_alg("qualitylayers", {"PRODUCT": scene["int16"], "MIN_VALID_DATES": 5, "MEMORY": 16,
                                       "OUTPUT_LOW_EVIDENCE": out, "OUTPUT_CSV": table}, feedback=log)
    _good, low = _expected(scene, "int16", 5)
    mapped = scene["mapped"]
    assert result["OUTPUT_LOW_EVIDENCE"] == out and result["OUTPUT_CSV"] == table
    assert result["LOW_EVIDENCE_SHARE"] == pytest.approx(low.sum() / mapped.sum())
    assert result["MAPPED_AREA_HA"] == pytest.approx(mapped.sum() * 0.01)
    assert result["LOW_EVIDENCE_AREA_HA"] == pytest.approx(low.sum() * 0.01)
    data, _ds = _read(out)
    assert int((data == 1).sum()) == int(low.sum())
    assert os.path.exists(os.path.splitext(out)[0] + ".qml") and os.path.getsize(table) > 0
    text = "\n".join(log.lines)
    assert "valid  dates: min" in text and "Low evidence (fewer than 5 valid dates" in text
    assert "1100 (Wheat): %.2f ha" % ((scene["map"] == 1100).sum() * 0.01) in text


def test_algorithm_temporary_outputs_are_not_null(run_alg, scene):
    result = run_alg("qualitylayers", {"PRODUCT": scene["uint16"], "OUTPUT_LOW_EVIDENCE": "TEMPORARY_OUTPUT",
                                       "OUTPUT_CSV": "TEMPORARY_OUTPUT"})
    for key in ("OUTPUT_LOW_EVIDENCE", "OUTPUT_CSV", "LOW_EVIDENCE_SHARE", "MAPPED_AREA_HA"):
        assert result[key] is not None, key
    assert os.path.exists(result["OUTPUT_LOW_EVIDENCE"]) and os.path.exists(result["OUTPUT_CSV"])


def test_algorithm_bad_input(run_alg, scene, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="not a Sen2-Agri L4A / L4B product"):
        run_alg("qualitylayers", {"PRODUCT": str(tmp_path), "OUTPUT_LOW_EVIDENCE": str(tmp_path / "a.tif"),
                                  "OUTPUT_CSV": str(tmp_path / "a.csv")})
    broken = str(tmp_path / "noflags")
    shutil.copytree(scene["uint16"], broken)
    os.remove(read_product(broken).flags_path)
    with pytest.raises(QgsProcessingException, match="has no quality flags raster"):
        run_alg("qualitylayers", {"PRODUCT": broken, "OUTPUT_LOW_EVIDENCE": str(tmp_path / "b.tif"),
                                  "OUTPUT_CSV": str(tmp_path / "b.csv")})
    assert not os.path.exists(str(tmp_path / "b.tif")) and not os.path.exists(str(tmp_path / "b.csv"))
    product = read_product(scene["uint16"])
    with pytest.raises(QgsProcessingException, match="would overwrite the product's own file"):
        run_alg("qualitylayers", {"PRODUCT": scene["uint16"], "OUTPUT_LOW_EVIDENCE": product.flags_path,
                                  "OUTPUT_CSV": str(tmp_path / "c.csv")})
    with pytest.raises(QgsProcessingException, match="would overwrite the product's own file"):
        run_alg("qualitylayers", {"PRODUCT": scene["uint16"], "OUTPUT_LOW_EVIDENCE": str(tmp_path / "d.tif"),
                                  "OUTPUT_CSV": product.aux["LUT"]})
    missing = str(tmp_path / "no" / "such" / "folder.csv")
    with pytest.raises(QgsProcessingException, match="the folder .*such does not exist"):
        run_alg("qualitylayers", {"PRODUCT": scene["uint16"], "OUTPUT_LOW_EVIDENCE": str(tmp_path / "e.tif"),
                                  "OUTPUT_CSV": missing})
    assert not os.path.exists(str(tmp_path / "e.tif"))     # refused before anything is written
    assert read_product(scene["uint16"]).flags_path == product.flags_path  # untouched
    assert gdal.Open(product.flags_path).RasterCount == 4


def test_low_evidence_style_loads_as_a_two_class_palette(qgis_app, scene, tmp_path):
    from qgis.core import QgsRasterLayer

    out = str(tmp_path / "low.tif")
    layers.summarize(scene["int16"], 4, out)
    layer = QgsRasterLayer(out, "low")
    assert layer.isValid()
    _msg, ok = layer.loadNamedStyle(os.path.splitext(out)[0] + ".qml")
    assert ok
    renderer = layer.renderer()
    assert renderer.type() == "paletted"
    assert [(c.value, c.label) for c in renderer.classes()] == [
        (0, "enough valid dates"), (1, "low evidence (fewer than 4 valid dates)")]
