"""The pictures of inside.py, saved as PNG in plots/: one hidden unit up close, every unit switched
off in turn, where the digits land, what the network imagines each digit is, and how far a digit
can move before it is misread. Each says in its title what to look at and in one sentence at the
bottom what it shows. (HiddenUnits.png, all 25 units at once, is figures.py's: train.py draws it.)
"""
import numpy as np
from matplotlib.patches import Rectangle

from recognizer import hiddenlayer, robustness
from recognizer.conventions import classToDigit, classesOf, digitToClass
from recognizer.plotting import (
    DIGITS, PLOTS_DIR, drawDigitGrid, drawTile, openFigure, reading, saveFigure, tilePanel,
    weightScale)

DIGIT_COLOURS = [f"C{d}" for d in DIGITS]      # one colour per digit, as matplotlib's tab10


def plotUnit(nn, unit, Xtrain, unitsOff, plotsDir=PLOTS_DIR):
    """Unit_<n>.png: hidden unit `unit` (0-based; shown 1-based) of the network nn up close — its
    400 input weights on HiddenUnits.png's scale; the training digits (of Xtrain) that fire it
    most and that leave it off; its vote for each digit (Θ2's column, by digit); and each digit's
    held-out accuracy with it and without it (unitsOff: hiddenlayer.UnitsOff)."""
    n = unit + 1
    allWeights = nn.W1[:, 1:]
    weights, limit = allWeights[unit], weightScale(allWeights)     # HiddenUnits.png's scale
    most, least, activation = hiddenlayer.firingExtremes(nn, Xtrain, unit)
    fired, off = (Xtrain[most], activation[most]), (Xtrain[least], activation[least])
    votes = hiddenlayer.votesByDigit(nn.W2)[unit]
    without, baseline = unitsOff.without[unit], unitsOff.baseline
    overall = unitsOff.overall()[unit]
    before = unitsOff.allOn()
    worst = int(np.argmax(baseline - without))
    up, down = int(np.argmax(votes)), int(np.argmin(votes))
    with openFigure(figsize=(13, 8.6)) as fig:
        grid = fig.add_gridspec(2, 3, width_ratios=(1, 1.5, 1.5), height_ratios=(1, 1),
                                left=0.05, right=0.98, top=0.86, bottom=0.12, wspace=0.25, hspace=0.45)
        weightAx = fig.add_subplot(grid[0, 0])
        image = drawTile(weightAx, weights, limit=limit)
        weightAx.set(xticks=[], yticks=[], title=f"its 400 input weights Θ1[{n},1:]")
        fig.colorbar(image, ax=weightAx, orientation="horizontal", fraction=0.07, pad=0.04,
                     extend="both", label="red: ink there fires it, blue: stops it")
        for cell, (rows, activations), what in ((grid[0, 1], fired, "fire it most"),
                                                (grid[0, 2], off, "leave it off")):
            tilePanel(fig.add_subplot(cell), rows, 4, f"the {len(rows)} training digits that {what}",
                      0.3, [f"a2 = {a:.2f}" for a in activations], fontsize=10)
        voteAx = fig.add_subplot(grid[1, 0])
        voteAx.bar(DIGITS, votes, color=["tab:red" if v > 0 else "tab:blue" for v in votes])
        voteAx.axhline(0, color="0.3", linewidth=0.8)
        voteAx.set(xticks=DIGITS, xlabel="digit", ylabel="Θ2[k, unit]: vote at full fire",
                   title="its vote for each digit")
        accuracyAx = fig.add_subplot(grid[1, 1:])
        width = 0.4
        accuracyAx.bar(DIGITS - width / 2, baseline, width, label="with it (as trained)", color="0.6")
        accuracyAx.bar(DIGITS + width / 2, without, width, color="tab:orange",
                       label=f"without it (held at its mean activation, {unitsOff.heldAt[unit]:.2f})")
        accuracyAx.set(xticks=DIGITS, xlabel="digit", ylabel="held-out digits read correctly (%)",
                       ylim=(max(0, min(without.min(), baseline.min()) - 10), 108),
                       title="each digit's held-out accuracy, with and without it")
        accuracyAx.legend(loc="upper center", ncol=2, fontsize=10)
        accuracyAx.grid(axis="y", alpha=0.3)
        fig.suptitle(f"Hidden unit {n} up close: it votes most for {up} ({votes[up]:+.1f}) and "
                     f"against {down} ({votes[down]:+.1f})", fontsize=15)
        reading(fig, f"Without unit {n}, the held-out digits read correctly fall from {before:.1f} % "
                     f"to {overall:.1f} %; digit {worst} loses most, {baseline[worst]:.1f} % → "
                     f"{without[worst]:.1f} %.\nHeld at its mean, the unit still adds its average "
                     f"vote: what is lost is what it tells apart.")
        return saveFigure(fig, plotsDir, f"Unit_{n}")


def plotUnitsOff(unitsOff, plotsDir=PLOTS_DIR, named=4):
    """UnitsOff.png: how many points of each digit's held-out accuracy are lost with each unit
    switched off in turn (a units × digits table drawn as a picture, the largest drops named),
    beside the accuracy over all digits without each unit."""
    drops = unitsOff.drops()
    units = len(drops)
    overall = unitsOff.overall()
    before = unitsOff.allOn()
    largest = np.dstack(np.unravel_index(np.argsort(-drops, axis=None)[:named], drops.shape))[0]
    with openFigure(figsize=(11, 10.4)) as fig:
        grid = fig.add_gridspec(1, 2, width_ratios=(10, 3), left=0.08, right=0.97, top=0.86,
                                bottom=0.13, wspace=0.08)
        ax = fig.add_subplot(grid[0])
        limit = max(np.abs(drops).max(), 1.0)
        image = ax.imshow(drops, cmap="RdBu_r", vmin=-limit, vmax=limit, aspect="auto")
        for (j, d), drop in np.ndenumerate(drops):
            if abs(drop) >= 0.05:
                ax.text(d, j, f"{drop:.0f}" if abs(drop) >= 9.5 else f"{drop:.1f}", ha="center",
                        va="center", fontsize=7.5, color="white" if abs(drop) > limit / 2 else "0.2")
        for j, d in largest:
            ax.add_patch(Rectangle((d - 0.5, j - 0.5), 1, 1, fill=False, linewidth=2))
        ax.set(xticks=DIGITS, yticks=range(units), yticklabels=[f"unit {j + 1}" for j in range(units)],
               xlabel="digit", title="points of each digit's held-out accuracy lost without the unit")
        ax.xaxis.set_ticks_position("top")
        ax.xaxis.set_label_position("top")
        side = fig.add_subplot(grid[1], sharey=ax)
        fig.colorbar(image, ax=[ax, side], orientation="horizontal", fraction=0.04, pad=0.03,
                     aspect=50, label="points lost (red) or gained (blue)")
        side.barh(range(units), before - overall, color="tab:orange")
        side.set(xlabel="points lost, all digits", title="over all digits")
        side.tick_params(labelleft=False)
        side.grid(axis="x", alpha=0.3)
        names = ", ".join(f"unit {j + 1} → digit {d} (−{drops[j, d]:.1f})" for j, d in largest)
        fig.suptitle(f"Switching off one hidden unit at a time ({unitsOff.counts.sum()} held-out "
                     f"digits)\nthe largest drops: {names}", fontsize=13)
        small = int(np.sum(before - overall < 1))
        reading(fig, f"{small} of the {units} units each cost the held-out digits less than one "
                     f"point ({before:.1f} % with all of them): the network spreads what it knows, "
                     f"and a unit matters most to one or two digits. A unit is held at its mean "
                     f"activation, not 0: the loss is what it tells apart.")
        return saveFigure(fig, plotsDir, "UnitsOff")


def sameDigitNeighbours(points, digits):
    """The share of points whose nearest other point on the map shows the same digit: how well a
    map keeps the digits apart (1 = every digit among its own kind).

    Squared distances as |a|² + |b|² − 2 a·b: one n×n matrix product, where the differences of
    every pair took n×n×d numbers (3.2 GB and 10 s for 1,000 digits of 400 pixels)."""
    points = np.asarray(points, dtype=float)
    squares = np.einsum("ij,ij->i", points, points)
    distance = squares[:, None] + squares[None, :] - 2 * points @ points.T
    np.fill_diagonal(distance, np.inf)
    return float(np.mean(digits[np.argmin(distance, axis=1)] == digits))


def plotHiddenSpace(nn, X, digits, others, plotsDir=PLOTS_DIR):
    """HiddenSpace.png: the digits X (held-out ones; `digits` their digits) placed by the first two
    principal components of their 400 pixels and of their hidden activations (nn.hidden), coloured
    by digit, the rows `others` (generated non-digits) in grey; the sentence measures with
    sameDigitNeighbours how well each map keeps the digits apart, on the map and in full."""
    rows = np.vstack((X, others))
    pixelMap, pixelShare = hiddenlayer.principalComponents(rows)
    hiddenMap, hiddenShare = hiddenlayer.principalComponents(nn.hidden(rows))
    variance = (pixelShare, hiddenShare)
    inFull = [sameDigitNeighbours(points, digits) for points in (X, nn.hidden(X))]
    n = len(digits)
    kept = [sameDigitNeighbours(points[:n], digits) for points in (pixelMap, hiddenMap)]
    with openFigure(figsize=(15, 7.6)) as fig:
        axes = fig.subplots(1, 2)
        for ax, points, what, share, keep in zip(
                axes, (pixelMap, hiddenMap), ("their 400 pixels", "their 25 hidden activations a2"),
                variance, kept):
            ax.scatter(*points[n:].T, s=10, color="0.7", label="not a digit", marker="x")
            for d in DIGITS:
                ax.scatter(*points[:n][digits == d].T, s=9, color=DIGIT_COLOURS[d], label=str(d))
            ax.set(xlabel="first principal component", ylabel="second principal component",
                   xticks=[], yticks=[])
            ax.set_title(f"placed by {what}\nthese two components hold {100 * sum(share):.0f} % "
                         f"of the variance;\na digit's nearest neighbour here is the same digit "
                         f"for {100 * keep:.0f} %", fontsize=12)
        axes[1].legend(title="digit", loc="center left", bbox_to_anchor=(1.01, 0.5), markerscale=2)
        fig.suptitle(f"Where {n} held-out digits land: by their pixels (left) and by what the "
                     f"hidden layer makes of them (right)", fontsize=15)
        fig.subplots_adjust(left=0.03, right=0.9, top=0.8, bottom=0.12, wspace=0.1)
        reading(fig, f"By pixels the digits overlap; by hidden activations each digit draws together: "
                     f"a digit's nearest neighbour is the same digit for {100 * kept[0]:.0f} % → "
                     f"{100 * kept[1]:.0f} % on these maps, {100 * inFull[0]:.0f} % → "
                     f"{100 * inFull[1]:.0f} % in all 400 pixels → all 25 activations.\nThe output "
                     f"layer then only has to separate the regions with straight lines.  "
                     f"Grey ×: pictures that are not digits.")
        return saveFigure(fig, plotsDir, "HiddenSpace")


def plotImagined(nn, Xtrain, ytrain, plotsDir=PLOTS_DIR):
    """Imagined.png: for each digit 0–9, its average training digit (of Xtrain, ytrain), and the
    input in [0, 1] that drives its output highest, found by gradient ascent (hiddenlayer.imagine)
    from a blank page and from the average; under each, that digit's output h_k."""
    trainDigits = classToDigit(classesOf(ytrain))
    averages = np.array([Xtrain[trainDigits == d].mean(axis=0) for d in DIGITS])
    outputOf = [digitToClass(d) - 1 for d in DIGITS]              # digit d → its output, 0-based
    fromBlank = [hiddenlayer.imagine(nn, outputOf[d], np.zeros(nn.inputSize)) for d in DIGITS]
    fromAverage = [hiddenlayer.imagine(nn, outputOf[d], averages[d]) for d in DIGITS]
    rows = [*averages, *fromBlank, *fromAverage]
    outputs = [[nn.forward(row)[outputOf[d]] for d, row in zip(DIGITS, images)]
               for images in (averages, fromBlank, fromAverage)]
    captions = [f"{outputs[r][d]:.2f}" for r in range(3) for d in DIGITS]
    heading = ("What the network imagines each digit 0–9 is (under each: its output h)\n"
               "top: the average training digit\nmiddle: gradient ascent on the 400 pixels from a "
               "blank page\nbottom: the same ascent from the average digit")
    with openFigure() as fig:
        drawDigitGrid(fig, rows, (3, 10), heading, captions, footIn=0.55)
        reading(fig, "From a blank page a few scattered pixels drive an output to 1: what the\n"
                     "network answers to is not a digit a person would write. From the average,\n"
                     "the ascent sharpens the strokes that tell that digit from the others.")
        return saveFigure(fig, plotsDir, "Imagined")


def plotRobustness(nn, other, otherName, Xtest, ytest, plotsDir=PLOTS_DIR):
    """Robustness.png: accuracy on the held-out digits Xtest, ytest against a shift, a turn, a
    scale and a stroke change (robustness.curves), for the network nn and for another one
    (`other`, named otherName). Returns the picture's path and both networks' curves."""
    curves, otherCurves = robustness.curves(nn, Xtest, ytest), robustness.curves(other, Xtest, ytest)
    panels = (("shift", "shifted by (pixels, each of 4 ways)"),
              ("turn", "turned by (degrees, both ways)"),
              ("scale", "scaled by (× the digit's size)"),
              ("stroke", "strokes thinner (−) or thicker (+), pixels each way"))
    with openFigure(figsize=(13, 9)) as fig:
        axes = fig.subplots(2, 2).ravel()
        for ax, (name, label) in zip(axes, panels):
            for found, who, style in ((curves, "the trained model (with shifted copies)", "o-"),
                                      (otherCurves, otherName, "s--")):
                amounts, accuracy = found[name]
                ax.plot(amounts, accuracy, style, label=who)
            ax.set(xlabel=label, ylabel="held-out digits read correctly (%)", ylim=(0, 100))
            ax.set_xticks(curves[name][0])
            ax.grid(alpha=0.3)
        axes[0].legend(loc="lower left")
        shift, otherShift = curves["shift"][1], otherCurves["shift"][1]
        fig.suptitle("How far a digit can move before it is misread", fontsize=15)
        fig.tight_layout(rect=(0, 0.06, 1, 0.96))
        reading(fig, f"A shift of 2 pixels costs {shift[0] - shift[2]:.0f} points ({otherName}: "
                     f"{otherShift[0] - otherShift[2]:.0f}): the network knows a stroke only where it "
                     f"has seen one.\nThat is why picture.py centres every picture by its mass "
                     f"first, as MNIST did, and why train.py also trains on each digit moved one "
                     f"pixel four ways.")
        return saveFigure(fig, plotsDir, "Robustness"), curves, otherCurves
