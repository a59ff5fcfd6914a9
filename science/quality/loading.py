"""What cropmapper:loadproduct loads, without QGIS: the layers of a product in display order (top first),
each with its source, its style (QML text) and, for the flags, its band.

``plan(product, composite=None)`` -> (layers, missing): layers are dicts {"key", "name", "kind" ("raster" or
"vector"), "source", "qml"}; missing names what the product lacks (the rest still loads).
"""
import os
import zipfile

from ..products import FLAG_BANDS, NODATA, read_lut, read_product
from ..products.names import COLOURS
from ..styling import categorised_vector_qml, paletted_raster_qml, sidecar_path, style_file
from ..products.writer import flags_qml

FLAG_COLOURS = {  # few dates (left) to many (right)
    "valid": ("#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"),
    "water": ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"),
    "snow": ("#fcfbfd", "#dadaeb", "#9e9ac8", "#6a51a3", "#3f007d"),
    "cloud": ("#ffffe5", "#fee391", "#fe9929", "#cc4c02", "#662506"),
}
SPLIT_COLOURS = (("training", "training polygons", "#1f78b4"), ("validation", "validation polygons", "#ff7f00"))


def _read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def lut_entries(product):
    """[(value, label, '#rrggbb')] from the product's LUT, or the default classes of its level."""
    entries = [(value, name or str(value), "#%02x%02x%02x" % rgb)
               for value, name, rgb in read_lut(product.aux.get("LUT"))]
    if entries:
        return entries
    if product.level == "L4A":
        return [(0, "non-crop", COLOURS["noncrop"]), (1, "crop", COLOURS["crop"])]
    return []


def _map_qml(product, path):
    if os.path.exists(sidecar_path(path)):
        return _read(sidecar_path(path))
    entries = lut_entries(product)
    if product.level == "L4A" and not product.aux.get("LUT"):
        return _read(style_file("cropmask"))
    if not entries:  # a genuine crop type without LUT: the values found, with the project's code colours
        from ..products import code_colour, raster_values

        entries = [(0, "not crop", COLOURS["notcrop_type"])] + [
            (v, "code %d" % v, code_colour(v)) for v in sorted(raster_values(path)) if v not in (0, NODATA)]
    return paletted_raster_qml(entries)


def flag_band_qml(path, band, name):
    """The flags style on ``band`` (1-4), its ramp in this band's colours and labels."""
    text = flags_qml(path)
    text = text.replace('band="1"', 'band="%d"' % band).replace("valid dates", "%s dates" % name)
    for old, new in zip(FLAG_COLOURS["valid"], FLAG_COLOURS.get(name, FLAG_COLOURS["valid"])):
        text = text.replace('color="%s"' % old, 'color="%s"' % new)
    return text


def insitu_source(isd_zip):
    """The OGR source of the in situ layer inside the ISD zip, or None."""
    try:
        with zipfile.ZipFile(isd_zip) as z:
            names = [n for n in z.namelist() if n.lower().endswith((".gpkg", ".shp"))]
    except (OSError, zipfile.BadZipFile):
        return None
    if not names:
        return None
    source = "/vsizip/%s/%s" % (os.path.abspath(isd_zip).replace(os.sep, "/"), names[0])
    return source + ("|layername=insitu" if names[0].lower().endswith(".gpkg") else "")


def plan(product, composite=None):
    if not hasattr(product, "level"):
        product = read_product(product)
    layers, missing = [], []
    title = "crop mask" if product.level == "L4A" else "crop type"
    isd = product.aux.get("ISD")
    if isd:
        source = insitu_source(isd)
        if source:
            layers.append({"key": "INSITU", "name": "In situ polygons (training / validation)", "kind": "vector",
                           "source": source,
                           "qml": categorised_vector_qml("SPLIT", SPLIT_COLOURS)})
        else:
            missing.append("the in situ polygons (%s holds no readable layer)" % isd)
    else:
        missing.append("the in situ polygons (no ISD zip in AUX_DATA)")
    for key, path, name in (("MAP", product.map_path, title.capitalize()),
                            ("RAW", product.raw_path, "Raw %s" % title),
                            ("CONFIDENCE", product.confidence_path, "Confidence")):
        if path and os.path.exists(path):
            qml = _map_qml(product, path) if key != "CONFIDENCE" else (
                _read(sidecar_path(path)) if os.path.exists(sidecar_path(path)) else _read(style_file("confidence")))
            layers.append({"key": key, "name": name, "kind": "raster", "source": path, "qml": qml})
        else:
            missing.append("the %s raster" % name.lower())
    flags = product.flags_path
    if flags and os.path.exists(flags):
        for b, band in enumerate(FLAG_BANDS):
            layers.append({"key": "FLAGS_%s" % band.upper(), "name": "%s dates" % band.capitalize(),
                           "kind": "raster", "source": flags, "band": b + 1,
                           "qml": flag_band_qml(flags, b + 1, band)})
    else:
        missing.append("the quality flags raster")
    if composite:
        if os.path.exists(composite):
            layers.append({"key": "COMPOSITE", "name": "Composite (true colour)", "kind": "raster",
                           "source": composite, "qml": _read(style_file("composite_truecolour"))})
        else:
            missing.append("the composite %s" % composite)
    # display order, top first: in situ, map, raw, confidence, flags, composite
    return layers, missing
