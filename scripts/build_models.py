"""Builds the graphical-modeler models shipped in models/ (run again after changing an algorithm's
parameters: `make models`). Each .model3 opens in Processing > Graphical Modeler and runs with
`qgis_process run models/<name>.model3 -- name=value ...`.

crop_mapping_chain.model3: prepare in situ (crop mask and crop type) -> crop mask -> crop type of an early
period and of the full season, both with that mask -> a quality report of each product -> the comparison of
the two crop-type periods. Inputs: images (folder), parcels (CROP and CODE fields), site, season start,
early end (e.g. end of May), season end (e.g. end of August or October), seed. Final outputs: the folder of each
product (mask_products, early_products, season_products: give all three the same folder to keep the products
together), a copy of each map (mask_map, early_map, season_map, styled), the three reports and the comparison
(HTML and CSV). Only destination parameters can be a model's final outputs, hence the folders and map copies.

s1_comparison.model3: the crop mask from Sentinel-2 alone, Sentinel-2 + Sentinel-1 and Sentinel-1 alone,
compared (S1_COMPARISON_DOC below).
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MODELS = os.path.join(REPO, "models")


def build_chain():
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Source,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterDateTime,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterString,
        QgsProcessingParameterVectorLayer,
    )
    from qgis.PyQt.QtCore import QDate, QPointF

    model = QgsProcessingModelAlgorithm("crop_mapping_chain", "Crop Mapper")
    model.setHelpContent({"ALG_DESC": (
        "Prepare the in situ parcels, map the crop mask, map the crop types of an early period and of the "
        "season with that mask, write a quality report of each product and compare the two crop-type "
        "periods. The parcels need a crop / non-crop field CROP (1 / 0) and a crop code field CODE."),
        "images": "Folder of Sentinel-2 L2A products (SAFE folders or zips, MAJA, dated GeoTIFFs).",
        "parcels": "In situ parcels with the fields CROP (1 crop, 0 non-crop) and CODE (crop code).",
        "site": "Site name in the product names (letters, digits, '-').",
        "start": "First date of the season (on the command line YYYY-MM-DD).",
        "early_end": "Last date of the early crop-type map (e.g. the end of May; on the command line YYYY-MM-DD).",
        "end": "Last date of the season, for the crop mask and the season's crop-type map (on the command line "
               "YYYY-MM-DD).",
        "seed": "Seed of every random step.",
        "mask_products": "Folder where the crop-mask product is written (an existing product of the same site "
                         "and period is replaced).",
        "early_products": "Folder where the early crop-type product is written (may be the same folder).",
        "season_products": "Folder where the season's crop-type product is written (may be the same folder).",
        "mask_map": "Copy of the crop mask (GeoTIFF, styled; with qgis_process only when given).",
        "early_map": "Copy of the early crop-type map (GeoTIFF, styled).",
        "season_map": "Copy of the season's crop-type map (GeoTIFF, styled).",
        "report_mask": "Quality report of the crop mask (HTML, also in the product's AUX_DATA).",
        "report_type_early": "Quality report of the early crop type.",
        "report_type_season": "Quality report of the season's crop type.",
        "comparison_html": "Comparison of the two crop-type periods (HTML).",
        "comparison_csv": "Comparison table (CSV)."})
    y = [60.0]

    def param(p, x=80.0):
        mp = QgsProcessingModelParameter(p.name())
        mp.setPosition(QPointF(x, y[0]))
        y[0] += 60
        model.addModelParameter(p, mp)

    param(QgsProcessingParameterFile("images", "Sentinel-2 L2A images folder", QgsProcessingParameterFile.Folder))
    param(QgsProcessingParameterVectorLayer("parcels", "In situ parcels (CROP and CODE fields)"))
    param(QgsProcessingParameterString("site", "Site name", "SITE"))
    # date widgets in the model's dialog, like the algorithms' (qgis_process still takes start=YYYY-MM-DD)
    for name, label, default in (("start", "Season start", QDate(2018, 3, 1)),
                                 ("early_end", "Early period end", QDate(2018, 5, 31)),
                                 ("end", "Season end", QDate(2018, 10, 31))):
        param(QgsProcessingParameterDateTime(name, label, QgsProcessingParameterDateTime.Date, default))
    param(QgsProcessingParameterNumber("seed", "Random seed", QgsProcessingParameterNumber.Integer, 0, minValue=0))

    inp = Source.fromModelParameter
    static = Source.fromStaticValue
    out = Source.fromChildOutput
    column = [0]

    def child(alg_id, child_id, description, sources, outputs=None):
        c = QgsProcessingModelChildAlgorithm(alg_id)
        c.setChildId(child_id)
        c.setDescription(description)
        for key, source in sources.items():
            c.addParameterSources(key, source if isinstance(source, list) else [source])
        model_outputs = {}
        for name, (child_output, title) in (outputs or {}).items():
            o = QgsProcessingModelOutput(name, title)
            o.setChildOutputName(child_output)
            o.setChildId(child_id)
            if child_output == "OUTPUT_MAP":  # the dialog proposes a temporary file (the child's default skips it)
                o.setDefaultValue("TEMPORARY_OUTPUT")
            model_outputs[name] = o
        c.setModelOutputs(model_outputs)
        c.setPosition(QPointF(420.0 + 260.0 * (column[0] // 4), 80.0 + 110.0 * (column[0] % 4)))
        column[0] += 1
        model.addChildAlgorithm(c)

    child("cropmapper:prepareinsitu", "prep_mask", "In situ for the crop mask",
          {"INPUT": inp("parcels"), "PURPOSE": static(0)})
    child("cropmapper:prepareinsitu", "prep_type", "In situ for crop type (crop parcels)",
          {"INPUT": inp("parcels"), "PURPOSE": static(1), "CROP_ONLY": static(True)})
    common = {"INPUT_FOLDER": inp("images"), "START_DATE": inp("start"), "SITE": inp("site"), "SEED": inp("seed"),
              "OVERWRITE": static(True)}

    def product_outputs(name, title):
        return {name + "_products": ("OUTPUT_FOLDER", "Folder of the %s product" % title),
                name + "_map": ("OUTPUT_MAP", "Map of the %s" % title)}

    child("cropmapper:cropmask", "mask", "Crop mask (season)",
          dict(common, IN_SITU=out("prep_mask", "OUTPUT"), END_DATE=inp("end")), product_outputs("mask", "crop mask"))
    child("cropmapper:croptype", "type_early", "Crop type (early period), masked",
          dict(common, IN_SITU=out("prep_type", "OUTPUT"), END_DATE=inp("early_end"),
               CROP_MASK=out("mask", "PRODUCT")), product_outputs("early", "early crop type"))
    child("cropmapper:croptype", "type_season", "Crop type (season), masked",
          dict(common, IN_SITU=out("prep_type", "OUTPUT"), END_DATE=inp("end"), CROP_MASK=out("mask", "PRODUCT")),
          product_outputs("season", "season's crop type"))
    for product, title in (("mask", "crop mask"), ("type_early", "early crop type"),
                           ("type_season", "season crop type")):
        child("cropmapper:qualityreport", "report_" + product, "Quality report of the " + title,
              {"PRODUCT": out(product, "PRODUCT"), "SEED": inp("seed")},
              {"report_" + product: ("OUTPUT_HTML", "Quality report of the " + title)})
    child("cropmapper:compareproducts", "compare", "Early against season crop type",
          {"PRODUCTS": [out("type_early", "PRODUCT"), out("type_season", "PRODUCT")], "SEED": inp("seed")},
          {"comparison_html": ("OUTPUT_HTML", "Comparison of the two crop-type periods"),
           "comparison_csv": ("OUTPUT_CSV", "Comparison table")})
    model.updateDestinationParameters()
    return model


S1_COMPARISON_DOC = """s1_comparison.model3: the same crop mask three ways: Sentinel-2 alone, Sentinel-2 + Sentinel-1 (the S1
raster as EXTRA_RASTERS, resampled every 10 days) and Sentinel-1 alone (FEATURES=none), k-fold validated, then
cropmapper:compareproducts puts their figures side by side (HTML, CSV). The three products are named
{site}-S2, {site}-S2S1, {site}-S1 in one folder."""


def build_s1_comparison():
    from qgis.core import (
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource as Source,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterDateTime,
        QgsProcessingParameterFile,
        QgsProcessingParameterNumber,
        QgsProcessingParameterRasterLayer,
        QgsProcessingParameterString,
        QgsProcessingParameterVectorLayer,
    )
    from qgis.PyQt.QtCore import QDate, QPointF

    model = QgsProcessingModelAlgorithm("s1_comparison", "Crop Mapper")
    model.setHelpContent({"ALG_DESC": (
        "Crop mask from Sentinel-2 alone, Sentinel-2 + Sentinel-1 and Sentinel-1 alone (k-fold validation, same "
        "seed), and the comparison of the three products' figures. The parcels need a crop / non-crop field CROP "
        "(1 / 0). The Sentinel-1 raster: backscatter (dB) bands described YYYY-MM-DD_VV / YYYY-MM-DD_VH."),
        "images": "Folder of Sentinel-2 L2A products (SAFE folders or zips, MAJA, dated GeoTIFFs).",
        "parcels": "In situ parcels with the field CROP (1 crop, 0 non-crop), prepared (inner buffer, area).",
        "s1": "Sentinel-1 backscatter stack (dB), dated bands; any CRS (warped onto the images' grid).",
        "site": "Site name; the products are {site}-S2, {site}-S2S1 and {site}-S1.",
        "start": "First date (on the command line YYYY-MM-DD).",
        "end": "Last date (on the command line YYYY-MM-DD).",
        "seed": "Seed of every random step.",
        "products": "Folder where the three products are written (same site and period are replaced).",
        "comparison_html": "Comparison of the three crop masks (HTML).",
        "comparison_csv": "Comparison table (CSV)."})
    y = [60.0]

    def param(p):
        mp = QgsProcessingModelParameter(p.name())
        mp.setPosition(QPointF(80.0, y[0]))
        y[0] += 60
        model.addModelParameter(p, mp)

    param(QgsProcessingParameterFile("images", "Sentinel-2 L2A images folder", QgsProcessingParameterFile.Folder))
    param(QgsProcessingParameterVectorLayer("parcels", "In situ parcels (CROP field)"))
    param(QgsProcessingParameterRasterLayer("s1", "Sentinel-1 backscatter stack (dB)"))
    param(QgsProcessingParameterString("site", "Site name", "SITE"))
    for name, label, default in (("start", "Start", QDate(2018, 3, 1)), ("end", "End", QDate(2018, 10, 31))):
        param(QgsProcessingParameterDateTime(name, label, QgsProcessingParameterDateTime.Date, default))
    param(QgsProcessingParameterNumber("seed", "Random seed", QgsProcessingParameterNumber.Integer, 0, minValue=0))
    inp, static, out = Source.fromModelParameter, Source.fromStaticValue, Source.fromChildOutput
    common = {"INPUT_FOLDER": inp("images"), "IN_SITU": inp("parcels"), "START_DATE": inp("start"),
              "END_DATE": inp("end"), "SEED": inp("seed"), "VALIDATION_MODE": static("kfold"),
              "OVERWRITE": static(True)}
    runs = (("mask_s2", "Crop mask, Sentinel-2 alone", "S2", {}),
            ("mask_s2s1", "Crop mask, Sentinel-2 + Sentinel-1", "S2S1", {"EXTRA_RASTERS": [inp("s1")]}),
            ("mask_s1", "Crop mask, Sentinel-1 alone", "S1", {"EXTRA_RASTERS": [inp("s1")], "FEATURES": static("none")}))
    for k, (child_id, description, suffix, extra) in enumerate(runs):
        c = QgsProcessingModelChildAlgorithm("cropmapper:cropmask")
        c.setChildId(child_id)
        c.setDescription(description)
        sources = dict(common, SITE=Source.fromExpression("@site || '-%s'" % suffix), **extra)
        for key, source in sources.items():
            c.addParameterSources(key, source if isinstance(source, list) else [source])
        if k == 0:  # the first run's folder is the model's output; the others write into the same folder
            o = QgsProcessingModelOutput("products", "Folder of the products")
            o.setChildOutputName("OUTPUT_FOLDER")
            o.setChildId(child_id)
            c.setModelOutputs({"products": o})
        else:
            c.addParameterSources("OUTPUT_FOLDER", [out("mask_s2", "OUTPUT_FOLDER")])
        c.setPosition(QPointF(420.0, 80.0 + 110.0 * k))
        model.addChildAlgorithm(c)
    c = QgsProcessingModelChildAlgorithm("cropmapper:compareproducts")
    c.setChildId("compare")
    c.setDescription("S2 against S2 + S1 against S1")
    c.addParameterSources("PRODUCTS", [out(r[0], "PRODUCT") for r in runs])
    c.addParameterSources("SEED", [inp("seed")])
    outputs = {}
    for name, child_output, title in (("comparison_html", "OUTPUT_HTML", "Comparison of the three crop masks"),
                                      ("comparison_csv", "OUTPUT_CSV", "Comparison table")):
        o = QgsProcessingModelOutput(name, title)
        o.setChildOutputName(child_output)
        o.setChildId("compare")
        outputs[name] = o
    c.setModelOutputs(outputs)
    c.setPosition(QPointF(700.0, 190.0))
    model.addChildAlgorithm(c)
    model.updateDestinationParameters()
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=MODELS)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, os.path.join(REPO, "build", "plugins"))
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from cropmapper.provider import CropMapperProvider

    provider = CropMapperProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    os.makedirs(args.out, exist_ok=True)
    for name, build in (("crop_mapping_chain", build_chain), ("s1_comparison", build_s1_comparison)):
        path = os.path.join(args.out, name + ".model3")
        if not build().toFile(path):
            raise SystemExit("could not write %s" % path)
        print("wrote", path)
    app.exitQgis()


if __name__ == "__main__":
    main()
