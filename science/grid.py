"""The target pixel grid (CRS, geotransform, size) all readers resample onto."""
import math

from osgeo import gdal, osr

from .errors import InputError


def srs_from(text):
    """An OSR spatial reference from WKT, 'EPSG:n' or any GDAL user input, in x/y (lon/lat) order."""
    srs = osr.SpatialReference()
    srs.SetFromUserInput(text)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def same_crs(wkt_a, wkt_b):
    if not wkt_a or not wkt_b:
        return wkt_a == wkt_b
    if wkt_a == wkt_b:
        return True
    return bool(srs_from(wkt_a).IsSame(srs_from(wkt_b)))


class Grid:
    """North-up raster grid: ``geotransform`` is GDAL's (x0, dx, 0, y0, 0, -dy)."""

    def __init__(self, crs_wkt, geotransform, width, height):
        self.crs_wkt = crs_wkt or ""
        self.geotransform = tuple(float(v) for v in geotransform)
        self.width = int(width)
        self.height = int(height)

    @classmethod
    def from_raster(cls, path):
        ds = gdal.Open(path)
        if ds is None:
            raise InputError("Cannot open raster: %s", path)
        return cls.from_dataset(ds)

    @classmethod
    def from_dataset(cls, ds):
        return cls(ds.GetProjection(), ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize)

    @property
    def resolution(self):
        return self.geotransform[1], -self.geotransform[5]

    @property
    def bounds(self):
        """(xmin, ymin, xmax, ymax)."""
        x0, dx, _, y0, _, dy = self.geotransform
        return (x0, y0 + dy * self.height, x0 + dx * self.width, y0)

    @property
    def shape(self):
        return self.height, self.width

    def srs(self):
        return srs_from(self.crs_wkt)

    def window_grid(self, row0, nrows):
        """The grid of rows row0 .. row0+nrows."""
        x0, dx, rx, y0, ry, dy = self.geotransform
        return Grid(self.crs_wkt, (x0, dx, rx, y0 + row0 * dy, ry, dy), self.width, nrows)

    def same_crs(self, other):
        return same_crs(self.crs_wkt, other.crs_wkt)

    def __eq__(self, other):
        return (isinstance(other, Grid) and self.width == other.width and self.height == other.height
                and all(abs(a - b) < 1e-6 for a, b in zip(self.geotransform, other.geotransform))
                and self.same_crs(other))

    def __hash__(self):
        return hash((self.geotransform, self.width, self.height))

    def __repr__(self):
        return "Grid(%dx%d, gt=%s)" % (self.width, self.height, self.geotransform)

    def create(self, path, bands, data_type=gdal.GDT_Float32, driver="GTiff", options=None, nodata=None):
        """A new raster on this grid (caller writes the data)."""
        drv = gdal.GetDriverByName(driver)
        ds = drv.Create(path, self.width, self.height, bands, data_type, options or [])
        ds.SetGeoTransform(self.geotransform)
        if self.crs_wkt:
            ds.SetProjection(self.crs_wkt)
        if nodata is not None:
            for b in range(bands):
                ds.GetRasterBand(b + 1).SetNoDataValue(nodata)
        return ds

    def transformed_bounds(self, crs_wkt):
        """This grid's bounds in another CRS (densified edges)."""
        if same_crs(self.crs_wkt, crs_wkt):
            return self.bounds
        tr = osr.CoordinateTransformation(self.srs(), srs_from(crs_wkt))
        xmin, ymin, xmax, ymax = self.bounds
        return tuple(tr.TransformBounds(xmin, ymin, xmax, ymax, 21))

    def intersects(self, other):
        a = self.bounds
        b = other.transformed_bounds(self.crs_wkt)
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def snapped_grid(crs_wkt, bounds, resolution, origin=(0.0, 0.0)):
    """A grid covering ``bounds`` whose pixel edges fall on ``origin`` + k * ``resolution``."""
    xmin, ymin, xmax, ymax = bounds
    ox, oy = origin
    r = float(resolution)
    eps = 1e-6
    x0 = ox + math.floor((xmin - ox) / r + eps) * r
    x1 = ox + math.ceil((xmax - ox) / r - eps) * r
    y1 = oy + math.ceil((ymax - oy) / r - eps) * r
    y0 = oy + math.floor((ymin - oy) / r + eps) * r
    width, height = int(round((x1 - x0) / r)), int(round((y1 - y0) / r))
    if width <= 0 or height <= 0:
        raise InputError("The extent %s is empty at %g m resolution.", bounds, r)
    return Grid(crs_wkt, (x0, r, 0.0, y1, 0.0, -r), width, height)


def reference_grid(acquisitions, resolution=10, extent=None, crs_wkt=None):
    """The target grid: by default the union of the extents of the acquisitions sharing the first
    one's CRS, aligned on its pixels. ``extent`` (xmin, ymin, xmax, ymax, in ``crs_wkt`` or the first
    acquisition's CRS) restricts it; ``crs_wkt`` picks another CRS (pixels aligned on multiples of
    ``resolution``)."""
    acquisitions = list(acquisitions)
    if not acquisitions and (extent is None or crs_wkt is None):
        raise InputError("No image to build the reference grid from.")
    first = acquisitions[0].native_grid() if acquisitions else None
    target_crs = crs_wkt or first.crs_wkt
    if first is not None and same_crs(first.crs_wkt, target_crs):
        ox, oy = first.geotransform[0], first.geotransform[3]
    else:
        ox, oy = 0.0, 0.0
    if extent is not None:
        bounds = tuple(float(v) for v in extent)
    else:
        grids = [a.native_grid() for a in acquisitions]
        same = [g for g in grids if same_crs(g.crs_wkt, target_crs)] or grids
        bb = [g.transformed_bounds(target_crs) for g in same]
        bounds = (min(b[0] for b in bb), min(b[1] for b in bb), max(b[2] for b in bb), max(b[3] for b in bb))
    return snapped_grid(target_crs, bounds, resolution, (ox, oy))
