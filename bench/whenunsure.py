"""whenunsure.py — when is an answer unsure? The threshold chosen on validation data, then measured.

Usage:
    python bench/whenunsure.py                   # trains both models in a temporary folder (≈ 1 min)
    python bench/whenunsure.py --data-dir DIR    # measures DIR/TrainedW*.in instead of training one

The rule (unsure.py): an answer is unsure when its top output is below a threshold.
1. Choose (validation data only): train.py's default model is trained again without a seeded
   fifth of its training digits (curves.splitValidation, as for choosing λ); on those 800
   validation digits and on 400 generated non-digits of the kinds it trains on
   (settings.nonDigitKinds) of nondigits.VALIDATION_SEED (never trained on), the trade-off is
   printed for each candidate threshold, and the chosen one is the largest that flags at most
   MAX_CORRECT_FLAGGED of the correctly read validation digits. (bench/leftout.py chooses it with
   each kind of non-digit left out in turn.)
2. Measure (the default model, unsure.UNSURE_BELOW): the share of misread digits flagged, of
   correctly read digits flagged, and of non-digits flagged (or refused by picture.py), on the
   1,000 held-out digits, MNIST's 10,000 test digits, each folder of labelled pictures in
   ../shared/data/pictures, and 200 non-digits of each kind of nondigits.KINDS of
   nondigits.TEST_SEED (the kinds made of digits made of training digits only).
"""
import contextlib
import io
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pictures import SHARED, modelFolder  # noqa: E402  (bench/pictures.py, beside this script)
from NN import Neural_Network  # noqa: E402
from recognizer import cli, datafiles, curves, digitdata, importers, nondigits, picture, training, unsure  # noqa: E402
from recognizer.conventions import classesOf, classToDigit  # noqa: E402
from recognizer.settings import DEFAULTS  # noqa: E402

CANDIDATES = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MAX_CORRECT_FLAGGED = 3.0     # % of correctly read validation digits: a margin under the 5 % aim
VALIDATION_NONDIGITS, TEST_NONDIGITS = 400, 200   # in all, and of each kind


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--data-dir", type=cli.folder, default=None,
                        help="folder with TrainedW1.in and TrainedW2.in to measure (default: "
                             "train the default model, seed 0, in a temporary folder first)")
    parser.add_argument("--pictures", type=cli.folder, default=SHARED / "pictures",
                        help="folder of folders of labelled pictures (default: ../shared/data/pictures)")
    parser.add_argument("--mnist", type=cli.folder, default=SHARED / "mnist",
                        help="folder with MNIST's test IDX files (default: ../shared/data/mnist)")
    return parser.parse_args(argv)


# ----- the trade-off -----

def shares(H, correct, threshold):
    """(% of misread flagged, % of correctly read flagged) for outputs H at a threshold."""
    flagged = H.max(axis=1) < threshold
    return tuple(100 * flagged[rows].mean() if rows.any() else float("nan")
                 for rows in (~correct, correct))


def nonDigitShare(H, refused, threshold):
    """% of non-digit pictures flagged at a threshold, the refused ones counted as flagged."""
    return 100 * (np.sum(H.max(axis=1) < threshold) + refused) / (len(H) + refused)


def digitsCorrect(nn, X, digits):
    """The outputs for rows X and which of them are read as their digit."""
    H = nn.forward(X)
    return H, classToDigit(classesOf(H)) == digits


# ----- 1. choose on validation data -----

def validationModel(dataDir):
    """train.py's default model trained without its validation fifth; returns (network, the
    validation rows, their digits, the digits it trained on)."""
    X, y = digitdata.loadData(dataDir)
    train, _ = training.splitHeldOut(len(X), DEFAULTS.testFraction, DEFAULTS.seed)
    fit, check = curves.splitValidation(train, DEFAULTS.seed)
    with contextlib.redirect_stdout(io.StringIO()):
        nn = training.trainOn(DEFAULTS, X, y, fit, dataDir)
    return nn, X[check], classToDigit(classesOf(y[check])), X[fit]


def chooseLines(dataDir):
    """The validation trade-off table and the threshold it chooses."""
    nn, X, digits, fitted = validationModel(dataDir)
    H, correct = digitsCorrect(nn, X, digits)
    perKind = VALIDATION_NONDIGITS // len(DEFAULTS.nonDigitKinds)
    made = [nondigits.rowsOf(kind, perKind, nondigits.kindSeed(kind, nondigits.VALIDATION_SEED),
                             fitted)     # the digit kinds made of the fitted digits alone
            for kind in DEFAULTS.nonDigitKinds]
    Hnone, refused = nn.forward(np.vstack([rows for rows, _ in made])), sum(r for _, r in made)
    lines = [f"1. Validation: {len(X)} training digits set aside ({100 * correct.mean():.1f} % read "
             f"right by a model trained without them), {len(Hnone) + refused} non-digits of seed "
             f"{nondigits.VALIDATION_SEED}",
             "| unsure when top output below | misread flagged | correct flagged | non-digits flagged |",
             "|---|---|---|---|"]
    ok = []
    for t in CANDIDATES:
        misread, right = shares(H, correct, t)
        lines.append(f"| {t:.1f} | {misread:.1f} % | {right:.1f} % | "
                     f"{nonDigitShare(Hnone, refused, t):.1f} % |")
        if right <= MAX_CORRECT_FLAGGED:
            ok.append(t)
    chosen = max(ok, default=min(CANDIDATES))
    lines.append(f"Chosen: {chosen:.1f} (the largest flagging at most {MAX_CORRECT_FLAGGED:g} % of "
                 f"the correct validation digits); unsure.UNSURE_BELOW = {unsure.UNSURE_BELOW}")
    return lines


# ----- 2. measure the default model -----

def measuredRows(dataDir, picturesDir, mnistDir):
    """(source, misread flagged, correct flagged, non-digits flagged, accuracy note) with the
    default model at unsure.UNSURE_BELOW."""
    nn, t = Neural_Network.fromWeights(*datafiles.loadTrainedWeights(dataDir)), unsure.UNSURE_BELOW
    X, y = digitdata.loadData(dataDir)
    train, test = training.splitHeldOut(len(X), 0.2, 0)
    sources = [("held-out digits", X[test], classToDigit(classesOf(y[test])))]
    images, digits = importers.readMnist(Path(mnistDir) / "t10k-images-idx3-ubyte.gz",
                                         Path(mnistDir) / "t10k-labels-idx1-ubyte.gz")
    sources.append(("MNIST test digits", picture.mnistToRows(images), digits))
    for folder in sorted(p for p in Path(picturesDir).iterdir() if p.is_dir()):
        rows, labels, _ = picture.labelledRows(folder)
        sources.append((f"pictures {folder.name}/", rows, labels))
    table = []
    for name, rows, labels in sources:
        H, correct = digitsCorrect(nn, rows, labels)
        misread, right = shares(H, correct, t)
        table.append((f"{name} ({len(rows)})", f"{misread:.1f} % of {np.sum(~correct)}",
                      f"{right:.1f} %", "", f"{100 * correct.mean():.2f} % read right"))
    for kind in nondigits.KINDS:      # the digit kinds made of training digits, never held-out ones
        rows, refused = nondigits.rowsOf(kind, TEST_NONDIGITS,
                                         nondigits.kindSeed(kind, nondigits.TEST_SEED), X[train])
        table.append((f"non-digits: {kind} ({len(rows) + refused})", "", "",
                      f"{nonDigitShare(nn.forward(rows), refused, t):.1f} %",
                      f"{refused} refused by picture.py" if refused else ""))
    return table


def measureLines(dataDir, picturesDir, mnistDir):
    """The measured table, in Markdown as the README shows it."""
    lines = [f"2. The default model ({dataDir}), unsure when top output below {unsure.UNSURE_BELOW}",
             "| measured on | misread flagged | correct flagged | non-digits flagged | note |",
             "|---|---|---|---|---|"]
    return lines + [f"| {' | '.join(row)} |" for row in measuredRows(dataDir, picturesDir, mnistDir)]


def run(args):
    """Train (or load) the default model, choose on validation, then measure."""
    with tempfile.TemporaryDirectory() as temporary:
        dataDir = modelFolder(args.data_dir, temporary)
        Neural_Network.fromWeights(*datafiles.loadTrainedWeights(dataDir))     # the weights to measure exist, before the long part
        print("\n".join(chooseLines(dataDir)))
        print()
        print("\n".join(measureLines(dataDir, args.pictures, args.mnist)))
    return 0


def main(argv=None):
    """Run the unsure bench; returns the exit code: 0 done, 1 bad data, 2 bad arguments."""
    args = parseArguments(argv)
    return cli.exitCode("whenunsure.py", lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
