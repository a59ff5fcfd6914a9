"""INPUT's product list in the Processing dialogs (algorithms/product_list_widget.py): whole products in the
toolbox and batch dialogs, QGIS's standard widget in the modeler, never loaded outside the GUI."""
import os
import subprocess
import sys

import pytest

from conftest import PLUGIN_PATH


@pytest.fixture
def products_folder(tmp_path):
    """Two SAFE folders (with files inside, as QGIS's "Add Directory..." would list), a MAJA folder, a zip,
    a GeoTIFF and things that are not products."""
    for name in ("S2A_MSIL2A_20180301T105021_N0206_R051_T31UES_20180301T130000.SAFE",
                 "S2B_MSIL2A_20180306T105029_N0206_R051_T31UES_20180306T140000.SAFE"):
        granule = tmp_path / name / "GRANULE" / "L2A_T31UES" / "IMG_DATA" / "R10m"
        granule.mkdir(parents=True)
        for band in ("B02", "B03", "B04", "B08"):
            (granule / ("T31UES_%s_10m.jp2" % band)).write_bytes(b"")
        (tmp_path / name / "MTD_MSIL2A.xml").write_text("<x/>")
    (tmp_path / "SENTINEL2A_20180311-105856-123_L2A_T31UES_C_V1-9").mkdir()
    (tmp_path / "S2A_MSIL2A_20180316.SAFE.zip").write_bytes(b"PK")
    (tmp_path / "S2_20180321_31UES.tif").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a product")
    (tmp_path / "unrelated_folder").mkdir()
    return tmp_path


def test_a_folder_of_products_lists_the_products_not_their_files(qgis_app, products_folder):
    from cropmapper.algorithms.product_list_widget import label_of, products_in

    names = [os.path.basename(p) for p in products_in(str(products_folder))]
    assert names == ["S2A_MSIL2A_20180301T105021_N0206_R051_T31UES_20180301T130000.SAFE",
                     "S2A_MSIL2A_20180316.SAFE.zip",
                     "S2B_MSIL2A_20180306T105029_N0206_R051_T31UES_20180306T140000.SAFE",
                     "S2_20180321_31UES.tif", "SENTINEL2A_20180311-105856-123_L2A_T31UES_C_V1-9"]
    safe = os.path.join(str(products_folder), names[0])
    assert products_in(safe) == [safe]  # a product folder is one product
    # the list shows date, tile and kind first: the names are long and alike
    assert [label_of(p) for p in products_in(str(products_folder))[:2]] == [
        "2018-03-01   T31UES   SAFE   " + names[0], "2018-03-16   zip   " + names[1]]
    assert label_of(os.path.join(safe, "MTD_MSIL2A.xml")) == label_of(safe)


def algorithm(alg_id):
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().createAlgorithmById(alg_id)


@pytest.mark.parametrize("alg_id", ["cropmapper:cropmask", "cropmapper:croptype", "cropmapper:composite",
                                    "cropmapper:timeseriesfeatures"])
def test_toolbox_and_batch_dialogs_use_the_product_list(qgis_app, products_folder, alg_id):
    from processing.gui.AlgorithmDialog import AlgorithmDialog
    from processing.gui.BatchAlgorithmDialog import BatchAlgorithmDialog
    from cropmapper.algorithms.product_list_widget import BatchProductCell, ProductList, ProductListWrapper, products_in

    dialog = AlgorithmDialog(algorithm(alg_id))
    wrapper = dialog.mainWidget().wrappers["INPUT"]
    assert isinstance(wrapper, ProductListWrapper) and isinstance(wrapper.widget, ProductList)
    assert wrapper.parameterValue() is None  # empty: INPUT is optional (INPUT_FOLDER may be given)
    found = products_in(str(products_folder))
    wrapper.widget.add(found)
    wrapper.widget.add(found[:2])  # added twice: listed once
    assert wrapper.parameterValue() == found and wrapper.widget.count.text() == "5 products"
    wrapper.widget.list.item(1).setSelected(True)
    wrapper.widget.remove_selected()
    assert wrapper.parameterValue() == found[:1] + found[2:]
    # the batch dialog: a cell with the paths and a button opening the list; its fill-down text is ';'-joined
    batch = BatchAlgorithmDialog(algorithm(alg_id))
    cell = batch.mainWidget().wrappers[0][0]
    assert isinstance(cell, ProductListWrapper) and isinstance(cell.widget, BatchProductCell)
    cell.setValue(";".join(found[:2]))
    assert cell.parameterValue() == found[:2] and cell.widget.text.text() == "2 products (2018-03-01 to 2018-03-16)"
    assert cell.widget.text.toolTip() == "\n".join(found[:2])


def test_the_modeler_keeps_the_standard_widget(qgis_app):
    from qgis.core import QgsProcessingModelAlgorithm, QgsProcessingModelChildParameterSource
    from qgis.gui import QgsProcessingModelerParameterWidget
    from processing.modeler.ModelerParametersDialog import ModelerParametersDialog

    dialog = ModelerParametersDialog(algorithm("cropmapper:cropmask"), QgsProcessingModelAlgorithm())
    wrapper = dialog.widget.widget.wrappers["INPUT"]
    assert isinstance(wrapper, QgsProcessingModelerParameterWidget)
    sources = dialog.createAlgorithm().parameterSources()["INPUT"]
    assert all(isinstance(s, QgsProcessingModelChildParameterSource) for s in sources)


def test_scripts_and_qgis_process_never_load_the_gui_module():
    code = ("import sys; sys.path[:0] = [%r, '/usr/share/qgis/python/plugins']\n"
            "from qgis.core import QgsApplication\n"
            "from cropmapper.algorithms.registry import algorithm_classes\n"
            "for cls in algorithm_classes():\n"
            "    alg = cls(); alg.initAlgorithm()\n"
            "print(sorted(m for m in sys.modules if 'product_list' in m or m.startswith('processing.gui')))\n"
            % PLUGIN_PATH)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"
