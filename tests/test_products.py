"""L4A / L4B products: layout and names, XML/CSV content, rasters, styles, atomicity, reading back."""
import datetime
import os
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from conftest import SHARED_DATA, listing, needs
from cropmapper.science.errors import Cancelled, InputError
from cropmapper.science.grid import Grid
from cropmapper.science.classify.metrics import confusion_matrix, quality_metrics
from cropmapper.science.products import (NODATA, ProductWriter, read_legend, read_product,
                                         resolve_crop_mask)
from cropmapper.science.styling import style_file

CREATED = datetime.datetime(2020, 1, 2, 3, 4, 5)
NAME_A = "S2AGRI_L4A_PRD_Sflanders_20200102T030405_V20180301_20180531"
V = "V20180301_20180531"


def _wkt(epsg=32631):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


GRID = Grid(_wkt(), (500000.0, 10.0, 0.0, 5630000.0, 0.0, -10.0), 8, 6)
MASK = (np.arange(48).reshape(6, 8) % 3 == 0).astype(np.int16)          # crop where index % 3 == 0
TYPES = np.where(np.arange(48).reshape(6, 8) % 2, 1200, 1100).astype(np.int16)
PARAMS = {"trees": 100, "max_depth": 25, "bands": ["B03", "B04", "B08"], "seed": 42}
INPUTS = [("2018-03-05", "/data/S2A_20180305.tif"), ("2018-04-14", "/data/S2B_20180414.tif")]


def _insitu(path):
    """Three square parcels: two crop, one non-crop."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    layer = ds.CreateLayer("parcels", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("CODE", ogr.OFTInteger))
    for i, code in enumerate((1100, 1200, 0)):
        x = 500000 + i * 30
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(
            "POLYGON ((%d 5629950,%d 5629950,%d 5629980,%d 5629980,%d 5629950))" % (x, x + 20, x + 20, x, x)))
        f.SetField("CODE", code)
        layer.CreateFeature(f)
    ds = None
    return path


def _write(out, level="L4A", created=CREATED, overwrite=False, fail=None):
    """A complete product; ``fail`` (an exception) is raised after the rasters are written."""
    mask_level = level == "L4A"
    ref, pred = np.array([0, 0, 0, 1, 1, 1, 1]), np.array([0, 0, 1, 1, 1, 1, 0])
    if not mask_level:  # crop codes: 0 -> 1100 (wheat), 1 -> 1200 (maize)
        ref, pred = 1100 + 100 * ref, 1100 + 100 * pred
    cm, labels = confusion_matrix(ref, pred)
    with ProductWriter(level, out, "flanders", "2018-03-01", datetime.date(2018, 5, 31), "31UES",
                       created=created, overwrite=overwrite) as w:
        ds = w.create_raster("CM" if mask_level else "CT", GRID)
        ds.GetRasterBand(1).WriteArray(MASK if mask_level else TYPES * MASK)
        ds = None
        ds = w.create_raster("RAW", GRID)
        ds.GetRasterBand(1).WriteArray(MASK if mask_level else TYPES)
        ds = None
        ds = w.create_raster("CNF", GRID)
        ds.GetRasterBand(1).WriteArray(np.full((6, 8), 87, np.int16))
        ds = None
        ds = w.create_raster("FLG", GRID)
        for b, value in enumerate((30, 2, 1, 7)):
            ds.GetRasterBand(b + 1).WriteArray(np.full((6, 8), value, np.int16))
        ds = None
        if fail is not None:
            raise fail
        w.write_quality(quality_metrics(cm, labels, not_validated=[5]))
        w.write_metadata(INPUTS, PARAMS)
        w.write_insitu(_insitu(os.path.join(str(out), "..", "insitu_%s.gpkg" % level)),
                       _insitu(os.path.join(str(out), "..", "insitu_val_%s.gpkg" % level)))
        w.write_styles({1100: "Wheat", 1200: "Maize"})
    return w


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "products"
    folder.mkdir()
    return str(folder)


def test_l4a_tree_and_every_name_match_the_convention(out):
    w = _write(out)
    assert os.listdir(out) == [NAME_A]
    assert w.path == os.path.join(out, NAME_A)
    t = "TILES/S2AGRI_L4A_%s_T31UES" % V
    expected = sorted([
        "AUX_DATA", "TILES", t.split("/")[0] + "/" + t.split("/")[1], "LEGACY_DATA",
        "S2AGRI_L4A_MTD_%s.xml" % V, "S2AGRI_L4A_PVI_%s.jpg" % V, "LEGACY_DATA/S2AGRI_L4A_PVI_LY_%s.jpg" % V,
        t + "/S2AGRI_L4A_MTD_%s_T31UES.xml" % V, t + "/S2AGRI_L4A_PVI_%s_T31UES.jpg" % V,
        "AUX_DATA/S2AGRI_L4A_IPP_%s.xml" % V, "AUX_DATA/S2AGRI_L4A_QLT_%s.xml" % V,
        "AUX_DATA/S2AGRI_L4A_LUT_%s.txt" % V, "AUX_DATA/S2AGRI_L4A_ISD_%s.zip" % V,
        "AUX_DATA/S2AGRI_L4A_CMX_%s.csv" % V,
        t + "/IMG_DATA", t + "/QI_DATA",
        t + "/IMG_DATA/S2AGRI_L4A_CM_%s_T31UES.TIF" % V, t + "/IMG_DATA/S2AGRI_L4A_CM_%s_T31UES.qml" % V,
        t + "/IMG_DATA/S2AGRI_L4A_RAW_%s_T31UES.TIF" % V, t + "/IMG_DATA/S2AGRI_L4A_RAW_%s_T31UES.qml" % V,
        t + "/QI_DATA/S2AGRI_L4A_MCMFLG_%s_T31UES.TIF" % V, t + "/QI_DATA/S2AGRI_L4A_MCMFLG_%s_T31UES.qml" % V,
        t + "/QI_DATA/S2AGRI_L4A_CNF_%s_T31UES.TIF" % V, t + "/QI_DATA/S2AGRI_L4A_CNF_%s_T31UES.qml" % V,
    ])
    assert listing(w.path) == [p.replace("/", os.sep) for p in expected]
    # every name against the general pattern of the convention
    assert re.match(r"^S2AGRI_L4A_PRD_S[A-Za-z0-9-]+_\d{8}T\d{6}_V\d{8}_\d{8}$", NAME_A)
    patterns = [
        r"^AUX_DATA$", r"^TILES$", r"^LEGACY_DATA$", r"^S2AGRI_L4A_MTD_V\d{8}_\d{8}\.xml$",
        r"^S2AGRI_L4A_PVI_V\d{8}_\d{8}\.jpg$", r"^LEGACY_DATA/S2AGRI_L4A_PVI_LY_V\d{8}_\d{8}\.jpg$",
        r"^TILES/S2AGRI_L4A_V(\d{8}_\d{8})_T([0-9A-Z]+)/S2AGRI_L4A_(MTD|PVI)_V\1_T\2\.(xml|jpg)$",
        r"^AUX_DATA/S2AGRI_L4A_(IPP|QLT)_V\d{8}_\d{8}\.xml$", r"^AUX_DATA/S2AGRI_L4A_LUT_V\d{8}_\d{8}\.txt$",
        r"^AUX_DATA/S2AGRI_L4A_ISD_V\d{8}_\d{8}\.zip$", r"^AUX_DATA/S2AGRI_L4A_CMX_V\d{8}_\d{8}\.csv$",
        r"^TILES/S2AGRI_L4A_V\d{8}_\d{8}_T[0-9A-Z]+(/IMG_DATA|/QI_DATA)?$",
        r"^TILES/S2AGRI_L4A_V(\d{8}_\d{8})_T([0-9A-Z]+)/IMG_DATA/S2AGRI_L4A_(CM|RAW)_V\1_T\2\.(TIF|qml)$",
        r"^TILES/S2AGRI_L4A_V(\d{8}_\d{8})_T([0-9A-Z]+)/QI_DATA/S2AGRI_L4A_(MCMFLG|CNF)_V\1_T\2\.(TIF|qml)$",
    ]
    for rel in listing(w.path):
        rel = rel.replace(os.sep, "/")
        assert any(re.match(p, rel) for p in patterns), rel


def test_l4b_uses_ct_and_mctflg(out):
    w = _write(out, level="L4B")
    names = [os.path.basename(p) for p in listing(w.path)]
    assert "S2AGRI_L4B_CT_%s_T31UES.TIF" % V in names
    assert "S2AGRI_L4B_RAW_%s_T31UES.TIF" % V in names
    assert "S2AGRI_L4B_MCTFLG_%s_T31UES.TIF" % V in names
    assert not any("_CM_" in n or "MCMFLG" in n for n in names)
    assert w.product.quality["root"] == "CropType" and w.product.quality["labels"] == [1100, 1200]
    assert os.path.basename(w.path) == NAME_A.replace("L4A", "L4B")


def test_rasters_are_int16_deflate_nodata_and_hold_the_values(out):
    w = _write(out)
    p = w.product
    for kind in ("MAP", "RAW", "CNF", "FLG"):
        ds = gdal.Open(p.rasters[kind])
        assert ds.GetMetadataItem("COMPRESSION", "IMAGE_STRUCTURE") == "DEFLATE"
        assert ds.GetProjection() and ds.GetGeoTransform() == GRID.geotransform
        for b in range(ds.RasterCount):
            band = ds.GetRasterBand(b + 1)
            if kind == "FLG":  # as Sen2-Agri types the flags: uint16, no nodata
                assert band.DataType == gdal.GDT_UInt16 and band.GetNoDataValue() is None
            else:
                assert band.DataType == gdal.GDT_Int16
                assert band.GetNoDataValue() == NODATA
    ds = gdal.Open(p.rasters["CM"])
    assert (ds.ReadAsArray() == MASK).all()
    flags = gdal.Open(p.flags_path)
    assert flags.RasterCount == 4
    assert [flags.GetRasterBand(b + 1).ReadAsArray()[0, 0] for b in range(4)] == [30, 2, 1, 7]
    assert flags.GetRasterBand(1).GetDescription() == "valid dates"
    assert gdal.Open(p.confidence_path).ReadAsArray()[3, 3] == 87


def test_metadata_xml_holds_inputs_footprint_crs_nodata_parameters(out):
    w = _write(out)
    top = ET.parse(w.product.mtd_path).getroot()
    # Sen2-Agri's root and element paths
    assert top.tag == "Level-L4A_User_Product"
    info = top.find("General_Info/Product_Info")
    assert info.find("PRODUCT_URI").text == NAME_A and info.find("PROCESSING_LEVEL").text == "L4A"
    assert info.find("PRODUCT_TYPE").text == "Crop Mask" and info.find("PREVIEW_IMAGE_URL").text == (
        "S2AGRI_L4A_PVI_%s.jpg" % V)
    assert top.find("Geometric_Info/Coordinate_Reference_System/HORIZONTAL_CS_CODE").text == "EPSG:32631"
    pos = [float(v) for v in top.find("Geometric_Info/Product_Footprint/Global_Footprint/EXT_POS_LIST").text.split()]
    assert len(pos) == 10 and 2.99 < pos[0] < 3.01 and 50.8 < pos[1] < 50.83
    assert top.find("Quality_Indicators_Info/Cloud_Coverage_Assessment") is not None
    assert top.find("Auxiliary_Data_Info/ISD_List/ISD_FILENAME").text == "S2AGRI_L4A_ISD_%s.zip" % V
    tile_mtd = ET.parse(os.path.join(w.path, "TILES", "S2AGRI_L4A_%s_T31UES" % V,
                                     "S2AGRI_L4A_MTD_%s_T31UES.xml" % V)).getroot()
    assert tile_mtd.tag == "Level-L4A_Tile_ID"
    assert tile_mtd.find("Geometric_Info/Tile_Geocoding/Size/NCOLS").text == "8"
    assert tile_mtd.find("Geometric_Info/Tile_Geocoding/Geoposition/ULX").text == "500000.0"
    # ours, in an element of our own
    root = top.find("Crop_Mapper_Info")
    assert root.find("General_Info/Product_Name").text == NAME_A
    assert root.find("General_Info/Site").text == "flanders"
    assert root.find("General_Info/Start_Date").text == "2018-03-01"
    assert root.find("General_Info/End_Date").text == "2018-05-31"
    inputs = root.findall("Inputs/Input")
    assert [(e.get("date"), e.text) for e in inputs] == list(INPUTS)
    assert root.find("Geometry/CRS").get("epsg") == "32631"
    assert "UTM zone 31N" in root.find("Geometry/CRS/WKT").text
    fp = {e.get("crs"): e.text for e in root.findall("Geometry/Footprint")}
    native = ogr.CreateGeometryFromWkt(fp["product"])
    assert native.GetEnvelope() == (500000.0, 500080.0, 5629940.0, 5630000.0)
    lon0, lon1, lat0, lat1 = ogr.CreateGeometryFromWkt(fp["EPSG:4326"]).GetEnvelope()
    assert 2.99 < lon0 < lon1 < 3.01 and 50.8 < lat0 < lat1 < 50.83  # lon/lat order, Flanders
    assert root.find("NoData").text == "-10000"
    params = {e.get("name"): e.text for e in root.findall("Parameters/Parameter")}
    assert params == {"trees": "100", "max_depth": "25", "bands": '["B03", "B04", "B08"]', "seed": "42"}
    ipp = ET.parse(w.product.aux["IPP"]).getroot()
    assert {e.get("name"): e.text for e in ipp.findall("Parameter")} == params


def test_quality_xml_and_confusion_csv(out):
    w = _write(out)
    # reference 0,0,0,1,1,1,1 vs produced 0,0,1,1,1,1,0 -> [[2, 1], [1, 3]]
    root = ET.parse(w.product.aux["QLT"]).getroot()
    assert root.tag == "CropMask"
    cm = root.find("ConfusionMatrix")
    assert [e.text for e in cm.findall("ReferenceLabels/RowLabel")] == ["0", "1"]
    assert [e.text for e in cm.findall("ProducedLabels/ColumnLabel")] == ["0", "1"]
    assert [[c.text for c in r.findall("Column")] for r in cm.findall("Data/Row")] == [["2", "1"], ["1", "3"]]
    qm = root.find("QualityMetrics")
    prec = {e.get("class"): float(e.text) for e in qm.findall("Precision")}
    assert prec == {"0": pytest.approx(2 / 3, abs=1e-6), "1": pytest.approx(3 / 4, abs=1e-6)}
    fs = {e.get("class"): float(e.text) for e in qm.findall("F-score")}
    assert fs["1"] == pytest.approx(6 / 8, abs=1e-6)  # 2*3 / (2*3 + 1 + 1)
    # accuracy 5/7; pe = (3*3 + 4*4) / 49 = 25/49; kappa = (35 - 25) / (49 - 25) = 10/24
    assert float(qm.find("Accuracy").text) == pytest.approx(5 / 7, abs=1e-6)
    assert float(qm.find("Kappa").text) == pytest.approx(10 / 24, abs=1e-6)
    assert [e.text for e in root.findall("NotValidated/Class")] == ["5"]
    with open(w.product.aux["CMX"]) as f:
        lines = f.read().splitlines()
    assert lines == ["#Reference labels (rows):0,1", "#Produced labels (columns):0,1", "2,1", "1,3"]


def test_lut_and_sidecars(out):
    w = _write(out)
    with open(w.product.aux["LUT"]) as f:
        assert f.read().splitlines() == ["-10000 0 0 0 no data", "0 232 226 200 non-crop", "1 46 158 58 crop"]
    p = w.product
    for kind in ("MAP", "RAW", "CNF", "FLG"):
        assert os.path.exists(os.path.splitext(p.rasters[kind])[0] + ".qml"), kind
    with open(os.path.splitext(p.map_path)[0] + ".qml") as f, open(style_file("cropmask")) as g:
        assert f.read() == g.read()
    with open(os.path.splitext(p.confidence_path)[0] + ".qml") as f:
        assert 'maximumValue="100"' in f.read()
    with open(os.path.splitext(p.flags_path)[0] + ".qml") as f:
        text = f.read()
    assert 'maximumValue="30"' in text and 'label="30 valid dates"' in text  # ramp stretched to the counts


def test_crop_type_styles_use_the_legend_and_the_codes_present(out, tmp_path):
    w = _write(out, level="L4B")
    with open(w.product.aux["LUT"]) as f:
        lines = f.read().splitlines()
    assert [ln.split(" ", 4)[0] for ln in lines] == ["-10000", "0", "1100", "1200"]
    assert lines[2].endswith(" Wheat") and lines[3].endswith(" Maize") and lines[1].endswith(" not crop")
    with open(os.path.splitext(w.product.map_path)[0] + ".qml") as f:
        qml = f.read()
    assert 'value="1100" label="Wheat"' in qml and 'value="1200" label="Maize"' in qml


def test_read_legend_with_header_and_extra_columns(tmp_path):
    path = tmp_path / "legend.csv"
    path.write_text("ct,name,lc,ewoc_code\n0,Unknown,0,00\n1200,Maize,11,11-04\n")
    assert read_legend(str(path)) == {0: "Unknown", 1200: "Maize"}
    path.write_text("1100,Wheat\n1200,Maize\n")
    assert read_legend(str(path)) == {1100: "Wheat", 1200: "Maize"}


@needs(os.path.join(SHARED_DATA, "legend_croptype_CT.csv"))
def test_read_the_real_crop_type_legend():
    legend = read_legend(os.path.join(SHARED_DATA, "legend_croptype_CT.csv"))
    assert legend[1200] == "Maize" and legend[9120] == "Permanent grass crops" and len(legend) == 189


def test_insitu_zip_holds_training_and_validation(out):
    w = _write(out)
    ds = ogr.Open("/vsizip/%s/S2AGRI_L4A_ISD_%s.gpkg" % (w.product.aux["ISD"], V))
    layer = ds.GetLayer(0)
    splits = sorted((f.GetField("SPLIT"), f.GetField("CODE")) for f in layer)
    assert splits == [("training", 0), ("training", 1100), ("training", 1200),
                      ("validation", 0), ("validation", 1100), ("validation", 1200)]
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "32631"


@pytest.mark.parametrize("error", [RuntimeError("boom"), Cancelled("Cancelled by the user.")])
def test_exception_inside_leaves_nothing(out, error):
    with pytest.raises(type(error)):
        _write(out, fail=error)
    assert os.listdir(out) == []


def test_incomplete_product_is_refused_and_removed(out):
    with pytest.raises(RuntimeError, match="CM raster was not written"):
        with ProductWriter("L4A", out, "flanders", "2018-03-01", "2018-05-31", "31UES", created=CREATED):
            pass
    assert os.listdir(out) == []


def test_existing_product_same_level_site_period_is_refused(out):
    _write(out)
    later = CREATED + datetime.timedelta(hours=5)
    with pytest.raises(InputError) as err:
        ProductWriter("L4A", out, "flanders", "2018-03-01", "2018-05-31", "31UES", created=later)
    assert str(err.value) == (
        "A crop mask (L4A) product of site flanders for 2018-03-01 to 2018-05-31 already exists: %s. "
        "Choose another output folder, or allow overwriting to replace it." % os.path.join(out, NAME_A))
    # another period, site or level is no conflict
    ProductWriter("L4A", out, "flanders", "2018-03-01", "2018-08-31", "31UES", created=later)
    ProductWriter("L4A", out, "other", "2018-03-01", "2018-05-31", "31UES", created=later)
    ProductWriter("L4B", out, "flanders", "2018-03-01", "2018-05-31", "31UES", created=later)


def test_overwrite_replaces_only_once_the_new_product_is_complete(out):
    old = _write(out).path
    later = CREATED + datetime.timedelta(hours=5)
    # a failing overwrite keeps the old product untouched
    with pytest.raises(RuntimeError):
        _write(out, created=later, overwrite=True, fail=RuntimeError("boom"))
    assert os.listdir(out) == [NAME_A] and os.path.exists(read_product(old).map_path)
    new = _write(out, created=later, overwrite=True).path
    assert os.listdir(out) == [os.path.basename(new)]
    assert os.path.basename(new) == NAME_A.replace("030405", "080405")
    # same creation second too
    again = _write(out, created=later, overwrite=True).path
    assert again == new and os.listdir(out) == [os.path.basename(new)]


def test_read_product_round_trip_from_folder_mtd_or_raster(out):
    w = _write(out)
    for given in (w.path, w.product.mtd_path, w.product.confidence_path, os.path.join(w.path, "TILES")):
        p = read_product(given)
        assert p.path == w.path
        assert (p.level, p.site, p.tile, p.tiles) == ("L4A", "flanders", "31UES", ["31UES"])
        assert (p.start, p.end) == (datetime.date(2018, 3, 1), datetime.date(2018, 5, 31))
        assert p.created == CREATED
        assert os.path.basename(p.map_path) == "S2AGRI_L4A_CM_%s_T31UES.TIF" % V
        assert p.rasters["CM"] == p.map_path and p.rasters["MCMFLG"] == p.flags_path
        assert os.path.basename(p.raw_path).startswith("S2AGRI_L4A_RAW_")
        assert p.quality["labels"] == [0, 1] and p.quality["confusion_matrix"] == [[2, 1], [1, 3]]
        assert p.quality["kappa"] == pytest.approx(10 / 24, abs=1e-6)
        assert p.quality["recall"][1] == pytest.approx(3 / 4, abs=1e-6)
        assert p.quality["not_validated"] == [5]
        assert p.parameters["trees"] == "100"
        assert [(i["date"], i["source"]) for i in p.inputs] == list(INPUTS)


def test_read_product_rejects_other_folders(tmp_path):
    with pytest.raises(InputError, match="is not a Sen2-Agri L4A / L4B product"):
        read_product(str(tmp_path))
    with pytest.raises(InputError, match="Product not found"):
        read_product(str(tmp_path / "missing"))


def _sen2agri_product(root):
    """A product as Sen2-Agri lays it out: no CNF, its own quality file (values after ': '), extra files."""
    name = "S2AGRI_L4A_PRD_S1_20180623T103010_V20180301_20180531"
    tile = os.path.join(root, name, "TILES", "S2AGRI_L4A_V20180301_20180531_T31UES")
    for sub in ("IMG_DATA", "QI_DATA", "../../AUX_DATA", "../../LEGACY_DATA"):
        os.makedirs(os.path.normpath(os.path.join(tile, sub)), exist_ok=True)
    for rel, bands in (("IMG_DATA/S2AGRI_L4A_CM_V20180301_20180531_T31UES.TIF", 1),
                       ("IMG_DATA/S2AGRI_L4A_RAW_V20180301_20180531_T31UES.TIF", 1),
                       ("QI_DATA/S2AGRI_L4A_MCMFLG_V20180301_20180531_T31UES.TIF", 1)):
        ds = GRID.create(os.path.join(tile, rel), bands, gdal.GDT_Int16, nodata=NODATA)
        ds.GetRasterBand(1).WriteArray(MASK)
        ds = None
    aux = os.path.join(root, name, "AUX_DATA")
    with open(os.path.join(aux, "S2AGRI_L4A_QLT_V20180301_20180531.xml"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<CropMask xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                "<ConfusionMatrix><ReferenceLabels><RowLabel>0</RowLabel><RowLabel>1</RowLabel></ReferenceLabels>"
                "<ProducedLabels><ColumnLabel>0</ColumnLabel><ColumnLabel>1</ColumnLabel></ProducedLabels>"
                "<Data><Row><Column>90</Column><Column>10</Column></Row>"
                "<Row><Column>5</Column><Column>95</Column></Row>"
                '</Data></ConfusionMatrix><QualityMetrics><Precision class="0"> 0.947368</Precision>'
                '<Recall class="1"> 0.95</Recall><F-score class="1"> 0.926829</F-score>'
                "<Kappa> 0.85</Kappa><Accuracy> 0.925</Accuracy></QualityMetrics></CropMask>")
    with open(os.path.join(aux, "S2AGRI_L4A_IPP_V20180301_20180531.xml"), "w") as f:
        f.write("<metadata><General><Trees>100</Trees><Window>6</Window></General></metadata>")
    with open(os.path.join(root, name, "S2AGRI_L4A_MTD_V20180301_20180531.xml"), "w") as f:
        f.write("<Level-4_Product><other/></Level-4_Product>")
    with open(os.path.join(tile, "IMG_DATA", "S2AGRI_L4A_CM_V20180301_20180531_T31UES.TIF.aux.xml"), "w") as f:
        f.write("<PAMDataset/>")
    return os.path.join(root, name)


def test_reads_a_sen2agri_product(tmp_path):
    path = _sen2agri_product(str(tmp_path))
    p = read_product(path)
    assert (p.level, p.site, p.tile) == ("L4A", "1", "31UES")
    assert p.confidence_path is None
    assert set(p.rasters) == {"CM", "MAP", "RAW", "MCMFLG", "FLG"}
    assert p.quality["kappa"] == 0.85 and p.quality["accuracy"] == 0.925
    assert p.quality["confusion_matrix"] == [[90, 10], [5, 95]]
    assert p.quality["precision"] == {0: pytest.approx(0.947368)}
    assert p.parameters == {"Trees": "100", "Window": "6"}
    assert resolve_crop_mask(path) == p.map_path


def test_resolve_crop_mask(out):
    a = _write(out)
    assert resolve_crop_mask(a.path) == a.product.map_path
    assert resolve_crop_mask(a.product.mtd_path) == a.product.map_path
    assert resolve_crop_mask(a.product.raw_path) == a.product.raw_path  # a raster chosen on purpose
    b = _write(out, level="L4B")
    with pytest.raises(InputError) as err:
        resolve_crop_mask(b.path)
    assert str(err.value) == ("%s is a crop type (L4B) product: give a crop mask (L4A) product or a mask raster."
                              % b.path)


def test_add_raster_converts_to_product_format(out, tmp_path):
    src = str(tmp_path / "flags_uint16.tif")
    ds = GRID.create(src, 4, gdal.GDT_UInt16, nodata=65535)
    for b in range(4):
        data = np.full((6, 8), b + 1, np.uint16)
        data[0, 0] = 65535
        ds.GetRasterBand(b + 1).WriteArray(data)
    ds = None
    with ProductWriter("L4A", out, "flanders", "2018-03-01", "2018-05-31", "31UES", created=CREATED) as w:
        ds = w.create_raster("CM", GRID)
        ds.GetRasterBand(1).WriteArray(MASK)
        ds = None
        w.add_raster("FLG", src)
    flags = gdal.Open(w.product.flags_path)
    band = flags.GetRasterBand(3)
    assert band.DataType == gdal.GDT_UInt16 and band.GetNoDataValue() is None
    assert band.ReadAsArray()[0, 0] == 0 and band.ReadAsArray()[5, 7] == 3  # a nodata count is 0 dates


def test_bad_names_are_refused(out):
    with pytest.raises(InputError, match="The site name 'my site' may hold only letters, digits and '-'"):
        ProductWriter("L4A", out, "my site", "2018-03-01", "2018-05-31", "31UES")
    with pytest.raises(InputError, match="The period ends"):
        ProductWriter("L4A", out, "s", "2018-05-31", "2018-03-01", "31UES")
    with pytest.raises(InputError, match="Unknown product level"):
        ProductWriter("L3A", out, "s", "2018-03-01", "2018-05-31", "31UES")


def test_qgis_loads_the_sidecar_styles(out, qgis_app):
    from qgis.core import QgsRasterLayer

    a = _write(out).product
    b = _write(out, level="L4B").product
    expected = {a.map_path: "paletted", a.raw_path: "paletted", a.confidence_path: "singlebandpseudocolor",
                a.flags_path: "singlebandpseudocolor", b.map_path: "paletted"}
    for path, renderer in expected.items():
        layer = QgsRasterLayer(path, "x")
        assert layer.isValid()
        assert layer.renderer().type() == renderer, path
    layer = QgsRasterLayer(b.map_path, "ct")  # kept alive while its renderer is used
    classes = layer.renderer().classes()
    assert [(c.value, c.label) for c in classes] == [(0, "not crop"), (1100, "Wheat"), (1200, "Maize")]
