"""The .in files: read as the tutorial reads them (np.loadtxt), written so they never mix or
break, and the weight files loaded or saved with one call each.

    W1.in, W2.in                 starting weights Θ1 (h×401) and Θ2 (10×(h+1)), optional
    TrainedW1.in, TrainedW2.in   what train.py learned (NN.saveWeights writes them here)
X.in and y.in are digitdata.py's. The bias sits in column 0 of each weight file.

Every problem with a file is a DataError whose message is one line naming the file, the line, and
the fix. The files of a pair (X/y, W1/W2, TrainedW1/TrainedW2) share a '# pair ID: shapes' first
line that every reader checks, and writers lock the folder, so a pair never mixes (see pairHeaders,
readPair). Writes go through atomic.py: a failure leaves the old files whole.
"""
import re
import secrets
import time
import warnings
from pathlib import Path

import numpy as np

from recognizer import atomic
from recognizer.conventions import CLASSES, PIXELS, shape
from recognizer.errors import DataError

DATA_DIR = Path(__file__).resolve().parents[1] / "data"   # data/ beside the scripts, not the current folder
DATA_FIX = "rebuild it with: python dataset.py default (or import yours: python dataset.py mat|idx)"
START_FIX = ("re-import the starting weights (python dataset.py mat ex4weights.mat), "
             "or delete W1.in and W2.in to start from random weights")
TRAINED_FIX = "run python train.py first"
FIXES = {"X.in": DATA_FIX, "y.in": DATA_FIX, "W1.in": START_FIX, "W2.in": START_FIX,
         "TrainedW1.in": TRAINED_FIX, "TrainedW2.in": TRAINED_FIX}
FORMATS = {"X.in": "%.10g", "y.in": "%d"}   # data to 1e-10; anything else (weights) bit-exact
PAIRS = (("X.in", "y.in"), ("W1.in", "W2.in"), ("TrainedW1.in", "TrainedW2.in"))
PAIR_HEADER = re.compile(r"# pair ([0-9a-f]+): (.*)")   # see pairHeader
PAIR_RETRIES, PAIR_WAIT = 5, 0.2     # a reader that meets a pair being replaced tries again
MAX_CELL = 40            # characters a number of ours can take: "-1.2345678901234567e-308" is 24
LONGEST_LINE = 1_000_000 # characters; a row of X.in is ≈ 5,000 (a 60 MB line takes minutes to parse)
MAX_PIXEL = 1_000       # |pixel| beyond this is no image: the course's are −0.13..1.13, MNIST's 0..1
PIXEL_RANGE = (f"is far outside a pixel's range (the course's are about −0.1..1.1, MNIST's 0..1; "
               f"beyond ±{MAX_PIXEL:,} is refused)")


def fixFor(path):
    """How to repair a file of the data folder, by its name (a generic hint for other names)."""
    return FIXES.get(Path(path).name, "fix or replace the file")


# ----- reading a table, naming the line at fault -----

def readTable(path, columns=None):
    """The numbers of a comma-separated .in file as a 2-D float array, read exactly as the
    tutorial reads them: np.loadtxt(path, delimiter=",", comments="#") (5,000×400 in ≈ 0.4 s).

    Only when that read fails (ValueError, of which UnicodeDecodeError is one) or its result is
    unusable (ragged, NaN, wrong width) does findBadLine go through the file line by line, to
    name the line at fault.
    """
    if not Path(path).is_file():
        raise DataError(f"{path} not found: {fixFor(path)}")
    checkFirstLine(path, columns)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)   # "input contained no data": reported below
            table = np.loadtxt(path, delimiter=",", comments="#", ndmin=2)   # the tutorial's read
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


# ----- weights -----

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


# ----- the weight files: the start (W1.in, W2.in) and the trained pair -----

def loadTrainedWeights(data_dir=DATA_DIR):
    """The weights train.py saved: TrainedW1.in and TrainedW2.in (10 classes)."""
    folder = Path(data_dir)
    return readWeights(folder / "TrainedW1.in", folder / "TrainedW2.in", outputSize=CLASSES)


def loadStartWeights(data_dir=DATA_DIR):
    """W1.in and W2.in when both exist (the tutorial's starting weights), None when neither does."""
    folder = Path(data_dir)
    paths = folder / "W1.in", folder / "W2.in"
    return readWeights(*paths, outputSize=CLASSES) if bothOrNeither(*paths) else None


def writeWeights(W1, W2, data_dir, names=("W1.in", "W2.in")):
    """Two weight files, written exactly ("%.17g") and atomically together."""
    return writeTables(data_dir, dict(zip(names, (W1, W2))))


def saveWeights(W1, W2, data_dir=DATA_DIR):
    """The tutorial's saveWeights (NN.saveWeights calls it): W1 and W2 as TrainedW1.in and
    TrainedW2.in.

    Both files are written in full before either replaces an older one, so a failure leaves
    the previous pair intact. Returns the two paths.
    """
    return writeWeights(W1, W2, data_dir, names=("TrainedW1.in", "TrainedW2.in"))


# ----- pairs: written together, read together -----

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


# ----- writing -----

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


def describe(paths, tables):
    """'data/X.in 5000×400, data/y.in 5000×10': what was written, for the one line we print."""
    return ", ".join(f"{path} {shape(array)}" for path, array in zip(paths, tables.values()))
