"""The SVG chart primitives: well-formed XML, one element per datum, escaped text, NaN drawn as nothing."""
import base64
import xml.etree.ElementTree as ET
from collections import OrderedDict

import pytest

from cropmapper.science.quality.charts import (bar_chart_svg, heatmap_svg, histogram_svg, png_data_uri,
                                               svg_data_uri)

NS = "{http://www.w3.org/2000/svg}"
NAN = float("nan")


def _parse(svg):
    root = ET.fromstring(svg)  # raises on malformed XML
    assert root.tag == NS + "svg"
    assert 0 < float(root.get("width")) <= 800
    return root


def _of_class(root, cls, tag="rect"):
    return [e for e in root.iter(NS + tag) if e.get("class") == cls]


def _texts(root):
    return [e.text for e in root.iter(NS + "text")]


def test_heatmap_one_cell_per_matrix_entry_coloured_by_row_share_and_showing_counts():
    matrix = [[50, 0, 10], [5, 15, 0]]
    root = _parse(heatmap_svg(matrix, ["wheat", "maize"], ["wheat", "maize", "beet"], title="CM"))
    cells = _of_class(root, "cell")
    assert len(cells) == 6
    # row-major order: the largest share of row 0 (50/60) is darker than its 10/60, zero is white
    fills = [c.get("fill") for c in cells]
    assert fills[1] == "#ffffff" and fills[5] == "#ffffff"
    darkness = [sum(int(f[i:i + 2], 16) for i in (1, 3, 5)) for f in fills]
    assert darkness[0] < darkness[2] < darkness[1]
    assert darkness[4] < darkness[3]             # 15/20 darker than 5/20
    texts = _texts(root)
    for count in ("50", "0", "10", "5", "15"):
        assert count in texts
    assert "Reference" in texts and "Produced" in texts and "CM" in texts


def test_heatmap_share_of_the_largest_cell_when_rows_are_not_normalised():
    root = _parse(heatmap_svg([[100, 0], [0, 1]], ["a", "b"], ["a", "b"], normalize_rows=False))
    fills = [c.get("fill") for c in _of_class(root, "cell")]
    assert fills[0] == "#08306b"                # the largest cell: darkest blue
    assert fills[3] != "#08306b"                # 1/100: nearly white
    root = _parse(heatmap_svg([[100, 0], [0, 1]], ["a", "b"], ["a", "b"]))
    assert [c.get("fill") for c in _of_class(root, "cell")][3] == "#08306b"  # 1/1 of its row


def test_heatmap_nan_cell_has_no_number_and_labels_are_escaped():
    labels = ["<Wheat & co>", 'say "maize"']
    svg = heatmap_svg([[1, NAN], [2, 3]], labels, labels, title="a < b & c")
    root = _parse(svg)
    assert len(_of_class(root, "cell")) == 4
    texts = _texts(root)
    assert labels[0] in texts and labels[1] in texts and "a < b & c" in texts
    assert "nan" not in svg.lower()
    assert sorted(t for t in texts if t.isdigit()) == ["1", "2", "3"]


def test_heatmap_refuses_labels_that_do_not_match_the_matrix():
    with pytest.raises(ValueError, match="2 x 2"):
        heatmap_svg([[1, 2], [3, 4]], ["a"], ["a", "b"])


def test_bar_chart_one_bar_per_finite_value_whiskers_and_legend():
    series = OrderedDict([("precision", [0.9, NAN, 0.5]), ("recall", [0.8, 0.7, NAN]), ("F-score", [0.85, 0.6, 0.4])])
    errors = {"F-score": [(0.8, 0.9), None, (0.3, 0.5)]}
    svg = bar_chart_svg(["Wheat", "Maize", "Beet & co"], series, title="Scores", y_label="score", y_max=1,
                        errors=errors)
    root = _parse(svg)
    bars = _of_class(root, "bar")
    assert len(bars) == 7                       # 9 values, 2 NaN
    assert len(_of_class(root, "whisker", "path")) == 2
    assert len(_of_class(root, "legend")) == 3
    texts = _texts(root)
    assert "Beet & co" in texts and "precision" in texts and "score" in texts
    assert "nan" not in svg.lower()
    # heights proportional to the values on the 0..1 axis: 0.9 vs 0.5 of the first series
    h = [float(b.get("height")) for b in bars]
    assert h[0] / h[1] == pytest.approx(0.9 / 0.5, rel=1e-2)


def test_bar_chart_single_series_has_no_legend_and_handles_negative_values():
    root = _parse(bar_chart_svg(["a", "b"], OrderedDict([("kappa", [-0.2, 0.6])])))
    bars = _of_class(root, "bar")
    assert len(bars) == 2 and not _of_class(root, "legend")
    h = [float(b.get("height")) for b in bars]
    assert h[1] / h[0] == pytest.approx(3.0, rel=1e-2)
    # the negative bar starts at the zero line where the positive one ends
    assert float(bars[0].get("y")) == pytest.approx(float(bars[1].get("y")) + h[1], abs=0.2)


def test_bar_chart_all_nan_draws_no_bar():
    root = _parse(bar_chart_svg(["a"], OrderedDict([("x", [NAN]), ("y", [NAN])])))
    assert not _of_class(root, "bar")


def test_histogram_one_bar_per_value_heights_proportional_to_counts():
    values, counts = list(range(0, 8)), [0, 3, 6, 12, 6, 3, 0, 1]
    root = _parse(histogram_svg(values, counts, title="Valid dates", x_label="dates", y_label="pixels"))
    bars = _of_class(root, "bar")
    assert len(bars) == len(values)
    h = [float(b.get("height")) for b in bars]
    assert h[0] == 0 and h[6] == 0
    assert h[3] / h[1] == pytest.approx(4.0, rel=1e-3)
    xs = [float(b.get("x")) for b in bars]
    assert xs == sorted(xs)
    texts = _texts(root)
    assert "dates" in texts and "pixels" in texts


def test_histogram_with_gaps_places_bars_by_value():
    root = _parse(histogram_svg([0, 5], [1, 1]))
    xs = [float(b.get("x")) for b in _of_class(root, "bar")]
    w = float(_of_class(root, "bar")[0].get("width"))
    assert xs[1] - xs[0] > 4 * w                 # five slots apart


def test_data_uris_round_trip(tmp_path):
    svg = histogram_svg([1], [1])
    uri = svg_data_uri(svg)
    assert uri.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]).decode("utf-8") == svg
    png = tmp_path / "x.png"
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    png.write_bytes(data)
    uri = png_data_uri(str(png))
    assert uri.startswith("data:image/png;base64,")
    assert base64.b64decode(uri.split(",", 1)[1]) == data
