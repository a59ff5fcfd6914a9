"""The in situ algorithms chained in a graphical-modeler model (QgsProcessingModelAlgorithm)."""
import os

from osgeo import ogr

from conftest import REPO

DEMO = os.path.join(REPO, "demo", "parcels.geojson")


def test_innerbuffer_then_areafilter_in_a_model(qgis_app, tmp_path):
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterVectorLayer,
    )

    model = QgsProcessingModelAlgorithm("prepare", "tests")
    model.addModelParameter(QgsProcessingParameterVectorLayer("parcels", "Parcels"),
                            QgsProcessingModelParameter("parcels"))
    buffer = QgsProcessingModelChildAlgorithm("cropmapper:innerbuffer")
    buffer.setChildId("buffer")
    buffer.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromModelParameter("parcels")])
    buffer.addParameterSources("DISTANCE", [QgsProcessingModelChildParameterSource.fromStaticValue(15)])
    model.addChildAlgorithm(buffer)
    area = QgsProcessingModelChildAlgorithm("cropmapper:areafilter")
    area.setChildId("area")
    area.addParameterSources("INPUT", [QgsProcessingModelChildParameterSource.fromChildOutput("buffer", "OUTPUT")])
    area.addParameterSources("MIN_AREA", [QgsProcessingModelChildParameterSource.fromStaticValue(5000)])
    area.addParameterSources("AREA_FIELD", [QgsProcessingModelChildParameterSource.fromStaticValue("AREA")])
    output = QgsProcessingModelOutput("prepared", "Prepared")
    output.setChildOutputName("OUTPUT")
    output.setChildId("area")
    area.setModelOutputs({"prepared": output})
    model.addChildAlgorithm(area)
    model.updateDestinationParameters()

    out = str(tmp_path / "model_out.gpkg")
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    results, ok = model.run({"parcels": DEMO, "area:prepared": out}, context, feedback)
    assert ok, feedback.textLog()
    ds = ogr.Open(out)
    ids = sorted(f.GetField("ID") for f in ds.GetLayer(0))
    areas = [f.GetField("AREA") for f in ds.GetLayer(0)]
    assert ids == list(range(1, 21)) + [25, 26]
    assert min(areas) > 5000


def test_cropmask_then_croptype_in_a_model(qgis_app, tmp_path):
    """The crop mask product feeds the crop type's CROP_MASK; OA and kappa come out as model numbers."""
    from qgis.core import (
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterFile,
        QgsProcessingParameterVectorLayer,
    )

    from cropmapper.science.sim import simulator

    scene = simulator.simulate_scene(str(tmp_path / "scene"), 100, 100,
                                     dates=simulator.season_dates("2018-03-01", "2018-10-31", n=10),
                                     seed=5, formats=("geotiff",), realism="none")
    model = QgsProcessingModelAlgorithm("maps", "tests")
    model.addModelParameter(QgsProcessingParameterVectorLayer("parcels", "Parcels"),
                            QgsProcessingModelParameter("parcels"))
    model.addModelParameter(QgsProcessingParameterFile("images", "Images", QgsProcessingParameterFile.Folder),
                            QgsProcessingModelParameter("images"))
    static = QgsProcessingModelChildParameterSource.fromStaticValue

    def child(alg_id, child_id, sources, outputs=()):
        c = QgsProcessingModelChildAlgorithm(alg_id)
        c.setChildId(child_id)
        for key, source in sources.items():
            c.addParameterSources(key, [source])
        model_outputs = {}
        for name in outputs:
            out = QgsProcessingModelOutput(name, name)
            out.setChildOutputName("OUTPUT_FOLDER")
            out.setChildId(child_id)
            model_outputs[name] = out
        c.setModelOutputs(model_outputs)
        model.addChildAlgorithm(c)

    fast = {"N_TREES": static(10), "SAMPLES_PER_CLASS": static(500), "SEED": static(2), "SITE": static("MODEL"),
            "INPUT_FOLDER": QgsProcessingModelChildParameterSource.fromModelParameter("images")}
    child("cropmapper:prepareinsitu", "prep", {
        "INPUT": QgsProcessingModelChildParameterSource.fromModelParameter("parcels"), "PURPOSE": static(1),
        "CROP_ONLY": static(True)})
    child("cropmapper:cropmask", "mask", dict(fast, IN_SITU=QgsProcessingModelChildParameterSource.fromModelParameter(
        "parcels"), POSTPROCESS=static(True), SEGMENTATION=static("meanshift")), outputs=["mask_folder"])
    child("cropmapper:croptype", "type", dict(
        fast, IN_SITU=QgsProcessingModelChildParameterSource.fromChildOutput("prep", "OUTPUT"),
        VALIDATION_MODE=static("kfold"), FOLDS=static(3),
        CROP_MASK=QgsProcessingModelChildParameterSource.fromChildOutput("mask", "PRODUCT")),
        outputs=["type_folder"])
    model.updateDestinationParameters()
    out = tmp_path / "products"
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    results, ok = model.run({"parcels": scene["parcels"], "images": os.path.dirname(scene["geotiff"][0]),
                             "mask:mask_folder": str(out), "type:type_folder": str(out)}, context, feedback)
    assert ok, feedback.textLog()
    # The model's final outputs are not null: the folders the products went to.
    assert results["mask:mask_folder"] == str(out) and results["type:type_folder"] == str(out)
    names = sorted(os.listdir(str(out)))
    assert [n[:14] for n in names] == ["S2AGRI_L4A_PRD", "S2AGRI_L4B_PRD"]
    from cropmapper.science.products import read_product

    l4a, l4b = (read_product(str(out / n)) for n in names)
    assert l4a.level == "L4A" and l4b.level == "L4B"
    assert l4a.quality["accuracy"] > 0.9  # the simulated classes are well apart (see the simulator)
    assert l4b.parameters["CROP_MASK"] == l4a.path  # the mask product fed the crop type through the model
    assert l4b.quality["labels"] == [1110, 1200, 5100, 8100]  # CROP_ONLY: crop codes only
    # the validation mode and the post-processing set in the model reach the products
    assert (l4a.parameters["POSTPROCESS"], l4a.parameters["SEGMENTATION"]) == ("true", "meanshift")
    assert (l4b.parameters["VALIDATION_MODE"], l4b.parameters["FOLDS"]) == ("kfold", "3")
