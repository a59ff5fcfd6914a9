"""Quick-looks of a product map: its classes in their LUT colours, decimated, as JPEG (Sen2-Agri's PVI) or
PNG (the quality report). Reads at most ``max_size`` pixels on the long side (GDAL's overview-free
decimated read: nearest pixel), never the whole tile."""
import uuid

import numpy as np
from osgeo import gdal

from .names import NODATA, _hex_rgb

gdal.UseExceptions()


def decimated_map(path, max_size=800):
    """(values int array of at most max_size on the long side, nodata or None) of band 1 of ``path``."""
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    scale = max(ds.RasterXSize, ds.RasterYSize) / float(max_size)
    w = max(1, int(round(ds.RasterXSize / max(scale, 1.0))))
    h = max(1, int(round(ds.RasterYSize / max(scale, 1.0))))
    values = band.ReadAsArray(0, 0, ds.RasterXSize, ds.RasterYSize, buf_xsize=w, buf_ysize=h,
                              resample_alg=gdal.GRIORA_NearestNeighbour)
    return values, band.GetNoDataValue()


def rgb_of(values, entries, nodata=NODATA, background=(255, 255, 255)):
    """(3, h, w) uint8 of ``values`` coloured by ``entries`` [(value, label, '#rrggbb')]; nodata and
    unknown values get ``background``."""
    rgb = np.empty((3,) + values.shape, dtype=np.uint8)
    for c in range(3):
        rgb[c] = background[c]
    for value, _label, colour in entries:
        hit = values == value
        for c, v in enumerate(_hex_rgb(colour)):
            rgb[c][hit] = v
    return rgb


def quicklook_bytes(path, entries, fmt="JPEG", max_size=800):
    """The quick-look of the map ``path`` as JPEG or PNG bytes."""
    values, nodata = decimated_map(path, max_size)
    rgb = rgb_of(values, entries, NODATA if nodata is None else nodata)
    mem = gdal.GetDriverByName("MEM").Create("", rgb.shape[2], rgb.shape[1], 3, gdal.GDT_Byte)
    for c in range(3):
        mem.GetRasterBand(c + 1).WriteArray(rgb[c])
    return encoded(mem, fmt, ["QUALITY=90"] if fmt == "JPEG" else [])


def encoded(ds, fmt, options=()):
    """The bytes of ``ds`` written by the GDAL driver ``fmt`` (JPEG, PNG), through /vsimem (no file)."""
    name = "/vsimem/quicklook_%s.%s" % (uuid.uuid4().hex, "jpg" if fmt == "JPEG" else "png")
    gdal.GetDriverByName(fmt).CreateCopy(name, ds, options=list(options)).FlushCache()  # closed when dropped
    try:
        f = gdal.VSIFOpenL(name, "rb")
        gdal.VSIFSeekL(f, 0, 2)
        size = gdal.VSIFTellL(f)
        gdal.VSIFSeekL(f, 0, 0)
        data = gdal.VSIFReadL(1, size, f)
        gdal.VSIFCloseL(f)
    finally:
        for leftover in (name, name + ".aux.xml"):
            if gdal.VSIStatL(leftover) is not None:
                gdal.Unlink(leftover)
    return bytes(data)


def write_quicklook(path, entries, out_path, fmt="JPEG", max_size=800):
    with open(out_path, "wb") as f:
        f.write(quicklook_bytes(path, entries, fmt, max_size))
    return out_path
