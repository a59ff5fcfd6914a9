"""The shipped graphical-modeler models open and run headless, with non-null final outputs."""
import csv
import os

from conftest import REPO

MODEL = os.path.join(REPO, "models", "crop_mapping_chain.model3")


def test_chain_model_runs_headless(qgis_app, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProcessingModelAlgorithm

    from cropmapper.science.products import read_product
    from cropmapper.science.sim import simulator

    scene = simulator.simulate_scene(str(tmp_path / "scene"), 120, 120,
                                     dates=simulator.season_dates("2018-03-01", "2018-10-31", n=12),
                                     seed=5, formats=("geotiff",))
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(MODEL)
    assert {p.name() for p in model.parameterDefinitions()} >= {"images", "parcels", "site", "start", "early_end",
                                                                 "end", "seed"}
    products = tmp_path / "products"
    products.mkdir()
    from qgis.PyQt.QtCore import QDate

    # dates as the command line gives them ('YYYY-MM-DD') and as the dialog's date widget does (QDate)
    # the three products in one folder; map copies to a file and to temporary files (the dialog's default)
    params = {"images": os.path.dirname(scene["geotiff"][0]), "parcels": scene["parcels"], "site": "MODEL",
              "start": "2018-03-01", "early_end": QDate(2018, 6, 15), "end": "2018-10-31", "seed": 3,
              "mask:mask_products": str(products), "type_early:early_products": str(products),
              "type_season:season_products": str(products), "mask:mask_map": str(tmp_path / "mask.tif"),
              "type_early:early_map": "TEMPORARY_OUTPUT", "type_season:season_map": "TEMPORARY_OUTPUT", "compare:comparison_csv": str(tmp_path / "cmp.csv"),
              "compare:comparison_html": str(tmp_path / "cmp.html")}
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    results, ok = model.run(params, context, feedback)
    assert ok, feedback.textLog()[-3000:]
    reports = [results[k] for k in ("report_mask:report_mask", "report_type_early:report_type_early",
                                    "report_type_season:report_type_season")]
    assert all(r and os.path.exists(r) and r.endswith(".html") for r in reports)
    assert results["compare:comparison_html"] == str(tmp_path / "cmp.html")
    assert all(results[k] == str(products) for k in ("mask:mask_products", "type_early:early_products",
                                                      "type_season:season_products"))
    maps = {k: results[k] for k in ("mask:mask_map", "type_early:early_map", "type_season:season_map")}
    assert all(m and os.path.exists(m) and os.path.exists(m[:-4] + ".qml") for m in maps.values()), maps
    assert maps["mask:mask_map"] == str(tmp_path / "mask.tif")
    levels = sorted(read_product(str(products / n)).level for n in os.listdir(str(products)))
    assert levels == ["L4A", "L4B", "L4B"]
    rows = list(csv.DictReader(open(str(tmp_path / "cmp.csv"))))
    assert len(rows) == 2 and {r["level"] for r in rows} == {"L4B"}
    assert sorted(r["end"] for r in rows)[0] <= "2018-06-15" < sorted(r["end"] for r in rows)[1]
    # the season's crop type used the crop mask the chain made
    l4b = [read_product(str(products / n)) for n in os.listdir(str(products)) if n.startswith("S2AGRI_L4B")]
    l4a = [read_product(str(products / n)) for n in os.listdir(str(products)) if n.startswith("S2AGRI_L4A")][0]
    assert all(p.parameters["CROP_MASK"] == l4a.path for p in l4b)
    # each map copy holds its product's map
    from osgeo import gdal
    for key, product in (("mask:mask_map", l4a), ("type_season:season_map", max(l4b, key=lambda p: p.end))):
        copy = gdal.Open(maps[key]).ReadAsArray()
        assert (copy == gdal.Open(product.map_path).ReadAsArray()).all()
