"""Model reuse: the random forest saved in a crop mask (L4A) or crop type (L4B) product applied to other
images (another tile, another year), written as a product of the same level.

The dates. A model's features are tied to its 10-day date grid (per-date features are named after their
date; Sen2-Agri's summary features use the days between dates). The new images get a grid of the same
length and step, shifted in time:
- START_DATE and END_DATE given: the grid of that period (it must give as many dates as the model's);
- START_DATE only: the model's period length from it;
- neither: the model's training period (START_DATE .. END_DATE of its product) shifted by the whole
  number of years whose period holds the most images, ties going to the shift that brings its start
  closest to the first image (0 for the model's own images: the same grid, the same map; 1 for the next
  year's images: the same days of the year).
Feature i of the new grid stands for feature i of the model's (the date tags are mapped by position).
"""
import datetime
import glob
import os
import pickle
import re
import shutil

import numpy as np

from . import products, workflow
from .classify import classifier, sampling
from .blocks import gdal_cache
from .errors import InputError
from .insitu import Parcel
from .io.readers import discover, prepare
from .progress import Phase, Reporter
from .series.extras import ExtraRaster
from .series.features import FeatureSpec, FeatureStream
from .series.timeseries import check_period, regular_dates

APPLIED = "applied model"


class SavedModel:
    """A product's model read back: ``product`` (products.Product), ``level``, ``model`` (the estimator),
    ``features`` (its feature names, in order), ``spec`` (FeatureSpec of its training dates), ``classes``,
    ``label_field``, ``start`` / ``end`` (its training period) and the pickle's size in bytes."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def read_saved_model(path, expect_level=None):
    """The model of the product at ``path``; InputError for a folder that is not a product, a product
    without our model (e.g. one of Sen2-Agri), a model of another level than ``expect_level`` or a feature
    list that its saved feature spec does not give (another version, extra rasters)."""
    import json

    if not path or not os.path.isdir(str(path)):
        raise InputError("The model must be a crop mask (L4A) or crop type (L4B) product folder: %s is not a "
                         "folder.", path)
    product = products.read_product(str(path))
    if expect_level and product.level != expect_level:
        raise InputError("%s is a %s product: a %s model is expected here.", product.path, product.level,
                         expect_level)
    aux = os.path.join(product.path, "AUX_DATA")
    pkl = sorted(glob.glob(os.path.join(aux, "S2AGRI_L4?_MODEL_*.pkl")))
    js = sorted(glob.glob(os.path.join(aux, "S2AGRI_L4?_FEATURES_*.json")))
    if not pkl or not js:
        raise InputError("The product %s holds no model (AUX_DATA/..._MODEL_....pkl and ..._FEATURES_....json): "
                         "only products made by the crop mask or crop type algorithms of this plugin carry one.",
                         product.path)
    with open(js[0], encoding="utf-8") as f:
        info = json.load(f)
    if "feature_spec" not in info:
        raise InputError("The model of %s has no saved feature spec (a product of an older version): train it "
                         "again.", product.path)
    level = info.get("level") or product.level
    if level != product.level:
        raise InputError("The model of %s was saved as a %s model but the product is %s: refused.",
                         product.path, level, product.level)
    spec = FeatureSpec.from_dict(info["feature_spec"])
    gaps = sorted({(b - a).days for a, b in zip(spec.dates, spec.dates[1:])})
    if gaps and gaps != [spec.step_days]:
        raise InputError("The model of %s has dates %s days apart but a step of %d days: its feature spec is not "
                         "one this version writes; train it again.", product.path,
                         ", ".join(str(g) for g in gaps), spec.step_days)
    features = list(info["features"])
    # extra rasters' bands follow the spec's features (FeatureStream): a longer list that starts with them
    expected = model_names(spec)
    extras = features[len(expected):] if features[:len(expected)] == expected else []
    if info.get("s2_features") is False or (not spec.bands and set(spec.sets) <= {"ndvi"}):
        raise InputError("The model of %s was trained on extra rasters alone (no Sentinel-2 feature): applymodel "
                         "does not apply such a model.", product.path)
    if extras and not info.get("extra_rasters"):
        raise InputError("The model of %s was trained with features other than its images' (%s) and does not "
                         "say which rasters gave them: train it again with this version.", product.path,
                         ", ".join(extras[:5]))
    if features[:len(expected)] != expected:
        k = next(i for i, (a, b) in enumerate(zip(features + [""], expected + [""])) if a != b)
        raise InputError("The feature list of the model of %s is not the one its feature spec gives (%d "
                         "features saved, %d computed; feature %d is '%s' in the list, '%s' by the spec): the "
                         "product was written by another version; train it again.", product.path, len(features),
                         len(expected), k + 1, (features + [""])[k], (expected + [""])[k])
    with open(pkl[0], "rb") as f:
        model = pickle.load(f)
    n_in = getattr(model, "n_features_in_", len(features))
    if n_in != len(features):
        raise InputError("The model of %s takes %d features but its feature list names %d.", product.path, n_in,
                         len(features))
    start, end = _period(product, spec)
    return SavedModel(product=product, level=product.level, model=model, features=features, spec=spec,
                      extras=extras, extra_resample=info.get("extra_resample", "auto"),
                      extra_units=info.get("extra_units", "db"),
                      classes=[int(c) for c in model.classes_], label_field=info.get("label_field"),
                      start=start, end=end, nbytes=os.path.getsize(pkl[0]))


_DATE_TAG = re.compile(r"\d{4}-?\d{2}-?\d{2}")


def matching_extras(saved, paths, grid, spec):
    """ExtraRasters of ``paths`` on ``grid`` and the new dates, read as the model's were; InputError when
    they do not give the model's extra features (the same names by position once the dates are set aside)."""
    paths = [str(p) for p in paths or ()]
    if saved.extras and not paths:
        raise InputError("The model of %s was trained with %d extra raster features (%s...): give rasters of the "
                         "same bands in EXTRA_RASTERS.", saved.product.path, len(saved.extras), saved.extras[0])
    if paths and not saved.extras:
        raise InputError("The model of %s was trained without extra rasters: leave EXTRA_RASTERS empty.",
                         saved.product.path)
    extras = [ExtraRaster(p, grid, spec.dates, saved.extra_resample, saved.extra_units) for p in paths]
    names = [n for e in extras for n in e.names]
    if len(names) != len(saved.extras):
        raise InputError("The model takes %d extra raster features, EXTRA_RASTERS give %d (model: %s...; given: "
                         "%s...).", len(saved.extras), len(names), saved.extras[0], names[0] if names else "")
    for i, (a, b) in enumerate(zip(saved.extras, names)):
        if _DATE_TAG.sub("", a) != _DATE_TAG.sub("", b):
            raise InputError("Extra raster feature %d is '%s' for the model but '%s' here: give the rasters in the "
                             "model's order, with the same bands.", i + 1, a, b)
    return extras


def model_names(spec):
    """The features a model of ``spec`` takes: every feature but the per-date NDVI computed only for the
    post-processing (as workflow._run drops it)."""
    names = spec.names()
    if "ndvi" in spec.sets:
        names = [n for n in names if not workflow._NDVI_DATE.match(n)]
    return names


def _period(product, spec):
    """The model's training period: the product's START_DATE / END_DATE, else its first and last dates."""
    out = []
    for key, default in (("START_DATE", spec.dates[0]), ("END_DATE", spec.dates[-1])):
        try:
            out.append(datetime.date.fromisoformat(str(product.parameters.get(key, ""))[:10]))
        except ValueError:
            out.append(default)
    return tuple(out)


def shift_years(date, years):
    """``date`` moved by whole years (29 February becomes 28 February in a common year)."""
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def year_shift(model_start, first_image):
    """Whole years that bring ``model_start`` closest to ``first_image``."""
    return int(round((first_image - model_start).days / 365.25))


def new_period(saved, start, end, first_image=None, image_dates=()):
    """(start, end) of the new images' grid (see the module's rule); ``image_dates``: every image's date."""
    start, end = check_period(start, end)
    if start and end:
        return start, end
    if start:
        return start, start + (saved.end - saved.start)
    if end:
        return end - (saved.end - saved.start), end
    years = year_shift(saved.start, first_image)
    if image_dates:  # the shift whose period holds the most images (a folder of two seasons), ties the closest
        dates = sorted(image_dates)
        shifts = range(year_shift(saved.start, dates[0]) - 1, year_shift(saved.start, dates[-1]) + 2)

        def held(k):
            a, b = shift_years(saved.start, k), shift_years(saved.end, k)
            return sum(a <= d <= b for d in dates)
        years = max(shifts, key=lambda k: (held(k), -abs(k - years)))
    return shift_years(saved.start, years), shift_years(saved.end, years)


def check_spec(model_spec, new_spec, period=None):
    """InputError naming what differs between the model's features and those ``new_spec`` gives: feature
    sets, bands, step, window or the number of dates (the dates themselves may differ: feature i of the new
    grid stands for feature i of the model's). ``period``: the (start, end) the new grid was made of, for the
    message (default its first and last dates)."""
    m, n = model_spec, new_spec
    if m.sets != n.sets:
        raise InputError("The model was trained on the feature sets %s, these features are %s.",
                         ", ".join(m.sets), ", ".join(n.sets))
    if "bands" in m.sets and m.bands != n.bands:
        raise InputError("The model was trained on the bands %s, these features hold %s.", ", ".join(m.bands),
                         ", ".join(n.bands))
    if m.step_days != n.step_days:
        raise InputError("The model was trained on dates every %d days, these features are every %d days.",
                         m.step_days, n.step_days)
    if m.window != n.window and "sen2agri" in m.sets:
        raise InputError("The model was trained with a temporal window of %d dates, these features use %d.",
                         m.window, n.window)
    if len(m.dates) != len(n.dates):
        first, last = period or (n.dates[0], n.dates[-1])
        if len(n.dates) < len(m.dates):
            raise InputError("The model was trained on %d dates (%s to %s, every %d days); the period %s to %s "
                             "gives %d: %d dates missing. Give a period of %d days (e.g. END_DATE %s), or no "
                             "END_DATE.", len(m.dates), m.dates[0], m.dates[-1], m.step_days, first, last,
                             len(n.dates), len(m.dates) - len(n.dates), (m.dates[-1] - m.dates[0]).days + 1,
                             first + (m.dates[-1] - m.dates[0]))
        raise InputError("The model was trained on %d dates (%s to %s, every %d days); the period %s to %s "
                         "gives %d: %d dates too many. Give a period of %d days (e.g. END_DATE %s), or no "
                         "END_DATE.", len(m.dates), m.dates[0], m.dates[-1], m.step_days, first, last,
                         len(n.dates), len(n.dates) - len(m.dates), (m.dates[-1] - m.dates[0]).days + 1,
                         first + (m.dates[-1] - m.dates[0]))
    if len(model_names(m)) != len(model_names(n)):  # cannot happen with the checks above: a safety net
        raise InputError("The model takes %d features, these images give %d.", len(model_names(m)),
                         len(model_names(n)))


def apply_model(model, inputs, start=None, end=None, site="SITE", tile=None, max_cloud=None, insitu=None,
                label_field=None, insitu_crs=None, insitu_name=None, crop_mask=None, memory_mb=512,
                out_folder=".", overwrite=False, n_jobs=None, reporter=None, expect_level=None, seed=0,
                extra_rasters=()):
    """Apply the model of the product ``model`` (folder) to the L2A ``inputs`` of the period (see the
    module's rule) and write a product of the model's level. ``insitu`` (a vector path or records
    [(wkb, label, id)] in ``insitu_crs``) labelled in ``label_field`` (default: the model's field):
    every polygon validates the map. ``crop_mask``: an L4A product or a 0/1 raster, crop type models only.
    ``extra_rasters``: for a model trained with extra rasters, rasters of the same bands (matched by position,
    dates aside), read as the model's were (its resampling and units). Returns {product, map, raw, confidence, flags, level, overall_accuracy, kappa, quality, assessment}
    (the figures None without in situ data)."""
    reporter = reporter or Reporter()
    saved = read_saved_model(model, expect_level)
    is_mask = saved.level == "L4A"
    if crop_mask and is_mask:
        raise InputError("A crop mask applies to a crop type (L4B) model only; %s holds a crop mask (L4A) model.",
                         saved.product.path)
    reporter.info("Model of %s (%s): %d features, classes %s, trained on %s to %s.", saved.product.name,
                  saved.level, len(saved.features), ", ".join(str(c) for c in saved.classes), saved.start,
                  saved.end)
    field = label_field or saved.label_field or ("CROP" if is_mask else "CODE")
    polygons = None
    if insitu is not None:
        polygons = sampling.load_polygons(insitu, field, insitu_crs, reporter)
        polygons = (sampling.crop_labels if is_mask else sampling.code_labels)(polygons, field, reporter)
        if len(polygons) == 0:
            raise InputError("No in situ polygon has a usable '%s' value.", field)

    # the model's own spec, but for the dates; the post-processing's NDVI is not computed (no post-processing)
    sets = [s for s in saved.spec.sets if s != "ndvi"]
    base = FeatureSpec(saved.spec.dates, saved.spec.bands, sets, saved.spec.step_days, saved.spec.window)
    first, image_dates = None, ()
    start, end = check_period(start, end)
    if not start and not end:
        probe = discover(inputs, None, None, tile, max_cloud, reporter.sub(0.0, 0.01), base.read_bands())
        first = min(a.date for a in probe)
        image_dates = [a.date for a in probe]
        for a in probe:
            a.close()
    start, end = new_period(saved, start, end, first, image_dates)
    spec = FeatureSpec(regular_dates(start, end, base.step_days), base.bands, base.sets, base.step_days,
                       base.window)
    check_spec(saved.spec, spec, (start, end))
    reporter.info("Features on %d dates from %s to %s (the model's from %s to %s), every %d days.",
                  len(spec.dates), spec.dates[0], spec.dates[-1], saved.spec.dates[0], saved.spec.dates[-1],
                  spec.step_days)
    skipped = []
    acquisitions, grid = prepare(inputs, start, end, tile, max_cloud, reporter.sub(0.01, 0.04),
                                 bands=spec.read_bands(), skipped=skipped)
    product_tile = workflow._product_tile(acquisitions, tile)
    extras = matching_extras(saved, extra_rasters, grid, spec)
    mask_path = workflow._crop_mask_raster(crop_mask, grid) if crop_mask else None
    if polygons is not None:
        polygons = sampling.to_crs(polygons, grid.crs_wkt, reporter)

    writer = products.ProductWriter(saved.level, out_folder, site, acquisitions[0].date, acquisitions[-1].date,
                                    product_tile, overwrite=overwrite)
    n_jobs = n_jobs or classifier.default_jobs()
    with writer, gdal_cache(workflow.cache_mb(memory_mb)):
        work = os.path.join(writer.tmp_path, ".work")
        os.makedirs(work)
        samples = validation_samples(polygons, grid, saved.classes, memory_mb, reporter.sub(0.04, 0.05)) \
            if polygons is not None else None
        plan = workflow.plan_memory(max(memory_mb - saved.nbytes / 2 ** 20, memory_mb / 2), acquisitions, grid,
                                    spec, 0, len(saved.classes), 1, 2)
        reporter.info(plan.describe())
        stream = FeatureStream(acquisitions, grid, spec, extras, plan.compute_mb, reporter, plan.predict_bpp,
                               store_folder=work, store_memory_mb=plan.store_memory_mb, n_jobs=n_jobs)
        raw_path, cnf_path, map_path = (writer.raster_path(k) for k in ("RAW", "CNF", "MAP"))
        try:
            phase = Phase(reporter.sub(0.05, 0.55), "Decoding the images (each file once)")
            stream.decode(phase)
            phase.done()
            phase = Phase(reporter.sub(0.55, 0.95), "Features and prediction")
            predictor = classifier.Predictor(saved.model, n_jobs, reporter)
            workflow.predict_pass(stream, predictor, raw_path, cnf_path, None, [], phase,
                                  flags=writer.create_raster("FLG", grid))
            phase.done()
            del predictor
        finally:
            stream.close()
        if mask_path:
            workflow.apply_crop_mask(raw_path, mask_path, map_path, memory_mb, reporter.sub(0.95, 0.98))
        else:
            shutil.copyfile(raw_path, map_path)
        quality = assessment = None
        if samples is not None:
            quality, assessment = workflow.validate(map_path, samples, memory_mb, seed)
            workflow._log_quality(reporter, quality, is_mask, assessment)
            writer.write_quality(quality)
            products.write_quality_xml(quality, writer.aux_path("QLT", "xml"), products.LEVELS[saved.level]["root"],
                                       assessment)
            writer.write_insitu([], _parcels(polygons, samples, field), crs_wkt=grid.crs_wkt)
        else:
            reporter.info("No in situ data: the map is not validated (the product holds no quality file).")
        used = [a.source for a in acquisitions if not getattr(a, "rejected", None)]
        params = {"PROCESSING": APPLIED, "MODEL": os.path.abspath(saved.product.path),
                  "MODEL_PRODUCT": saved.product.name, "MODEL_START_DATE": saved.start,
                  "MODEL_END_DATE": saved.end, "INPUT": used, "START_DATE": start, "END_DATE": end,
                  "SITE": site, "TILE": product_tile, "FEATURES": saved.features,
                  "EXTRA_RASTERS": [str(p) for p in extra_rasters or ()],
                  "FEATURE_DATES": [d.isoformat() for d in spec.dates], "STEP_DAYS": spec.step_days,
                  "CLASSES": saved.classes,
                  "IN_SITU": insitu_name or (insitu if isinstance(insitu, str) else
                                             ("%d polygons" % len(polygons) if polygons is not None else "")),
                  ("CROP_FIELD" if is_mask else "CODE_FIELD"): field if polygons is not None else ""}
        if not is_mask:
            params["CROP_MASK"] = crop_mask or ""
        writer.write_metadata(list(acquisitions) + skipped, params, grid)
        # the model's product names the crop codes (its LUT): the same names and colours here
        writer.write_styles(legend=None if is_mask else _legend_of(saved.product))
        shutil.rmtree(work)
    rasters = writer.product.rasters
    reporter.progress(1.0)
    reporter.info("Product written: %s", writer.path)
    return {"product": writer.path, "map": rasters.get("MAP"), "raw": rasters.get("RAW"),
            "confidence": rasters.get("CNF"), "flags": rasters.get("FLG"), "level": saved.level,
            "overall_accuracy": quality.accuracy if quality else None, "kappa": quality.kappa if quality else None,
            "quality": quality, "assessment": assessment}


def validation_samples(polygons, grid, classes, memory_mb=256, reporter=None):
    """sampling.Samples with every in situ polygon holding a pixel centre as a validation polygon (the
    model was trained elsewhere: none is a training polygon), for workflow.validate."""
    labels = np.asarray(polygons.labels)
    counts = np.zeros(len(polygons), dtype=np.int64)
    for _, burnt in sampling.burnt_blocks(polygons, grid, memory_mb, reporter):
        counts += np.bincount(burnt.ravel(), minlength=len(polygons) + 1)[1:]
    if counts.sum() == 0:
        raise InputError("No pixel centre of the images falls inside an in situ polygon: the polygons are "
                         "outside the images or smaller than a pixel.")
    return sampling.Samples(polygons=polygons, labels=labels, grid=grid, is_validation=counts > 0,
                            has_pixels=counts > 0, classes=list(classes), all_classes=sorted(set(labels.tolist())),
                            not_validated=[])


def _parcels(polygons, samples, field):
    return [Parcel(bytes(g.ExportToWkb()), {"ID": polygons.ids[i], field: int(polygons.labels[i])})
            for i, g in enumerate(polygons.geometries) if samples.has_pixels[i]]


def _legend_of(product):
    """{code: name} of a crop type product's LUT ('value r g b name' lines), {} when it has none."""
    names = {}
    path = product.aux.get("LUT")
    if not path:
        return names
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split(None, 4)
            if len(parts) == 5 and parts[0].lstrip("-").isdigit() and int(parts[0]) > 0:
                names[int(parts[0])] = parts[4].strip()
    return names
