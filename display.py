"""display.py — every picture of the project, saved as PNG; nothing is ever shown on screen.

The tutorial's displayData (a grid of digits) and the pictures train.py and predict.py make:
the cost curve, the held-out confusion matrix, the hidden units, the misclassified digits and
one prediction. Conventions of the course (conventions.py):

* a row of 400 numbers is a 20×20 image in column-major order: row.reshape(20, 20).T is upright;
* classes are 1..10 and class 10 is the digit 0 — the pictures speak in digits only;
* ink is bright on black (gray colormap), as in the course's figures.

Each PNG is written atomically (a temporary file in the same folder, then a rename), so an
interrupted run never leaves a half-written picture, and every figure is closed once saved.
"""
import functools
import math
import re
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no window, works without a display (CI, ssh)
import matplotlib.pyplot as plt  # noqa: E402  (must come after matplotlib.use)
import numpy as np  # noqa: E402
from matplotlib.colors import PowerNorm  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

import atomic  # noqa: E402
from conventions import classToDigit  # noqa: E402

PLOTS_DIR = Path(__file__).resolve().parent / "plots"
DPI = 100
DIGITS = np.arange(10)              # axis order of every digit axis: 0, 1, ..., 9
GAP = 0.04                          # space between the tiles of a grid, in tiles
GIF_DPI = 80                        # an animation's frames: 800 pixels across
GIF_COLOURS = 64                    # a frame's palette: enough for gray tiles and 4 colours
MOSAIC_GRAY = matplotlib.colormaps["gray"].with_extremes(bad="white")   # tileMosaic's gaps white
FRAME_MS, FIRST_MS, LAST_MS = 180, 800, 2500   # how long a frame of an animation shows
TEXT_SHADES = " .:-=+*#%@"          # textDigit's characters, from no ink to full ink
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                    *(f"LPT{i}" for i in range(1, 10))}


# ----- the tutorial's picture -----

def displayData(displaySize, data, selected, title, plotsDir=PLOTS_DIR):
    """The tutorial's displayData: a displaySize×displaySize grid of the rows data[selected[i]]
    when selected is a sequence of indices, or the one digit data[selected], large, when
    selected is a single index. Saved as plotsDir/<safeFileName(title)>.png; returns the path."""
    if np.ndim(selected) == 0:
        rows, shape = [data[int(selected)]], (1, 1)
    else:
        rows = [data[i] for i in list(selected)[:displaySize ** 2]]
        shape = (displaySize, displaySize)
    with openFigure() as fig:
        drawDigitGrid(fig, rows, shape, str(title))
        return saveFigure(fig, plotsDir, title)


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


def plotHiddenUnits(W1, plotsDir=PLOTS_DIR, title=None):
    """What each hidden unit looks for (course ex4, "visualizing the hidden layer"): the input
    weights of each unit (W1 without its bias column) as an upright tile, each tile scaled to its
    own range, in a near-square grid (5×5 for 25 units); saved as HiddenUnits.png."""
    weights = np.asarray(W1, dtype=float)[:, 1:]
    description = heading(title,
                          f"Hidden layer: input weights of each of the {len(weights)} units\n"
                          "(bright = positive, dark = negative; each tile scaled to its own range)")
    with openFigure() as fig:
        drawDigitGrid(fig, weights, gridShape(len(weights)), description)
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


def animateLearning(frames, costs, digits, trueClasses, heldOut, plotsDir=PLOTS_DIR, title=None):
    """The training as an animation (learning.py): one frame per (iteration, W1, held-out accuracy
    in %, classes answered for `digits`) of frames, each showing the hidden units as
    HiddenUnits.png does, the cost curve up to that iteration, and the held-out `digits` with the
    answers of that moment under them (green ✓ right, red ✗ wrong; trueClasses are theirs),
    heldOut being the number of held-out digits the accuracy was measured on. Saved as
    Learning.gif, looping; returns the path."""
    with openFigure(figsize=(10, 5.7)) as fig:
        fig.set_dpi(GIF_DPI)
        update, moving = learningFigure(fig, frames[0][1], costs, digits)
        moments = [functools.partial(
            update, iteration, W1, answers == trueClasses, classToDigit(answers),
            f"{accuracy:.2f}% of the {heldOut} held-out digits (never trained on) read correctly")
            for iteration, W1, accuracy, answers in frames]
        pictures = drawFrames(fig, moving, moments)
    durations = [FRAME_MS] * len(pictures)
    durations[0], durations[-1] = FIRST_MS, LAST_MS   # a look at the start, a longer one at the end
    return saveGif(pictures, durations, plotsDir, title or "Learning")


def learningFigure(fig, W1, costs, digits):
    """Lay out the animation's three panels in fig. Returns update(iteration, W1, right,
    answerDigits, accuracyText), which sets them to one moment of the training, and the artists
    it changes (the rest of the figure stays as it is from frame to frame)."""
    units = np.asarray(W1, dtype=float)[:, 1:]
    columns = gridShape(len(units))[1]
    unitAx = fig.add_axes((0.02, 0.02, 0.40, 0.76))
    unitImage = unitAx.imshow(tileMosaic(units, columns), cmap=MOSAIC_GRAY, vmin=0, vmax=1,
                              interpolation="nearest")
    unitAx.axis("off")
    unitAx.set_title(f"the {len(units)} hidden units' input weights\n"
                     "(bright +, dark −; each tile its own scale)", fontsize=11)
    _, captions = tilePanel(fig.add_axes((0.46, 0.02, 0.53, 0.38)), digits, 10,
                            f"{len(digits)} held-out digits and the network's answer\n"
                            "(green ✓ right, red ✗ wrong)", captionIn=0.55)
    curve, point = costPanel(fig.add_axes((0.54, 0.55, 0.43, 0.26)), costs)
    titleText = fig.suptitle("", fontsize=13)
    iterations, costs = np.arange(1, len(costs) + 1), np.asarray(costs, dtype=float)

    def update(iteration, W1, right, answerDigits, accuracyText):
        unitImage.set_data(tileMosaic(np.asarray(W1, dtype=float)[:, 1:], columns))
        for caption, isRight, digit in zip(captions, right, answerDigits):
            caption.set(text=f"{digit} {'✓' if isRight else '✗'}",
                        color="tab:green" if isRight else "tab:red")
        curve.set_data(iterations[:iteration], costs[:iteration])
        point.set_data(iterations[iteration - 1:iteration], costs[iteration - 1:iteration])
        moment = "the random start" if iteration == 0 else \
            f"iteration {iteration} of {len(costs)}, cost J = {costs[iteration - 1]:.4f}"
        titleText.set_text(f"Watching it learn: {moment}\n{accuracyText}")

    return update, [unitImage, *captions, curve, point, titleText]


def tileMosaic(rows, columns):
    """The rows as one image, upright tiles `columns` to a line with a pixel of NaN (drawn as the
    background) between them, each tile scaled to its own range 0..1 as drawTile scales it: one
    image to draw for a whole grid, where an animation redraws the grid in every frame."""
    tiles = [uprightImage(row) for row in rows]
    side, lines = len(tiles[0]), math.ceil(len(tiles) / columns)
    mosaic = np.full((lines * (side + 1) - 1, columns * (side + 1) - 1), np.nan)
    for i, tile in enumerate(tiles):
        top, left = (i // columns) * (side + 1), (i % columns) * (side + 1)
        low, span = tile.min(), np.ptp(tile)
        mosaic[top:top + side, left:left + side] = (tile - low) / span if span else 0.5
    return mosaic


def tilePanel(ax, rows, columns, headingText, captionIn=0.0):
    """rows as a grid of tiles, `columns` to a line, filling ax (tiles one data unit across, square),
    under headingText; captions (empty for now) under the tiles when captionIn > 0. Returns the
    images and captions (placeTiles)."""
    lines = math.ceil(len(rows) / columns)
    height = lines * (1 + captionIn) + (lines - 1) * GAP
    placed = placeTiles(ax, rows, columns, 1.0, height, captionIn,
                        [""] * len(rows) if captionIn else None, fontsize=13)
    ax.set(xlim=(0, columns + (columns - 1) * GAP), ylim=(0, height), aspect="equal")
    ax.axis("off")
    ax.set_title(headingText, fontsize=11)
    return placed


def costPanel(ax, costs):
    """The cost axes of the animation, its limits those of the whole training (so the curve grows
    into a fixed frame); iterations on a log scale, as the frames are spaced. Returns the curve and
    the current point, empty for now."""
    ax.set_xscale("log")
    ax.set_xlim(0.8, max(2, len(costs)) * 1.25)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))   # 1, 10, 100: not 10⁰
    ax.set_ylim(0, max(costs, default=1) * 1.05)
    ax.set_xlabel("iteration (log scale)")
    ax.set_ylabel("cost J(Θ)")
    ax.grid(alpha=0.3)
    ax.set_title("the cost so far (red dot: now)", fontsize=11)
    curve, = ax.plot([], [], color="tab:blue")
    point, = ax.plot([], [], marker="o", color="tab:red", linestyle="none")
    return curve, point


def drawFrames(fig, moving, moments):
    """The frames of an animation as Pillow images: for each moment, moment() updates the figure,
    which is then drawn. The still parts are drawn once; each frame only redraws the `moving`
    artists over them (blitting: about 4× faster than drawing the whole figure again)."""
    from PIL import Image

    for artist in moving:
        artist.set_animated(True)          # left out of a full draw: that draws the still parts
    fig.canvas.draw()
    still = fig.canvas.copy_from_bbox(fig.bbox)
    pictures = []
    for moment in moments:
        moment()
        fig.canvas.restore_region(still)
        for artist in moving:
            fig.draw_artist(artist)
        rgb = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3])
        pictures.append(rgb.quantize(GIF_COLOURS, method=Image.Quantize.FASTOCTREE))
    return pictures


def saveGif(pictures, durations, plotsDir, title):
    """The pictures as a looping GIF, pictures[i] shown durations[i] milliseconds, written
    atomically as plotsDir/<safeFileName(title)>.gif; returns the path."""
    first, *rest = pictures
    path = Path(plotsDir) / f"{safeFileName(title)}.gif"
    return atomic.writeAtomically(path, lambda f: first.save(
        f, format="GIF", save_all=True, append_images=rest, duration=durations, loop=0))


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


def checkClasses(classes):
    """classes as a 1-D int array of course classes 1..10."""
    classes = np.asarray(classes).ravel()
    if classes.size and (classes.min() < 1 or classes.max() > 10 or np.any(classes % 1)):
        raise ValueError("classes must be whole numbers 1..10 (class 10 is the digit 0)")
    return classes.astype(int)


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

def probabilitiesByDigit(probabilities):
    """The 10 outputs (in class order 1..10) reordered by digit 0..9: class 10's goes first."""
    probabilities = np.asarray(probabilities, dtype=float).ravel()
    if probabilities.size != 10:
        raise ValueError(f"expected 10 probabilities (classes 1..10), got {probabilities.size}")
    byDigit = np.empty(10)
    byDigit[classToDigit(np.arange(1, 11))] = probabilities
    return byDigit


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


def drawProbabilityBars(ax, byDigit, predicted):
    """Bars of the outputs by digit 0..9 (0..1 scale), the predicted digit's bar in orange with
    its value written above it (predicted None: no answer yet, all bars blue)."""
    colors = ["tab:orange" if d == predicted else "tab:blue" for d in DIGITS]
    ax.bar(DIGITS, byDigit, color=colors)
    if predicted is not None:
        ax.text(predicted, byDigit[predicted] + 0.02, f"{byDigit[predicted]:.2f}",
                ha="center", va="bottom")
    ax.set_xticks(DIGITS)
    ax.set_ylim(0, 1.25)  # room above a full bar for its value and, above that, the "true" mark
    ax.set_yticks(np.linspace(0, 1, 6))  # no tick above 1: an output is never more than 1
    ax.set_xlabel("digit")
    ax.set_ylabel("network output (probability)")
    ax.grid(axis="y", alpha=0.3)


def markTrueDigit(ax, trueDigit):
    """Mark the true digit on the bar chart: 'true ▼' in green over its bar, and a green tick."""
    ax.text(trueDigit, 1.12, "true\n▼", color="tab:green", ha="center", va="bottom",
            fontsize=10, linespacing=0.9)
    ax.get_xticklabels()[trueDigit].set(color="tab:green", fontweight="bold")


# ----- why it answered -----

def plotWhy(x, probabilities, answer, runnerUp, W1, title, plotsDir=PLOTS_DIR, trueClass=None,
            unsureReason=None, voters=(5, 3)):
    """Why the network answered what it did (NN.explain's numbers, drawn): the 20×20 digit as
    the network sees it; the pixel maps of the answer and of the runner-up (ink × ∂z3/∂pixel, red
    pushed the output up, blue down); the 10 outputs; and the hidden units that voted most for
    and against the answer, each as its weight picture with its activation a2_j and its vote
    Θ2[k,j]·a2_j, the votes and the bias adding up to z3. Saved as plotsDir/Why_<title>.png."""
    byDigit = probabilitiesByDigit(probabilities)
    digit, other = (int(classToDigit(e.k + 1)) for e in (answer, runnerUp))
    with openFigure(figsize=(13, 8)) as fig:
        top = fig.add_gridspec(1, 4, width_ratios=(1, 1, 1, 1.35), wspace=0.3,
                               left=0.03, right=0.97, top=0.86, bottom=0.54)
        showDigit(fig.add_subplot(top[0]), x)
        fig.axes[0].set_title("what the network sees (20×20)", fontsize=11)
        scale = max(np.abs(answer.pixelMap).max(), np.abs(runnerUp.pixelMap).max(), 1e-12)
        maps = [fig.add_subplot(top[i]) for i in (1, 2)]
        for ax, explanation, role in ((maps[0], answer, f"the answer, {digit}"),
                                      (maps[1], runnerUp, f"the runner-up, {other}")):
            image = drawPixelMap(ax, x, explanation, role, scale)
        fig.colorbar(image, ax=maps, orientation="horizontal", fraction=0.06, pad=0.03, aspect=40,
                     label="ink × ∂z3/∂pixel:  red pushed that output up,  blue pushed it down")
        barAx = fig.add_subplot(top[3])
        drawProbabilityBars(barAx, byDigit, digit)
        barAx.set_title("the 10 outputs", fontsize=11)
        if trueClass is not None:
            markTrueDigit(barAx, int(classToDigit(checkClasses(trueClass)[0])))
        drawVoters(fig, answer, W1, digit, voters)
        fig.text(0.5, 0.015, OUTPUTS_SENTENCE, ha="center", va="bottom", fontsize=11, color="0.25")
        verdict = f"digit {digit} (output {byDigit[digit]:.2f})"
        verdict += f"  —  unsure: {unsureReason}" if unsureReason else ""
        fig.suptitle(f"Why {title} was read as {verdict}", fontsize=14,
                     color="tab:red" if unsureReason else "black")
        return saveFigure(fig, plotsDir, f"Why {title}")


OUTPUTS_SENTENCE = ("Each output is its own sigmoid h_k = g(z3_k): they need not sum to 1. "
                    "All of them low means \"none of these\": the answer is then marked unsure.")


def drawPixelMap(ax, x, explanation, role, scale):
    """The signed pixel map x ∘ ∂z3/∂x of one output over the digit's outline, upright, on a
    diverging scale ±scale (red up, white nothing, blue down); returns the image for a colorbar."""
    image = ax.imshow(uprightImage(explanation.pixelMap), cmap="RdBu_r", vmin=-scale, vmax=scale,
                      interpolation="nearest")
    ax.contour(uprightImage(x), levels=[0.3], colors="0.5", linewidths=0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"pixels for and against {role}\n(z3 = {explanation.z3:+.2f})", fontsize=11)
    return image


def drawVoters(fig, explanation, W1, digit, voters):
    """The top voters for and the bottom voters against the answer, one tile each (the unit's
    input weights Θ1[j,1:], as in HiddenUnits.png) named above and captioned with a2_j and the
    vote below, then the sum: bias + the 25 votes = z3. As in drawDigitGrid, the tiles are
    images in one axes measured in inches (an axes per tile took most of the figure's time)."""
    units = [*explanation.topVoters(voters[0]), *explanation.bottomVoters(voters[1])]
    left, right, bottom, top = 0.03, 0.97, 0.1125, 0.35          # the row, in figure fractions
    width, height = (right - left) * fig.get_figwidth(), (top - bottom) * fig.get_figheight()
    ax = fig.add_axes((left, bottom, right - left, top - bottom))
    side = 1.2                                                   # inches a tile
    step = (width - side) / (len(units) - 1)
    for i, j in enumerate(units):
        x, vote = i * step, explanation.votes[j]
        drawTile(ax, np.asarray(W1)[j, 1:], (x, x + side, height - 0.3 - side, height - 0.3))
        ax.text(x + side / 2, height - 0.25, f"unit {j + 1}", ha="center", va="bottom", fontsize=11)
        ax.text(x + side / 2, height - 0.38 - side, f"a2 = {explanation.a2[j]:.2f}\nvote {vote:+.2f}",
                ha="center", va="top", fontsize=11, color="tab:red" if vote > 0 else "tab:blue")
    ax.set(xlim=(0, width), ylim=(0, height))
    ax.axis("off")
    groups = ((0, voters[0] - 1, f"the {voters[0]} hidden units that voted most for digit {digit}"),
              (voters[0], len(units) - 1, f"the {voters[1]} that voted most against"))
    for first, last, text in groups:
        middle = (first * step + last * step + side) / 2          # inches from the row's left
        fig.text(left + middle / width * (right - left), top + 0.01, text, ha="center",
                 va="bottom", fontsize=12, fontweight="bold")
    fig.text(0.5, 0.405, "each tile: a hidden unit's 400 input weights Θ1[j,1:] (bright: it looks "
             "for ink there); a2_j: how strongly it fired; its vote: Θ2[k,j]·a2_j",
             ha="center", va="bottom", fontsize=10, color="0.25")
    fig.text(0.5, 0.055, voteSum(explanation, digit), ha="center", va="bottom", fontsize=12)


def voteSum(explanation, digit):
    """'z3 for digit 7 = bias −1.20 + 25 votes (+4.10 +2.80 … ) = 5.60, h = g(z3) = 0.996'."""
    return (f"z3 for digit {digit} = bias {explanation.bias:+.2f} + the {len(explanation.votes)} "
            f"votes Θ2[k,j]·a2_j (sum {explanation.votes.sum():+.2f}) = {explanation.z3:+.2f},   "
            f"h = g(z3) = {1 / (1 + np.exp(-explanation.z3)):.3f}")


# ----- the terminal -----

def textDigit(x, width=20):
    """One digit as text for the terminal: 20 lines of `width` characters, upright, darker to
    brighter ink as " .:-=+*#%@". Ink is scaled by the brightest pixel (values ≤ 0 are blank);
    width 40 draws each pixel twice, which looks square in most terminals."""
    image = uprightImage(x)
    columns = np.arange(width) * image.shape[1] // width  # the pixel column under each character
    peak = image.max()
    ink = np.clip(image[:, columns] / peak, 0, 1) if peak > 0 else np.zeros((len(image), width))
    shades = np.rint(ink * (len(TEXT_SHADES) - 1)).astype(int)
    return "\n".join("".join(TEXT_SHADES[s] for s in line) for line in shades)


def whyText(explanation, path, n=3):
    """'hidden units 7, 19 and 3 voted most for digit 7 (+4.1, +2.8, +2.2); see path'."""
    units = [int(j) + 1 for j in explanation.topVoters(n)]      # numbered 1..25, as Θ2's columns
    names = " and ".join([", ".join(map(str, units[:-1]))] * (len(units) > 1) + [str(units[-1])])
    votes = ", ".join(f"{explanation.votes[j - 1]:+.1f}" for j in units)
    return (f"hidden units {names} voted most for digit {int(classToDigit(explanation.k + 1))} "
            f"({votes}); see {path}")


# ----- shared steps of the pictures above -----

def safeFileName(title):
    """title as a file name safe on any file system: "Predicted class: 3" → "Predicted_class_3".

    Keeps ASCII letters, digits, '-' and '_'; every other run of characters becomes one '_';
    leading/trailing '_' and '-' are stripped (a leading '-' reads as an option on a command
    line); never empty ("plot"), at most 100 characters, never a name Windows reserves (CON…).
    """
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", str(title)).strip("_-")[:100].strip("_-") or "plot"
    return name + "_" if name.upper() in WINDOWS_RESERVED else name


def pngPath(plotsDir, title):
    """plotsDir/<safeFileName(title)>.png."""
    return Path(plotsDir) / f"{safeFileName(title)}.png"


def uprightImage(row):
    """One example's pixels (a row of side² numbers, column-major as in the course) as an
    upright side×side image: row.reshape(side, side).T."""
    row = np.asarray(row, dtype=float).ravel()
    side = math.isqrt(row.size)
    if side * side != row.size:
        raise ValueError(f"a row of {row.size} pixels is not a square image "
                         f"(expected 400 = 20×20, column-major)")
    return row.reshape(side, side).T


def gridShape(n):
    """(rows, columns) of a near-square grid holding n tiles: 25 → (5, 5), 10 → (3, 4)."""
    cols = max(1, math.ceil(math.sqrt(n)))
    return max(1, math.ceil(n / cols)), cols


@contextmanager
def openFigure(**kwargs):
    """A new pyplot figure that is closed on leaving the block, even when drawing fails."""
    fig = plt.figure(dpi=DPI, **kwargs)
    try:
        yield fig
    finally:
        plt.close(fig)


def saveFigure(fig, plotsDir, title):
    """Write fig as plotsDir/<safeFileName(title)>.png atomically (folder made if missing)."""
    return atomic.writeAtomically(pngPath(plotsDir, title),
                                  lambda f: fig.savefig(f, format="png", dpi=DPI))


def showDigit(ax, row, caption=None):
    """Draw one example upright in ax, bright ink on black, scaled to its own range, no ticks."""
    drawTile(ax, row)
    ax.set_xticks([])
    ax.set_yticks([])
    if caption is not None:
        ax.set_xlabel(caption, fontsize=11)


def drawDigitGrid(fig, rows, shape, headingText, captions=None):
    """Fill fig with a shape=(r, c) grid of digits, one per row of `rows` (cells beyond are left
    empty), captions under each digit when given, and headingText on top.

    As the course's displayData, the grid is one picture: a single axes whose data units are
    inches, each digit an image placed at its cell (scaled to its own range, as showDigit does)
    and its caption a text below it. An axes per digit made a picture of 25 digits take five
    times as long (0.38 s against 0.08 s), which matters for a GIF of many frames. The figure is
    sized to the grid (about 7 inches across).
    """
    r, c = shape
    captionLines = max((str(text).count("\n") + 1 for text in captions), default=0) if captions else 0
    captionIn = 0.05 + 0.25 * captionLines                 # room under each tile for its caption
    headingIn = 0.25 + 0.3 * (headingText.count("\n") + 1)    # room on top for the heading lines
    tile = min(6.8 / c, 6.8 / r)
    width, height = c * tile + 0.2, r * (tile + captionIn) + headingIn + 0.1
    fig.set_size_inches(width, height)
    gridWidth, gridHeight = width - 0.2, height - headingIn - 0.1
    ax = fig.add_axes((0.1 / width, 0.1 / height, gridWidth / width, gridHeight / height))
    side = gridWidth / (c + GAP * (c - 1))                  # a gap of GAP tiles between columns
    placeTiles(ax, rows[:r * c], c, side, gridHeight, captionIn, captions)
    ax.set(xlim=(0, gridWidth), ylim=(0, gridHeight))
    ax.axis("off")
    fig.suptitle(headingText, fontsize=13)


def placeTiles(ax, rows, columns, side, top, captionIn=0.0, captions=None, fontsize=11):
    """The digits of `rows` as images in ax, `columns` to a line, each a square of `side` data
    units with GAP between tiles and captionIn below each for its caption, the first line's top
    at y = top. Returns the images and the caption texts, which an animation updates in place."""
    images, texts = [], []
    for i, row in enumerate(rows):
        left = (i % columns) * side * (1 + GAP)
        tileTop = top - (i // columns) * (side * (1 + GAP) + captionIn)
        images.append(drawTile(ax, row, (left, left + side, tileTop - side, tileTop)))
        if captions is not None:
            texts.append(ax.text(left + side / 2, tileTop - side - 0.03, str(captions[i]),
                                 ha="center", va="top", fontsize=fontsize))
    return images, texts


def drawTile(ax, row, extent=None):
    """One example upright in ax, bright ink on black, scaled to its own range: at extent (left,
    right, bottom, top) in a grid, else filling ax with square pixels. Returns the image."""
    return ax.imshow(uprightImage(row), cmap="gray", interpolation="nearest", extent=extent,
                     aspect="equal" if extent is None else "auto")


def heading(title, description):
    """The figure's heading: the description, under the caller's title when one was given."""
    return description if title is None else f"{title}\n{description}"
