"""train.py — teach the tutorial's 400-25-10 network to read handwritten digits.

Usage:
    python train.py                        # default data set, 20 % held out, default settings
    python train.py --maxiter 100          # fewer L-BFGS-B iterations (faster, less accurate)
    python train.py --lambd 10 --hidden 50 # stronger regularization, a wider hidden layer
    python train.py --test-fraction 0      # the tutorial's way: train and measure on all examples
    python train.py --no-mine              # leave your own digits (data/mine/) out
    python train.py --lambd 0.1,0.3,1,3,10 # choose λ on a validation curve (course ex5), then train
    python train.py --no-animation         # without plots/Learning.gif (the training as an animation)
    python train.py --learning-curve       # would more data help? The course's ex5 learning curve

Steps, as in the tutorial: load data/X.in + data/y.in (built from 5,000 real MNIST digits the
first time) → save plots/TrainingData.png → start from data/W1.in + data/W2.in when both exist,
else from a seeded random start → train → save data/TrainedW1.in + TrainedW2.in → print the
accuracy on the training set and on the held-out set → save the pictures in plots/, among them
Learning.gif: the training as an animation, drawn from copies of the weights taken during it.
Ctrl-C during training saves the best weights reached so far.

Your own digits: pictures in data/mine/ named D_anything.png (D the digit, e.g. 7_012.png; the
drawing window draw.py saves them so) are added to the training digits, repeated until they make
up --mine-share of the training rows so that a hundred of them count among thousands, and the
network gets 50 hidden units instead of 25, room for your style and MNIST's writers (the rule
bench/teaching.py chose on validation data: 10 %, 50 units). They are training examples only:
the held-out digits stay the data set's. The drawing window's t key retrains the same way (the
same rows, retrain.trainingSet, and the same training, checks and save,
safeguards.trainAndSave), from the weights it answers with, for a few seconds.

With several λ (--lambd 0.1,0.3,1,3,10) a validation curve comes first, as in the course's ex5:
a seeded 20 % of the training digits is set aside, the network is trained once per λ on the
rest, plots/ValidationCurve.png shows both accuracies against λ, and the λ with the best
validation accuracy (of tied ones the larger, the simpler model) is used to train on all the
training digits as above. The held-out digits play no part in the choice.

With --learning-curve (course ex5) the network is trained instead on 50, 100, 200, 500, 1,000,
2,000 and all of the training digits but a validation fifth (digits only: no --nondigits
pictures), and measured on both each time;
plots/LearningCurve.png and a table show the two accuracies against the number of digits, and a
sentence reads them (would more data help?). Nothing is saved but the picture. With the default
settings it takes about half a minute on a 2-core machine (seven trainings of up to 400
iterations, 35,000 rows in all); --maxiter 100 makes it four times quicker, and less accurate.
"""
import sys

import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

import dataset
import display
import learning
import learningcurve
import nondigits
import owndigits
import retrain
import safeguards
import validation
from conventions import classesOf
from NN import Neural_Network

DEFAULT_LAMBDA = retrain.DEFAULT_LAMBDA   # 3, chosen on validation curves (see retrain.py, README)
MAX_HIDDEN = 100_000        # beyond any network this tutorial trains (and checked against memory)
MAX_LAMBDA = 1e6            # λ beyond this only drives every weight to 0
MAX_ITERATIONS = 1_000_000
MAX_NONDIGITS = 100_000     # generated at about 7 ms each


def run(args):
    """The tutorial's steps: load → look → train → save → report."""
    safeguards.checkFolders(args.data_dir, args.plots_dir)   # before a long run, not after it
    X, y = dataset.loadData(args.data_dir)
    lookAt(X, args.seed, args.plots_dir)
    train, test = dataset.splitHeldOut(len(X), args.test_fraction, args.seed)
    print(f"{len(test)} examples held out for testing (seed {args.seed})")
    lambd = chooseLambda(args, X, y, train)
    if args.learningCurve:   # course ex5: would more digits help? (then stop: nothing to save)
        # on digits alone: 1,000 non-digit pictures would swamp the curve's first 50 digits
        learningcurve.drawCurve(X, y, train, args.seed, args.plots_dir,
                                lambda rows: trainOn(args, X, y, rows, lambd, nonDigits=0))
        return 0
    mine = owndigits.ownDigits(args.mine, args.data_dir, args.useMine)
    # the rows and the training are the drawing window's too (its t key: retrain.py)
    Xtrain, ytrain = retrain.trainingSet(X, y, train, args.shift, mine, args.mine_share,
                                         args.float64, args.nondigits, args.mine_copies)
    nn = configure(args, lambd, Xtrain, ownDigits=mine is not None)
    snapshots = learning.Snapshots(nn) if args.animation and len(test) else None  # Learning.gif
    safeguards.trainAndSave(nn, Xtrain, ytrain, args.data_dir, snapshots)  # NN.train, saveWeights
    try:
        report(nn, X, y, train, test, args.plots_dir, mine, snapshots)
    except OSError as error:
        print(f"error: {cli.osErrorLine(error)} (the trained weights were saved in {args.data_dir}; "
              f"only the pictures are missing)", file=sys.stderr)
        return 1
    return 0


def lookAt(X, seed, plotsDir):
    """The tutorial's first picture: 25 training digits drawn by displayData."""
    sample = np.random.default_rng(seed).choice(len(X), min(25, len(X)), replace=False)
    print(f"Saved {display.displayData(5, X, sample, 'TrainingData', plotsDir)}")


def chooseLambda(args, X, y, train):
    """The λ to train with: the one given, or of several the one the validation curve picks."""
    if len(args.lambdas) == 1:
        return args.lambdas[0]
    return validation.chooseLambda(args.lambdas, X, y, train, args.seed, args.plots_dir,
                                   lambda rows, lambd: trainOn(args, X, y, rows, lambd))


def configure(args, lambd, Xtrain, ownDigits=False):
    """A network started from W1.in + W2.in when both exist, else from the seeded random start:
    of --hidden units, else 25 as in the course, or owndigits.MINE_HIDDEN with your own digits."""
    start = dataset.loadStartWeights(args.data_dir)
    if start is None:
        hidden = args.hidden or (owndigits.MINE_HIDDEN if ownDigits else 25)
        if hidden != 25 and args.hidden is None:
            print(f"{hidden} hidden units, not the course's 25: with your own digits in, the "
                  f"network keeps MNIST's writers as well (README, 'Teach it your handwriting')")
        safeguards.checkFits(hidden, len(Xtrain))
        nn = Neural_Network()
        nn.configureNN(Xtrain.shape[1], hidden, 10, maxiter=args.maxiter, lambd=lambd, seed=args.seed)
        print(f"Starting from random weights (seed {args.seed}), {Xtrain.shape[1]}-{hidden}-10 network")
        return nn
    W1, W2 = start
    if args.hidden not in (None, len(W1)):
        raise cli.UsageError(f"--hidden {args.hidden} does not match {args.data_dir / 'W1.in'}, which "
                             f"has {len(W1)} hidden units: drop --hidden, or remove W1.in and W2.in")
    nn = Neural_Network.fromWeights(W1, W2, maxiter=args.maxiter, lambd=lambd)
    print(f"Starting from {args.data_dir / 'W1.in'} and W2.in, {W1.shape[1] - 1}-{len(W1)}-{len(W2)} network")
    return nn


def trainOn(args, X, y, rows, lambd, nonDigits=None):
    """A network trained with λ = lambd on those rows (and their shifted copies unless --no-shift),
    from train.py's usual start: one point of the validation or the learning curve. With the
    --nondigits pictures unless nonDigits says how many."""
    Xtrain, ytrain = retrain.trainingSet(X, y, rows, args.shift, float64=args.float64,
                                         nonDigits=args.nondigits if nonDigits is None else nonDigits)
    nn = configure(args, lambd, Xtrain)
    nn.train(Xtrain, ytrain, callback=safeguards.progressPrinter(nn.maxiter))
    return nn


def report(nn, X, y, train, test, plotsDir, mine=None, snapshots=None):
    """Accuracy on each set, labelled, and the pictures of what the network learned (with
    snapshots taken during training, also the animation of how it learned it).

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
        if snapshots is not None:
            saved.append(learning.saveAnimation(snapshots, X[test], y[test], plotsDir))
    else:
        print("No held-out set (--test-fraction 0): the accuracy above is on the training set only")
    print("Saved " + ", ".join(str(path) for path in saved))


# ----- the command line -----

def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--hidden", type=cli.wholeNumberFrom(1, MAX_HIDDEN), default=None,
                        help="hidden units (default: 25 as in the course, 50 when your own digits "
                             "are in, or W1.in's when starting from it)")
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
    parser.add_argument("--mine-share", type=cli.fraction, default=owndigits.MINE_SHARE,
                        help="share of the training rows your own digits make up, by repeating "
                             "them (default: %(default)s; see README, 'Teach it your handwriting')")
    parser.add_argument("--mine-copies", choices=owndigits.COPIES, default=owndigits.MINE_COPIES,
                        help="repeat your own digits as identical copies (same) or turned, moved "
                             "and scaled a little each time (varied) (default: %(default)s; see "
                             "README, 'Teach it your handwriting')")
    parser.add_argument("--nondigits", type=cli.wholeNumberFrom(0, MAX_NONDIGITS),
                        default=nondigits.TRAINING_COUNT, metavar="N",
                        help="train on N generated pictures that are not digits too (letters, "
                             "scribbles, shapes, noise), each with all targets 0, so that an "
                             "output can say 'none of these'; 0 = digits only, as the course "
                             "(default: %(default)s)")
    parser.add_argument("--test-fraction", type=cli.fraction, default=0.2,
                        help="share of examples held out to measure accuracy on unseen digits; "
                             "0 trains on all, as the tutorial did (default: %(default)s)")
    parser.add_argument("--data-dir", type=cli.folder, default=dataset.DATA_DIR,
                        help="folder with X.in, y.in (and optional W1.in, W2.in); trained weights "
                             "are written here (default: data/ next to this script)")
    parser.add_argument("--learning-curve", dest="learningCurve", action="store_true",
                        help="instead of training once, draw the course's ex5 learning curve "
                             "(plots/LearningCurve.png): train on 50, 100, … and all of the "
                             "training digits but a validation fifth, with the other options' "
                             "settings; about half a minute with the defaults on 2 cores")
    parser.add_argument("--no-animation", dest="animation", action="store_false",
                        help="do not take copies of the weights during training nor draw "
                             "plots/Learning.gif, the training as an animation (there is none "
                             "without held-out digits, --test-fraction 0, either)")
    parser.add_argument("--float64", action="store_true",
                        help="train with the examples in float64; by default they are float32, "
                             "which makes training about twice as fast and ends at the same cost "
                             "within 0.1 %% (J and its gradient are float64 either way)")
    parser.add_argument("--plots-dir", type=cli.folder, default=display.PLOTS_DIR,
                        help="folder for the PNG pictures (default: plots/ next to this script)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run train.py; returns the exit code: 0 done, 1 bad data, 2 bad arguments, 130 Ctrl-C."""
    args = parseArguments(argv)
    return cli.exitCode("train.py", lambda: run(args))


if __name__ == "__main__":
    cli.setUpStreams()
    sys.exit(main())
