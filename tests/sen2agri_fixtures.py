"""Products laid out as Sen2-Agri's ProductFormatter writes them (read from Sen2Agri/Sen2Agri-System:
ProductFormatter.cpp, ProductMetadataWriter.cpp, TileMetadataWriter.cpp, scripts/CropMaskFused.py), built
small for the tests of the readers and the loader.

make_genuine_product(folder, level="L4A", qlt_in="AUX_DATA") -> the product folder:
    S2AGRI_L4A_PRD_S4_20190105T101010_V20180302_20181027/      numeric site id 4
      S2AGRI_L4A_MTD_V20180302_20181027.xml                    Level-L4A_User_Product, no extras of ours
      S2AGRI_L4A_PVI_V20180302_20181027.jpg (absent here: none is read)
      AUX_DATA/S2AGRI_L4A_IPP_V20180302_20181027.xml           the processor's metadata.xml: SiteId, Tiles/Tile/
                                                               Inputs/Input (the input products), Parameters
      AUX_DATA/S2AGRI_L4A_QLT_V20180302_20181027.xml           (qlt_in="AUX_DATA"), or in the tile's QI_DATA
      LEGACY_DATA/
      TILES/S2AGRI_L4A_V20180302_20181027_T31UFS/
        S2AGRI_L4A_MTD_V20180302_20181027_T31UFS.xml           Level-L4A_Tile_ID
        IMG_DATA/S2AGRI_L4A_CM_V20180302_20181027_T31UFS.TIF   int16 (crop 1 / non-crop 0), no sidecar
        IMG_DATA/S2AGRI_L4A_RAW_V20180302_20181027_T31UFS.TIF
        QI_DATA/S2AGRI_L4A_MCMFLG_V20180302_20181027_T31UFS.TIF   uint16, 4 bands, no nodata
    L4B: CT (codes 0, 1110, 1200) and MCTFLG. No CNF, no LUT, no ISD, no .qml anywhere.
The maps: MAP_L4A / MAP_L4B below (8 x 6 px, EPSG:32631); QLT confusion matrix CM (labels LABELS[level]).
"""
import os
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal, osr

PERIOD = "V20180302_20181027"
TILE = "31UFS"
NAME = "S2AGRI_%s_PRD_S4_20190105T101010_" + PERIOD
MAP_L4A = (np.arange(48).reshape(6, 8) % 2).astype(np.int16)
MAP_L4B = np.where(np.arange(48).reshape(6, 8) % 3 == 0, 1110, np.where(np.arange(48).reshape(6, 8) % 3 == 1, 1200, 0)
                   ).astype(np.int16)
LABELS = {"L4A": [0, 1], "L4B": [0, 1110, 1200]}
CM = {"L4A": [[20, 4], [2, 22]], "L4B": [[10, 2, 0], [1, 15, 0], [0, 3, 17]]}
INPUTS = ["S2A_MSIL2A_20180302T105021_N0206_R051_T31UFS_20180302T130209",
          "S2B_MSIL2A_20181027T105119_N0206_R051_T31UFS_20181027T134017"]


def _raster(path, data, dtype, nodata=None):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    bands = 1 if data.ndim == 2 else data.shape[0]
    ds = gdal.GetDriverByName("GTiff").Create(path, data.shape[-1], data.shape[-2], bands, dtype)
    ds.SetGeoTransform((600000.0, 10.0, 0.0, 5700000.0, 0.0, -10.0))
    ds.SetProjection(srs.ExportToWkt())
    for b in range(bands):
        band = ds.GetRasterBand(b + 1)
        if nodata is not None:
            band.SetNoDataValue(nodata)
        band.WriteArray(data if data.ndim == 2 else data[b])
    ds = None


def _xml(root, path):
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


def _sub(parent, tag, text=None, **attrs):
    e = ET.SubElement(parent, tag, attrs)
    if text is not None:
        e.text = str(text)
    return e


def make_genuine_product(folder, level="L4A", qlt_in="AUX_DATA"):
    root = os.path.join(folder, NAME % level)
    tile_dir = os.path.join(root, "TILES", "S2AGRI_%s_%s_T%s" % (level, PERIOD, TILE))
    for sub in ("AUX_DATA", "LEGACY_DATA", os.path.join(tile_dir, "IMG_DATA"), os.path.join(tile_dir, "QI_DATA")):
        os.makedirs(os.path.join(root, sub), exist_ok=True)
    code, flags = ("CM", "MCMFLG") if level == "L4A" else ("CT", "MCTFLG")
    values = MAP_L4A if level == "L4A" else MAP_L4B
    name = lambda c: "S2AGRI_%s_%s_%s_T%s.TIF" % (level, c, PERIOD, TILE)  # noqa: E731
    _raster(os.path.join(tile_dir, "IMG_DATA", name(code)), values, gdal.GDT_Int16, -10000)
    _raster(os.path.join(tile_dir, "IMG_DATA", name("RAW")), values, gdal.GDT_Int16, -10000)
    counts = np.stack([np.full((6, 8), v, np.uint16) for v in (12, 1, 0, 7)])
    _raster(os.path.join(tile_dir, "QI_DATA", name(flags)), counts, gdal.GDT_UInt16)

    mtd = ET.Element("Level-%s_User_Product" % level)
    info = _sub(_sub(mtd, "General_Info"), "Product_Info")
    for tag, text in (("PRODUCT_URI", ""), ("PROCESSING_LEVEL", level),
                      ("PRODUCT_TYPE", "Crop Mask" if level == "L4A" else "Crop Type"),
                      ("PROCESSING_BASELINE", "01.00"), ("GENERATION_TIME", "2019-01-05T10:10:10"),
                      ("PREVIEW_IMAGE_URL", "S2AGRI_%s_PVI_%s.jpg" % (level, PERIOD))):
        _sub(info, tag, text)
    crs = _sub(_sub(mtd, "Geometric_Info"), "Coordinate_Reference_System")
    _sub(crs, "HORIZONTAL_CS_NAME", "WGS 84 / UTM zone 31N")
    _sub(crs, "HORIZONTAL_CS_CODE", "32631")
    _sub(_sub(mtd, "Quality_Indicators_Info"), "Cloud_Coverage_Assessment", "0")
    _xml(mtd, os.path.join(root, "S2AGRI_%s_MTD_%s.xml" % (level, PERIOD)))
    tile_mtd = ET.Element("Level-%s_Tile_ID" % level)
    _sub(_sub(tile_mtd, "General_Info"), "TILE_ID", "S2AGRI_%s_MTD_%s_T%s" % (level, PERIOD, TILE))
    _xml(tile_mtd, os.path.join(tile_dir, "S2AGRI_%s_MTD_%s_T%s.xml" % (level, PERIOD, TILE)))

    ipp = ET.Element("Metadata")
    _sub(ipp, "ProductType", "Crop Mask" if level == "L4A" else "Crop Type")
    _sub(ipp, "Level", level)
    _sub(ipp, "SiteId", "4")
    _sub(ipp, "ReferencePolygons", "polygons.shp")
    tile = _sub(_sub(ipp, "Tiles"), "Tile")
    _sub(tile, "Id", TILE)
    inputs = _sub(tile, "Inputs")
    for i in INPUTS:
        _sub(inputs, "Input", i)
    params = _sub(ipp, "Parameters")
    _sub(params, "MainMission", "SENTINEL")
    _sub(params, "SampleRatio", "0.75")
    rf = _sub(_sub(params, "Classifier"), "RF")
    _sub(rf, "NbTrees", "100")
    _xml(ipp, os.path.join(root, "AUX_DATA", "S2AGRI_%s_IPP_%s.xml" % (level, PERIOD)))

    # The quality file as OTB's ComputeConfusionMatrix / Sen2-Agri's XMLStatistics write it.
    labels, cm = LABELS[level], CM[level]
    qlt = ET.Element("CropMask" if level == "L4A" else "CropType")
    conf = _sub(qlt, "ConfusionMatrix")
    rows, cols = _sub(conf, "ReferenceLabels"), _sub(conf, "ProducedLabels")
    for v in labels:
        _sub(rows, "RowLabel", v)
        _sub(cols, "ColumnLabel", v)
    data = _sub(conf, "Data")
    for row in cm:
        r = _sub(data, "Row")
        for v in row:
            _sub(r, "Column", v)
    qm = _sub(qlt, "QualityMetrics")
    m = np.asarray(cm, float)
    for i, v in enumerate(labels):
        _sub(qm, "Precision", "%.6f" % (m[i, i] / m[:, i].sum()), **{"class": str(v)})
        _sub(qm, "Recall", "%.6f" % (m[i, i] / m[i].sum()), **{"class": str(v)})
    po = np.trace(m) / m.sum()
    pe = (m.sum(0) * m.sum(1)).sum() / m.sum() ** 2
    _sub(qm, "Kappa", "%.6f" % ((po - pe) / (1 - pe)))
    _sub(qm, "Accuracy", "%.6f" % po)
    where = os.path.join(root, "AUX_DATA") if qlt_in == "AUX_DATA" else os.path.join(tile_dir, "QI_DATA")
    _xml(qlt, os.path.join(where, "S2AGRI_%s_QLT_%s.xml" % (level, PERIOD)))
    return root
