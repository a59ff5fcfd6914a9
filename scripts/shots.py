"""`make shots`: pictures of what a user sees, to look at (and for the README).

1. each HTML report / comparison given (--html) rendered to PNG with Qt WebKit (offscreen);
2. each layer of a QGIS project (--project, e.g. the .qgs that cropmapper:loadproduct writes) rendered with
   its style to PNG, plus one contact sheet of them all;
3. with --desktop: QGIS desktop under Xvfb (QT_QPA_PLATFORM=xcb), the project opened and an algorithm
   dialog shown, screenshots taken with ImageMagick's `import` (Debian: xvfb, imagemagick).

Usage: python3 scripts/shots.py --out build/shots [--html a.html ...] [--project p.qgs ...] [--desktop]
       [--dialog cropmapper:qualityreport] [--product FOLDER]
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PLUGINS = os.path.join(REPO, "build", "plugins")


def html_to_png(app, html_path, png_path, width=1100):
    """Render ``html_path`` with Qt WebKit to a PNG of its whole height."""
    from PyQt5.QtCore import QSize, QUrl
    from PyQt5.QtGui import QImage, QPainter
    from PyQt5.QtWebKitWidgets import QWebPage

    page = QWebPage()
    done = []
    page.mainFrame().loadFinished.connect(lambda ok: done.append(ok))
    page.setViewportSize(QSize(width, 800))
    page.mainFrame().load(QUrl.fromLocalFile(os.path.abspath(html_path)))
    deadline = time.time() + 60
    while not done and time.time() < deadline:
        app.processEvents()
        time.sleep(0.02)
    size = page.mainFrame().contentsSize()
    page.setViewportSize(QSize(width, max(200, size.height())))
    image = QImage(page.viewportSize(), QImage.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    page.mainFrame().render(painter)
    painter.end()
    image.save(png_path)
    return png_path


def project_layers_to_png(project_path, out_dir, size=420):
    """Each layer of the project rendered alone with its style (QgsMapRendererSequentialJob), and a
    contact sheet of all of them with their names."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsProject
    from qgis.PyQt.QtCore import QSize, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    project = QgsProject()
    if not project.read(project_path):
        raise SystemExit("cannot read %s" % project_path)
    root = project.layerTreeRoot()
    layers = [n.layer() for n in root.findLayers() if n.layer() is not None and n.layer().isValid()]
    extent = None
    for layer in layers:
        if layer.type() == layer.RasterLayer:
            extent = layer.extent() if extent is None else extent
    images = []
    for i, layer in enumerate(layers):
        settings = QgsMapSettings()
        settings.setLayers([layer])
        settings.setDestinationCrs(layers[0].crs())
        settings.setExtent(extent or layer.extent())
        settings.setOutputSize(QSize(size, size))
        settings.setBackgroundColor(QColor(255, 255, 255))
        job = QgsMapRendererSequentialJob(settings)
        job.start()
        job.waitForFinished()
        image = job.renderedImage()
        path = os.path.join(out_dir, "layer_%02d.png" % i)
        image.save(path)
        images.append((layer.name(), image))
    cols = 3
    rows = (len(images) + cols - 1) // cols
    sheet = QImage(cols * (size + 10) + 10, rows * (size + 40) + 10, QImage.Format_ARGB32)
    sheet.fill(QColor(240, 240, 240))
    painter = QPainter(sheet)
    painter.setFont(QFont("Sans", 11))
    for k, (name, image) in enumerate(images):
        x, y = 10 + (k % cols) * (size + 10), 10 + (k // cols) * (size + 40)
        painter.drawImage(x, y + 28, image)
        painter.setPen(Qt.black)
        painter.drawText(x, y + 20, name)
    painter.end()
    path = os.path.join(out_dir, "layers.png")
    sheet.save(path)
    return path, [name for name, _ in images]


DESKTOP_CODE = r'''
import json
import os
import traceback
from qgis.PyQt.QtCore import QTimer
from qgis.core import QgsApplication
from qgis.utils import iface, loadPlugin, startPlugin, plugins

FLAG = os.environ["SHOT_FLAG"]


def _touch(tag, text=""):
    with open(FLAG + "." + tag, "w") as f:
        f.write(text)


def _dialog(tries=[0]):
    alg_id = os.environ["SHOT_DIALOG"]
    if QgsApplication.processingRegistry().algorithmById(alg_id) is None and tries[0] < 40:
        tries[0] += 1
        QTimer.singleShot(500, _dialog)
        return
    try:
        import processing
        params = {"PRODUCT": os.environ.get("SHOT_PRODUCT", "")} if os.environ.get("SHOT_PRODUCT") else {}
        params.update(json.loads(os.environ.get("SHOT_PARAMS") or "{}"))
        dlg = processing.createAlgorithmDialog(alg_id, params)
        dlg.resize(1300, 900)
        dlg.show()
        dlg.raise_()
        QTimer.singleShot(3000, lambda: _touch("dialog"))
    except Exception:
        _touch("dialog", traceback.format_exc())


def _shots():
    try:
        if "cropmapper" not in plugins:
            loadPlugin("cropmapper")
            startPlugin("cropmapper")
        from qgis.PyQt.QtWidgets import QDockWidget
        iface.mainWindow().setGeometry(0, 0, 1600, 1000)  # no window manager under Xvfb to maximise it
        toolbox = iface.mainWindow().findChild(QDockWidget, "ProcessingToolbox")
        if toolbox is not None:
            toolbox.setVisible(True)
        iface.zoomFull()
    except Exception:
        _touch("project", traceback.format_exc())
        return
    QTimer.singleShot(4000, lambda: _touch("project"))
    QTimer.singleShot(6000, _dialog)


QTimer.singleShot(3000, _shots)
'''


def desktop(out_dir, project, dialog, product, timeout=120, locale="", params=""):
    """QGIS desktop under Xvfb: the project, then ``dialog`` opened; screenshots of the whole screen.
    ``locale`` (e.g. fr_FR): the profile's user interface language, to look at a translation; ``params``: the
    dialog's parameter values as JSON."""
    for tool in ("Xvfb", "import", "qgis"):
        if not shutil.which(tool):
            raise SystemExit("%s not found: sudo apt install xvfb imagemagick qgis" % tool)
    display = ":77"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24"], stderr=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="cropmapper-shots-")
    code = os.path.join(work, "startup.py")
    with open(code, "w") as f:
        f.write(DESKTOP_CODE)
    flag = os.path.join(work, "flag")
    profiles = work  # --profiles-path holds the "profiles" folder
    plugin_dir = os.path.join(profiles, "profiles", "default", "python", "plugins")
    os.makedirs(plugin_dir)
    os.symlink(REPO, os.path.join(plugin_dir, "cropmapper"))
    ini = os.path.join(profiles, "profiles", "default", "QGIS", "QGIS3.ini")
    os.makedirs(os.path.dirname(ini))
    with open(ini, "w") as f:
        f.write("[PythonPlugins]\ncropmapper=true\nprocessing=true\n[qgis]\ncheckVersion=false\n"
                "showTips=false\n")
        if locale:
            f.write("[locale]\noverrideFlag=true\nuserLocale=%s\n" % locale)
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", SHOT_FLAG=flag, SHOT_DIALOG=dialog,
               SHOT_PRODUCT=product or "", SHOT_PARAMS=params or "")
    cmd = ["qgis", "--profiles-path", profiles, "--nologo", "--noversioncheck", "--code", code]
    if project:
        cmd += ["--project", project]
    qgis = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shots = []
    try:
        for tag in ("project", "dialog"):
            deadline = time.time() + timeout
            while not os.path.exists(flag + "." + tag) and time.time() < deadline and qgis.poll() is None:
                time.sleep(0.5)
            if os.path.exists(flag + "." + tag) and os.path.getsize(flag + "." + tag):
                with open(flag + "." + tag) as f:
                    print("desktop %s: %s" % (tag, f.read()))
            png = os.path.join(out_dir, "desktop_%s.png" % tag)
            subprocess.run(["import", "-display", display, "-window", "root", png], check=True)
            shots.append(png)
    finally:
        qgis.terminate()
        try:
            qgis.wait(20)
        except subprocess.TimeoutExpired:
            qgis.kill()
        xvfb.terminate()
        shutil.rmtree(work, ignore_errors=True)
    return shots


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "build", "shots"))
    ap.add_argument("--html", nargs="*", default=[])
    ap.add_argument("--project", nargs="*", default=[])
    ap.add_argument("--desktop", action="store_true")
    ap.add_argument("--dialog", default="cropmapper:qualityreport")
    ap.add_argument("--product", default="")
    ap.add_argument("--params", default="", help="JSON of the dialog's parameter values")
    ap.add_argument("--locale", default="", help="user interface language of the desktop shots, e.g. fr_FR")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, PLUGINS)
    from qgis.core import QgsApplication

    app = QgsApplication([], True)
    app.initQgis()
    for html in args.html:
        png = os.path.join(args.out, os.path.splitext(os.path.basename(html))[0] + ".png")
        print("report", html_to_png(app, html, png))
    for k, project in enumerate(args.project):
        sub = os.path.join(args.out, "project%d" % k)
        os.makedirs(sub, exist_ok=True)
        sheet, names = project_layers_to_png(project, sub)
        print("layers", sheet, ", ".join(names))
    if args.desktop:
        for png in desktop(args.out, args.project[0] if args.project else None, args.dialog, args.product,
                           locale=args.locale, params=args.params):
            print("desktop", png)
    app.exitQgis()


if __name__ == "__main__":
    main()
