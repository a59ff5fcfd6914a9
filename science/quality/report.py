"""The HTML quality report of one L4A / L4B product: one self-contained file (pictures embedded as data URIs,
plain CSS) that reads in any browser without QGIS.

What it shows: the product's name, site, tile and period; the input images the product records; the
processing parameters (IPP); the confusion matrix (table and heat map); per-class precision, recall, F-score
and support (table and bar chart) with the legend names of the product's LUT; the overall accuracy with its
95 % interval (bootstrap over the validation polygons), kappa and the accuracy of the majority map (every
pixel the most frequent reference class) on the same validation pixels; the raw map's accuracy beside the
final one (crop type: unmasked; crop mask: before post-processing); the quality-layer summary
(``layers.summarize``); a quick-look of the map in its LUT colours. Warnings stand out at the top: the map does
not beat the majority map; a class is validated on fewer than 2 polygons or 100 pixels; the figures
recomputed from the in situ polygons differ from the quality XML; a part of the product is missing.

The figures shown are the quality XML's (QLT, or the CMX CSV when there is no QLT). The validation is also
recomputed from the rasters: the validation polygons of the product's ISD zip (``validation.read_isd``) are
counted on the map (``validation.from_map``, pixel centre inside, nodata left out); that gives the interval
(when the XML has none), the polygons per class and the check that the XML and the rasters agree. When they
differ, both are shown with a warning.

API
---
``write_report(product, out_html=None, seed=0, n_boot=1000, min_valid_dates=3, memory_mb=256, reporter=None)``
    -> dict: ``html`` (the path written), ``product`` (folder), ``level``, ``quality_source`` ("QLT", "CMX",
    "recomputed" or None), ``assessment`` (accuracy, kappa, ci_low, ci_high, majority_label,
    majority_accuracy, beats_majority, polygons_per_class, pixels_per_class, warnings, interval_source),
    ``raw_assessment`` (the same for the raw map, or None), ``recomputed`` (accuracy, kappa, ci_low,
    ci_high, labels, confusion_matrix, matches_xml; or None without in situ polygons), ``summary``
    (``QualitySummary.to_dict()`` or None), ``warnings`` and ``missing`` (text lines).
    ``product``: a Product or a path (folder, MTD or any file inside). ``out_html`` defaults to
    ``AUX_DATA/S2AGRI_{level}_QRP_V{start}_{end}.html`` in the product. The file is written to a temporary
    file beside it and renamed into place: an unwritable path raises InputError naming it, and nothing is
    left half-written.
``default_path(product)``: that default path.
"""
import base64
import datetime
import html
import math
import os
import re
import tempfile

import numpy as np
from osgeo import gdal

from ..classify.metrics import quality_metrics
from ..errors import InputError
from ..progress import Reporter
from ..products import (COLOURS, LEVELS, NODATA, Product, code_colour, read_confusion_csv, read_lut,
                        read_product)
from ..products.preview import encoded
from . import charts, layers, validation

gdal.UseExceptions()

QUICKLOOK_PX = 800      # long side of the quick-look at most
TOLERANCE = 1.5e-6      # the XML holds 6 decimals
_PERIOD_RE = re.compile(r"_(V\d{8}_\d{8})(?:_|\.|$)")


# --- reading the product ----------------------------------------------------------------
def _load(product):
    """(Product, problems): what the reader could not read (e.g. a quality XML that does not parse) is named
    and the rest of the product still reported."""
    if not isinstance(product, Product):
        product = read_product(product)
    return product, list(product.problems)


def _period(product):
    """The V{start}_{end} part of the product's names."""
    for name in [product.name, os.path.basename(product.mtd_path or "")] + \
            [os.path.basename(v) for v in product.rasters.values()]:
        m = _PERIOD_RE.search(name)
        if m:
            return m.group(1)
    if product.start and product.end:
        return "V%s_%s" % (product.start.strftime("%Y%m%d"), product.end.strftime("%Y%m%d"))
    return "V00000000_00000000"


def default_path(product):
    """AUX_DATA/S2AGRI_{level}_QRP_{period}.html in the product folder."""
    if not isinstance(product, Product):
        product = read_product(product)
    return os.path.join(product.path, "AUX_DATA", "S2AGRI_%s_QRP_%s.html" % (product.level, _period(product)))


def _legend(product):
    """{value: (name or None, (r, g, b))} from the LUT, with the level's default class names and colours."""
    entries = {value: (name, rgb) for value, name, rgb in read_lut(product.aux.get("LUT"))}
    defaults = ({0: "non-crop", 1: "crop"} if product.level == "L4A" else {0: "not crop"})
    colours = ({0: COLOURS["noncrop"], 1: COLOURS["crop"]} if product.level == "L4A"
               else {0: COLOURS["notcrop_type"]})
    for value, name in defaults.items():
        if value not in entries:
            entries[value] = (name, _rgb(colours[value]))
        elif entries[value][0] is None:
            entries[value] = (name, entries[value][1])
    return entries


def _rgb(colour):
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _name(legend, value):
    entry = legend.get(value)
    return entry[0] if entry and entry[0] else None


def _label(legend, value):
    name = _name(legend, value)
    return "%s %s" % (value, name) if name else str(value)


# --- the figures ------------------------------------------------------------------------------
def _finite(v):
    return v is not None and isinstance(v, (int, float, np.integer, np.floating)) and math.isfinite(float(v))


def _xml_quality(product, problems):
    """{labels, column_labels, cm, precision, recall, fscore, support, accuracy, kappa, not_validated} from the
    QLT (or the CMX CSV), with the source, or (None, None)."""
    q = product.quality
    source = product.quality_source
    if q is None and "CMX" in product.aux:
        try:
            rows, cols, matrix = read_confusion_csv(product.aux["CMX"])
            q = {"labels": rows, "column_labels": cols, "confusion_matrix": matrix}
            source = "CMX"
        except (OSError, ValueError) as exc:
            problems.append("The confusion-matrix CSV %s cannot be read (%s)." % (product.aux["CMX"], exc))
    if q is None:
        return None, None
    labels = list(q.get("labels") or [])
    cols = list(q.get("column_labels") or labels)
    matrix = q.get("confusion_matrix") or []
    cm = np.asarray(matrix, dtype=np.int64) if matrix else np.zeros((0, 0), np.int64)
    if not labels or cm.shape != (len(labels), len(cols)):
        problems.append("The quality file %s holds no usable confusion matrix (%d reference labels, %d produced "
                        "labels, a %s matrix)." % (product.aux.get(source, source), len(labels), len(cols),
                                                   "x".join(str(n) for n in cm.shape) or "empty"))
        return None, None
    out = {"labels": labels, "column_labels": cols, "cm": cm, "not_validated": list(q.get("not_validated") or [])}
    computed = quality_metrics(cm, labels, out["not_validated"]) if labels == cols else None
    filled = []
    for key in ("precision", "recall", "fscore", "support"):
        given = dict(q.get(key) or {})
        values = {}
        for lab in labels:
            if lab in given and (_finite(given[lab]) or computed is None):
                values[lab] = given[lab]
            elif computed is not None:
                values[lab] = getattr(computed, key)[lab]
                if lab in given or source == "QLT":
                    filled.append("%s of %s" % (key, lab))
            else:
                values[lab] = math.nan
        out[key] = values
    for key in ("accuracy", "kappa"):
        value = q.get(key, math.nan)
        if not _finite(value) and computed is not None:
            value = getattr(computed, key)
            if source == "QLT" and not (key == "kappa" and not _finite(value)):
                filled.append(key)
        out[key] = float(value) if _finite(value) else math.nan
    if filled and source == "QLT":
        problems.append("The quality XML lacks %s: computed from its confusion matrix." % ", ".join(filled))
    return out, source


def _aligned(cm_a, labels_a, cm_b, labels_b):
    """True when two confusion matrices hold the same counts for every (reference, produced) label pair."""
    def cells(cm, labels):
        return {(labels[i], labels[j]): int(cm[i, j]) for i in range(len(labels)) for j in range(len(labels))
                if cm[i, j]}

    return cells(np.asarray(cm_a), list(labels_a)) == cells(np.asarray(cm_b), list(labels_b))


def _rule_warnings(accuracy, majority_label, majority_accuracy, labels, polygons, pixels, not_validated, legend,
                   what="The map"):
    """The warnings of validation.assess, on the figures shown."""
    out = []
    if _finite(accuracy) and _finite(majority_accuracy) and accuracy <= majority_accuracy:
        out.append("%s does not beat a map that says '%s' everywhere: overall accuracy %.3f against %.3f for "
                   "that constant map on the same validation pixels."
                   % (what, _label(legend, majority_label), accuracy, majority_accuracy))
    for lab in labels:
        n_pix = int(pixels.get(lab, 0))
        n_poly = polygons.get(lab) if polygons is not None else None
        if lab in not_validated or (n_pix == 0 and not n_poly):
            continue
        if n_poly is None:
            if n_pix < validation.MIN_PIXELS:
                out.append("Class %s is validated on %d pixels (fewer than %d; its polygons are not known): its "
                           "figures say little." % (_label(legend, lab), n_pix, validation.MIN_PIXELS))
        elif n_poly < validation.MIN_POLYGONS or n_pix < validation.MIN_PIXELS:
            out.append("Class %s is validated on %d polygon%s and %d pixels (fewer than %d polygons or %d pixels): "
                       "its figures say little." % (_label(legend, lab), n_poly, "" if n_poly == 1 else "s", n_pix,
                                                    validation.MIN_POLYGONS, validation.MIN_PIXELS))
    return out


def _recompute(raster, val, labels, crs, not_validated, seed, n_boot, memory_mb, reporter):
    pv = validation.from_map(raster, val, labels, crs, memory_mb, reporter)
    q = quality_metrics(pv.cm, pv.labels, [v for v in not_validated if v in pv.labels])
    a = validation.assess(q, pv, seed, n_boot)
    return {"accuracy": q.accuracy, "kappa": q.kappa, "ci_low": a.ci_low, "ci_high": a.ci_high,
            "majority_label": a.majority_label, "majority_accuracy": a.majority_accuracy,
            "polygons_per_class": a.polygons_per_class, "pixels_per_class": a.pixels_per_class,
            "labels": list(pv.labels), "confusion_matrix": pv.cm.tolist(), "quality": q,
            "n_polygons": int(np.sum(pv.counts.sum(axis=1) > 0)), "pixels": int(pv.cm.sum())}


def _close(a, b):
    if not _finite(a) and not _finite(b):
        return True
    return _finite(a) and _finite(b) and abs(float(a) - float(b)) <= TOLERANCE


# --- the quick-look ---------------------------------------------------------------------------
def quicklook_png(map_path, legend, max_px=QUICKLOOK_PX):
    """PNG bytes of the map in its legend colours (nodata transparent), at most ``max_px`` on the long side,
    read decimated strip by strip (nearest neighbour): never the whole raster in memory."""
    ds = gdal.Open(map_path)
    band = ds.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    width, height = ds.RasterXSize, ds.RasterYSize
    scale = max(1.0, max(width, height) / float(max_px))
    ow, oh = max(1, int(round(width / scale))), max(1, int(round(height / scale)))
    small = np.empty((oh, ow), dtype=np.float64)
    step = 64
    for o0 in range(0, oh, step):
        o1 = min(oh, o0 + step)
        s0, s1 = int(o0 * height // oh), int(o1 * height // oh)
        s1 = max(s1, s0 + 1)
        small[o0:o1] = band.ReadAsArray(0, s0, width, s1 - s0, buf_xsize=ow, buf_ysize=o1 - o0)
    band = ds = None
    bad = ~np.isfinite(small) | (small == NODATA)
    if nodata is not None:
        bad |= small == nodata
    values = sorted(int(v) for v in np.unique(small[~bad]))[:254]
    index = np.zeros(small.shape, dtype=np.uint8)
    table = gdal.ColorTable()
    table.SetColorEntry(0, (0, 0, 0, 0))
    for i, v in enumerate(values):
        index[(small == v) & ~bad] = i + 1
        rgb = legend[v][1] if v in legend else _rgb(code_colour(v))
        table.SetColorEntry(i + 1, tuple(rgb) + (255,))
    mem = gdal.GetDriverByName("MEM").Create("", ow, oh, 1, gdal.GDT_Byte)
    mem.GetRasterBand(1).WriteArray(index)
    mem.GetRasterBand(1).SetRasterColorTable(table)
    mem.GetRasterBand(1).SetRasterColorInterpretation(gdal.GCI_PaletteIndex)
    data = encoded(mem, "PNG")
    mem = None
    return data, values, (ow, oh), (width, height)


# --- HTML helpers ----------------------------------------------------------------------------
CSS = """
body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1000px;
       padding: 0 16px; line-height: 1.4; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; margin-top: 1.8em;
       border-bottom: 1px solid #ccc; padding-bottom: 3px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
.path { word-break: break-all; }
span.date { white-space: nowrap; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.diag td.diag { font-weight: bold; }
.warning { background: #fdecea; border: 2px solid #c62828; border-radius: 4px; padding: 8px 14px; margin: 12px 0; }
.warning h3 { color: #b71c1c; margin: 2px 0 6px 0; font-size: 1.05em; }
.ok { background: #e8f5e9; border: 2px solid #2e7d32; border-radius: 4px; padding: 8px 14px; margin: 12px 0; }
.missing { background: #fff8e1; border: 2px solid #f9a825; border-radius: 4px; padding: 8px 14px; margin: 12px 0; }
.missing h3 { color: #8d6e00; margin: 2px 0 6px 0; font-size: 1.05em; }
.note { color: #555; font-size: 0.9em; } .swatch { display: inline-block; width: 14px; height: 14px;
       border: 1px solid #888; vertical-align: middle; margin-right: 4px; }
img.chart { display: block; margin: 8px 0; max-width: 100%; }
img.quicklook { border: 1px solid #999; image-rendering: pixelated; max-width: 100%;
       background: repeating-conic-gradient(#eee 0% 25%, #fff 0% 50%) 50% / 16px 16px; }
details summary { cursor: pointer; color: #1565c0; }
"""


def _e(text):
    return html.escape("" if text is None else str(text))


def _n(value, digits=4):
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if not _finite(value):
        return "n/a"
    return ("%." + str(digits) + "f") % float(value)


def _fig(key, value, digits=4, text=None):
    """A figure with its exact value in a data attribute (for scripts and tests)."""
    exact = repr(float(value)) if _finite(value) else "nan"
    return '<span class="fig" id="%s" data-value="%s">%s</span>' % (_e(key), exact,
                                                                     _e(text) if text else _n(value, digits))


def _table(head, rows, num_cols=()):
    out = ["<table><tr>%s</tr>" % "".join("<th>%s</th>" % _e(h) for h in head)]
    for row in rows:
        cells = []
        for k, cell in enumerate(row):
            raw = cell[0] if isinstance(cell, tuple) else None
            text = raw if raw is not None else _e(cell)
            cells.append('<td class="num">%s</td>' % text if k in num_cols else "<td>%s</td>" % text)
        out.append("<tr>%s</tr>" % "".join(cells))
    out.append("</table>")
    return "".join(out)


def _img(svg, alt):
    return '<img class="chart" alt="%s" src="%s">' % (_e(alt), charts.svg_data_uri(svg))


def _value(text, limit=240):
    text = "" if text is None else str(text)
    if len(text) <= limit:
        return (_e(text),)
    return ("<details><summary>%s&hellip; (%d characters)</summary><code>%s</code></details>"
            % (_e(text[:limit]), len(text), _e(text)),)


def _path(text):
    """A path that may break anywhere (raw HTML cell)."""
    return ('<span class="path">%s</span>' % _e(text),)


def _pct(share):
    return "n/a" if not _finite(share) else "%.1f %%" % (100.0 * share)


# --- the report --------------------------------------------------------------------------------
def write_report(product, out_html=None, seed=0, n_boot=validation.N_BOOT, min_valid_dates=3, memory_mb=256,
                 reporter=None):
    """Write the HTML quality report of ``product`` (see the module docstring); returns its figures."""
    reporter = reporter or Reporter()
    product, problems = _load(product)
    missing = list(problems)
    level_info = LEVELS.get(product.level, {"title": "product", "map": "MAP", "flags": "FLG"})
    out_html = os.path.abspath(out_html) if out_html else default_path(product)
    _check_target(product, out_html)
    legend = _legend(product)
    reporter.info("Quality report of %s", product.name)

    # the product's own figures (QLT XML / CMX CSV)
    xq, source = _xml_quality(product, missing)
    xml_assessment = (product.quality or {}).get("assessment") if source == "QLT" else None
    xml_raw = (product.quality or {}).get("raw") if source == "QLT" else None
    if "QLT" not in product.aux and not problems:
        missing.append("No quality XML (AUX_DATA/S2AGRI_%s_QLT_%s.xml)%s." % (
            product.level, _period(product), ": the confusion matrix is read from the CMX CSV" if source == "CMX"
            else ""))

    # recomputation from the rasters and the validation polygons
    recomputed = raw_re = None
    val = crs = None
    map_path, raw_path = product.map_path, product.raw_path
    if not map_path:
        missing.append("No %s map raster (TILES/.../IMG_DATA/S2AGRI_%s_%s_...TIF): no quick-look, no recomputation."
                       % (level_info["title"], product.level, level_info["map"]))
    if "ISD" not in product.aux:
        missing.append("No in situ polygons (AUX_DATA/S2AGRI_%s_ISD_%s.zip): the validation cannot be recomputed "
                       "and the polygons per class are unknown." % (product.level, _period(product)))
    else:
        try:
            _train, val, _field, crs = validation.read_isd(product.aux["ISD"])
        except InputError as exc:
            missing.append("The in situ polygons cannot be read: %s" % exc)
            val = None
        if val is not None and not val:
            missing.append("The in situ zip %s holds no validation polygon (SPLIT = 'validation')."
                           % product.aux["ISD"])
            val = None
    labels_hint = xq["labels"] if xq else None
    not_validated = xq["not_validated"] if xq else []
    if val and map_path:
        reporter.info("Recomputing the validation from %d validation polygons on the map", len(val))
        try:
            recomputed = _recompute(map_path, val, labels_hint, crs, not_validated, seed, n_boot, memory_mb,
                                    reporter.sub(0.0, 0.3))
        except RuntimeError as exc:
            missing.append("The map %s cannot be read: %s" % (map_path, exc))
    if val and raw_path:
        try:
            raw_re = _recompute(raw_path, val, labels_hint, crs, not_validated, seed, n_boot, memory_mb,
                                reporter.sub(0.3, 0.55))
        except RuntimeError as exc:
            missing.append("The raw map %s cannot be read: %s" % (raw_path, exc))

    warnings = []
    # the figures shown: the XML's, else the recomputation
    if xq is None and recomputed is not None:
        rq = recomputed["quality"]
        xq = {"labels": rq.labels, "column_labels": rq.labels, "cm": rq.cm, "not_validated": rq.not_validated,
              "precision": rq.precision, "recall": rq.recall, "fscore": rq.fscore, "support": rq.support,
              "accuracy": rq.accuracy, "kappa": rq.kappa}
        source = "recomputed"
        warnings.append("The product holds no readable confusion matrix: every figure below is recomputed from "
                        "the map and the validation polygons of the in situ zip.")
    matches = None
    if recomputed is not None and source in ("QLT", "CMX"):
        matches = (_aligned(xq["cm"], xq["labels"], recomputed["confusion_matrix"], recomputed["labels"])
                   if xq["labels"] == xq["column_labels"] else False)
        matches = matches and _close(xq["accuracy"], recomputed["accuracy"]) and \
            _close(xq["kappa"], recomputed["kappa"])
        if not matches:
            warnings.append("The validation recomputed from the in situ polygons and the map differs from the "
                            "product's quality file: overall accuracy %s (%s) against %s recomputed, kappa %s "
                            "against %s, %d against %d validation pixels. Both are shown below; the product's "
                            "figures may be stale or the rasters changed."
                            % (_n(xq["accuracy"]), source, _n(recomputed["accuracy"]), _n(xq["kappa"]),
                               _n(recomputed["kappa"]), int(xq["cm"].sum()), recomputed["pixels"]))
    if recomputed is not None:
        recomputed["matches_xml"] = matches

    assessment = None
    if xq is not None:
        assessment = _assessment(xq, xml_assessment, recomputed, matches, source, legend)
        warnings.extend(w for w in assessment["warnings"] if w not in warnings)
    raw_assessment = _raw_assessment(product, xml_raw, raw_re, xq, legend, warnings)

    summary = None
    try:
        summary = layers.summarize(product, min_valid_dates, None, memory_mb, reporter.sub(0.55, 0.85))
    except InputError as exc:
        missing.append("Quality layers: %s" % exc)
    except RuntimeError as exc:
        missing.append("Quality layers: cannot read the rasters (%s)." % exc)

    quicklook = None
    if map_path:
        try:
            quicklook = quicklook_png(map_path, legend)
        except RuntimeError as exc:
            missing.append("Quick-look: cannot read the map %s (%s)." % (map_path, exc))
    reporter.progress(0.9)

    page = _html(product, level_info, legend, xq, source, assessment, raw_assessment, recomputed, raw_re,
                 summary, quicklook, warnings, missing, seed, n_boot)
    _write_atomic(out_html, page)
    reporter.progress(1.0)
    _log(reporter, product, assessment, raw_assessment, warnings, missing, out_html)
    public = lambda d: None if d is None else {k: v for k, v in d.items() if k != "quality"}  # noqa: E731
    return {"html": out_html, "product": product.path, "level": product.level, "quality_source": source,
            "assessment": assessment, "raw_assessment": raw_assessment, "recomputed": public(recomputed),
            "raw_recomputed": public(raw_re), "summary": summary.to_dict() if summary else None,
            "warnings": warnings, "missing": missing}


def _assessment(xq, xml_a, recomputed, matches, source, legend):
    labels = xq["labels"]
    cm = xq["cm"]
    pixels = {lab: int(v) for lab, v in zip(labels, cm.sum(axis=1))}
    major_label, major_acc = validation.majority_baseline(cm, labels) if cm.size else (None, math.nan)
    a = {"accuracy": xq["accuracy"], "kappa": xq["kappa"], "ci_low": math.nan, "ci_high": math.nan,
         "interval_source": None, "majority_label": major_label, "majority_accuracy": major_acc,
         "polygons_per_class": None, "pixels_per_class": pixels}
    usable = recomputed is not None and (matches or source == "recomputed")
    if xml_a and _finite(xml_a.get("ci_low")):
        a.update(ci_low=xml_a["ci_low"], ci_high=xml_a["ci_high"],
                 interval_source="quality XML (seed %s, %s replicates)" % (xml_a.get("seed"), xml_a.get("n_boot")))
    elif recomputed is not None:
        a.update(ci_low=recomputed["ci_low"], ci_high=recomputed["ci_high"],
                 interval_source="recomputed" + ("" if usable else " (on the recomputed pixels, which differ)"))
    if xml_a and xml_a.get("majority_label") is not None and _finite(xml_a.get("majority_accuracy")):
        a["majority_label"], a["majority_accuracy"] = xml_a["majority_label"], xml_a["majority_accuracy"]
    if xml_a and xml_a.get("polygons_per_class"):
        a["polygons_per_class"] = dict(xml_a["polygons_per_class"])
    elif recomputed is not None:
        a["polygons_per_class"] = dict(recomputed["polygons_per_class"])
    a["beats_majority"] = bool(_finite(a["accuracy"]) and _finite(a["majority_accuracy"])
                               and a["accuracy"] > a["majority_accuracy"])
    a["warnings"] = _rule_warnings(a["accuracy"], a["majority_label"], a["majority_accuracy"], labels,
                                   a["polygons_per_class"], pixels, xq["not_validated"], legend)
    return a


def _raw_assessment(product, xml_raw, raw_re, xq, legend, warnings):
    what = "The raw crop type map (unmasked)" if product.level == "L4B" else "The raw mask (before post-processing)"
    if xml_raw is None and raw_re is None:
        return None
    r = {"what": what, "accuracy": math.nan, "kappa": math.nan, "ci_low": math.nan, "ci_high": math.nan,
         "majority_label": None, "majority_accuracy": math.nan, "source": None}
    if raw_re is not None:
        r.update({k: raw_re[k] for k in ("accuracy", "kappa", "ci_low", "ci_high", "majority_label",
                                         "majority_accuracy")})
        r["source"] = "recomputed"
    if xml_raw is not None:
        if raw_re is not None and not (_close(xml_raw.get("accuracy"), raw_re["accuracy"])
                                       and _close(xml_raw.get("kappa"), raw_re["kappa"])):
            warnings.append("%s: the quality XML gives overall accuracy %s and kappa %s, the recomputation from the "
                            "raster %s and %s. Both are shown below."
                            % (what, _n(xml_raw.get("accuracy")), _n(xml_raw.get("kappa")), _n(raw_re["accuracy"]),
                               _n(raw_re["kappa"])))
            r["recomputed_accuracy"], r["recomputed_kappa"] = raw_re["accuracy"], raw_re["kappa"]
        r.update(accuracy=xml_raw.get("accuracy", math.nan), kappa=xml_raw.get("kappa", math.nan), source="QLT")
        if _finite(xml_raw.get("ci_low")):
            r.update(ci_low=xml_raw["ci_low"], ci_high=xml_raw["ci_high"])
    if not _finite(r["majority_accuracy"]) and xq is not None and xq["cm"].size:
        r["majority_label"], r["majority_accuracy"] = validation.majority_baseline(xq["cm"], xq["labels"])
    r["beats_majority"] = bool(_finite(r["accuracy"]) and _finite(r["majority_accuracy"])
                               and r["accuracy"] > r["majority_accuracy"])
    return r


def _check_target(product, path):
    """InputError before any work when the report cannot go to ``path``."""
    if os.path.isdir(path):
        raise InputError("The report path %s is a folder: give a file name ending in .html.", path)
    layers.check_output(product, path, "report", sidecar=False)
    folder = os.path.dirname(path)
    probe = folder
    while probe and not os.path.exists(probe):
        probe = os.path.dirname(probe)
    if probe and not os.path.isdir(probe):  # two templates: each is translated whole
        raise InputError("Cannot write the report %s: %s is not a folder.", path, probe)
    if probe and not os.access(probe, os.W_OK):
        raise InputError("Cannot write the report %s: %s is not writable.", path, probe)


def _write_atomic(path, text):
    folder = os.path.dirname(path)
    tmp = None
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".part", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        raise InputError("Cannot write the report %s: %s", path, exc.strerror or exc) from exc
    finally:
        if tmp and os.path.exists(tmp):
            os.remove(tmp)


def _log(reporter, product, a, raw, warnings, missing, path):
    if a is not None:
        reporter.info("Overall accuracy %s (95 %% interval %s-%s), kappa %s; a map saying '%s' everywhere: %s",
                      _n(a["accuracy"]), _n(a["ci_low"]), _n(a["ci_high"]), _n(a["kappa"]),
                      a["majority_label"], _n(a["majority_accuracy"]))
    if raw is not None:
        reporter.info("%s: overall accuracy %s (95 %% interval %s-%s), kappa %s",
                      raw["what"], _n(raw["accuracy"]), _n(raw["ci_low"]), _n(raw["ci_high"]), _n(raw["kappa"]))
    for text in warnings:
        reporter.warn(text)
    for text in missing:
        reporter.warn(text)
    reporter.info("Report written: %s", path)


# --- the page ------------------------------------------------------------------------------------
def _html(product, info, legend, xq, source, a, raw, recomputed, raw_re, summary, quicklook, warnings, missing,
          seed, n_boot):
    title = "Quality report: %s" % product.name
    out = ["<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title><style>%s</style>"
           "</head><body>" % (_e(title), CSS)]
    out.append("<h1>%s</h1><p class=\"note\">%s (%s) &middot; report written %s by Crop Mapper</p>"
               % (_e(product.name), _e(info["title"]), _e(product.level),
                  _e(datetime.datetime.now().replace(microsecond=0).isoformat(sep=" "))))
    period = "%s to %s" % (product.start.isoformat(), product.end.isoformat()) if product.start and product.end \
        else _period(product)
    out.append(_table(["Product", ""], [
        ["Name", product.name], ["Level", "%s (%s)" % (product.level, info["title"])], ["Site", product.site],
        ["Tile" if len(product.tiles) <= 1 else "Tiles", ", ".join(product.tiles) or "n/a"], ["Period", period],
        ["Created", product.created.isoformat(sep=" ") if product.created else "n/a"],
        ["Folder", _path(product.path)],
        ["Figures from", {"QLT": ("the quality XML " + _path(product.aux.get("QLT"))[0],),
                          "CMX": ("the confusion-matrix CSV " + _path(product.aux.get("CMX"))[0],),
                          "recomputed": "a recomputation (no quality file)"}
         .get(source, "nothing: no quality file and no in situ polygons")]]))
    if warnings:
        out.append('<div class="warning" id="warnings"><h3>Warnings</h3><ul>%s</ul></div>'
                   % "".join("<li>%s</li>" % _e(w) for w in warnings))
    elif a is not None:
        out.append('<div class="ok" id="no-warnings">The map beats the majority map and every validated class rests '
                   'on at least %d polygons and %d pixels.</div>' % (validation.MIN_POLYGONS, validation.MIN_PIXELS))
    if missing:
        out.append('<div class="missing" id="missing"><h3>Missing or unreadable in the product</h3><ul>%s</ul></div>'
                   % "".join("<li>%s</li>" % _e(m) for m in missing))
    out.append(_accuracy_section(product, legend, xq, source, a, raw, recomputed, seed, n_boot))
    if xq is not None:
        out.append(_matrix_section(legend, xq, recomputed, source))
        out.append(_class_section(legend, xq, a))
    out.append(_layers_section(summary, legend))
    out.append(_quicklook_section(product, legend, quicklook))
    out.append(_inputs_section(product))
    out.append(_parameters_section(product))
    out.append("<p class=\"note\">Validation pixels are the map pixels whose centre lies inside a validation polygon "
               "(nodata left out). The 95 %% interval of the overall accuracy resamples whole validation polygons "
               "within each class (%s replicates, seed %s), since the pixels of one field are not independent. "
               "The majority map gives every pixel the most frequent reference class.</p>"
               % (_e(n_boot), _e(seed)))
    out.append("</body></html>\n")
    return "".join(out)


def _accuracy_section(product, legend, xq, source, a, raw, recomputed, seed, n_boot):
    out = ["<h2>Accuracy</h2>"]
    if a is None:
        out.append("<p>No accuracy figures: the product holds no quality file and its validation cannot be "
                   "recomputed.</p>")
        return "".join(out)
    n_poly = sum(a["polygons_per_class"].values()) if a["polygons_per_class"] else None
    rows = [["Final map (%s)" % LEVELS.get(product.level, {}).get("map", "map"),
             (_fig("oa", a["accuracy"]),), (_fig("oa-low", a["ci_low"]) + " &ndash; " + _fig("oa-high", a["ci_high"]),),
             (_fig("kappa", a["kappa"]),), int(xq["cm"].sum()), "n/a" if n_poly is None else n_poly]]
    if raw is not None:
        rows.append([raw["what"][4:].capitalize(), (_fig("raw-oa", raw["accuracy"]),),
                     (_fig("raw-oa-low", raw["ci_low"]) + " &ndash; " + _fig("raw-oa-high", raw["ci_high"]),),
                     (_fig("raw-kappa", raw["kappa"]),), "", ""])
    rows.append(["Majority map ('%s' everywhere)" % _label(legend, a["majority_label"]),
                 (_fig("majority-oa", a["majority_accuracy"]),), "", "0 (by definition)", int(xq["cm"].sum()), ""])
    out.append(_table(["Map", "Overall accuracy", "95 % interval", "Kappa", "Validation pixels",
                       "Validation polygons"], rows, num_cols=(1, 2, 3, 4, 5)))
    verdict = ("beats" if a["beats_majority"] else "does <b>not</b> beat")
    out.append("<p>The map %s the majority map (%s against %s). Interval: %s.</p>"
               % (verdict, _n(a["accuracy"]), _n(a["majority_accuracy"]), _e(a["interval_source"] or "not available")))
    cats, values, errors = ["final map"], [a["accuracy"]], [(a["ci_low"], a["ci_high"])]
    if raw is not None:
        cats.append("raw map")
        values.append(raw["accuracy"])
        errors.append((raw["ci_low"], raw["ci_high"]))
    cats.append("majority map")
    values.append(a["majority_accuracy"])
    errors.append(None)
    out.append(_img(charts.bar_chart_svg(cats, {"overall accuracy": values}, title="Overall accuracy (95 % interval)",
                                         y_label="overall accuracy", y_max=1.0, errors={"overall accuracy": errors}),
                    "overall accuracy chart"))
    if recomputed is not None and source in ("QLT", "CMX"):
        mark = "the same" if recomputed.get("matches_xml") else "<b>different</b>"
        out.append("<h3>Check against the rasters</h3><p>Recomputed from the %d validation polygons of the in situ "
                   "zip counted on the map: %s.</p>" % (recomputed["n_polygons"], mark))
        out.append(_table(["", "Overall accuracy", "Kappa", "Validation pixels", "95 %% interval (recomputed, seed "
                           "%s)" % seed], [
            ["Quality file (%s)" % source, _n(xq["accuracy"]), _n(xq["kappa"]), int(xq["cm"].sum()), ""],
            ["Recomputed", (_fig("re-oa", recomputed["accuracy"]),), (_fig("re-kappa", recomputed["kappa"]),),
             recomputed["pixels"], ("%s &ndash; %s" % (_n(recomputed["ci_low"]), _n(recomputed["ci_high"])),)]],
            num_cols=(1, 2, 3, 4)))
    if raw is not None and "recomputed_accuracy" in raw:
        out.append("<p>%s recomputed from the raster: overall accuracy %s, kappa %s (the quality XML: %s, %s).</p>"
                   % (_e(raw["what"]), _n(raw["recomputed_accuracy"]), _n(raw["recomputed_kappa"]),
                      _n(raw["accuracy"]), _n(raw["kappa"])))
    return "".join(out)


def _matrix_section(legend, xq, recomputed, source):
    labels, cols, cm = xq["labels"], xq["column_labels"], xq["cm"]
    out = ["<h2>Confusion matrix</h2><p class=\"note\">Rows: reference (validation polygons); columns: produced "
           "(the map). Counts of validation pixels.</p>"]
    head = ["Reference \\ Produced"] + [_label(legend, c) for c in cols] + ["Total"]
    rows = []
    for i, lab in enumerate(labels):
        cells = [_label(legend, lab)] + [int(v) for v in cm[i]] + [int(cm[i].sum())]
        rows.append(cells)
    rows.append(["Total"] + [int(v) for v in cm.sum(axis=0)] + [int(cm.sum())])
    out.append('<div id="confusion-matrix">%s</div>' % _table(head, rows, num_cols=tuple(range(1, len(cols) + 2))))
    if cm.size:
        out.append(_img(charts.heatmap_svg(cm.tolist(), [_label(legend, v) for v in labels],
                                           [_label(legend, v) for v in cols], title="Confusion matrix (share of "
                                           "each reference class)"), "confusion matrix heat map"))
    if recomputed is not None and source in ("QLT", "CMX") and not recomputed.get("matches_xml"):
        rl = recomputed["labels"]
        rcm = np.asarray(recomputed["confusion_matrix"])
        out.append("<h3>Recomputed confusion matrix (differs from the quality file)</h3>")
        out.append(_table(["Reference \\ Produced"] + [_label(legend, c) for c in rl],
                          [[_label(legend, lab)] + [int(v) for v in rcm[i]] for i, lab in enumerate(rl)],
                          num_cols=tuple(range(1, len(rl) + 1))))
    return "".join(out)


def _class_section(legend, xq, a):
    labels = xq["labels"]
    polygons = a["polygons_per_class"] if a else None
    out = ["<h2>Per-class figures</h2>"]
    rows = []
    for lab in labels:
        n_poly = polygons.get(lab) if polygons is not None else None
        n_pix = int(xq["support"].get(lab, 0)) if _finite(xq["support"].get(lab)) else 0
        notes = []
        if lab in xq["not_validated"]:
            notes.append("not validated (no validation polygon)")
        elif n_pix or n_poly:
            if n_poly is not None and n_poly < validation.MIN_POLYGONS:
                notes.append("fewer than %d polygons" % validation.MIN_POLYGONS)
            if n_pix < validation.MIN_PIXELS:
                notes.append("fewer than %d pixels" % validation.MIN_PIXELS)
        rows.append([lab, _name(legend, lab) or "", _n(xq["precision"].get(lab), 3), _n(xq["recall"].get(lab), 3),
                     _n(xq["fscore"].get(lab), 3), _n(xq["support"].get(lab)), "n/a" if n_poly is None else n_poly,
                     "; ".join(notes)])
    out.append('<div id="class-metrics">%s</div>' % _table(
        ["Class", "Name", "Precision", "Recall", "F-score", "Support (pixels)", "Validation polygons", "Note"],
        rows, num_cols=(2, 3, 4, 5, 6)))
    out.append(_img(charts.bar_chart_svg([_label(legend, v) for v in labels], {
        "precision": [xq["precision"].get(v, math.nan) for v in labels],
        "recall": [xq["recall"].get(v, math.nan) for v in labels],
        "F-score": [xq["fscore"].get(v, math.nan) for v in labels]}, title="Precision, recall and F-score per class",
        y_max=1.0), "per-class metrics chart"))
    return "".join(out)


def _layers_section(summary, legend):
    out = ["<h2>Quality layers</h2>"]
    if summary is None:
        out.append("<p>Not available (see the missing items above).</p>")
        return "".join(out)
    out.append("<p>Date counts of the flags raster (%s) over the %d mapped pixels of tile %s.</p>"
               % (_e(summary.flags_type), summary.mapped_pixels, _e(summary.tile)))
    out.append(_table(["Band", "Pixels", "Min", "Max", "Mean", "Median"],
                      [[b["name"], b["pixels"], _n(b["min"], 0), _n(b["max"], 0), _n(b["mean"], 2), _n(b["median"], 1)]
                       for b in summary.bands], num_cols=(1, 2, 3, 4, 5)))
    for b in summary.bands:
        hist = list(b["histogram"])
        if hist:
            out.append(_img(charts.histogram_svg(list(range(len(hist))), hist, title="%s dates" % b["name"],
                                                 x_label="number of %s dates" % b["name"], y_label="pixels"),
                            "%s dates histogram" % b["name"]))
    out.append("<p>Low evidence (fewer than %d valid dates%s): %d of %d mapped pixels, %s of the mapped area "
               "(%s ha of %s ha).</p>" % (summary.min_valid_dates, ", or no flags" if summary.flags_missing_pixels
                                          else "", summary.low_evidence_pixels, summary.mapped_pixels,
                                          _fig("low-evidence-share", summary.low_evidence_share,
                                               text=_pct(summary.low_evidence_share)),
                                          _n(summary.low_evidence_area_ha, 2), _n(summary.mapped_area_ha, 2)))
    rows = []
    for value in sorted(summary.class_pixels):
        n = summary.class_pixels[value]
        low = summary.class_low_evidence_pixels.get(value, 0)
        rows.append([value, _name(legend, value) or "", n, _n(n * summary.pixel_area_ha, 2),
                     _pct(low / float(n) if n else math.nan)])
    out.append('<div id="class-areas">%s</div>' % _table(["Class", "Name", "Pixels", "Area (ha)", "Low evidence"],
                                                         rows, num_cols=(2, 3, 4)))
    return "".join(out)


def _quicklook_section(product, legend, quicklook):
    out = ["<h2>Quick-look</h2>"]
    if quicklook is None:
        out.append("<p>Not available (no readable map raster).</p>")
        return "".join(out)
    data, values, (ow, oh), (w, h) = quicklook
    out.append('<img class="quicklook" id="quicklook" alt="quick-look of the map" width="%d" height="%d" '
               'src="data:image/png;base64,%s">' % (ow, oh, base64.b64encode(data).decode("ascii")))
    out.append("<p class=\"note\">%s, %d x %d pixels shown at %d x %d (nearest neighbour); transparent: no data."
               "</p>" % (_e(os.path.basename(product.map_path)), w, h, ow, oh))
    items = []
    for v in values:
        rgb = legend[v][1] if v in legend else _rgb(code_colour(v))
        items.append('<span class="swatch" style="background: rgb(%d,%d,%d)"></span>%s&nbsp;&nbsp; '
                     % (rgb + (_e(_label(legend, v)),)))
    out.append("<p>%s</p>" % "".join(items))
    return "".join(out)


_INPUT_KEYS = (("cloud_percent", "cloud", "cloud_cover", "cloudy_pixel_percentage"),
               ("status", "used", "state"), ("reason", "skip_reason", "why"))


def _pick(rec, keys):
    for k in keys:
        if rec.get(k) not in (None, ""):
            return rec[k]
    return None


def _inputs_section(product):
    out = ["<h2>Input images</h2>"]
    inputs = product.inputs or []
    if not inputs:
        src = product.parameters.get("INPUT")
        out.append("<p>The product's metadata lists no input image%s.</p>"
                   % (" (its processing parameters name the inputs: see INPUT below)" if src else ""))
        return "".join(out)
    has_status = any(_pick(r, _INPUT_KEYS[1]) is not None for r in inputs)
    has_cloud = any(_pick(r, _INPUT_KEYS[0]) is not None for r in inputs)
    rows = []
    for r in inputs:
        status = _pick(r, _INPUT_KEYS[1])
        status = ("used" if str(status).lower() in ("1", "true", "yes", "used") else
                  "skipped" if str(status).lower() in ("0", "false", "no", "skipped") else str(status)) \
            if status is not None else "used"
        row = [("<span class=\"date\">%s</span>" % _e(r.get("date", "")),), r.get("platform", ""), r.get("tile", "")]
        if has_cloud:
            cloud = _pick(r, _INPUT_KEYS[0])
            try:
                row.append("%.1f" % float(cloud) if cloud is not None else "n/a")
            except ValueError:
                row.append(str(cloud))
        row.append(status)
        if has_status:
            row.append(_pick(r, _INPUT_KEYS[2]) or "")
        row += [_path(os.path.basename((r.get("source") or "").rstrip("/\\"))), r.get("kind", "")]
        rows.append(row)
    used = sum(1 for r in inputs if (_pick(r, _INPUT_KEYS[1]) is None
                                     or str(_pick(r, _INPUT_KEYS[1])).lower() in ("1", "true", "yes", "used")))
    recorded = "date, platform, tile, format and source" + (", cloud cover" if has_cloud else "") + \
        (", used or skipped and why" if has_status else "")
    notes = []
    if not has_status:
        notes.append("The product records only the images it used: images skipped before the run (cloud cover "
                     "above the limit, outside the period or the tile, a missing band) are not recorded in it, so "
                     "none is listed as skipped.")
    if not has_cloud:
        notes.append("Their cloud cover is not recorded in the product.")
    out.append("<p>%d image%s listed, %d used. Recorded per image: %s. %s</p>"
               % (len(rows), "" if len(rows) == 1 else "s", used, recorded, " ".join(notes)))
    head = ["Date", "Platform", "Tile"] + (["Cloud %"] if has_cloud else []) + ["Used / skipped"] + \
        (["Why"] if has_status else []) + ["Product", "Format"]
    out.append('<div id="inputs">%s</div>' % _table(head, rows, num_cols=(3,) if has_cloud else ()))
    return "".join(out)


def _parameters_section(product):
    out = ["<h2>Processing parameters</h2>"]
    if not product.parameters:
        out.append("<p>The product records no processing parameter (no IPP file in AUX_DATA).</p>")
        return "".join(out)
    out.append('<div id="parameters">%s</div>' % _table(["Parameter", "Value"],
                                                        [[k, _value(v)] for k, v in product.parameters.items()]))
    return "".join(out)
