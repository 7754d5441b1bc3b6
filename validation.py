"""validation.py — choosing λ on a validation curve, as the course's exercise 5 does.

A seeded 20 % of the training digits is set aside; the network is trained once per λ on the rest
and measured on both; plots/ValidationCurve.png shows the two accuracies against λ, and the λ with
the best validation accuracy (of tied ones the larger, the simpler model) is the one train.py then
trains with on all the training digits. The held-out digits play no part in the choice.
"""
import cli
import dataset
import display

VALIDATION_FRACTION = 0.2  # share of the training digits set aside to choose λ on


def chooseLambda(lambdas, X, y, train, seed, plotsDir, trainOn):
    """The λ of `lambdas` with the best validation accuracy. trainOn(rows, λ) returns a network
    trained on those rows of X, y the way train.py trains (shifted copies and all)."""
    fit, validation = splitValidation(train, seed)
    print(f"Validation curve: {len(validation)} of the {len(train)} training digits set aside "
          f"to choose λ (seed {seed}); they are not trained on")
    trainingAccuracy, validationAccuracy = [], []
    for i, lambd in enumerate(lambdas, 1):
        print(f"--- Validation curve: training with λ = {lambd:g} ({i} of {len(lambdas)}) ---")
        nn = trainOn(fit, lambd)
        trainingAccuracy.append(nn.percentCorrect(X[fit], y[fit]))
        validationAccuracy.append(nn.percentCorrect(X[validation], y[validation]))
        print(f"λ = {lambd:g}: training digits {trainingAccuracy[-1]:.2f}%, "
              f"validation digits {validationAccuracy[-1]:.2f}% ({len(nn.costs)} iterations)")
    chosen = bestLambda(lambdas, validationAccuracy)
    printCurve(lambdas, trainingAccuracy, validationAccuracy, chosen)
    path = display.plotValidationCurve(lambdas, trainingAccuracy, validationAccuracy, chosen, plotsDir)
    print(f"Saved {path}")
    print(f"Retraining on all {len(train)} training digits with λ = {chosen:g}")
    return chosen


def splitValidation(train, seed, option="--lambd with several values", fix="give one λ"):
    """Training rows (fit, validation): a seeded VALIDATION_FRACTION of the training digits is
    set aside to choose λ on (or to draw the learning curve, learningcurve.py). Only the training
    rows are split, and before any shifted copy is made, so the held-out digits stay unseen and
    no copy of a validation digit is trained on. Too few training digits: a UsageError naming
    the option that needs the split and how to do without it."""
    if round(len(train) * VALIDATION_FRACTION) in (0, len(train)):
        raise cli.UsageError(f"{option} needs at least 3 training digits to set some aside for "
                             f"validation, there are {len(train)}: {fix}")
    fit, validation = dataset.splitHeldOut(len(train), VALIDATION_FRACTION, seed)
    return train[fit], train[validation]


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
