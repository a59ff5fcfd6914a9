"""MAJA / THEIA L2A products (folder or zip): ``*_FRE_B2.tif`` ... (reflectance x 10000, nodata
-10000) and ``MASKS/*_{MG2,CLM,EDG,SAT}_R1.tif`` (10 m masks; R2 = 20 m)."""
import os
import re

import numpy as np

from ... import masks
from .base import (listed_product, BandFileAcquisition, Unreadable, band_name, cached_raster, is_dir, list_dir,
                   parse_datetime, read_or_fail, read_text, rows_of, sample, vsi_join, vsi_path)
from .safe import scale_dn

NAME_RE = re.compile(r"(SENTINEL2[A-D])_(\d{8})-(\d{6})-(\d{3})_L2A_T(\d{2}[A-Z]{3})_", re.IGNORECASE)
BAND_FILE_RE = re.compile(r"_(FRE|SRE)_(B\d{1,2}|B8A)\.tif$", re.IGNORECASE)
MASK_FILE_RE = re.compile(r"_(MG2|CLM|EDG|SAT)_R1\.tif$", re.IGNORECASE)
NODATA = -10000


def _has_bands(root):
    return any(BAND_FILE_RE.search(e) for e in list_dir(root))


def looks_like_maja(path):
    base = os.path.basename(path.rstrip("/\\"))
    if NAME_RE.search(base):
        return True
    root = vsi_path(path)
    if _has_bands(root):
        return True
    if path.lower().endswith(".zip"):
        return any(NAME_RE.search(e) for e in list_dir(root))
    return False


def _product_root(path):
    root, entries = listed_product(path)
    if _has_bands(root):
        return root
    inner = [e for e in entries if is_dir(vsi_join(root, e)) and _has_bands(vsi_join(root, e))]
    if len(inner) == 1:
        return vsi_join(root, inner[0])
    raise Unreadable("no MAJA reflectance file (*_FRE_B*.tif) inside")


def open_maja(path):
    root = _product_root(path)
    entries = list_dir(root)
    name = os.path.basename(root)
    m = NAME_RE.search(name) or NAME_RE.search(os.path.basename(path))
    when = parse_datetime("%s-%s" % (m.group(2), m.group(3))) if m else parse_datetime(name)
    if when is None:
        raise Unreadable("date not parseable from the product name %s" % name)
    if m:
        when = when.replace(microsecond=int(m.group(4)) * 1000)
    tile = m.group(5).upper() if m else None
    platform = "S2" + m.group(1)[-1].upper() if m else "S2"
    files = {}
    for kind in ("FRE", "SRE"):  # flat (FRE) reflectance preferred, as Sen2-Agri does
        for entry in entries:
            bm = BAND_FILE_RE.search(entry)
            if bm and bm.group(1).upper() == kind:
                band = band_name(bm.group(2))
                if band and band not in files:
                    files[band] = vsi_join(root, entry)
    mask_files = {}
    for entry in list_dir(vsi_join(root, "MASKS")):
        mm = MASK_FILE_RE.search(entry)
        if mm:
            mask_files[mm.group(1).upper()] = vsi_join(root, "MASKS", entry)
    cloud = None
    mtd_name = next((e for e in entries if e.upper().endswith("_MTD_ALL.XML")), None)
    if mtd_name:
        cm = re.search(r'<QUALITY_INDEX\s+name="CloudPercent"\s*>\s*([\d.]+)', read_text(vsi_join(root, mtd_name)))
        cloud = float(cm.group(1)) if cm else None
    return [MajaAcquisition(path, when, tile, platform, cloud, files, mask_files, root)]


class MajaAcquisition(BandFileAcquisition):
    kind = "maja"

    def __init__(self, source, when, tile, platform, cloud, files, mask_files, root):
        super().__init__(source, when, tile, platform, cloud, files, root)
        self.mask_files = mask_files

    def check(self, bands=None):
        wanted = list(bands) if bands else self.bands()
        for key in wanted:
            if key in self.files:
                cached_raster(self.files[key])
        for path in self.mask_files.values():
            cached_raster(path)

    def read(self, bands, grid, row0=0, nrows=None):
        bands = list(bands)
        self._require(bands)
        nrows = rows_of(grid, row0, nrows)
        out = np.empty((len(bands), nrows, grid.width), dtype=np.float32)
        for i, band in enumerate(bands):
            dn = read_or_fail(self, sample, self.files[band], 1, grid, row0, nrows, NODATA)
            out[i] = scale_dn(dn, 0.0, 10000.0, NODATA)
        return out

    def source_bands(self, bands):
        return [(self.files[k], 1) for k in bands if k in self.files] + [(p, 1) for p in self.mask_files.values()]

    def read_status(self, grid, row0=0, nrows=None):
        nrows = rows_of(grid, row0, nrows)

        def get(kind, fill):
            path = self.mask_files.get(kind)
            return None if path is None else read_or_fail(self, sample, path, 1, grid, row0, nrows, fill)

        mg2, clm, sat = get("MG2", 0), get("CLM", 0), get("SAT", 0)
        edg = get("EDG", 1)  # outside the product = edge = no data
        if edg is None:
            band = self.bands()[0]
            dn = read_or_fail(self, sample, self.files[band], 1, grid, row0, nrows, NODATA)
            edg = (dn == NODATA).astype(np.uint8)
        return masks.maja_status(mg2, edg, sat, clm=clm)
