"""Sen2Cor L2A SAFE products (folders or zips read through /vsizip/): one Acquisition per granule.

Reflectance = (DN + BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE (offset -1000 from baseline 04.00; GDAL
3.6 does not apply it), DN 0 = no data. Bands come from GRANULE/*/IMG_DATA/R10m|R20m|R60m (finest
resolution first), or IMG_DATA itself in older layouts; names with or without the ``_10m`` suffix.
"""
import os
import re

import numpy as np

from ... import masks
from .base import (listed_product, BandFileAcquisition, Unreadable, band_name, cached_raster, check_jp2,
                   check_zip_member, is_dir, list_dir, nodata_status, parse_datetime, parse_tile, read_or_fail,
                   read_text, rows_of, sample, vsi_join, vsi_path)

# MTD_MSIL2A.xml band_id of BOA_ADD_OFFSET
BAND_IDS = {b: i for i, b in enumerate(
    ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B10", "B11", "B12"))}
IMAGE_RE = re.compile(r"_(B\d{1,2}|B8A|SCL)(?:_(\d{2})m)?\.jp2$", re.IGNORECASE)
# Sen2Cor 2.3 and older: S2A_USER_SCL_L2A_TL_..._T31UES_20m.jp2
OLD_SCL_RE = re.compile(r"_SCL_.*?(?:_(\d{2})m)?\.jp2$", re.IGNORECASE)
# L2A DN = reflectance x 10000 (+ 1000 from baseline 04.00): 32767 is a reflectance above 3, which no surface
# has; a block where more than 1 % of the valid pixels are above it holds no reflectance (corrupt JPEG 2000
# data decodes to values spread up to 65535).
MAX_DN = 32767
MAX_DN_SHARE = 0.01
PRODUCT_MTD_RE = re.compile(r"^(MTD_MSIL2A\.xml|.*MTD_SAFL2A.*\.xml)$", re.IGNORECASE)
TILE_MTD_RE = re.compile(r"^(MTD_TL\.xml|.*MTD_L2A_TL.*\.xml)$", re.IGNORECASE)


def _tag(text, *names):
    for name in names:
        m = re.search(r"<(?:\w+:)?%s(?:\s[^>]*)?>\s*([^<]+?)\s*<" % name, text or "")
        if m:
            return m.group(1)
    return None


def scale_dn(dn, offset, quantification, nodata_value=0):
    """uint DN -> float32 reflectance, (DN + offset) / quantification correctly rounded to float32 (so
    every reader gives identical values). With integer offsets and quantification below 2**24 the sum is
    exact in float32 and one float32 division gives that result (float64's 53 bits are more than
    2 x 24 + 2, so rounding to float64 first never changes the float32 quotient): half the work."""
    if float(offset).is_integer() and float(quantification).is_integer() and abs(offset) < 2 ** 23 \
            and 0 < quantification < 2 ** 24 and dn.dtype.itemsize <= 2:
        refl = dn.astype(np.float32)  # in place from here: the same operations, no temporaries
        refl += np.float32(offset)
        refl /= np.float32(quantification)
    else:
        refl = ((dn.astype(np.float64) + offset) / quantification).astype(np.float32)
    refl[dn == nodata_value] = np.nan
    return refl


def looks_like_safe(path):
    """True for a .SAFE folder, a folder with MTD_MSIL2A.xml or GRANULE, or a zip named like an L2A
    product (.SAFE.zip, MSIL2A) or holding a .SAFE folder."""
    base = os.path.basename(path.rstrip("/\\")).upper()
    is_zip = base.endswith(".ZIP")
    if base.endswith(".SAFE") or (is_zip and (base.endswith(".SAFE.ZIP") or "MSIL2A" in base)):
        return True
    entries = list_dir(vsi_path(path))
    if any(PRODUCT_MTD_RE.match(e) for e in entries) or (not is_zip and "GRANULE" in entries):
        return True
    return is_zip and any(e.upper().endswith(".SAFE") for e in entries)


def _product_root(path):
    """GDAL path of the .SAFE folder (for a zip: inside it)."""
    root, entries = listed_product(path)
    if any(PRODUCT_MTD_RE.match(e) for e in entries) or "GRANULE" in entries:
        return root
    inner = [e for e in entries if e.upper().endswith(".SAFE")]
    if len(inner) == 1:
        return vsi_join(root, inner[0])
    raise Unreadable("no Sentinel-2 L2A product inside (no MTD_MSIL2A.xml nor .SAFE folder)")


def open_safe(path):
    """The acquisitions (one per granule) of the SAFE product at ``path``; raises Unreadable."""
    root = _product_root(path)
    entries = list_dir(root)
    mtd_name = next((e for e in entries if PRODUCT_MTD_RE.match(e)), None)
    mtd = read_text(vsi_join(root, mtd_name)) if mtd_name else ""
    if mtd_name and not mtd:
        raise Unreadable("cannot read %s" % mtd_name)
    name = _tag(mtd, "PRODUCT_URI", "PRODUCT_URI_2A") or os.path.basename(root)
    granules = [g for g in list_dir(vsi_join(root, "GRANULE")) if is_dir(vsi_join(root, "GRANULE", g))]
    if not granules:
        raise Unreadable("no GRANULE folder")

    baseline = _tag(mtd, "PROCESSING_BASELINE") or _baseline_from_name(name)
    quant = float(_tag(mtd, "BOA_QUANTIFICATION_VALUE", "L2A_BOA_QUANTIFICATION_VALUE") or 10000)
    offsets = {int(i): float(v) for i, v in
               re.findall(r'<(?:\w+:)?BOA_ADD_OFFSET\s+band_id="(\d+)"\s*>\s*(-?[\d.]+)\s*<', mtd)}
    notes = []
    if not offsets and baseline and _version(baseline) >= (4, 0):
        offsets = {i: -1000.0 for i in range(13)}
        notes.append("baseline %s without BOA_ADD_OFFSET in its metadata: -1000 assumed" % baseline)
    platform = _platform(name, _tag(mtd, "SPACECRAFT_NAME"))
    product_cloud = _float(_tag(mtd, "Cloud_Coverage_Assessment", "CLOUDY_PIXEL_PERCENTAGE"))
    source = path

    acqs = []
    for granule in granules:
        groot = vsi_join(root, "GRANULE", granule)
        gentries = list_dir(groot)
        tl_name = next((e for e in gentries if TILE_MTD_RE.match(e)), None)
        tl = read_text(vsi_join(groot, tl_name)) if tl_name else ""
        when = (parse_datetime(_tag(mtd, "PRODUCT_START_TIME", "DATATAKE_SENSING_START") or "")
                or parse_datetime(_tag(tl, "SENSING_TIME") or "") or parse_datetime(name))
        if when is None:
            raise Unreadable("date not parseable (no sensing time in the metadata or the name)")
        tile = parse_tile(granule) or parse_tile(name)
        cloud = _float(_tag(tl, "CLOUDY_PIXEL_PERCENTAGE"))
        if cloud is None:
            cloud = product_cloud
        files = _image_files(vsi_join(groot, "IMG_DATA"))
        src = source if len(granules) == 1 else "%s [%s]" % (source, granule)
        acq = SafeAcquisition(src, when, tile, platform, cloud, files, offsets, quant, baseline, root)
        acq.notes = list(notes)
        if files and "SCL" not in files:
            acq.notes.append("no SCL file: only no-data pixels are masked (no cloud mask)")
        acqs.append(acq)
    return acqs


def _image_files(img_root):
    """{band or "SCL": path} taking the finest resolution of each."""
    found = {}
    dirs = [(img_root, None)]
    for entry in list_dir(img_root):
        m = re.fullmatch(r"R(\d+)m", entry)
        if m:
            dirs.append((vsi_join(img_root, entry), int(m.group(1))))
    for folder, folder_res in dirs:
        for entry in list_dir(folder):
            m = IMAGE_RE.search(entry)
            if not m:
                old = OLD_SCL_RE.search(entry)
                if not old:
                    continue
                key, res = "SCL", int(old.group(1)) if old.group(1) else (folder_res or 0)
                if key not in found or res < found[key][0]:
                    found[key] = (res, vsi_join(folder, entry))
                continue
            key = "SCL" if m.group(1).upper() == "SCL" else band_name(m.group(1))
            if key is None:
                continue
            res = int(m.group(2)) if m.group(2) else (folder_res or 0)
            if key not in found or res < found[key][0]:
                found[key] = (res, vsi_join(folder, entry))
    return {k: v[1] for k, v in found.items()}


def _version(baseline):
    try:
        major, minor = str(baseline).split(".")[:2]
        return int(major), int(minor)
    except ValueError:
        return (0, 0)


def _baseline_from_name(name):
    m = re.search(r"_N(\d{2})(\d{2})_", name or "")
    return "%s.%s" % m.groups() if m else None


def _platform(name, spacecraft):
    m = re.match(r"(S2[A-D])", os.path.basename(name or ""))
    if m:
        return m.group(1)
    if spacecraft:
        return "S2" + spacecraft.strip()[-1].upper()
    return "S2"


def _float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


class SafeAcquisition(BandFileAcquisition):
    kind = "safe"

    def __init__(self, source, when, tile, platform, cloud, files, offsets, quantification, baseline, root):
        super().__init__(source, when, tile, platform, cloud, files, root)
        self.offsets = offsets
        self.quantification = quantification
        self.baseline = baseline
        self.rejected = None  # why the decoded values cannot be reflectance: the image is no data from then on

    def offset(self, band):
        return self.offsets.get(BAND_IDS[band], 0.0)

    def check(self, bands=None):
        if not self.files:
            raise Unreadable("no band image found under GRANULE/*/IMG_DATA")
        wanted = list(bands) if bands else self.bands()
        for key in wanted + (["SCL"] if "SCL" in self.files else []):
            path = self.files.get(key)
            if path is None:
                continue
            check_zip_member(path)
            if path.lower().endswith(".jp2"):
                check_jp2(path)
            cached_raster(path)

    def read(self, bands, grid, row0=0, nrows=None):
        bands = list(bands)
        self._require(bands)
        nrows = rows_of(grid, row0, nrows)
        out = np.empty((len(bands), nrows, grid.width), dtype=np.float32)
        for i, band in enumerate(bands):
            if self.rejected:
                out[i] = np.nan
                continue
            dn = read_or_fail(self, sample, self.files[band], 1, grid, row0, nrows, 0)
            self._check_range(dn, band)
            out[i] = np.nan if self.rejected else scale_dn(dn, self.offset(band), self.quantification)
        return out

    def _check_range(self, dn, band):
        """Reject the image when a block just read holds values no reflectance has (checked on the decoded
        block itself: nothing is decoded twice)."""
        high = int(np.count_nonzero(dn > MAX_DN))
        if high and high > MAX_DN_SHARE * max(1, int(np.count_nonzero(dn))):
            self.rejected = ("band %s decodes to values up to %d (%d of %d pixels above %d): corrupt data, not "
                             "reflectance" % (band, int(dn.max()), high, dn.size, MAX_DN))

    def source_bands(self, bands):
        return [(self.files[k], 1) for k in list(bands) + ["SCL"] if k in self.files]

    def read_scl(self, grid, row0=0, nrows=None):
        """Raw SCL codes on ``grid`` (0 outside the product), or None without an SCL file."""
        if "SCL" not in self.files:
            return None
        return read_or_fail(self, sample, self.files["SCL"], 1, grid, row0, rows_of(grid, row0, nrows), 0)

    def read_status(self, grid, row0=0, nrows=None):
        nrows = rows_of(grid, row0, nrows)
        if "SCL" in self.files:
            return masks.scl_status(self.read_scl(grid, row0, nrows))
        return nodata_status(self, grid, row0, nrows)
