"""Watch it learn: the training as an animation, plots/Learning.gif.

While L-BFGS-B trains, the optimizer's callback keeps a copy of the weights at a few iterations,
spaced so that the fast early changes get frames of their own (0, 1, 2, 3, 4, 5, 7, 9, 12, …,
400). After training each copy becomes one frame: the hidden units' pictures at that moment, the
cost curve so far, and 20 held-out digits with the answers the network gave then. Copying the
weights (about 10,000 numbers) takes well under a millisecond where an iteration takes tens of
milliseconds, so watching costs the training nothing you could notice (0.02 % of it:
bench/snapshots.py measures it); `python train.py --no-animation` takes no copies and draws
nothing.

The digits shown and the accuracy written on each frame are held-out ones: never trained on.
"""
import functools
import math
from pathlib import Path

import matplotlib
import matplotlib.text
import numpy as np
from matplotlib.ticker import FuncFormatter
from PIL import Image

from NN import Neural_Network
from recognizer import atomic
from recognizer.conventions import classToDigit, classesOf
from recognizer.plotting import PLOTS_DIR, gridShape, openFigure, safeFileName, tilePanel, uprightImage

FRAMES = 24           # at most this many frames: iteration 0 and up to 23 others
SHOWN_PER_DIGIT = 2   # held-out digits shown of each digit 0–9: 20 in all
GIF_DPI = 80                        # an animation's frames: 800 pixels across
GIF_COLOURS = 64                    # a frame's palette: enough for gray tiles and 4 colours
MOSAIC_GRAY = matplotlib.colormaps["gray"].with_extremes(bad="white")   # tileMosaic's gaps white
FRAME_MS, FIRST_MS, LAST_MS = 180, 800, 2500   # how long a frame of an animation shows


def snapshotIterations(maxiter, frames=FRAMES):
    """The iterations to keep: 0 (the random start), then up to frames − 1 iterations spaced evenly
    on a log scale from 1 to maxiter, each once: 0, 1, 2, 3, 4, 5, 7, 9, 12, 15, 20, …, 305, 400.
    Each step is a fixed share of the iterations so far: the first iterations, where the cost
    falls fastest and the hidden units change most, get frames of their own."""
    logSpaced = np.geomspace(1, maxiter, frames - 1)
    return [0, *sorted({int(round(i)) for i in logSpaced})]


class Snapshots:
    """A train() callback keeping a copy of the network's weights at the chosen iterations.

    Made just before training, it keeps the start (iteration 0) at once; NN.train calls it after
    each iteration, when nn.W1 and nn.W2 hold that iteration's weights. Only copies are kept here:
    the drawing waits until training is done.
    """

    def __init__(self, nn, iterations=None):
        self.nn = nn
        self.iterations = set(snapshotIterations(nn.maxiter) if iterations is None else iterations)
        self.taken = {}       # iteration → (W1, W2), copies
        self.take(0)

    def take(self, iteration):
        """Keep a copy of the weights as they are now, as those of `iteration`."""
        self.taken[iteration] = (self.nn.W1.copy(), self.nn.W2.copy())

    def __call__(self, iteration, J):
        if iteration in self.iterations:
            self.take(iteration)

    def finish(self):
        """After training: keep the final weights too, when training stopped between two chosen
        iterations (L-BFGS-B converged before maxiter). Returns the iterations kept, in order."""
        last = len(self.nn.costs)
        if last not in self.taken:
            self.take(last)
        return sorted(self.taken)


def shownDigits(yTest, perDigit=SHOWN_PER_DIGIT):
    """Positions in the held-out set of the digits the animation shows: the first perDigit of
    each digit, in lines of 0–9 (a line is shorter when the held-out set lacks a digit)."""
    digits = classToDigit(classesOf(yTest))
    return np.array([i for k in range(perDigit) for d in range(10)
                     for i in np.flatnonzero(digits == d)[k:k + 1]], dtype=int)


def frames(snapshots, XTest, yTest, shown):
    """One frame per snapshot, in order: (iteration, W1, held-out accuracy in %, the classes the
    network answered for the shown held-out digits) at that snapshot's weights."""
    result = []
    for iteration in snapshots.finish():
        W1, W2 = snapshots.taken[iteration]
        nn = Neural_Network.fromWeights(W1, W2)
        result.append((iteration, W1, nn.percentCorrect(XTest, yTest),
                       nn.predictClasses(XTest[shown])))
    return result


def saveAnimation(snapshots, XTest, yTest, plotsDir=PLOTS_DIR):
    """plots/Learning.gif drawn from the snapshots taken during training, the cost curve being the
    network's own (nn.costs) and the digits and accuracy those of the held-out set; returns its path."""
    shown = shownDigits(yTest)
    return animateLearning(frames(snapshots, XTest, yTest, shown), snapshots.nn.costs,
                           XTest[shown], classesOf(yTest[shown]), len(XTest), plotsDir)


# ----- drawing the frames -----

def animateLearning(frames, costs, digits, trueClasses, heldOut, plotsDir=PLOTS_DIR, title=None):
    """The training as an animation: one frame per (iteration, W1, held-out accuracy
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
    answerDigits, accuracyText), which sets them to one moment of the training and returns the
    artists that changed, and all the artists it can change (the rest of the figure stays as it
    is from frame to frame)."""
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
        changed = [unitImage, curve, point, titleText]
        for caption, isRight, digit in zip(captions, right, answerDigits):
            text, colour = f"{digit} {'✓' if isRight else '✗'}", "tab:green" if isRight else "tab:red"
            if (caption.get_text(), caption.get_color()) != (text, colour):
                caption.set(text=text, color=colour)
                changed.append(caption)      # most answers stay as they were from frame to frame
        curve.set_data(iterations[:iteration], costs[:iteration])
        point.set_data(iterations[iteration - 1:iteration], costs[iteration - 1:iteration])
        moment = "the random start" if iteration == 0 else \
            f"iteration {iteration} of {len(costs)}, cost J = {costs[iteration - 1]:.4f}"
        titleText.set_text(f"Watching it learn: {moment}\n{accuracyText}")
        return changed

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
    """The frames of an animation as Pillow images: for each moment, moment() updates the figure
    and returns the artists it changed (of `moving`), and only those places are drawn again. The
    still parts are drawn once; each frame restores the still background where a changed artist
    was or now is, then redraws there every moving artist (blitting: a frame costs its changes,
    not the whole figure; tests/test_learning.py checks each frame against a full draw)."""
    for artist in moving:
        artist.set_animated(True)          # left out of a full draw: that draws the still parts
    fig.canvas.draw()
    still = fig.canvas.copy_from_bbox(fig.bbox)
    renderer = fig.canvas.get_renderer()
    at = {}                                # where each moving artist is drawn now
    for artist in moving:                  # as it starts, over the still parts
        fig.draw_artist(artist)
        at[artist] = placeOf(artist, renderer)
    top, pictures = int(fig.bbox.height), []
    for moment in moments:
        changed = moment()
        places = [at[artist] for artist in changed]           # where they were
        at.update({artist: placeOf(artist, renderer) for artist in changed})
        places += [at[artist] for artist in changed]          # and where they are now
        for x0, y0, x1, y1 in places:     # Agg counts rows from the top, the figure from the foot
            fig.canvas.restore_region(still, bbox=(x0, top - y1, x1, top - y0), xy=(0, 0))
        for artist in moving:
            if any(overlaps(at[artist], place) for place in places):
                fig.draw_artist(artist)
        rgb = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3])
        pictures.append(rgb.quantize(GIF_COLOURS, method=Image.Quantize.FASTOCTREE))
    return pictures


def placeOf(artist, renderer):
    """Where an artist is drawn, in whole pixels and a pixel more all round (anti-aliasing): a
    text where its letters are, anything else its axes (a curve, an image) or the figure."""
    box = artist.get_window_extent(renderer) if isinstance(artist, matplotlib.text.Text) else \
        (artist.axes or artist.figure).bbox
    x0, y0, x1, y1 = box.extents
    return (math.floor(x0) - 1, math.floor(y0) - 1, math.ceil(x1) + 1, math.ceil(y1) + 1)


def overlaps(a, b):
    """Whether two places (x0, y0, x1, y1) share a pixel."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def saveGif(pictures, durations, plotsDir, title):
    """The pictures as a looping GIF, pictures[i] shown durations[i] milliseconds, written
    atomically as plotsDir/<safeFileName(title)>.gif; returns the path."""
    first, *rest = pictures
    path = Path(plotsDir) / f"{safeFileName(title)}.gif"
    return atomic.writeAtomically(path, lambda f: first.save(
        f, format="GIF", save_all=True, append_images=rest, duration=durations, loop=0))
