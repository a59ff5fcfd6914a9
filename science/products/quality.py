"""Quality files: the Sen2-Agri QLT XML and the confusion-matrix CSV (CMX), written and read."""
import math
import re
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal

from .names import (_int_or_none, _fmt, _write_xml)

gdal.UseExceptions()


# --- quality files ------------------------------------------------------------
def write_confusion_csv(cm, labels, path):
    """OTB/Sen2-Agri layout: '#Reference labels (rows):a,b' and '#Produced labels (columns):a,b',
    then one line of counts per reference label."""
    labels = ",".join(str(v) for v in labels)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("#Reference labels (rows):%s\n#Produced labels (columns):%s\n" % (labels, labels))
        for row in np.asarray(cm):
            f.write(",".join(str(int(v)) for v in row) + "\n")


def write_quality_xml(quality, path, root_name, assessment=None, raw=None):
    """Sen2-Agri quality schema (ConfusionMatrix: ReferenceLabels/RowLabel, ProducedLabels/ColumnLabel,
    Data/Row/Column; QualityMetrics: Precision/Recall/F-score with a 'class' attribute, Kappa, Accuracy)
    plus Support per class and NotValidated classes."""
    root = ET.Element(root_name)
    cm_el = ET.SubElement(root, "ConfusionMatrix")
    rows = ET.SubElement(cm_el, "ReferenceLabels")
    cols = ET.SubElement(cm_el, "ProducedLabels")
    for v in quality.labels:
        ET.SubElement(rows, "RowLabel").text = str(v)
        ET.SubElement(cols, "ColumnLabel").text = str(v)
    data = ET.SubElement(cm_el, "Data")
    for row in np.asarray(quality.cm):
        row_el = ET.SubElement(data, "Row")
        for v in row:
            ET.SubElement(row_el, "Column").text = str(int(v))
    qm = ET.SubElement(root, "QualityMetrics")
    for tag, values in (("Precision", quality.precision), ("Recall", quality.recall),
                        ("F-score", quality.fscore), ("Support", quality.support)):
        for label in quality.labels:
            ET.SubElement(qm, tag, {"class": str(label)}).text = _fmt(values[label])
    ET.SubElement(qm, "Kappa").text = _fmt(quality.kappa)
    ET.SubElement(qm, "Accuracy").text = _fmt(quality.accuracy)
    ET.SubElement(qm, "ValidationSamples").text = str(quality.total)
    nv = ET.SubElement(root, "NotValidated")
    for label in quality.not_validated:
        ET.SubElement(nv, "Class").text = str(label)
    if assessment is not None:
        _assessment_xml(root, assessment, raw)
    _write_xml(root, path)


ASSESSMENT_TAG = "CropMapperAssessment"  # our element: Sen2-Agri's readers skip what they do not know


def _interval_xml(parent, a):
    ET.SubElement(parent, "AccuracyInterval", {
        "level": _fmt(a["ci_level"]), "low": _fmt(a["ci_low"]), "high": _fmt(a["ci_high"]),
        "method": "bootstrap over validation polygons, within each class", "replicates": str(a["n_boot"]),
        "seed": str(a["seed"])})


def _assessment_xml(root, assessment, raw=None):
    """The figures of a validation.Assessment (or its to_dict()): OA interval, majority baseline, polygons
    per class, warnings; ``raw``: the same for the raw map (crop type unmasked / mask before post-processing)."""
    a = assessment if isinstance(assessment, dict) else assessment.to_dict()
    el = ET.SubElement(root, ASSESSMENT_TAG)
    _interval_xml(el, a)
    ET.SubElement(el, "MajorityBaseline", {"class": str(a["majority_label"])}).text = _fmt(a["majority_accuracy"])
    ET.SubElement(el, "BeatsMajority").text = "true" if a["beats_majority"] else "false"
    for label, n in a["polygons_per_class"].items():
        ET.SubElement(el, "ValidationPolygons", {"class": str(label)}).text = str(int(n))
    for text in a["warnings"]:
        ET.SubElement(el, "Warning").text = text
    if raw is not None:
        r = raw if isinstance(raw, dict) else raw.to_dict()
        raw_el = ET.SubElement(el, "RawMap")
        ET.SubElement(raw_el, "Accuracy").text = _fmt(r["accuracy"])
        ET.SubElement(raw_el, "Kappa").text = _fmt(r["kappa"])
        _interval_xml(raw_el, r)


def _read_interval(el, into):
    iv = el.find("AccuracyInterval") if el is not None else None
    if iv is not None:
        into.update(ci_low=_number(iv.get("low")), ci_high=_number(iv.get("high")),
                    ci_level=_number(iv.get("level")), n_boot=_int_or_none(iv.get("replicates")),
                    seed=_int_or_none(iv.get("seed")))


def _read_assessment(root, q):
    el = root.find(ASSESSMENT_TAG)
    if el is None:
        return
    a = {"accuracy": q["accuracy"], "kappa": q["kappa"], "warnings": [e.text or "" for e in el.findall("Warning")],
         "polygons_per_class": {_label(e.get("class")): int(_number(e.text)) for e in el.findall("ValidationPolygons")}}
    _read_interval(el, a)
    mb = el.find("MajorityBaseline")
    if mb is not None:
        a["majority_label"], a["majority_accuracy"] = _label(mb.get("class")), _number(mb.text)
    bm = el.find("BeatsMajority")
    a["beats_majority"] = bm is not None and (bm.text or "").strip() == "true"
    q["assessment"] = a
    raw = el.find("RawMap")
    if raw is not None:
        r = {"accuracy": _number(raw.findtext("Accuracy")), "kappa": _number(raw.findtext("Kappa"))}
        _read_interval(raw, r)
        q["raw"] = r


def _label(text):
    text = (text or "").strip()
    value = _int_or_none(text)
    return value if value is not None and re.match(r"^-?\d+(\.0*)?$", text) else text


def _number(text):
    try:
        return float((text or "").strip())
    except ValueError:
        return math.nan


def read_quality_xml(path):
    """{'root', 'labels' (rows), 'column_labels', 'confusion_matrix', 'precision', 'recall', 'fscore',
    'support', 'kappa', 'accuracy', 'not_validated'} from a QLT file (ours or Sen2-Agri's)."""
    root = ET.parse(path).getroot()
    q = {"root": root.tag, "labels": [], "column_labels": [], "confusion_matrix": [],
         "precision": {}, "recall": {}, "fscore": {}, "support": {},
         "kappa": math.nan, "accuracy": math.nan, "not_validated": []}
    cm_el = root.find("ConfusionMatrix")
    if cm_el is not None:
        q["labels"] = [_label(e.text) for e in cm_el.iter("RowLabel")]
        q["column_labels"] = [_label(e.text) for e in cm_el.iter("ColumnLabel")]
        data = cm_el.find("Data")
        if data is not None:
            q["confusion_matrix"] = [[int(round(_number(c.text))) for c in row.findall("Column")]
                                     for row in data.findall("Row")]
    qm = root.find("QualityMetrics")
    if qm is not None:
        for tag, key in (("Precision", "precision"), ("Recall", "recall"), ("F-score", "fscore"),
                         ("Support", "support")):
            for e in qm.findall(tag):
                value = _number(e.text)
                q[key][_label(e.get("class"))] = int(value) if key == "support" and not math.isnan(value) else value
        if qm.find("Kappa") is not None:
            q["kappa"] = _number(qm.find("Kappa").text)
        if qm.find("Accuracy") is not None:
            q["accuracy"] = _number(qm.find("Accuracy").text)
    nv = root.find("NotValidated")
    if nv is not None:
        q["not_validated"] = [_label(e.text) for e in nv.findall("Class")]
    _read_assessment(root, q)
    return q


def read_confusion_csv(path):
    """(row_labels, column_labels, matrix as a list of lists) from a CMX / OTB confusion matrix CSV."""
    rows, cols, matrix = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                head, _, values = line.partition(":")
                labels = [_label(v) for v in values.split(",") if v.strip()]
                if "row" in head.lower():
                    rows = labels
                else:
                    cols = labels
                continue
            matrix.append([int(round(float(v))) for v in line.split(",")])
    return rows, cols, matrix
