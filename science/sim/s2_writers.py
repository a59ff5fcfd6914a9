"""Writers of small Sentinel-2 L2A products in the real on-disk layouts (Sen2Cor SAFE, MAJA/THEIA,
dated GeoTIFF), used by the scene simulator and the reader tests.

Inputs are always on a 10 m ``Grid``: ``bands`` maps S2 band names ("B02" ... "B12") to float
reflectance arrays (height, width), NaN = no data. 20 m bands (B05 B06 B07 B8A B11 B12) are written at
20 m as the mean of each 2x2 block; masks at 20 m take the top-left pixel of each 2x2 block.
"""
import datetime as _dt
import hashlib
import os
import shutil
import warnings
import zipfile

import numpy as np
from osgeo import gdal, osr

BANDS_10M = ("B02", "B03", "B04", "B08")
BANDS_20M = ("B05", "B06", "B07", "B8A", "B11", "B12")
ALL_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
# BOA_ADD_OFFSET band_id in MTD_MSIL2A.xml: the index in this list.
SAFE_BAND_IDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12")
QUANTIFICATION = 10000
OFFSET_V4 = -1000
JP2_OPTIONS = ["QUALITY=100", "REVERSIBLE=YES", "YCBCR420=NO"]


def _as_datetime(value):
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day, 10, 30, 0)
    return _dt.datetime.fromisoformat(str(value).replace("Z", ""))


def _platform(platform):
    p = (platform or "S2A").upper().replace("SENTINEL-", "S").replace("SENTINEL2", "S2")
    return p if p.startswith("S2") else "S2A"


def _tile(tile):
    tile = str(tile).upper()
    return tile[1:] if len(tile) == 6 and tile[0] == "T" else tile


def _epsg(grid):
    srs = osr.SpatialReference()
    srs.ImportFromWkt(grid.crs_wkt)
    srs.AutoIdentifyEPSG()
    return srs.GetAuthorityCode(None) or "32631"


def _coarsen_mean(arr):
    """2x2 block mean, NaN-aware (edge blocks of odd sizes use the pixels they have)."""
    h, w = np.shape(arr)
    pad = np.full((h + h % 2, w + w % 2), np.nan, dtype=np.float64)
    pad[:h, :w] = arr
    blocks = pad.reshape(pad.shape[0] // 2, 2, pad.shape[1] // 2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN blocks stay NaN
        return np.nanmean(blocks, axis=(1, 3))


def _top_left(arr):
    return np.asarray(arr)[::2, ::2]


def _grid20(grid):
    x0, dx, _, y0, _, dy = grid.geotransform
    return (x0, dx * 2, 0.0, y0, 0.0, dy * 2), (grid.width + 1) // 2, (grid.height + 1) // 2


def _mem(array, geotransform, wkt, gdal_type, nodata=None):
    h, w = array.shape
    ds = gdal.GetDriverByName("MEM").Create("", w, h, 1, gdal_type)
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(wkt)
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(array)
    return ds


def _write_jp2(path, array, geotransform, wkt):
    src = _mem(array, geotransform, wkt, gdal.GDT_Byte if array.dtype == np.uint8 else gdal.GDT_UInt16)
    out = gdal.GetDriverByName("JP2OpenJPEG").CreateCopy(path, src, options=JP2_OPTIONS)
    del out  # closes the file
    aux = path + ".aux.xml"
    if os.path.exists(aux):
        os.remove(aux)


def _write_tif(path, array, geotransform, wkt, gdal_type, nodata=None):
    src = _mem(array, geotransform, wkt, gdal_type, nodata)
    out = gdal.GetDriverByName("GTiff").CreateCopy(path, src, options=["COMPRESS=DEFLATE"])
    del out


def _to_dn(refl, offset):
    """Reflectance -> uint16 DN = refl * 10000 - offset; NaN -> 0 (no data), valid pixels >= 1."""
    refl = np.asarray(refl, dtype=np.float64)
    dn = np.rint(refl * QUANTIFICATION) - offset
    dn = np.clip(np.nan_to_num(dn, nan=0.0), 1, 65534)
    dn[np.isnan(refl)] = 0
    return dn.astype(np.uint16)


def _cloud_percent(scl):
    scl = np.asarray(scl)
    data = scl != 0
    if not data.any():
        return 0.0
    return 100.0 * np.isin(scl, (8, 9, 10)).sum() / data.sum()


def _baseline_tuple(baseline):
    major, minor = str(baseline).split(".")
    return int(major), int(minor)


def write_safe(out_dir, acq_datetime, tile, platform, grid10, bands, scl, baseline="05.00",
               as_zip=False, orbit=51, legacy_names=False, processing_datetime=None):
    """Write a Sen2Cor-like L2A product ``S2A_MSIL2A_<dt>_N0500_R051_T<tile>_<proc>.SAFE`` (or its
    ``.SAFE.zip``) into ``out_dir`` and return its path. Baseline >= 04.00 stores DN = refl*10000 + 1000
    with BOA_ADD_OFFSET -1000 in MTD_MSIL2A.xml; older baselines store refl*10000. ``legacy_names``
    names images like older Sen2Cor versions (``L2A_T<tile>_<dt>_B02_10m.jp2``)."""
    dt = _as_datetime(acq_datetime)
    tile = _tile(tile)
    plat = _platform(platform)
    proc = _as_datetime(processing_datetime) if processing_datetime else dt + _dt.timedelta(days=2)
    sdt, sproc = dt.strftime("%Y%m%dT%H%M%S"), proc.strftime("%Y%m%dT%H%M%S")
    nbase = "N%s" % str(baseline).replace(".", "")
    name = "%s_MSIL2A_%s_%s_R%03d_T%s_%s" % (plat, sdt, nbase, int(orbit), tile, sproc)
    abs_orbit = 1000 + int(orbit)
    granule = "L2A_T%s_A%06d_%s" % (tile, abs_orbit, sdt)
    offset = OFFSET_V4 if _baseline_tuple(baseline) >= (4, 0) else 0

    os.makedirs(out_dir, exist_ok=True)
    root = os.path.join(out_dir, name + ".SAFE")
    if os.path.exists(root):
        shutil.rmtree(root)
    img = os.path.join(root, "GRANULE", granule, "IMG_DATA")
    for sub in ("R10m", "R20m"):
        os.makedirs(os.path.join(img, sub))
    for sub in ("AUX_DATA", "QI_DATA"):
        os.makedirs(os.path.join(root, "GRANULE", granule, sub))
    os.makedirs(os.path.join(root, "DATASTRIP"))
    os.makedirs(os.path.join(root, "AUX_DATA"))

    prefix = ("L2A_T%s_%s" if legacy_names else "T%s_%s") % (tile, sdt)
    gt20, w20, h20 = _grid20(grid10)
    wkt = grid10.crs_wkt
    files = []
    for band in ALL_BANDS:
        if band not in bands:
            continue
        if band in BANDS_10M:
            rel = "IMG_DATA/R10m/%s_%s_10m" % (prefix, band)
            _write_jp2(os.path.join(root, "GRANULE", granule, rel + ".jp2"), _to_dn(bands[band], offset),
                       grid10.geotransform, wkt)
        else:
            rel = "IMG_DATA/R20m/%s_%s_20m" % (prefix, band)
            _write_jp2(os.path.join(root, "GRANULE", granule, rel + ".jp2"),
                       _to_dn(_coarsen_mean(bands[band]), offset), gt20, wkt)
        files.append("GRANULE/%s/%s" % (granule, rel))
    scl20 = None
    if scl is not None:
        scl20 = _top_left(scl).astype(np.uint8)
        rel = "IMG_DATA/R20m/%s_SCL_20m" % prefix
        _write_jp2(os.path.join(root, "GRANULE", granule, rel + ".jp2"), scl20, gt20, wkt)
        files.append("GRANULE/%s/%s" % (granule, rel))
    cloud = _cloud_percent(scl20) if scl20 is not None else 0.0

    iso = dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    with open(os.path.join(root, "MTD_MSIL2A.xml"), "w", encoding="utf-8") as f:
        f.write(_mtd_product(name, iso, proc, baseline, plat, orbit, files, offset, cloud))
    with open(os.path.join(root, "GRANULE", granule, "MTD_TL.xml"), "w", encoding="utf-8") as f:
        f.write(_mtd_tile(tile, iso, grid10, (w20, h20), _epsg(grid10), cloud, abs_orbit, plat))
    with open(os.path.join(root, "manifest.safe"), "w", encoding="utf-8") as f:
        f.write(_manifest(root, iso))
    return _folder_or_zip(root, as_zip)


def _folder_or_zip(root, as_zip):
    """The product folder, or (as_zip) a zip of it that replaces the folder."""
    if not as_zip:
        return root
    zpath = root + ".zip"
    if os.path.exists(zpath):
        os.remove(zpath)
    _zip_folder(root, zpath)
    shutil.rmtree(root)
    return zpath


def _zip_folder(folder, zpath):
    base = os.path.dirname(folder)
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            rel_dir = os.path.relpath(dirpath, base).replace(os.sep, "/")
            z.writestr(rel_dir + "/", "")
            for fn in sorted(filenames):
                z.write(os.path.join(dirpath, fn), rel_dir + "/" + fn)


def _mtd_product(name, iso, proc, baseline, plat, orbit, files, offset, cloud):
    images = "\n".join("            <IMAGE_FILE>%s</IMAGE_FILE>" % f for f in files)
    offsets = ""
    if offset:
        offsets = "      <BOA_ADD_OFFSET_VALUES_LIST>\n%s\n      </BOA_ADD_OFFSET_VALUES_LIST>\n" % "\n".join(
            '        <BOA_ADD_OFFSET band_id="%d">%d</BOA_ADD_OFFSET>' % (i, offset) for i in range(13))
    scl_names = ("NODATA", "SATURATED_DEFECTIVE", "DARK_FEATURE_SHADOW", "CLOUD_SHADOW", "VEGETATION",
                 "NOT_VEGETATED", "WATER", "UNCLASSIFIED", "CLOUD_MEDIUM_PROBA", "CLOUD_HIGH_PROBA",
                 "THIN_CIRRUS", "SNOW_ICE")
    scl = "\n".join("        <Scene_Classification_ID><SCENE_CLASSIFICATION_TEXT>SC_%s</SCENE_CLASSIFICATION_TEXT>"
                    "<SCENE_CLASSIFICATION_INDEX>%d</SCENE_CLASSIFICATION_INDEX></Scene_Classification_ID>"
                    % (n, i) for i, n in enumerate(scl_names))
    return """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:Level-2A_User_Product xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/User_Product_Level-2A.xsd" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <n1:General_Info>
    <Product_Info>
      <PRODUCT_START_TIME>{iso}</PRODUCT_START_TIME>
      <PRODUCT_STOP_TIME>{iso}</PRODUCT_STOP_TIME>
      <PRODUCT_URI>{name}.SAFE</PRODUCT_URI>
      <PROCESSING_LEVEL>Level-2A</PROCESSING_LEVEL>
      <PRODUCT_TYPE>S2MSI2A</PRODUCT_TYPE>
      <PROCESSING_BASELINE>{baseline}</PROCESSING_BASELINE>
      <GENERATION_TIME>{gen}</GENERATION_TIME>
      <Datatake datatakeIdentifier="G{plat}_{sdt}_N{baseline}">
        <SPACECRAFT_NAME>Sentinel-{sat}</SPACECRAFT_NAME>
        <DATATAKE_TYPE>INS-NOBS</DATATAKE_TYPE>
        <DATATAKE_SENSING_START>{iso}</DATATAKE_SENSING_START>
        <SENSING_ORBIT_NUMBER>{orbit}</SENSING_ORBIT_NUMBER>
        <SENSING_ORBIT_DIRECTION>DESCENDING</SENSING_ORBIT_DIRECTION>
      </Datatake>
      <Query_Options completeSingleTile="true"><PRODUCT_FORMAT>SAFE_COMPACT</PRODUCT_FORMAT></Query_Options>
      <Product_Organisation>
        <Granule_List>
          <Granule imageFormat="JPEG2000">
{images}
          </Granule>
        </Granule_List>
      </Product_Organisation>
    </Product_Info>
    <Product_Image_Characteristics>
      <Special_Values><SPECIAL_VALUE_TEXT>NODATA</SPECIAL_VALUE_TEXT><SPECIAL_VALUE_INDEX>0</SPECIAL_VALUE_INDEX></Special_Values>
      <Special_Values><SPECIAL_VALUE_TEXT>SATURATED</SPECIAL_VALUE_TEXT><SPECIAL_VALUE_INDEX>65535</SPECIAL_VALUE_INDEX></Special_Values>
      <QUANTIFICATION_VALUES_LIST>
        <BOA_QUANTIFICATION_VALUE unit="none">{q}</BOA_QUANTIFICATION_VALUE>
        <AOT_QUANTIFICATION_VALUE unit="none">1000.0</AOT_QUANTIFICATION_VALUE>
        <WVP_QUANTIFICATION_VALUE unit="cm">1000.0</WVP_QUANTIFICATION_VALUE>
      </QUANTIFICATION_VALUES_LIST>
{offsets}      <Scene_Classification_List>
{scl}
      </Scene_Classification_List>
    </Product_Image_Characteristics>
  </n1:General_Info>
  <n1:Quality_Indicators_Info>
    <Cloud_Coverage_Assessment>{cloud:.6f}</Cloud_Coverage_Assessment>
  </n1:Quality_Indicators_Info>
</n1:Level-2A_User_Product>
""".format(iso=iso, name=name, baseline=baseline, gen=proc.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
           plat=plat, sat=plat[-1], sdt=iso[:19].replace("-", "").replace(":", ""), orbit=int(orbit),
           images=images, q=QUANTIFICATION, offsets=offsets, scl=scl, cloud=cloud)


def _mtd_tile(tile, iso, grid10, size20, epsg, cloud, abs_orbit, plat):
    x0, _, _, y0, _, _ = grid10.geotransform
    return """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<n1:Level-2A_Tile_ID xmlns:n1="https://psd-14.sentinel2.eo.esa.int/PSD/S2_PDI_Level-2A_Tile_Metadata.xsd">
  <n1:General_Info>
    <TILE_ID metadataLevel="Brief">{plat}_OPER_MSI_L2A_TL_SIMU_A{orb:06d}_T{tile}</TILE_ID>
    <SENSING_TIME metadataLevel="Standard">{iso}</SENSING_TIME>
  </n1:General_Info>
  <n1:Geometric_Info>
    <Tile_Geocoding metadataLevel="Brief">
      <HORIZONTAL_CS_CODE>EPSG:{epsg}</HORIZONTAL_CS_CODE>
      <Size resolution="10"><NROWS>{h}</NROWS><NCOLS>{w}</NCOLS></Size>
      <Size resolution="20"><NROWS>{h20}</NROWS><NCOLS>{w20}</NCOLS></Size>
      <Geoposition resolution="10"><ULX>{x0:.0f}</ULX><ULY>{y0:.0f}</ULY><XDIM>10</XDIM><YDIM>-10</YDIM></Geoposition>
      <Geoposition resolution="20"><ULX>{x0:.0f}</ULX><ULY>{y0:.0f}</ULY><XDIM>20</XDIM><YDIM>-20</YDIM></Geoposition>
    </Tile_Geocoding>
  </n1:Geometric_Info>
  <n1:Quality_Indicators_Info metadataLevel="Standard">
    <Image_Content_QI>
      <CLOUDY_PIXEL_PERCENTAGE>{cloud:.6f}</CLOUDY_PIXEL_PERCENTAGE>
    </Image_Content_QI>
  </n1:Quality_Indicators_Info>
</n1:Level-2A_Tile_ID>
""".format(plat=plat, orb=abs_orbit, tile=tile, iso=iso, epsg=epsg, h=grid10.height, w=grid10.width,
           h20=size20[1], w20=size20[0], x0=x0, y0=y0, cloud=cloud)


def _manifest(root, iso):
    objects = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn == "manifest.safe":
                continue
            path = os.path.join(dirpath, fn)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            with open(path, "rb") as f:
                digest = hashlib.sha3_256(f.read()).hexdigest()
            objects.append(
                '    <dataObject ID="%s">\n      <byteStream mimeType="application/octet-stream" size="%d">\n'
                '        <fileLocation href="./%s" locatorType="URL"/>\n'
                '        <checksum checksumName="SHA3-256">%s</checksum>\n      </byteStream>\n    </dataObject>'
                % (os.path.splitext(fn)[0], os.path.getsize(path), rel, digest))
    return """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<xfdu:XFDU xmlns:safe="http://www.esa.int/safe/sentinel/1.1" xmlns:xfdu="urn:ccsds:schema:xfdu:1" version="esa/safe/sentinel/1.1/sentinel-2/msi/archive_l2a_user_product">
  <metadataSection>
    <metadataObject ID="acquisitionPeriod" category="DMD" classification="DESCRIPTION">
      <metadataWrap mimeType="text/xml" textInfo="Acquisition Period" vocabularyName="Sentinel-SAFE">
        <xmlData><safe:acquisitionPeriod><safe:startTime>%s</safe:startTime></safe:acquisitionPeriod></xmlData>
      </metadataWrap>
    </metadataObject>
  </metadataSection>
  <dataObjectSection>
%s
  </dataObjectSection>
</xfdu:XFDU>
""" % (iso, "\n".join(objects))


# --- MAJA / THEIA ----------------------------------------------------------------------------------
MAJA_BAND_NAMES = {"B02": "B2", "B03": "B3", "B04": "B4", "B05": "B5", "B06": "B6", "B07": "B7",
                   "B08": "B8", "B8A": "B8A", "B11": "B11", "B12": "B12"}


def write_maja(out_dir, acq_datetime, tile, platform, grid10, bands, mg2=None, edg=None, sat=None,
               clm=None, as_zip=False, cloud_percent=None, version="V2-2"):
    """Write a MAJA/THEIA-like L2A product ``SENTINEL2A_YYYYMMDD-HHMMSS-mmm_L2A_T<tile>_C_<version>/``:
    ``*_FRE_B2.tif`` ... (int16 reflectance x 10000, nodata -10000; 20 m bands at 20 m) and
    ``MASKS/*_{CLM,MG2,EDG,SAT}_R1.tif`` (10 m) and ``_R2`` (20 m, top-left of 2x2). Masks are uint8
    arrays on the 10 m grid (None = all zero). Returns the folder (or zip) path."""
    dt = _as_datetime(acq_datetime)
    tile = _tile(tile)
    sat_name = "SENTINEL2" + _platform(platform)[-1]
    name = "%s_%s-%03d_L2A_T%s_C_%s" % (sat_name, dt.strftime("%Y%m%d-%H%M%S"), dt.microsecond // 1000,
                                         tile, version)
    os.makedirs(out_dir, exist_ok=True)
    root = os.path.join(out_dir, name)
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(os.path.join(root, "MASKS"))
    wkt = grid10.crs_wkt
    gt20 = _grid20(grid10)[0]
    for band in ALL_BANDS:
        if band not in bands:
            continue
        refl = bands[band]  # one band in memory at a time
        if band in BANDS_20M:
            refl, gt = _coarsen_mean(refl), gt20
        else:
            refl, gt = np.asarray(refl, dtype=np.float64), grid10.geotransform
        dn = np.where(np.isnan(refl), -10000, np.clip(np.rint(np.nan_to_num(refl) * 10000), -9999, 32767))
        _write_tif(os.path.join(root, "%s_FRE_%s.tif" % (name, MAJA_BAND_NAMES[band])), dn.astype(np.int16),
                   gt, wkt, gdal.GDT_Int16, -10000)
    zeros = np.zeros((grid10.height, grid10.width), dtype=np.uint8)
    for kind, arr in (("CLM", clm), ("MG2", mg2), ("EDG", edg), ("SAT", sat)):
        arr = zeros if arr is None else np.asarray(arr).astype(np.uint8)
        _write_tif(os.path.join(root, "MASKS", "%s_%s_R1.tif" % (name, kind)), arr, grid10.geotransform, wkt,
                   gdal.GDT_Byte)
        _write_tif(os.path.join(root, "MASKS", "%s_%s_R2.tif" % (name, kind)), _top_left(arr), gt20, wkt,
                   gdal.GDT_Byte)
    if cloud_percent is None:
        cm = (np.asarray(mg2 if mg2 is not None else zeros).astype(int) & 0x02) != 0
        if clm is not None:
            cm |= np.asarray(clm) != 0
        cloud_percent = 100.0 * cm.mean()
    with open(os.path.join(root, name + "_MTD_ALL.xml"), "w", encoding="utf-8") as f:
        f.write("""<?xml version="1.0" encoding="UTF-8"?>
<Muscate_Metadata_Document>
  <Product_Characteristics>
    <PRODUCT_ID>{name}</PRODUCT_ID>
    <ACQUISITION_DATE>{iso}</ACQUISITION_DATE>
    <PLATFORM>{sat}</PLATFORM>
  </Product_Characteristics>
  <Dataset_Identification><GEOGRAPHICAL_ZONE type="Tile">T{tile}</GEOGRAPHICAL_ZONE></Dataset_Identification>
  <Quality_Informations>
    <Current_Product><Product_Quality_List level="N2"><Product_Quality><Global_Index_List>
      <QUALITY_INDEX name="CloudPercent">{cloud:.0f}</QUALITY_INDEX>
    </Global_Index_List></Product_Quality></Product_Quality_List></Current_Product>
  </Quality_Informations>
</Muscate_Metadata_Document>
""".format(name=name, iso=dt.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z", sat=sat_name, tile=tile,
           cloud=cloud_percent))
    return _folder_or_zip(root, as_zip)


# --- dated GeoTIFF -----------------------------------------------------------------------------------
def write_dated_geotiff(out_dir, acq_datetime, grid, bands, scl=None):
    """Write ``S2L2A_YYYYMMDDTHHMMSS.tif`` (uint16 reflectance x 10000, nodata 0, band descriptions =
    band names, in ALL_BANDS order) and, when ``scl`` is given, ``S2L2A_YYYYMMDDTHHMMSS_SCL.tif``.
    Returns the image path."""
    dt = _as_datetime(acq_datetime)
    os.makedirs(out_dir, exist_ok=True)
    stem = "S2L2A_%s" % dt.strftime("%Y%m%dT%H%M%S")
    path = os.path.join(out_dir, stem + ".tif")
    names = [b for b in ALL_BANDS if b in bands]
    ds = grid.create(path, len(names), gdal.GDT_UInt16, options=["COMPRESS=DEFLATE", "INTERLEAVE=PIXEL"],
                     nodata=0)
    for i, b in enumerate(names):
        band = ds.GetRasterBand(i + 1)
        band.SetDescription(b)
        band.WriteArray(_to_dn(bands[b], 0))
    ds.SetMetadata({"ACQUISITION_DATETIME": dt.strftime("%Y-%m-%dT%H:%M:%S"), "BANDS": ",".join(names),
                    "SCALE": "0.0001"})
    ds = None
    if scl is not None:
        ds = grid.create(os.path.join(out_dir, stem + "_SCL.tif"), 1, gdal.GDT_Byte, options=["COMPRESS=DEFLATE"],
                         nodata=0)
        ds.GetRasterBand(1).SetDescription("SCL")
        ds.GetRasterBand(1).WriteArray(np.asarray(scl).astype(np.uint8))
        ds = None
    return path
