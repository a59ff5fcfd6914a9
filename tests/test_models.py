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
                                                                 "end", "seed", "products"}
    products = tmp_path / "products"
    products.mkdir()
    params = {"images": os.path.dirname(scene["geotiff"][0]), "parcels": scene["parcels"], "site": "MODEL",
              "start": "2018-03-01", "early_end": "2018-06-15", "end": "2018-10-31", "seed": 3,
              "products": str(products), "compare:comparison_csv": str(tmp_path / "cmp.csv"),
              "compare:comparison_html": str(tmp_path / "cmp.html")}
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    results, ok = model.run(params, context, feedback)
    assert ok, feedback.textLog()[-3000:]
    reports = [results[k] for k in ("report_mask:report_mask", "report_type_early:report_type_early",
                                    "report_type_season:report_type_season")]
    assert all(r and os.path.exists(r) and r.endswith(".html") for r in reports)
    assert results["compare:comparison_html"] == str(tmp_path / "cmp.html")
    levels = sorted(read_product(str(products / n)).level for n in os.listdir(str(products)))
    assert levels == ["L4A", "L4B", "L4B"]
    rows = list(csv.DictReader(open(str(tmp_path / "cmp.csv"))))
    assert len(rows) == 2 and {r["level"] for r in rows} == {"L4B"}
    assert sorted(r["end"] for r in rows)[0] <= "2018-06-15" < sorted(r["end"] for r in rows)[1]
    # the season's crop type used the crop mask the chain made
    l4b = [read_product(str(products / n)) for n in os.listdir(str(products)) if n.startswith("S2AGRI_L4B")]
    l4a = [read_product(str(products / n)) for n in os.listdir(str(products)) if n.startswith("S2AGRI_L4A")][0]
    assert all(p.parameters["CROP_MASK"] == l4a.path for p in l4b)
