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
    DIGITS, PLOTS_DIR, WEIGHTS_CMAP, checkClasses, drawDigitGrid, drawProbabilityBars, gridShape,
    heading, markTrueDigit, openFigure, probabilitiesByDigit, reading, saveFigure, showDigit,
    tilePanel, weightScale)


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
    limit = weightScale(weights)                        # one scale for every tile
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


def plotHiddenSize(sizes, trainingAccuracy, validationAccuracy, seconds, chosen, validationCount,
                   plotsDir=PLOTS_DIR):
    """HiddenSize.png: accuracy on the training digits and on the validation digits (set aside,
    never trained on) against the number of hidden units (log axis), and the training time of
    each beside it; the chosen size marked."""
    order = np.argsort(sizes)
    sizes, training, validation, seconds = (np.asarray(a, dtype=float)[order] for a in
                                            (sizes, trainingAccuracy, validationAccuracy, seconds))
    with openFigure(figsize=(12, 5.6)) as fig:
        accuracyAx, timeAx = fig.subplots(1, 2, width_ratios=(3, 2))
        accuracyAx.plot(sizes, training, marker="o", label="training digits (trained on)")
        accuracyAx.plot(sizes, validation, marker="s",
                        label=f"validation digits ({validationCount}, never trained on)")
        best = validation[sizes == chosen][0]
        accuracyAx.plot([chosen], [best], marker="*", markersize=16, color="tab:red",
                        linestyle="none", label=f"chosen: {chosen:g} units (best validation; "
                                                f"ties → fewer)")
        timeAx.bar([f"{s:g}" for s in sizes], seconds, color="0.6")
        timeAx.set(xlabel="hidden units", ylabel="seconds of training (its evaluations)",
                   title="what each size costs")
        for ax in (accuracyAx,):
            ax.set_xscale("log")
            ax.set_xticks(sizes, [f"{s:g}" for s in sizes])
            ax.minorticks_off()
            ax.set(xlabel="hidden units (log scale)", ylabel="accuracy (%)",
                   title="accuracy against the hidden layer's size")
            ax.grid(alpha=0.3)
            ax.legend(loc="lower right")
        timeAx.grid(axis="y", alpha=0.3)
        course = np.flatnonzero(sizes == 25)
        widest = len(sizes) - 1
        gain = validation[widest] - validation[course[0]] if len(course) else np.nan
        fig.suptitle(f"How many hidden units? Validation accuracy {validation.min():.1f}–"
                     f"{validation.max():.1f} %, training {seconds.min():.0f}–{seconds.max():.0f} s",
                     fontsize=14)
        fig.tight_layout(rect=(0, 0.08, 1, 0.95))
        sentence = (f"From 25 to {sizes[widest]:g} units validation accuracy changes by "
                    f"{gain:+.2f} points for {seconds[widest] / seconds[course[0]]:.1f}× the "
                    f"training time; the gap to training accuracy at 25 units is "
                    f"{training[course[0]] - validation[course[0]]:.1f} points."
                    if len(course) else "The course's 25 units are not among these sizes.")
        reading(fig, sentence + "\nRead it with LearningCurve.png (train.py --learning-curve): "
                            "is the 25-unit network short of data, or short of units?")
        return saveFigure(fig, plotsDir, "HiddenSize")


def plotLambdaWeights(lambdas, weights, trainingAccuracy, validationAccuracy, plotsDir=PLOTS_DIR):
    """Lambda.png: the hidden units' input weights trained at each λ, side by side on one
    diverging scale (so that regularization's shrinking of the weights shows), each with its
    training and validation accuracy."""
    order = np.argsort(lambdas)
    units = [np.asarray(weights[i], dtype=float)[:, 1:] for i in order]
    limit = weightScale(np.concatenate(units))          # one scale for every λ
    rows, columns = gridShape(len(units[0]))
    gaps = [trainingAccuracy[i] - validationAccuracy[i] for i in order]
    smallest, largest = order[0], order[-1]
    best = int(np.argmax(validationAccuracy))
    with openFigure(figsize=(4.2 * len(units), 6.2)) as fig:
        for panel, (i, W) in enumerate(zip(order, units)):
            ax = fig.add_axes((panel / len(units) + 0.01, 0.24, 1 / len(units) - 0.02, 0.58))
            tilePanel(ax, W, columns, f"λ = {lambdas[i]:g}\ntraining {trainingAccuracy[i]:.1f} %, "
                                      f"validation {validationAccuracy[i]:.1f} %\nmean |weight| "
                                      f"{np.abs(W).mean():.3f}", limit=limit)
        bar = fig.add_axes((0.3, 0.16, 0.4, 0.025))
        fig.colorbar(ScalarMappable(Normalize(-limit, limit), WEIGHTS_CMAP), cax=bar,
                     orientation="horizontal", extend="both",
                     label="input weight (one scale for every λ)")
        fig.suptitle("The same hidden units trained at each λ: what regularization does to the "
                     "weights", fontsize=15)
        reading(fig, f"λ = {lambdas[smallest]:g} lets the weights grow (mean |weight| "
                     f"{np.abs(units[0]).mean():.2f}) into speckle that fits the training digits' noise: "
                     f"training {gaps[0]:.1f} points above validation (overfitting).\nλ = "
                     f"{lambdas[largest]:g} shrinks them to faint blurs ({np.abs(units[-1]).mean():.2f}): "
                     f"the gap closes to {gaps[-1]:.1f} points, but validation accuracy is "
                     f"{validationAccuracy[largest]:.1f} % against {validationAccuracy[best]:.1f} % at "
                     f"λ = {lambdas[best]:g} (underfitting).")
        return saveFigure(fig, plotsDir, "Lambda")


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


# ----- the training, explained -----

def plotOptimizers(runs, budget, rows, plotsDir=PLOTS_DIR):
    """Optimizers.png: the cost J against the evaluations spent (left) and against seconds
    (right) for each optimizers.Run, on a log scale (a rate too large sends J up before it comes
    down), each method's held-out accuracy in its legend entry."""
    styles = ["--", "-", ":", "-", "-", "-"]
    with openFigure(figsize=(14, 7)) as fig:
        axes = fig.subplots(1, 2, sharey=True)
        for run, style in zip(runs, styles):
            for ax, x in zip(axes, (run.evaluations, run.seconds)):
                ax.plot(x, run.costs, style, linewidth=2.4 if run is runs[-1] else 1.6,
                        label=f"{run.name}: {run.heldOut:.1f}%")
        axes[0].set(xlabel="evaluations of J and its gradient (a mini-batch epoch counts as one)",
                    ylabel="cost J on the training rows (log scale)", yscale="log",
                    title=f"the same budget: {budget} evaluations each")
        axes[1].set(xlabel="seconds on this machine (log scale)", xscale="log",
                    title="the same, against time")
        for ax in axes:
            ax.grid(alpha=0.3, which="both")
        axes[0].legend(title="method: held-out digits read correctly at the end", fontsize=10,
                       loc="upper right")
        best = min(runs[:-1], key=lambda run: run.costs[-1])
        last = runs[-1]
        fig.suptitle(f"How the same network learns with other optimizers: one start, "
                     f"{rows:,} training digits", fontsize=15)
        fig.tight_layout(rect=(0, 0.07, 1, 0.95))
        reading(fig, f"L-BFGS-B ends at J = {last.costs[-1]:.3f} with no learning rate to choose; the "
                     f"best of the others, {best.name}, at {best.costs[-1]:.3f}.\nEach L-BFGS-B "
                     f"iteration picks its direction from the last steps' gradients and tries step "
                     f"lengths along it; gradient descent's fixed rate is too slow or overshoots.")
        return saveFigure(fig, plotsDir, "Optimizers")
