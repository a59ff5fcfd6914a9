"""Thin shared base for Crop Mapper algorithms: ids, groups, help, icon,
feedback adapter, error translation, optional-dependency checks and styling."""
import html
import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtGui import QIcon

from ..science.errors import Cancelled, InputError
from ..science.progress import Reporter
from ..science.io.readers import release_datasets

PLUGIN_DIR = os.path.dirname(os.path.dirname(__file__))
ICON = os.path.join(PLUGIN_DIR, "icons", "cropmapper.svg")
STYLES_DIR = os.path.join(PLUGIN_DIR, "styles")

GROUPS = {
    "insitu": "In situ data",
    "timeseries": "Time series",
    "classification": "Classification",
    "products": "Products and quality",
}

SKLEARN_HELP = (
    "scikit-learn is not installed in the Python that QGIS uses. Install it, then restart QGIS: "
    "Debian/Ubuntu: 'sudo apt install python3-sklearn'; Windows: open the OSGeo4W Shell and run "
    "'python -m pip install scikit-learn'; macOS: run "
    "'/Applications/QGIS.app/Contents/MacOS/bin/pip3 install scikit-learn'."
)

# Post-processors must outlive the algorithm run; QGIS does not keep a Python reference.
_POST_PROCESSORS = []


def require_sklearn():
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise QgsProcessingException(SKLEARN_HELP) from exc


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


class CropMapperAlgorithm(QgsProcessingAlgorithm):
    """Subclasses set ID (fixed, lowercase), NAME, GROUP (a key of GROUPS),
    HELP (HTML-free text) and PARAM_HELP ({parameter name: text})."""

    ID = ""
    NAME = ""
    GROUP = ""
    HELP = ""
    PARAM_HELP = {}
    NEEDS_SKLEARN = False

    def name(self):
        return self.ID

    def displayName(self):  # noqa: N802
        return self.NAME

    def group(self):
        return GROUPS[self.GROUP]

    def groupId(self):  # noqa: N802
        return self.GROUP

    def icon(self):
        return QIcon(ICON)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def shortHelpString(self):  # noqa: N802
        parts = ["<p>%s</p>" % html.escape(p).replace("\n", "<br>") for p in self.HELP.strip().split("\n\n")]
        if self.NEEDS_SKLEARN:
            parts.append("<p><i>Requires scikit-learn.</i> %s</p>" % html.escape(SKLEARN_HELP))
        if self.PARAM_HELP:
            parts.append("<h3>Parameters</h3><dl>")
            for key, text in self.PARAM_HELP.items():
                parts.append("<dt><b>%s</b></dt><dd>%s</dd>" % (key, html.escape(text)))
            parts.append("</dl>")
        return "".join(parts)

    def addParameter(self, parameter, createOutput=True):  # noqa: N802,N803
        # Every parameter carries its help text (tooltip in the dialog, qgis_process help).
        text = self.PARAM_HELP.get(parameter.name())
        if text and hasattr(parameter, "setHelp"):
            parameter.setHelp(text)
        return super().addParameter(parameter, createOutput)

    # --- running the science -------------------------------------------------
    @staticmethod
    def reporter(feedback):
        if feedback is None:
            return Reporter()
        return Reporter(on_progress=feedback.setProgress,
                        on_info=feedback.pushInfo,
                        on_warning=getattr(feedback, "pushWarning", feedback.reportError),
                        is_canceled=feedback.isCanceled)

    def run_science(self, function, *args, **kwargs):
        """Call the QGIS-free core; its errors become QgsProcessingException."""
        try:
            return function(*args, **kwargs)
        except InputError as exc:
            raise QgsProcessingException(str(exc)) from exc
        except Cancelled as exc:
            raise QgsProcessingException("Cancelled: nothing was written.") from exc

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
        from .parameters import number_range_error, output_input_error

        for definition in self.parameterDefinitions():
            if isinstance(definition, QgsProcessingParameterNumber):
                message = number_range_error(definition, parameters.get(definition.name()))
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
