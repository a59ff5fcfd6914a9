"""The plugin's translator: i18n/cropmapper_<lang>.qm chosen from the user's locale (QGIS setting
locale/userLocale, else the system locale), installed on the application and removed on unload."""
import os

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

# One translation context for every string of the plugin (tr() in algorithms/base.py, the .ts file).
CONTEXT = "CropMapper"
I18N_DIR = os.path.join(os.path.dirname(__file__), "i18n")


def locale_code():
    """Two-letter language of the user: QGIS's locale/userLocale (what the user chose), else QLocale's."""
    value = QgsSettings().value("locale/userLocale", "") or ""
    if not isinstance(value, str) or len(value) < 2:
        value = QLocale().name()
    return (value or "en")[:2].lower()


def qm_path(language):
    return os.path.join(I18N_DIR, "cropmapper_%s.qm" % language)


def install_translator(language=None):
    """Installs the .qm of ``language`` (default: the user's); returns the translator, or None when the
    language has no .qm (English, or not built)."""
    path = qm_path(language or locale_code())
    if not os.path.exists(path):
        return None
    translator = QTranslator()
    if not translator.load(path):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator):
    if translator is not None:
        QCoreApplication.removeTranslator(translator)


def tr(text):
    """``text`` in the user's language (English when untranslated). Every source string passes here, so
    scripts/extract_strings.py finds the ones built at run time (help paragraphs, labels) by recording them."""
    if RECORD is not None:
        RECORD.setdefault(text, None)
    return QCoreApplication.translate(CONTEXT, text)


# scripts/extract_strings.py sets a dict here to collect the strings the algorithms translate (None otherwise).
RECORD = None
