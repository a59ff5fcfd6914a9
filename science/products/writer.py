"""Writing an L4A / L4B product atomically: ProductWriter, raster copies, styles, the in situ zip."""
import datetime
import errno
import os
import re
import shutil
import uuid
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
from osgeo import gdal, ogr, osr

from ..errors import InputError, NoSpace
from ..folders import (disk_full, flush_raster, locked_temp_folder, make_folders, no_space_error, release,
                       remove_empty, stale_temp_folders)
from ..grid import srs_from
from ..styling import code_colour
from .names import (NODATA, LEVELS, FLAG_BANDS, CREATION_OPTIONS, DEFAULT_TILE, SPLIT_FIELD, _RASTER_RE, _SITE_RE,
                    _TILE_RE, COLOURS, _date, _ymd, product_name, find_products, read_legend,
                    _hex_rgb, _param_text, _write_xml, _epsg, _grid_of, footprint, _input_record, used_inputs)
from .quality import (write_confusion_csv, write_quality_xml)
from .reader import read_product

gdal.UseExceptions()


TMP_PREFIX, TMP_SUFFIX = ".S2AGRI_", "_tmp"


class ProductWriter:
    """Writes one L4A / L4B product atomically (see the module docstring).

    Raises InputError at construction when ``out_folder`` already holds a product of the same level,
    site and period (whatever its creation time) and ``overwrite`` is False; with ``overwrite`` the old
    product(s) are removed only once the new one is complete.
    """

    def __init__(self, level, out_folder, site, start, end, tile=None, created=None, overwrite=False):
        level = str(level).upper()
        if level not in LEVELS:
            raise InputError("Unknown product level '%s' (use L4A for a crop mask, L4B for a crop type map).", level)
        site = str(site).strip()
        if not _SITE_RE.match(site):
            raise InputError("The site name '%s' may hold only letters, digits and '-' "
                             "(it is part of the product name).", site)
        tile = DEFAULT_TILE if tile in (None, "") else str(tile).strip()
        if tile.upper().startswith("T") and len(tile) == 6:
            tile = tile[1:]  # 'T31UES' -> '31UES'
        if not _TILE_RE.match(tile):
            raise InputError("The tile name '%s' may hold only letters and digits.", tile)
        self.level, self.site, self.tile = level, site, tile
        self.start, self.end = _date(start, "start"), _date(end, "end")
        if self.end < self.start:
            raise InputError("The period ends (%s) before it starts (%s).", self.end, self.start)
        self.created = (created or datetime.datetime.now()).replace(microsecond=0)
        self.out_folder = os.path.abspath(out_folder)
        self.overwrite = bool(overwrite)
        self.name = product_name(level, site, self.created, self.start, self.end)
        self.path = os.path.join(self.out_folder, self.name)
        self.tmp_path = None  # a unique locked folder out_folder/.{name}_XXXX_tmp, made on entering
        self._made = []
        self.period = "V%s_%s" % (_ymd(self.start), _ymd(self.end))
        self.product = None
        self._check_existing()
        self._datasets = []
        self._inputs, self._parameters, self._extra, self._grid = [], {}, {}, None
        self._quality = None
        self._styled = False
        self._entries = []
        self._tiles = [tile]

    # existing products ------------------------------------------------------
    def existing(self):
        """Folders of products with this level, site and period already in the output folder."""
        return find_products(self.out_folder, self.level, self.site, self.start, self.end)

    def _check_existing(self):
        old = self.existing()
        if old and not self.overwrite:
            raise InputError(
                "A %s (%s) product of site %s for %s to %s already exists: %s. Choose another output "
                "folder, or allow overwriting to replace it.",
                LEVELS[self.level]["title"], self.level, self.site, self.start.isoformat(),
                self.end.isoformat(), old[0])

    # context ----------------------------------------------------------------
    def __enter__(self):
        try:
            self._made = make_folders(self.out_folder)
            for stale in stale_temp_folders(self.out_folder, TMP_PREFIX, TMP_SUFFIX):  # crashed runs' leftovers
                shutil.rmtree(stale, ignore_errors=True)
                release(stale)
            # unique and locked: a run started in the same second into this folder has its own
            self.tmp_path = locked_temp_folder(self.out_folder, "." + self.name + "_", TMP_SUFFIX)
            os.makedirs(os.path.join(self.tmp_path, "AUX_DATA"))
            self._tile_dirs(self.tile, create=True)
        except OSError as exc:
            full = disk_full(exc, self.out_folder)
            self._discard()
            raise self._write_error(exc, full) from exc
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self._finish()
            except (OSError, RuntimeError) as error:
                full = disk_full(error, self.out_folder)  # before the discard frees the space
                self._discard()
                if isinstance(error, OSError) or full:
                    raise self._write_error(error, full) from error
                raise
            except BaseException:
                self._discard()
                raise
        else:
            # GDAL and OGR write errors (RuntimeError) carry no errno: a full disk is told by the free space
            # (a NoSpace of a work file in the temporary folder is said of the output folder)
            full = isinstance(exc, NoSpace) or (isinstance(exc, (OSError, RuntimeError))
                                                and disk_full(exc, self.out_folder))
            self._discard()
            if isinstance(exc, OSError) or full:
                raise self._write_error(exc, full) from exc
        return False

    def _write_error(self, exc, full=False):
        if full:
            return no_space_error(self.out_folder)
        return InputError("Cannot write the product into %s: %s. Nothing was left there; choose a folder you can "
                          "write to, with free space.", self.out_folder, getattr(exc, "strerror", None) or exc)

    def _discard(self):
        self._close_datasets(check=False)
        if self.tmp_path:
            shutil.rmtree(self.tmp_path, ignore_errors=True)
            release(self.tmp_path)
        remove_empty(self._made)  # an output folder this run created stays only with a product in it

    def _close_datasets(self, check=True):
        datasets, self._datasets = self._datasets, []
        for ds in datasets:
            try:
                flush_raster(ds)
            except RuntimeError:
                if check:  # a block GDAL could not write (a full disk): the product is incomplete
                    raise

    def _finish(self):
        self._close_datasets()
        map_path = self.raster_path("MAP")
        if not os.path.exists(map_path):
            raise RuntimeError("Product incomplete: the %s raster was not written." % LEVELS[self.level]["map"])
        if not self._styled:
            self.write_styles()
        self._write_previews(self._entries)
        self._copy_quality_to_tiles()
        self._write_ipp()
        self._write_mtd()
        if disk_full(None, self.tmp_path):  # a write GDAL or a library did not report may have failed
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._check_existing()  # another run may have written one meanwhile
        old = self.existing()
        trash = []
        for i, folder in enumerate(old):
            moved = os.path.join(self.out_folder, ".%s_old%d_%s" % (os.path.basename(folder), i, uuid.uuid4().hex[:6]))
            os.rename(folder, moved)
            trash.append(moved)
        try:
            os.rename(self.tmp_path, self.path)
        except OSError:
            for moved, folder in zip(trash, old):  # put the old products back
                os.rename(moved, folder)
            raise
        release(self.tmp_path)
        for moved in trash:
            shutil.rmtree(moved, ignore_errors=True)
        self.product = read_product(self.path)

    # paths ------------------------------------------------------------------
    def _root(self):
        return self.tmp_path

    def _tile_dirs(self, tile, create=False):
        base = os.path.join(self._root(), "TILES", "S2AGRI_%s_%s_T%s" % (self.level, self.period, tile))
        if create:
            if not _TILE_RE.match(tile):
                raise InputError("The tile name '%s' may hold only letters and digits.", tile)
            for sub in ("IMG_DATA", "QI_DATA"):
                os.makedirs(os.path.join(base, sub), exist_ok=True)
            if tile not in self._tiles:
                self._tiles.append(tile)
        return base

    def file_code(self, kind):
        """The file-name code of a raster kind: CM/CT, RAW, MCMFLG/MCTFLG, CNF."""
        kind = str(kind).upper()
        info = LEVELS[self.level]
        if kind in ("MAP", info["map"]):
            return info["map"]
        if kind in ("FLG", info["flags"]):
            return info["flags"]
        if kind in ("RAW", "CNF"):
            return kind
        raise ValueError("unknown raster kind %r for %s (use %s, RAW, FLG or CNF)" % (kind, self.level, info["map"]))

    def raster_path(self, kind, tile=None):
        """Where the raster ``kind`` ("CM"/"CT"/"MAP", "RAW", "FLG", "CNF") of ``tile`` goes (temp folder)."""
        tile = tile or self.tile
        code = self.file_code(kind)
        sub = "QI_DATA" if code in (LEVELS[self.level]["flags"], "CNF") else "IMG_DATA"
        base = self._tile_dirs(tile)
        return os.path.join(base, sub, "S2AGRI_%s_%s_%s_T%s.TIF" % (self.level, code, self.period, tile))

    def aux_path(self, code, ext):
        """AUX_DATA/S2AGRI_{level}_{code}_V{start}_{end}.{ext}"""
        return os.path.join(self._root(), "AUX_DATA", "S2AGRI_%s_%s_%s.%s" % (self.level, code, self.period, ext))

    def mtd_path(self):
        return os.path.join(self._root(), "S2AGRI_%s_MTD_%s.xml" % (self.level, self.period))

    # rasters ----------------------------------------------------------------
    def create_raster(self, kind, grid, bands=None, tile=None):
        """A new int16 DEFLATE GeoTIFF (nodata -10000) for ``kind`` on ``grid`` (a science.grid.Grid, a
        raster path or a GDAL dataset); FLG, as Sen2-Agri types it, is uint16 without nodata, 4 bands
        (valid, water, snow, cloud counts) by default."""
        code = self.file_code(kind)
        is_flags = code == LEVELS[self.level]["flags"]
        bands = bands or (len(FLAG_BANDS) if is_flags else 1)
        crs_wkt, gt, width, height = _grid_of(grid)
        if self._grid is None:
            self._grid = (crs_wkt, gt, width, height)
        self._tile_dirs(tile or self.tile, create=True)
        path = self.raster_path(kind, tile)
        dtype = gdal.GDT_UInt16 if is_flags else gdal.GDT_Int16
        ds = gdal.GetDriverByName("GTiff").Create(path, width, height, bands, dtype, CREATION_OPTIONS)
        ds.SetGeoTransform(gt)
        if crs_wkt:
            ds.SetProjection(crs_wkt)
        for b in range(bands):
            band = ds.GetRasterBand(b + 1)
            if not is_flags:
                band.SetNoDataValue(NODATA)
            band.SetDescription(_band_description(self.level, code, b, is_flags))
        self._datasets.append(ds)
        return ds

    def add_raster(self, kind, src_path, tile=None, memory_mb=256, reporter=None):
        """Copy ``src_path`` into the product as ``kind`` (int16, DEFLATE, its nodata and NaN -> -10000;
        flags: uint16, nodata and NaN -> 0 dates), by row blocks; returns the product raster path."""
        from ..blocks import row_blocks

        src = gdal.Open(src_path)
        if src is None:
            raise InputError("Cannot open raster: %s", src_path)
        ds = self.create_raster(kind, src, bands=src.RasterCount, tile=tile)
        blocks = row_blocks(src.RasterYSize, src.RasterXSize, 8 * src.RasterCount + 8, memory_mb)
        for i, (row0, nrows) in enumerate(blocks):
            if reporter is not None:
                reporter.check()
            for b in range(src.RasterCount):
                sband = src.GetRasterBand(b + 1)
                data = sband.ReadAsArray(0, row0, src.RasterXSize, nrows).astype(np.float64)
                bad = ~np.isfinite(data)
                nodata = sband.GetNoDataValue()
                if nodata is not None:
                    bad |= data == nodata
                if self.file_code(kind) == LEVELS[self.level]["flags"]:
                    out = np.clip(np.round(np.where(bad, 0, data)), 0, 65535).astype(np.uint16)
                else:
                    data = np.clip(np.round(np.where(bad, 0, data)), -32767, 32767)
                    out = np.where(bad, NODATA, data).astype(np.int16)
                ds.GetRasterBand(b + 1).WriteArray(out, 0, row0)
            if reporter is not None:
                reporter.progress((i + 1) / float(len(blocks)))
        path = self.raster_path(kind, tile)
        ds.FlushCache()
        self._datasets.remove(ds)
        ds = None
        return path

    # metadata ---------------------------------------------------------------
    def write_metadata(self, inputs=(), parameters=None, grid=None, extra=None):
        """Record the input images (Acquisitions, (date, path) pairs, dicts or paths), every processing
        parameter ({name: value}), the grid (else taken from the map raster) and ``extra`` {name: text}
        for the MTD and IPP files (written when the context closes)."""
        self._inputs = [_input_record(i) for i in inputs or ()]
        self._parameters = dict(parameters or {})
        self._extra = dict(extra or {})
        if grid is not None:
            self._grid = _grid_of(grid)

    def _copy_quality_to_tiles(self):
        """With several tiles, the quality XML goes to every tile's QI_DATA too (as Sen2-Agri's older
        pipeline wrote it); AUX_DATA keeps the product's."""
        qlt = self.aux_path("QLT", "xml")
        if len(self._tiles) > 1 and os.path.exists(qlt):
            for t in self._tiles:
                shutil.copyfile(qlt, os.path.join(self._tile_dirs(t), "QI_DATA", os.path.basename(qlt)))

    def _write_ipp(self):
        root = ET.Element("Processing_Parameters", level=self.level, product=self.name)
        for name in self._parameters:
            ET.SubElement(root, "Parameter", name=str(name)).text = _param_text(self._parameters[name])
        _write_xml(root, self.aux_path("IPP", "xml"))

    def _write_mtd(self):
        """Sen2-Agri's product metadata (root Level-L4x_User_Product, its element paths), our own fields
        (inputs, grid, rasters, parameters) in Crop_Mapper_Info, and a tile metadata file per tile."""
        info = LEVELS[self.level]
        grid = self._grid or _grid_of(self.raster_path("MAP"))
        native, lonlat = footprint(grid)
        epsg = _epsg(grid[0])
        bbox = _bbox_lonlat(lonlat)
        root = ET.Element("Level-%s_User_Product" % self.level)
        general = ET.SubElement(root, "General_Info")
        pinfo = ET.SubElement(general, "Product_Info")
        platforms = sorted({r.get("platform") for r in used_inputs(self._inputs) if r.get("platform")})
        for tag, text in (("PRODUCT_URI", self.name), ("PROCESSING_LEVEL", self.level),
                          ("PRODUCT_TYPE", info["type"]), ("PROCESSING_BASELINE", "01.00"),
                          ("GENERATION_TIME", self.created.strftime("%Y-%m-%dT%H:%M:%S")),
                          ("PREVIEW_IMAGE_URL", self.pvi_name()),
                          ("SPACECRAFT_NAME", "/".join(platforms) or "Sentinel-2")):
            ET.SubElement(pinfo, tag).text = text
        query = ET.SubElement(pinfo, "Query_Options")
        if bbox:
            aoi = ET.SubElement(ET.SubElement(query, "Area_Of_Interest"), "Bbox")
            ET.SubElement(aoi, "LOWER_CORNER").text = "%.6f %.6f" % (bbox[0], bbox[1])
            ET.SubElement(aoi, "UPPER_CORNER").text = "%.6f %.6f" % (bbox[2], bbox[3])
        ET.SubElement(query, "PREVIEW_IMAGE").text = "true"
        ET.SubElement(query, "METADATA_LEVEL").text = "SuperBrief"
        aux = ET.SubElement(query, "Aux_List", productLevel="Level-%s" % self.level)
        aux_el = ET.SubElement(aux, "aux")
        ET.SubElement(aux_el, "GIPP").text = "YES"
        ET.SubElement(aux_el, "ISD").text = "YES" if os.path.exists(self.aux_path("ISD", "zip")) else "NO"
        ET.SubElement(query, "PRODUCT_FORMAT").text = "GeoTIFF"
        org = ET.SubElement(pinfo, "Product_Organisation")
        granules = ET.SubElement(org, "Granule_List")
        for t in self._tiles:
            g = ET.SubElement(granules, "Granules", granuleIdentifier="S2AGRI_%s_%s_T%s" % (self.level, self.period, t),
                              imageFormat="GEOTIFF")
            ET.SubElement(g, "IMAGE_ID").text = "S2AGRI_%s_%s_%s_T%s" % (self.level, info["map"], self.period, t)
        chars = ET.SubElement(general, "Product_Image_Characteristics")
        special = ET.SubElement(chars, "Special_Values")
        ET.SubElement(special, "SPECIAL_VALUE_TEXT").text = "NODATA"
        ET.SubElement(special, "SPECIAL_VALUE_INDEX").text = str(NODATA)
        geo = ET.SubElement(root, "Geometric_Info")
        fp = ET.SubElement(geo, "Product_Footprint")
        if bbox:
            x0, y0, x1, y1 = bbox
            ET.SubElement(ET.SubElement(fp, "Global_Footprint"), "EXT_POS_LIST").text = " ".join(
                "%.6f" % v for v in (x0, y0, x1, y0, x1, y1, x0, y1, x0, y0))
        ET.SubElement(fp, "RASTER_CS_TYPE").text = "POINT"
        ET.SubElement(fp, "PIXEL_ORIGIN").text = "1"
        crs = ET.SubElement(geo, "Coordinate_Reference_System")
        ET.SubElement(crs, "HORIZONTAL_CS_NAME").text = srs_from(grid[0]).GetName() if grid[0] else ""
        ET.SubElement(crs, "HORIZONTAL_CS_CODE").text = "EPSG:%s" % epsg if epsg else ""
        auxi = ET.SubElement(root, "Auxiliary_Data_Info")
        gipp = ET.SubElement(auxi, "GIPP_List")
        ET.SubElement(gipp, "GIPP_FILENAME", type="GIP_%s" % self.level, version="0001").text = \
            os.path.splitext(os.path.basename(self.aux_path("IPP", "xml")))[0]
        isd = ET.SubElement(auxi, "ISD_List")
        if os.path.exists(self.aux_path("ISD", "zip")):
            ET.SubElement(isd, "ISD_FILENAME").text = os.path.basename(self.aux_path("ISD", "zip"))
        qi = ET.SubElement(root, "Quality_Indicators_Info")
        clouds = [float(r["cloud_percent"]) for r in used_inputs(self._inputs)
                  if r.get("cloud_percent") not in (None, "")]
        ET.SubElement(qi, "Cloud_Coverage_Assessment").text = "%.1f" % (sum(clouds) / len(clouds)) if clouds else "0"

        # Our own fields, in one element Sen2-Agri's readers skip.
        ours = ET.SubElement(root, "Crop_Mapper_Info")
        gen = ET.SubElement(ours, "General_Info")
        for tag, text in (("Product_Name", self.name), ("Product_Level", self.level),
                          ("Product_Type", info["title"]), ("Site", self.site),
                          ("Creation_Date", self.created.isoformat()),
                          ("Start_Date", self.start.isoformat()), ("End_Date", self.end.isoformat()),
                          ("Software", "Crop Mapper (QGIS plugin)")):
            ET.SubElement(gen, tag).text = text
        tiles = ET.SubElement(gen, "Tiles")
        for t in self._tiles:
            ET.SubElement(tiles, "Tile").text = t
        for key, value in self._extra.items():
            ET.SubElement(gen, "Info", name=str(key)).text = _param_text(value)
        inputs = ET.SubElement(ours, "Inputs", count=str(len(self._inputs)))
        for rec in self._inputs:
            attrs = {k: v for k, v in rec.items() if k != "source" and v}
            ET.SubElement(inputs, "Input", **attrs).text = rec["source"]
        geom = ET.SubElement(ours, "Geometry")
        crs = ET.SubElement(geom, "CRS")
        if epsg:
            crs.set("epsg", str(epsg))
        ET.SubElement(crs, "WKT").text = grid[0]
        ET.SubElement(geom, "Footprint", crs="product").text = native
        if lonlat:
            ET.SubElement(geom, "Footprint", crs="EPSG:4326").text = lonlat
        ET.SubElement(geom, "Grid", width=str(grid[2]), height=str(grid[3]),
                      geotransform=" ".join(repr(float(v)) for v in grid[1]))
        ET.SubElement(ours, "NoData").text = str(NODATA)
        rasters = ET.SubElement(ours, "Rasters")
        for dirpath, _dirs, files in sorted(os.walk(os.path.join(self._root(), "TILES"))):
            for f in sorted(files):
                m = _RASTER_RE.match(f)
                if m:
                    rel = os.path.relpath(os.path.join(dirpath, f), self._root()).replace(os.sep, "/")
                    ET.SubElement(rasters, "Raster", kind=m.group(2).upper(), tile=m.group(4) or "").text = rel
        params = ET.SubElement(ours, "Parameters")
        for name in self._parameters:
            ET.SubElement(params, "Parameter", name=str(name)).text = _param_text(self._parameters[name])
        _write_xml(root, self.mtd_path())
        for t in self._tiles:
            self._write_tile_mtd(t, grid)

    def pvi_name(self, tile=None):
        """Sen2-Agri's quick-look names: S2AGRI_L4x_PVI_V{period}[_T{tile}].jpg."""
        return "S2AGRI_%s_PVI_%s%s.jpg" % (self.level, self.period, "_T%s" % tile if tile else "")

    def _write_tile_mtd(self, tile, grid):
        root = ET.Element("Level-%s_Tile_ID" % self.level)
        tile_id = "S2AGRI_%s_MTD_%s_T%s" % (self.level, self.period, tile)
        ET.SubElement(ET.SubElement(root, "General_Info"), "TILE_ID", metadataLevel="Brief").text = tile_id
        geo = ET.SubElement(root, "Geometric_Info")
        coding = ET.SubElement(geo, "Tile_Geocoding", metadataLevel="Brief")
        epsg = _epsg(grid[0])
        ET.SubElement(coding, "HORIZONTAL_CS_NAME").text = srs_from(grid[0]).GetName() if grid[0] else ""
        ET.SubElement(coding, "HORIZONTAL_CS_CODE").text = "EPSG:%s" % epsg if epsg else ""
        res = str(int(round(abs(grid[1][1]))))
        size = ET.SubElement(coding, "Size", resolution=res)
        ET.SubElement(size, "NROWS").text = str(grid[3])
        ET.SubElement(size, "NCOLS").text = str(grid[2])
        pos = ET.SubElement(coding, "Geoposition", resolution=res)
        for tag, v in (("ULX", grid[1][0]), ("ULY", grid[1][3]), ("XDIM", grid[1][1]), ("YDIM", grid[1][5])):
            ET.SubElement(pos, tag).text = repr(float(v))
        ET.SubElement(root, "Quality_Indicators_Info", metadataLevel="Standard")
        _write_xml(root, os.path.join(self._tile_dirs(tile), tile_id + ".xml"))

    def _write_previews(self, entries):
        """Sen2-Agri's quick-looks: one per tile (in the tile folder), the product's (root) and its copy
        as the mosaic preview in LEGACY_DATA."""
        from .preview import write_quicklook

        first = None
        for t in self._tiles:
            path = self.raster_path("MAP", t)
            if os.path.exists(path):
                out = write_quicklook(path, entries, os.path.join(self._tile_dirs(t), self.pvi_name(t)))
                first = first or out
        if first:
            shutil.copyfile(first, os.path.join(self._root(), self.pvi_name()))
            legacy = os.path.join(self._root(), "LEGACY_DATA")
            os.makedirs(legacy, exist_ok=True)
            shutil.copyfile(first, os.path.join(legacy, "S2AGRI_%s_PVI_LY_%s.jpg" % (self.level, self.period)))

    # quality ----------------------------------------------------------------
    def write_quality(self, quality, labels=None, not_validated=()):
        """QLT xml + CMX csv from a metrics.Quality (or from a confusion matrix and its labels)."""
        from ..classify.metrics import Quality, quality_metrics

        if not isinstance(quality, Quality):
            quality = quality_metrics(quality, labels, not_validated)
        self._quality = quality
        write_quality_xml(quality, self.aux_path("QLT", "xml"), LEVELS[self.level]["root"])
        write_confusion_csv(quality.cm, quality.labels, self.aux_path("CMX", "csv"))

    # in situ ----------------------------------------------------------------
    def write_insitu(self, training, validation=None, crs_wkt=None, split_field=SPLIT_FIELD):
        """ISD zip: one GeoPackage layer 'insitu' with the training and validation polygons and a field
        ``split_field`` = 'training' / 'validation'. Each of ``training`` / ``validation`` is a vector
        path ('path|layername=x' accepted), an ogr.Layer or a list of insitu.Parcel (then give
        ``crs_wkt``). With ``validation`` None, ``training`` is copied as is (keeping its own split
        field when it has one, else every polygon is marked 'training')."""
        gpkg_name = "S2AGRI_%s_ISD_%s.gpkg" % (self.level, self.period)
        work = os.path.join(self._root(), "AUX_DATA", ".isd")
        os.makedirs(work, exist_ok=True)
        gpkg = os.path.join(work, gpkg_name)
        out_ds = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
        out_layer, target_srs = None, None
        for source, split in ((training, "training"), (validation, "validation")):
            if source is None:
                continue
            keep_own = validation is None
            for wkb, attrs, srs in _iter_features(source, crs_wkt):
                if out_layer is None:
                    out_layer = out_ds.CreateLayer("insitu", srs, ogr.wkbMultiPolygon)
                    target_srs = srs
                _add_feature(out_layer, wkb, attrs, srs, target_srs, split_field,
                             attrs.get(split_field) if keep_own and attrs.get(split_field) else split)
        if out_layer is None:
            out_layer = out_ds.CreateLayer("insitu", None, ogr.wkbMultiPolygon)
            out_layer.CreateField(ogr.FieldDefn(split_field, ogr.OFTString))
        out_ds = None
        zpath = self.aux_path("ISD", "zip")
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(gpkg, gpkg_name)
        shutil.rmtree(work, ignore_errors=True)
        return zpath

    # styles -----------------------------------------------------------------
    def write_styles(self, legend=None, codes=None):
        """LUT text and a .qml sidecar next to every raster of the product. ``legend``: {code: name} or a
        'code,name' CSV path (crop type); ``codes``: the crop codes to colour (default: the quality
        labels and the values found in the CT / RAW rasters)."""
        self._close_datasets()
        legend = read_legend(legend) if isinstance(legend, str) else dict(legend or {})
        entries = self.colour_entries(legend, codes)
        self._entries = entries
        with open(self.aux_path("LUT", "txt"), "w", encoding="utf-8") as f:
            f.write("%d 0 0 0 no data\n" % NODATA)
            for value, label, colour in entries:
                f.write("%s %d %d %d %s\n" % ((value,) + _hex_rgb(colour) + (label,)))
        from ..styling import paletted_raster_qml, write_sidecar

        class_qml = paletted_raster_qml(entries)
        for tile in self._tiles:
            for kind in ("MAP", "RAW", "FLG", "CNF"):
                path = self.raster_path(kind, tile)
                if not os.path.exists(path):
                    continue
                if kind == "CNF":
                    write_sidecar(path, style="confidence")
                elif kind == "FLG":
                    write_sidecar(path, flags_qml(path))
                elif self.level == "L4A":
                    write_sidecar(path, style="cropmask")
                else:
                    write_sidecar(path, class_qml)
        self._styled = True

    def colour_entries(self, legend=None, codes=None):
        """[(value, label, '#rrggbb')] of the map classes."""
        if self.level == "L4A":
            return [(0, "non-crop", COLOURS["noncrop"]), (1, "crop", COLOURS["crop"])]
        if codes is None:
            found = set()
            if self._quality is not None:
                found.update(int(v) for v in self._quality.labels)
            for tile in self._tiles:
                for kind in ("MAP", "RAW"):
                    path = self.raster_path(kind, tile)
                    if os.path.exists(path):
                        found.update(raster_values(path))
            codes = found
        codes = sorted(set(int(c) for c in codes) - {0, NODATA})
        entries = [(0, "not crop", COLOURS["notcrop_type"])]  # 0 means not crop in L4B, whatever the legend
        entries += [(c, legend.get(c, "code %d" % c), code_colour(c)) for c in codes]
        return entries


def _bbox_lonlat(lonlat_wkt):
    """(lon min, lat min, lon max, lat max) of a WKT polygon, None without one."""
    if not lonlat_wkt:
        return None
    env = ogr.CreateGeometryFromWkt(lonlat_wkt).GetEnvelope()
    return env[0], env[2], env[1], env[3]


def _band_description(level, code, index, is_flags):
    if is_flags:
        return "%s dates" % FLAG_BANDS[index] if index < len(FLAG_BANDS) else "band %d" % (index + 1)
    title = LEVELS[level]["title"]
    return {"CNF": "confidence (%)", "RAW": "raw " + title}.get(code, title)


def raster_values(path, memory_mb=128):
    """The distinct valid values of band 1 (read by row blocks)."""
    from ..blocks import row_blocks

    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    values = set()
    for row0, nrows in row_blocks(ds.RasterYSize, ds.RasterXSize, 8, memory_mb):
        data = band.ReadAsArray(0, row0, ds.RasterXSize, nrows)
        u = np.unique(data)
        values.update(int(v) for v in u if nodata is None or v != nodata)
    return values


def flags_qml(path=None):
    """The shared flags style (styles/flags.qml: a ramp on the valid-dates band), its ramp stretched to
    the raster's largest count so a long series is not saturated."""
    from ..styling import style_file

    with open(style_file("flags"), encoding="utf-8") as f:
        text = f.read()
    try:
        ds = gdal.Open(path) if path else None  # keep the dataset alive while its band is used
        high = int(ds.GetRasterBand(1).ComputeRasterMinMax(False)[1]) if ds else 0
        old = float(re.search(r'maximumValue="([^"]+)"', text).group(1))
    except (RuntimeError, TypeError, ValueError, AttributeError):
        return text  # all nodata or an unexpected style: keep it as is
    if high <= 0 or old <= 0:
        return text
    scale = high / old

    def item(m):
        value = round(float(m.group(2)) * scale, 1)
        label = re.sub(r"^[0-9.]+", "%g" % value, m.group(4))
        return '%svalue="%g"%slabel="%s"' % (m.group(1), value, m.group(3), label)

    text = re.sub(r'(<item[^>]*?)value="([^"]+)"([^>]*?)label="([^"]*)"', item, text)
    for attr in ("maximumValue", "classificationMax"):
        text = re.sub(r'%s="[^"]+"' % attr, '%s="%d"' % (attr, high), text)
    return text


def _open_layer(source):
    """(datasource, layer) for 'path' or 'path|layername=x'."""
    path, layer_name = source, None
    if "|" in source:
        path, _, rest = source.partition("|")
        for part in rest.split("|"):
            if part.startswith("layername="):
                layer_name = part.split("=", 1)[1]
    ds = ogr.Open(path)
    if ds is None:
        raise InputError("Cannot open the in situ layer: %s", source)
    layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
    if layer is None:
        raise InputError("Layer '%s' not found in %s", layer_name, path)
    return ds, layer


def _iter_features(source, crs_wkt):
    """(wkb, attributes, srs) of each polygon of a path, ogr.Layer or list of Parcels."""
    if isinstance(source, (list, tuple)):
        srs = srs_from(crs_wkt) if crs_wkt else None
        for parcel in source:
            yield bytes(parcel.wkb), dict(parcel.attributes), srs
        return
    ds = None
    layer = source
    if isinstance(source, str):
        ds, layer = _open_layer(source)
    srs = layer.GetSpatialRef()
    if srs is not None:
        srs = srs.Clone()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer.ResetReading()
    for feat in layer:
        geom = feat.GetGeometryRef()
        if geom is None:
            continue
        yield geom.ExportToWkb(), feat.items(), srs
    del ds


def _add_feature(layer, wkb, attrs, srs, target_srs, split_field, split):
    defn = layer.GetLayerDefn()
    for key, value in list(attrs.items()) + [(split_field, split)]:
        if defn.GetFieldIndex(key) < 0:
            kind = ogr.OFTInteger64 if isinstance(value, (int, np.integer)) and not isinstance(value, bool) \
                else ogr.OFTReal if isinstance(value, (float, np.floating)) else ogr.OFTString
            layer.CreateField(ogr.FieldDefn(key, kind))
            defn = layer.GetLayerDefn()
    geom = ogr.CreateGeometryFromWkb(bytes(wkb))
    if srs is not None and target_srs is not None and not srs.IsSame(target_srs):
        geom.Transform(osr.CoordinateTransformation(srs, target_srs))
    geom = ogr.ForceToMultiPolygon(geom)
    feat = ogr.Feature(defn)
    feat.SetGeometry(geom)
    for key, value in attrs.items():
        if value is not None:
            feat.SetField(key, value.item() if isinstance(value, np.generic) else value)
    feat.SetField(split_field, split)
    layer.CreateFeature(feat)


def export_map(product_path, dest, kind="MAP"):
    """Copy the product's ``kind`` raster (first tile) to ``dest`` (GeoTIFF, DEFLATE) with its ``.qml``
    sidecar: the copy a model or a script can take as a final output. Returns ``dest``."""
    product = read_product(product_path)
    src = product.rasters.get(kind)
    if not src:
        raise InputError("The product %s has no %s raster to copy.", product.path, kind)
    if os.path.abspath(dest) == os.path.abspath(src):
        raise InputError("The map copy %s is the product's own map: choose another file.", dest)
    folder = os.path.dirname(os.path.abspath(dest))
    if not os.access(folder, os.W_OK):
        raise InputError("Cannot write the map copy into %s (missing or read-only folder).", folder)
    tmp = dest + ".part.tif"
    try:
        gdal.Translate(tmp, src, format="GTiff", creationOptions=list(CREATION_OPTIONS))
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    qml = os.path.splitext(src)[0] + ".qml"
    if os.path.exists(qml):
        shutil.copyfile(qml, os.path.splitext(dest)[0] + ".qml")
    return dest
