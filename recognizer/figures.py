"""The pictures of a training and of one answer, saved as PNG in plots/: the cost curve, the
hidden units, the λ and learning curves, the held-out confusion matrix, the misclassified and
misread digits, and one prediction beside its 10 outputs. (The tutorial's grid of digits is
display.py's displayData; why an answer was given is why.py's; the animation, animation.py's.)
"""
import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, PowerNorm
from matplotlib.ticker import MaxNLocator

from recognizer.conventions import classToDigit
from recognizer.hiddenlayer import strongestVotes
from recognizer.plotting import (
    DIGITS, PLOTS_DIR, WEIGHTS_CMAP, checkClasses, drawDigitGrid, drawProbabilityBars, gridShape, heading,
    markTrueDigit, openFigure, probabilitiesByDigit, saveFigure, showDigit)


# ----- training -----

def plotCost(costs, plotsDir=PLOTS_DIR, title=None):
    """The cost J(Θ) after each training iteration (x: iteration 1..n); saved as Cost.png."""
    costs = np.asarray(costs, dtype=float)
    iterations = np.arange(1, len(costs) + 1)
    with openFigure(figsize=(7, 5)) as fig:
        ax = fig.subplots()
        ax.plot(iterations, costs, marker="o" if len(costs) <= 30 else None, markersize=4)
        ax.set_xlabel("iteration")
        ax.set_ylabel("cost J(Θ)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # iterations are whole numbers
        ax.grid(alpha=0.3)
        summary = (f"from {costs[0]:.4f} to {costs[-1]:.4f} in {len(costs)} iterations"
                   if len(costs) else "no iterations recorded")
        ax.set_title(heading(title, f"Training cost J(Θ): {summary}"))
        fig.tight_layout()
        return saveFigure(fig, plotsDir, title or "Cost")


def plotHiddenUnits(W1, W2, plotsDir=PLOTS_DIR, title=None):
    """What each hidden unit looks for (course ex4, "visualizing the hidden layer"): the input
    weights of each unit (W1 without its bias column) as an upright tile, all on one diverging
    scale (white = weight 0: pixels the unit ignores), in a near-square grid (5×5 for 25 units),
    numbered 1..25 as Θ2's columns and the Why pictures number them, each with its strongest vote
    for and against a digit (from W2, Θ2's column); saved as HiddenUnits.png."""
    weights = np.asarray(W1, dtype=float)[:, 1:]
    # one scale for all tiles, to the 99th percentile of |weight|: the few strongest weights would
    # otherwise wash every tile out (beyond it, a weight shows in full colour)
    limit = np.percentile(np.abs(weights), 99) or 1.0
    captions = [f"unit {j + 1}\n{up:+.1f}→{upDigit} {down:+.1f}→{downDigit}"
                for j, ((up, upDigit), (down, downDigit)) in enumerate(strongestVotes(W2))]
    description = heading(title, f"What each of the {len(weights)} hidden units looks for: its 400 "
                                 f"input weights Θ1[j,1:]\nred: ink there fires the unit, blue: ink "
                                 f"there stops it, white: ignored\nunder each, its strongest votes: "
                                 f"+3.1→7 adds 3.1 to digit 7's z3 at full fire")
    with openFigure() as fig:
        drawDigitGrid(fig, weights, gridShape(len(weights)), description, captions, limit,
                      footIn=0.9)
        height = fig.get_figheight()
        bar = fig.add_axes((0.15, 0.5 / height, 0.7, 0.14 / height))
        fig.colorbar(ScalarMappable(Normalize(-limit, limit), WEIGHTS_CMAP), cax=bar,
                     orientation="horizontal", extend="both",
                     label="input weight, one scale for every unit")
        return saveFigure(fig, plotsDir, title or "HiddenUnits")


def plotValidationCurve(lambdas, trainingAccuracy, validationAccuracy, chosen, plotsDir=PLOTS_DIR,
                        title=None):
    """Course ex5's validation curve: accuracy (%) on the training digits and on the validation
    digits (set aside, never trained on) against λ on a log axis, the chosen λ marked;
    saved as ValidationCurve.png."""
    order = np.argsort(lambdas)
    lambdas = np.asarray(lambdas, dtype=float)[order]
    training, validation = (np.asarray(a, dtype=float)[order]
                            for a in (trainingAccuracy, validationAccuracy))
    best = validation[lambdas == chosen][0]
    with openFigure(figsize=(7, 5)) as fig:
        ax = fig.subplots()
        ax.plot(lambdas, training, marker="o", label="training digits (trained on)")
        ax.plot(lambdas, validation, marker="s", label="validation digits (never trained on)")
        ax.axvline(chosen, color="gray", linestyle=":", zorder=0)
        ax.plot([chosen], [best], marker="*", markersize=16, color="tab:red", linestyle="none",
                label=f"chosen λ = {chosen:g} (best validation accuracy; ties → larger λ)")
        lambdaAxis(ax, lambdas)
        ax.set_ylabel("accuracy (%)")
        ax.grid(alpha=0.3)
        ax.legend(loc="best")
        ax.set_title(heading(title, f"Validation curve: chosen λ = {chosen:g}, "
                                    f"{best:.2f}% of the validation digits correct"))
        fig.tight_layout()
        return saveFigure(fig, plotsDir, title or "ValidationCurve")


def plotLearningCurve(sizes, trainingAccuracy, validationAccuracy, validationCount,
                      plotsDir=PLOTS_DIR, title=None):
    """Course ex5's learning curve: accuracy (%) on the digits trained on and on the validation
    digits (validationCount of them, never trained on) against the number of training digits, on
    a log axis with a tick at each; saved as LearningCurve.png."""
    with openFigure(figsize=(7, 5)) as fig:
        ax = fig.subplots()
        ax.plot(sizes, trainingAccuracy, marker="o", label="training digits (trained on)")
        ax.plot(sizes, validationAccuracy, marker="s",
                label=f"validation digits ({validationCount}, never trained on)")
        ax.set_xscale("log")
        ax.set_xticks(sizes, [f"{n:,}" for n in sizes])
        ax.minorticks_off()
        ax.set_xlabel("training digits (log scale)")
        ax.set_ylabel("accuracy (%)")
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right")
        ax.set_title(heading(title, f"Learning curve: {validationAccuracy[-1]:.2f}% of the "
                                    f"validation digits correct\nafter training on "
                                    f"{sizes[-1]:,} digits"))
        fig.tight_layout()
        return saveFigure(fig, plotsDir, title or "LearningCurve")


def lambdaAxis(ax, lambdas):
    """x axis for λ: logarithmic with a tick at each λ; linear near 0 when λ = 0 is among them."""
    positive = lambdas[lambdas > 0]
    if len(positive) < len(lambdas):
        ax.set_xscale("symlog", linthresh=positive.min() if len(positive) else 1.0)
    else:
        ax.set_xscale("log")
    ax.set_xticks(lambdas, [f"{lambd:g}" for lambd in lambdas])
    ax.minorticks_off()
    ax.set_xlabel("regularization λ (log scale)")


# ----- evaluation on the held-out set -----

def confusionCounts(trueClasses, predictedClasses):
    """10×10 counts indexed by digit: [t, p] = how many examples of true digit t were predicted
    as digit p (classes 1..10 in, class 10 counted as digit 0)."""
    trueDigits = classToDigit(checkClasses(trueClasses))
    predictedDigits = classToDigit(checkClasses(predictedClasses))
    if len(trueDigits) != len(predictedDigits):
        raise ValueError(f"{len(trueDigits)} true classes but {len(predictedDigits)} predicted")
    counts = np.zeros((10, 10), dtype=int)
    np.add.at(counts, (trueDigits, predictedDigits), 1)
    return counts


def accuracyText(counts):
    """'97.52% correct (1000 digits)' from a confusion matrix."""
    total = counts.sum()
    percent = 100 * np.trace(counts) / total if total else 0.0
    return f"{percent:.2f}% correct ({total} digits)"


def plotConfusion(trueClasses, predictedClasses, plotsDir=PLOTS_DIR, title=None):
    """Confusion matrix of the held-out set: rows are the true digit 0–9, columns the predicted
    digit 0–9, the count written in every cell; saved as ConfusionMatrix.png.

    Colours follow √count so that the few errors stand out beside the large diagonal.
    """
    counts = confusionCounts(trueClasses, predictedClasses)
    with openFigure(figsize=(7.5, 7)) as fig:
        ax = fig.subplots()
        norm = PowerNorm(0.5, vmin=0, vmax=max(1, counts.max()))
        image = ax.imshow(counts, cmap="Blues", norm=norm)
        writeCounts(ax, counts, image)
        ax.set_xticks(DIGITS)
        ax.set_yticks(DIGITS)
        ax.set_xlabel("predicted digit", fontsize=12)
        ax.set_ylabel("true digit", fontsize=12)
        ax.set_title(heading(title,
                             f"Confusion matrix of the held-out set: {accuracyText(counts)}"),
                     fontsize=13)
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="count")
        fig.tight_layout()
        return saveFigure(fig, plotsDir, title or "ConfusionMatrix")


def writeCounts(ax, counts, image):
    """Write each count in its cell: white on dark cells, black on light ones."""
    for (t, p), n in np.ndenumerate(counts):
        r, g, b, _ = image.cmap(image.norm(n))
        ink = "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.5 else "black"
        ax.text(p, t, str(n), ha="center", va="center", color=ink, fontsize=10)


def plotMisclassified(X, trueClasses, predictedClasses, plotsDir=PLOTS_DIR, title=None, limit=25):
    """Up to `limit` misclassified held-out digits, picked evenly through the set, each captioned
    "true → predicted" in digits; a picture saying so when none is wrong. Saved as
    Misclassified.png."""
    trueClasses, predictedClasses = checkClasses(trueClasses), checkClasses(predictedClasses)
    wrong = np.flatnonzero(trueClasses != predictedClasses)
    shown = spreadOver(wrong, limit)
    captions = [f"{classToDigit(trueClasses[i])} → {classToDigit(predictedClasses[i])}"
                for i in shown]
    description = (f"Misclassified held-out digits (true → predicted)"
                   f"{shownOf(len(shown), len(wrong))}")
    return plotGallery(np.asarray(X)[shown], captions, heading(title, description),
                       f"No misclassified digits:\nall {len(trueClasses)} held-out digits correct",
                       plotsDir, title or "Misclassified")


def plotMisread(X, names, trueDigits, readDigits, plotsDir=PLOTS_DIR, title=None, limit=30):
    """Up to `limit` misread pictures as the network saw them (20×20), picked evenly through the
    list, each captioned with its file name and "true → read" in digits; a picture saying so
    when none is misread. Saved as Misread.png."""
    trueDigits, readDigits = np.asarray(trueDigits), np.asarray(readDigits)
    wrong = np.flatnonzero(trueDigits != readDigits)
    shown = spreadOver(wrong, limit)
    captions = [f"{shortName(names[i])}\n{trueDigits[i]} → {readDigits[i]}" for i in shown]
    description = f"Misread pictures (true → read){shownOf(len(shown), len(wrong))}"
    return plotGallery(np.asarray(X)[shown], captions, heading(title, description),
                       f"No misread pictures:\nall {len(trueDigits)} labelled pictures read correctly",
                       plotsDir, title or "Misread")


def spreadOver(indices, limit):
    """At most `limit` of the indices, picked evenly from first to last (so a sorted set shows
    all its classes, not just its first ones)."""
    if len(indices) <= limit:
        return np.asarray(indices)
    return np.asarray(indices)[np.linspace(0, len(indices) - 1, limit).astype(int)]


def shownOf(shown, total):
    """': 25 of 61 shown' when only some are shown, else ''."""
    return f": {shown} of {total} shown" if shown < total else ""


def shortName(name, limit=16):
    """A file name cut to `limit` characters (its end kept: that is where the digit is) for a caption."""
    name = str(name)
    return name if len(name) <= limit else "…" + name[-(limit - 1):]


def plotGallery(rows, captions, headingText, emptyText, plotsDir, title):
    """A grid of captioned digits under headingText, or emptyText in large type when there are
    none; saved as plotsDir/<title>.png."""
    with openFigure(figsize=(7, 4)) as fig:
        if len(rows):
            drawDigitGrid(fig, rows, gridShape(len(rows)), headingText, captions)
        else:
            fig.suptitle(headingText, fontsize=13)
            fig.text(0.5, 0.5, emptyText, ha="center", va="center", fontsize=16)
        return saveFigure(fig, plotsDir, title)


# ----- one prediction -----

def plotPrediction(x, probabilities, title, plotsDir=PLOTS_DIR, trueClass=None):
    """The digit (upright) beside a bar chart of the network's 10 outputs by digit 0–9, the
    predicted digit's bar highlighted and the true digit marked when trueClass is given.
    Saved as plotsDir/<safeFileName(title)>.png."""
    byDigit = probabilitiesByDigit(probabilities)
    predicted = int(np.argmax(byDigit))
    with openFigure(figsize=(9, 4.6)) as fig:
        digitAx, barAx = fig.subplots(1, 2, width_ratios=(1, 1.5))
        showDigit(digitAx, x)
        drawProbabilityBars(barAx, byDigit, predicted)
        verdict = f"predicted digit {predicted}"
        if trueClass is not None:
            trueDigit = int(classToDigit(checkClasses(trueClass)[0]))
            markTrueDigit(barAx, trueDigit)
            verdict += f", true digit {trueDigit}" + ("" if trueDigit == predicted else " (wrong)")
        fig.suptitle(f"{title}\n{verdict}", fontsize=13)
        fig.tight_layout()
        return saveFigure(fig, plotsDir, title)
