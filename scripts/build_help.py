"""Writes help/<id>.html (English) and help/<lang>/<id>.html for every language with a built .qm, from the
algorithms' own texts (the same rendering as the dialog's help panel), so the pages cannot drift from them.
Run by `make help` (and `make test` / `make zip`); the pages are build products, not kept in git.

Usage: /usr/bin/python3 scripts/build_help.py [--out help]
"""
import argparse
import glob
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_APP = []  # the application lives as long as the script


def build(out_dir):
    sys.path[:0] = [os.path.join(REPO, "build", "plugins"), "/usr/share/qgis/python/plugins"]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    _APP.append(QgsApplication.instance() or QgsApplication([], False))
    from cropmapper import translation
    from cropmapper.algorithms.registry import algorithm_classes

    languages = sorted(os.path.basename(p)[len("cropmapper_"):-3]
                       for p in glob.glob(os.path.join(translation.I18N_DIR, "cropmapper_*.qm")))
    written = []
    for language in [None] + languages:
        translator = translation.install_translator(language) if language else None
        if language and translator is None:
            raise SystemExit("cannot load %s" % translation.qm_path(language))
        folder = os.path.join(out_dir, language) if language else out_dir
        os.makedirs(folder, exist_ok=True)
        try:
            for cls in algorithm_classes():
                alg = cls()
                alg.initAlgorithm()
                path = os.path.join(folder, alg.name() + ".html")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(alg.help_page())
                written.append(path)
        finally:
            translation.remove_translator(translator)
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=os.path.join(REPO, "help"))
    args = parser.parse_args()
    written = build(args.out)
    print("help: %d pages in %s" % (len(written), args.out))


if __name__ == "__main__":
    main()
