"""Writers of small Sentinel-2 L2A products in the real on-disk layouts (Sen2Cor SAFE, MAJA/THEIA,
dated GeoTIFF), used by the scene simulator and the reader tests.

Inputs are always on a 10 m ``Grid``: ``bands`` maps S2 band names ("B02" ... "B12") to float
reflectance arrays (height, width), NaN = no data. 20 m bands (B05 B06 B07 B8A B11 B12) are written at
20 m as the mean of each 2x2 block; masks at 20 m take the top-left pixel of each 2x2 block.

Any band or mask may instead be a source with ``read(row0, nrows)`` giving those rows of the 10 m grid
(e.g. read from a file): the writers work in strips of rows sized by ``memory_mb`` either way, so a
full 10980 x 10980 tile is written in bounded memory. JPEG 2000 files are made with CreateCopy from
a temporary tiled GeoTIFF, which the JP2 driver reads one 1024 x 1024 tile at a time.
"""
import datetime as _dt
import hashlib
import os
import shutil
import warnings
import zipfile

import numpy as np
from osgeo import gdal, osr

from ..blocks import row_blocks

BANDS_10M = ("B02", "B03", "B04", "B08")
BANDS_20M = ("B05", "B06", "B07", "B8A", "B11", "B12")
ALL_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
# BOA_ADD_OFFSET band_id in MTD_MSIL2A.xml: the index in this list.
SAFE_BAND_IDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12")
QUANTIFICATION = 10000
OFFSET_V4 = -1000
# lossless, with the 1024 x 1024 tiles of ESA products (GDAL 3.6's JP2OpenJPEG has no encoder threads)
JP2_OPTIONS = ["QUALITY=100", "REVERSIBLE=YES", "YCBCR420=NO", "BLOCKXSIZE=1024", "BLOCKYSIZE=1024"]
TMP_OPTIONS = ["TILED=YES"]  # JP2 sources: uncompressed, written once, read once by tile, deleted
STRIP_BYTES_PER_PIXEL = 64  # float64 copies of one strip of one band while it is converted


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


def _rows(source, row0, nrows):
    """Rows row0 .. row0 + nrows of a 2D array, or of a source with ``read(row0, nrows)``."""
    if hasattr(source, "read"):
        return source.read(row0, nrows)
    return np.asarray(source)[row0:row0 + nrows]


def _mask_rows(mask, row0, nrows, width):
    """uint8 rows of a mask (array or source); None: all zero."""
    if mask is None:
        return np.zeros((nrows, width), np.uint8)
    return np.asarray(_rows(mask, row0, nrows)).astype(np.uint8)


def _strips(height, width, memory_mb, bytes_per_pixel=STRIP_BYTES_PER_PIXEL, multiple=2):
    """Row strips of the 10 m grid within ``memory_mb``, of a multiple of ``multiple`` rows (even, so no
    2x2 block straddles two strips)."""
    rows = row_blocks(height, width, bytes_per_pixel, memory_mb)[0][1]
    rows = max(multiple, rows - rows % multiple)
    return [(r, min(rows, height - r)) for r in range(0, height, rows)]


def _create(path, size, count, geotransform, wkt, gdal_type, options, nodata=None):
    ds = gdal.GetDriverByName("GTiff").Create(path, size[0], size[1], count, gdal_type, options)
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(wkt)
    if nodata is not None:
        for b in range(count):
            ds.GetRasterBand(b + 1).SetNoDataValue(nodata)
    return ds


def _block_rows(ds, factor):
    """Strips of a multiple of this many 10 m rows cover whole blocks of ``ds`` (at 1/``factor``)."""
    rows = ds.GetRasterBand(1).GetBlockSize()[1] * factor
    return rows + rows % 2


def _write_band(path, rows_of, grid10, factor, size, geotransform, gdal_type, memory_mb, options, nodata=None,
                whole_blocks=True):
    """A one-band GeoTIFF written strip by strip: ``rows_of(row0, nrows)`` gives the pixels of 10 m rows
    row0 .. row0 + nrows at the file's resolution (``factor`` 1: 10 m, 2: 20 m). With ``whole_blocks``
    every block is written once, by one strip, so a compressed file's bytes do not depend on the strips
    (its blocks, strips of ~8 kB, are small). Returns the dataset."""
    ds = _create(path, size, 1, geotransform, grid10.crs_wkt, gdal_type, options, nodata)
    band = ds.GetRasterBand(1)
    multiple = _block_rows(ds, factor) if whole_blocks else 2
    for row0, nrows in _strips(grid10.height, grid10.width, memory_mb, multiple=multiple):
        band.WriteArray(rows_of(row0, nrows), 0, row0 // factor)
        ds.FlushCache()  # write the strip's blocks and drop them from GDAL's cache
    return ds


def _write_jp2(path, rows_of, grid10, factor, size, geotransform, gdal_type, memory_mb):
    tmp = path + ".tmp.tif"
    # uncompressed tiles of 256 x 256: a tile split between two strips is simply rewritten in place
    src = _write_band(tmp, rows_of, grid10, factor, size, geotransform, gdal_type, memory_mb, TMP_OPTIONS,
                      whole_blocks=False)
    try:
        out = gdal.GetDriverByName("JP2OpenJPEG").CreateCopy(path, src, options=JP2_OPTIONS)
        del out  # closes the file
    finally:
        src = None
        gdal.GetDriverByName("GTiff").Delete(tmp)
    aux = path + ".aux.xml"
    if os.path.exists(aux):
        os.remove(aux)


def _write_tif(path, rows_of, grid10, factor, size, geotransform, gdal_type, memory_mb, nodata=None):
    ds = _write_band(path, rows_of, grid10, factor, size, geotransform, gdal_type, memory_mb,
                     ["COMPRESS=DEFLATE"], nodata)
    ds = None


def _to_dn(refl, offset):
    """Reflectance -> uint16 DN = refl * 10000 - offset; NaN -> 0 (no data), valid pixels >= 1."""
    refl = np.asarray(refl, dtype=np.float64)
    dn = np.rint(refl * QUANTIFICATION) - offset
    dn = np.clip(np.nan_to_num(dn, nan=0.0), 1, 65534)
    dn[np.isnan(refl)] = 0
    return dn.astype(np.uint16)


def _baseline_tuple(baseline):
    major, minor = str(baseline).split(".")
    return int(major), int(minor)


def write_safe(out_dir, acq_datetime, tile, platform, grid10, bands, scl, baseline="05.00",
               as_zip=False, orbit=51, legacy_names=False, processing_datetime=None, memory_mb=256):
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
    size10 = (grid10.width, grid10.height)
    files = []
    for band in ALL_BANDS:
        if band not in bands:
            continue
        src = bands[band]
        if band in BANDS_10M:
            rel = "IMG_DATA/R10m/%s_%s_10m" % (prefix, band)
            _write_jp2(os.path.join(root, "GRANULE", granule, rel + ".jp2"),
                       lambda r, n: _to_dn(_rows(src, r, n), offset), grid10, 1, size10, grid10.geotransform,
                       gdal.GDT_UInt16, memory_mb)
        else:
            rel = "IMG_DATA/R20m/%s_%s_20m" % (prefix, band)
            _write_jp2(os.path.join(root, "GRANULE", granule, rel + ".jp2"),
                       lambda r, n: _to_dn(_coarsen_mean(_rows(src, r, n)), offset), grid10, 2, (w20, h20), gt20,
                       gdal.GDT_UInt16, memory_mb)
        files.append("GRANULE/%s/%s" % (granule, rel))
    cloud = 0.0
    if scl is not None:
        counts = [0, 0]  # pixels with data, cloudy pixels (SCL 8, 9, 10) of the 20 m SCL

        def scl20(r, n):
            s20 = _top_left(_rows(scl, r, n)).astype(np.uint8)
            counts[0] += int(np.count_nonzero(s20))
            counts[1] += int(np.isin(s20, (8, 9, 10)).sum())
            return s20

        rel = "IMG_DATA/R20m/%s_SCL_20m" % prefix
        _write_jp2(os.path.join(root, "GRANULE", granule, rel + ".jp2"), scl20, grid10, 2, (w20, h20), gt20,
                   gdal.GDT_Byte, memory_mb)
        files.append("GRANULE/%s/%s" % (granule, rel))
        cloud = 100.0 * counts[1] / counts[0] if counts[0] else 0.0

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
            digest = hashlib.sha3_256()
            with open(path, "rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):  # a 10 m band is ~200 MB
                    digest.update(chunk)
            digest = digest.hexdigest()
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


def _maja_dn(refl):
    refl = np.asarray(refl, dtype=np.float64)
    dn = np.where(np.isnan(refl), -10000, np.clip(np.rint(np.nan_to_num(refl) * 10000), -9999, 32767))
    return dn.astype(np.int16)


def write_maja(out_dir, acq_datetime, tile, platform, grid10, bands, mg2=None, edg=None, sat=None,
               clm=None, as_zip=False, cloud_percent=None, version="V2-2", memory_mb=256):
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
    gt20, w20, h20 = _grid20(grid10)
    size10, gt10 = (grid10.width, grid10.height), grid10.geotransform
    for band in ALL_BANDS:
        if band not in bands:
            continue
        src, path = bands[band], os.path.join(root, "%s_FRE_%s.tif" % (name, MAJA_BAND_NAMES[band]))
        if band in BANDS_20M:
            _write_tif(path, lambda r, n: _maja_dn(_coarsen_mean(_rows(src, r, n))), grid10, 2, (w20, h20), gt20,
                       gdal.GDT_Int16, memory_mb, -10000)
        else:
            _write_tif(path, lambda r, n: _maja_dn(_rows(src, r, n)), grid10, 1, size10, gt10, gdal.GDT_Int16,
                       memory_mb, -10000)

    for kind, arr in (("CLM", clm), ("MG2", mg2), ("EDG", edg), ("SAT", sat)):
        stem = os.path.join(root, "MASKS", "%s_%s" % (name, kind))
        _write_tif(stem + "_R1.tif", lambda r, n: _mask_rows(arr, r, n, grid10.width), grid10, 1, size10, gt10,
                   gdal.GDT_Byte, memory_mb)
        _write_tif(stem + "_R2.tif", lambda r, n: _top_left(_mask_rows(arr, r, n, grid10.width)), grid10, 2,
                   (w20, h20), gt20, gdal.GDT_Byte, memory_mb)
    if cloud_percent is None:
        cloudy = 0
        for r, n in _strips(grid10.height, grid10.width, memory_mb):
            cm = (np.asarray(_rows(mg2, r, n)).astype(int) & 0x02) != 0 if mg2 is not None else False
            if clm is not None:
                cm = cm | (np.asarray(_rows(clm, r, n)) != 0)
            cloudy += int(np.count_nonzero(cm))
        cloud_percent = 100.0 * (cloudy / (grid10.width * grid10.height))
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
def write_dated_geotiff(out_dir, acq_datetime, grid, bands, scl=None, memory_mb=256, tile=None):
    """Write ``S2L2A_YYYYMMDDTHHMMSS.tif`` (uint16 reflectance x 10000, nodata 0, band descriptions =
    band names, in ALL_BANDS order; ``tile`` as a TILE metadata item) and, when ``scl`` is given,
    ``S2L2A_YYYYMMDDTHHMMSS_SCL.tif``. Returns the image path."""
    dt = _as_datetime(acq_datetime)
    os.makedirs(out_dir, exist_ok=True)
    stem = "S2L2A_%s" % dt.strftime("%Y%m%dT%H%M%S")
    path = os.path.join(out_dir, stem + ".tif")
    names = [b for b in ALL_BANDS if b in bands]
    ds = grid.create(path, len(names), gdal.GDT_UInt16, options=["COMPRESS=DEFLATE", "INTERLEAVE=PIXEL"],
                     nodata=0)
    for i, b in enumerate(names):
        ds.GetRasterBand(i + 1).SetDescription(b)
    # all bands of a strip, then the next strip: each pixel-interleaved block is compressed once
    for r, n in _strips(grid.height, grid.width, memory_mb, STRIP_BYTES_PER_PIXEL + 2 * len(names),
                        _block_rows(ds, 1)):
        for i, b in enumerate(names):
            ds.GetRasterBand(i + 1).WriteArray(_to_dn(_rows(bands[b], r, n), 0), 0, r)
        ds.FlushCache()
    meta = {"ACQUISITION_DATETIME": dt.strftime("%Y-%m-%dT%H:%M:%S"), "BANDS": ",".join(names), "SCALE": "0.0001"}
    if tile:
        meta["TILE"] = _tile(tile)
    ds.SetMetadata(meta)
    ds = None
    if scl is not None:
        ds = _write_band(os.path.join(out_dir, stem + "_SCL.tif"), lambda r, n: _mask_rows(scl, r, n, grid.width),
                         grid, 1, (grid.width, grid.height), grid.geotransform, gdal.GDT_Byte, memory_mb,
                         ["COMPRESS=DEFLATE"], 0)
        ds.GetRasterBand(1).SetDescription("SCL")
        ds = None
    return path
