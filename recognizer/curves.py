"""The course's exercise 5 curves: choosing λ on a validation curve, and the learning curve that
asks whether more data would help.

Both set aside a seeded fifth of the training digits for validation (splitValidation) and train
the network as train.py trains it (training.trainOn: the same rows around the digits, the same
start) on the rest; the held-out digits play no part, and your own digits are left out.

Choosing λ (python train.py --lambd 0.1,0.3,1,3,10): the network is trained once per λ, and
measured on the digits it trained on and on the validation digits; plots/ValidationCurve.png
shows both against λ, and the λ with the best validation accuracy (of tied ones the larger, the
simpler model) is the one train.py then trains with on all the training digits.

The learning curve (python train.py --learning-curve): the network is trained on growing numbers
of the other training digits, 50, 100, 200, 500, 1,000, 2,000 and all of them, each set holding
the one before, digits only (1,000 non-digit pictures would swamp the first 50 digits).
plots/LearningCurve.png shows both accuracies against the number of training digits. Reading it,
as the course does: training accuracy starts near 100 % (a few digits are easy to fit) and falls,
validation accuracy starts low and rises. Where validation accuracy still rises at the right end,
more data would help; where it has levelled off, more of the same data would not, and the gap to
training accuracy says what might: a wide gap, the network fits its own digits far better than
new ones (high variance: a larger λ); a narrow one, it cannot fit even its own (high bias: more
hidden units).
"""
import dataclasses

import numpy as np

from recognizer import figures, training
from recognizer.errors import SettingError

VALIDATION_FRACTION = 0.2  # share of the training digits set aside for validation
SIZES = (50, 100, 200, 500, 1_000, 2_000)   # training digits of each point, then all of them
STILL_RISING = 0.5   # points of validation accuracy gained per doubling of the digits: still rising
WIDE_GAP = 2.0       # points between training and validation accuracy that count as a wide gap


def splitValidation(train, seed, setting="lambd", needs="{option} with several values",
                    fix="give one λ"):
    """Training rows (fit, validation): a seeded VALIDATION_FRACTION of the training digits is
    set aside to validate on. Only the training rows are split, and before any shifted copy is
    made, so the held-out digits stay unseen and no copy of a validation digit is trained on. Too
    few training digits: a SettingError saying what needs the split (`needs`, of `setting`) and
    how to do without it."""
    if round(len(train) * VALIDATION_FRACTION) in (0, len(train)):
        raise SettingError(setting, f"{needs} needs at least 3 training digits to set some aside "
                                    f"for validation, there are {len(train)}: {fix}")
    fit, validation = training.splitHeldOut(len(train), VALIDATION_FRACTION, seed)
    return train[fit], train[validation]


def trainEach(settings, setting, values, X, y, fit, validation, dataDir, header, result):
    """One network per value of one setting (the others as given), each trained on the rows fit
    as train.py trains (training.trainOn) and measured on fit and on validation: (networks,
    training accuracies, validation accuracies), in %. header(value) and result(value, network,
    training %, validation %) are the progress lines printed before and after each."""
    networks, fitted, validated = [], [], []
    for i, value in enumerate(values, 1):
        print(f"--- {header(value)} ({i} of {len(values)}) ---")
        nn = training.trainOn(dataclasses.replace(settings, **{setting: value}), X, y, fit, dataDir)
        networks.append(nn)
        fitted.append(nn.percentCorrect(X[fit], y[fit]))
        validated.append(nn.percentCorrect(X[validation], y[validation]))
        print(result(value, nn, fitted[-1], validated[-1]))
    return networks, fitted, validated


# ----- choosing λ -----

def chooseLambda(settings, lambdas, X, y, train, dataDir, plotsDir):
    """The λ of `lambdas` with the best validation accuracy, each tried with the other settings
    (training.trainOn, from dataDir's start)."""
    seed = settings.seed
    fit, validation = splitValidation(train, seed)
    print(f"Validation curve: {len(validation)} of the {len(train)} training digits set aside "
          f"to choose λ (seed {seed}); they are not trained on")
    networks, trainingAccuracy, validationAccuracy = trainEach(
        settings, "lambd", lambdas, X, y, fit, validation, dataDir,
        lambda lambd: f"Validation curve: training with λ = {lambd:g}",
        lambda lambd, nn, fitted, valid: f"λ = {lambd:g}: training digits {fitted:.2f}%, "
                                         f"validation digits {valid:.2f}% ({len(nn.costs)} iterations)")
    weights = [nn.W1 for nn in networks]
    chosen = bestLambda(lambdas, validationAccuracy)
    printLambdaCurve(lambdas, trainingAccuracy, validationAccuracy, chosen)
    path = figures.plotValidationCurve(lambdas, trainingAccuracy, validationAccuracy, chosen, plotsDir)
    print(f"Saved {path}")
    path = figures.plotLambdaWeights(lambdas, weights, trainingAccuracy, validationAccuracy, plotsDir)
    print(f"Saved {path}")
    print(f"Retraining on all {len(train)} training digits with λ = {chosen:g}")
    return chosen


def bestLambda(lambdas, validationAccuracy):
    """The λ with the best validation accuracy; of tied ones the largest, the simpler model."""
    return max(zip(validationAccuracy, lambdas))[1]


def printLambdaCurve(lambdas, trainingAccuracy, validationAccuracy, chosen):
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


# ----- choosing the hidden layer's size -----

def chooseHidden(settings, sizes, X, y, train, dataDir, plotsDir):
    """The number of hidden units of `sizes` with the best validation accuracy (of tied ones the
    smaller, the simpler model), each tried with the other settings (training.trainOn); saves
    plots/HiddenSize.png: the accuracies and the training time against the size."""
    fit, validation = splitValidation(train, settings.seed, "hidden")
    print(f"Hidden-size curve: {len(validation)} of the {len(train)} training digits set aside "
          f"to choose the hidden layer's size (seed {settings.seed}); they are not trained on")
    networks, trainingAccuracy, validationAccuracy = trainEach(
        settings, "hidden", sizes, X, y, fit, validation, dataDir,
        lambda hidden: f"Hidden-size curve: training {hidden} hidden units",
        lambda hidden, nn, fitted, valid: f"{hidden} hidden units: training digits {fitted:.2f}%, "
                                          f"validation digits {valid:.2f}%, "
                                          f"{nn.evaluationSeconds:.1f} s of training")
    seconds = [nn.evaluationSeconds for nn in networks]
    best = max(validationAccuracy)
    chosen = min(h for h, valid in zip(sizes, validationAccuracy) if valid == best)  # ties: fewer
    print(f"{'hidden':>8}  {'training':>9}  {'validation':>10}  {'seconds':>8}")
    for hidden, fitted, valid, took in zip(sizes, trainingAccuracy, validationAccuracy, seconds):
        mark = "  ← chosen" if hidden == chosen else ""
        print(f"{hidden:>8}  {fitted:>8.2f}%  {valid:>9.2f}%  {took:>8.1f}{mark}")
    path = figures.plotHiddenSize(sizes, trainingAccuracy, validationAccuracy, seconds, chosen,
                                  len(validation), plotsDir)
    print(f"Saved {path}")
    print(f"Retraining on all {len(train)} training digits with {chosen} hidden units")
    return chosen


# ----- the learning curve -----

def drawLearningCurve(settings, X, y, train, dataDir, plotsDir):
    """Train on growing subsets of the training digits (training.trainOn with these settings and
    no non-digits), print the table and its reading, save plots/LearningCurve.png; returns
    (sizes, training accuracies, validation accuracies), in %."""
    seed = settings.seed
    fit, validation = splitValidation(train, seed, "learningCurve", "{option}", "give more examples")
    sizes, dropped = curveSizes(len(fit))
    print(f"Learning curve: {len(validation)} of the {len(train)} training digits set aside for "
          f"validation (seed {seed}), never trained on; the network is trained on "
          f"{', '.join(f'{n:,}' for n in sizes)} of the other {len(fit):,}")
    if dropped:
        print(f"Left out: {', '.join(f'{n:,}' for n in dropped)} (more than the {len(fit):,} "
              f"training digits there are)")
    order = np.random.default_rng(seed).permutation(fit)   # each subset holds the one before
    fitted, validating = [], []
    for i, n in enumerate(sizes, 1):
        print(f"--- Learning curve: training on {n:,} digits ({i} of {len(sizes)}) ---")
        rows = order[:n]
        nn = training.trainOn(settings, X, y, rows, dataDir, nonDigits=0)
        fitted.append(nn.percentCorrect(X[rows], y[rows]))
        validating.append(nn.percentCorrect(X[validation], y[validation]))
    printLearningCurve(sizes, fitted, validating, len(validation))
    print(readCurve(sizes, fitted, validating))
    print(f"Saved {figures.plotLearningCurve(sizes, fitted, validating, len(validation), plotsDir)}")
    return sizes, fitted, validating


def curveSizes(available):
    """(sizes, dropped): the SIZES below `available`, then `available` itself (all the training
    digits); and the SIZES above it, which there are not enough digits for."""
    return ([n for n in SIZES if n < available] + [available],
            [n for n in SIZES if n > available])


def printLearningCurve(sizes, training, validating, validationCount):
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
