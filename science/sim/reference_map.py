"""A coarse reference land-cover map for a simulated scene, ESA CCI-like (the crop mask without in situ data
trains on it): the majority land cover of the parcels per coarse cell, CCI codes, mixed cells as mosaics,
a share of cells confused at random, written in another CRS (EPSG:4326 by default)."""
import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()

# simulated LC code -> CCI codes (one drawn per cell): 11 crop -> 10 / 11 / 20; 13 grassland -> 130;
# 60 built-up -> 190; 40 forest -> 60 (deciduous); 70 water -> 210; 0 (land between parcels) -> 130
LC_TO_CCI = {11: (10, 11, 20), 13: (130,), 60: (190,), 40: (60,), 70: (210,), 0: (130,)}
CCI_MOSAIC_CROP, CCI_MOSAIC_NATURAL = 30, 40
# a confused cell takes one of these (what a 300 m product mixes up in farmland)
CONFUSION_CODES = (10, 130, 30, 40, 190, 60)


def write_reference_map(lc_path, out_path, cell_m=300.0, epsg=4326, confusion=0.1, seed=0):
    """Write ``out_path`` (GeoTIFF, Byte, nodata 0) from the 10 m LC raster ``lc_path``: per cell of
    ``cell_m`` metres the majority class's CCI code, 30 (mosaic cropland) / 40 (mosaic natural) where crop
    holds 30-50 % / 15-30 % of the cell and no class 60 %, then a ``confusion`` share of the cells (seeded)
    given a random code; warped (nearest) to ``epsg`` at about the cell size. Returns ``out_path``."""
    src = gdal.Open(lc_path)
    gt = src.GetGeoTransform()
    k = max(1, int(round(cell_m / abs(gt[1]))))
    width, height = src.RasterXSize, src.RasterYSize
    cw, ch = -(-width // k), -(-height // k)
    codes = np.zeros((ch, cw), dtype=np.uint8)
    rng = np.random.default_rng(seed)
    band = src.GetRasterBand(1)
    keys = sorted(LC_TO_CCI)
    for crow in range(ch):
        rows = min(k, height - crow * k)
        block = band.ReadAsArray(0, crow * k, width, rows).astype(np.int64)
        pad = np.zeros((k, cw * k), dtype=np.int64) - 1
        pad[:rows, :width] = block
        cells = pad.reshape(k, cw, k).transpose(1, 0, 2).reshape(cw, k * k)
        counts = np.stack([(cells == c).sum(axis=1) for c in keys], axis=1)
        n = np.maximum((cells >= 0).sum(axis=1), 1)
        major = np.array(keys)[counts.argmax(axis=1)]
        share = counts.max(axis=1) / n
        crop_share = counts[:, keys.index(11)] / n
        out = np.array([rng.choice(LC_TO_CCI[int(m)]) for m in major], dtype=np.uint8)
        mixed = share < 0.6
        out[mixed & (crop_share >= 0.3) & (major != 11)] = CCI_MOSAIC_CROP
        out[mixed & (crop_share >= 0.15) & (crop_share < 0.3)] = CCI_MOSAIC_NATURAL
        codes[crow] = out
    confused = rng.random(codes.shape) < confusion
    codes[confused] = rng.choice(CONFUSION_CODES, int(confused.sum()))
    mem = gdal.GetDriverByName("MEM").Create("", cw, ch, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((gt[0], gt[1] * k, 0, gt[3], 0, gt[5] * k))
    mem.SetProjection(src.GetProjection())
    mem.GetRasterBand(1).WriteArray(codes)
    mem.GetRasterBand(1).SetNoDataValue(0)
    src = None
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(int(epsg))
    options = dict(dstSRS=dst.ExportToWkt(), resampleAlg="near", dstNodata=0, creationOptions=["COMPRESS=DEFLATE"])
    if dst.IsGeographic():
        options["xRes"] = options["yRes"] = cell_m / 111320.0
    else:
        options["xRes"] = options["yRes"] = cell_m
    gdal.Warp(out_path, mem, **options)
    mem = None
    return out_path
