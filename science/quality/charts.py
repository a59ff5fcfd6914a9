"""Small hand-written SVG charts for the HTML reports (no matplotlib, no QGIS): they read in any browser,
with the file alone, at about 600 px wide. Text is XML-escaped; NaN values draw nothing.

API
---
``heatmap_svg(matrix, row_labels, col_labels, title="", row_title="Reference", col_title="Produced",
    normalize_rows=True)``: a confusion matrix; each cell (``class="cell"``) is coloured from white to dark
    blue by its share of its row (or of the largest cell when ``normalize_rows`` is False) and shows its count.
``bar_chart_svg(categories, series, title="", y_label="", y_max=None, errors=None)``: grouped bars
    (``class="bar"``, one per finite value); ``series`` an ordered {name: [value per category]}, ``errors``
    {name: [(low, high) or None per category]} drawn as whiskers (``class="whisker"``); a legend when there
    are several series.
``histogram_svg(values, counts, title="", x_label="", y_label="")``: one bar (``class="bar"``) per integer
    value, its height the count.
``svg_data_uri(svg)`` / ``png_data_uri(path)``: ``data:`` URIs to embed a picture in an HTML file.
Each function returns the SVG document as a string (``<svg xmlns=...>``, no XML declaration, so it can be
inlined in HTML as is).
"""
import base64
import math
from xml.sax.saxutils import escape, quoteattr

WIDTH = 600
FONT = "font-family=\"Helvetica, Arial, sans-serif\""
INK = "#333333"
GRID_INK = "#dddddd"
# colour-blind safe qualitative palette (Paul Tol's "bright")
SERIES_COLOURS = ("#4477aa", "#ee6677", "#228833", "#ccbb44", "#66ccee", "#aa3377", "#bbbbbb")
LOW, HIGH = (255, 255, 255), (8, 48, 107)  # heat map: white -> dark blue


# --- helpers ------------------------------------------------------------------
def _finite(value):
    try:
        return value is not None and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _num(value, digits=3):
    """A short label: integers as such, other numbers with up to ``digits`` significant decimals."""
    if not _finite(value):
        return ""
    v = float(value)
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    text = ("%." + str(digits) + "g") % v if abs(v) >= 1 else ("%." + str(digits) + "f") % v
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def _text(x, y, content, size=12, anchor="start", weight=None, fill=INK, rotate=None, cls=None):
    attrs = 'x="%.1f" y="%.1f" font-size="%d" text-anchor="%s" fill="%s"' % (x, y, size, anchor, fill)
    if weight:
        attrs += ' font-weight="%s"' % weight
    if rotate is not None:
        attrs += ' transform="rotate(%g %.1f %.1f)"' % (rotate, x, y)
    if cls:
        attrs += ' class="%s"' % cls
    return "<text %s>%s</text>" % (attrs, escape(str(content)))


def _document(width, height, body, title):
    head = ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" %s '
            'role="img"%s>' % (width, height, width, height, FONT,
                               " aria-label=%s" % quoteattr(str(title)) if title else ""))
    parts = [head]
    if title:
        parts.append("<title>%s</title>" % escape(str(title)))
        parts.append(_text(width / 2.0, 20, title, size=14, anchor="middle", weight="bold"))
    parts.extend(body)
    parts.append("</svg>")
    return "\n".join(parts)


def _nice_step(span, n=5):
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / float(n)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _ticks(lo, hi, n=5, integer=False):
    step = _nice_step(hi - lo, n)
    if integer:
        step = max(1.0, math.ceil(step))
    start = math.ceil(lo / step - 1e-9) * step
    ticks, v = [], start
    while v <= hi + step * 1e-9:
        ticks.append(0.0 if abs(v) < step * 1e-9 else v)
        v += step
    return ticks


def _nice_limit(value, span=None, integer=False):
    """The smallest multiple of a round step that is >= ``value`` (the step from ``span``, else ``value``)."""
    if value <= 0:
        return 1.0
    step = _nice_step(span or value)
    if integer:
        step = max(1.0, math.ceil(step))
    return math.ceil(value / step - 1e-9) * step


def _mix(share):
    share = min(max(float(share), 0.0), 1.0)
    return "#%02x%02x%02x" % tuple(int(round(a + (b - a) * share)) for a, b in zip(LOW, HIGH))


def _label_width(labels, size=11):
    """Rough width in px of the longest label (0.6 em per character)."""
    return max([len(str(s)) for s in labels] + [0]) * size * 0.6


# --- heat map -----------------------------------------------------------------
def heatmap_svg(matrix, row_labels, col_labels, title="", row_title="Reference", col_title="Produced",
                normalize_rows=True, width=WIDTH):
    """A confusion-matrix heat map: rows ``row_labels`` (reference), columns ``col_labels`` (produced)."""
    rows = [[float(v) if _finite(v) else float("nan") for v in row] for row in matrix]
    n_rows, n_cols = len(rows), (len(rows[0]) if rows else 0)
    if len(row_labels) != n_rows or any(len(r) != n_cols for r in rows) or len(col_labels) != n_cols:
        raise ValueError("heatmap_svg: the matrix is %d x %s but there are %d row and %d column labels"
                         % (n_rows, n_cols, len(row_labels), len(col_labels)))
    label_w = min(160.0, _label_width(row_labels) + 8)
    col_label_w = min(140.0, _label_width(col_labels))
    rotate_cols = col_label_w > 40
    left = 30 + label_w
    top = (34 if title else 10) + 18 + (col_label_w * 0.75 + 10 if rotate_cols else 18)
    cell = max(16.0, min(56.0, (width - left - 20) / float(max(n_cols, 1))))
    height = int(top + cell * n_rows + 46)
    if normalize_rows:
        denominators = [sum(v for v in r if math.isfinite(v)) for r in rows]
    else:
        biggest = max([v for r in rows for v in r if math.isfinite(v)] + [0.0])
        denominators = [biggest] * n_rows
    body = []
    grid_w = cell * n_cols
    body.append(_text(left + grid_w / 2.0, (34 if title else 10) + 12, col_title, size=12, anchor="middle",
                      weight="bold"))
    body.append(_text(14, top + cell * n_rows / 2.0, row_title, size=12, anchor="middle", weight="bold", rotate=-90))
    for j, label in enumerate(col_labels):
        x = left + (j + 0.5) * cell
        if rotate_cols:
            body.append(_text(x, top - 6, label, size=11, rotate=-45))
        else:
            body.append(_text(x, top - 6, label, size=11, anchor="middle"))
    font = int(max(8, min(12, cell / 3.2)))
    for i, (label, row) in enumerate(zip(row_labels, rows)):
        y = top + i * cell
        body.append(_text(left - 6, y + cell / 2.0 + 4, label, size=11, anchor="end"))
        for j, value in enumerate(row):
            x = left + j * cell
            if math.isfinite(value):
                share = value / denominators[i] if denominators[i] > 0 else 0.0
                fill = _mix(share)
                tip = "%s %s, %s %s: %s (%.1f %%)" % (row_title, row_labels[i], col_title, col_labels[j],
                                                       _num(value), 100.0 * share)
            else:
                share, fill = 0.0, "#f0f0f0"
                tip = "%s %s, %s %s: no value" % (row_title, row_labels[i], col_title, col_labels[j])
            body.append('<rect class="cell" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" '
                        'stroke="#ffffff" stroke-width="1"><title>%s</title></rect>'
                        % (x, y, cell, cell, fill, escape(tip)))
            if math.isfinite(value):
                body.append(_text(x + cell / 2.0, y + cell / 2.0 + font / 3.0, _num(value), size=font,
                                  anchor="middle", fill="#ffffff" if share > 0.55 else INK))
    # outline, and a colour scale under the grid
    body.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="none" stroke="%s" stroke-width="1"/>'
                % (left, top, grid_w, cell * n_rows, INK))
    scale_y = top + cell * n_rows + 14
    scale_w = min(200.0, max(grid_w, 120.0))
    body.append('<defs><linearGradient id="heat-scale"><stop offset="0" stop-color="%s"/>'
                '<stop offset="1" stop-color="%s"/></linearGradient></defs>' % (_mix(0), _mix(1)))
    body.append('<rect class="scale" x="%.1f" y="%.1f" width="%.1f" height="10" fill="url(#heat-scale)" '
                'stroke="%s" stroke-width="0.5"/>' % (left, scale_y, scale_w, INK))
    body.append(_text(left, scale_y + 24, "0 %", size=10))
    body.append(_text(left + scale_w, scale_y + 24, "100 %", size=10, anchor="end"))
    what = "of the row (%s)" % row_title.lower() if normalize_rows else "of the largest cell"
    body.append(_text(left + scale_w + 10, scale_y + 9, "share %s; numbers are counts" % what, size=10))
    width = int(max(width, left + grid_w + 20))
    return _document(width, height, body, title)


# --- bar charts -----------------------------------------------------------------
def _y_axis(body, left, top, plot_w, plot_h, lo, hi, y_label, integer=False):
    """Grid lines, tick labels and the y label; returns the value -> y function."""
    span = (hi - lo) or 1.0

    def y_of(v):
        return top + plot_h * (1.0 - (v - lo) / span)

    for t in _ticks(lo, hi, integer=integer):
        y = y_of(t)
        body.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>'
                    % (left, y, left + plot_w, y, GRID_INK))
        body.append(_text(left - 5, y + 4, _num(t), size=10, anchor="end"))
    body.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>'
                % (left, top, left, top + plot_h, INK))
    if lo <= 0 <= hi:
        body.append('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="1"/>'
                    % (left, y_of(0), left + plot_w, y_of(0), INK))
    if y_label:
        body.append(_text(14, top + plot_h / 2.0, y_label, size=12, anchor="middle", rotate=-90))
    return y_of


def bar_chart_svg(categories, series, title="", y_label="", y_max=None, errors=None, width=WIDTH):
    """Grouped bars: for each category one bar per series (NaN: no bar), optional whiskers."""
    categories = [str(c) for c in categories]
    names = list(series.keys())
    errors = errors or {}
    for name in names:
        if len(series[name]) != len(categories):
            raise ValueError("bar_chart_svg: series %r has %d values for %d categories"
                             % (name, len(series[name]), len(categories)))
    values = [float(v) for name in names for v in series[name] if _finite(v)]
    for name in names:
        for e in errors.get(name) or ():
            if e is not None:
                values.extend(float(v) for v in e if _finite(v))
    lo = min([0.0] + values)
    hi = float(y_max) if _finite(y_max) else _nice_limit(max([0.0] + values))
    if hi <= lo:
        hi = lo + 1.0
    if lo < 0:
        lo = -_nice_limit(-lo, hi - lo)
    rotate = _label_width(categories, 11) > (width - 80) / max(len(categories), 1) - 4
    bottom = 30 + (min(120.0, _label_width(categories, 11)) * 0.72 if rotate else 6)
    legend_h = 22 if len(names) > 1 else 0
    top = (34 if title else 12) + legend_h
    left, right = 56, 14
    plot_w, plot_h = width - left - right, 220.0
    height = int(top + plot_h + bottom + 8)
    body = []
    y_of = _y_axis(body, left, top, plot_w, plot_h, lo, hi, y_label)
    group_w = plot_w / float(max(len(categories), 1))
    bar_w = group_w * 0.8 / max(len(names), 1)
    base = y_of(max(lo, min(0.0, hi)))
    for k, name in enumerate(names):
        colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
        errs = errors.get(name) or [None] * len(categories)
        for j, value in enumerate(series[name]):
            x = left + j * group_w + group_w * 0.1 + k * bar_w
            if _finite(value):
                v = min(max(float(value), lo), hi)
                y0, y1 = sorted((y_of(v), base))
                tip = "%s%s: %s" % ("%s, " % name if len(names) > 1 else "", categories[j], _num(value))
                body.append('<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s">'
                            '<title>%s</title></rect>' % (x, y0, max(bar_w - 1, 1), y1 - y0, colour, escape(tip)))
                if bar_w >= 24 and not (j < len(errs) and errs[j] is not None):
                    label_y = y0 - 3 if float(value) >= 0 else y1 + 10
                    body.append(_text(x + bar_w / 2.0, label_y, _num(value), size=9, anchor="middle"))
            err = errs[j] if j < len(errs) else None
            if err is not None and all(_finite(e) for e in err):
                e_lo, e_hi = (min(max(float(e), lo), hi) for e in err)
                cx, w = x + bar_w / 2.0, min(8.0, bar_w / 3.0)
                body.append('<path class="whisker" d="M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f" '
                            'stroke="%s" stroke-width="1.3" fill="none"/>'
                            % (cx, y_of(e_lo), y_of(e_hi), cx - w, y_of(e_lo), cx + w, cx - w, y_of(e_hi),
                               cx + w, INK))
    for j, label in enumerate(categories):
        x = left + (j + 0.5) * group_w
        y = top + plot_h + 14
        if rotate:
            body.append(_text(x, y, label, size=11, anchor="end", rotate=-40))
        else:
            body.append(_text(x, y, label, size=11, anchor="middle"))
    if len(names) > 1:
        x = left
        y = (34 if title else 12) + 4
        for k, name in enumerate(names):
            body.append('<rect class="legend" x="%.1f" y="%.1f" width="12" height="12" fill="%s"/>'
                        % (x, y, SERIES_COLOURS[k % len(SERIES_COLOURS)]))
            body.append(_text(x + 16, y + 10, name, size=11))
            x += 16 + _label_width([name], 11) + 18
    return _document(width, height, body, title)


def histogram_svg(values, counts, title="", x_label="", y_label="", width=WIDTH):
    """Bars of ``counts`` at the integer ``values`` (e.g. pixels per number of valid dates)."""
    pairs = [(int(v), float(c) if _finite(c) else 0.0) for v, c in zip(values, counts)]
    if len(pairs) != len(values) or len(values) != len(counts):
        raise ValueError("histogram_svg: %d values but %d counts" % (len(values), len(counts)))
    x_lo = min(v for v, _c in pairs) if pairs else 0
    x_hi = max(v for v, _c in pairs) if pairs else 0
    hi = _nice_limit(max([c for _v, c in pairs] + [0.0]), integer=True)
    top, left, right = (34 if title else 12), 64, 14
    plot_w, plot_h = width - left - right, 200.0
    height = int(top + plot_h + 50)
    body = []
    y_of = _y_axis(body, left, top, plot_w, plot_h, 0.0, hi, y_label, integer=True)
    n_slots = x_hi - x_lo + 1
    slot = plot_w / float(max(n_slots, 1))
    for v, c in pairs:
        x = left + (v - x_lo) * slot
        y = y_of(c)
        body.append('<rect class="bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s">'
                    '<title>%s: %s</title></rect>'
                    % (x + slot * 0.06, y, max(slot * 0.88, 0.5), top + plot_h - y, SERIES_COLOURS[0],
                       escape(str(v)), _num(c)))
    for t in _ticks(float(x_lo), float(x_hi), n=min(10, max(n_slots, 1)), integer=True):
        x = left + (t - x_lo + 0.5) * slot
        body.append(_text(x, top + plot_h + 14, _num(t), size=10, anchor="middle"))
    if x_label:
        body.append(_text(left + plot_w / 2.0, top + plot_h + 36, x_label, size=12, anchor="middle"))
    return _document(width, height, body, title)


# --- embedding ------------------------------------------------------------------
def svg_data_uri(svg):
    """``data:image/svg+xml;base64,...`` for an <img src=...>."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def png_data_uri(path):
    """``data:image/png;base64,...`` of a PNG file."""
    with open(path, "rb") as f:
        return "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")
