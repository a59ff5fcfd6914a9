"""Confusion matrix and classification quality metrics (pure numpy).

API
---
``confusion_matrix(reference, predicted, labels=None) -> (cm, labels)``
    ``cm[i, j]`` = number of samples whose reference label is ``labels[i]`` (rows) and whose produced
    label is ``labels[j]`` (columns). ``labels`` defaults to the sorted union of both inputs; samples
    whose reference or produced label is not in ``labels`` are ignored.
``quality_metrics(cm, labels, not_validated=()) -> Quality``
    ``Quality`` holds ``labels``, ``cm``, per-class dicts ``precision``, ``recall``, ``fscore``,
    ``support`` (keyed by label), ``accuracy`` (overall), ``kappa`` (Cohen's), ``not_validated``
    (classes trained without validation polygons, sorted), ``total``; ``to_dict()`` for JSON.

Rules for empty rows/columns (a ratio with a zero denominator is undefined, so NaN):
- precision = TP / produced count; NaN when the class was never produced (a class absent from the
  predictions);
- recall = TP / reference count (support); NaN when the class has no reference sample (absent from the
  reference: it cannot be validated);
- F-score = 2 TP / (2 TP + FP + FN): the harmonic mean of precision and recall when both are defined,
  0 when the class appears in the reference or the predictions but is never right (so a missed class
  scores 0 when crops are compared), NaN only when it appears in neither;
- accuracy = trace / total, kappa = (po - pe) / (1 - pe); both NaN for an empty matrix, kappa NaN when
  pe = 1 (a single class everywhere: agreement beyond chance is undefined).
"""
import math

import numpy as np


class Quality:
    """Quality metrics of one confusion matrix (see the module docstring)."""

    def __init__(self, labels, cm, precision, recall, fscore, support, accuracy, kappa, not_validated):
        self.labels = list(labels)
        self.cm = cm
        self.precision = precision
        self.recall = recall
        self.fscore = fscore
        self.support = support
        self.accuracy = accuracy
        self.kappa = kappa
        self.not_validated = list(not_validated)

    @property
    def total(self):
        return int(self.cm.sum())

    def to_dict(self):
        """Plain types (NaN kept as float nan) for JSON/XML writers."""
        return {
            "labels": [_plain(v) for v in self.labels],
            "confusion_matrix": self.cm.tolist(),
            "precision": {_plain(k): v for k, v in self.precision.items()},
            "recall": {_plain(k): v for k, v in self.recall.items()},
            "fscore": {_plain(k): v for k, v in self.fscore.items()},
            "support": {_plain(k): v for k, v in self.support.items()},
            "accuracy": self.accuracy,
            "kappa": self.kappa,
            "not_validated": [_plain(v) for v in self.not_validated],
        }

    def __repr__(self):
        return "Quality(accuracy=%.4f, kappa=%.4f, classes=%d)" % (self.accuracy, self.kappa, len(self.labels))


def _plain(v):
    """numpy scalars -> Python int/float/str."""
    if isinstance(v, np.generic):
        return v.item()
    return v


def confusion_matrix(reference, predicted, labels=None):
    """(cm, labels): rows = reference labels, columns = produced labels (int64 counts)."""
    ref = np.asarray(reference).ravel()
    pred = np.asarray(predicted).ravel()
    if ref.shape != pred.shape:
        raise ValueError("reference and predicted differ in length: %d != %d" % (ref.size, pred.size))
    if labels is None:
        labels = np.union1d(ref, pred)
    labels = [_plain(v) for v in np.asarray(labels).ravel()]
    n = len(labels)
    cm = np.zeros((n, n), dtype=np.int64)
    if n == 0 or ref.size == 0:
        return cm, labels
    lab = np.asarray(labels)
    order = np.argsort(lab, kind="stable")
    sorted_lab = lab[order]

    def index(values):
        pos = np.clip(np.searchsorted(sorted_lab, values), 0, n - 1)
        found = sorted_lab[pos] == values
        return order[pos], found

    ri, rok = index(ref)
    pi, pok = index(pred)
    keep = rok & pok
    np.add.at(cm, (ri[keep], pi[keep]), 1)
    return cm, labels


def _ratio(num, den):
    return float(num) / float(den) if den else math.nan


def quality_metrics(cm, labels, not_validated=()):
    """Per-class precision, recall, F-score, support; overall accuracy and kappa (see module rules)."""
    cm = np.asarray(cm, dtype=np.int64)
    labels = [_plain(v) for v in labels]
    if cm.shape != (len(labels), len(labels)):
        raise ValueError("confusion matrix shape %s does not match %d labels" % (cm.shape, len(labels)))
    tp = np.diag(cm)
    ref_count = cm.sum(axis=1)
    prod_count = cm.sum(axis=0)
    precision, recall, fscore, support = {}, {}, {}, {}
    for i, label in enumerate(labels):
        precision[label] = _ratio(tp[i], prod_count[i])
        recall[label] = _ratio(tp[i], ref_count[i])
        fp = prod_count[i] - tp[i]
        fn = ref_count[i] - tp[i]
        fscore[label] = _ratio(2 * tp[i], 2 * tp[i] + fp + fn)
        support[label] = int(ref_count[i])
    total = int(cm.sum())
    accuracy = _ratio(tp.sum(), total)
    if total:
        pe = float((ref_count.astype(float) * prod_count.astype(float)).sum()) / float(total) ** 2
        kappa = (accuracy - pe) / (1.0 - pe) if pe < 1.0 else math.nan
    else:
        kappa = math.nan
    nv = sorted({_plain(v) for v in not_validated}, key=lambda v: (str(type(v)), v))
    return Quality(labels, cm, precision, recall, fscore, support, accuracy, kappa, nv)
