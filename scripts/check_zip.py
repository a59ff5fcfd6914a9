"""Checks a plugin zip against the plugins.qgis.org upload validator's rules (qgis/QGIS-Django,
qgis-app/plugins/validator.py): size <= 25 MB, a readable zip (CRC), no '..' or absolute paths, no .pyc,
no __MACOSX / .git / __pycache__ folder, one top folder named like a package ([A-Za-z][A-Za-z0-9-_]+)
holding __init__.py, metadata.txt with a [general] section and the required fields (name, description,
version, qgisMinimumVersion, author, email, about, tracker, repository), tracker / repository / homepage
that parse as URLs (scheme and host; the validator also requests them, not done here: offline),
author without '/', a LICENSE file, the icon present. And this plugin's own content: i18n/*.qm and help/.

Usage: /usr/bin/python3 scripts/check_zip.py build/cropmapper-0.1.0.zip   (exit 1 and the problems if any)
"""
import configparser
import re
import sys
import zipfile
from urllib.parse import urlparse

MAX_SIZE = 25000000
REQUIRED = ("name", "description", "version", "qgisMinimumVersion", "author", "email", "about", "tracker",
            "repository")
FORBIDDEN_DIRS = ("__MACOSX", ".git", "__pycache__")


def check(path):
    """Returns (problems, notes): problems fail the upload, notes are what was checked."""
    import os

    problems = []
    if os.path.getsize(path) > MAX_SIZE:
        problems.append("zip is %d bytes, more than %d" % (os.path.getsize(path), MAX_SIZE))
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        bad = z.testzip()
        if bad:
            problems.append("bad CRC in %s" % bad)
        for name in names:
            parts = name.split("/")
            if ".." in name or name.startswith("/"):
                problems.append("path information in %s" % name)
            if ".pyc" in name:
                problems.append(".pyc file %s" % name)
            for d in FORBIDDEN_DIRS:
                if d in parts:
                    problems.append("forbidden folder %s in %s" % (d, name))
        tops = sorted({n.split("/")[0] for n in names})
        package = tops[0] if tops else ""
        if len(tops) != 1:
            problems.append("top-level entries %s: one plugin folder expected" % tops)
        if not re.match(r"^[A-Za-z][A-Za-z0-9-_]+$", package):
            problems.append("top folder %r is not a valid package name" % package)
        for required in ("__init__.py", "metadata.txt", "LICENSE"):
            if "%s/%s" % (package, required) not in names:
                problems.append("no %s/%s" % (package, required))
        meta = {}
        if "%s/metadata.txt" % package in names:
            parser = configparser.ConfigParser()
            parser.optionxform = str
            parser.read_string(z.read("%s/metadata.txt" % package).decode("utf-8"))
            meta = dict(parser.items("general")) if parser.has_section("general") else {}
            if not meta:
                problems.append("metadata.txt has no [general] section")
        for key in REQUIRED:
            if not meta.get(key, "").strip():
                problems.append("metadata.txt: %s is required and empty or missing" % key)
        for key in ("tracker", "repository", "homepage"):
            value = meta.get(key, "").strip()
            if value and not all(urlparse(value)[:2]):
                problems.append("metadata.txt: %s=%s is not a URL" % (key, value))
        if "/" in meta.get("author", ""):
            problems.append("metadata.txt: author contains '/'")
        if meta.get("icon") and "%s/%s" % (package, meta["icon"]) not in names:
            problems.append("icon %s not in the zip" % meta["icon"])
        if not any(re.match(r"%s/i18n/[^/]+\.qm$" % package, n) for n in names):
            problems.append("no compiled translation (i18n/*.qm)")
        if not any(n.startswith("%s/help/" % package) and n.endswith(".html") for n in names):
            problems.append("no help pages (help/*.html)")
    return problems


def main():
    problems = check(sys.argv[1])
    for p in problems:
        print("zip check: %s" % p)
    print("zip check: %s" % ("OK" if not problems else "%d problem(s)" % len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
