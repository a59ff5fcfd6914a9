"""Thin shared base for Crop Mapper algorithms: ids, groups, help, icon, translation,
feedback adapter, error translation, optional-dependency checks and styling."""
import html as _html
import importlib.util
import os
import re
import textwrap

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsApplication,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QIcon

from ..science.errors import Cancelled, InputError, format_message
from ..science.progress import Reporter
from ..science.io.readers import release_datasets
from ..translation import locale_code, tr

__all__ = ["tr", "translatable"]  # algorithm files take them from here


def translatable(text):
    """Marks a literal that is translated later, where it is shown (scripts/extract_strings.py collects it)."""
    return text

PLUGIN_DIR = os.path.dirname(os.path.dirname(__file__))
ICON = os.path.join(PLUGIN_DIR, "icons", "cropmapper.svg")
STYLES_DIR = os.path.join(PLUGIN_DIR, "styles")
# Built by scripts/build_help.py (make help): <id>.html in English, <lang>/<id>.html translated.
HELP_DIR = os.path.join(PLUGIN_DIR, "help")

GROUPS = {
    "insitu": "In situ data",
    "timeseries": "Time series",
    "classification": "Classification",
    "products": "Products and quality",
}

SKLEARN_INSTALL = (
    "Debian/Ubuntu: 'sudo apt install python3-sklearn'; Windows: open the OSGeo4W Shell and run "
    "'python -m pip install scikit-learn'; macOS: run "
    "'/Applications/QGIS.app/Contents/MacOS/bin/pip3 install scikit-learn'."
)
SKLEARN_MISSING = "scikit-learn is not installed in the Python that QGIS uses. Install it, then restart QGIS:"
SKLEARN_REQUIRED = "Requires scikit-learn in the Python that QGIS uses. To install it:"

# Post-processors must outlive the algorithm run; QGIS does not keep a Python reference.
_POST_PROCESSORS = []


def escape(text):
    """Text for HTML content (apostrophes stay readable: no attribute values are built from it)."""
    return _html.escape(text, quote=False)


def sklearn_missing_text():
    return "%s %s" % (tr(SKLEARN_MISSING), tr(SKLEARN_INSTALL))


def has_sklearn():
    """Whether scikit-learn can be imported, without importing it (the help asks often)."""
    try:
        return importlib.util.find_spec("sklearn") is not None
    except (ImportError, ValueError):  # ValueError: a module entry without a spec
        return False


def require_sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise QgsProcessingException(sklearn_missing_text()) from exc


def plain_text_help():
    """qgis_process prints shortHelpString as it is: there the help is plain text, not HTML."""
    return QgsApplication.platform() == "qgis_process"


def _first_sentence(text):
    match = re.match(r"(.+?(?<!e\.g)(?<!i\.e)[.!?])(?=\s+[A-Z0-9(]|\s*$)", text.strip(), re.S)
    return (match.group(1) if match else text.strip()).replace("\n", " ")


def style_path(name):
    return os.path.join(STYLES_DIR, name)


class StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Applies a QML file when QGIS loads an output layer (GUI only)."""

    def __init__(self, qml):
        super().__init__()
        self.qml = qml

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if layer is not None and layer.isValid() and os.path.exists(self.qml):
            layer.loadNamedStyle(self.qml)
            layer.triggerRepaint()


def set_decimals(parameter):
    """A real-number widget shows as many decimals as its default and minimum need (1 to 4): QGIS's default of
    6 reads '15.000000' for a 15 m buffer."""
    metadata = parameter.metadata()
    wrapper = dict(metadata.get("widget_wrapper") or {})
    if "decimals" in wrapper:
        return
    needed = 1
    for value in (parameter.defaultValue(), parameter.minimum()):
        if isinstance(value, (int, float)) and abs(value) < 1e12:
            text = ("%.4f" % value).rstrip("0")
            needed = max(needed, len(text.split(".")[1]))
    wrapper["decimals"] = min(needed, 4)
    metadata["widget_wrapper"] = wrapper
    parameter.setMetadata(metadata)


class CropMapperAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ID (fixed, lowercase), NAME, GROUP (a key of GROUPS), HELP (HTML-free text,
    paragraphs separated by a blank line), PARAM_HELP ({parameter name: text}) and optionally SHORT (the
    toolbox tooltip; default: HELP's first sentence). All of it is English source text: it is translated
    here, paragraph by paragraph, as are parameter and output descriptions and enum labels."""

    ID = ""
    NAME = ""
    GROUP = ""
    HELP = ""
    SHORT = ""
    PARAM_HELP = {}
    NEEDS_SKLEARN = False

    tr = staticmethod(tr)

    def name(self):
        return self.ID

    def displayName(self):  # noqa: N802
        return tr(self.NAME)

    def group(self):
        return tr(GROUPS[self.GROUP])

    def groupId(self):  # noqa: N802
        return self.GROUP

    def icon(self):
        return QIcon(ICON)

    def svgIconPath(self):  # noqa: N802
        return ICON

    def createInstance(self):  # noqa: N802
        return type(self)()

    def shortDescription(self):  # noqa: N802
        return tr(self.SHORT or _first_sentence(self.HELP))

    def helpUrl(self):  # noqa: N802
        for path in (os.path.join(HELP_DIR, locale_code(), self.ID + ".html"),
                     os.path.join(HELP_DIR, self.ID + ".html")):
            if os.path.exists(path):
                return QUrl.fromLocalFile(path).toString()
        return ""

    # --- help ----------------------------------------------------------------
    def help_paragraphs(self):
        return [tr(p.strip()) for p in self.HELP.strip().split("\n\n") if p.strip()]

    def parameter_help(self):
        """[(label as the dialog shows it, key, help)] in PARAM_HELP's order."""
        rows = []
        for key, text in self.PARAM_HELP.items():
            definition = self.parameterDefinition(key)
            rows.append((definition.description() if definition is not None else key, key, tr(text)))
        return rows

    def help_html(self, page=False):
        """The help as HTML: the dialog's panel, or (``page``) the body of help/<id>.html, which says the
        requirement instead of whether scikit-learn is installed here."""
        parts = ["<p>%s</p>" % escape(p).replace("\n", "<br>") for p in self.help_paragraphs()]
        if self.NEEDS_SKLEARN and page:
            parts.append("<p><i>%s</i> %s</p>" % (escape(tr(SKLEARN_REQUIRED)),
                                                 escape(tr(SKLEARN_INSTALL))))
        elif self.NEEDS_SKLEARN and not has_sklearn():
            parts.append("<p><b>%s</b></p>" % escape(sklearn_missing_text()))
        rows = self.parameter_help()
        if rows:
            parts.append("<h3>%s</h3><dl>" % escape(tr("Parameters")))
            for label, key, text in rows:
                parts.append("<dt><b>%s</b> (%s)</dt><dd>%s</dd>" % (escape(label), key, escape(text)))
            parts.append("</dl>")
        return "".join(parts)

    def help_page(self):
        """help/<id>.html: a whole page, in the language of the installed translator."""
        title = escape(self.displayName())
        return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>%s</title>\n"
                "<style>body{font-family:sans-serif;max-width:50em;margin:1em auto;line-height:1.4}"
                "dt{margin-top:.6em}</style></head>\n<body><h1>%s</h1>\n<p><i>%s</i> &mdash; cropmapper:%s</p>\n"
                "%s\n</body></html>\n" % (title, title, escape(tr("Group: %s") % self.group()),
                                           self.ID, self.help_html(page=True)))

    def help_text(self, width=100):
        """Plain-text help for qgis_process, whose "Arguments" part lists the parameters and their help."""
        paragraphs = self.help_paragraphs()
        # qgis_process prints shortDescription() just before: do not repeat it.
        short = self.shortDescription()
        if paragraphs and paragraphs[0].startswith(short):
            paragraphs[0] = paragraphs[0][len(short):].strip()
            paragraphs = [p for p in paragraphs if p]
        if self.NEEDS_SKLEARN and not has_sklearn():
            paragraphs.append(sklearn_missing_text())
        # The leading blank line parts it from the shortDescription() line above.
        return "\n" + "\n\n".join("\n".join(textwrap.fill(line, width) for line in p.split("\n"))
                                   for p in paragraphs)

    def shortHelpString(self):  # noqa: N802
        return self.help_text() if plain_text_help() else self.help_html()

    # --- translated definitions ------------------------------------------------
    def addParameter(self, parameter, createOutput=True):  # noqa: N802,N803
        # Every parameter carries its help text (tooltip in the dialog, qgis_process help).
        parameter.setDescription(tr(parameter.description()))
        text = self.PARAM_HELP.get(parameter.name())
        if text and hasattr(parameter, "setHelp"):
            parameter.setHelp(tr(text))
        # Static-string enums take their option as the value scripts pass: those stay as they are.
        if isinstance(parameter, QgsProcessingParameterEnum) and not parameter.usesStaticStrings():
            parameter.setOptions([tr(option) for option in parameter.options()])
        if isinstance(parameter, QgsProcessingParameterNumber) and \
                parameter.dataType() == QgsProcessingParameterNumber.Double:
            set_decimals(parameter)
        return super().addParameter(parameter, createOutput)

    def addOutput(self, output):  # noqa: N802
        output.setDescription(tr(output.description()))
        return super().addOutput(output)

    # --- running the science -------------------------------------------------
    @staticmethod
    def reporter(feedback):
        if feedback is None:
            return Reporter()
        return Reporter(on_progress=feedback.setProgress,
                        on_info=feedback.pushInfo,
                        on_warning=getattr(feedback, "pushWarning", feedback.reportError),
                        is_canceled=feedback.isCanceled,
                        translate=tr)

    def run_science(self, function, *args, **kwargs):
        """Call the QGIS-free core; its errors become QgsProcessingException."""
        try:
            return function(*args, **kwargs)
        except InputError as exc:
            raise QgsProcessingException(format_message(exc.template, exc.args, tr)) from exc
        except Cancelled as exc:
            raise QgsProcessingException(tr("Cancelled: nothing was written.")) from exc

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        if self.NEEDS_SKLEARN:
            require_sklearn()
        try:
            return self.execute(parameters, context, feedback)
        finally:
            # Files stay neither locked (Windows) nor open past QGIS's own GDAL shutdown.
            release_datasets()

    def execute(self, parameters, context, feedback):
        raise NotImplementedError

    def checkParameterValues(self, parameters, context):  # noqa: N802
        # QGIS's own message ("Incorrect parameter value for N_TREES") names no range; outputs that are
        # inputs are refused here, before anything is written (dialog, processing.run and qgis_process).
        from .checks import date_error, non_utf8_error, number_range_error, output_input_error, raster_list_error

        message = non_utf8_error(parameters)  # first: Qt and GDAL cannot even carry such a path in a message
        if message:
            return False, message
        for definition in self.parameterDefinitions():
            value = parameters.get(definition.name())
            if isinstance(definition, QgsProcessingParameterNumber):
                message = number_range_error(definition, value)
            elif isinstance(definition, QgsProcessingParameterDateTime):
                message = date_error(definition, value, context)
            elif isinstance(definition, QgsProcessingParameterMultipleLayers):
                message = raster_list_error(definition, value, context)
            else:
                continue
            if message:
                return False, message
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        message = output_input_error(self, parameters, context)
        return (False, message) if message else (True, "")

    # --- styling -------------------------------------------------------------
    @staticmethod
    def style_on_load(context, output_id, qml):
        """Apply ``qml`` when the GUI loads ``output_id`` (a layer id or a path)."""
        if context.willLoadLayerOnCompletion(output_id):
            loader = StyleLoader(qml)
            _POST_PROCESSORS.append(loader)
            context.layerToLoadOnCompletionDetails(output_id).setPostProcessor(loader)
