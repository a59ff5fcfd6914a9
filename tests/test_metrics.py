"""Confusion matrix and quality metrics against hand-computed values."""
import math

import numpy as np
import pytest

from cropmapper.science.classify.metrics import confusion_matrix, quality_metrics


def approx(v):
    return pytest.approx(v, abs=1e-12)


# Three classes; confusion matrix (rows = reference, columns = produced):
#        1  2  3
#   1 [  5  1  0 ]   row sum 6
#   2 [  2  3  1 ]   row sum 6
#   3 [  0  0  4 ]   row sum 4
#   column sums 7, 4, 5; total 16; trace 12
REF = [1] * 6 + [2] * 6 + [3] * 4
PRED = [1] * 5 + [2] + [1, 1, 2, 2, 2, 3] + [3] * 4


def test_confusion_matrix_rows_are_reference_columns_are_produced():
    cm, labels = confusion_matrix(REF, PRED)
    assert labels == [1, 2, 3]
    assert cm.tolist() == [[5, 1, 0], [2, 3, 1], [0, 0, 4]]


def test_metrics_three_classes_by_hand():
    q = quality_metrics(*confusion_matrix(REF, PRED))
    # precision = TP / column sum
    assert q.precision[1] == approx(5 / 7) and q.precision[2] == approx(3 / 4) and q.precision[3] == approx(4 / 5)
    # recall = TP / row sum
    assert q.recall[1] == approx(5 / 6) and q.recall[2] == approx(3 / 6) and q.recall[3] == approx(4 / 4)
    # F = 2TP / (2TP + FP + FN): class 1: 10 / (10 + 2 + 1); class 2: 6 / (6 + 1 + 3); class 3: 8 / (8 + 1 + 0)
    assert q.fscore[1] == approx(10 / 13) and q.fscore[2] == approx(6 / 10) and q.fscore[3] == approx(8 / 9)
    # ... which is the harmonic mean of precision and recall
    p, r = 5 / 7, 5 / 6
    assert q.fscore[1] == approx(2 * p * r / (p + r))
    assert q.support == {1: 6, 2: 6, 3: 4}
    # accuracy = 12 / 16; pe = (6*7 + 6*4 + 4*5) / 16^2 = 86 / 256; kappa = (192 - 86) / (256 - 86) = 106 / 170
    assert q.accuracy == approx(0.75)
    assert q.kappa == approx(106 / 170)
    assert q.total == 16


# Class 3 is in the reference but never produced; class 4 is produced but absent from the reference.
#        1  2  3  4
#   1 [  2  0  0  1 ]  row sum 3
#   2 [  1  1  0  0 ]  row sum 2
#   3 [  1  1  0  0 ]  row sum 2
#   4 [  0  0  0  0 ]  row sum 0
#   column sums 4, 2, 0, 1; total 7; trace 3
REF2 = [1, 1, 1, 2, 2, 3, 3]
PRED2 = [1, 1, 4, 2, 1, 2, 1]


def test_class_absent_from_predictions_and_from_reference():
    cm, labels = confusion_matrix(REF2, PRED2)
    assert labels == [1, 2, 3, 4]
    assert cm.tolist() == [[2, 0, 0, 1], [1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 0]]
    q = quality_metrics(cm, labels)
    assert q.precision[1] == approx(2 / 4) and q.precision[2] == approx(1 / 2)
    assert math.isnan(q.precision[3])            # never produced: 0 / 0
    assert q.precision[4] == 0.0                 # produced once, never right: 0 / 1
    assert q.recall[1] == approx(2 / 3) and q.recall[2] == approx(1 / 2)
    assert q.recall[3] == 0.0                    # 0 of its 2 reference samples found
    assert math.isnan(q.recall[4])               # no reference sample: 0 / 0
    # F = 2TP / (2TP + FP + FN): 1: 4 / (4 + 2 + 1); 2: 2 / (2 + 1 + 1); 3: 0 / (0 + 0 + 2); 4: 0 / (0 + 1 + 0)
    assert q.fscore[1] == approx(4 / 7) and q.fscore[2] == approx(0.5)
    assert q.fscore[3] == 0.0 and q.fscore[4] == 0.0
    assert q.support == {1: 3, 2: 2, 3: 2, 4: 0}
    # accuracy 3 / 7; pe = (3*4 + 2*2 + 2*0 + 0*1) / 49 = 16 / 49; kappa = (21 - 16) / (49 - 16) = 5 / 33
    assert q.accuracy == approx(3 / 7)
    assert q.kappa == approx(5 / 33)


def test_explicit_labels_order_unused_class_and_ignored_values():
    # labels given: 9 appears nowhere; the sample labelled 7 (not in labels) is ignored
    cm, labels = confusion_matrix([2, 1, 1, 7], [2, 1, 2, 1], labels=[2, 1, 9])
    assert labels == [2, 1, 9]
    assert cm.tolist() == [[1, 0, 0], [1, 1, 0], [0, 0, 0]]
    q = quality_metrics(cm, labels)
    assert math.isnan(q.precision[9]) and math.isnan(q.recall[9]) and math.isnan(q.fscore[9])
    assert q.support[9] == 0
    assert q.accuracy == approx(2 / 3)


def test_degenerate_matrices():
    empty = quality_metrics(np.zeros((2, 2), int), [0, 1])
    assert math.isnan(empty.accuracy) and math.isnan(empty.kappa)
    single = quality_metrics(*confusion_matrix([1, 1, 1], [1, 1, 1]))
    assert single.accuracy == 1.0 and math.isnan(single.kappa)  # pe = 1: agreement beyond chance undefined
    assert single.fscore[1] == 1.0


def test_not_validated_is_carried_sorted_and_in_dict():
    q = quality_metrics(*confusion_matrix(REF, PRED), not_validated=[5100, np.int64(2130)])
    assert q.not_validated == [2130, 5100]
    d = q.to_dict()
    assert d["not_validated"] == [2130, 5100] and type(d["not_validated"][0]) is int
    assert d["confusion_matrix"] == [[5, 1, 0], [2, 3, 1], [0, 0, 4]]


def test_bad_shapes_raise():
    with pytest.raises(ValueError):
        confusion_matrix([1, 2], [1])
    with pytest.raises(ValueError):
        quality_metrics(np.zeros((2, 2)), [1, 2, 3])


def test_agrees_with_scikit_learn_on_random_labels():
    sk = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(3)
    ref = rng.choice([0, 1100, 1200, 5100], 500)
    pred = np.where(rng.random(500) < 0.7, ref, rng.choice([0, 1100, 1200, 9120], 500))
    cm, labels = confusion_matrix(ref, pred)
    assert cm.tolist() == sk.confusion_matrix(ref, pred, labels=labels).tolist()
    q = quality_metrics(cm, labels)
    assert q.kappa == pytest.approx(sk.cohen_kappa_score(ref, pred))
    f1 = sk.f1_score(ref, pred, labels=labels, average=None, zero_division=0)
    assert [q.fscore[v] for v in labels] == pytest.approx(list(f1))
