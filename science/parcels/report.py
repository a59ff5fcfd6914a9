"""The HTML report of a parcel classification (one self-contained file, as the products' quality report):
the figures per parcel and per area, each with its confusion matrix (table and heat map), precision,
recall and F-score per class, the majority baseline and the warnings, and the parcels per status."""
import html

from ..quality import charts

STYLE = ("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:.5em 0}"
         "td,th{border:1px solid #bbb;padding:2px 8px}td.num{text-align:right}.warn{color:#a40000}"
         "img.chart{max-width:640px;display:block}")


def _e(text):
    return html.escape("" if text is None else str(text))


def _n(value, digits=4):
    return "n/a" if value is None or value != value else ("%." + str(digits) + "f") % float(value)


def _name(names, label):
    return "%s %s" % (label, names[label]) if names.get(label) else str(label)


def _section(title, unit, quality, a, names):
    labels = [_name(names, v) for v in quality.labels]
    out = ["<h2>%s</h2>" % _e(title)]
    if quality.total == 0:
        return out + ['<p class="warn">No validation parcel.</p>']
    out.append("<p>Overall accuracy <b>%s</b> (95 %% interval %s-%s, bootstrap over parcels), kappa <b>%s</b>; "
               "every parcel '%s': %s. %s %s validated.</p>" % (
                   _n(quality.accuracy), _n(a.ci_low), _n(a.ci_high), _n(quality.kappa),
                   _e(_name(names, a.majority_label)), _n(a.majority_accuracy), int(quality.total), _e(unit)))
    out += ['<p class="warn">%s</p>' % _e(w) for w in a.warnings]
    rows = "".join("<tr><th>%s</th>%s</tr>" % (_e(lab), "".join('<td class="num">%d</td>' % int(v) for v in row))
                   for lab, row in zip(labels, quality.cm))
    out.append("<table><tr><th>reference \\ produced</th>%s</tr>%s</table>"
               % ("".join("<th>%s</th>" % _e(lab) for lab in labels), rows))
    out.append('<img class="chart" alt="%s" src="%s">' % (_e(title), charts.svg_data_uri(
        charts.heatmap_svg(quality.cm.tolist(), labels, labels, title=title))))
    body = "".join('<tr><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td>'
                   '<td class="num">%d</td></tr>' % (_e(_name(names, v)), _n(quality.precision[v], 3),
                                                      _n(quality.recall[v], 3), _n(quality.fscore[v], 3),
                                                      quality.support[v]) for v in quality.labels)
    out.append("<table><tr><th>class</th><th>precision</th><th>recall</th><th>F-score</th><th>%s</th></tr>%s"
               "</table>" % (_e(unit), body))
    return out


def write_report(path, title, parcel, area, status_counts, names=None):
    """``parcel`` / ``area``: (metrics.Quality, validation.Assessment); ``status_counts``: {status: n}."""
    names = names or {}
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title><style>%s</style></head><body>"
             % (_e(title), STYLE), "<h1>%s</h1>" % _e(title)]
    parts.append("<table><tr><th>status</th><th>parcels</th></tr>%s</table>" % "".join(
        '<tr><td>%s</td><td class="num">%d</td></tr>' % (_e(k), v) for k, v in sorted(status_counts.items())))
    parts += _section("Per parcel", "parcels", parcel[0], parcel[1], names)
    parts += _section("Per area (m\u00b2)", "m\u00b2", area[0], area[1], names)
    parts.append("</body></html>\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(parts))
    return path
