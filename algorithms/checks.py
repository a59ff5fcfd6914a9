"""Checks every algorithm runs on its parameters before anything is written (checkParameterValues in
base.py): numbers inside their range, dates QGIS can read, outputs that are not inputs, paths QGIS and GDAL
can carry."""
import math
import os

from ..science.io.readers.discover import input_clash
from ..translation import tr
from .parcels_io import file_part

# The period parameters (parameters.add_period_parameters): key, label, which image date an empty one means.
DATES = (("START_DATE", "Start date", "first"), ("END_DATE", "End date", "last"))


def bad_date_message(name, value):
    label, which = next((label, which) for key, label, which in DATES if key == name)
    template = (tr("%s (%s): '%s' is not a date. Write it as YYYY-MM-DD (e.g. 2018-03-01), or leave it empty "
                   "for the first image date.") if which == "first" else
                tr("%s (%s): '%s' is not a date. Write it as YYYY-MM-DD (e.g. 2018-03-01), or leave it empty "
                   "for the last image date."))
    return template % (tr(label), name, value)


def date_error(definition, value, context):
    """The message for a date QGIS cannot read (None when it can or none is given): QGIS's own check says
    only "Incorrect parameter value"."""
    if value in (None, "") or definition.checkValueIsAcceptable(value, context):
        return None
    return bad_date_message(definition.name(), value)


def number_range_error(definition, value):
    """The message for a number parameter's value outside its range (None when inside or not given): QGIS's
    own "Incorrect parameter value" names no range."""
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None  # not a plain number (an expression, a property): QGIS checks it
    lo, hi = definition.minimum(), definition.maximum()
    lo = None if lo <= -1e300 else lo
    hi = None if hi >= 1e300 else hi
    if math.isfinite(number) and (lo is None or number >= lo) and (hi is None or number <= hi):
        return None
    def text(v):
        return "%d" % v if float(v).is_integer() and abs(v) < 1e18 else "%g" % v
    got = text(number) if math.isfinite(number) else str(value)
    if lo is not None and hi is not None:
        return tr("%s must be between %s and %s (got %s).") % (definition.name(), text(lo), text(hi), got)
    if lo is not None:
        return tr("%s must be at least %s (got %s).") % (definition.name(), text(lo), got)
    return tr("%s must be at most %s (got %s).") % (definition.name(), text(hi), got)


IMAGE_INPUTS = ("INPUT", "INPUT_FOLDER")
_LAYER_TYPES = ("source", "vector", "raster", "layer")


def _input_paths(alg, parameters, context):
    """(image inputs, other input files) of the run's parameters, as paths."""
    images, others = [], []
    for d in alg.parameterDefinitions():
        value = parameters.get(d.name())
        if d.isDestination() or value in (None, "", []):
            continue
        try:
            if d.type() == "multilayer":
                paths = [file_part(p) for p in alg.parameterAsFileList(parameters, d.name(), context)]
            elif d.type() == "file":
                paths = [alg.parameterAsFile(parameters, d.name(), context)]
            elif d.type() in _LAYER_TYPES:
                layer = alg.parameterAsLayer(parameters, d.name(), context)
                paths = [file_part(layer.source() if layer is not None else value)]
            else:
                continue
        except Exception:  # noqa: BLE001 - an unreadable value is reported by the run itself
            continue
        paths = [p for p in paths if p]
        (images if d.name() in IMAGE_INPUTS and d.type() in ("multilayer", "file") else others).extend(paths)
    return images, others


def output_input_error(alg, parameters, context):
    """The message for an output (file, folder, layer) that is one of the inputs or lies inside an input
    product (None when every output is new ground): writing it would destroy the input."""
    images, others = _input_paths(alg, parameters, context)
    for d in alg.destinationParameterDefinitions():
        if parameters.get(d.name()) in (None, ""):
            continue
        try:
            if d.type() in ("fileDestination", "folderDestination"):
                out = alg.parameterAsFileOutput(parameters, d.name(), context)
            else:
                out = alg.parameterAsOutputLayer(parameters, d.name(), context)
        except Exception:  # noqa: BLE001
            continue
        out = file_part(out)
        if not out:
            continue
        reason = input_clash(out, images) or input_clash(out, [p for p in others if not os.path.isdir(p)])
        if reason:
            return ("The output %s (%s) %s: choose another %s, the input would be overwritten."
                    % (d.name(), out, reason, "folder" if d.type() == "folderDestination" else "file"))
    return None


def _texts(value):
    """The strings in a parameter value (lists, an output definition's sink)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _texts(v)
    elif hasattr(value, "sink") and hasattr(value.sink, "staticValue"):
        yield from _texts(value.sink.staticValue())


def non_utf8_error(parameters):
    """The message for a path (or text) holding bytes that are not UTF-8 (on Linux, a name Python decodes to
    surrogates): GDAL, OGR and Qt take UTF-8 text only, they would fail with a traceback. None when all are."""
    for name, value in parameters.items():
        for text in _texts(value):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raw = text.encode("utf-8", "surrogateescape")
                shown = raw.decode("utf-8", "backslashreplace")
                bad = text[exc.start:exc.end].encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                return (tr("%s: %s holds bytes that are not UTF-8 text (%s): QGIS and GDAL cannot use such a name. "
                           "Rename the file or folder with UTF-8 characters only, or choose another one.")
                        % (name, shown, bad))
    return None


def raster_list_error(definition, value, context):
    """The message for a raster of a multiple-raster parameter (EXTRA_RASTERS) that cannot be opened, None
    when every one opens: QGIS's own is "Incorrect parameter value" and names neither the file nor why."""
    from qgis.core import QgsProcessing, QgsProcessingUtils
    from osgeo import gdal

    if definition.layerType() != QgsProcessing.TypeRaster or not value:
        return None
    for item in value if isinstance(value, (list, tuple)) else [value]:
        if not isinstance(item, str) or not item.strip():
            continue
        if QgsProcessingUtils.mapLayerFromString(item, context) is not None:
            continue
        if not os.path.exists(item):
            return tr("Cannot open the extra raster %s (%s): the file does not exist.") % (item, definition.name())
        try:
            gdal.Open(item)
            reason = tr("QGIS cannot load it as a raster layer")
        except RuntimeError as exc:
            reason = str(exc).strip()
        return tr("Cannot open the extra raster %s (%s): %s. Give a raster GDAL can read (e.g. GeoTIFF).") % (
            item, definition.name(), reason)
    return None
