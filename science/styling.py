"""QML sidecars: predefined styles from styles/ and generated categorised styles.

A sidecar ``<output>.qml`` next to a file output is what QGIS loads by default,
so outputs are styled under qgis_process too (post-processors only run in the GUI).
"""
import colorsys
import os
import shutil
from xml.sax.saxutils import quoteattr

STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "styles")


def style_file(name):
    """Path of a predefined style in styles/ (``name`` with or without .qml)."""
    return os.path.join(STYLES_DIR, name if name.endswith(".qml") else name + ".qml")


def sidecar_path(output_path):
    return os.path.splitext(output_path)[0] + ".qml"


def write_sidecar(output_path, qml_text=None, style=None):
    """Write ``qml_text`` (or copy predefined ``style``) next to ``output_path``; returns its path."""
    target = sidecar_path(output_path)
    try:
        if style is not None:
            shutil.copyfile(style_file(style), target)
        else:
            with open(target, "w", encoding="utf-8") as f:
                f.write(qml_text)
    except OSError:
        if os.path.exists(target):  # half written (a full disk)
            os.remove(target)
        raise
    return target


def code_colour(code):
    """The colour of a crop code, the same in every crop-type map and parcel style (it depends only on the
    code, so maps of different periods and the parcels that trained them match)."""
    h = (int(code) * 0.618033988749895 + 0.11) % 1.0
    s = 0.55 + 0.35 * ((int(code) // 7) % 2)
    v = 0.95 - 0.25 * ((int(code) // 13) % 2)
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return "#%02x%02x%02x" % (int(r * 255), int(g * 255), int(b * 255))


def _rgba(colour, alpha=255):
    colour = colour.lstrip("#")
    return "%d,%d,%d,%d" % (int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16), alpha)


def categorised_vector_qml(field, categories, geometry="polygon"):
    """Categorised renderer on ``field``; categories: [(value, label, '#rrggbb')]."""
    symbol_type = {"polygon": "fill", "line": "line", "point": "marker"}[geometry]
    layer_class = {"fill": "SimpleFill", "line": "SimpleLine", "marker": "SimpleMarker"}[symbol_type]
    cats, symbols = [], []
    for i, (value, label, colour) in enumerate(categories):
        cats.append('<category render="true" symbol="%d" value=%s label=%s/>'
                    % (i, quoteattr(str(value)), quoteattr(str(label))))
        symbols.append(
            '<symbol type="%s" name="%d" alpha="1" clip_to_extent="1" force_rhr="0">'
            '<layer class="%s" enabled="1" pass="0" locked="0">'
            '<prop k="color" v="%s"/><prop k="outline_color" v="35,35,35,255"/>'
            '<prop k="outline_width" v="0.26"/><prop k="style" v="solid"/></layer></symbol>'
            % (symbol_type, i, layer_class, _rgba(colour, 200)))
    return ('<!DOCTYPE qgis PUBLIC \'http://mrcc.com/qgis.dtd\' \'SYSTEM\'>\n'
            '<qgis version="3.22" styleCategories="Symbology">\n'
            '<renderer-v2 type="categorizedSymbol" attr=%s enableorderby="0" symbollevels="0" forceraster="0">\n'
            '<categories>%s</categories>\n<symbols>%s</symbols>\n</renderer-v2>\n</qgis>\n'
            % (quoteattr(field), "".join(cats), "".join(symbols)))


def paletted_raster_qml(entries, band=1, opacity=1.0):
    """Paletted (unique values) raster renderer; entries: [(value, label, '#rrggbb')]."""
    items = "".join('<paletteEntry value="%s" label=%s color="%s" alpha="255"/>'
                    % (value, quoteattr(str(label)), colour) for value, label, colour in entries)
    return ('<!DOCTYPE qgis PUBLIC \'http://mrcc.com/qgis.dtd\' \'SYSTEM\'>\n'
            '<qgis version="3.22" styleCategories="Symbology">\n<pipe>\n'
            '<rasterrenderer type="paletted" band="%d" opacity="%s" alphaBand="-1" nodataColor="">\n'
            '<colorPalette>%s</colorPalette>\n</rasterrenderer>\n</pipe>\n</qgis>\n'
            % (band, opacity, items))


def crop_vector_qml(field="CROP"):
    """The predefined crop / non-crop parcel style, categorised on ``field``."""
    with open(style_file("insitu_crop"), encoding="utf-8") as f:
        text = f.read()
    return text.replace('attr="CROP"', "attr=%s" % quoteattr(field))


def code_vector_qml(field, codes, names=None):
    """A colour per crop code (``code_colour``, as in the crop-type map), labelled from ``names``."""
    codes = sorted(set(codes))
    names = names or {}
    return categorised_vector_qml(field, [(c, "%s %s" % (c, names[c]) if names.get(c) else str(c), code_colour(c))
                                          for c in codes])
