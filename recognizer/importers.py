"""Other people's files into the course's .in files: the course's own .mat files and
MNIST's IDX files (`python dataset.py mat|idx` runs these). A first reading can skip it.

Every file is read and checked in full before anything is written, and the outputs are written
atomically together, so a bad file leaves the data folder as it was.
"""
import gzip
import warnings
import zlib
from pathlib import Path

import numpy as np

from recognizer.conventions import CLASSES, PIXELS, digitToClass, oneHot, shape
from recognizer.errors import DataError
from recognizer.datafiles import MAX_PIXEL, PIXEL_RANGE, checkWeightPair, describe, firstBadRow, floatArray, writeTables
from recognizer.picture import MNIST_SIDE, mnistToRows

IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049   # IDX: unsigned bytes, 3 dims / 1 dim
MAT_FIX = "give a .mat laid out like the course's ex4data1.mat (X, y) or ex4weights.mat (Theta1, Theta2)"
MAX_IDX_ITEMS = 10_000_000   # MNIST has 70,000 digits, EMNIST 814,255
IDX_FIX = "give MNIST's *-images-idx3-ubyte[.gz] file and its matching *-labels-idx1-ubyte[.gz] file"


def writeDigits(images, digits, data_dir, source):
    """X.in and y.in from MNIST images and their digits (digit 0 → class 10), then one printed line:
    where they came from (source), and the files written with their shapes."""
    tables = {"X.in": mnistToRows(images), "y.in": oneHot(digitToClass(digits))}
    paths = writeTables(data_dir, tables)
    print(f"{source}, 28×28 → 20×20: {describe(paths, tables)}")
    return paths


# ----- the course's .mat files -----

def readMat(path):
    """The named arrays of a MATLAB .mat file (scipy.io.loadmat), without loadmat's __ entries."""
    import scipy.io   # here, not on top: predict.py and draw.py never import .mat files

    if not Path(path).is_file():
        raise DataError(f"{path} not found: check the file name")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")    # scipy's warnings about odd files: we refuse or use them
            mat = scipy.io.loadmat(path)
    except Exception as error:   # a damaged file raises zlib.error, KeyError, IndexError…: one line
        reason = f"{type(error).__name__}: {error}"[:200]
        raise DataError(f"{path}: not a .mat file scipy can read ({reason}); save it as MATLAB "
                        f"v5/v7 (Octave: save -v7) and {MAT_FIX}") from None
    return {key: value for key, value in mat.items() if not key.startswith("__")}


def courseData(X, y, path):
    """X.in and y.in tables from ex4data1.mat's layout: X n×400, y n×1 holding classes 1..10."""
    X, y = floatArray(X, f"{path} X", MAT_FIX), floatArray(y, f"{path} y", MAT_FIX)
    if X.ndim != 2 or X.shape[1] != PIXELS:
        raise DataError(f"{path}: X is {shape(X)}, expected n×{PIXELS} (one 20×20 image a row)")
    if y.ndim > 2 or y.size != len(X) or len(X) == 0:
        raise DataError(f"{path}: y is {shape(y)} but X has {len(X)} rows; expected y "
                        f"{len(X)}×1 (one class 1..10 per image)")
    row = firstBadRow(np.isfinite(X).all(axis=1))
    if row is not None:
        raise DataError(f"{path}: X row {row + 1} holds NaN or infinite values; {MAT_FIX}")
    row = firstBadRow((np.abs(X) <= MAX_PIXEL).all(axis=1))
    if row is not None:
        raise DataError(f"{path}: X row {row + 1} holds a pixel of {np.abs(X[row]).max():g}, which "
                        f"{PIXEL_RANGE}; {MAT_FIX}")
    y = y.ravel()
    row = firstBadRow(np.isin(y, np.arange(1, CLASSES + 1)))
    if row is not None:
        raise DataError(f"{path}: y row {row + 1} is {y[row]:g}, expected a class 1..10 "
                        f"(class 10 is the digit 0)")
    return {"X.in": X, "y.in": oneHot(y)}


def matTables(path, inputSize=PIXELS):
    """The .in tables one .mat file holds: X and y (like ex4data1.mat), Theta1 and Theta2 (like
    ex4weights.mat), or both; a DataError naming the keys it has when it holds neither pair."""
    mat = readMat(path)
    tables = {}
    if "X" in mat and "y" in mat:
        tables.update(courseData(mat["X"], mat["y"], path))
    if "Theta1" in mat and "Theta2" in mat:
        W1, W2 = checkWeightPair(mat["Theta1"], mat["Theta2"], inputSize, CLASSES,
                                 (f"{path} Theta1", f"{path} Theta2"), MAT_FIX)
        tables.update({"W1.in": W1, "W2.in": W2})
    if not tables:
        raise DataError(f"{path} holds {', '.join(mat) or 'no arrays'}; expected X and y "
                        f"(data, like ex4data1.mat) or Theta1 and Theta2 (weights, like ex4weights.mat)")
    return tables


def importMat(paths, data_dir):
    """Turn the course's .mat files into X.in/y.in and/or W1.in/W2.in.

    Every file is read and checked before anything is written, and all outputs are written
    atomically together, so a bad file leaves the data folder as it was.
    """
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    tables, source = {}, {}
    for path in paths:
        for name, array in matTables(path).items():
            if name in tables:
                raise DataError(f"{path} and {source[name]} both hold the arrays for {name}; "
                                f"import one of them")
            tables[name], source[name] = array, path
    written = writeTables(data_dir, tables)
    print(f"Imported {', '.join(map(str, paths))}: {describe(written, tables)}")
    return written


# ----- MNIST's IDX files -----

def openIdx(path):
    """The file opened for reading, through gunzip when its bytes are gzip (by content: browsers
    often unpack a .gz download but keep its name; a .gz name on plain bytes is read as it is)."""
    if not Path(path).is_file():
        raise DataError(f"{path} not found: {IDX_FIX}")
    with open(path, "rb") as f:
        isGzip = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if isGzip else open(path, "rb")


def readUpTo(f, n):
    """Up to n bytes of f as unsigned bytes, fewer only at its end, read in pieces into one buffer
    (a header may promise more bytes than exist: the buffer's memory is used only as they come)."""
    data = np.empty(n, np.uint8)
    buffer, got = memoryview(data), 0
    while got < n:
        count = f.readinto(buffer[got:got + (1 << 24)])
        if not count:
            break
        got += count
    return data[:got]


def idxHeader(path, f, magic, what, itemShape):
    """The dimensions in an IDX header (magic number, then big-endian dimensions), checked before
    any data is read: the magic, the item shape (28×28 images) and a plausible count."""
    nDims = magic & 0xFF                           # the magic's last byte is the number of dims
    header = f.read(4 * (1 + nDims))
    if len(header) < 4 * (1 + nDims):
        raise DataError(f"{path}: {len(header)} bytes, too short for an IDX header; {IDX_FIX}")
    found = int.from_bytes(header[:4], "big")
    if found != magic:
        fix = "are IMAGES and LABELS swapped?" if found in (IMAGES_MAGIC, LABELS_MAGIC) else IDX_FIX
        raise DataError(f"{path}: magic number {found}, expected {magic} for MNIST {what}; {fix}")
    dims = tuple(int.from_bytes(header[4 * i:4 * i + 4], "big") for i in range(1, nDims + 1))
    if itemShape is not None and dims[1:] != itemShape:
        raise DataError(f"{path}: {what} are {'×'.join(map(str, dims[1:]))}, expected "
                        f"{'×'.join(map(str, itemShape))} (MNIST); {IDX_FIX}")
    if dims[0] > MAX_IDX_ITEMS:
        raise DataError(f"{path}: header promises {dims[0]:,} {what}, more than any MNIST-like set "
                        f"({MAX_IDX_ITEMS:,}); {IDX_FIX}")
    return dims


def readIdx(path, magic, what, limit=None, itemShape=None):
    """(array, count in the header): an IDX file's first `limit` items (all without a limit) as
    unsigned bytes. The header is read and checked first, then only the bytes it calls for."""
    try:
        with openIdx(path) as f:
            dims = idxHeader(path, f, magic, what, itemShape)
            count = dims[0] if limit is None else min(dims[0], limit)
            itemBytes = int(np.prod(dims[1:], dtype=object))   # Python ints: no overflow
            data = readUpTo(f, count * itemBytes)
            extra = f.read(1) if count == dims[0] else b""
    except (OSError, EOFError, zlib.error) as error:
        raise DataError(f"{path}: broken or truncated gzip file ({error}); "
                        f"download it again, then {IDX_FIX}") from None
    if len(data) != count * itemBytes or extra:
        found = "more" if extra else f"{len(data)}"
        raise DataError(f"{path}: header promises {'×'.join(map(str, dims))} bytes of {what}, "
                        f"found {found} (truncated download?); {IDX_FIX}")
    return data.reshape((count, *dims[1:])), dims[0]


def readMnist(images, labels, limit=None):
    """MNIST images (n×28×28, 0..255) and digit labels (0..9) from an IDX pair, checked to match;
    only the first `limit` of each are read when given."""
    pixels, nImages = readIdx(images, IMAGES_MAGIC, "images", limit, (MNIST_SIDE, MNIST_SIDE))
    digits, nLabels = readIdx(labels, LABELS_MAGIC, "labels", limit)
    if nImages != nLabels or nImages == 0:
        raise DataError(f"{images} holds {nImages} images but {labels} holds {nLabels} "
                        f"labels; {IDX_FIX}")
    row = firstBadRow(digits <= 9)
    if row is not None:
        raise DataError(f"{labels}: label {row + 1} is {digits[row]}, expected a digit 0..9; {IDX_FIX}")
    return pixels, digits


def importIdx(images, labels, data_dir, limit=None):
    """X.in and y.in from MNIST's IDX files (the first `limit` digits when given), in file order."""
    try:
        pixels, digits = readMnist(images, labels, limit)
        return writeDigits(pixels, digits, data_dir,
                           f"Imported {len(digits)} MNIST digits from {images} and {labels}")
    except MemoryError:   # e.g. a gzip bomb: a small file whose header promises millions of images
        raise DataError(f"{images}: more digits than this computer's free memory holds; import "
                        f"fewer with --limit N (MNIST's 60,000 need about 0.5 GB)") from None
