"""The non-digit pictures train.py trains on, drawn once and kept in the data folder.

nondigits.py draws each picture on a 112×112 sheet and reads it through the whole picture
pipeline (picture.arrayToRow), as predict.py --image would: about 3 ms a picture, 3 s for
train.py's 1,000. They come from a fixed seed, so every run would draw the very same pictures;
the first run keeps them in data/nondigits/ (one .npz file a set, compressed: about 0.3 MB for the
default 1,000) and later runs, the window's first `t` among them, read them back in milliseconds.

A set is named by a hash of everything that decides its pictures: how many, the seed, the kinds,
the digits the kinds of nondigits.DIGIT_KINDS are made of (those kinds only), the source of
nondigits.py and picture.py and the versions of NumPy and Pillow. Change any of them and the
name changes, so a stale set is never read: it is drawn again under its new name. A file that is
damaged (cut short, altered, not a set at all) is drawn again and replaced, with a line that says
so; a folder that cannot be written is only a set not kept. Files are written atomically
(atomic.py), so two runs drawing at once leave one whole file. Delete the folder at any time:
the next run draws the pictures again.
"""
import hashlib
import zipfile
from pathlib import Path

import numpy as np
import PIL

from recognizer import atomic, nondigits, picture
from recognizer.conventions import PIXELS

FOLDER = "nondigits"        # inside the data folder
GENERATOR = (Path(nondigits.__file__), Path(picture.__file__))   # their source decides the pictures


def setKey(n, seed, kinds, digits):
    """The text that decides a set's pictures (see the module's docstring)."""
    parts = [f"n={n}", f"seed={seed}", f"kinds={','.join(kinds)}",
             f"numpy={np.__version__}", f"pillow={PIL.__version__}"]
    if any(kind in nondigits.DIGIT_KINDS for kind in kinds):
        digits = np.ascontiguousarray(digits, dtype=float)
        parts.append(f"digits={digits.shape}:{hashlib.sha256(digits.view(np.uint8)).hexdigest()}")
    parts += [f"{path.name}={hashlib.sha256(path.read_bytes()).hexdigest()}" for path in GENERATOR]
    return "; ".join(parts)


def setPath(dataDir, key):
    """Where the set of that key is kept: data/nondigits/<hash of the key>.npz."""
    return Path(dataDir) / FOLDER / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.npz"


def checksum(rows):
    return hashlib.sha256(np.ascontiguousarray(rows).view(np.uint8)).hexdigest()


def readSet(path, key, expectedRows):
    """The rows kept at path for that key, or None when there is no file; raises ValueError
    saying what is wrong with a damaged one."""
    try:
        with np.load(path, allow_pickle=False) as kept:
            rows, keptKey, keptSum = kept["rows"], str(kept["key"]), str(kept["sha256"])
    except FileNotFoundError:
        return None
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as error:
        raise ValueError(f"unreadable ({type(error).__name__})") from None
    if keptKey != key:
        raise ValueError("it holds another set")
    if rows.dtype != np.float64 or rows.ndim != 2 or rows.shape[1] != PIXELS \
            or not 0 < len(rows) <= expectedRows:
        raise ValueError(f"it holds {rows.dtype} rows of shape {rows.shape}, not up to "
                         f"{expectedRows}×{PIXELS}")
    if checksum(rows) != keptSum:
        raise ValueError("its pictures do not match their checksum")
    return rows


def writeSet(path, key, rows):
    """Keep rows at path for that key, atomically; False when the folder cannot be written."""
    try:
        path.parent.mkdir(exist_ok=True)
        atomic.writeAtomically(path, lambda f: np.savez_compressed(
            f, rows=rows, key=np.array(key), sha256=np.array(checksum(rows))))
    except OSError:
        return False
    return True


def keptRows(dataDir, key, n, draw):
    """The n (or fewer) non-digit rows of the set of that key (setKey): read from
    dataDir/nondigits/ when kept there, else draw() (→ rows, as nondigits.trainingRows gives
    them) and keep them for the next run."""
    path = setPath(dataDir, key)
    try:
        rows = readSet(path, key, n)
    except ValueError as problem:
        print(f"{path} is damaged ({problem}): drawing its {n} pictures again")
        rows = None
    if rows is None:
        rows = draw()
        writeSet(path, key, rows)
    return rows
