"""What a training starts from and learns from, shared by train.py, the window's `t`, the curves
and the bench: the held-out split, the training rows, the starting weights, and one training for
a point of a curve (trainOn).

The tutorial's own calls (configureNN, train, saveWeights, accuracy) stay in train.py; this module
prepares what they are given.
"""
import numpy as np

from NN import Neural_Network
from recognizer import nondigitfiles, nondigits, owndigits, safeguards
from recognizer.conventions import CLASSES, PIXELS, SIDE
from recognizer.datafiles import loadStartWeights
from recognizer.errors import SettingError
from recognizer.settings import COURSE_HIDDEN


# ----- which digits are held out -----

def splitHeldOut(m, testFraction, seed):
    """Row indices (train, test): a seeded random testFraction of the m examples is held out."""
    order = np.random.default_rng(seed).permutation(m)
    nTest = round(m * testFraction)
    if m < 2 and testFraction > 0:
        raise SettingError("testFraction", f"{{option}} {testFraction}: the data set has only {m} "
                           f"example, none to spare for testing; give {{option}} 0, or more examples")
    if nTest == m or (testFraction > 0 and nTest == 0):
        raise SettingError("testFraction", f"{{option}} {testFraction} of {m} examples leaves "
                           f"{'no training' if nTest == m else 'no held-out'} examples; "
                           f"give a fraction between {1 / m:.4f} and {1 - 1 / m:.4f}, or 0")
    return np.sort(order[nTest:]), np.sort(order[:nTest])


# ----- the rows to train on -----

def trainingSet(X, y, rows, settings, mine=None, nonDigits=None, dataDir=None):
    """The rows to train on: the training digits X[rows], your own digits (repeated, as
    settings.mineCopies says, to make up settings.mineShare of the rows), generated pictures that
    are not digits (settings.nonDigits of them unless nonDigits says, of settings.nonDigitKinds;
    target rows all 0: "none of these"; the kinds made of digits are made of X[rows] alone, never
    of a held-out or validation digit; kept in dataDir/nondigits/ when dataDir is given) and, with
    settings.shift, all of them moved one pixel four ways too; in float32 (NN.py then runs its
    two large products in float32, about twice as fast) unless settings.float64."""
    Xtrain, ytrain = X[rows], y[rows]
    if mine is not None:
        Xtrain, ytrain = owndigits.mixIn(Xtrain, ytrain, mine, settings.mineShare, settings.mineCopies)
    nonDigits = settings.nonDigits if nonDigits is None else nonDigits
    if nonDigits:
        kinds = settings.nonDigitKinds
        Xnone, ynone = nonDigitRows(nonDigits, nondigits.TRAINING_SEED, X[rows], kinds, dataDir)
        Xtrain, ytrain = np.vstack((Xtrain, Xnone)), np.vstack((ytrain, ynone))
        print(f"{len(Xnone)} pictures that are not digits "
              f"({', '.join(nondigits.NAMES[kind] for kind in kinds)}), "
              f"each with all 10 targets 0: none of these")
    # in float32 before the copies are made: moving pixels is exact in either precision, and
    # the float64 copies would be five times the rows, 80 MB for train.py's, only to be cast
    Xtrain = np.asarray(Xtrain, dtype=np.float64 if settings.float64 else np.float32)
    if settings.shift:
        count = len(Xtrain)
        Xtrain, ytrain = shiftedCopies(Xtrain, ytrain)
        print(f"{count} training rows, each also moved one pixel four ways: {len(Xtrain)} rows")
    else:
        print(f"{len(Xtrain)} training rows")
    return Xtrain, ytrain


_nonDigitRows = {}   # nonDigitRows's pictures, drawn once per process


def nonDigitRows(n, seed, digits, kinds=nondigits.KINDS, dataDir=None):
    """nondigits.trainingRows (rows and their all-zero targets), drawn once for the same n,
    seed, kinds and digits (1,000 take about 3 s): kept in this process, and in
    dataDir/nondigits/ when dataDir is given, so that the next run reads them back
    (nondigitfiles.py). The window's second retraining reuses its first one's."""
    kinds = tuple(kinds)
    key = nondigitfiles.setKey(n, seed, kinds, digits)   # what decides the pictures
    if (key, dataDir) not in _nonDigitRows:
        def draw():
            return nondigits.trainingRows(n, seed, digits, kinds)[0]
        rows = draw() if dataDir is None else nondigitfiles.keptRows(dataDir, key, n, draw)
        _nonDigitRows[key, dataDir] = rows, np.zeros((len(rows), CLASSES))
    return _nonDigitRows[key, dataDir]


def shiftedCopies(X, y):
    """X and y followed by four copies of every digit moved one pixel right, left, down and up.

    A digit moved by a pixel is still the same digit; trained on these copies too, the network
    learns that a stroke's exact position does not matter and reads unseen digits better (see
    README: held-out accuracy with and without them). Pixels moved in from the edge are black.
    """
    X = np.asarray(X)
    images = X.astype(X.dtype if X.dtype == np.float32 else float, copy=False).reshape(
        -1, SIDE, SIDE)                       # column-major: axes (x, y); float32 stays float32
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
    copies = [images] + [padded[:, 1 - dx:1 - dx + SIDE, 1 - dy:1 - dy + SIDE]  # moved by (dx, dy)
                         for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))]
    return np.concatenate(copies).reshape(-1, PIXELS), np.tile(y, (len(copies), 1))


# ----- where it starts -----

def startingWeights(settings, dataDir, rows, ownDigits=False):
    """(W1, W2, hidden units) to configure the network with: W1.in and W2.in when both exist in
    dataDir (the tutorial's start), else (None, None, the settings' hidden units) for the seeded
    random start, checked to fit in memory for `rows` training rows. Prints which."""
    start = loadStartWeights(dataDir)
    if start is None:
        hidden = settings.hiddenUnits(ownDigits)
        if hidden != COURSE_HIDDEN and settings.hidden is None:
            print(f"{hidden} hidden units, not the course's {COURSE_HIDDEN}: with your own digits "
                  f"in, the network keeps MNIST's writers as well (README, 'Teach it your "
                  f"handwriting')")
        safeguards.checkFits(hidden, rows)
        print(f"Starting from random weights (seed {settings.seed}), {PIXELS}-{hidden}-{CLASSES} network")
        return None, None, hidden
    W1, W2 = start
    if settings.hidden not in (None, len(W1)):
        raise SettingError("hidden", f"{{option}} {settings.hidden} does not match "
                           f"{dataDir / 'W1.in'}, which has {len(W1)} hidden units: drop "
                           f"{{option}}, or remove W1.in and W2.in")
    print(f"Starting from {dataDir / 'W1.in'} and W2.in, {W1.shape[1] - 1}-{len(W1)}-{len(W2)} network")
    return W1, W2, len(W1)


# ----- one training, for a point of a curve -----

def trainOn(settings, X, y, rows, dataDir, nonDigits=None):
    """A network trained on those rows of X, y as train.py trains (the same rows around them, the
    same start, settings.lambd and maxiter), without saving: one point of the validation or the
    learning curve (curves.py), or a model for the bench. With settings.nonDigits non-digit
    pictures unless nonDigits says how many."""
    Xtrain, ytrain = trainingSet(X, y, rows, settings, nonDigits=nonDigits, dataDir=dataDir)
    W1, W2, hidden = startingWeights(settings, dataDir, len(Xtrain))
    nn = Neural_Network()
    nn.configureNN(PIXELS, hidden, CLASSES, W1=W1, W2=W2, maxiter=settings.maxiter,
                   lambd=settings.lambd, seed=settings.seed)
    nn.train(Xtrain, ytrain, callback=safeguards.progressPrinter(nn.maxiter))
    return nn
