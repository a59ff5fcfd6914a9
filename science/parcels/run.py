"""Classification of whole parcels (object-based, as Sen2-Agri's training exercise "S2_L2A_obj"): the
features of every pixel, their statistics per parcel (stats.py), a random forest on the labelled parcels,
a class for every parcel, and its validation per parcel and per area.

A parcel with fewer than ``min_pixels`` valid pixels (pixel centre inside, every feature finite) is not
classified: its STATUS says why and its class is empty. Validation is by whole parcel: a VALIDATION_RATIO
share of each class held out (seeded), or k folds by parcel (each validated by a forest trained without
it; the parcels' classes then come from a forest trained on every labelled parcel)."""
import datetime
import os
import shutil
import tempfile

import numpy as np
from osgeo import ogr

from .. import products
from ..blocks import gdal_cache
from ..classify import classifier, metrics, sampling
from ..errors import InputError
from ..insitu import BAD_LABEL, Parcel, label_value
from ..io import vector
from ..io.readers import prepare
from ..progress import Phase, Reporter
from ..quality import validation
from ..series.features import FeatureSpec, FeatureStream
from ..series.timeseries import check_period, regular_dates
from ..styling import categorised_vector_qml, code_colour, write_sidecar
from . import report, stats as pstats

LEVELS = ("auto", "mask", "type")
FEATURE_SETS = ("auto", "cropmask", "croptype")
STEP_DAYS = 10
# the attributes added to every parcel, in this order (statistics follow)
STATUS_OK, STATUS_FEW, STATUS_NONE, STATUS_EMPTY = "classified", "few_pixels", "no_pixel", "no_geometry"
FIELDS = [("PRED", "integer"), ("PRED_NAME", "string"), ("CONF", "real"), ("SECOND", "integer"),
          ("SECOND_P", "real"), ("N_PIXELS", "integer"), ("N_VALID", "integer"), ("STATUS", "string"),
          ("ROLE", "string")]
ROLE_TRAIN, ROLE_VAL, ROLE_NONE = "training", "validation", ""


def _feature_kw(feature_set):
    from .. import workflow

    if feature_set == "cropmask":
        return dict(workflow.MASK_FEATURE_SETS[workflow.DEFAULT_MASK_FEATURES])
    return dict(workflow.CROP_TYPE_FEATURES)


def load_parcels(parcels, crs_wkt=None):
    """(Parcel list, crs_wkt) from a vector path or Parcel records."""
    if isinstance(parcels, str):
        found, _fields, crs = vector.read_parcels(*parcels.split("|layername="))
        return found, crs
    return list(parcels), crs_wkt or ""


def _labels(parcels, field, level, reporter):
    """(labels int array, -1 = unlabelled; level "mask" / "type")."""
    if not parcels:
        raise InputError("The parcel layer has no features.")
    names = list(parcels[0].attributes)
    match = [n for n in names if n.lower() == str(field).lower()]
    if not match:
        raise InputError("The parcel layer has no field '%s' (its fields: %s).", field, ", ".join(names))
    values = [label_value(p.attributes.get(match[0])) for p in parcels]
    bad = sorted({str(p.attributes.get(match[0])) for p, v in zip(parcels, values) if v == BAD_LABEL})
    if bad:
        raise InputError("The label field '%s' must hold integers (1 / 0 for crop / non-crop, or crop codes); it "
                         "also holds: %s.", field, ", ".join(bad[:10]))
    found = {v for v in values if v is not None}
    if level == "auto":
        level = "mask" if found <= {0, 1} else "type"
        values_text = ", ".join(str(v) for v in sorted(found))
        if level == "mask":  # one template per case: each is translated whole
            reporter.info("Labels of '%s': %s, classified as a crop mask (1 crop, 0 non-crop).", field, values_text)
        else:
            reporter.info("Labels of '%s': %s, classified as crop types (crop codes).", field, values_text)
    if level == "mask":
        other = sorted(v for v in found if v not in (0, 1))
        if other:
            raise InputError("LEVEL mask needs labels 1 (crop) / 0 (non-crop) in '%s'; it also holds: %s.",
                             field, ", ".join(str(v) for v in other[:10]))
        labels = [-1 if v is None else v for v in values]
    else:
        labels = [-1 if v in (None, 0) else v for v in values]  # 0: not crop, not a crop type
    return np.asarray(labels, dtype=np.int64), level, match[0]


def _geometries(parcels, crs_wkt, grid_wkt, inner_buffer, reporter):
    """OGR geometries on the grid's CRS (None for none), the parcel areas (m2, before the buffer) and which
    parcels have no polygon geometry."""
    geoms, n_multi, n_empty = [], 0, 0
    for p in parcels:
        g = ogr.CreateGeometryFromWkb(bytes(p.wkb)) if p.wkb else None
        if g is not None and ogr.GT_Flatten(g.GetGeometryType()) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
            g = None
        if g is None or g.IsEmpty():
            n_empty += 1
            geoms.append(None)
            continue
        if ogr.GT_Flatten(g.GetGeometryType()) == ogr.wkbMultiPolygon and g.GetGeometryCount() > 1:
            n_multi += 1
        geoms.append(g)
    present = [i for i, g in enumerate(geoms) if g is not None]
    if not present:
        raise InputError("The parcel layer holds no polygon.")
    polys = sampling.to_crs(sampling.Polygons([geoms[i] for i in present], [0] * len(present), present, crs_wkt),
                            grid_wkt, reporter)
    for i, g in zip(present, polys.geometries):
        geoms[i] = g
    if n_empty:
        reporter.warn("%d parcels without a polygon geometry are not classified (STATUS %s).", n_empty, STATUS_EMPTY)
    if n_multi:
        reporter.info("%d multipart parcels: each is classified as one parcel (its parts pooled).", n_multi)
    areas = np.array([g.GetArea() if g is not None else 0.0 for g in geoms])
    if inner_buffer:
        shrunk = 0
        for i in present:
            g = geoms[i].Buffer(-float(inner_buffer))
            if g is None or g.IsEmpty():
                shrunk += 1
                g = None
            geoms[i] = g
        if shrunk:
            reporter.warn("%d parcels vanish in the %g m inner buffer: they are not classified (STATUS %s).",
                          shrunk, float(inner_buffer), STATUS_NONE)
    return geoms, areas, np.array([i not in set(present) for i in range(len(geoms))], dtype=bool)


def run_parcel_classification(inputs, start, end, parcels, label_field, parcels_crs=None, level="auto",
                              name_field=None, features="auto", statistics=("mean",), inner_buffer=0.0,
                              min_pixels=5, validation_mode="split", validation_ratio=0.25, folds=5, n_trees=100,
                              max_depth=25, min_samples=2, seed=0, memory_mb=512, out_folder=".", site="SITE",
                              tile=None, max_cloud=None, out_layer=None, overwrite=False, extra_rasters=(),
                              n_jobs=None, reporter=None, extra_resample="auto", extra_units="db"):
    """Classify every parcel of ``parcels`` (a vector path or insitu.Parcel records in ``parcels_crs``) from
    the L2A ``inputs`` of the period. ``label_field``: 1 / 0 (crop mask) or crop codes (crop type; 0 and empty
    are unlabelled), ``level`` auto / mask / type. ``features``: cropmask (Sen2-Agri's crop-mask features) or
    croptype (its per-date crop-type features); auto follows the level. ``statistics``: among mean, std,
    median (mean always). Writes into ``out_folder``/<SITE>_PARCELS_<level>_<start>_<end>: the quality files
    per parcel (PARCEL_QLT.xml, PARCEL_CMX.csv) and per area (AREA_QLT.xml, AREA_CMX.csv), REPORT.html, MODEL.pkl,
    FEATURES.json and, unless ``out_layer`` names another path, parcels.gpkg with its .qml.
    Returns {product, layer, parcels (Parcel list with the new attributes), fields, quality, assessment,
    area_quality, area_assessment, overall_accuracy, kappa, qml}."""
    reporter = reporter or Reporter()
    start, end = check_period(start, end)
    if level not in LEVELS:
        raise InputError("Unknown level '%s': choose %s.", level, " or ".join(LEVELS))
    if features not in FEATURE_SETS:
        raise InputError("Unknown feature set '%s': choose %s.", features, " or ".join(FEATURE_SETS))
    if validation_mode not in ("split", "kfold"):
        raise InputError("Unknown validation mode '%s': choose %s.", validation_mode, "split or kfold")
    if validation_mode == "split" and not 0.0 < float(validation_ratio) < 1.0:
        raise InputError("The validation ratio must be between 0 and 1 (exclusive), not %s.", validation_ratio)
    if validation_mode == "kfold" and not 2 <= int(folds) <= 20:
        raise InputError("The number of folds must be between 2 and 20, not %s.", folds)
    if float(inner_buffer) < 0:
        raise InputError("The inner buffer must be 0 or more metres, not %s.", inner_buffer)
    statistics = tuple(s for s in pstats.STATISTICS if s == "mean" or s in statistics)
    min_pixels = max(1, int(min_pixels))

    records, crs_wkt = load_parcels(parcels, parcels_crs)
    labels, level, label_field = _labels(records, label_field, level, reporter)
    names = _names(records, name_field, labels, reporter) if name_field else {}
    found_classes = sorted(set(labels[labels >= 0].tolist()))
    if not found_classes:
        raise InputError("No labelled parcel holds a pixel: give '%s' values to parcels inside the images.",
                         label_field)
    if len(found_classes) == 1:  # before any image is read (fewer pixels can only lose classes)
        raise InputError("The labelled parcels hold %d class(es) (%s): a classifier needs at least two.",
                         1, found_classes[0])
    feature_set = features if features != "auto" else ("cropmask" if level == "mask" else "croptype")
    spec_kw = _feature_kw(feature_set)
    probe = FeatureSpec([start or end or datetime.date.today()], spec_kw["bands"], spec_kw["sets"], STEP_DAYS)
    acquisitions, grid = prepare(inputs, start, end, tile, max_cloud, reporter.sub(0.0, 0.05),
                                 bands=probe.read_bands(), skipped=[])
    start = start or acquisitions[0].date
    end = end or acquisitions[-1].date
    spec = FeatureSpec(regular_dates(start, end, STEP_DAYS), spec_kw["bands"], spec_kw["sets"], STEP_DAYS)

    geoms, areas, empty = _geometries(records, crs_wkt, grid.crs_wkt, inner_buffer, reporter)
    burner = pstats.ParcelBurner(geoms, grid)
    phase = Phase(reporter.sub(0.05, 0.1), "Burning %d parcels onto the %d x %d grid", len(records), grid.width,
                  grid.height)
    found = pstats.survey(burner, max(16, memory_mb // 8), phase)
    phase.done()
    if found.overlap_pixels:
        reporter.warn("Overlapping parcels: %d parcels overlap others on %d pixel centres; each such pixel goes to "
                      "the last of them in the layer's order (%d parcels got such pixels).",
                      len(overlapping(geoms, found.overlap_winners)), found.overlap_pixels,
                      len(found.overlap_winners))
    no_pixel = int(np.sum((found.pixels == 0) & np.array([g is not None for g in geoms])))
    if no_pixel:
        reporter.warn("%d parcels hold no pixel centre of the %g m grid (too small or thin, or outside the "
                      "images): not classified (STATUS %s).", no_pixel, grid.resolution[0], STATUS_NONE)
    if not np.any((labels >= 0) & (found.pixels > 0)):
        raise InputError("No labelled parcel holds a pixel: give '%s' values to parcels inside the images.",
                         label_field)

    n_features = len(spec.names())
    out_dir, final, created = _folders(out_folder, site, level, start, end, overwrite)
    try:
        with gdal_cache(_cache_mb(memory_mb)):
            stats_mb = pstats.stats_bytes(len(records), n_features) / 2 ** 20
            median_mb = 0.2 * memory_mb if "median" in statistics else 0
            compute_mb = max(memory_mb - _cache_mb(memory_mb) - stats_mb - median_mb, 0.25 * memory_mb)
            stream = FeatureStream(acquisitions, grid, spec, [str(p) for p in extra_rasters or ()], compute_mb,
                                   reporter, n_jobs=n_jobs or classifier.default_jobs(),
                                   extra_resample=extra_resample, extra_units=extra_units)
            stream_names = stream.names
            acc = pstats.ParcelStats(len(records), len(stream_names), statistics, found.pixels, median_mb or 1,
                                     folder=out_dir)
            try:
                burnt = {}

                def select(row0, nrows):
                    burnt[row0] = burner.burn(row0, nrows)
                    return burnt[row0] > 0

                phase = Phase(reporter.sub(0.1, 0.85), "Features of the parcels' pixels and their statistics")
                for row0, nrows, feats, _flags in stream.blocks_iter(select=select, reporter=phase):
                    b = burnt.pop(row0)
                    acc.add(b[b > 0] - 1, feats)
                phase.done()
                values = acc.finish()
            finally:
                acc.close()
                stream.close()
                burner.close()
        columns = pstats.column_names(stream_names, statistics)
        x = pstats.stack(values, statistics)
        del values
        result = _classify(x, columns, labels, acc.valid, found.pixels, geoms, empty, areas, names, level,
                           min_pixels, validation_mode, float(validation_ratio), int(folds), int(n_trees),
                           int(max_depth), int(min_samples), int(seed), n_jobs, reporter)
        out = _write(result, records, x, columns, crs_wkt, out_dir, out_layer, level, label_field, names, reporter)
        if final:
            out = _publish(out_dir, final, out, out_layer)
        return out
    except BaseException:
        shutil.rmtree(created or out_dir, ignore_errors=True)
        raise


def overlapping(geoms, winners):
    """The parcels in an overlap: those that won a shared pixel and the parcels whose inside meets theirs
    (envelopes compared in numpy first, so a few winners among many parcels stay cheap)."""
    env = np.array([g.GetEnvelope() if g is not None else (np.inf, -np.inf, np.inf, -np.inf) for g in geoms])
    found = set()
    for w in winners:
        x0, x1, y0, y1 = env[w]
        near = np.flatnonzero((env[:, 0] < x1) & (env[:, 1] > x0) & (env[:, 2] < y1) & (env[:, 3] > y0))
        for j in near.tolist():
            if j != w and geoms[j].Intersection(geoms[w]).GetArea() > 0:
                found.update((w, j))
    return sorted(found)


def _cache_mb(memory_mb):
    return int(min(64, max(8, memory_mb // 10)))


def _folders(out_folder, site, level, start, end, overwrite):
    """(temporary folder to write in, final folder): nothing appears under its name before the run is done."""
    name = "%s_PARCELS_%s_%s_%s" % (str(site or "SITE").strip().replace(" ", "-"), "L4A" if level == "mask"
                                    else "L4B", start.strftime("%Y%m%d"), end.strftime("%Y%m%d"))
    final = os.path.join(out_folder, name)
    if os.path.exists(final) and not overwrite:
        raise InputError("%s already exists: choose another output folder or allow overwriting.", final)
    created = os.path.abspath(out_folder)  # the topmost folder this run creates, removed if it fails
    while not os.path.exists(os.path.dirname(created)):
        created = os.path.dirname(created)
    created = None if os.path.exists(created) else created
    os.makedirs(out_folder, exist_ok=True)
    return tempfile.mkdtemp(prefix=".tmp-" + name, dir=out_folder), final, created


def _publish(tmp, final, out, out_layer):
    if os.path.exists(final):
        shutil.rmtree(final)
    os.replace(tmp, final)
    for key in ("product", "layer", "qml"):
        if out.get(key) and out[key].startswith(tmp) and not (key != "product" and out_layer):
            out[key] = final + out[key][len(tmp):]
    return out


def _names(records, name_field, labels, reporter):
    names = list(records[0].attributes)
    match = [n for n in names if n.lower() == str(name_field).lower()]
    if not match:
        raise InputError("The parcel layer has no field '%s' (its fields: %s).", name_field, ", ".join(names))
    pairs = [(int(lab), p.attributes.get(match[0])) for lab, p in zip(labels.tolist(), records) if lab >= 0]
    return products.code_names(pairs, "NAME_FIELD", reporter) if pairs else {}


class Classified:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def _classify(x, columns, labels, valid, pixels, geoms, empty, areas, names, level, min_pixels, mode, ratio, folds,
              n_trees, max_depth, min_samples, seed, n_jobs, reporter):
    n = len(labels)
    status = np.array([STATUS_OK] * n, dtype=object)
    status[valid < min_pixels] = STATUS_FEW
    status[pixels == 0] = STATUS_NONE
    status[np.array([g is None for g in geoms], dtype=bool)] = STATUS_NONE
    status[empty] = STATUS_EMPTY
    ok = status == STATUS_OK
    few = int(np.sum(status == STATUS_FEW))
    if few:
        reporter.warn("%d parcels have fewer than %d valid pixels (cloud-free, every feature known): not classified "
                      "(STATUS %s).", few, min_pixels, STATUS_FEW)
    eligible = ok & (labels >= 0)
    lost = int(np.sum((labels >= 0) & ~ok))
    if lost:
        reporter.warn("%d labelled parcels cannot be used (fewer than %d valid pixels).", lost, min_pixels)
    classes = sorted(set(labels[eligible].tolist()))
    if len(classes) < 2:
        raise InputError("The labelled parcels with %d valid pixels or more hold %d class(es) (%s): a classifier "
                         "needs at least two.", min_pixels, len(classes), ", ".join(str(c) for c in classes) or "-")
    role = np.array([ROLE_NONE] * n, dtype=object)
    fold = None
    if mode == "kfold":
        fold = sampling.fold_polygons(labels, eligible, folds, seed)
        role[eligible] = ROLE_VAL
        train = eligible
        not_validated = []
    else:
        is_val, not_validated = sampling.split_polygons(labels, eligible, ratio, seed)
        role[eligible & ~is_val] = ROLE_TRAIN
        role[eligible & is_val] = ROLE_VAL
        train = eligible & ~is_val
    reporter.info("%d parcels classified, %d labelled (%s), %d of them for training.", int(ok.sum()),
                  int(eligible.sum()), ", ".join("%s: %d" % (c, int(np.sum(eligible & (labels == c))))
                                                 for c in classes), int(train.sum()))
    n_jobs = n_jobs or classifier.default_jobs()
    phase = Phase(reporter.sub(0.85, 0.95), "Training the random forest (%d parcels, %d features)",
                  int(train.sum()), x.shape[1])
    model = classifier.train(x[train], labels[train], n_trees, max_depth, min_samples, seed, n_jobs, phase)
    phase.done()
    model_classes = np.asarray(model.classes_)
    proba = classifier.predict_proba(model, x[ok], n_jobs) if ok.any() else np.zeros((0, len(model_classes)))
    pred = np.full(n, classifier.NODATA, dtype=np.int64)
    second = np.full(n, classifier.NODATA, dtype=np.int64)
    conf = np.full(n, np.nan)
    second_p = np.full(n, np.nan)
    order = np.argsort(-proba, axis=1, kind="stable")
    rows = np.arange(len(proba))
    pred[ok] = model_classes[order[:, 0]]
    conf[ok] = proba[rows, order[:, 0]]
    if len(model_classes) > 1:
        second[ok] = model_classes[order[:, 1]]
        second_p[ok] = proba[rows, order[:, 1]]
    # the figures: held-out parcels (split) or out-of-fold predictions (kfold)
    if fold is not None:
        checked = eligible.copy()
        found = np.full(n, classifier.NODATA, dtype=np.int64)
        for f in range(folds):
            test = eligible & (fold == f)
            if not test.any():
                continue
            reporter.check()
            tr = eligible & (fold != f)
            reporter.info("K-fold: fold %d of %d, %d parcels validated by a forest trained on %d parcels", f + 1,
                          folds, int(test.sum()), int(tr.sum()))
            tr_classes = np.unique(labels[tr])
            if len(tr_classes) < 2:
                found[test] = tr_classes[0]
                continue
            m = classifier.train(x[tr], labels[tr], n_trees, max_depth, min_samples, seed, n_jobs)
            found[test] = np.asarray(m.classes_)[np.argmax(classifier.predict_proba(m, x[test], n_jobs), axis=1)]
    else:
        checked = role == ROLE_VAL
        found = pred
    assessed = {}
    for key, weight in (("parcel", np.ones(n)), ("area", np.rint(areas))):
        assessed[key] = _assess(labels[checked], found[checked], weight[checked], np.flatnonzero(checked),
                                classes, not_validated, seed, names)
    return Classified(model=model, pred=pred, conf=conf, second=second, second_p=second_p, status=status,
                      role=role, fold=fold, valid=valid, pixels=pixels, areas=areas, assessed=assessed,
                      classes=classes, not_validated=not_validated)


def _assess(ref, found, weight, ids, classes, not_validated, seed, names):
    """(Quality, Assessment): the confusion matrix counts parcels (weight 1) or square metres (weight area)."""
    labels = sorted(set(classes) | set(found.tolist()))
    pos = {lab: i for i, lab in enumerate(labels)}
    counts = np.zeros((len(ref), len(labels)), dtype=np.int64)
    if len(ref):
        counts[np.arange(len(ref)), [pos[v] for v in found.tolist()]] = weight.astype(np.int64)
    pv = validation.PolygonValidation(labels, [pos[r] for r in ref.tolist()], counts, ids.tolist())
    quality = metrics.quality_metrics(pv.cm, labels, not_validated)
    # the pixel rule of assess (a class on fewer than 100 pixels says little) means nothing for parcels
    return quality, validation.assess(quality, pv, seed, min_pixels=0, names=names)


def _write(c, records, x, columns, crs_wkt, out_dir, out_layer, level, label_field, names, reporter):
    root = products.LEVELS["L4A" if level == "mask" else "L4B"]["root"]
    for key, prefix in (("parcel", "PARCEL"), ("area", "AREA")):
        quality, assessment = c.assessed[key]
        products.write_confusion_csv(quality.cm, quality.labels, os.path.join(out_dir, prefix + "_CMX.csv"))
        products.write_quality_xml(quality, os.path.join(out_dir, prefix + "_QLT.xml"), root, assessment)
        _log(reporter, key, quality, assessment)
    report.write_report(os.path.join(out_dir, "REPORT.html"), "Parcel classification (%s)" % (
        "crop mask" if level == "mask" else "crop type"), c.assessed["parcel"], c.assessed["area"],
        {k: int(n) for k, n in zip(*np.unique(c.status.astype(str), return_counts=True))}, names)
    classifier.save_model(c.model, columns, os.path.join(out_dir, "MODEL.pkl"), os.path.join(out_dir, "FEATURES.json"),
                          extra={"level": level, "label_field": label_field, "object_based": True})
    out = ClassifiedParcels(records, c, x, columns, names)
    fields = FIELDS + [(name, "real") for name in columns]
    src_fields = [(k, "string") for k in records[0].attributes if k not in dict(fields)] if records else []
    qml = parcel_qml(sorted(set(int(v) for v in c.pred[c.status == STATUS_OK].tolist()) | set(c.classes)), level,
                     names)
    layer = out_layer or os.path.join(out_dir, "parcels.gpkg")
    vector.write_parcels(layer, out, _kinds(records, src_fields) + fields, crs_wkt)
    qml_path = write_sidecar(layer, qml_text=qml)
    parcel_q, parcel_a = c.assessed["parcel"]
    area_q, area_a = c.assessed["area"]
    return {"product": out_dir, "layer": layer, "qml": qml_path, "qml_text": qml, "parcels": out, "fields": fields,
            "quality": parcel_q, "assessment": parcel_a, "area_quality": area_q, "area_assessment": area_a,
            "overall_accuracy": parcel_q.accuracy, "kappa": parcel_q.kappa, "area_overall_accuracy": area_q.accuracy,
            "area_kappa": area_q.kappa, "status": c.status.tolist(), "level": level}


class ClassifiedParcels:
    """The parcels with their new attributes, made one at a time when read (a sequence of insitu.Parcel):
    tens of thousands of parcels with hundreds of statistics would take gigabytes as Python dicts."""

    def __init__(self, records, c, x, columns, names):
        self.records, self.c, self.x, self.columns, self.names = records, c, x, columns, names

    def __len__(self):
        return len(self.records)

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i):
        c, p = self.c, self.records[i]
        attrs = dict(p.attributes)
        done = c.status[i] == STATUS_OK
        two = done and c.second[i] != classifier.NODATA
        attrs.update({
            "PRED": int(c.pred[i]) if done else None,
            "PRED_NAME": self.names.get(int(c.pred[i])) if done else None,
            "CONF": round(float(c.conf[i]), 4) if done else None,
            "SECOND": int(c.second[i]) if two else None,
            "SECOND_P": round(float(c.second_p[i]), 4) if two else None,
            "N_PIXELS": int(c.pixels[i]), "N_VALID": int(c.valid[i]), "STATUS": str(c.status[i]),
            "ROLE": str(c.role[i]) + ("" if c.fold is None or c.fold[i] < 0 else " %d" % (c.fold[i] + 1))})
        for name, v in zip(self.columns, self.x[i].tolist()):
            attrs[name] = v if np.isfinite(v) else None
        # a parcel without geometry is written with an empty one (OGR cannot read empty WKB bytes)
        return Parcel(p.wkb or bytes(ogr.Geometry(ogr.wkbMultiPolygon).ExportToWkb()), attrs)


def _kinds(records, src_fields):
    """The source attributes' kinds from their values (integer, real or string)."""
    out = []
    for name, _ in src_fields:
        values = [p.attributes.get(name) for p in records if p.attributes.get(name) is not None]
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            out.append((name, "integer"))
        elif values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            out.append((name, "real"))
        else:
            out.append((name, "string"))
    return out


def parcel_qml(codes, level, names=None):
    """Categorised on PRED: crop / non-crop colours for a mask, code_colour per crop code, legend names."""
    names = names or {}
    if level == "mask":
        cats = [(0, names.get(0) or "0 non-crop", "#c8c8a0"), (1, names.get(1) or "1 crop", "#2ca02c")]
    else:
        cats = [(c, "%s %s" % (c, names[c]) if names.get(c) else str(c), code_colour(c)) for c in codes]
    return categorised_vector_qml("PRED", cats)


def _log(reporter, key, quality, a):
    if quality.total == 0:
        reporter.warn("No validation parcel: the classification could not be validated (every class has a "
                      "single parcel).")
        return
    figures = (int(quality.total), quality.accuracy, a.ci_low, a.ci_high, quality.kappa, a.majority_label,
               a.majority_accuracy)
    if key == "parcel":
        reporter.info("Validation per parcel (%d parcels): overall accuracy %.4f (95 %% interval %.4f-%.4f), kappa "
                      "%.4f; every parcel '%s': %.4f", *figures)
    else:
        reporter.info("Validation per area (%d m2): overall accuracy %.4f (95 %% interval %.4f-%.4f), kappa %.4f; "
                      "every parcel '%s': %.4f", *figures)
    for text in a.warnings:
        reporter.warn(text)
