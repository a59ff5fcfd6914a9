"""The bad-input battery (issue 11): each case fails with a message that names the problem (or succeeds with
the right outcome when the input is handled well), leaves nothing in its output folder and leaves the inputs'
bytes unchanged. The cases are in bad_inputs_cases.py; `make check-bad-inputs` prints them as a table
(BAD_INPUTS_TABLE=path writes it). Also: cancellation at random points, and the readers' metadata parsing
fuzzed with hypothesis (a clear InputError or a skip, never another exception)."""
import contextlib
import datetime as dt
import glob
import os
import random
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bad_inputs_cases import CASES, World, tree_hash
from conftest import listing

ROWS = []
FUZZ = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def world(tmp_path_factory, qgis_app):
    return World(str(tmp_path_factory.mktemp("bad_inputs_world")))


@pytest.fixture(scope="module", autouse=True)
def table():
    yield
    path = os.environ.get("BAD_INPUTS_TABLE")
    if path and ROWS:
        width = max(len(r[0]) for r in ROWS)
        with open(path, "w", encoding="utf-8") as f:
            f.write("%-*s  %-18s  %-4s  %s\n" % (width, "case", "algorithm", "exit", "message / outcome"))
            for name, alg, code, message in ROWS:
                f.write("%-*s  %-18s  %-4s  %s\n" % (width, name, alg, code, message))


def _first_line(text, limit=150):
    lines = [line for line in str(text).splitlines() if line.strip() and "Unable to execute" not in line]
    line = lines[0].strip() if lines else ""
    return line if len(line) <= limit else line[:limit - 3] + "..."


def _run(run_alg, qgis_process, case, params, out):
    """(exit code, message, result) of one case."""
    if case.via == "qgis_process":
        code, result, proc = qgis_process.run("cropmapper:" + case.alg, params)
        text = proc.stdout + proc.stderr
        # qgis_process prints its own lines first; the case's message is the one that names the problem
        message = next((line for line in text.splitlines()
                        if isinstance(case.expect, str) and case.expect in line), _first_line(proc.stderr))
        return code, message, result
    from qgis.core import QgsProcessingException

    feedback = logging_feedback()
    try:
        result = run_alg(case.alg, params, feedback)
    except QgsProcessingException as exc:
        return 1, str(exc), None
    finally:
        case.logged = "\n".join(feedback.lines)
    return 0, "", result


def logging_feedback():
    """A feedback that keeps every line the run logs."""
    from qgis.core import QgsProcessingFeedback

    class _Feedback(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.lines = []

        def pushInfo(self, text):  # noqa: N802
            self.lines.append(text)

        def pushWarning(self, text):  # noqa: N802
            self.lines.append(text)

        def reportError(self, text, fatal=False):  # noqa: N802
            self.lines.append(text)
    return _Feedback()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, world, run_alg, qgis_process, tmp_path):
    out = str(tmp_path / "out")
    os.makedirs(out)
    if case.prep:
        case.prep(world, out)
    params = case.params(world, out)
    before_out = listing(out)
    before = tree_hash(world.input_paths())
    code, message, result = _run(run_alg, qgis_process, case, params, out)
    try:
        if isinstance(case.expect, str):
            ROWS.append((case.name, case.alg, code, _first_line(message)))
            assert code == 1, "succeeded: %s" % result
            assert case.expect in message, message
            assert listing(out) == before_out, "left behind: %s" % sorted(set(listing(out)) - set(before_out))
        else:
            ROWS.append((case.name, case.alg, code, "success: " + (case.note or case.expect.__name__.strip("_")
                                                                 .replace("_", " "))))
            assert code == 0, message
            case.expect(world, out, result)
        for text in case.log(world) if case.log else ():
            assert text in case.logged, "not in the log: %s\n%s" % (text, case.logged)
        assert tree_hash(world.input_paths()) == before, "an input changed"
    finally:
        for base, dirs, _files in os.walk(out):  # read-only folders must not stop pytest's clean-up
            for d in dirs:
                os.chmod(os.path.join(base, d), 0o755)


# --- cancellation at random points: nothing half-written, the next run works ------------------------------
def cancel_after(n):
    """A feedback that says "cancelled" from the ``n``-th time the run asks (each block, phase, image...)."""
    from qgis.core import QgsProcessingFeedback

    class _Feedback(QgsProcessingFeedback):
        asked = 0

        def isCanceled(self):  # noqa: N802
            self.asked += 1
            return self.asked >= n
    return _Feedback()


# (algorithm, how many points, drawn among the first checks the run makes: each run asks more than that)
CANCELLED = [(alg, n) for alg, count, last in (("cropmask", 4, 12), ("croptype", 2, 12), ("timeseriesfeatures", 3, 8),
                                               ("composite", 2, 8), ("qualitylayers", 1, 2), ("prepareinsitu", 1, 2))
             for n in sorted(random.Random(alg).sample(range(1, last + 1), count))]


def _cancel_params(world, alg, out):
    from bad_inputs_cases import _layers, images_params, insitu_params, mask_params, type_params

    return {"cropmask": mask_params, "croptype": type_params, "timeseriesfeatures": images_params,
            "composite": images_params, "qualitylayers": _layers, "prepareinsitu": insitu_params}[alg](world, out)


@pytest.mark.parametrize("alg, n", CANCELLED, ids=["%s at check %d" % c for c in CANCELLED])
def test_cancel_at_random_point(alg, n, world, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    out = str(tmp_path / "out")
    os.makedirs(out)
    params = _cancel_params(world, alg, out)
    before = tree_hash(world.input_paths())
    feedback = cancel_after(n)
    with pytest.raises(QgsProcessingException) as err:
        run_alg(alg, params, feedback)
    ROWS.append(("cancelled at check %d" % n, alg, 1, _first_line(err.value)))
    assert "Cancelled: nothing was written." in str(err.value)
    assert listing(out) == [], listing(out)
    assert tree_hash(world.input_paths()) == before
    shutil.rmtree(out)
    os.makedirs(out)
    result = run_alg(alg, params)  # the next run works
    assert listing(out), result


# --- two runs in one folder in the same second ----------------------------------------------------------
def test_two_writers_in_one_second_have_their_own_temporary_folders(tmp_path):
    from cropmapper.science.products import ProductWriter

    created = dt.datetime(2020, 1, 1, 12, 0, 0)
    a = ProductWriter("L4A", str(tmp_path), "TWO", "2018-03-01", "2018-05-31", "31UES", created=created)
    b = ProductWriter("L4A", str(tmp_path), "TWO", "2018-03-01", "2018-05-31", "31UES", created=created)
    a.__enter__()
    b.__enter__()
    try:
        assert a.tmp_path != b.tmp_path and os.path.isdir(a.tmp_path) and os.path.isdir(b.tmp_path)
        assert os.path.exists(a.tmp_path + ".lock") and os.path.exists(b.tmp_path + ".lock")
    finally:
        b._discard()
        a._discard()
    assert os.listdir(str(tmp_path)) == []


def test_a_crashed_run_s_temporary_folder_is_removed_a_live_one_is_kept(tmp_path):
    import json

    from cropmapper.science import folders
    from cropmapper.science.products import ProductWriter

    live = folders.locked_temp_folder(str(tmp_path), ".S2AGRI_L4A_PRD_SLIVE_", "_tmp")
    dead = folders.locked_temp_folder(str(tmp_path), ".S2AGRI_L4A_PRD_SDEAD_", "_tmp")
    with open(folders.lock_path(dead)) as f:
        lock = json.load(f)
    lock["pid"] = 2 ** 22 + 12345  # above Linux's pid_max default: no such process
    with open(folders.lock_path(dead), "w") as f:
        json.dump(lock, f)
    w = ProductWriter("L4A", str(tmp_path), "NEW", "2018-03-01", "2018-05-31", "31UES")
    with pytest.raises(RuntimeError):
        with w:
            assert os.path.isdir(live) and not os.path.exists(dead) and not os.path.exists(dead + ".lock")
            raise RuntimeError("stop")
    assert sorted(os.listdir(str(tmp_path))) == sorted([os.path.basename(live), os.path.basename(live) + ".lock"])


def test_a_failed_run_removes_the_output_folder_it_created(world, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    from bad_inputs_cases import mask_params

    target = str(tmp_path / "new" / "deeper")
    with pytest.raises(QgsProcessingException, match="holds values other than 0"):
        run_alg("croptype", mask_params(world, str(tmp_path), OUTPUT_FOLDER=target, CODE_FIELD="CODE",
                                        CROP_MASK=world.raster("sevens.tif")))
    assert os.listdir(str(tmp_path)) == []


# --- reader metadata fuzzed ----------------------------------------------------------------------------------
def _discover_or_clear_error(path):
    from cropmapper.science.errors import InputError
    from cropmapper.science.io.readers import discover

    try:
        acqs = discover([path])
    except InputError as exc:
        assert str(exc)
        return None
    for a in acqs:
        a.bands()
        a.close()
    return acqs


def _mutations():
    cut = st.tuples(st.just("cut"), st.floats(0, 1))
    flip = st.tuples(st.just("bytes"), st.floats(0, 1), st.binary(min_size=1, max_size=12))
    value = st.tuples(st.just("value"), st.floats(0, 1),
                      st.sampled_from(["", "-", "NaN", "1e999", "2018-13-45T99:99:99", "&amp;", "\u00e9\u00e9",
                                       "<", "9" * 40, "-1000.5"]))
    return st.one_of(cut, flip, value)


def _mutate(data, mutation):
    kind, where = mutation[0], int(mutation[1] * len(data))
    if kind == "cut":
        return data[:where]
    if kind == "bytes":
        return data[:where] + mutation[2] + data[where + len(mutation[2]):]
    # replace the text of the element around ``where``
    start = data.find(b">", where)
    end = data.find(b"<", start + 1) if start >= 0 else -1
    if start < 0 or end < 0:
        return data
    return data[:start + 1] + mutation[2].encode("utf-8") + data[end:]


@pytest.fixture(scope="module")
def fuzz_products(world, tmp_path_factory):
    root = str(tmp_path_factory.mktemp("fuzz"))
    safe = os.path.join(root, "safe", os.path.basename(world.safes[0]))
    shutil.copytree(world.safes[0], safe)
    maja_src = sorted(glob.glob(os.path.join(world.maja_dir, "*")))[0]
    maja = os.path.join(root, "maja", os.path.basename(maja_src))
    shutil.copytree(maja_src, maja)
    return {"safe": safe, "maja": maja}


def _fuzz_xml(product, pattern, mutation):
    xml = sorted(glob.glob(os.path.join(product, pattern), recursive=True))[0]
    original = open(xml, "rb").read()
    try:
        with open(xml, "wb") as f:
            f.write(_mutate(original, mutation))
        _discover_or_clear_error(product)
    finally:
        with open(xml, "wb") as f:
            f.write(original)


@FUZZ
@given(mutation=_mutations())
def test_fuzzed_safe_product_metadata(fuzz_products, mutation):
    _fuzz_xml(fuzz_products["safe"], "MTD_MSIL2A.xml", mutation)


@FUZZ
@given(mutation=_mutations())
def test_fuzzed_safe_tile_metadata(fuzz_products, mutation):
    _fuzz_xml(fuzz_products["safe"], "GRANULE/*/MTD_TL.xml", mutation)


@FUZZ
@given(mutation=_mutations())
def test_fuzzed_maja_metadata(fuzz_products, mutation):
    _fuzz_xml(fuzz_products["maja"], "*_MTD_ALL.xml", mutation)


@FUZZ
@given(descriptions=st.lists(st.text(min_size=0, max_size=30), min_size=1, max_size=6))
def test_fuzzed_band_descriptions(tmp_path_factory, descriptions):
    import numpy as np
    from osgeo import gdal

    folder = str(tmp_path_factory.mktemp("desc"))
    path = os.path.join(folder, "stack.tif")
    ds = gdal.GetDriverByName("GTiff").Create(path, 4, 4, len(descriptions), gdal.GDT_UInt16)
    ds.SetGeoTransform((500000, 10, 0, 5630000, 0, -10))
    ds.SetProjection("EPSG:32631")
    for i, d in enumerate(descriptions):
        ds.GetRasterBand(i + 1).SetDescription(d)
        ds.GetRasterBand(i + 1).WriteArray(np.full((4, 4), 1200, np.uint16))
    ds = None
    _discover_or_clear_error(path)


@FUZZ
@given(name=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00"),
                    min_size=1, max_size=40))
def test_fuzzed_dates_in_file_names(world, tmp_path_factory, name):
    from cropmapper.science.io.readers.base import parse_datetime

    when = parse_datetime(name)
    assert when is None or isinstance(when, dt.datetime)
    folder = str(tmp_path_factory.mktemp("names"))
    try:
        path = os.path.join(folder, name + ".tif")
        shutil.copy(world.tifs[0], path)
    except (OSError, ValueError):
        return  # a name the file system refuses
    _discover_or_clear_error(path)


# --- full output folders: a tiny tmpfs, filled up (Linux, root) --------------------------------------------
@contextlib.contextmanager
def full_disk(folder, free_kb):
    """``folder`` on a 256 kB tmpfs with only ``free_kb`` left (a filler file takes the rest); unmounted after."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("a full file system is made by mounting a tmpfs: Linux and root only")
    os.makedirs(folder)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", folder], capture_output=True,
                           text=True)
    if mount.returncode:
        pytest.skip("cannot mount a tmpfs: %s" % (mount.stderr.strip() or mount.returncode))
    try:
        filler = os.open(os.path.join(folder, "filler"), os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:  # full
            pass
        finally:
            os.close(filler)
        size = os.path.getsize(os.path.join(folder, "filler"))
        os.truncate(os.path.join(folder, "filler"), max(0, size - free_kb * 1024))
        yield folder
    finally:
        if subprocess.run(["umount", folder], capture_output=True).returncode:
            subprocess.run(["umount", "-l", folder], capture_output=True)  # still busy: detach it


FULL = [("cropmask", 0), ("cropmask", 40), ("croptype", 60), ("timeseriesfeatures", 0), ("timeseriesfeatures", 60),
        ("composite", 20)]


@pytest.mark.parametrize("alg, free_kb", FULL, ids=["%s, %d kB free" % c for c in FULL])
def test_full_output_folder(alg, free_kb, world, run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    from bad_inputs_cases import images_params, mask_params, type_params

    with full_disk(str(tmp_path / "full"), free_kb) as out:
        params = {"cropmask": mask_params, "croptype": type_params}.get(alg, images_params)(world, out)
        before = tree_hash(world.input_paths())
        with pytest.raises(QgsProcessingException) as err:
            run_alg(alg, params)
        ROWS.append(("output folder on a full disk, %d kB free" % free_kb, alg, 1, _first_line(err.value)))
        folder = params.get("OUTPUT_FOLDER") or out
        assert "No space left on the device holding %s: free space or choose another folder" % folder \
            in str(err.value), str(err.value)
        assert listing(out) == ["filler"], listing(out)
        assert tree_hash(world.input_paths()) == before
