"""The bench's pure helpers (scripts/bench_lib.py) on tiny inputs: statistics, paired ratios, goal
verdicts, the tables and the CSV. No timing here: performance claims live in `make bench` only."""
import csv
import math

import bench_lib as lib


def test_stats_median_and_spread_skip_missing():
    assert lib.stats([3.0, 1.0, 2.0]) == (2.0, 1.0, 3.0)
    assert lib.stats([1.0, None, float("nan"), 4.0]) == (2.5, 1.0, 4.0)
    assert all(math.isnan(v) for v in lib.stats([]))


def test_paired_ratios_match_repeats():
    runs = [{"repeat": 0, "size": 256, "stage": "floor", "seconds": 2.0},
            {"repeat": 0, "size": 256, "stage": "run", "seconds": 3.0},
            {"repeat": 1, "size": 256, "stage": "floor", "seconds": 4.0},
            {"repeat": 1, "size": 256, "stage": "run", "seconds": 4.0},
            {"repeat": 2, "size": 256, "stage": "run", "seconds": 9.0},  # no floor in repeat 2: unpaired
            {"repeat": 0, "size": 512, "stage": "floor", "seconds": 1.0}]
    assert lib.paired_ratios(runs, "run", "floor", size=256) == [1.5, 1.0]
    assert lib.paired_ratios(runs, "run", "floor", size=512) == []


def test_ratio_rows_and_verdicts():
    row = lib.ratio_row("crop mask", "floor", 256, [1.2, 1.4, 2.0], 1.5, "<=")
    assert (row["median"], row["min"], row["max"], row["n"]) == (1.4, 1.2, 2.0, 3)
    assert row["verdict"] == "PASS" and row["goal"] == "<= 1.5"
    assert lib.ratio_row("speed-up", "sklearn", "", [2.0, 2.4], 2.5, ">=")["verdict"] == "FAIL"
    assert lib.ratio_row("none", "x", "", [], 1.0, "<=")["verdict"] == "n/a"
    info = lib.info_row("OTB", "ImageClassifier", "", "not installed")
    table = lib.ratio_table([row, info])
    assert "PASS" in table and "not installed" in table and "<= 1.5" in table
    assert len(table.splitlines()) == 4


def test_stage_table_groups_stage_memory_size():
    runs = [{"stage": "cropmask", "memory": 512, "size": 256, "seconds": s, "mpx_s": 1.0, "rss_mb": 600.0}
            for s in (10.0, 12.0, 20.0)]
    text = lib.stage_table(runs)
    assert "12.0" in text and "10.0-20.0" in text and "600" in text


def test_write_csv_union_of_fields(tmp_path):
    path = lib.write_csv(str(tmp_path / "r.csv"), [{"a": 1, "b": [1, 2]}, {"a": 2, "c": "x"}])
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["a", "b", "c"]
    assert rows[0]["b"] == "[1, 2]" and rows[1]["c"] == "x" and rows[1]["b"] == ""


def test_phase_seconds_from_the_workflow_log():
    log = [[1.0, "Decoding the images (each file once) ..."], [5.0, "Decoding the images (each file once): done in 4 s"],
           [5.5, "Training the random forest (80 samples, 3 features) ..."],
           [7.0, "Training the random forest (80 samples, 3 features): 50 % in 1 s, about 1 s left"],
           [8.25, "Training the random forest (80 samples, 3 features): done in 3 s"]]
    assert lib.phase_seconds(log, "Training the random forest") == 2.75
    assert lib.phase_seconds(log, "Post-processing") is None


def test_tile_estimate_fixed_training_plus_a_line_in_megapixels():
    # sizes 1 and 4 Mpx: without training 10 + 5/Mpx -> 15 s and 30 s; training 60 s; floor 4 s/Mpx
    runs = [{"repeat": 0, "size": 1, "stage": "cm" + lib.UNTRAINED, "seconds": 15.0},
            {"repeat": 0, "size": 1, "stage": "training cm", "seconds": 60.0},
            {"repeat": 0, "size": 2, "stage": "cm" + lib.UNTRAINED, "seconds": 30.0},
            {"repeat": 0, "size": 2, "stage": "training cm", "seconds": 58.0},
            {"repeat": 1, "size": 2, "stage": "cm" + lib.UNTRAINED, "seconds": 30.0},
            {"repeat": 1, "size": 2, "stage": "training cm", "seconds": 62.0},
            {"repeat": 0, "size": 1, "stage": "floor cm", "seconds": 4.0},
            {"repeat": 0, "size": 2, "stage": "floor cm", "seconds": 16.0}]
    est = lib.tile_estimate(runs, "cm", lambda s: s * s, 100.0)
    assert abs(est["intercept"] - 10.0) < 1e-9 and abs(est["per_mpx"] - 5.0) < 1e-9
    assert est["train"] == 60.0 and est["seconds"] == 60.0 + 10.0 + 500.0
    assert est["floor"] == 400.0 and est["ratio"] == 570.0 / 400.0
    assert lib.tile_estimate(runs[:2] + runs[6:7], "cm", lambda s: s * s, 100.0) is None
