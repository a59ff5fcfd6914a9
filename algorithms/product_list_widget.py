"""GUI only (imported by the Processing dialogs through the INPUT parameter's metadata, never by
qgis_process or scripts): a list of Sentinel-2 L2A products for INPUT.

QGIS's own "Add Directory..." of a file list adds every file under the folder, so a .SAFE product became
hundreds of JP2 files. This list takes products whole: "Add products..." picks files (zips, GeoTIFFs, a
SAFE's MTD_MSIL2A.xml), "Add product folder..." one .SAFE / MAJA folder, "Add folder of products..." the
products found directly in a folder. The value stays a list of paths, so INPUT keeps its type (models
and scripts unchanged); the modeler gets QGIS's standard widget (it needs model sources, not files).
"""
import os

from processing.gui.wrappers import DIALOG_BATCH, DIALOG_MODELER, WidgetWrapper, dialogTypes
from qgis.core import QgsSettings
from qgis.gui import QgsGui
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout,
                                 QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QToolButton,
                                 QVBoxLayout, QWidget)

from ..translation import tr
from ..science.io.readers.base import parse_datetime, parse_tile
from ..science.io.readers.discover import is_product
from ..science.io.readers.maja import looks_like_maja
from ..science.io.readers.safe import looks_like_safe

WRAPPER = __name__ + ".ProductListWrapper"
LAST_FOLDER = "cropmapper/last_products_folder"
FILE_FILTER = ("Sentinel-2 L2A products (*.zip *.tif *.tiff MTD_MSIL2A.xml);;Zipped products (*.zip);;"
               "GeoTIFFs (*.tif *.tiff);;All files (*)")


def products_in(folder):
    """The products directly in ``folder`` as the readers take them: SAFE / MAJA folders, zips, GeoTIFFs
    (sorted; other files and sub-folders are left out). A product folder itself gives [folder]."""
    if os.path.isdir(folder) and is_product(folder):
        return [folder]
    found = []
    for entry in sorted(os.listdir(folder)):
        path = os.path.join(folder, entry)
        if os.path.isdir(path):
            if os.path.isdir(path) and is_product(path):
                found.append(path)
        elif entry.lower().endswith((".zip", ".tif", ".tiff")):
            found.append(path)
    return found


def kind_of(path):
    name = os.path.basename(path.rstrip("/\\")).lower()
    if name.endswith(".zip"):
        return "zip"
    if name.endswith((".tif", ".tiff")):
        return "GeoTIFF"
    if os.path.isdir(path):
        return "SAFE" if looks_like_safe(path) else "MAJA" if looks_like_maja(path) else "folder"
    return "file"


def label_of(path):
    """What the list shows: date, tile and kind first (product names are long and alike), then the name;
    the full path is the tooltip."""
    if os.path.basename(path).upper().startswith("MTD_MSIL2A"):
        path = os.path.dirname(path)
    name = os.path.basename(path.rstrip("/\\"))
    when = parse_datetime(name)
    tile = parse_tile(name)
    parts = [when.strftime("%Y-%m-%d") if when else "(no date)", "T" + tile if tile else "", kind_of(path), name]
    return "   ".join(p for p in parts if p)


def summary(paths):
    """One line for a batch cell (a ';'-joined list of long paths shows only the end of the last one)."""
    if not paths:
        return ""
    dates = sorted(d for d in (parse_datetime(os.path.basename(p.rstrip("/\\"))) for p in paths) if d)
    period = (" (%s to %s)" % (dates[0].strftime("%Y-%m-%d"), dates[-1].strftime("%Y-%m-%d"))
              if len(dates) > 1 else " (%s)" % dates[0].strftime("%Y-%m-%d") if dates else "")
    if len(paths) == 1:
        return os.path.basename(paths[0].rstrip("/\\")) + period
    return "%d products%s" % (len(paths), period)


class ProductList(QWidget):
    """The product list and its buttons."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.list.setMinimumHeight(110)
        self.count = QLabel()
        buttons = QVBoxLayout()
        for text, slot, tip in (
                (tr("Add products…"), self.add_files, tr("Zipped products, GeoTIFFs, or a SAFE's MTD_MSIL2A.xml")),
                (tr("Add product folder…"), self.add_product_folder, tr("One .SAFE or MAJA product folder")),
                (tr("Add folder of products…"), self.add_folder,
                 tr("Every product directly in a folder (SAFE and MAJA folders, zips, GeoTIFFs)")),
                (tr("Remove"), self.remove_selected, tr("Remove the selected products from the list")),
                (tr("Clear"), self.clear, tr("Empty the list"))):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.count)
        self.update_count()

    # value ------------------------------------------------------------------------------------------
    def paths(self):
        return [self.list.item(i).data(Qt.UserRole) for i in range(self.list.count())]

    def set_paths(self, paths):
        self.list.clear()
        self.add(paths)

    def add(self, paths):
        have = set(self.paths())
        for path in paths:
            path = os.path.normpath(str(path))
            if path not in have:
                have.add(path)
                item = QListWidgetItem(label_of(path))
                item.setData(Qt.UserRole, path)
                item.setToolTip(path)
                self.list.addItem(item)
        self.update_count()

    def update_count(self):
        n = self.list.count()
        self.count.setText(tr("No product: give INPUT_FOLDER, or add products.") if n == 0 else
                           tr("1 product") if n == 1 else tr("%d products") % n)

    # buttons ----------------------------------------------------------------------------------------
    def start_folder(self):
        return QgsSettings().value(LAST_FOLDER, "")

    def remember(self, path):
        QgsSettings().setValue(LAST_FOLDER, path)

    def add_files(self):
        files, _ = QFileDialog.getOpenFileNames(self, tr("Add Sentinel-2 L2A products"), self.start_folder(),
                                                FILE_FILTER)
        if files:
            self.remember(os.path.dirname(files[0]))
            self.add(files)

    def add_product_folder(self):
        folder = QFileDialog.getExistingDirectory(self, tr("Add a product folder (.SAFE or MAJA)"), self.start_folder())
        if folder:
            self.remember(os.path.dirname(folder))
            self.add([folder])

    def add_folder(self):
        folder = QFileDialog.getExistingDirectory(self, tr("Add the products of a folder"), self.start_folder())
        if folder:
            self.remember(folder)
            found = products_in(folder)
            self.add(found)
            if not found:
                self.count.setText(tr("No product found in %s.") % folder)

    def remove_selected(self):
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.update_count()

    def clear(self):
        self.list.clear()
        self.update_count()


class BatchProductCell(QWidget):
    """A batch table cell: the chosen products as text, and a button opening the list in a dialog."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setReadOnly(True)
        self.text.setPlaceholderText(tr("No product"))
        button = QToolButton()
        button.setText("…")
        button.setToolTip(tr("Choose the products"))
        button.clicked.connect(self.choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text, 1)
        layout.addWidget(button)
        self._paths = []

    def paths(self):
        return list(self._paths)

    def set_paths(self, paths):
        self._paths = [os.path.normpath(str(p)) for p in paths]
        self.text.setText(summary(self._paths))
        self.text.setToolTip("\n".join(self._paths))

    def choose(self):
        dialog = QDialog(self)
        dialog.setWindowTitle(tr("Sentinel-2 L2A products"))
        products = ProductList(dialog)
        products.set_paths(self._paths)
        box = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        box.accepted.connect(dialog.accept)
        box.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(products)
        layout.addWidget(box)
        dialog.resize(760, 360)
        if dialog.exec_() == QDialog.Accepted:
            self.set_paths(products.paths())


class ProductListWrapper(WidgetWrapper):
    """Widget wrapper of INPUT in the toolbox and batch dialogs; in the modeler, QGIS's standard one."""

    def __new__(cls, param, dialog, row=0, col=0, **kwargs):
        if dialogTypes.get(dialog.__class__.__name__) == DIALOG_MODELER:
            # what WidgetWrapperFactory does for a parameter without a Python wrapper
            wrapper = QgsGui.processingGuiRegistry().createModelerParameterWidget(dialog.model, dialog.childId,
                                                                                  param, dialog.context)
            wrapper.setDialog(dialog)
            return wrapper
        return super().__new__(cls)

    def createLabel(self):  # noqa: N802
        # WidgetWrapper's " [optional]" is looked up in this class's context, which QGIS's catalog lacks
        label = super().createLabel()
        if label is not None:
            label.setText(label.text().replace(" [optional]", tr(" [optional]")))
        return label

    def createWidget(self, **kwargs):  # noqa: N802
        return BatchProductCell() if self.dialogType == DIALOG_BATCH else ProductList()

    def setValue(self, value):  # noqa: N802
        if value is None or value == "":
            paths = []
        elif isinstance(value, (list, tuple)):
            paths = [str(v) for v in value]
        else:  # the batch dialog fills cells with ';'-separated text
            paths = [p for p in str(value).split(";") if p.strip()]
        self.widget.set_paths(paths)

    def value(self):
        return self.widget.paths() or None
