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
same settings, recognizer/settings.py, the same rows, training.trainingSet, and the same guarded
train and save), from the weights it answers with, for a few seconds.

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
import dataclasses
import sys

from recognizer import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

import display
from NN import Neural_Network
from recognizer import animation, aside, blas, curves, digitdata, figures, optimizers, owndigits, safeguards, training
from recognizer.conventions import classesOf
from recognizer.datafiles import DATA_DIR
from recognizer.plotting import PLOTS_DIR
from recognizer.settings import DEFAULTS, Settings

MAX_HIDDEN = 100_000        # beyond any network this tutorial trains (and checked against memory)
MAX_LAMBDA = 1e6            # λ beyond this only drives every weight to 0
MAX_ITERATIONS = 1_000_000
MAX_NONDIGITS = 100_000     # drawn at about 3 ms each (then kept in data/nondigits/)
OPTIONS = {"hidden": "--hidden", "lambd": "--lambd", "testFraction": "--test-fraction",
           "mine": "--mine", "learningCurve": "--learning-curve"}   # what a SettingError is about


def run(args):
    """The tutorial's steps, in its order: load → look → configure → train → save → accuracy;
    the guards (safeguards.py) wrap them, and the pictures of what it learned come last."""
    settings = settingsOf(args)
    safeguards.checkFolders(args.data_dir, args.plots_dir)   # before a long run, not after it

    # Loading data: X.in and y.in, read as the tutorial reads them, np.loadtxt(path,
    # delimiter=",", comments="#") (in datafiles.readTable; built the first time, digitdata.py)
    X, y = digitdata.loadData(args.data_dir)

    # Display inputs: 25 training digits
    sample = np.random.default_rng(settings.seed).choice(len(X), min(25, len(X)), replace=False)
    print(f"Saved {display.displayData(5, X, sample, 'TrainingData', args.plots_dir)}")

    # Digits held out: never trained on, they measure how it reads digits it has not seen
    train, test = training.splitHeldOut(len(X), settings.testFraction, settings.seed)
    print(f"{len(test)} examples held out for testing (seed {settings.seed})")
    if len(args.lambdas) > 1:     # course ex5: choose λ on a validation curve first
        chosen = curves.chooseLambda(settings, args.lambdas, X, y, train, args.data_dir, args.plots_dir)
        settings = dataclasses.replace(settings, lambd=chosen)
    if args.hiddens and len(args.hiddens) > 1:   # and the hidden layer's size, likewise
        chosen = curves.chooseHidden(settings, args.hiddens, X, y, train, args.data_dir, args.plots_dir)
        settings = dataclasses.replace(settings, hidden=chosen)
    if args.learningCurve:        # course ex5: would more digits help? (then stop: nothing to save)
        curves.drawLearningCurve(settings, X, y, train, args.data_dir, args.plots_dir)
        return 0
    if args.compareOptimizers:    # L-BFGS-B beside gradient descent (then stop: nothing to save)
        runs = optimizers.compare(settings, X, y, train, test)
        print(f"Saved {figures.plotOptimizers(runs, optimizers.BUDGET, len(train), args.plots_dir)}")
        return 0
    mine = owndigits.ownDigits(args.mine, args.data_dir, args.useMine)
    Xtrain, ytrain = training.trainingSet(X, y, train, settings, mine, dataDir=args.data_dir)

    # Configuring settings of Neural Network: 400 pixels in, 10 classes out, from W1.in and
    # W2.in when both exist, else from a seeded random start
    W1, W2, hidden = training.startingWeights(settings, args.data_dir, len(Xtrain), mine is not None)
    NN = Neural_Network()
    NN.configureNN(400, hidden, 10, W1=W1, W2=W2, maxiter=settings.maxiter, lambd=settings.lambd,
                   seed=settings.seed)

    # Training (L-BFGS-B), guarded: Ctrl-C saves the best weights reached, a cost that did not
    # go down saves nothing; snapshots of the weights for Learning.gif on the way
    snapshots = animation.Snapshots(NN) if args.animation and len(test) else None
    with safeguards.guarded(NN, Xtrain, ytrain, args.data_dir, watch=snapshots) as progress:
        NN.train(Xtrain, ytrain, callback=progress)

    # Saving Weights in the file: data/TrainedW1.in and TrainedW2.in
    paths = NN.saveWeights(args.data_dir)
    print(f"Saved {paths[0]} and {paths[1]}")

    # Checking the accuracy of Neural Network: on the training digits themselves (not their
    # shifted copies), your own digits apart, then on the held-out digits
    NN.accuracy(X[train], y[train])
    if mine is not None:
        print(f"Your own digits (trained on): {NN.percentCorrect(*mine):.2f}% read correctly")
    if len(test):
        NN.accuracy(X[test], y[test], heldOut=True)
    else:
        print("No held-out set (--test-fraction 0): the accuracy above is on the training set only")
    try:
        saved = savePictures(NN, X[test], y[test], args.plots_dir, snapshots)
    except OSError as error:
        print(f"error: {cli.osErrorLine(error)} (the trained weights were saved in {args.data_dir}; "
              f"only the pictures are missing)", file=sys.stderr)
        return 1
    print("Saved " + ", ".join(str(path) for path in saved))
    return 0


def savePictures(NN, Xtest, ytest, plotsDir, snapshots=None):
    """The pictures of what the network learned: the cost, the hidden units and, with held-out
    digits, the confusion matrix, the misclassified digits, one prediction and (with snapshots
    taken during training) the animation of how it learned, drawn by a second process while this
    one draws the others (recognizer/aside.py: the same pictures, in about half the time).
    Returns their paths."""
    if snapshots is None or not len(Xtest):
        return drawPictures(NN, Xtest, ytest, plotsDir)
    with blas.oneThread(), aside.Aside(animation.saveAnimation, snapshots, Xtest, ytest, plotsDir) as gif:
        return drawPictures(NN, Xtest, ytest, plotsDir) + [gif.result()]


def drawPictures(NN, Xtest, ytest, plotsDir):
    """savePictures's still pictures; returns their paths."""
    saved = [figures.plotCost(NN.costs, plotsDir), figures.plotHiddenUnits(NN.W1, NN.W2, plotsDir)]
    if len(Xtest):
        trueClasses, predicted = classesOf(ytest), NN.predictClasses(Xtest)
        saved += [figures.plotConfusion(trueClasses, predicted, plotsDir),
                  figures.plotMisclassified(Xtest, trueClasses, predicted, plotsDir),
                  figures.plotPrediction(Xtest[0], NN.forward(Xtest[0]),
                                         "Prediction for a held-out example", plotsDir,
                                         trueClass=trueClasses[0])]
    return saved


# ----- the command line -----

def settingsOf(args):
    """The training's settings from the command line (the first λ when several are given: the
    validation curve then picks one)."""
    return Settings(hidden=args.hiddens[0] if args.hiddens else None, lambd=args.lambdas[0], maxiter=args.maxiter,
                    seed=args.seed, testFraction=args.test_fraction, shift=args.shift,
                    mineShare=args.mine_share, mineCopies=args.mine_copies,
                    nonDigits=args.nondigits, float64=args.float64)


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--hidden", dest="hiddens", type=cli.several(cli.wholeNumberFrom(1, MAX_HIDDEN)),
                        default=None, metavar="HIDDEN[,HIDDEN...]",
                        help="hidden units (default: 25 as in the course, 50 when your own digits "
                             "are in, or W1.in's when starting from it); several, separated by "
                             "commas (5,10,25,50,100), draw a curve of validation accuracy and "
                             "training time against them (plots/HiddenSize.png) and train with "
                             "the best: about a minute for those five on 2 cores")
    parser.add_argument("--lambd", dest="lambdas", type=cli.numbersUpTo(MAX_LAMBDA),
                        default=[DEFAULTS.lambd], metavar="LAMBD[,LAMBD...]",
                        help=f"regularization strength λ (default: {DEFAULTS.lambd:g}, chosen on a validation "
                             "curve; the course uses 1); several, separated by "
                             "commas (0.1,0.3,1,3,10), draw a validation curve on 20 %% of the "
                             "training digits (plots/ValidationCurve.png, and plots/Lambda.png: "
                             "the hidden units' weights at each λ) and train with the best of "
                             "them: about 10 s a value on 2 cores")
    parser.add_argument("--maxiter", type=cli.wholeNumberFrom(1, MAX_ITERATIONS), default=DEFAULTS.maxiter,
                        help="at most this many L-BFGS-B iterations (default: %(default)s)")
    parser.add_argument("--seed", type=cli.nonNegativeInt, default=DEFAULTS.seed,
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
    parser.add_argument("--mine-share", type=cli.fraction, default=DEFAULTS.mineShare,
                        help="share of the training rows your own digits make up, by repeating "
                             "them (default: %(default)s; see README, 'Teach it your handwriting')")
    parser.add_argument("--mine-copies", choices=owndigits.COPIES, default=DEFAULTS.mineCopies,
                        help="repeat your own digits as identical copies (same) or turned, moved "
                             "and scaled a little each time (varied) (default: %(default)s; see "
                             "README, 'Teach it your handwriting')")
    parser.add_argument("--nondigits", type=cli.wholeNumberFrom(0, MAX_NONDIGITS),
                        default=DEFAULTS.nonDigits, metavar="N",
                        help="train on N generated pictures that are not digits too (letters, "
                             "scribbles, shapes, noise), each with all targets 0, so that an "
                             "output can say 'none of these'; 0 = digits only, as the course "
                             "(default: %(default)s)")
    parser.add_argument("--test-fraction", type=cli.fraction, default=DEFAULTS.testFraction,
                        help="share of examples held out to measure accuracy on unseen digits; "
                             "0 trains on all, as the tutorial did (default: %(default)s)")
    parser.add_argument("--data-dir", type=cli.folder, default=DATA_DIR,
                        help="folder with X.in, y.in (and optional W1.in, W2.in); trained weights "
                             "are written here (default: data/ next to this script)")
    parser.add_argument("--learning-curve", dest="learningCurve", action="store_true",
                        help="instead of training once, draw the course's ex5 learning curve "
                             "(plots/LearningCurve.png): train on 50, 100, … and all of the "
                             "training digits but a validation fifth, with the other options' "
                             "settings; about half a minute with the defaults on 2 cores")
    parser.add_argument("--compare-optimizers", dest="compareOptimizers", action="store_true",
                        help="instead of training once, train the same network from the same "
                             "start with gradient descent at three learning rates, with "
                             "momentum, with mini-batches and with L-BFGS-B, 400 evaluations "
                             "each, on the training digits alone (plots/Optimizers.png); about "
                             "half a minute on 2 cores")
    parser.add_argument("--no-animation", dest="animation", action="store_false",
                        help="do not take copies of the weights during training nor draw "
                             "plots/Learning.gif, the training as an animation (there is none "
                             "without held-out digits, --test-fraction 0, either)")
    parser.add_argument("--float64", action="store_true",
                        help="train with the examples in float64; by default they are float32, "
                             "which makes training about twice as fast and ends at the same cost "
                             "within 0.1 %% (J and its gradient are float64 either way)")
    parser.add_argument("--plots-dir", type=cli.folder, default=PLOTS_DIR,
                        help="folder for the PNG pictures (default: plots/ next to this script)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run train.py; returns the exit code: 0 done, 1 bad data, 2 bad arguments, 130 Ctrl-C."""
    args = parseArguments(argv)
    return cli.exitCode("train.py", lambda: run(args), OPTIONS)


if __name__ == "__main__":
    cli.setUpStreams()
    cli.endQuickly()
    sys.exit(main())
