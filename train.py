"""train.py — teach the tutorial's 400-25-10 network to read handwritten digits.

Usage:
    python train.py                        # default data set, 20 % held out, default settings
    python train.py --maxiter 100          # fewer L-BFGS-B iterations (faster, less accurate)
    python train.py --lambd 10 --hidden 50 # stronger regularization, a wider hidden layer
    python train.py --test-fraction 0      # the tutorial's way: train and measure on all examples
    python train.py --no-mine              # leave your own digits (data/mine/) out
    python train.py --lambd 0.1,0.3,1,3,10 # choose λ on a validation curve (course ex5), then train

Steps, as in the tutorial: load data/X.in + data/y.in (built from 5,000 real MNIST digits the
first time) → save plots/TrainingData.png → start from data/W1.in + data/W2.in when both exist,
else from a seeded random start → train → save data/TrainedW1.in + TrainedW2.in → print the
accuracy on the training set and on the held-out set → save the pictures in plots/.
Ctrl-C during training saves the best weights reached so far.

Your own digits: pictures in data/mine/ named D_anything.png (D the digit, e.g. 7_012.png; the
drawing window draw.py saves them so) are added to the training digits, repeated until they make
up --mine-share of the training rows so that a hundred of them count among thousands. They are
training examples only: the held-out digits stay the data set's.

With several λ (--lambd 0.1,0.3,1,3,10) a validation curve comes first, as in the course's ex5:
a seeded 20 % of the training digits is set aside, the network is trained once per λ on the
rest, plots/ValidationCurve.png shows both accuracies against λ, and the λ with the best
validation accuracy (of tied ones the larger, the simpler model) is used to train on all the
training digits as above. The held-out digits play no part in the choice.
"""
import argparse
import os
import sys
import time

import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

import atomic
import datafiles
import dataset
import display
import picture
from conventions import DataError, classesOf, digitToClass, oneHot
from NN import Neural_Network

MINE_SHARE = 0.2   # your own digits' share of the training rows (chosen on validation: README, "Teach it your handwriting")
VALIDATION_FRACTION = 0.2  # share of the training digits set aside when --lambd lists several λ
# λ = 3 had the best mean validation accuracy over the curves of seeds 0–4 (0.1, 0.3, 1, 3, 10),
# and was the best λ for 4 of the 5 seeds; the course's λ = 1 came third (see README)
DEFAULT_LAMBDA = 3.0


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
    parser.add_argument("--lambd", dest="lambdas", type=cli.numbersUpTo(MAX_LAMBDA),
                        default=[DEFAULT_LAMBDA], metavar="LAMBD[,LAMBD...]",
                        help=f"regularization strength λ (default: {DEFAULT_LAMBDA:g}, chosen on a validation "
                             "curve; the course uses 1); several, separated by "
                             "commas (0.1,0.3,1,3,10), draw a validation curve on 20 %% of the "
                             "training digits and train with the best of them")
    parser.add_argument("--maxiter", type=cli.wholeNumberFrom(1, MAX_ITERATIONS), default=400,
                        help="at most this many L-BFGS-B iterations (default: %(default)s)")
    parser.add_argument("--seed", type=cli.nonNegativeInt, default=0,
                        help="seed of the random start and of the held-out split (default: %(default)s)")
    parser.add_argument("--no-shift", dest="shift", action="store_false",
                        help="train on the training digits only, as the course does; by default "
                             "each is also shown moved one pixel in four directions (5× the "
                             "examples, slower, better on unseen digits)")
    parser.add_argument("--mine", type=cli.folder, default=None, metavar="FOLDER",
                        help="your own labelled digit pictures to train on too "
                             "(default: the mine/ folder of --data-dir, when it exists)")
    parser.add_argument("--no-mine", dest="useMine", action="store_false",
                        help="train without your own digits")
    parser.add_argument("--mine-share", type=cli.fraction, default=MINE_SHARE,
                        help="share of the training rows your own digits make up, by repeating "
                             "them (default: %(default)s; see README, 'Teach it your handwriting')")
    parser.add_argument("--test-fraction", type=cli.fraction, default=0.2,
                        help="share of examples held out to measure accuracy on unseen digits; "
                             "0 trains on all, as the tutorial did (default: %(default)s)")
    parser.add_argument("--data-dir", type=cli.folder, default=dataset.DATA_DIR,
                        help="folder with X.in, y.in (and optional W1.in, W2.in); trained weights "
                             "are written here (default: data/ next to this script)")
    parser.add_argument("--float64", action="store_true",
                        help="train with the examples in float64; by default they are float32, "
                             "which makes training about twice as fast and ends at the same cost "
                             "within 0.1 %% (J and its gradient are float64 either way)")
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


def ownDigits(args):
    """Your own digits as (rows, one-hot y), or None: read from --mine, or from the data folder's
    mine/ when it exists; unusable files are named and skipped."""
    folder = args.mine if args.mine is not None else args.data_dir / "mine"
    if not args.useMine or (args.mine is None and not folder.is_dir()):
        return None
    if not folder.is_dir():
        raise cli.UsageError(f"--mine {folder}: no such folder; give the folder of your digit "
                             f"pictures, or leave --mine out")
    rows, digits, skipped = picture.labelledRows(folder)
    for line in skipped:
        print(f"Skipped {line}")
    if skipped:
        print(f"Skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''} in {folder}")
    if len(rows) == 0:
        print(f"No own digits added: {folder} holds no usable labelled pictures ({picture.LABEL_RULE})")
        return None
    counts = np.bincount(digits, minlength=10)
    each = f"{counts[0]} of each digit" if np.all(counts == counts[0]) else \
        ", ".join(f"{d}: {n}" for d, n in enumerate(counts))
    print(f"Added {len(rows)} of your own digits from {folder} ({each})")
    return rows, oneHot(digitToClass(digits))


def repetitions(mine, others, share):
    """How many times to repeat `mine` rows among `others` so they make up about `share` of all
    rows: r·mine / (r·mine + others) = share, at least once."""
    return max(1, round(share * others / ((1 - share) * mine))) if share > 0 else 1


def trainingSet(X, y, train, shift, mine=None, mineShare=MINE_SHARE):
    """The rows to train on: the training digits, your own digits (repeated to make up mineShare
    of the rows) and, with shift, all of them moved one pixel four ways too."""
    Xtrain, ytrain = X[train], y[train]
    if mine is not None:
        times = repetitions(len(mine[0]), len(train), mineShare)
        Xtrain = np.concatenate([Xtrain] + [mine[0]] * times)
        ytrain = np.concatenate([ytrain] + [mine[1]] * times)
        print(f"Your {len(mine[0])} digits, each used {times}×, make up "
              f"{100 * times * len(mine[0]) / len(Xtrain):.1f} % of the training rows")
    if not shift:
        print(f"{len(Xtrain)} training rows")
        return Xtrain, ytrain
    rows = len(Xtrain)
    Xtrain, ytrain = dataset.shiftedCopies(Xtrain, ytrain)
    print(f"{rows} training rows, each also moved one pixel four ways: {len(Xtrain)} rows")
    return Xtrain, ytrain


def configure(args, X, dataDir):
    """A network started from W1.in + W2.in when both exist, else from the seeded random start."""
    start = dataset.loadStartWeights(dataDir)
    if start is None:
        hidden = args.hidden or 25
        checkFits(hidden, len(X) * (5 if args.shift else 1))
        nn = Neural_Network()
        nn.configureNN(X.shape[1], hidden, 10, maxiter=args.maxiter, lambd=args.lambd, seed=args.seed)
        print(f"Starting from random weights (seed {args.seed}), {X.shape[1]}-{hidden}-10 network")
        return nn
    W1, W2 = start
    if args.hidden not in (None, len(W1)):
        raise cli.UsageError(f"--hidden {args.hidden} does not match {dataDir / 'W1.in'}, which "
                             f"has {len(W1)} hidden units: drop --hidden, or remove W1.in and W2.in")
    nn = Neural_Network.fromWeights(W1, W2, maxiter=args.maxiter, lambd=args.lambd)
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
    """Train, then save the weights. On Ctrl-C save the best weights reached (when they improved
    on the start), then let the KeyboardInterrupt go on to cli.exitCode: exit code 130."""
    start = startingCost(nn, X, y)
    if not np.isfinite(start):
        raise DataError(f"the cost at the starting weights is not finite (J = {start}): they are "
                        f"far too large; {datafiles.START_FIX}")
    print(f"Training: L-BFGS-B, at most {nn.maxiter} iterations, λ = {nn.lambd}, {X.dtype} examples")
    try:
        with np.errstate(over="ignore", invalid="ignore"):   # a failed run is reported below
            nn.train(X, y, callback=progressPrinter(nn.maxiter))
    except KeyboardInterrupt:  # nn now holds the best weights reached
        if not improved(nn, start):
            print("\nTraining interrupted before it improved on its start: nothing saved, "
                  "the previous trained weights are kept")
            raise
        paths = nn.saveWeights(dataDir)
        print(f"\nTraining interrupted after {len(nn.costs)} iterations, cost {nn.costs[-1]:.6f}: "
              f"saved the best weights reached to {paths[0]} and {paths[1]}")
        raise
    print(f"Optimizer: {nn.message} ({len(nn.costs)} iterations)")
    if not improved(nn, start):
        raise DataError(f"training failed: after {len(nn.costs)} iterations the cost did not go below "
                        f"its start ({start:.6g}); nothing saved, the previous trained weights are "
                        f"kept: try a smaller --lambd, or other starting weights")
    paths = nn.saveWeights(dataDir)
    print(f"Saved {paths[0]} and {paths[1]}")


def inTrainingPrecision(X, args):
    """The training rows in float32 (NN.py then runs its two large products in float32, about
    twice as fast), or as they are with --float64."""
    return X if args.float64 else X.astype(np.float32)


def report(nn, X, y, train, test, plotsDir, mine=None):
    """Accuracy on each set, labelled, and the pictures of what the network learned.

    The training accuracy is measured on the training digits themselves, not their shifted copies;
    your own digits, trained on too, are counted apart.
    """
    nn.accuracy(X[train], y[train])
    if mine is not None:
        print(f"Your own digits (trained on): {nn.percentCorrect(*mine):.2f}% read correctly")
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


# ----- choosing λ on a validation curve (course ex5) -----

def chooseLambda(args, X, y, train):
    """The λ to train with: the one given, or of several the one the validation curve picks."""
    if len(args.lambdas) == 1:
        return args.lambdas[0]
    fit, validation = splitValidation(train, args.seed)
    trainingAccuracy, validationAccuracy = validationCurve(args, X, y, fit, validation)
    chosen = bestLambda(args.lambdas, validationAccuracy)
    printCurve(args.lambdas, trainingAccuracy, validationAccuracy, chosen)
    path = display.plotValidationCurve(args.lambdas, trainingAccuracy, validationAccuracy, chosen,
                                       args.plots_dir)
    print(f"Saved {path}")
    print(f"Retraining on all {len(train)} training digits with λ = {chosen:g}")
    return chosen


def splitValidation(train, seed):
    """Training rows (fit, validation): a seeded VALIDATION_FRACTION of the training digits is
    set aside to choose λ on. Only the training rows are split, and before any shifted copy is
    made, so the held-out digits stay unseen and no copy of a validation digit is trained on."""
    if round(len(train) * VALIDATION_FRACTION) in (0, len(train)):
        raise cli.UsageError(f"--lambd with several values needs at least 3 training digits to "
                             f"set some aside for validation, there are {len(train)}: give one λ")
    fit, validation = splitHeldOut(len(train), VALIDATION_FRACTION, seed)
    return train[fit], train[validation]


def validationCurve(args, X, y, fit, validation):
    """Train once per λ in args.lambdas on the fit rows (and their shifted copies unless
    --no-shift); returns the accuracies (%) on the fit digits and on the validation digits."""
    print(f"Validation curve: {len(validation)} of the {len(fit) + len(validation)} training "
          f"digits set aside to choose λ (seed {args.seed}); they are not trained on")
    Xfit, yfit = trainingSet(X, y, fit, args.shift)
    Xfit = inTrainingPrecision(Xfit, args)
    trainingAccuracy, validationAccuracy = [], []
    for i, lambd in enumerate(args.lambdas, 1):
        print(f"--- Validation curve: training with λ = {lambd:g} ({i} of {len(args.lambdas)}) ---")
        nn = trainWithLambda(args, lambd, Xfit, yfit)
        trainingAccuracy.append(nn.percentCorrect(X[fit], y[fit]))
        validationAccuracy.append(nn.percentCorrect(X[validation], y[validation]))
        print(f"λ = {lambd:g}: training digits {trainingAccuracy[-1]:.2f}%, "
              f"validation digits {validationAccuracy[-1]:.2f}% ({len(nn.costs)} iterations)")
    return trainingAccuracy, validationAccuracy


def trainWithLambda(args, lambd, X, y):
    """A network trained on X, y with regularization λ = lambd, from train.py's usual start."""
    nn = configure(argparse.Namespace(**{**vars(args), "lambd": lambd}), X, args.data_dir)
    nn.train(X, y, callback=progressPrinter(nn.maxiter))
    return nn


def bestLambda(lambdas, validationAccuracy):
    """The λ with the best validation accuracy; of tied ones the largest, the simpler model."""
    return max(zip(validationAccuracy, lambdas))[1]


def printCurve(lambdas, trainingAccuracy, validationAccuracy, chosen):
    """The validation curve as a table, and why the chosen λ won."""
    print(f"{'λ':>8}  {'training':>9}  {'validation':>10}")
    for lambd, fitted, valid in zip(lambdas, trainingAccuracy, validationAccuracy):
        mark = "  ← chosen" if lambd == chosen else ""
        print(f"{lambd:>8g}  {fitted:>8.2f}%  {valid:>9.2f}%{mark}")
    best = max(validationAccuracy)
    tied = [lambd for lambd, valid in zip(lambdas, validationAccuracy) if valid == best]
    others = " and ".join(f"{lambd:g}" for lambd in tied if lambd != chosen)
    rule = f" (tied with λ = {others}: a tie goes to the larger λ, the simpler model)" if others else ""
    print(f"Chosen λ = {chosen:g}: the best validation accuracy, {best:.2f}%{rule}")


def run(args):
    """The tutorial's steps: load → look → train → save → report."""
    for folder in (args.data_dir, args.plots_dir):   # before a long run, not after it
        atomic.checkWritable(folder, WRITE_CHECK)
    X, y = dataset.loadData(args.data_dir)
    sample = np.random.default_rng(args.seed).choice(len(X), min(25, len(X)), replace=False)
    print(f"Saved {display.displayData(5, X, sample, 'TrainingData', args.plots_dir)}")
    train, test = splitHeldOut(len(X), args.test_fraction, args.seed)
    print(f"{len(test)} examples held out for testing (seed {args.seed})")
    args.lambd = chooseLambda(args, X, y, train)
    mine = ownDigits(args)
    Xtrain, ytrain = trainingSet(X, y, train, args.shift, mine, args.mine_share)
    Xtrain = inTrainingPrecision(Xtrain, args)
    nn = configure(args, X, args.data_dir)
    trainAndSave(nn, Xtrain, ytrain, args.data_dir)
    try:
        report(nn, X, y, train, test, args.plots_dir, mine)
    except OSError as error:
        print(f"error: {cli.osErrorLine(error)} (the trained weights were saved in {args.data_dir}; "
              f"only the pictures are missing)", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    """Run train.py; returns the exit code: 0 done, 1 bad data, 2 bad arguments, 130 Ctrl-C."""
    args = parseArguments(argv)
    return cli.exitCode("train.py", lambda: run(args))


if __name__ == "__main__":
    cli.setUpStreams()
    sys.exit(main())
