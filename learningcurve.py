"""learningcurve.py — would more data help? The course's exercise 5 learning curve, for
`python train.py --learning-curve`.

A seeded fifth of the training digits is set aside for validation, as for choosing λ
(validation.splitValidation); the network is then trained the way train.py trains it (shifted
copies and all, from the same start) on growing numbers of the other training digits — 50, 100,
200, 500, 1,000, 2,000 and all of them, each set holding the one before — and measured each time
on the digits it was trained on and on the validation digits, which it never sees. The held-out
digits play no part, and your own digits (data/mine/) are left out: the curve is about the data
set. plots/LearningCurve.png shows both accuracies against the number of training digits.

Reading it, as the course does: training accuracy starts near 100 % (a few digits are easy to
fit) and falls, validation accuracy starts low and rises. Where validation accuracy still rises at
the right end, more data would help; where it has levelled off, more of the same data would not,
and the gap to training accuracy says what might: a wide gap, the network fits its own digits far
better than new ones (high variance: a larger λ); a narrow one, it cannot fit even its own
(high bias: more hidden units).
"""
import numpy as np

import display
from validation import splitValidation

SIZES = (50, 100, 200, 500, 1_000, 2_000)   # training digits of each point, then all of them
STILL_RISING = 0.5   # points of validation accuracy gained per doubling of the digits: still rising
WIDE_GAP = 2.0       # points between training and validation accuracy that count as a wide gap


def drawCurve(X, y, train, seed, plotsDir, trainOn):
    """Train on growing subsets of the training digits, print the table and its reading, save
    plots/LearningCurve.png; returns (sizes, training accuracies, validation accuracies), in %.
    trainOn(rows) returns a network trained on those rows of X, y the way train.py trains."""
    fit, validation = splitValidation(train, seed, "--learning-curve", "give more examples")
    sizes, dropped = curveSizes(len(fit))
    print(f"Learning curve: {len(validation)} of the {len(train)} training digits set aside for "
          f"validation (seed {seed}), never trained on; the network is trained on "
          f"{', '.join(f'{n:,}' for n in sizes)} of the other {len(fit):,}")
    if dropped:
        print(f"Left out: {', '.join(f'{n:,}' for n in dropped)} (more than the {len(fit):,} "
              f"training digits there are)")
    order = np.random.default_rng(seed).permutation(fit)   # each subset holds the one before
    training, validating = [], []
    for i, n in enumerate(sizes, 1):
        print(f"--- Learning curve: training on {n:,} digits ({i} of {len(sizes)}) ---")
        rows = order[:n]
        nn = trainOn(rows)
        training.append(nn.percentCorrect(X[rows], y[rows]))
        validating.append(nn.percentCorrect(X[validation], y[validation]))
    printCurve(sizes, training, validating, len(validation))
    print(readCurve(sizes, training, validating))
    print(f"Saved {display.plotLearningCurve(sizes, training, validating, len(validation), plotsDir)}")
    return sizes, training, validating


def curveSizes(available):
    """(sizes, dropped): the SIZES below `available`, then `available` itself (all the training
    digits); and the SIZES above it, which there are not enough digits for."""
    return ([n for n in SIZES if n < available] + [available],
            [n for n in SIZES if n > available])


def printCurve(sizes, training, validating, validationCount):
    """The learning curve as a table: accuracy on the digits trained on and on the validation digits."""
    print(f"{'training digits':>15}  {'training':>9}  {'validation':>10}   "
          f"(accuracy; validation: {validationCount} digits never trained on)")
    for n, fitted, valid in zip(sizes, training, validating):
        print(f"{n:>15,}  {fitted:>8.2f}%  {valid:>9.2f}%")


def readCurve(sizes, training, validating):
    """One sentence reading the curve's right end, as the course reads a learning curve."""
    gap = training[-1] - validating[-1]
    if len(sizes) < 2:
        return (f"One point only ({sizes[0]:,} training digits): give more examples to see "
                f"whether more data would help")
    rise = validating[-1] - validating[-2]
    perDoubling = rise / np.log2(sizes[-1] / sizes[-2])   # the last step need not be a doubling
    where = f"at {sizes[-1]:,} training digits ({rise:+.2f} points since {sizes[-2]:,})"
    if perDoubling >= STILL_RISING:
        return f"Validation accuracy still rises {where}: more data would help."
    if gap >= WIDE_GAP:
        return (f"Validation accuracy has levelled off {where}, {gap:.1f} points below training "
                f"accuracy: more of the same data would help little; a larger λ might narrow "
                f"the gap.")
    return (f"Validation accuracy has levelled off {where}, close to training accuracy: more data "
            f"would help little; a bigger network (--hidden) might.")
