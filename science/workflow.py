"""Crop mask (L4A) and crop type (L4B) runs: images -> features -> samples -> random forest ->
maps -> metrics on the validation polygons -> a Sen2-Agri style product."""
import datetime
import os
import re
import shutil

import numpy as np
from osgeo import gdal

from .classify import classifier, metrics, postprocess, sampling
from .quality import validation
from . import products
from .blocks import gdal_cache, row_blocks
from .errors import InputError
from .series.extras import ExtraRaster
from .series.features import FeatureSpec, FeatureStream, create_geotiff, publish
from .grid import Grid
from .insitu import Parcel
from .progress import Phase, Reporter
from .io.readers import prepare
from .series.timeseries import check_period, regular_dates

gdal.UseExceptions()

NODATA = classifier.NODATA
STEP_DAYS = 10
# FEATURES=extended: the per-date bands and indices plus our temporal features; FEATURES=sen2agri: Sen2-Agri's
# 27 summary features and its 4 red-edge features per date (science.series.sen2agri).
CROP_MASK_FEATURES = {"bands": ("B03", "B04", "B08", "B11"), "sets": ("bands", "indices", "temporal")}
# FEATURES=none: no Sentinel-2 feature, only the extra rasters (e.g. S1 alone); the images still give the grid,
# the period and the date flags, and their NDVI (not a model feature) the post-processing's segmentation.
MASK_FEATURE_SETS = {"extended": CROP_MASK_FEATURES,
                     "sen2agri": {"bands": (), "sets": ("sen2agri", "sen2agri_rededge")},
                     "none": {"bands": (), "sets": ("ndvi",)}}
# measured on the Flanders patch (README, Accuracy): sen2agri beats extended in both validation modes
DEFAULT_MASK_FEATURES = "sen2agri"
VALIDATION_MODES = ("split", "kfold")
# Sen2-Agri's crop-type features, per date in its order: B03 B04 B08 B11 B05 B06 B07 B8A NDVI NDWI brightness
CROP_TYPE_FEATURES = {"bands": (), "sets": ("sen2agri_dates",)}
_NDVI_DATE = re.compile(r"^NDVI_\d{8}$")
# The per-date NDVI for the post-processing is the run's only large temporary raster (4 bytes x dates per
# pixel: 12 GB for 25 dates on a full tile). DEFLATE level 1 with the floating-point predictor (given where
# it is created) stores it in 78 % of that on the simulated scene, as level 6 does, in 2/3 of level 6's
# time; uncompressed writes faster still, but disk is what this run is short of.
NDVI_OPTIONS = ("ZLEVEL=1",)
POSTPROCESS_METHODS = postprocess.METHODS
# when post-processing is asked for: region merging measured above the mean shift on the Flanders patch
DEFAULT_POSTPROCESS = "merging"


def run_crop_mask(inputs, start, end, insitu, crop_field="CROP", site="SITE", tile=None, insitu_crs=None,
                  samples_per_class=40000, validation_ratio=0.25, n_trees=100, max_depth=25, min_samples=25,
                  seed=0, postprocess=False, memory_mb=512, out_folder=".", overwrite=False, max_cloud=None,
                  n_jobs=None, reporter=None, insitu_name=None, features=DEFAULT_MASK_FEATURES, window=6,
                  validation_mode="split", folds=5, source=None, extra_rasters=(), extra_resample="auto",
                  extra_units="db"):
    """Crop mask (L4A) from L2A ``inputs`` and in situ polygons (a vector path, or records
    [(wkb, label, id)] in ``insitu_crs``) labelled 1 crop / 0 non-crop in ``crop_field``.
    ``features``: "extended" or "sen2agri" (MASK_FEATURE_SETS); ``window``: dates in Sen2-Agri's temporal
    windows (sen2agri features). ``validation_mode``: "split" (VALIDATION_RATIO of the polygons held out) or
    "kfold" (``folds`` folds by polygon, every polygon validated once by a model trained without it; the
    product's model is trained on all polygons). ``source``: where the training pixels come from instead of
    ``insitu`` (science.classify.reference.ReferenceSource: a reference map). Returns {product, map, raw,
    confidence, flags, model, overall_accuracy, kappa, quality}.
    ``extra_rasters``: raster paths whose bands are added to the features (science.series.extras;
    ``extra_resample`` "auto" / "yes" / "no" onto the 10-day dates, ``extra_units`` "db" / "linear");
    ``features="none"`` classifies with them alone."""
    if features not in MASK_FEATURE_SETS:
        raise InputError("Unknown crop-mask feature set '%s': choose %s.", features, " or ".join(MASK_FEATURE_SETS))
    return _run("L4A", inputs, start, end, insitu, crop_field, site, tile, insitu_crs, samples_per_class,
                validation_ratio, n_trees, max_depth, min_samples, seed, memory_mb, out_folder, overwrite,
                max_cloud, n_jobs, reporter, insitu_name, postprocess=postprocess, features=features,
                window=window, validation_mode=validation_mode, folds=folds, source=source,
                extra_rasters=extra_rasters, extra_resample=extra_resample, extra_units=extra_units)


def run_crop_type(inputs, start, end, insitu, code_field="CODE", site="SITE", tile=None, insitu_crs=None,
                  crop_mask=None, legend=None, samples_per_class=10000, validation_ratio=0.25, n_trees=100,
                  max_depth=25, min_samples=25, seed=0, memory_mb=512, out_folder=".", overwrite=False,
                  max_cloud=None, n_jobs=None, reporter=None, insitu_name=None, validation_mode="split", folds=5,
                  names=None, extra_rasters=(), extra_resample="auto", extra_units="db", s2_features=True):
    """Crop type map (L4B) from L2A ``inputs`` and in situ polygons with integer crop codes in
    ``code_field`` (0 / empty = not crop, unused). ``crop_mask``: an L4A product (folder) or a 0/1 raster
    on the same grid; the masked map (CT, 0 outside crop) is validated, the unmasked one is RAW.
    ``names``: {code: name} (e.g. ``products.code_names`` of the parcels) for the LUT and styles, as a
    ``legend`` CSV gives them; the legend's names win. ``extra_rasters`` etc.: as run_crop_mask;
    ``s2_features=False`` classifies with the extra rasters alone."""
    return _run("L4B", inputs, start, end, insitu, code_field, site, tile, insitu_crs, samples_per_class,
                validation_ratio, n_trees, max_depth, min_samples, seed, memory_mb, out_folder, overwrite,
                max_cloud, n_jobs, reporter, insitu_name, crop_mask=crop_mask, legend=legend,
                validation_mode=validation_mode, folds=folds, names=names, extra_rasters=extra_rasters,
                extra_resample=extra_resample, extra_units=extra_units, s2_features=s2_features)


def _run(level, inputs, start, end, insitu, field, site, tile, insitu_crs, samples_per_class, validation_ratio,
         n_trees, max_depth, min_samples, seed, memory_mb, out_folder, overwrite, max_cloud, n_jobs, reporter,
         insitu_name=None, postprocess=False, crop_mask=None, legend=None, features=None, window=6,
         validation_mode="split", folds=5, names=None, source=None, extra_rasters=(), extra_resample="auto",
         extra_units="db", s2_features=True):
    reporter = reporter or Reporter()
    is_mask = level == "L4A"
    if postprocess is True:
        postprocess = DEFAULT_POSTPROCESS
    elif postprocess and postprocess not in POSTPROCESS_METHODS:
        raise InputError("Unknown post-processing '%s': choose %s.", postprocess, " or ".join(POSTPROCESS_METHODS))
    start, end = check_period(start, end)
    if not 0.0 < float(validation_ratio) < 1.0:
        raise InputError("The validation ratio must be between 0 and 1 (exclusive), not %s.", validation_ratio)
    if int(samples_per_class) < 1:
        raise InputError("The number of samples per class must be at least 1.")
    if validation_mode not in VALIDATION_MODES:
        raise InputError("Unknown validation mode '%s': choose %s.", validation_mode, " or ".join(VALIDATION_MODES))
    kfold = int(folds) if validation_mode == "kfold" else None
    if kfold is not None and not 2 <= kfold <= 20:
        raise InputError("The number of folds must be between 2 and 20, not %s.", folds)
    extra_rasters = [str(p) for p in (extra_rasters or ())]
    # S1 alone: the S2 features are computed (NDVI only, for the grid, flags and segmentation) but not used
    s2_features = bool(s2_features) and not (is_mask and features == "none")
    if not s2_features and not extra_rasters:
        raise InputError("No feature to classify with: without Sentinel-2 features (FEATURES=none or "
                         "S2_FEATURES off) give at least one extra raster (EXTRA_RASTERS).")
    legend_map = products.read_legend(legend) if legend else {}
    if names and legend:
        reporter.info("Crop names: the legend %s names the codes it lists; the in situ name field names only "
                      "the others.", legend)
    legend_map = {**(names or {}), **legend_map}

    # In situ labels first: a bad field fails before any image is read.
    polygons = None if source else sampling.load_polygons(insitu, field, insitu_crs, reporter)
    polygons = polygons and (sampling.crop_labels if is_mask else sampling.code_labels)(polygons, field, reporter)
    if not source and len(polygons) == 0:
        raise InputError("No in situ polygon has a usable '%s' value.", field)

    spec_kw = dict(MASK_FEATURE_SETS[features or DEFAULT_MASK_FEATURES] if is_mask else CROP_TYPE_FEATURES)
    if not s2_features:
        spec_kw = dict(MASK_FEATURE_SETS["none"])
    if is_mask and postprocess and "indices" not in spec_kw["sets"] and "ndvi" not in spec_kw["sets"]:
        spec_kw["sets"] = tuple(spec_kw["sets"]) + ("ndvi",)  # the segmentation's NDVI, not a model feature
    probe = FeatureSpec([start or end or datetime.date.today()], spec_kw["bands"], spec_kw["sets"], STEP_DAYS,
                        window)
    skipped = []
    acquisitions, grid = prepare(inputs, start, end, tile, max_cloud, reporter.sub(0.0, 0.04),
                                 bands=probe.read_bands(), skipped=skipped)
    start = start or acquisitions[0].date
    end = end or acquisitions[-1].date
    product_tile = _product_tile(acquisitions, tile)
    mask_path = _crop_mask_raster(crop_mask, grid) if crop_mask else None
    if source:  # the reference map on the grid, checked before the product is opened
        source.prepare(grid, reporter.sub(0.04, 0.045))
    else:
        polygons = sampling.to_crs(polygons, grid.crs_wkt, reporter)
    spec = FeatureSpec(regular_dates(start, end, STEP_DAYS), spec_kw["bands"], spec_kw["sets"], STEP_DAYS, window)
    # opened (and checked) before the product is begun; FeatureStream reads them by row block
    extras = [ExtraRaster(p, grid, spec.dates, extra_resample, extra_units) for p in extra_rasters]

    # As Sen2-Agri, the product is named after the first and last acquisitions used, not the request.
    writer = products.ProductWriter(level, out_folder, site, acquisitions[0].date, acquisitions[-1].date,
                                    product_tile, overwrite=overwrite)
    n_jobs = n_jobs or classifier.default_jobs()
    with writer, gdal_cache(cache_mb(memory_mb)):
        work = os.path.join(writer.tmp_path, ".work")
        os.makedirs(work)
        draw = source.draw(grid, reporter.sub(0.045, 0.05)) if source else sampling.draw_samples(
            polygons, grid, int(samples_per_class), float(validation_ratio), int(seed), memory_mb,
            reporter.sub(0.04, 0.05), folds=kfold)
        n_classes = len(draw.classes)
        plan = plan_memory(memory_mb, acquisitions, grid, spec, len(draw.rows), n_classes, int(n_trees),
                           int(min_samples), n_extra=sum(e.out_count for e in extras))
        reporter.info(plan.describe())
        # Every file is decoded once into a store (memory or a temporary file); pass 1 computes from it the
        # drawn training pixels' features (and writes the flags), pass 2 recomputes every block to predict.
        stream = FeatureStream(acquisitions, grid, spec, extras, plan.compute_mb, reporter, plan.predict_bpp,
                               store_folder=work, store_memory_mb=plan.store_memory_mb, n_jobs=n_jobs,
                               extra_resample=extra_resample, extra_units=extra_units)
        try:
            names = stream.names
            # the model's columns: every feature but the NDVI computed only for the segmentation (and, without
            # S2 features, none of the S2 ones: the extra rasters' bands come after them)
            cols = [i for i, n in enumerate(names) if (s2_features or i >= stream.feature_count)
                    and ("ndvi" not in spec.sets or i >= stream.feature_count or not _NDVI_DATE.match(n))]
            for e in stream.extras:  # one template per case: each is translated whole
                if e.resample:
                    reporter.info("Extra raster %s: %d bands (%s) resampled every %d days into %d features.",
                                  e.path, e.count, ", ".join(n for n, _, _ in e.series), STEP_DAYS, e.out_count)
                else:
                    reporter.info("Extra raster %s: %d bands added to the features as they are.", e.path, e.count)
            extras_meta = [e.describe() for e in stream.extras]
            p = (0.05, 0.55, 0.60, 0.63, 0.85) if is_mask and postprocess else (0.05, 0.60, 0.66, 0.70, 0.96)
            phase = Phase(reporter.sub(p[0], p[1]), "Decoding the images (each file once)")
            stream.decode(phase)
            phase.done()
            phase = Phase(reporter.sub(p[1], p[2]), "Pass 1: training pixels and date counts")
            samples = sample_pass(stream, draw, writer, phase, source.finish if source else None)
            phase.done()
            if len(cols) < len(names):
                samples.x_train = samples.x_train[:, cols]
            if kfold:
                samples.oof = cross_validate(samples, kfold, int(n_trees), int(max_depth), int(min_samples),
                                             int(seed), n_jobs, reporter)
            phase = Phase(reporter.sub(p[2], p[3]), "Training the random forest (%d samples, %d features)",
                          *samples.x_train.shape)
            model = classifier.train(samples.x_train, samples.y_train, int(n_trees), int(max_depth),
                                     int(min_samples), int(seed), n_jobs, phase)
            phase.done()
            samples.x_train = None  # the forest holds what it needs
            model_path = writer.aux_path("MODEL", "pkl")
            classifier.save_model(model, [names[i] for i in cols], model_path, writer.aux_path("FEATURES", "json"),
                                  extra={"feature_spec": spec.to_dict(), "level": level, "label_field": field,
                                         "extra_rasters": extras_meta, "extra_resample": extra_resample,
                                         "extra_units": extra_units, "s2_features": s2_features})
            classes = [int(c) for c in model.classes_]

            raw_path, cnf_path, map_path = (writer.raster_path(k) for k in ("RAW", "CNF", "MAP"))
            ndvi = [i for i, n in enumerate(names) if _NDVI_DATE.match(n)] if is_mask and postprocess else []
            ndvi_path = os.path.join(work, "ndvi.tif") if ndvi else None
            phase = Phase(reporter.sub(p[3], p[4]), "Pass 2: features and prediction")
            predictor = classifier.Predictor(model, n_jobs, reporter)
            del model  # the predictor holds the forest now (scikit-learn is its fallback)
            predict_pass(stream, predictor, raw_path, cnf_path, ndvi_path, ndvi, phase,
                         cols if len(cols) < len(names) else None)
            phase.done()
            del predictor
        finally:
            stream.close()
        release_freed_memory()
        if is_mask and postprocess:
            phase = Phase(reporter.sub(p[4], 0.98), "Post-processing (segmentation and majority vote)")
            postprocess_mask(raw_path, ndvi_path, list(range(1, len(ndvi) + 1)), map_path,
                             postprocess_budget(memory_mb), phase, n_jobs, postprocess)
            phase.done()
        elif mask_path:
            apply_crop_mask(raw_path, mask_path, map_path, memory_mb, reporter.sub(p[4], 0.98))
        else:
            shutil.copyfile(raw_path, map_path)

        if kfold:
            quality, assessment, raw_quality, raw_assessment = validate_folds(samples, mask_path, memory_mb, seed)
            if is_mask and postprocess:
                reporter.info("K-fold: the figures are those of the raw mask's out-of-fold predictions (the "
                              "post-processing runs on the whole map once and is not cross-validated).")
        else:
            quality, assessment = (source.validate if source else validate)(map_path, samples, memory_mb, seed)
        if mask_path:
            _warn_masked_classes(reporter, quality)
        if source:
            source.log_quality(reporter, quality, assessment)
        else:
            _log_quality(reporter, quality, is_mask, assessment)
        if not kfold:
            raw_quality = raw_assessment = None
        if not kfold and not source and ((is_mask and postprocess) or mask_path):
            raw_quality, raw_assessment = validate(raw_path, samples, memory_mb, seed)
        if raw_quality is not None and ((is_mask and postprocess) or mask_path):
            figures = (raw_quality.accuracy, raw_assessment.ci_low, raw_assessment.ci_high, raw_quality.kappa)
            if is_mask:  # one template per map: each is translated whole
                reporter.info("Raw mask (before post-processing): overall accuracy %.4f (95 %% interval "
                              "%.4f-%.4f), kappa %.4f", *figures)
            else:
                reporter.info("Raw crop type map (unmasked): overall accuracy %.4f (95 %% interval %.4f-%.4f), "
                              "kappa %.4f", *figures)
        writer.write_quality(quality)
        # Our figures beside Sen2-Agri's in the QLT XML: interval, majority baseline, warnings, raw map.
        products.write_quality_xml(quality, writer.aux_path("QLT", "xml"), products.LEVELS[level]["root"],
                                   assessment, raw_assessment)
        if source:
            source.finish_product(writer)
        else:
            train, val = _split_parcels(polygons, samples, field)
            writer.write_insitu(train, val, crs_wkt=grid.crs_wkt)
        used = [a.source for a in acquisitions if not getattr(a, "rejected", None)]  # not the corrupt ones
        params = {"INPUT": used, "START_DATE": start, "END_DATE": end,
                  "IN_SITU": insitu_name or (insitu if isinstance(insitu, str) else "%d polygons" % len(polygons)),
                  ("CROP_FIELD" if is_mask else "CODE_FIELD"): field, "SITE": site, "TILE": product_tile,
                  "SAMPLES_PER_CLASS": samples_per_class, "VALIDATION_MODE": validation_mode,
                  ("FOLDS" if kfold else "VALIDATION_RATIO"): kfold or validation_ratio,
                  "N_TREES": n_trees, "MAX_DEPTH": max_depth, "MIN_SAMPLES": min_samples, "SEED": seed,
                  "FEATURES": [names[i] for i in cols], "STEP_DAYS": STEP_DAYS, "CLASSES": classes}
        params.update(source.params() if source else {})
        if is_mask:
            params["POSTPROCESS"] = bool(postprocess)
            if postprocess:
                params["SEGMENTATION"] = postprocess
            params["FEATURE_SET"] = features or DEFAULT_MASK_FEATURES
            if not s2_features:
                params["FEATURE_SET"] = "none"
            if params["FEATURE_SET"] == "sen2agri":
                params["WINDOW"] = int(window)
        else:
            params["CROP_MASK"] = crop_mask or ""
            params["LEGEND"] = legend or ""
            params["S2_FEATURES"] = s2_features
        if extra_rasters:
            params["EXTRA_RASTERS"] = extra_rasters
            params["EXTRA_RESAMPLE"] = extra_resample
            params["EXTRA_UNITS"] = extra_units
        writer.write_metadata(list(acquisitions) + skipped, params, grid)  # skipped ones with their reason
        writer.write_styles(legend=legend_map if not is_mask else None)
        shutil.rmtree(work)
    rasters = writer.product.rasters
    reporter.progress(1.0)
    reporter.info("Product written: %s", writer.path)
    return {"product": writer.path, "map": rasters.get("MAP"), "raw": rasters.get("RAW"),
            "confidence": rasters.get("CNF"), "flags": rasters.get("FLG"),
            "model": os.path.join(writer.path, "AUX_DATA", os.path.basename(model_path)),
            "overall_accuracy": quality.accuracy, "kappa": quality.kappa, "quality": quality,
            "assessment": assessment, "raw_overall_accuracy": (raw_quality or quality).accuracy,
            "raw_kappa": (raw_quality or quality).kappa, "raw_quality": raw_quality or quality}


def postprocess_mask(raw_path, ndvi_path, ndvi_bands, out_path, memory_mb, reporter, n_jobs=None,
                     method=DEFAULT_POSTPROCESS):
    if not ndvi_bands:
        raise InputError("The features hold no per-date NDVI: the crop mask cannot be post-processed.")
    postprocess.postprocess_mask(raw_path, ndvi_path, ndvi_bands, out_path, memory_mb, reporter,
                                 creation_options=products.CREATION_OPTIONS, n_jobs=n_jobs, method=method)


def sample_pass(stream, draw, writer, reporter, finish=None):
    """Pass 1: one pass over the feature blocks computing only the drawn training pixels' features
    (``draw`` from sampling.draw_samples), writing the flags (FLG) straight into the product.
    Returns sampling.Samples (made by ``finish(draw, x, reporter)``, default sampling.finish_samples)."""
    grid = stream.grid
    select, order = draw.select(grid.width)
    x = np.full((len(order), len(stream.names)), np.nan, dtype=np.float32)
    draw.names = list(stream.names)  # the columns of x, for a ``finish`` that picks some
    flags = writer.create_raster("FLG", grid)  # the writer flushes and closes it
    done = 0
    for row0, nrows, feats, counts in stream.blocks_iter(select=select, reporter=reporter):
        x[order[done:done + feats.shape[1]]] = feats.T
        done += feats.shape[1]
        for j, count in enumerate(counts):
            flags.GetRasterBand(j + 1).WriteArray(np.minimum(count, 32767).astype(np.int16), 0, row0)
    return (finish or sampling.finish_samples)(draw, x, reporter)


def predict_pass(stream, predictor, raw_path, cnf_path, ndvi_path, ndvi, reporter, cols=None, flags=None):
    """Pass 2: recompute the features block by block and predict (``predictor``: a classifier.Predictor)
    the raw map and the confidence straight into ``raw_path`` / ``cnf_path``; with ``ndvi_path``, write
    the feature bands ``ndvi`` (0-based) there (float32) for the post-processing. ``cols``: the features the
    model takes (default all). ``flags``: a raster for the date counts when no pass 1 wrote them
    (applymodel)."""
    grid = stream.grid
    outs = [classifier.create_map(p, grid.width, grid.height, grid.geotransform, grid.crs_wkt,
                                  products.CREATION_OPTIONS) for p in (raw_path, cnf_path)]
    nd = None
    if ndvi_path:
        nd = create_geotiff(ndvi_path, grid, len(ndvi), gdal.GDT_Float32, float("nan"), 3, stream.tile_rows,
                            NDVI_OPTIONS)
    invalid = 0
    for row0, nrows, feats, counts in stream.blocks_iter(reporter=reporter):
        for j, count in enumerate(counts if flags is not None else ()):
            flags.GetRasterBand(j + 1).WriteArray(np.minimum(count, 32767).astype(np.int16), 0, row0)
        model_feats = feats if cols is None else feats[cols]
        labels, confidence, bad = predictor.predict_block(model_feats.reshape(len(model_feats), -1))
        invalid += bad
        outs[0].GetRasterBand(1).WriteArray(labels.reshape(nrows, -1), 0, row0)
        outs[1].GetRasterBand(1).WriteArray(confidence.reshape(nrows, -1), 0, row0)
        for j, b in enumerate(ndvi if nd is not None else ()):
            nd.GetRasterBand(j + 1).WriteArray(feats[b], 0, row0)
    if invalid:
        reporter.info("%d pixels without valid data (NaN features) are nodata (%d) in the maps.", invalid, NODATA)
    for ds in outs:
        ds.FlushCache()
    outs = None
    if nd is not None:
        nd = None
        publish(ndvi_path)
    return invalid


# --- the memory budget ----------------------------------------------------------------------------------
def release_freed_memory():
    """Hand the heap that the passes freed back to the system (glibc keeps it otherwise, and the
    segmentation's arrays would come on top of it); a no-op where there is no glibc."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def postprocess_budget(memory_mb):
    """MB given to the segmentation: its windows waiting to be stitched come on top of its own estimate
    (measured 650 MB above the process for MEMORY=512 on a 2048 px scene with the whole budget), hence
    60 % of what GDAL's cache leaves."""
    return max(0.6 * (memory_mb - cache_mb(memory_mb)), 0.25 * memory_mb)


def cache_mb(memory_mb):
    """GDAL's block cache for a run: enough for the output tiles being written and one decoded strip."""
    return int(min(64, max(8, memory_mb // 10)))


class MemoryPlan:
    """How a run shares MEMORY (MB): GDAL's cache, the decoding threads' strips, the training samples,
    the forest, the decoded store when it fits, and the blocks of the passes (the rest)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def describe(self):
        return ("Memory budget %d MB: GDAL cache %d, decoding strips %d, training samples %d, forest (estimate) %d, "
                "decoded images %d (%s), feature blocks %.0f." % (
                    self.memory_mb, self.cache_mb, self.strips_mb, self.samples_mb, self.forest_mb, self.store_mb,
                    "in memory" if self.store_memory_mb else "temporary file, read block by block",
                    self.compute_mb)) + (
            "" if self.compute_mb > 0.25 * self.memory_mb else " The budget is short for this run: blocks get "
            "a quarter of it and the peak may exceed it; give MEMORY %d MB or more." % int(
                self.memory_mb - self.compute_mb + self.memory_mb / 2))


def forest_bytes_estimate(n_samples, n_classes, n_trees, min_samples):
    """A forest's size: a tree splits nodes of min_samples or more of its ~63 % distinct bootstrap samples,
    so it has about 0.63 n / (min_samples / 3) leaves, twice as many nodes; scikit-learn keeps 64 bytes and
    the class values (8 per class) a node, a flattened copy for prediction 20 + 8 per class."""
    leaves = 0.63 * n_samples / max(min_samples / 3.0, 1.0)
    return int(n_trees * 2 * leaves * (84 + 16 * n_classes))


def plan_memory(memory_mb, acquisitions, grid, spec, n_samples, n_classes, n_trees, min_samples, n_jobs=None,
                n_extra=0):
    from .series.store import STRIP_BYTES, bytes_per_grid_pixel

    n_jobs = n_jobs or classifier.default_jobs()
    n_features = len(spec.names()) + int(n_extra)  # n_extra: the extra rasters' feature bands
    per_pixel, _ = bytes_per_grid_pixel(acquisitions, grid, spec.read_bands())
    store_mb = per_pixel * grid.width * grid.height / 2 ** 20
    samples_mb = n_samples * n_features * 4 * 2 / 2 ** 20  # the features and their finite copy
    forest_mb = forest_bytes_estimate(n_samples, n_classes, n_trees, min_samples) / 2 ** 20
    strips_mb = n_jobs * STRIP_BYTES / 2 ** 20 * 1.5  # a strip and its copy per decoding thread
    fixed = cache_mb(memory_mb) + samples_mb + forest_mb
    avail = memory_mb - fixed
    in_memory = store_mb <= 0.5 * avail
    compute = avail - (store_mb if in_memory else 0)
    return MemoryPlan(memory_mb=memory_mb, cache_mb=cache_mb(memory_mb), samples_mb=int(samples_mb),
                      forest_mb=int(forest_mb), store_mb=int(store_mb), strips_mb=int(strips_mb),
                      store_memory_mb=store_mb + 1 if in_memory else 0, compute_mb=max(compute, 0.25 * memory_mb),
                      predict_bpp=classifier.prediction_bytes_per_pixel(n_features, n_classes))


def _product_tile(acquisitions, tile):
    if tile:
        return str(tile).strip().upper()
    tiles = sorted({a.tile for a in acquisitions if a.tile})
    if len(tiles) > 1:
        raise InputError("The images cover several tiles (%s): choose one with the tile parameter.",
                         ", ".join(tiles))
    return tiles[0] if tiles else None


def _describe_grid(g):
    xmin, ymin, xmax, ymax = g.bounds
    srs = g.srs()
    return "%s, %g m pixels, %d x %d, extent %.0f, %.0f - %.0f, %.0f" % (
        srs.GetName() if g.crs_wkt else "no CRS", g.resolution[0], g.width, g.height, xmin, ymin, xmax, ymax)


def _crop_mask_raster(crop_mask, grid):
    """The crop mask raster path (from an L4A product folder or a raster), checked to be on ``grid``.
    A mask on another grid is refused: resampling would silently shift field edges."""
    path = str(crop_mask)
    if not os.path.exists(path):
        raise InputError("Crop mask not found: %s", path)
    if os.path.isdir(path) or path.lower().endswith(".xml"):
        product = products.read_product(path)
        if product.level != "L4A":
            raise InputError("%s is a %s product, not a crop mask (L4A).", path, product.level)
        path = product.map_path
        if not path:
            raise InputError("The crop mask product %s holds no CM raster.", crop_mask)
    try:
        mask_grid = Grid.from_raster(path)
    except RuntimeError:
        raise InputError("Cannot open the crop mask raster: %s", path)
    if mask_grid != grid:
        raise InputError("The crop mask %s is on another grid (%s) than the images (%s). Use a crop mask made "
                         "from the same tile and extent, or warp it onto the image grid first.",
                         path, _describe_grid(mask_grid), _describe_grid(grid))
    _check_mask_values(path)
    return path


def _check_mask_values(path, memory_mb=64):
    """Refuse a crop mask with values other than 0, 1 and its nodata: it is not a crop mask (a class map, a
    crop type map...), and taking it as one would silently mask by the wrong raster."""
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    for row0, nrows in row_blocks(ds.RasterYSize, ds.RasterXSize, 16, memory_mb):
        data = band.ReadAsArray(0, row0, ds.RasterXSize, nrows)
        bad = (data != 0) & (data != 1) & ~np.isnan(data)
        if nodata is not None:
            bad &= data != nodata
        if bad.any():
            values = np.unique(data[bad])
            raise InputError("The crop mask %s holds values other than 0 (non-crop) and 1 (crop): %s%s. Give a crop "
                             "mask (an L4A product or a 0/1 raster), not a class map.",
                             path, ", ".join("%g" % v for v in values[:5]), "..." if len(values) > 5 else "")


def apply_crop_mask(raw_path, mask_path, out_path, memory_mb=256, reporter=None):
    """Crop type map restricted to the crop mask: the raw code where the mask is 1, 0 where it is 0,
    nodata where either is nodata (mask values other than 0 / 1 count as nodata)."""
    reporter = reporter or Reporter()
    raw_ds, mask_ds = gdal.Open(raw_path), gdal.Open(mask_path)
    width, height = raw_ds.RasterXSize, raw_ds.RasterYSize
    out = gdal.GetDriverByName("GTiff").Create(out_path, width, height, 1, gdal.GDT_Int16, products.CREATION_OPTIONS)
    out.SetGeoTransform(raw_ds.GetGeoTransform())
    out.SetProjection(raw_ds.GetProjection())
    out.GetRasterBand(1).SetNoDataValue(NODATA)
    removed = 0
    blocks = row_blocks(height, width, 16, memory_mb)
    for k, (row0, nrows) in enumerate(blocks):
        reporter.check()
        raw = raw_ds.GetRasterBand(1).ReadAsArray(0, row0, width, nrows)
        mask = mask_ds.GetRasterBand(1).ReadAsArray(0, row0, width, nrows)
        result = np.where(mask == 1, raw, np.where(mask == 0, 0, NODATA))
        result[raw == NODATA] = NODATA
        removed += int(np.sum((mask == 0) & (raw != NODATA)))
        out.GetRasterBand(1).WriteArray(result.astype(np.int16), 0, row0)
        reporter.progress((k + 1) / len(blocks))
    out.FlushCache()
    out = raw_ds = mask_ds = None
    reporter.info("Crop mask applied: %d pixels outside the crop mask set to 0 (not crop).", removed)
    return removed


def validate(map_path, samples, memory_mb=256, seed=0):
    """(Quality, validation.Assessment) of ``map_path`` on the validation pixels (nodata pixels left out);
    labels = the classes of the reference, the model and the map values found (0 for pixels a crop mask
    removed). The assessment's interval resamples the validation polygons (seeded)."""
    return _assess(*sampling.validation_counts(samples, map_path, memory_mb), samples=samples, seed=seed)


def cross_validate(samples, k, n_trees, max_depth, min_samples, seed, n_jobs, reporter):
    """Out-of-fold class of every training pixel: fold f is predicted by a forest trained on the other
    folds' pixels (same settings and seed). A fold whose training holds a single class predicts it."""
    x, y, fold = samples.x_train, samples.y_train, samples.fold_train
    oof = np.full(len(y), NODATA, dtype=np.int64)
    for f in range(k):
        test = fold == f
        if not test.any():
            continue
        reporter.check()
        train = ~test
        reporter.info("K-fold: fold %d of %d, %d polygons validated on %d pixels by a forest trained on %d pixels",
                      f + 1, k, int(np.sum(samples.fold_of == f)), int(test.sum()), int(train.sum()))
        classes = np.unique(y[train])
        if len(classes) < 2:
            oof[test] = classes[0] if len(classes) else NODATA
            continue
        model = classifier.train(x[train], y[train], n_trees, max_depth, min_samples, seed, n_jobs)
        labels, _, _ = classifier.predict_block(model, x[test].T, n_jobs)
        oof[test] = labels
    return oof


def validate_folds(samples, mask_path, memory_mb, seed):
    """(quality, assessment, raw quality, raw assessment) of the out-of-fold predictions; with a crop mask,
    the final figures count the pixels it removes as 0 (as the masked map does), the raw ones do not."""
    raw = samples.oof
    final = raw
    if mask_path:
        m = sampling.read_pixels(mask_path, samples.train_rows, samples.train_cols, memory_mb)[:, 0]
        final = np.where(m == 1, raw, 0)
    out = []
    for values in (final, raw):
        out += list(_assess_values(values, samples.poly_train, samples, seed))
    return tuple(out)


def _assess_values(values, polygons_all, samples, seed):
    """_assess of per-pixel values (``polygons_all``: each pixel's polygon; nodata left out)."""
    values = np.asarray(values)
    keep = np.isfinite(values) & (values != NODATA)
    poly = np.asarray(polygons_all)[keep].astype(np.int64)
    key, count = np.unique(np.stack([poly, values[keep].astype(np.int64)]), axis=1, return_counts=True)
    return _assess(key[0], key[1], count, samples, seed)


def _assess(poly, value, count, samples, seed):
    """(Quality, Assessment) from the validation pixels counted per (polygon, value found): the polygon's
    label is the reference; the interval resamples the polygons."""
    labels = sorted(set(int(c) for c in samples.all_classes) | set(int(c) for c in samples.classes)
                    | set(value.tolist()))
    pos = {lab: i for i, lab in enumerate(labels)}
    polys, row = np.unique(poly, return_inverse=True)
    counts = np.zeros((len(polys), len(labels)), dtype=np.int64)
    np.add.at(counts, (row, np.array([pos[v] for v in value.tolist()], dtype=np.int64)), count)
    ref = [pos[int(samples.labels[p])] for p in polys.tolist()]
    pv = validation.PolygonValidation(labels, ref, counts, polys.tolist())
    quality = metrics.quality_metrics(pv.cm, labels, samples.not_validated)
    return quality, validation.assess(quality, pv, seed)


def _warn_masked_classes(reporter, quality):
    """Flag classes whose validation pixels the crop mask mostly removed (likely a non-crop code)."""
    if 0 not in quality.labels:
        return
    zero = quality.labels.index(0)
    for i, label in enumerate(quality.labels):
        support = int(quality.cm[i].sum())
        if label != 0 and support and quality.cm[i, zero] > 0.5 * support:
            reporter.warn("Class %s: %d of its %d validation pixels are outside the crop mask (counted as "
                          "errors). Is it a crop? Give crop codes only when a crop mask is applied.",
                          label, int(quality.cm[i, zero]), support)


def _log_quality(reporter, quality, is_mask, assessment):
    # one template per map and per case, so that each line is translated whole
    if quality.total == 0 and is_mask:
        reporter.warn("No validation pixel: the final map could not be validated (every class has a single "
                      "polygon or no pixel).")
    if quality.total == 0 and not is_mask:
        reporter.warn("No validation pixel: the crop type map could not be validated (every class has a single "
                      "polygon or no pixel).")
    if quality.total == 0:
        return
    a = assessment
    figures = (quality.total, sum(a.polygons_per_class.values()), quality.accuracy, a.ci_low, a.ci_high,
               quality.kappa, a.majority_label, a.majority_accuracy)
    if is_mask:
        reporter.info("Validation of the final map on %d pixels of %d polygons: overall accuracy %.4f (95 %% "
                      "interval %.4f-%.4f, bootstrap over polygons), kappa %.4f; a map saying '%s' everywhere: "
                      "%.4f", *figures)
    else:
        reporter.info("Validation of the crop type map on %d pixels of %d polygons: overall accuracy %.4f (95 %% "
                      "interval %.4f-%.4f, bootstrap over polygons), kappa %.4f; a map saying '%s' everywhere: "
                      "%.4f", *figures)
    for text in a.warnings:
        reporter.warn(text)
    for label in quality.labels:
        figures = (label, quality.precision[label], quality.recall[label], quality.fscore[label],
                   quality.support[label])
        if label in quality.not_validated:
            reporter.info("  class %s: precision %.3f, recall %.3f, F-score %.3f (%d reference pixels) - not "
                          "validated", *figures)
        else:
            reporter.info("  class %s: precision %.3f, recall %.3f, F-score %.3f (%d reference pixels)", *figures)


def _split_parcels(polygons, samples, field):
    """Training and validation polygons (those with pixels) as insitu.Parcel lists for the ISD zip."""
    train, val = [], []
    for i, geom in enumerate(polygons.geometries):
        if not samples.has_pixels[i]:
            continue
        attributes = {"ID": polygons.ids[i], field: int(polygons.labels[i])}
        if getattr(samples, "fold_of", None) is not None:
            attributes["FOLD"] = int(samples.fold_of[i]) + 1  # k-fold: the fold that validated it
        parcel = Parcel(bytes(geom.ExportToWkb()), attributes)
        (val if samples.is_validation[i] else train).append(parcel)
    return train, val
