"""Translation and help: every string the algorithms show has a French translation, the .qm gives French
back (in QGIS and in qgis_process), help pages, tooltips, icons and the plugin zip's checks."""
import json
import os
import re
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

import pytest

from conftest import REPO

TS = os.path.join(REPO, "i18n", "cropmapper_fr.ts")
QM = os.path.join(REPO, "i18n", "cropmapper_fr.qm")
# printf-style conversions (not "95 % of") and {name} fields
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-+0#]*\d*(?:\.\d+)?[sdifgeExX]|\{[^{}]*\}")


def ts_messages():
    """{source: (translation, type)} of the French .ts."""
    out = {}
    for message in ET.parse(TS).getroot().iter("message"):
        node = message.find("translation")
        out[message.findtext("source")] = (node.text or "", node.get("type"))
    return out


@pytest.fixture(scope="module")
def qm(qgis_app):
    """The .qm as make builds it (rebuilt here when missing or older than the .ts)."""
    if not os.path.exists(QM) or os.path.getmtime(QM) < os.path.getmtime(TS):
        subprocess.run(["lrelease", "-silent", TS, "-qm", QM], check=True)
    return QM


@pytest.fixture
def french(qm):
    from cropmapper import translation

    translator = translation.install_translator("fr")
    assert translator is not None, "the French .qm did not load"
    yield translator
    translation.remove_translator(translator)


def test_every_string_shown_has_a_finished_french_translation(qgis_app):
    import extract_strings

    strings = extract_strings.shown_strings()
    assert len(strings) > 450 and "Number of trees" in strings and "Product not found: %s" in strings
    # science/'s templates: an InputError and a reporter message
    assert "The crop field '%s' must hold 0 (non-crop) or 1 (crop); it also holds: %s. " \
        "Recode it, or choose another field." in strings and "%d image(s) used, %d skipped." in strings
    messages = ts_messages()
    missing = [s for s in strings if s not in messages or not messages[s][0] or messages[s][1] is not None]
    assert not missing, "untranslated (run `make ts`, translate, `make qm`):\n" + "\n".join(missing)


def test_placeholders_are_the_same_in_source_and_translation():
    wrong = []
    for source, (text, kind) in ts_messages().items():
        if kind is None and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            wrong.append("%s -> %s" % (source, text))
    assert not wrong, "\n".join(wrong)
    assert PLACEHOLDER.findall("95 % of %s, {level} and %d") == ["%s", "{level}", "%d"]


def test_french_comes_back_from_the_qm(french):
    from cropmapper.algorithms.registry import algorithm_classes

    algs = {cls.ID: cls() for cls in algorithm_classes()}
    for alg in algs.values():
        alg.initAlgorithm()
    mask = algs["cropmask"]
    assert mask.displayName() == "Masque de cultures (forêt aléatoire)"
    assert mask.group() == "Classification" and algs["innerbuffer"].group() == "Données in situ"
    assert mask.parameterDefinition("N_TREES").description() == "Nombre d'arbres"
    assert mask.parameterDefinition("N_TREES").help() == "Nombre d'arbres de la forêt aléatoire (100 par défaut, de 1 à 1000)."
    assert mask.outputDefinition("OVERALL_ACCURACY").description() == "Exactitude globale"
    assert "<b>Nombre d'arbres</b> (N_TREES)" in mask.shortHelpString()
    assert mask.shortDescription().startswith("Produit un masque de cultures")
    # labels are translated, option values that scripts pass are not
    assert algs["composite"].parameterDefinition("METHOD").options()[0] == "Médiane des observations sans nuage"
    assert mask.parameterDefinition("VALIDATION_MODE").options() == ["split", "kfold"]
    assert sorted(mask.parameterDefinition("FEATURES").options()) == ["extended", "none", "sen2agri"]


def test_an_error_message_comes_in_french(french, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    points = tmp_path / "points.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ID": 1}, "geometry": {"type": "Point", "coordinates": [4.0, 51.0]}}]}))
    with pytest.raises(QgsProcessingException) as err:
        run_alg("innerbuffer", {"INPUT": str(points), "OUTPUT": str(tmp_path / "out.gpkg")})
    assert str(err.value) == ("La couche in situ contient des géométries Point. Les parcelles doivent être des "
                              "polygones (une couche de polygones ou de multipolygones).")
    assert not (tmp_path / "out.gpkg").exists()


def _parcels(tmp_path, crops):
    """A GeoJSON of 1 km squares near Ghent with these CROP values."""
    features = [{"type": "Feature", "properties": {"ID": i + 1, "CROP": crop},
                 "geometry": {"type": "Polygon", "coordinates": [[[4.0 + 0.02 * i, 51.0], [4.014 + 0.02 * i, 51.0],
                                                                  [4.014 + 0.02 * i, 51.009], [4.0 + 0.02 * i, 51.009],
                                                                  [4.0 + 0.02 * i, 51.0]]]}}
                for i, crop in enumerate(crops)]
    path = tmp_path / "parcels.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return str(path)


def test_a_science_error_and_log_come_in_french(french, run_alg, tmp_path):
    from qgis.core import QgsProcessingException, QgsProcessingFeedback

    with pytest.raises(QgsProcessingException) as err:
        run_alg("prepareinsitu", {"INPUT": _parcels(tmp_path, [1, 7]), "OUTPUT": str(tmp_path / "bad.gpkg")})
    assert str(err.value) == "Le champ 'CROP' ne doit contenir que 1 (culture) ou 0 (non-culture), mais il contient " \
                             "aussi 7."
    assert not (tmp_path / "bad.gpkg").exists()

    class Log(QgsProcessingFeedback):
        lines = []

        def pushInfo(self, info):  # noqa: N802
            self.lines.append(info)

    run_alg("prepareinsitu", {"INPUT": _parcels(tmp_path, [1, 0]), "OUTPUT": str(tmp_path / "ok.gpkg")}, Log())
    assert "Filtre de surface\u00a0: 2 parcelle(s) sur 2 de plus de 5000 m² gardée(s)." in Log.lines
    assert not [line for line in Log.lines if line.startswith("Area filter")]


def test_a_science_error_stays_english_without_translator_and_in_str(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    from cropmapper.science.errors import InputError
    from cropmapper.science.insitu import PURPOSE_CROP_MASK, Parcel, check_attributes

    english = "Field 'CROP' must hold 1 (crop) or 0 (non-crop) only, but it also holds 7."
    with pytest.raises(QgsProcessingException) as err:
        run_alg("prepareinsitu", {"INPUT": _parcels(tmp_path, [1, 7]), "OUTPUT": str(tmp_path / "bad.gpkg")})
    assert str(err.value) == english
    with pytest.raises(InputError) as err:
        check_attributes([Parcel(b"", {"CROP": 1}), Parcel(b"", {"CROP": 7})], ["CROP"], PURPOSE_CROP_MASK)
    assert str(err.value) == english and err.value.args == ("CROP", "7")
    assert err.value.template == "Field '%s' must hold 1 (crop) or 0 (non-crop) only, but it also holds %s."


def test_a_translation_with_other_placeholders_falls_back_to_english(french, run_alg, tmp_path, monkeypatch):
    from qgis.core import QgsProcessingException

    from cropmapper.algorithms import base
    from cropmapper.science.errors import format_message

    template = "Field '%s' must hold 1 (crop) or 0 (non-crop) only, but it also holds %s."
    monkeypatch.setattr(base, "tr", lambda text: "Le champ %d est faux." if text == template else text)
    with pytest.raises(QgsProcessingException) as err:
        run_alg("prepareinsitu", {"INPUT": _parcels(tmp_path, [1, 7]), "OUTPUT": str(tmp_path / "bad.gpkg")})
    assert str(err.value) == "Field 'CROP' must hold 1 (crop) or 0 (non-crop) only, but it also holds 7."
    # one placeholder too few, too many, another order of types, an unescaped '%': English every time
    for bad in ("Le champ %s est faux.", "%s %s %s", "%d puis %s", "Le champ %s à 100 % tient %s."):
        assert format_message("%s holds %s", ("CROP", "7"), lambda text: bad) == "CROP holds 7", bad
    assert format_message("%s holds %s", ("CROP", "7"), lambda text: "%s contient %s") == "CROP contient 7"
    assert format_message("%d %% of %s", (5, "x"), lambda text: "%d %% de %s") == "5 % de x"
    # without values the text is shown as it is, translated when the placeholders agree
    assert format_message("No %s here", (), lambda text: "Pas ici") == "No %s here"
    assert format_message("Nothing to do.", (), lambda text: "Rien à faire.") == "Rien à faire."


def test_reporter_keeps_english_messages_and_shows_them_translated(french):
    from cropmapper.science.progress import Phase, Reporter
    from cropmapper.translation import tr

    shown, warned = [], []
    reporter = Reporter(on_info=shown.append, on_warning=warned.append, translate=tr)
    reporter.sub(0.0, 0.5).info("%d image(s) used, %d skipped.", 3, 1)
    reporter.warn("The temporary store %s is truncated (disk full?).", "/tmp/x")
    reporter.info("An untranslated %s line", "log")
    assert reporter.messages == ["3 image(s) used, 1 skipped.", "WARNING: The temporary store /tmp/x is truncated "
                                 "(disk full?).", "An untranslated log line"]
    assert shown == ["3 image(s) utilisée(s), 1 ignorée(s).", "An untranslated log line"]
    assert warned == ["Le stockage temporaire /tmp/x est tronqué (disque plein\u00a0?)."]
    # a phase's name is a template too, translated in every line it leads
    del shown[:], reporter.messages[:]
    Phase(reporter, "Training the random forest (%d samples, %d features)", 100, 5).done()
    assert reporter.messages[0] == "Training the random forest (100 samples, 5 features) ..."
    assert reporter.messages[1].startswith("Training the random forest (100 samples, 5 features): done in ")
    assert shown[0] == "Apprentissage de la forêt aléatoire (100 échantillons, 5 variables) ..."
    assert shown[1].startswith("Apprentissage de la forêt aléatoire (100 échantillons, 5 variables)\u00a0: terminé en ")


def test_english_without_translator_and_after_removal(qm):
    from cropmapper import translation
    from cropmapper.algorithms.croptype import CropTypeAlgorithm

    translator = translation.install_translator("fr")
    assert CropTypeAlgorithm().displayName() == "Carte des types de cultures (forêt aléatoire)"
    translation.remove_translator(translator)
    assert CropTypeAlgorithm().displayName() == "Crop type map (random forest)"
    assert translation.install_translator("xx") is None  # no .qm for that language: English stays


def test_plugin_loads_the_translator_of_the_profile_locale_and_removes_it(qm, qgis_app):
    from qgis.core import QgsApplication, QgsSettings

    import cropmapper
    from conftest import _KEEP
    from cropmapper.provider import CropMapperProvider

    settings = QgsSettings()
    old = settings.value("locale/userLocale", "")
    registry = QgsApplication.processingRegistry()
    existing = registry.providerById("cropmapper")
    if existing is not None:
        registry.removeProvider(existing)
    try:
        settings.setValue("locale/userLocale", "fr_BE")
        plugin = cropmapper.classFactory(None)
        plugin.initProcessing()
        alg = registry.algorithmById("cropmapper:innerbuffer")
        assert alg.displayName() == "Tampon intérieur (parcelles)"
        assert alg.parameterDefinition("DISTANCE").description() == "Distance du tampon intérieur (m)"
        plugin.unload()
        assert plugin.translator is None
        from cropmapper.algorithms.innerbuffer import InnerBufferAlgorithm

        assert InnerBufferAlgorithm().displayName() == "Inner buffer (parcels)"
    finally:
        settings.setValue("locale/userLocale", old)
        if registry.providerById("cropmapper") is None:
            _KEEP.append(CropMapperProvider())
            registry.addProvider(_KEEP[-1])


def test_help_pages_tooltips_icons_and_help_urls(qm, qgis_app, monkeypatch, tmp_path):
    import build_help
    from cropmapper.algorithms import base
    from cropmapper.algorithms.registry import algorithm_classes

    written = build_help.build(str(tmp_path))
    ids = sorted(cls.ID for cls in algorithm_classes())
    assert sorted(os.path.relpath(p, str(tmp_path)) for p in written) == \
        sorted(["%s.html" % i for i in ids] + ["fr/%s.html" % i for i in ids])
    page = (tmp_path / "cropmask.html").read_text(encoding="utf-8")
    assert "<b>Number of trees</b> (N_TREES)</dt><dd>Number of trees of the random forest (default 100, 1 to 1000).</dd>" in page
    assert "Requires scikit-learn" in page and "is not installed" not in page
    page_fr = (tmp_path / "fr" / "cropmask.html").read_text(encoding="utf-8")
    assert "<title>Masque de cultures (forêt aléatoire)</title>" in page_fr and "(N_TREES)" in page_fr
    monkeypatch.setattr(base, "HELP_DIR", str(tmp_path))
    alg = algorithm_classes()[0]()
    monkeypatch.setattr(base, "locale_code", lambda: "fr")
    assert alg.helpUrl() == "file://%s/fr/%s.html" % (tmp_path, alg.ID)
    monkeypatch.setattr(base, "locale_code", lambda: "de")  # no German pages: the English one
    assert alg.helpUrl() == "file://%s/%s.html" % (tmp_path, alg.ID)
    for cls in algorithm_classes():
        alg = cls()
        alg.initAlgorithm()
        assert alg.svgIconPath().endswith("cropmapper.svg") and os.path.exists(alg.svgIconPath())
        short = alg.shortDescription()
        assert 40 < len(short) < 250 and short.endswith(".") and "\n" not in short, (alg.ID, short)
        # every documented parameter is listed as the dialog shows it, then its key
        for key in alg.PARAM_HELP:
            label = alg.parameterDefinition(key).description()
            assert "<b>%s</b> (%s)" % (label, key) in alg.shortHelpString(), (alg.ID, key)


def test_locale_code_is_the_profile_setting_else_the_system_locale(qgis_app):
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QLocale

    from cropmapper.translation import locale_code

    settings = QgsSettings()
    old, previous = settings.value("locale/userLocale", ""), QLocale()
    try:
        settings.setValue("locale/userLocale", "de_AT")
        assert locale_code() == "de"
        settings.setValue("locale/userLocale", "")
        QLocale.setDefault(QLocale("fr_CA"))
        assert locale_code() == "fr"
    finally:
        QLocale.setDefault(previous)
        settings.setValue("locale/userLocale", old)


def test_scikit_learn_note_only_when_missing(qgis_app, monkeypatch):
    from cropmapper.algorithms.cropmask import CropMaskAlgorithm

    alg = CropMaskAlgorithm()
    alg.initAlgorithm()
    assert "scikit-learn is not installed" not in alg.shortHelpString()
    monkeypatch.setitem(sys.modules, "sklearn", None)
    assert "scikit-learn is not installed in the Python that QGIS uses" in alg.shortHelpString()
    assert "apt install python3-sklearn" in alg.help_text()


def test_qgis_process_help_is_plain_text_in_the_profile_language(qm, qgis_process):
    proc = qgis_process.call(["help", "cropmapper:innerbuffer"], check=True)
    description = proc.stdout.split("Description\n----------------\n")[1].split("\n----------------")[0]
    assert "<" not in description and "&#x27;" not in description
    assert description.startswith("Shrinks every parcel by a distance in metres (a negative buffer), so that mixed "
                                  "pixels at parcel borders are not used for training.\n\n15 m is")
    assert max(len(line) for line in description.split("\n")[1:]) <= 100
    ini = os.path.join(qgis_process.profile, "profiles", "default", "QGIS", "QGIS3.ini")
    with open(ini, "a", encoding="utf-8") as f:
        f.write("\n[locale]\nuserLocale=fr_FR\noverrideFlag=true\n")
    try:
        proc = qgis_process.call(["help", "cropmapper:innerbuffer"], check=True)
    finally:  # the session's qgis_process stays English for the other tests
        with open(ini, encoding="utf-8") as f:
            text = f.read()
        with open(ini, "w", encoding="utf-8") as f:
            f.write(text.replace("userLocale=fr_FR", "userLocale="))
    assert proc.stdout.startswith("Tampon intérieur (parcelles) (cropmapper:innerbuffer)")
    assert "DISTANCE: Distance du tampon intérieur (m)\n\tLargeur du tampon intérieur en mètres" in proc.stdout


def test_zip_passes_the_plugin_repository_checks_but_the_contact_fields(tmp_path):
    import check_zip

    build = str(tmp_path / "build")
    proc = subprocess.run(["make", "-s", "zip", "BUILD=%s" % build], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    path = os.path.join(build, "cropmapper-0.1.0.zip")
    names = zipfile.ZipFile(path).namelist()
    assert "cropmapper/i18n/cropmapper_fr.qm" in names and "cropmapper/help/fr/cropmask.html" in names
    assert "cropmapper/translation.py" in names and not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    # email, repository and tracker are required and there is no real one yet (metadata.txt says why)
    assert check_zip.check(path) == ["metadata.txt: %s is required and empty or missing" % k
                                     for k in ("email", "tracker", "repository")]
    bad = str(tmp_path / "bad.zip")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bad, "w") as dst:
        for name in names:
            dst.writestr(name, src.read(name))
        dst.writestr("cropmapper/algorithms/__pycache__/base.cpython-311.pyc", b"")
    problems = check_zip.check(bad)
    assert ".pyc file cropmapper/algorithms/__pycache__/base.cpython-311.pyc" in problems
    assert "forbidden folder __pycache__ in cropmapper/algorithms/__pycache__/base.cpython-311.pyc" in problems
