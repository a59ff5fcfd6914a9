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


def write_quality_xml(quality, path, root_name):
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
    _write_xml(root, path)


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
