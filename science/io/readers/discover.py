"""Finding the acquisitions in a list of files and folders, filtering them, and the reference grid."""
import datetime as _dt
import os
import re

from ...errors import InputError
from ...grid import reference_grid, same_crs
from ...progress import Reporter
from .base import Unreadable, open_raster, parse_datetime
from .geotiff import GeoTiffAcquisition, is_mask_name
from .maja import looks_like_maja, open_maja
from .safe import looks_like_safe, open_safe
from .stack import open_stack, scl_layout, stack_layout

TIF_EXT = (".tif", ".tiff")


def _as_date(value, what):
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError("Cannot read the %s date '%s': use YYYY-MM-DD.", what, value)


def _as_tile(tile):
    if not tile:
        return None
    t = str(tile).strip().upper()
    t = t[1:] if len(t) == 6 and t.startswith("T") else t
    if not re.fullmatch(r"\d{2}[A-Z]{3}", t):
        raise InputError("Tile '%s' is not a Sentinel-2 tile name (like 31UES or T31UES).", tile)
    return t


def _epsg(wkt):
    from osgeo import osr
    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    srs.AutoIdentifyEPSG()
    code = srs.GetAuthorityCode(None)
    return "EPSG:%s" % code if code else (srs.GetName() or "unknown CRS")


def describe(acq):
    where = acq.source if acq.kind != "stack" else "%s band set %s" % (acq.source, acq.date)
    cloud = acq._cloud_percent
    extra = (", %.1f%% cloud" % cloud) if cloud is not None else ""
    return "%s (%s, %s, tile %s%s)" % (where, acq.datetime, acq.kind, acq.tile or "unknown", extra)


class _Collector:
    def __init__(self, reporter):
        self.reporter = reporter
        self.acqs = []
        self.skipped = []  # (reason category, message)
        self.seen = set()

    def skip(self, path, category, reason):
        self.skipped.append(category)
        self.reporter.info("Skipped %s: %s", path, reason)

    def add(self, acqs):
        for a in acqs:
            key = (a.source, a.datetime, tuple(sorted(a.bands())))
            if key not in self.seen:
                self.seen.add(key)
                self.acqs.append(a)

    def product(self, path):
        """A SAFE or MAJA product (folder or zip)."""
        try:
            if looks_like_safe(path):
                self.add(open_safe(path))
            elif looks_like_maja(path):
                self.add(open_maja(path))
            elif path.lower().endswith(".zip"):
                self.skip(path, "unreadable", "unreadable zip or not a Sentinel-2 L2A product "
                          "(truncated or corrupt, or neither a .SAFE nor a MAJA product inside)")
            else:
                return False
        except Unreadable as exc:
            category = "date" if "date not parseable" in str(exc) else "unreadable"
            self.skip(path, category, "%s" % exc)
        return True

    def tifs(self, paths, explicit):
        """Stacks, SCL stacks, dated images and dated masks among GeoTIFF files."""
        stacks, scl_stacks, images, dated_masks = [], [], [], {}
        for path in paths:
            try:
                ds = open_raster(path)
            except Unreadable as exc:
                self.skip(path, "unreadable", str(exc))
                continue
            if stack_layout(ds):
                stacks.append(path)
                continue
            name = os.path.basename(path)
            when = parse_datetime(name)
            if is_mask_name(name) and when is None and ds.RasterCount > 1:
                scl_stacks.append((path, ds.RasterCount, scl_layout(ds)))
            elif when is None:
                if path not in explicit and (is_mask_name(name) or ds.RasterCount < 4):
                    self.reporter.info("Ignored %s: not a dated image", path)
                else:
                    self.skip(path, "date", "date not parseable from the file name (expected YYYYMMDD in it) "
                              "and no YYYY-MM-DD_Bxx band descriptions")
            elif is_mask_name(name):
                dated_masks.setdefault(when, path)
            else:
                images.append((path, when))
        for path in stacks:
            n_dates = len(stack_layout(open_raster(path)))
            match = [s for s in scl_stacks if s[1] == n_dates or all(s[2])]
            scl = match[0][0] if len(match) == 1 else None
            if len(match) > 1:  # several: prefer one whose name shares the stack's folder and resolution tag
                same = [s for s in match if os.path.dirname(s[0]) == os.path.dirname(path)]
                scl = same[0][0] if len(same) == 1 else None
                if scl is None:
                    self.reporter.warn("Several SCL stacks could go with %s; none used.", path)
            try:
                self.add(open_stack(path, scl))
                if scl:
                    self.reporter.info("SCL stack %s used for %s", scl, path)
            except Unreadable as exc:
                self.skip(path, "unreadable", str(exc))
        by_date = {}
        for when, mpath in dated_masks.items():
            by_date.setdefault(when.date(), []).append((when, mpath))
        for path, when in images:
            mask = dated_masks.get(when)
            if mask is None:  # a mask named with the date only
                cands = [m for w, m in by_date.get(when.date(), []) if w.time() == _dt.time(0) or w == when]
                mask = cands[0] if len(cands) == 1 else None
            try:
                self.add([GeoTiffAcquisition(path, when, mask)])
            except Unreadable as exc:
                self.skip(path, "unreadable", str(exc))

    def collect(self, inputs):
        tifs, scanned = [], []
        for raw in inputs:
            path = os.path.abspath(os.path.expanduser(str(raw)))
            if not os.path.exists(path):
                if "\ufffd" in raw:  # qgis_process decodes arguments as UTF-8: a bad byte arrives as U+FFFD
                    raise InputError("Input path does not exist: %s (the name held bytes that are not UTF-8 text, "
                                     "shown as \ufffd: rename the file or folder with UTF-8 characters only)", raw)
                raise InputError("Input path does not exist: %s", raw)
            if os.path.isdir(path):
                if self.product(path):
                    continue
                for entry in sorted(os.listdir(path)):
                    full = os.path.join(path, entry)
                    if os.path.isdir(full) or entry.lower().endswith(".zip"):
                        self.product(full)  # False for an unrelated sub-folder: ignored
                    elif entry.lower().endswith(TIF_EXT):
                        scanned.append(full)
            elif path.lower().endswith(".zip"):
                self.product(path)
            elif os.path.basename(path).upper().startswith("MTD_MSIL2A"):
                self.product(os.path.dirname(path))
            elif path.lower().endswith(TIF_EXT):
                tifs.append(path)
            else:
                self.skip(path, "unreadable", "not a Sentinel-2 L2A product, zip or GeoTIFF")
        # explicitly given files first, so an SCL stack given next to a stack is paired with it
        self.tifs(list(dict.fromkeys(tifs + scanned)), explicit=set(tifs))


def skipped_record(acq, reason):
    """An image left out, as the product metadata records it: {date, source, platform, tile, cloud_percent,
    status "skipped", reason}."""
    return {"date": acq.date.isoformat(), "source": acq.source, "platform": acq.platform or "",
            "tile": acq.tile or "", "kind": acq.kind or "",
            "cloud_percent": "" if acq.cloud_percent is None else "%.1f" % acq.cloud_percent,
            "status": "skipped", "reason": reason}


def discover(inputs, start=None, end=None, tile=None, max_cloud=None, reporter=None, bands=None, skipped=None):
    """Acquisitions found in ``inputs`` (files and/or folders), sorted by date, filtered by period
    (inclusive), tile and maximum cloud percentage; ``bands`` (optional) must all be present. Every image
    used and every one skipped (with the reason) is logged through ``reporter.info``; ``skipped`` (a list)
    receives a skipped_record of each dated image left out."""
    reporter = reporter or Reporter()
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    inputs = [i for i in inputs if str(i).strip()]
    if not inputs:
        raise InputError("No input given: choose Sentinel-2 L2A products, folders or GeoTIFF files.")
    start, end = _as_date(start, "start"), _as_date(end, "end")
    if start and end and start > end:
        raise InputError("The start date %s is after the end date %s.", start, end)
    tile = _as_tile(tile)
    col = _Collector(reporter)
    col.collect(inputs)
    found = sorted(col.acqs, key=lambda a: a.sort_key())
    if tile and found and not any(a.tile == tile for a in found):
        tiles = sorted({a.tile for a in found if a.tile})
        for a in found:
            a.close()
        raise InputError("TILE %s matches none of the %d image(s) found: %s. Leave TILE empty or give one of "
                         "their tiles.", tile, len(found),
                         "their tiles are " + ", ".join(tiles) if tiles else "they carry no tile name (e.g. GeoTIFFs)")
    kept = []
    for i, acq in enumerate(found):
        reporter.check()
        reason = None
        if start and acq.date < start or end and acq.date > end:
            reason = ("period", "outside the period %s to %s" % (start or "...", end or "..."))
        elif tile and acq.tile and acq.tile != tile:
            reason = ("tile", "wrong tile %s (not %s)" % (acq.tile, tile))
        elif max_cloud is not None and acq.cloud_percent is not None and acq.cloud_percent > float(max_cloud):
            reason = ("cloud", "too cloudy (%.1f%% > %g%%)" % (acq.cloud_percent, float(max_cloud)))
        else:
            missing = acq.missing_bands(bands) if bands else []
            if missing:
                reason = ("bands", "band %s missing from the product" % ", ".join(missing))
            else:
                try:
                    acq.check(bands)
                except Unreadable as exc:
                    reason = ("unreadable", "unreadable or corrupt: %s" % exc)
        if reason:
            col.skipped.append(reason[0])
            if skipped is not None:
                skipped.append(skipped_record(acq, reason[1]))
            reporter.info("Skipped %s: %s", describe(acq), reason[1])
            acq.close()
        else:
            kept.append(acq)
            reporter.info("Using %s", describe(acq))
        reporter.progress((i + 1) / len(found))
    if not kept:
        raise _nothing_error(found, col.skipped, start, end, inputs)
    reporter.info("%d image(s) used, %d skipped.", len(kept), len(col.skipped))
    for a in kept:
        for note in a.notes:
            reporter.info("%s: %s", a.source, note)
    return kept


def _nothing_error(found, skipped, start, end, inputs):
    if not found and not skipped:
        return InputError("No Sentinel-2 L2A image found in: %s.", ", ".join(str(i) for i in inputs))
    if found and all(s == "period" for s in skipped):
        return InputError("No image in the period %s to %s: the %d image(s) found are dated %s to %s.",
                          start or "...", end or "...", len(found), found[0].date, found[-1].date)
    labels = {"period": "outside the period", "tile": "of another tile", "cloud": "too cloudy",
              "bands": "missing bands", "unreadable": "unreadable or corrupt", "date": "with no readable date"}
    counts = ["%d %s" % (skipped.count(k), v) for k, v in labels.items() if skipped.count(k)]
    return InputError("No usable image: %d found, all skipped (%s). The log names each one and why.",
                      len(skipped), ", ".join(counts))


def prepare(inputs, start=None, end=None, tile=None, max_cloud=None, reporter=None, bands=None,
            resolution=10, extent=None, crs_wkt=None, skipped=None):
    """discover() then the reference grid; acquisitions that do not overlap it are skipped (logged),
    those in another CRS are logged as warped. Returns (acquisitions, grid)."""
    reporter = reporter or Reporter()
    acqs = discover(inputs, start, end, tile, max_cloud, reporter, bands, skipped)
    grid = reference_grid(acqs, resolution, extent, crs_wkt)
    kept = []
    for acq in acqs:
        native = acq.native_grid()
        if not grid.intersects(native):
            reporter.info("Skipped %s: does not overlap the reference grid (%s, bounds %s)",
                          describe(acq), _epsg(grid.crs_wkt), tuple(round(v, 1) for v in grid.bounds))
            if skipped is not None:
                skipped.append(skipped_record(acq, "does not overlap the reference grid"))
            acq.close()
            continue
        if not same_crs(native.crs_wkt, grid.crs_wkt):
            reporter.info("%s is in %s: warped to the reference grid (%s)",
                          acq.source, _epsg(native.crs_wkt), _epsg(grid.crs_wkt))
        kept.append(acq)
    if not kept:
        raise InputError("No image overlaps the reference grid (%s, bounds %s): images of another tile "
                         "or area; filter them by tile or choose another extent.",
                         _epsg(grid.crs_wkt), tuple(round(v, 1) for v in grid.bounds))
    return kept, grid


def _norm(path):
    return os.path.normcase(os.path.realpath(os.path.abspath(os.path.expanduser(str(path)))))


def is_product(path):
    """A Sen2Cor (.SAFE) or MAJA product, folder or zip."""
    return looks_like_safe(path) or looks_like_maja(path)


def input_clash(output, inputs):
    """Why writing ``output`` would overwrite an input of ``inputs`` (image files or folders, as discover
    takes them), or None: it is one of them, lies inside an input product (.SAFE, MAJA) or a product of an
    input folder, or is an existing image the folder scan would read (a dated GeoTIFF or a product zip)."""
    out = _norm(output)
    for raw in inputs:
        path = _norm(raw)
        if out == path:
            return "is the input %s %s" % ("folder" if os.path.isdir(path) else "file", raw)
        if not os.path.isdir(path) or not out.startswith(path.rstrip(os.sep) + os.sep):
            continue
        if is_product(path):
            return "lies inside the input product %s" % raw
        first = os.path.join(path, os.path.relpath(out, path).split(os.sep)[0])
        if first != out and os.path.isdir(first) and is_product(first):
            return "lies inside the product %s of the input folder %s" % (first, raw)
        if first == out and os.path.isfile(out):
            name = os.path.basename(out)
            if (name.lower().endswith(TIF_EXT) and parse_datetime(name)) or (
                    name.lower().endswith(".zip") and is_product(out)):
                return "is the image %s of the input folder %s" % (name, raw)
    return None
