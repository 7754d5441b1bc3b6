"""inside.py — look inside the trained network: what each hidden unit does, where the digits land,
what it imagines a digit is, and how far a digit can move before it is misread.

Usage:
    python inside.py               # every picture; up close, the unit whose silencing costs most
    python inside.py 13            # hidden unit 13 up close (units are numbered 1..25)
    python inside.py --seed 3      # the held-out digits of `python train.py --seed 3`

Run it after `python train.py`: it reads data/TrainedW1.in and TrainedW2.in and the digits of
data/X.in and y.in, split into training and held-out digits exactly as train.py split them
(--seed, --test-fraction), and saves in plots/:
    Unit_<n>.png      one unit: its weights, the digits that fire it, its votes, its cost
    UnitsOff.png      every unit switched off in turn: each digit's held-out accuracy
    HiddenSpace.png   held-out digits placed by their pixels and by their hidden activations
    Imagined.png      the input that drives each digit's output highest, beside the average digit
    Robustness.png    accuracy on held-out digits shifted, turned, scaled, thinned, thickened,
                      for this model and for one trained without the shifted copies (trained
                      here: about 5–10 s of the command's 10–20 s on a 2-core machine)
HiddenUnits.png, all units at once, is drawn by train.py.
"""
import dataclasses
import sys
import time

from recognizer import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

from NN import Neural_Network
from recognizer import digitdata, hiddenlayer, insidefigures, nondigits, safeguards, training
from recognizer.conventions import classesOf, classToDigit
from recognizer.datafiles import DATA_DIR, loadTrainedWeights
from recognizer.plotting import PLOTS_DIR
from recognizer.settings import DEFAULTS

SHOWN_DIGITS = 1000        # held-out digits on the points map (all of the default 1,000)
SHOWN_NONDIGITS = 200      # generated non-digits on it, of a seed never trained on
OPTIONS = {"testFraction": "--test-fraction"}


def run(args):
    """Load the trained network and the digits as train.py split them, then draw each picture."""
    safeguards.checkFolders(args.plots_dir)
    NN = Neural_Network.fromWeights(*loadTrainedWeights(args.data_dir))   # python train.py's
    X, y = digitdata.loadData(args.data_dir)
    train, test = training.splitHeldOut(len(X), args.test_fraction, args.seed)
    if len(test) == 0:
        raise cli.UsageError("no held-out digits to measure on (--test-fraction 0): give the "
                             "--test-fraction train.py was run with, or leave it out")
    if args.unit is not None and args.unit > NN.hiddenSize:
        raise cli.UsageError(f"unit {args.unit} is out of range: the network in "
                             f"{args.data_dir / 'TrainedW1.in'} has {NN.hiddenSize} hidden units, "
                             f"give a number from 1 to {NN.hiddenSize}")
    print(f"{NN.inputSize}-{NN.hiddenSize}-{NN.outputSize} network from {args.data_dir}; "
          f"{len(test)} held-out digits (seed {args.seed}), never trained on")
    saved = []

    # Switching each unit off in turn (held at its mean activation on the training digits)
    off = hiddenlayer.unitsOff(NN, X[train], X[test], y[test])
    unit = off.costliest() if args.unit is None else args.unit - 1
    saved.append(insidefigures.plotUnitsOff(off, args.plots_dir))

    # One unit up close: the one asked for, else the one whose silencing costs most
    saved.append(insidefigures.plotUnit(NN, unit, X[train], off, args.plots_dir))

    # Where the digits land: pixels and hidden activations, each by its first two components
    shown = test[:SHOWN_DIGITS]
    others = nondigits.trainingRows(SHOWN_NONDIGITS, nondigits.TEST_SEED, X[train],   # a seed
                                    DEFAULTS.nonDigitKinds)[0]                       # never trained on
    saved.append(insidefigures.plotHiddenSpace(NN, X[shown], classToDigit(classesOf(y[shown])),
                                               others, args.plots_dir))

    # What it imagines each digit is: gradient ascent on the pixels, from blank and from the average
    saved.append(insidefigures.plotImagined(NN, X[train], y[train], args.plots_dir))

    # How far a digit can move: this model, and one trained as train.py does but without the
    # shifted copies (the same settings, the same start)
    started = time.perf_counter()
    print("Training a model without the shifted copies, to compare (a few seconds)")
    plain = training.trainOn(dataclasses.replace(DEFAULTS, shift=False, seed=args.seed,
                                                 hidden=NN.hiddenSize), X, y, train, args.data_dir)
    path, curves, plainCurves = insidefigures.plotRobustness(
        NN, plain, "trained without shifted copies", X[test], y[test], args.plots_dir)
    saved.append(path)
    print(f"Measured on {len(test)} held-out digits in {time.perf_counter() - started:.1f} s "
          f"(with that training): a shift of 2 pixels reads {curves['shift'][1][2]:.1f} % of "
          f"them (without shifted copies: {plainCurves['shift'][1][2]:.1f} %)")
    costliest = off.costliest()
    print(f"Unit {costliest + 1} costs most when switched off: held-out accuracy "
          f"{off.allOn():.2f} % → {off.overall()[costliest]:.2f} %")
    print("Saved " + ", ".join(str(path) for path in saved))
    return 0


# ----- the command line -----

def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("unit", nargs="?", type=cli.positiveInt, default=None,
                        help="the hidden unit to show up close, from 1 (default: the one whose "
                             "silencing costs the held-out digits most)")
    parser.add_argument("--seed", type=cli.nonNegativeInt, default=DEFAULTS.seed,
                        help="the seed train.py split the digits with (default: %(default)s)")
    parser.add_argument("--test-fraction", type=cli.fraction, default=DEFAULTS.testFraction,
                        help="the share of digits train.py held out (default: %(default)s)")
    parser.add_argument("--data-dir", type=cli.folder, default=DATA_DIR,
                        help="folder with TrainedW1.in, TrainedW2.in, X.in and y.in "
                             "(default: data/ next to this script)")
    parser.add_argument("--plots-dir", type=cli.folder, default=PLOTS_DIR,
                        help="folder for the pictures (default: plots/ next to this script)")
    return parser.parse_args(argv)


def main(argv=None):
    """Run inside.py; returns the exit code: 0 done, 1 bad data, 2 bad arguments, 130 Ctrl-C."""
    args = parseArguments(argv)
    return cli.exitCode("inside.py", lambda: run(args), OPTIONS)


if __name__ == "__main__":
    cli.setUpStreams()
    cli.endQuickly()
    sys.exit(main())
