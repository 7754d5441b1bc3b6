"""teaching.py — how to mix your own digits in so that the network learns them without forgetting
MNIST's writers: the study behind the settings mineShare and mineCopies (README, "Teach it your
handwriting"). Accuracy only; every training runs in this process, nothing is saved.

Usage:
    python bench/teaching.py                 # the validation study, then the final figures
    python bench/teaching.py --maxiter 100   # quicker, less accurate (say so when quoting it)
    python bench/teaching.py --skip-study --blocks 12   # the final figures only, a milder style
    python bench/teaching.py --picture       # only plots/Teaching_blocky.png: the style, as read

Two ways of teaching are measured, as the project teaches:
  scratch   train.py: a random start (seed 0), 400 iterations on the rows with your digits in;
  window    draw.py's t: from the model trained without them, settings.WINDOW_ITERATIONS more.
Two kinds of "your digits":
  blocky    a style made here, deterministically, that the network reads badly: continental
            1s (a long flag) and 7s (a crossbar), the strokes thickened and the picture coarsened
            to 9×9 blocks (blockyStyle). 100 taught (10 of each digit), others measured.
  mine      ../shared/data/pictures/mine/: one writer's far-right lean and broad pen.

1. Choosing (validation only). The training digits of train.py's seed-0 split are split again
   (curves.splitValidation, seed 1): the network learns from 3,200, and is measured on the
   other 800 and pictures made from them. blocky: taught 100 of those 800 in the style, measured
   on the other 700 in the style and, as MNIST's writers, on the other 700 as they are. mine:
   taught one half of mine/ (by position), measured on the other half, and the other way round;
   MNIST's writers on the 800. The ways of mixing (RULES): a share of the rows, identical or
   varied copies, and the hidden units train.py's network has when your digits are in. The rule
   chosen: of those that cost MNIST's writers at most 0.5 point on validation in both ways of
   teaching (against the 25-unit model without your digits), the one that reads most of your
   digits (blocky and mine together, both ways); ties to the better MNIST validation accuracy;
   when none costs that little, the one that reads most.
2. The final figures (measured once, never used to choose): train.py's 4,000 training digits,
   the 1,000 held-out digits; blocky made from MNIST's test digits (100 taught, 500 others
   measured); mine/ taught, minetest/ measured.
"""
import argparse
import dataclasses
import contextlib
import io
import sys
import time
from pathlib import Path

import numpy as np
import scipy.ndimage

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import display  # noqa: E402  (the project root must be on sys.path first)
from NN import Neural_Network  # noqa: E402
from recognizer import curves, digitdata, importers, picture, training  # noqa: E402
from recognizer.conventions import classToDigit, classesOf, digitToClass, oneHot  # noqa: E402
from recognizer.settings import DEFAULTS, MINE_HIDDEN, WINDOW_ITERATIONS  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
# (copies, share, hidden units of train.py's network when your digits are in: the window
# retrains the network it has, so a rule's hidden units change its scratch way only)
RULES = [("same", 0.2, 25), ("same", 0.1, 25), ("same", 0.05, 25), ("varied", 0.2, 25),
         ("varied", 0.1, 25), ("same", 0.1, 50)]
MAX_DROP = 0.5       # points of MNIST validation accuracy a rule may cost
BLOCKS = 9           # the blocky style's grid: 9×9 blocks over the 28×28 digit
TAUGHT_PER_DIGIT = 10


# ----- the blocky style -----

def blockyStyle(ink, digit, blocks=BLOCKS):
    """A 28×28 MNIST digit (ink 0..1) as paper (1 = white) in a style MNIST's writers do not
    have: a continental 1 or 7, then thickened and coarsened to BLOCKS×BLOCKS square blocks,
    blown up 8× (72×72). The same digit always gives the same picture."""
    ink = continental(np.asarray(ink, dtype=float), digit)
    thick = scipy.ndimage.grey_dilation(ink, size=(3, 3))
    coarse = scipy.ndimage.zoom(thick, blocks / 28, order=1) > 0.5
    return 1 - np.kron(coarse, np.ones((8, 8)))


def continental(ink, digit):
    """A 1 with a long flag down to the left from its top, a 7 with a bar across its stem."""
    ink = ink.copy()
    rows = np.flatnonzero((ink > 0.3).any(axis=1))
    top, height = rows[0], rows[-1] - rows[0]
    if digit == 7:
        row = top + height // 2
        inked = np.flatnonzero(ink[row] > 0.3)
        middle = int(inked.mean()) if len(inked) else 14
        ink[row - 1:row + 1, max(middle - 5, 0):middle + 6] = 1
    elif digit == 1:
        middle = int(np.flatnonzero(ink[top] > 0.3).mean())
        for k in range(int(height * 0.45)):
            column = middle - int(0.8 * k)
            if column >= 1 and top + k < 27:
                ink[top + k:top + k + 2, column - 1:column + 1] = 1
    return ink


def styledRows(images, digits, blocks=BLOCKS):
    """The digits in the blocky style, read as pictures (picture.arrayToRow), and one-hot y."""
    rows = np.array([picture.arrayToRow(blockyStyle(im, d, blocks)) for im, d in zip(images, digits)])
    return rows, oneHot(digitToClass(np.asarray(digits)))


def firstPerDigit(digits, n, skip=0):
    """Indices of the first n of each digit 0..9 (after skipping `skip` of each), in order."""
    return np.concatenate([np.flatnonzero(digits == d)[skip:skip + n] for d in range(10)])


# ----- the data -----

def defaultSet():
    """The default data set (X, y) and its 28×28 originals (images 0..1, digits), in the same order."""
    X, y = digitdata.loadData(ROOT / "data")
    images, digits = digitdata.mlxtendDigits()
    order = np.argsort(digitToClass(digits), kind="stable")      # as digitdata.buildDefault sorts
    images, digits = images[order].reshape(-1, 28, 28) / 255, digits[order]
    assert np.array_equal(classToDigit(classesOf(y)), digits), "data/X.in is not the default set"
    return X, y, images, digits


def picturesOf(folder):
    """A folder of labelled pictures as (rows, one-hot y)."""
    rows, digits, _ = picture.labelledRows(folder)
    return rows, oneHot(digitToClass(digits))


def take(pair, rows):
    return pair[0][rows], pair[1][rows]


# ----- training and measuring -----

def quietly(call, *args, **kwargs):
    """call(*args, **kwargs) without its printed lines (the progress of every training)."""
    with contextlib.redirect_stdout(io.StringIO()):
        return call(*args, **kwargs)


def rows(X, y, train, mine, copies, share):
    return quietly(training.trainingSet, X, y, train,
                   dataclasses.replace(DEFAULTS, mineShare=share, mineCopies=copies), mine)


def fromScratch(Xtrain, ytrain, maxiter, hidden=25):
    """train.py's training: its random start (seed 0), maxiter iterations."""
    nn = Neural_Network()
    nn.configureNN(400, hidden, 10, maxiter=maxiter, lambd=DEFAULTS.lambd, seed=0)
    quietly(nn.train, Xtrain, ytrain)
    return nn


def fromBase(base, Xtrain, ytrain, iterations):
    """The window's retraining: from the base model's weights, `iterations` more."""
    nn = Neural_Network.fromWeights(base.W1, base.W2, maxiter=iterations,
                                    lambd=DEFAULTS.lambd)
    started = time.perf_counter()
    quietly(nn.train, Xtrain, ytrain)
    nn.secondsPerIteration = (time.perf_counter() - started) / max(len(nn.costs), 1)
    return nn


def percent(nn, pair):
    return nn.percentCorrect(*pair)


def teachBoth(X, y, train, base, taught, copies, share, maxiter, iterations, hidden=25):
    """The two ways of teaching the same digits: {"scratch": nn, "window": nn}."""
    if taught is None:
        return {"scratch": base, "window": base}
    Xtrain, ytrain = rows(X, y, train, taught, copies, share)
    return {"scratch": fromScratch(Xtrain, ytrain, maxiter, hidden),
            "window": fromBase(base, Xtrain, ytrain, iterations)}


# ----- 1. the validation study -----

def study(X, y, images, digits, train, args):
    fit, val = curves.splitValidation(train, 1)
    taughtIdx = val[firstPerDigit(digits[val], TAUGHT_PER_DIGIT)]
    others = np.setdiff1d(val, taughtIdx)
    blockyTaught = styledRows(images[taughtIdx], digits[taughtIdx], args.blocks)
    blockyOthers = styledRows(images[others], digits[others], args.blocks)
    mine = picturesOf(args.pictures / "mine")
    halves = [np.arange(0, 100, 2), np.arange(1, 100, 2)]
    print(f"Validation: {len(fit)} training digits, {len(val)} validation digits (seed 1); "
          f"blocky: {len(taughtIdx)} taught, {len(others)} measured; mine/: 2 halves of 50")
    base = fromScratch(*rows(X, y, fit, None, "same", 0), args.maxiter)
    table = []
    for rule in [None] + RULES:
        started = time.perf_counter()
        copies, share, hidden = rule or ("same", 0, 25)
        blocky = teachBoth(X, y, fit, base, rule and blockyTaught, copies, share, args.maxiter,
                           args.iterations, hidden)
        line = {}
        for way in ("scratch", "window"):
            line[way] = {"blocky": percent(blocky[way], blockyOthers),
                         "blockyMnist": percent(blocky[way], take((X, y), others)),
                         "mine": 0, "mineMnist": 0.0}
        for half, other in (halves, halves[::-1]):
            nets = teachBoth(X, y, fit, base, rule and take(mine, half), copies, share,
                             args.maxiter, args.iterations, hidden)
            for way in ("scratch", "window"):
                line[way]["mine"] += int(round(percent(nets[way], take(mine, other)) / 2))
                line[way]["mineMnist"] += percent(nets[way], take((X, y), val)) / 2
        table.append((rule, line))
        printStudyRow(rule, line, time.perf_counter() - started)
    ceiling(X, y, images, digits, fit, blockyOthers, take((X, y), others), args)
    return chooseRule(table), table


def ceiling(X, y, images, digits, fit, blockyOthers, mnistOthers, args):
    """What the network can learn of the blocky style at all: every one of the 3,200 training
    digits also in the style (not 100), from scratch; measured as the rules are."""
    Xs, ys = training.shiftedCopies(*styledRows(images[fit], digits[fit], args.blocks))
    Xtrain, ytrain = rows(X, y, fit, None, "same", 0)
    nn = fromScratch(np.vstack((Xtrain, Xs.astype(np.float32))), np.vstack((ytrain, ys)),
                     args.maxiter)
    print(f"| all {len(fit)} training digits also blocky (the style's ceiling) | scratch: blocky "
          f"{percent(nn, blockyOthers):5.1f} % (MNIST {percent(nn, mnistOthers):5.2f} %) |")


def printStudyRow(rule, line, seconds):
    name = "no own digits" if rule is None else ruleName(rule)
    cells = "  ".join(f"{way}: blocky {line[way]['blocky']:5.1f} % (MNIST {line[way]['blockyMnist']:5.2f} %)"
                      f", mine {line[way]['mine']:3d}/100 (MNIST {line[way]['mineMnist']:5.2f} %)"
                      for way in ("scratch", "window"))
    print(f"| {name:26s} | {cells} | {seconds:5.1f} s", flush=True)


def ruleName(rule):
    copies, share, hidden = rule
    return f"{copies} copies, share {share:g}" + (f", {hidden} hidden" if hidden != 25 else "")


def chooseRule(table):
    """The rule of the docstring: MNIST's validation accuracy at most MAX_DROP below the model
    without own digits (each way, each kind), then the most own digits read, then MNIST's."""
    (_, none), rules = table[0], table[1:]

    def cheap(line):
        return all(line[way][k] >= none[way][k] - MAX_DROP
                   for way in line for k in ("blockyMnist", "mineMnist"))

    def score(entry):
        line = entry[1]
        own = sum(line[w]["blocky"] + line[w]["mine"] for w in line)
        mnist = sum(line[w]["blockyMnist"] + line[w]["mineMnist"] for w in line)
        return (cheap(line), own, mnist)

    return max(rules, key=score)[0]


# ----- 2. the final figures -----

def final(X, y, train, test, rule, args):
    images, digits = importers.readMnist(args.mnist / "t10k-images-idx3-ubyte.gz",
                                         args.mnist / "t10k-labels-idx1-ubyte.gz")
    images = images.reshape(-1, 28, 28) / 255
    taughtIdx, measuredIdx = firstPerDigit(digits, 10), firstPerDigit(digits, 50, skip=10)
    blockyTaught = styledRows(images[taughtIdx], digits[taughtIdx], args.blocks)
    blockyMeasured = styledRows(images[measuredIdx], digits[measuredIdx], args.blocks)
    mine, minetest = picturesOf(args.pictures / "mine"), picturesOf(args.pictures / "minetest")
    heldOut = take((X, y), test)
    base = fromScratch(*rows(X, y, train, None, "same", 0), args.maxiter)
    print(f"\nFinal: {len(train)} training digits, {len(test)} held-out; blocky from MNIST's test "
          f"digits: 100 taught, {len(measuredIdx)} measured; mine/ taught, minetest/ measured")
    print(f"| without own digits | held-out {percent(base, heldOut):.2f} % | blocky "
          f"{percent(base, blockyMeasured):.1f} % | minetest "
          f"{round(percent(base, minetest))}/100 |")
    for rule in dict.fromkeys([("same", 0.2, 25), ("same", 0.1, 25), rule]):
        copies, share, hidden = rule
        for kind, taught, measured in (("blocky", blockyTaught, blockyMeasured),
                                       ("mine", mine, minetest)):
            nets = teachBoth(X, y, train, base, taught, copies, share, args.maxiter,
                             args.iterations, hidden)
            for way, nn in nets.items():
                extra = (f" | {1000 * nn.secondsPerIteration:.0f} ms an iteration"
                         if way == "window" else "")
                print(f"| {ruleName(rule)} | {way:7s} | {kind:6s} taught: read "
                      f"{percent(nn, measured):.1f} % of those not taught, "
                      f"{percent(nn, taught):.0f} % of those taught | held-out "
                      f"{percent(nn, heldOut):.2f} %{extra} |", flush=True)


def savePicture(args):
    """plots/Teaching_blocky.png: the 100 blocky digits the final figures teach (10 of each digit,
    made from MNIST's test digits), as the network sees them after picture.arrayToRow."""
    images, digits = importers.readMnist(args.mnist / "t10k-images-idx3-ubyte.gz",
                                         args.mnist / "t10k-labels-idx1-ubyte.gz")
    taught = firstPerDigit(digits, TAUGHT_PER_DIGIT)
    rows, _ = styledRows(images.reshape(-1, 28, 28)[taught] / 255, digits[taught], args.blocks)
    order = np.arange(100).reshape(10, 10).T.ravel()       # a column per digit, 0 to 9
    print(f"Saved {display.displayData(10, rows, order, 'Teaching_blocky')}")


def parseArguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maxiter", type=int, default=400,
                        help="iterations of each training from scratch (default: train.py's 400)")
    parser.add_argument("--iterations", type=int, default=WINDOW_ITERATIONS,
                        help="iterations of each window retraining (default: %(default)s)")
    parser.add_argument("--pictures", type=Path, default=SHARED / "pictures")
    parser.add_argument("--mnist", type=Path, default=SHARED / "mnist")
    parser.add_argument("--blocks", type=int, default=BLOCKS,
                        help="the blocky style's grid, blocks a side (default: %(default)s)")
    parser.add_argument("--picture", action="store_true",
                        help="only save plots/Teaching_blocky.png, the taught blocky digits")
    parser.add_argument("--skip-study", action="store_true",
                        help="only the final figures, with owndigits' default rule")
    return parser.parse_args(argv)


def main(argv=None):
    args = parseArguments(argv)
    if args.picture:
        savePicture(args)
        return 0
    X, y, images, digits = defaultSet()
    train, test = training.splitHeldOut(len(X), 0.2, 0)
    rule = (DEFAULTS.mineCopies, DEFAULTS.mineShare, MINE_HIDDEN)
    if not args.skip_study:
        rule, _ = study(X, y, images, digits, train, args)
        print(f"Chosen on validation: {ruleName(rule)}")
    final(X, y, train, test, rule, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
