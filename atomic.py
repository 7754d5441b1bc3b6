"""Atomic file writes: a crash, a full disk or Ctrl-C mid-write never leaves a half-written file.

Each new file is first written in full to a temporary file in the same folder; only when every
one of them is complete are they renamed over their targets (os.replace is atomic for one file),
so each file is either the old one or the new one, never half written. If any write fails,
nothing is replaced and the temporary files are removed. A set of files is replaced one rename
after another: a crash in the microseconds between two renames could pair a new file with an
old one, which the readers' shape checks (X.in vs y.in, W1.in vs W2.in) would then report.
"""
import os
import tempfile
from pathlib import Path

import numpy as np


def writeFilesAtomically(writers):
    """writers maps each path to write(binary_file); write them all, then rename all; return the paths."""
    temporaries = {}
    try:
        for path, write in writers.items():
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
            temporaries[path] = tmp
            with os.fdopen(fd, "wb") as f:
                write(f)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, filePermissions())  # mkstemp makes 0600: readable by its owner only
        for path, tmp in temporaries.items():
            os.replace(tmp, path)
    finally:
        for tmp in temporaries.values():
            Path(tmp).unlink(missing_ok=True)  # only leftovers of a failed run still exist here
    return list(temporaries)


def filePermissions():
    """The permissions a newly created file gets under this process's umask (0644 for umask 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def writeAtomically(path, write):
    """One file: call write(binary_file) on a temporary file, then rename it to path."""
    return writeFilesAtomically({path: write})[0]


def textWriter(array, fmt="%.17g"):
    """A writer for writeFilesAtomically: the 2-D array as comma-separated text.

    np.loadtxt(path, delimiter=",") reads it back; "%.17g" keeps every bit of a float64,
    so weights round-trip exactly.
    """
    return lambda f: np.savetxt(f, np.atleast_2d(array), fmt=fmt, delimiter=",")
