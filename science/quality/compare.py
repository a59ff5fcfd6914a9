"""Comparing products of one level: monitoring periods or methods side by side (OA with its interval,
kappa, the majority baseline, per-class F-score), and for two maps on the same grid their agreement.

API
---
``compare_products(paths, out_csv=None, out_html=None, agreement_path=None, seed=0, n_boot=1000,
    memory_mb=256, reporter=None)`` -> {"rows": [per-product dict], "classes", "crosstab" (or None),
    "agreement" (path or None), "csv", "crosstab_csv", "html", "same_grid"}.

CSV (one row per product, in the order given): product, level, site, tile, start, end, overall_accuracy,
oa_low, oa_high, kappa, majority_accuracy, validation_pixels, validation_polygons, source (the figures'
origin: "recomputed" from the ISD polygons and the map, or "quality xml"), then fscore_<class> per class of
any product (empty where a product lacks the class).

Agreement raster (two products on the same grid): uint16, 0 = nodata (either map nodata), else
1 + i * n + j where i, j index the first and second map's classes in ``classes`` (the sorted union of the
values found, n of them): i == j is "same class", i != j "from class i to class j". Its .qml colours the
same-class values green and the changes in reds, each labelled ("same: 1200", "1110 -> 1200").
The cross-tabulation (``*_crosstab.csv`` next to the CSV): map 1 class, map 2 class, pixels, hectares.
"""
import csv
import html
import os

import numpy as np
from osgeo import gdal

from ..blocks import row_blocks
from ..classify.metrics import quality_metrics
from ..errors import InputError
from ..grid import same_crs
from ..products import NODATA, read_product
from ..progress import Reporter
from ..styling import paletted_raster_qml, write_sidecar
from . import charts, validation
from .report import _label, _legend, _write_atomic

gdal.UseExceptions()

FIELDS = ["product", "level", "site", "tile", "start", "end", "overall_accuracy", "oa_low", "oa_high", "kappa",
          "majority_accuracy", "validation_pixels", "validation_polygons", "source"]


def _figures(product, seed, n_boot, memory_mb, reporter):
    """One product's row: recomputed from the ISD polygons and the map when the product has them."""
    row = {"product": product.name, "level": product.level, "site": product.site or "", "tile": product.tile or "",
           "start": str(product.start or ""), "end": str(product.end or ""), "fscore": {}}
    q = product.quality or {}
    val = None
    if "ISD" in product.aux and product.map_path:
        _train, val, _field, crs = validation.read_isd(product.aux["ISD"])
    if val is not None and not len(val) and q:
        # k-fold: no polygon was held out, the figures are the out-of-fold ones of the quality XML
        reporter.info("%s was validated by k-fold (no polygon held out): its figures are the out-of-fold ones "
                      "of its quality XML.", product.name)
        val = None
    if val is not None:
        pv = validation.from_map(product.map_path, val, q.get("labels") or (), crs, memory_mb, reporter)
        quality = quality_metrics(pv.cm, pv.labels, q.get("not_validated") or ())
        a = validation.assess(quality, pv, seed, n_boot)
        row.update(overall_accuracy=quality.accuracy, oa_low=a.ci_low, oa_high=a.ci_high, kappa=quality.kappa,
                   majority_accuracy=a.majority_accuracy, validation_pixels=quality.total,
                   validation_polygons=sum(a.polygons_per_class.values()), source="recomputed",
                   fscore={lab: quality.fscore[lab] for lab in quality.labels})
    elif q:
        cm = np.asarray(q.get("confusion_matrix") or [[0]])
        labels = q.get("labels") or [0]
        row.update(overall_accuracy=q.get("accuracy"), oa_low=float("nan"), oa_high=float("nan"),
                   kappa=q.get("kappa"), majority_accuracy=validation.majority_baseline(cm, labels)[1],
                   validation_pixels=int(cm.sum()), validation_polygons="", source="quality xml",
                   fscore=dict(q.get("fscore") or {}))
        if "ISD" not in product.aux:
            reporter.warn("%s has no in situ polygons (ISD): its figures come from its quality XML, without "
                          "an interval.", product.name)
    else:
        raise InputError("%s holds neither in situ polygons (ISD) nor a quality XML (QLT): nothing to compare.",
                         product.path)
    return row


def _grid(path):
    ds = gdal.Open(path)
    return ds.GetProjection(), ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize


def _same_grid(a, b):
    (pa, ga, wa, ha), (pb, gb, wb, hb) = _grid(a), _grid(b)
    return (wa, ha) == (wb, hb) and np.allclose(ga, gb, atol=1e-6) and same_crs(pa, pb)


def _values(band, data):
    nodata = band.GetNoDataValue()
    bad = data == NODATA
    if nodata is not None:
        bad |= data == nodata
    return bad


def _class_values(paths, memory_mb):
    found = set()
    for path in paths:
        ds = gdal.Open(path)
        band = ds.GetRasterBand(1)
        for row0, nrows in row_blocks(ds.RasterYSize, ds.RasterXSize, 8, memory_mb):
            data = band.ReadAsArray(0, row0, ds.RasterXSize, nrows)
            found.update(np.unique(data[~_values(band, data)]).tolist())
    return sorted(int(v) for v in found)


def _agreement(path_a, path_b, out_path, memory_mb, reporter):
    """(classes, counts (n, n) pixels map 1 class x map 2 class); writes ``out_path`` when given."""
    classes = _class_values((path_a, path_b), memory_mb)
    n = len(classes)
    if n * n + 1 > 65535:
        raise InputError("Too many classes (%d) for an agreement raster.", n)
    da, db = gdal.Open(path_a), gdal.Open(path_b)
    ba, bb = da.GetRasterBand(1), db.GetRasterBand(1)
    width, height = da.RasterXSize, da.RasterYSize
    counts = np.zeros((n, n), dtype=np.int64)
    out = tmp = None
    if out_path:
        tmp = out_path + ".part.tif"
        out = gdal.GetDriverByName("GTiff").Create(tmp, width, height, 1, gdal.GDT_UInt16,
                                                    ["COMPRESS=DEFLATE", "TILED=YES"])
        out.SetGeoTransform(da.GetGeoTransform())
        out.SetProjection(da.GetProjection())
        out.GetRasterBand(1).SetNoDataValue(0)
    try:
        blocks = row_blocks(height, width, 24, memory_mb)
        values = np.asarray(classes, dtype=np.int64)
        index = lambda v: np.searchsorted(values, v.astype(np.int64))  # noqa: E731 - every value is a class
        for k, (row0, nrows) in enumerate(blocks):
            reporter.check()
            a = ba.ReadAsArray(0, row0, width, nrows)
            b = bb.ReadAsArray(0, row0, width, nrows)
            bad = _values(ba, a) | _values(bb, b)
            code = np.zeros(a.shape, dtype=np.uint16)
            if n and (~bad).any():
                ia, ib = index(a[~bad]), index(b[~bad])
                code[~bad] = (1 + ia * n + ib).astype(np.uint16)
                np.add.at(counts, (ia, ib), 1)
            if out is not None:
                out.GetRasterBand(1).WriteArray(code, 0, row0)
            reporter.progress((k + 1) / len(blocks))
        if out is not None:
            out.FlushCache()
            out = None
            os.replace(tmp, out_path)
            tmp = None
    except OSError as exc:
        raise InputError("Cannot write the agreement raster %s: %s", out_path, exc.strerror or exc) from exc
    finally:
        out = None
        if tmp and os.path.exists(tmp):
            os.remove(tmp)
    return classes, counts


def agreement_qml(classes, counts, legend):
    """Paletted style of the agreement raster: the pairs present, same class green, changes red."""
    n = len(classes)
    entries = []
    for i in range(n):
        for j in range(n):
            if counts[i, j] == 0:
                continue
            if i == j:
                colour, label = "#1a9641", "same: %s" % _label(legend, classes[i])
            else:
                shade = 60 + int(150 * ((i * n + j) % 7) / 6.0)
                colour = "#%02x%02x%02x" % (215, shade // 3, shade // 3)
                label = "%s -> %s" % (_label(legend, classes[i]), _label(legend, classes[j]))
            entries.append((1 + i * n + j, label, colour))
    return paletted_raster_qml(entries)


def _num(v, fmt="%.4f"):
    try:
        return "" if v is None or v != v else (fmt % v if isinstance(v, float) else str(v))
    except TypeError:
        return str(v)


def compare_products(paths, out_csv=None, out_html=None, agreement_path=None, seed=0, n_boot=validation.N_BOOT,
                     memory_mb=256, reporter=None):
    reporter = reporter or Reporter()
    paths = [p for p in (paths or []) if p]
    if len(paths) < 2:
        raise InputError("Give at least two products to compare (got %d).", len(paths))
    products = [read_product(p) for p in paths]
    levels = sorted({p.level for p in products})
    if len(levels) > 1:
        raise InputError("The products are of different levels (%s): compare crop masks with crop masks and crop "
                         "type maps with crop type maps.", ", ".join("%s %s" % (p.level, p.name) for p in products))
    rows = []
    for k, p in enumerate(products):
        reporter.info("Validating %s", p.name)
        rows.append(_figures(p, seed, n_boot, memory_mb, reporter.sub(0.6 * k / len(products),
                                                                       0.6 * (k + 1) / len(products))))
    classes = sorted({c for r in rows for c in r["fscore"]}, key=lambda c: (str(type(c)), c))
    legend = {}
    for p in products:
        for value, entry in _legend(p).items():
            if value not in legend or (legend[value][0] is None and entry[0]):
                legend[value] = entry
    result = {"rows": rows, "classes": classes, "crosstab": None, "agreement": None, "csv": None,
              "crosstab_csv": None, "html": None, "same_grid": None}
    if len(products) == 2 and products[0].map_path and products[1].map_path:
        same = _same_grid(products[0].map_path, products[1].map_path)
        result["same_grid"] = same
        if same:
            values, counts = _agreement(products[0].map_path, products[1].map_path, agreement_path, memory_mb,
                                        reporter.sub(0.6, 0.95))
            gt = gdal.Open(products[0].map_path).GetGeoTransform()
            ha = abs(gt[1] * gt[5]) / 1e4
            result["crosstab"] = {"classes": values, "pixels": counts, "hectares": counts * ha}
            if agreement_path:
                write_sidecar(agreement_path, agreement_qml(values, counts, legend))
                result["agreement"] = agreement_path
            same_px = int(np.trace(counts))
            reporter.info("The two maps agree on %d of %d pixels (%.1f %%).", same_px, int(counts.sum()),
                          100.0 * same_px / max(1, int(counts.sum())))
        else:
            reporter.warn("The two products are not on the same grid (size, position or CRS): the table only, "
                          "no agreement raster.")
    if out_csv:
        result["csv"] = _write_rows(out_csv, rows, classes)
        if result["crosstab"] is not None:
            base = os.path.splitext(out_csv)[0]
            result["crosstab_csv"] = _write_crosstab(base + "_crosstab.csv", result["crosstab"])
    if out_html:
        _write_atomic(out_html, _html(products, rows, classes, legend, result))
        result["html"] = out_html
    for r in rows:
        reporter.info("%s (%s to %s): OA %s (95 %% interval %s-%s), kappa %s, majority map %s",
                      r["product"], r["start"], r["end"], _num(r["overall_accuracy"]), _num(r["oa_low"]),
                      _num(r["oa_high"]), _num(r["kappa"]), _num(r["majority_accuracy"]))
    reporter.progress(1.0)
    return result


def _csv_text(rows_of_cells):
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for cells in rows_of_cells:
        w.writerow(cells)
    return buf.getvalue()


def _write_rows(path, rows, classes):
    head = FIELDS + ["fscore_%s" % c for c in classes]
    body = [[_num(r.get(f), "%.6f") for f in FIELDS] + [_num(r["fscore"].get(c), "%.6f") for c in classes]
            for r in rows]
    _write_atomic(path, _csv_text([head] + body))
    return path


def _write_crosstab(path, crosstab):
    classes, pixels, hectares = crosstab["classes"], crosstab["pixels"], crosstab["hectares"]
    body = [["map1_class", "map2_class", "pixels", "hectares"]]
    for i, a in enumerate(classes):
        for j, b in enumerate(classes):
            body.append([a, b, int(pixels[i, j]), "%.4f" % hectares[i, j]])
    _write_atomic(path, _csv_text(body))
    return path


def _html(products, rows, classes, legend, result):
    e = html.escape
    names = ["%d. %s" % (k + 1, r["product"]) for k, r in enumerate(rows)]
    short = ["%d (%s-%s)" % (k + 1, r["start"], r["end"]) for k, r in enumerate(rows)]
    table = ["<table><tr>" + "".join("<th>%s</th>" % e(h) for h in (
        "#", "product", "period", "OA", "95 % interval", "kappa", "majority map OA", "validation pixels",
        "figures from")) + "</tr>"]
    for k, r in enumerate(rows):
        warn = r["overall_accuracy"] is not None and r["majority_accuracy"] == r["majority_accuracy"] and \
            r["overall_accuracy"] <= r["majority_accuracy"]
        table.append("<tr%s><td>%d</td><td>%s</td><td>%s to %s</td><td>%s</td><td>%s-%s</td><td>%s</td><td>%s</td>"
                     "<td>%s</td><td>%s</td></tr>" % (
                         ' class="warn"' if warn else "", k + 1, e(r["product"]), e(r["start"]), e(r["end"]),
                         _num(r["overall_accuracy"]), _num(r["oa_low"]), _num(r["oa_high"]), _num(r["kappa"]),
                         _num(r["majority_accuracy"]), _num(r["validation_pixels"]), e(r["source"])))
    table.append("</table>")
    oa = charts.bar_chart_svg(short, {"overall accuracy": [r["overall_accuracy"] for r in rows],
                                      "majority map": [r["majority_accuracy"] for r in rows]},
                              title="Overall accuracy (whiskers: 95 % interval over validation polygons)",
                              y_label="OA", y_max=1.0,
                              errors={"overall accuracy": [(r["oa_low"], r["oa_high"]) for r in rows]})
    fs = charts.bar_chart_svg([_label(legend, c) for c in classes],
                              {s: [r["fscore"].get(c, float("nan")) for c in classes] for s, r in zip(short, rows)},
                              title="F-score per class", y_label="F-score", y_max=1.0)
    fs_table = ["<table><tr><th>class</th>" + "".join("<th>%d</th>" % (k + 1) for k in range(len(rows))) + "</tr>"]
    for c in classes:
        fs_table.append("<tr><td>%s</td>%s</tr>" % (e(_label(legend, c)), "".join(
            "<td>%s</td>" % _num(r["fscore"].get(c)) for r in rows)))
    fs_table.append("</table>")
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>Comparison of %d products</title>"
             "<style>body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#222}table{border-collapse:"
             "collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
             "th{background:#eee}td:nth-child(2){text-align:left}tr.warn td{background:#fde0dc}"
             ".note{color:#555}</style></head><body>" % len(rows),
             "<h1>Comparison of %d %s products</h1>" % (len(rows), e(products[0].level)),
             "<ol>%s</ol>" % "".join("<li>%s</li>" % e(p.path) for p in products),
             "<h2>Accuracy</h2>", "".join(table),
             "<p class='note'>Rows in red: the map does not beat a map that says the majority class everywhere on "
             "the same validation pixels.</p>",
             "<img alt='overall accuracy' src='%s'/>" % charts.svg_data_uri(oa),
             "<h2>F-score per class</h2>", "".join(fs_table),
             "<img alt='F-score' src='%s'/>" % charts.svg_data_uri(fs)]
    ct = result["crosstab"]
    if ct is not None:
        values, pixels, hectares = ct["classes"], ct["pixels"], ct["hectares"]
        total = max(1, int(pixels.sum()))
        parts.append("<h2>Agreement of the two maps</h2><p>Same class on %d of %d pixels (%.1f %%). Rows: %s; "
                     "columns: %s (hectares).</p>" % (int(np.trace(pixels)), total, 100.0 * np.trace(pixels) / total,
                                                      e(names[0]), e(names[1])))
        head = "<tr><th>map 1 \\ map 2</th>" + "".join("<th>%s</th>" % e(_label(legend, v)) for v in values) + "</tr>"
        body = "".join("<tr><td>%s</td>%s</tr>" % (e(_label(legend, a)), "".join(
            "<td>%.2f</td>" % hectares[i, j] for j in range(len(values)))) for i, a in enumerate(values))
        parts.append("<table>%s%s</table>" % (head, body))
        parts.append("<img alt='cross-tabulation' src='%s'/>" % charts.svg_data_uri(charts.heatmap_svg(
            pixels, [_label(legend, v) for v in values], [_label(legend, v) for v in values],
            title="Pixels of map 1 (rows) in each class of map 2", row_title="map 1", col_title="map 2")))
    elif result["same_grid"] is False:
        parts.append("<p class='note'>The two maps are not on the same grid: no agreement raster.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
