"""Output folders a run creates and must not leave behind empty, and the lock of a run's temporary folder
(plain files: os.open with O_EXCL works on every platform, no fcntl), and telling a full disk apart."""
import errno
import json
import os
import shutil
import socket
import tempfile
import time

from .errors import InputError, NoSpace

STALE_SECONDS = 3 * 24 * 3600  # a lock older than this is a crashed run's, even if its pid was reused
FULL_BYTES = 1 << 20  # less free than this on an output's device after a failed or silent write: the disk is full


def free_bytes(path):
    """Free bytes on the device holding ``path`` (its nearest existing parent), None when unknown."""
    path = os.path.abspath(path)
    while not os.path.exists(path) and os.path.dirname(path) != path:
        path = os.path.dirname(path)
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def disk_full(exc, folder):
    """True when the write error ``exc`` (None: a write GDAL did not report) is the disk holding ``folder``
    being full: ENOSPC / EDQUOT, else (GDAL and OGR errors carry no errno) less than FULL_BYTES left."""
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return True
    if code or isinstance(exc, InputError):
        return False
    if "No space left" in str(exc or ""):
        return True
    free = free_bytes(folder)
    return free is not None and free < FULL_BYTES


def no_space_error(folder):
    return NoSpace("No space left on the device holding %s: free space or choose another folder.", folder)


def write_failed(exc, path):
    """Raise the full-disk message when the write of ``path`` failed with ``exc`` for want of space."""
    folder = os.path.dirname(os.path.abspath(path))
    if isinstance(exc, (OSError, RuntimeError)) and disk_full(exc, folder):
        raise no_space_error(folder) from exc


def flush_raster(ds):
    """Write GDAL's cached blocks now: a failed block write (a full disk) raises here, where it is not only
    logged as it would be when the dataset is closed."""
    from osgeo import gdal

    gdal.ErrorReset()
    ds.FlushCache()  # raises RuntimeError with gdal.UseExceptions()
    if gdal.GetLastErrorType() >= gdal.CE_Failure:
        raise RuntimeError(gdal.GetLastErrorMsg())


def make_folders(path):
    """Create ``path`` and its missing parents; returns the folders created (outermost first), for
    remove_empty after a failure."""
    path = os.path.abspath(path)
    missing = []
    while path and not os.path.exists(path):
        missing.append(path)
        parent = os.path.dirname(path)
        if parent == path:
            break
        path = parent
    missing.reverse()
    for folder in missing:
        os.makedirs(folder, exist_ok=True)
    return missing


def remove_empty(created):
    """Remove the folders of make_folders again, innermost first, as long as they are empty."""
    for folder in reversed(list(created or ())):
        try:
            os.rmdir(folder)
        except OSError:
            return  # not empty (or gone): the outer ones are not empty either


def _pid_alive(pid):
    if pid <= 0:
        return False
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_path(folder):
    return folder.rstrip("/\\") + ".lock"


def is_stale(folder, now=None):
    """True when the temporary ``folder`` belongs to no live run: its lock is missing, unreadable, older than
    STALE_SECONDS, or names a process of this host that is gone."""
    try:
        with open(lock_path(folder), encoding="utf-8") as f:
            lock = json.load(f)
        age = (now or time.time()) - float(lock["time"])
        pid, host = int(lock["pid"]), str(lock["host"])
    except (OSError, ValueError, KeyError, TypeError):
        # no lock yet: a run that is creating it right now is given a minute
        try:
            return (now or time.time()) - os.path.getmtime(folder) > 60
        except OSError:
            return False
    if age > STALE_SECONDS:
        return True
    return host == socket.gethostname() and not _pid_alive(pid)


def locked_temp_folder(parent, prefix, suffix=""):
    """A new temporary folder in ``parent`` (unique: tempfile.mkdtemp) with its lock beside it (created
    first, O_EXCL); returns the folder. Release with release()."""
    path = tempfile.mkdtemp(suffix=suffix, prefix=prefix, dir=parent)
    try:
        fd = os.open(lock_path(path), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"pid": os.getpid(), "host": socket.gethostname(), "time": time.time()}, f)
    except OSError:  # a full disk: neither the folder nor a half-written lock stays
        release(path)
        os.rmdir(path)
        raise
    return path


def release(folder):
    try:
        os.remove(lock_path(folder))
    except OSError:
        pass


def stale_temp_folders(parent, prefix, suffix=""):
    """The temporary folders ``prefix*suffix`` in ``parent`` that no live run holds (crashed runs' leftovers)."""
    try:
        entries = os.listdir(parent)
    except OSError:
        return []
    return [os.path.join(parent, e) for e in sorted(entries)
            if e.startswith(prefix) and e.endswith(suffix) and os.path.isdir(os.path.join(parent, e))
            and is_stale(os.path.join(parent, e))]
