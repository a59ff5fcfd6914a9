"""Plugin entry points, metadata and the missing-scikit-learn message."""
import configparser
import os
import sys

import pytest

from conftest import REPO

EXPECTED = {"innerbuffer", "areafilter", "prepareinsitu", "timeseriesfeatures", "composite", "cropmask",
            "cropmaskreference", "croptype", "applymodel", "parcelclassification", "loadproduct", "qualitylayers",
            "qualityreport", "compareproducts"}


def test_metadata_is_complete():
    meta = configparser.ConfigParser()
    meta.read(os.path.join(REPO, "metadata.txt"), encoding="utf-8")
    general = meta["general"]
    for key in ("name", "qgisMinimumVersion", "description", "about", "version", "author", "tags", "icon",
                "changelog"):
        assert general.get(key), key
    # required by plugins.qgis.org, empty until the project has a real address (no invented ones)
    for key in ("email", "repository", "tracker"):
        assert key in general and general[key] == "", key
    assert "example.org" not in open(os.path.join(REPO, "metadata.txt"), encoding="utf-8").read()
    assert "homepage" not in general and general["category"] == "Raster"  # documented: Raster, Vector, Database, Web
    assert general["changelog"].startswith("0.1.0") and general["version"] == "0.1.0"
    assert general["name"] == "Crop Mapper" and general["qgisMinimumVersion"] == "3.22"
    assert general["hasProcessingProvider"] == "yes"
    assert os.path.exists(os.path.join(REPO, general["icon"]))


def test_plugin_registers_and_unloads_the_provider(qgis_app):
    from qgis.core import QgsApplication

    import cropmapper

    registry = QgsApplication.processingRegistry()
    plugin = cropmapper.classFactory(None)
    existing = registry.providerById("cropmapper")
    if existing is not None:  # the session fixture's provider: take it out for this test
        registry.removeProvider(existing)
    try:
        plugin.initProcessing()
        provider = registry.providerById("cropmapper")
        assert provider is not None
        assert {a.name() for a in provider.algorithms()} == EXPECTED
        groups = {a.group() for a in provider.algorithms()}
        assert groups == {"In situ data", "Time series", "Classification", "Products and quality"}
        for alg in provider.algorithms():
            assert alg.name() == alg.name().lower() and " " not in alg.name()
            assert alg.shortHelpString()
            for param in alg.parameterDefinitions():
                assert param.help(), "%s:%s has no help text" % (alg.name(), param.name())
        plugin.unload()
        assert registry.providerById("cropmapper") is None
    finally:
        from conftest import _KEEP
        from cropmapper.provider import CropMapperProvider

        if registry.providerById("cropmapper") is None:
            _KEEP.append(CropMapperProvider())
            registry.addProvider(_KEEP[-1])


def test_missing_scikit_learn_gives_the_install_command(run_alg, monkeypatch, tmp_path):
    from qgis.core import QgsProcessingException

    monkeypatch.setitem(sys.modules, "sklearn", None)  # import sklearn now raises ImportError
    with pytest.raises(QgsProcessingException, match="scikit-learn is not installed.*apt install python3-sklearn"):
        run_alg("cropmask", {"INPUT_FOLDER": str(tmp_path), "IN_SITU": os.path.join(REPO, "demo", "parcels.geojson"),
                             "OUTPUT_FOLDER": str(tmp_path / "out")})
    assert not os.path.exists(str(tmp_path / "out")) or not os.listdir(str(tmp_path / "out"))


def test_real_number_widgets_show_the_decimals_their_values_need(qgis_app):
    # QGIS's default of 6 decimals read "15.000000" for the 15 m buffer and "0.250000" for the ratio.
    from qgis.core import QgsApplication, QgsProcessingContext
    from qgis.gui import QgsDoubleSpinBox, QgsGui, QgsProcessingGui

    shown = {}
    for alg_id, name in (("cropmapper:innerbuffer", "DISTANCE"), ("cropmapper:cropmask", "VALIDATION_RATIO"),
                         ("cropmapper:composite", "RESOLUTION")):
        parameter = QgsApplication.processingRegistry().algorithmById(alg_id).parameterDefinition(name)
        wrapper = QgsGui.processingGuiRegistry().createParameterWidgetWrapper(parameter, QgsProcessingGui.Standard)
        widget = wrapper.createWrappedWidget(QgsProcessingContext())
        box = widget if isinstance(widget, QgsDoubleSpinBox) else widget.findChild(QgsDoubleSpinBox)
        shown[name] = box.text()
    assert shown == {"DISTANCE": "15.0", "VALIDATION_RATIO": "0.25", "RESOLUTION": "10.0"}
