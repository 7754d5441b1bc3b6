"""train.py — teach the tutorial's 400-25-10 network to read handwritten digits.

Usage:
    python train.py                        # default data set, 20 % held out, default settings
    python train.py --maxiter 100          # fewer L-BFGS-B iterations (faster, less accurate)
    python train.py --lambd 3 --hidden 50  # stronger regularization, a wider hidden layer
    python train.py --test-fraction 0      # the tutorial's way: train and measure on all examples

Steps, as in the tutorial: load data/X.in + data/y.in (built from 5,000 real MNIST digits the
first time) → save plots/TrainingData.png → start from data/W1.in + data/W2.in when both exist,
else from a seeded random start → train → save data/TrainedW1.in + TrainedW2.in → print the
accuracy on the training set and on the held-out set → save the pictures in plots/.
Ctrl-C during training saves the best weights reached so far.
"""
import os
import sys
import time

import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

import atomic
import dataset
import display
from conventions import DataError, classesOf
from NN import Neural_Network


MAX_HIDDEN = 100_000        # beyond any network this tutorial trains (and checked against memory)
MAX_LAMBDA = 1e6            # λ beyond this only drives every weight to 0
MAX_ITERATIONS = 1_000_000
BYTES_PER_ACTIVATION = 8 * 6   # float64; z2, a2, δ2 and their temporaries, per row and hidden unit
BYTES_PER_PARAMETER = 8 * 30   # float64; L-BFGS-B keeps 10 pairs of past steps and its work arrays
PROGRESS_EVERY = 5          # seconds: a long run (huge --maxiter) still shows it is alive
WRITE_CHECK = 2_000_000     # bytes that must fit in the data and plots folders before training


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--hidden", type=cli.wholeNumberFrom(1, MAX_HIDDEN), default=None,
                        help="hidden units (default: 25 as in the course, or W1.in's when starting from it)")
    parser.add_argument("--lambd", type=cli.numberUpTo(MAX_LAMBDA), default=1.0,
                        help="regularization strength λ (default: %(default)s)")
    parser.add_argument("--maxiter", type=cli.wholeNumberFrom(1, MAX_ITERATIONS), default=400,
                        help="at most this many L-BFGS-B iterations (default: %(default)s)")
    parser.add_argument("--seed", type=cli.nonNegativeInt, default=0,
                        help="seed of the random start and of the held-out split (default: %(default)s)")
    parser.add_argument("--no-shift", dest="shift", action="store_false",
                        help="train on the training digits only, as the course does; by default "
                             "each is also shown moved one pixel in four directions (5× the "
                             "examples, slower, better on unseen digits)")
    parser.add_argument("--test-fraction", type=cli.fraction, default=0.2,
                        help="share of examples held out to measure accuracy on unseen digits; "
                             "0 trains on all, as the tutorial did (default: %(default)s)")
    parser.add_argument("--data-dir", type=cli.folder, default=dataset.DATA_DIR,
                        help="folder with X.in, y.in (and optional W1.in, W2.in); trained weights "
                             "are written here (default: data/ next to this script)")
    parser.add_argument("--plots-dir", type=cli.folder, default=display.PLOTS_DIR,
                        help="folder for the PNG pictures (default: plots/ next to this script)")
    return parser.parse_args(argv)


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


def trainingSet(X, y, train, shift):
    """The rows to train on: the training digits and, with shift, their shifted copies."""
    if not shift:
        print(f"{len(train)} training examples")
        return X[train], y[train]
    Xtrain, ytrain = dataset.shiftedCopies(X[train], y[train])
    print(f"{len(train)} training examples, each also moved one pixel four ways: {len(Xtrain)} rows")
    return Xtrain, ytrain


def configure(args, X, dataDir):
    """A network started from W1.in + W2.in when both exist, else from the seeded random start."""
    start = dataset.loadStartWeights(dataDir)
    nn = Neural_Network()
    if start is None:
        hidden = args.hidden or 25
        checkFits(hidden, len(X) * (5 if args.shift else 1))
        nn.configureNN(X.shape[1], hidden, 10, maxiter=args.maxiter, lambd=args.lambd, seed=args.seed)
        print(f"Starting from random weights (seed {args.seed}), {X.shape[1]}-{hidden}-10 network")
        return nn
    W1, W2 = start
    if args.hidden not in (None, len(W1)):
        raise cli.UsageError(f"--hidden {args.hidden} does not match {dataDir / 'W1.in'}, which "
                             f"has {len(W1)} hidden units: drop --hidden, or remove W1.in and W2.in")
    nn.configureNN(X.shape[1], len(W1), len(W2), W1, W2, maxiter=args.maxiter, lambd=args.lambd)
    print(f"Starting from {dataDir / 'W1.in'} and W2.in, {X.shape[1]}-{len(W1)}-{len(W2)} network")
    return nn


def checkFits(hidden, rows):
    """A UsageError naming --hidden when training that many hidden units on `rows` examples needs
    more memory than the computer has free."""
    parameters = hidden * 401 + 10 * (hidden + 1)
    needed = rows * hidden * BYTES_PER_ACTIVATION + parameters * BYTES_PER_PARAMETER
    memory = freeMemory()
    if needed > memory:
        raise cli.UsageError(f"--hidden {hidden} needs about {needed / 1e9:,.1f} GB to train on "
                             f"{rows} rows, more than the {memory / 1e9:.1f} GB free: give a "
                             f"smaller --hidden (the course uses 25)")


def freeMemory():
    """Bytes of memory free now (unknown where there is no sysconf, e.g. Windows: no limit)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return float("inf")


def startingCost(nn, X, y):
    """J at the weights training starts from (inf when they overflow the cost)."""
    with np.errstate(all="ignore"):
        return float(nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0])


def improved(nn, start):
    """True when training reached a finite cost below the starting one: weights worth saving."""
    return bool(nn.costs) and np.isfinite(nn.costs[-1]) and nn.costs[-1] < start


def progressPrinter(maxiter):
    """A train() callback printing iteration, cost and elapsed time about 20 times in a run."""
    started, every = time.perf_counter(), max(1, maxiter // 20)
    last = [started]   # when the last line was printed: at least one line every PROGRESS_EVERY s

    def show(iteration, J):
        now = time.perf_counter()
        if iteration == 1 or iteration % every == 0 or iteration == maxiter \
                or now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            print(f"Iteration {iteration:4d} | Cost: {J:.6f} | {now - started:6.1f} s", flush=True)

    return show


def trainAndSave(nn, X, y, dataDir):
    """Train, then save the weights; on Ctrl-C save the best weights reached and return False."""
    start = startingCost(nn, X, y)
    if not np.isfinite(start):
        raise DataError(f"the cost at the starting weights is not finite (J = {start}): they are "
                        f"far too large; {dataset.START_FIX}")
    print(f"Training: L-BFGS-B, at most {nn.maxiter} iterations, λ = {nn.lambd}")
    try:
        with np.errstate(over="ignore", invalid="ignore"):   # a failed run is reported below
            nn.train(X, y, callback=progressPrinter(nn.maxiter))
    except KeyboardInterrupt:  # nn now holds the best weights reached
        if not improved(nn, start):
            print("\nTraining interrupted before it improved on its start: nothing saved, "
                  "the previous trained weights are kept")
            return False
        paths = dataset.saveWeights(nn, dataDir)
        print(f"\nTraining interrupted after {len(nn.costs)} iterations, cost {nn.costs[-1]:.6f}: "
              f"saved the best weights reached to {paths[0]} and {paths[1]}")
        return False
    print(f"Optimizer: {nn.message} ({len(nn.costs)} iterations)")
    if not improved(nn, start):
        raise DataError(f"training failed: after {len(nn.costs)} iterations the cost did not go below "
                        f"its start ({start:.6g}); nothing saved, the previous trained weights are "
                        f"kept: try a smaller --lambd, or other starting weights")
    paths = dataset.saveWeights(nn, dataDir)
    print(f"Saved {paths[0]} and {paths[1]}")
    return True


def report(nn, X, y, train, test, plotsDir):
    """Accuracy on each set, labelled, and the pictures of what the network learned.

    The training accuracy is measured on the training digits themselves, not their shifted copies.
    """
    nn.accuracy(X[train], y[train])
    saved = [display.plotCost(nn.costs, plotsDir), display.plotHiddenUnits(nn.W1, plotsDir)]
    if len(test):
        nn.accuracy(X[test], y[test], heldOut=True)
        trueClasses, predicted = classesOf(y[test]), nn.predictClasses(X[test])
        saved += [display.plotConfusion(trueClasses, predicted, plotsDir),
                  display.plotMisclassified(X[test], trueClasses, predicted, plotsDir),
                  display.plotPrediction(X[test[0]], nn.forward(X[test[0]]),
                                         "Prediction for a held-out example", plotsDir,
                                         trueClass=trueClasses[0])]
    else:
        print("No held-out set (--test-fraction 0): the accuracy above is on the training set only")
    print("Saved " + ", ".join(str(path) for path in saved))


def run(args):
    """The tutorial's steps: load → look → train → save → report."""
    for folder in (args.data_dir, args.plots_dir):   # before a long run, not after it
        atomic.checkWritable(folder, WRITE_CHECK)
    X, y = dataset.loadData(args.data_dir)
    sample = np.random.default_rng(args.seed).choice(len(X), min(25, len(X)), replace=False)
    print(f"Saved {display.displayData(5, X, sample, 'TrainingData', args.plots_dir)}")
    train, test = splitHeldOut(len(X), args.test_fraction, args.seed)
    print(f"{len(test)} examples held out for testing (seed {args.seed})")
    Xtrain, ytrain = trainingSet(X, y, train, args.shift)
    nn = configure(args, X, args.data_dir)
    if not trainAndSave(nn, Xtrain, ytrain, args.data_dir):
        return 130  # the shell's code for a run stopped by Ctrl-C
    try:
        report(nn, X, y, train, test, args.plots_dir)
    except OSError as error:
        print(f"error: {cli.osErrorLine(error)} (the trained weights were saved in {args.data_dir}; "
              f"only the pictures are missing)", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    """Run train.py; returns the exit code: 0 done, 1 bad data, 2 bad arguments, 130 Ctrl-C."""
    args = parseArguments(argv)
    return cli.exitCode("train.py", lambda: run(args), (DataError,))


if __name__ == "__main__":
    cli.setUpStreams()
    sys.exit(main())
