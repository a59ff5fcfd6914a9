"""Run Crop Mapper algorithms through the qgis_process command line, as a user would.

Used by the demo and the tests. A temporary QGIS profile keeps the user's own untouched.
"""
import json
import os
import shutil
import subprocess
import tempfile


def find_qgis_process():
    # Debian's qgis_process wrapper is broken ("--noversioncheck not known"): prefer the binary.
    for name in (os.environ.get("QGIS_PROCESS"), "qgis_process.bin", "qgis_process"):
        if name and shutil.which(name):
            return shutil.which(name)
    raise RuntimeError("qgis_process was not found: install QGIS (make deps)")


class QgisProcess:
    def __init__(self, plugin_path, profile_dir=None):
        self.exe = find_qgis_process()
        self.profile = profile_dir or tempfile.mkdtemp(prefix="cropmapper-profile-")
        self.env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
                        QGIS_PLUGINPATH=os.path.abspath(plugin_path),
                        QGIS_CUSTOM_CONFIG_PATH=self.profile)
        self.call(["plugins", "enable", "cropmapper"], check=True)

    def call(self, args, check=False):
        proc = subprocess.run([self.exe] + list(args), env=self.env, capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise RuntimeError("%s %s failed:\n%s\n%s" % (self.exe, " ".join(args), proc.stdout, proc.stderr))
        return proc

    def run(self, algorithm, params):
        """Run ``algorithm`` with ``params`` ({key: value or list}); returns (exit code, json or None, proc)."""
        args = ["run", algorithm, "--json", "--"]
        for key, value in params.items():
            for item in (value if isinstance(value, (list, tuple)) else [value]):
                args.append("%s=%s" % (key, item))
        proc = self.call(args)
        result = None
        start = proc.stdout.find("{")
        if start >= 0:
            try:
                result = json.loads(proc.stdout[start:])
            except ValueError:
                result = None
        return proc.returncode, result, proc
