"""Test set-up: the repository is the package ``cropmapper`` through build/plugins/cropmapper,
QGIS runs offscreen with a temporary profile, and real data is used when ../shared/data exists."""
import os
import sys
import tempfile

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(REPO, "build", "plugins")
SHARED_DATA = os.path.abspath(os.path.join(REPO, "..", "shared", "data"))
FLANDERS = os.path.join(SHARED_DATA, "flanders2018")
FLANDERS_SAFE = os.path.join(SHARED_DATA, "flanders2018_safe")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QGIS_CUSTOM_CONFIG_PATH", tempfile.mkdtemp(prefix="cropmapper-test-profile-"))
os.makedirs(PLUGIN_PATH, exist_ok=True)
if not os.path.exists(os.path.join(PLUGIN_PATH, "cropmapper")):
    os.symlink(REPO, os.path.join(PLUGIN_PATH, "cropmapper"))
for path in (PLUGIN_PATH, os.path.join(REPO, "scripts"), "/usr/share/qgis/python/plugins"):
    if path not in sys.path:
        sys.path.insert(0, path)


_KEEP = []


def listing(folder):
    """Every file and folder under ``folder``, relative and sorted (what a run wrote or left behind)."""
    found = []
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            found.append(os.path.relpath(os.path.join(base, name), folder))
    return sorted(found)


def needs(path):
    """Skip cleanly when the shared real data is absent."""
    return pytest.mark.skipif(not os.path.exists(path), reason="real data not present: %s" % path)


@pytest.fixture(scope="session")
def qgis_app():
    from qgis.core import QgsApplication
    from qgis.testing import start_app

    app = start_app()
    from processing.core.Processing import Processing

    Processing.initialize()
    from cropmapper.provider import CropMapperProvider

    registry = QgsApplication.processingRegistry()
    if registry.providerById("cropmapper") is None:
        # Keep a Python reference: a collected provider loses its Python methods.
        _KEEP.append(CropMapperProvider())
        registry.addProvider(_KEEP[-1])
    yield app
    # GDAL datasets cached by the readers must close before QGIS shuts GDAL down at exit.
    from cropmapper.science.io.readers import release_datasets

    release_datasets()


@pytest.fixture
def run_alg(qgis_app):
    """Run a cropmapper algorithm through processing.run; returns its result dict."""
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    def _run(alg_id, params, feedback=None):
        context = QgsProcessingContext()
        return processing.run("cropmapper:" + alg_id, params, context=context,
                              feedback=feedback or QgsProcessingFeedback())

    return _run


@pytest.fixture(scope="session")
def qgis_process():
    from qgisprocess import QgisProcess

    return QgisProcess(PLUGIN_PATH)
