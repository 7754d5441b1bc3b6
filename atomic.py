"""Atomic file writes: a crash, a full disk or Ctrl-C mid-write never leaves a half-written file.

The new content goes to a temporary file in the same folder, which is then renamed over the
target in one step (os.replace is atomic on POSIX and Windows), so readers see the old file or
the new one, never a mixture.
"""
import os
import tempfile
from pathlib import Path

import numpy as np


def writeAtomically(path, write):
    """Call write(binary_file) on a temporary file, then rename it to path; return path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a data file should be readable like any other
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def savetxtAtomically(path, array, fmt="%.17g"):
    """Write a 2-D array as comma-separated text (np.loadtxt(path, delimiter=",") reads it).

    "%.17g" keeps every bit of a float64, so weights round-trip exactly.
    """
    return writeAtomically(path, lambda f: np.savetxt(f, np.atleast_2d(array), fmt=fmt, delimiter=","))
