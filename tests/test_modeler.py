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
