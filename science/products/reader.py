"""Reading products back (ours and Sen2-Agri's): Product, read_product, resolve_crop_mask."""
import datetime
import os
import re
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal

from ..errors import InputError
from .names import (LEVELS, _NAME_RE, _RASTER_RE)
from .quality import (read_quality_xml, read_confusion_csv)

gdal.UseExceptions()


# --- reader -----------------------------------------------------------------
class Product:
    """A product read back (see ``read_product``)."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.level = None
        self.site = None
        self.created = None
        self.start = None
        self.end = None
        self.tiles = []
        self.tile_rasters = {}
        self.mtd_path = None
        self.aux = {}
        self.quality = None
        self.parameters = {}
        self.inputs = []
        self.quality_source = None  # "QLT" or "CMX": the file ``quality`` was read from
        self.problems = []  # what could not be read, named for the user (the rest is still read)

    @property
    def tile(self):
        return self.tiles[0] if self.tiles else None

    @property
    def rasters(self):
        """{kind: path} of the first tile; the map under its code (CM/CT) and "MAP", flags under their
        code (MCMFLG/MCTFLG) and "FLG"."""
        return dict(self.tile_rasters.get(self.tile, {}))

    @property
    def map_path(self):
        return self.rasters.get("MAP")

    @property
    def raw_path(self):
        return self.rasters.get("RAW")

    @property
    def flags_path(self):
        return self.rasters.get("FLG")

    @property
    def confidence_path(self):
        return self.rasters.get("CNF")

    def __repr__(self):
        return "Product(%s %s, tiles=%s)" % (self.level, self.name, self.tiles)


# The product's MTD (a tile's is S2AGRI_L4x_MTD_V..._T{tile}.xml: not a product root)
_PRODUCT_MTD_RE = re.compile(r"^S2AGRI_L4[AB]_MTD_(?!.*_T[A-Za-z0-9]+\.xml$).*\.xml$", re.IGNORECASE)


def product_root(path):
    """The product folder holding ``path`` (the folder itself, its MTD xml or any file inside), or None."""
    path = os.path.abspath(path)
    d = path if os.path.isdir(path) else os.path.dirname(path)
    while True:
        if _NAME_RE.match(os.path.basename(d)):
            return d
        try:
            if any(_PRODUCT_MTD_RE.match(f) for f in os.listdir(d)):
                return d
        except OSError:
            pass
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _find(root, pattern, prefer="AUX_DATA"):
    rx = re.compile(pattern, re.IGNORECASE)
    hits = []
    for dirpath, _dirs, files in os.walk(root):
        for f in sorted(files):
            if rx.match(f):
                hits.append(os.path.join(dirpath, f))
    hits.sort(key=lambda p: (prefer not in p.split(os.sep), p))
    return hits[0] if hits else None


def _read_parameters(path):
    """{name: text} from our IPP (Parameter elements) or any XML (leaf elements by tag)."""
    root = ET.parse(path).getroot()
    named = root.findall(".//Parameter[@name]")
    if named:
        return {e.get("name"): (e.text or "") for e in named}
    params = {}
    for e in root.iter():
        if len(e) == 0 and (e.text or "").strip():
            key = e.tag if e.tag not in params else "%s_%d" % (e.tag, len(params))
            params[key] = e.text.strip()
    return params


def read_product(path):
    """Read an L4A / L4B product (ours or Sen2-Agri's) from its folder, its MTD xml or any file inside."""
    if not path or not os.path.exists(path):
        raise InputError("Product not found: %s", path)
    root = product_root(path)
    if root is None:
        raise InputError("%s is not a Sen2-Agri L4A / L4B product (no S2AGRI_L4A_PRD_... / S2AGRI_L4B_PRD_... "
                         "folder or S2AGRI_..._MTD_... file found).", path)
    p = Product(root)
    m = _NAME_RE.match(p.name)
    if m:
        p.level, p.site = m.group(1), m.group(2)
        p.created = datetime.datetime.strptime(m.group(3), "%Y%m%dT%H%M%S")
        p.start = datetime.datetime.strptime(m.group(4), "%Y%m%d").date()
        p.end = datetime.datetime.strptime(m.group(5), "%Y%m%d").date()
    top = [f for f in sorted(os.listdir(root)) if _PRODUCT_MTD_RE.match(f)]
    p.mtd_path = os.path.join(root, top[0]) if top else None
    if p.mtd_path:
        mm = re.match(r"^S2AGRI_(L4[AB])_MTD_(?:.*?V(\d{8})_(\d{8}))?", os.path.basename(p.mtd_path), re.IGNORECASE)
        p.level = p.level or mm.group(1).upper()
        if p.start is None and mm.group(2):
            p.start = datetime.datetime.strptime(mm.group(2), "%Y%m%d").date()
            p.end = datetime.datetime.strptime(mm.group(3), "%Y%m%d").date()
    tiles_dir = os.path.join(root, "TILES")
    for dirpath, _dirs, files in sorted(os.walk(tiles_dir if os.path.isdir(tiles_dir) else root)):
        for f in sorted(files):
            rm = _RASTER_RE.match(f)
            if not rm:
                continue
            level, code = rm.group(1).upper(), rm.group(2).upper()
            p.level = p.level or level
            tile = rm.group(4)
            if not tile:
                tm = re.search(r"_T([A-Za-z0-9]+)$", os.path.basename(os.path.dirname(dirpath)))
                tile = tm.group(1) if tm else ""
            if tile not in p.tile_rasters:
                p.tiles.append(tile)
                p.tile_rasters[tile] = {}
            full = os.path.join(dirpath, f)
            rasters = p.tile_rasters[tile]
            rasters[code] = full
            if code in ("CM", "CT"):
                rasters["MAP"] = full
            elif code in ("MCMFLG", "MCTFLG"):
                rasters["FLG"] = full
    if p.level is None:
        raise InputError("%s: cannot tell whether it is an L4A or an L4B product.", root)
    for code, ext in (("QLT", "xml"), ("IPP", "xml"), ("LUT", "txt"), ("ISD", "zip"), ("CMX", "csv")):
        found = _find(root, r"^S2AGRI_L4[AB]_%s_.*\.%s$" % (code, ext))
        if found:
            p.aux[code] = found
    if "QLT" in p.aux:
        try:
            p.quality = read_quality_xml(p.aux["QLT"])
            p.quality_source = "QLT" if p.quality is not None else None
        except (ET.ParseError, ValueError) as exc:
            p.problems.append("The quality XML %s cannot be read (%s): the figures are recomputed from the map "
                              "and the in situ polygons where possible." % (p.aux["QLT"], exc))
    if p.quality is None and "CMX" in p.aux:
        try:
            rows, cols, matrix = read_confusion_csv(p.aux["CMX"])
        except (OSError, ValueError) as exc:
            rows, cols, matrix = None, None, None
            p.problems.append("The confusion-matrix CSV %s cannot be read (%s)." % (p.aux["CMX"], exc))
        if matrix and rows == cols:
            from ..classify.metrics import quality_metrics

            qm = quality_metrics(np.asarray(matrix), rows)
            p.quality = dict(qm.to_dict(), column_labels=cols, kappa=qm.kappa, accuracy=qm.accuracy,
                             root=LEVELS[p.level]["root"])
            p.quality_source = "CMX"
    if p.mtd_path:
        try:
            mtd = ET.parse(p.mtd_path).getroot()
        except ET.ParseError:
            mtd = None
        if mtd is not None:
            # ours: Crop_Mapper_Info (older products of ours: the same elements at the root)
            ours = mtd.find("Crop_Mapper_Info")
            ours = mtd if ours is None else ours
            p.inputs = [dict(e.attrib, source=(e.text or "").strip()) for e in ours.iter("Input")]
            site = ours.find("General_Info/Site")
            if p.site is None and site is not None:
                p.site = site.text
            p.parameters = {e.get("name"): (e.text or "") for e in ours.findall("Parameters/Parameter")}
    if "IPP" in p.aux:
        try:
            p.parameters.update(_read_parameters(p.aux["IPP"]))
            if not p.inputs:  # Sen2-Agri lists the input products in the IPP only: Tiles/Tile/Inputs/Input
                ipp = ET.parse(p.aux["IPP"]).getroot()
                for tile in ipp.iter("Tile"):
                    tid = (tile.findtext("Id") or "").strip()
                    p.inputs += [{"source": (e.text or "").strip(), "tile": tid} for e in tile.iter("Input")]
                site = ipp.findtext("SiteId")
                if p.site is None and site:
                    p.site = site.strip()
        except ET.ParseError:
            pass
    return p


def resolve_crop_mask(path):
    """The crop mask raster to apply: ``path`` itself when it is a raster file (inside a product or not),
    else the CM raster of the L4A product it designates (its folder or MTD xml). InputError for an L4B
    product or a product without a mask raster."""
    if not path or not os.path.exists(path):
        raise InputError("Crop mask not found: %s", path)
    if os.path.isfile(path) and not path.lower().endswith(".xml"):
        return path
    product = read_product(path)
    if product.level != "L4A":
        raise InputError("%s is a crop type (L4B) product: give a crop mask (L4A) product or a mask raster.", path)
    if not product.map_path:
        raise InputError("The crop mask product %s holds no CM raster.", product.path)
    return product.map_path
