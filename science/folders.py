"""Output folders a run creates and must not leave behind empty, and the lock of a run's temporary folder
(plain files: os.open with O_EXCL works on every platform, no fcntl)."""
import json
import os
import socket
import tempfile
import time

STALE_SECONDS = 3 * 24 * 3600  # a lock older than this is a crashed run's, even if its pid was reused


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
    fd = os.open(lock_path(path), os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"pid": os.getpid(), "host": socket.gethostname(), "time": time.time()}, f)
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
