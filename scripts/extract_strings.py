"""Extracts the plugin's translatable strings into i18n/cropmapper_<lang>.ts, keeping the translations
already there (a string no longer used is kept as "vanished").

pylupdate5 sees only literal tr() calls, and most strings here are not (help paragraphs, labels and
descriptions pass through tr() in algorithms/base.py). So this script records every string that reaches
translation.tr() while it instantiates each algorithm of algorithms/registry.py and renders its names and
help, and adds the literal tr("...") calls of the Python files (error messages) and the message templates
of science/ (InputError("...", args) and reporter .info / .warn("...", args), which algorithms/base.py
translates). Re-run it after adding strings: `make ts` (then translate the unfinished entries, e.g. in Qt
Linguist, and `make qm`).

Usage: /usr/bin/python3 scripts/extract_strings.py [--lang fr] [--check]   (--check: exit 1 if the .ts would change)
"""
import argparse
import ast
import glob
import os
import sys
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_APP = []  # the application lives as long as the script
SOURCES = ["plugin.py", "provider.py", "translation.py", "algorithms/*.py"]
SCIENCE = "science/**/*.py"
CONTEXT = "CropMapper"


def literal_tr_strings(paths):
    """The first argument of tr(...), x.tr(...) and translatable(...) calls, in file order: a literal, or
    the name of a module-level string constant of the same file."""
    found = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                     and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
                     for t in n.targets if isinstance(t, ast.Name)}
        hits = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            arg = node.args[0]
            if name not in ("tr", "translatable"):
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                hits.append((node.lineno, arg.value))
            elif isinstance(arg, ast.Name) and arg.id in constants:
                hits.append((node.lineno, constants[arg.id]))
        found.extend(text for _, text in sorted(hits))
    return found


def science_templates(paths):
    """The literal first argument of InputError(...) and of .info(...) / .warn(...) / ._line(...) calls and
    the name of Phase(reporter, name, ...), in file order: the templates science/ raises and logs (algorithms/base.py
    and the Reporter translate them)."""
    found = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            tree = ast.parse(f.read(), path)
        hits = []
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            wanted = (isinstance(func, ast.Name) and func.id in ("InputError", "NoSpace")) or (
                isinstance(func, ast.Attribute) and func.attr in ("info", "warn", "_line"))
            arg = node.args[0]
            if isinstance(func, ast.Name) and func.id == "Phase" and len(node.args) > 1:
                wanted, arg = True, node.args[1]
            if wanted and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                hits.append((node.lineno, arg.value))
        found.extend(text for _, text in sorted(hits))
    return found


def shown_strings():
    """Every string to translate: the algorithms' (run time and literal tr() calls), then science/'s."""
    paths = sorted(p for pattern in SOURCES for p in glob.glob(os.path.join(REPO, pattern)))
    science = sorted(glob.glob(os.path.join(REPO, SCIENCE), recursive=True))
    return list(dict.fromkeys(runtime_strings() + literal_tr_strings(paths) + science_templates(science)))


def runtime_strings():
    """Every string the algorithms pass to tr() while built and while their help is rendered."""
    sys.path[:0] = [os.path.join(REPO, "build", "plugins"), "/usr/share/qgis/python/plugins"]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    _APP.append(QgsApplication.instance() or QgsApplication([], False))
    from cropmapper import translation

    translation.RECORD = {}
    from cropmapper.algorithms import base
    from cropmapper.algorithms.registry import algorithm_classes
    from cropmapper.provider import CropMapperProvider

    CropMapperProvider().longName()
    base.sklearn_missing_text()
    for cls in algorithm_classes():
        alg = cls()
        alg.initAlgorithm()
        alg.displayName(), alg.shortDescription(), alg.help_page(), alg.help_html(), alg.help_text()
    for group in base.GROUPS.values():
        translation.tr(group)
    strings, translation.RECORD = list(translation.RECORD), None
    return strings


def read_ts(path):
    """{source: (translation, type or None)} of an existing .ts."""
    if not os.path.exists(path):
        return {}
    out = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        node = message.find("translation")
        out[source] = ((node.text or "") if node is not None else "", node.get("type") if node is not None else None)
    return out


def build_ts(strings, old, language):
    root = ET.Element("TS", version="2.1", language=language, sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    order = list(dict.fromkeys(s for s in strings if s.strip()))
    gone = [s for s in old if s not in set(order)]
    for source in order + gone:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = source
        text, kind = old.get(source, ("", "unfinished"))
        node = ET.SubElement(message, "translation")
        node.text = text
        if source in gone:
            node.set("type", "vanished")
        elif kind == "unfinished" or not text:
            node.set("type", "unfinished")
    ET.indent(root) if hasattr(ET, "indent") else None
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--check", action="store_true", help="exit 1 when the .ts is not up to date")
    args = parser.parse_args()
    strings = shown_strings()
    ts_path = os.path.join(REPO, "i18n", "cropmapper_%s.ts" % args.lang)
    old = read_ts(ts_path)
    text = build_ts(strings, old, args.lang)
    current = open(ts_path, encoding="utf-8").read() if os.path.exists(ts_path) else ""
    unfinished = text.count('type="unfinished"')
    if args.check:
        print("%s: %s, %d unfinished" % (ts_path, "up to date" if text == current else "out of date", unfinished))
        return 0 if text == current else 1
    os.makedirs(os.path.dirname(ts_path), exist_ok=True)
    with open(ts_path, "w", encoding="utf-8") as f:
        f.write(text)
    print("%s: %d strings, %d unfinished, %d vanished" % (ts_path, len(set(strings)), unfinished,
                                                          text.count('type="vanished"')))
    return 0


if __name__ == "__main__":
    sys.exit(main())
