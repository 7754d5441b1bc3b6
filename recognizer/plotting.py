"""The shared steps of every picture: a figure opened and closed, saved as PNG atomically, a
digit drawn upright, a grid of digits, the outputs' bars, and a digit as text for the terminal.

Conventions of the course (conventions.py), which every picture keeps:
* a row of 400 numbers is a 20×20 image in column-major order: row.reshape(20, 20).T is upright
  (uprightImage); drawn row by row instead, every digit would appear transposed;
* classes are 1..10 and class 10 is the digit 0 — the pictures speak in digits only;
* ink is bright on black (gray colormap), as in the course's figures.

Pictures are files only (matplotlib's Agg backend: no window, works over SSH and in CI); each PNG
is written atomically (a temporary file in the same folder, then a rename), so an interrupted
run never leaves a half-written picture, and every figure is closed once saved.
"""
import math
import re
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only: no window, works without a display (CI, ssh)
import matplotlib.pyplot as plt  # noqa: E402  (must come after matplotlib.use)
import numpy as np  # noqa: E402

from recognizer import atomic  # noqa: E402
from recognizer.conventions import byDigit  # noqa: E402

PLOTS_DIR = Path(__file__).resolve().parents[1] / "plots"   # plots/ beside the scripts
DPI = 100                           # every saved picture's pixels an inch (tutorial.ipynb sets 72)
DIGITS = np.arange(10)              # axis order of every digit axis: 0, 1, ..., 9
GAP = 0.04                          # space between the tiles of a grid, in tiles
WEIGHTS_CMAP = "RdBu_r"             # weights on one scale: red positive, white 0, blue negative
TEXT_SHADES = " .:-=+*#%@"          # textDigit's characters, from no ink to full ink
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                    *(f"LPT{i}" for i in range(1, 10))}


# ----- figures and their files -----

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
    """Write fig as plotsDir/<safeFileName(title)>.png atomically (folder made if missing).

    fig.tight_layout() leaves a do-nothing layout engine on the figure, and savefig draws a
    figure with an engine twice (once to lay it out); the layout is done by then, so the engine
    goes first: the same PNG, bit for bit, drawn once (a quarter less time)."""
    fig.set_layout_engine(None)
    return atomic.writeAtomically(pngPath(plotsDir, title),
                                  lambda f: fig.savefig(f, format="png", dpi=DPI))


def showDigit(ax, row, caption=None):
    """Draw one example upright in ax, bright ink on black, scaled to its own range, no ticks."""
    drawTile(ax, row)
    ax.set_xticks([])
    ax.set_yticks([])
    if caption is not None:
        ax.set_xlabel(caption, fontsize=11)


def drawDigitGrid(fig, rows, shape, headingText, captions=None, limit=None, footIn=0.0):
    """Fill fig with a shape=(r, c) grid of digits, one per row of `rows` (cells beyond are left
    empty), captions under each digit when given, and headingText on top; footIn inches left
    free below the grid (for a colour bar). limit: the tiles are weights, drawn on one diverging
    scale ±limit (drawTile), not each scaled to its own range.

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
    width, height = c * tile + 0.2, r * (tile + captionIn) + headingIn + 0.1 + footIn
    fig.set_size_inches(width, height)
    gridWidth, gridHeight = width - 0.2, height - headingIn - 0.1 - footIn
    ax = fig.add_axes((0.1 / width, (0.1 + footIn) / height, gridWidth / width, gridHeight / height))
    side = gridWidth / (c + GAP * (c - 1))                  # a gap of GAP tiles between columns
    placeTiles(ax, rows[:r * c], c, side, gridHeight, captionIn, captions, limit=limit)
    ax.set(xlim=(0, gridWidth), ylim=(0, gridHeight))
    ax.axis("off")
    fig.suptitle(headingText, fontsize=13)


def placeTiles(ax, rows, columns, side, top, captionIn=0.0, captions=None, fontsize=11, limit=None):
    """The digits of `rows` as images in ax, `columns` to a line, each a square of `side` data
    units with GAP between tiles and captionIn below each for its caption, the first line's top
    at y = top. Returns the images and the caption texts, which an animation updates in place."""
    images, texts = [], []
    for i, row in enumerate(rows):
        left = (i % columns) * side * (1 + GAP)
        tileTop = top - (i // columns) * (side * (1 + GAP) + captionIn)
        images.append(drawTile(ax, row, (left, left + side, tileTop - side, tileTop), limit))
        if captions is not None:
            texts.append(ax.text(left + side / 2, tileTop - side - 0.03, str(captions[i]),
                                 ha="center", va="top", fontsize=fontsize))
    return images, texts


def weightScale(weights):
    """The limit ±L of one diverging scale for weights: the 99th percentile of |weight|, so that the
    few strongest do not wash every tile out (beyond L a weight shows in full colour)."""
    return np.percentile(np.abs(weights), 99) or 1.0


def tilePanel(ax, rows, columns, headingText, captionIn=0.0, captions=None, fontsize=13,
              limit=None):
    """rows as a grid of tiles, `columns` to a line, filling ax (tiles one data unit across,
    square), under headingText; captions under the tiles when captionIn > 0 (empty ones, for an
    animation to fill, unless given); limit: weights on one scale (drawTile). Returns the images
    and captions (placeTiles)."""
    lines = math.ceil(len(rows) / columns)
    height = lines * (1 + captionIn) + (lines - 1) * GAP
    if captions is None and captionIn:
        captions = [""] * len(rows)
    placed = placeTiles(ax, rows, columns, 1.0, height, captionIn, captions, fontsize=fontsize,
                        limit=limit)
    ax.set(xlim=(0, columns + (columns - 1) * GAP), ylim=(0, height), aspect="equal")
    ax.axis("off")
    ax.set_title(headingText, fontsize=11)
    return placed


def drawTile(ax, row, extent=None, limit=None):
    """One example upright in ax, bright ink on black, scaled to its own range (or, given limit,
    weights on one diverging scale ±limit: white 0, red positive, blue negative, so that tiles
    compare): at extent (left, right, bottom, top) in a grid, else filling ax with square pixels.
    Returns the image."""
    if limit is None:
        colours = dict(cmap="gray")                                   # its own range
    else:
        colours = dict(cmap=WEIGHTS_CMAP, vmin=-limit, vmax=limit)    # one scale for all
    return ax.imshow(uprightImage(row), interpolation="nearest", extent=extent,
                     aspect="equal" if extent is None else "auto", **colours)


def reading(fig, text, bottom=0.012):
    """The picture's sentence that reads it, centred at its foot (lines broken by the caller)."""
    fig.text(0.5, bottom, text, ha="center", va="bottom", fontsize=11, color="0.2",
             wrap=True)                   # a line longer than the figure is broken to fit it


def heading(title, description):
    """The figure's heading: the description, under the caller's title when one was given."""
    return description if title is None else f"{title}\n{description}"


# ----- the outputs, by digit -----

def checkClasses(classes):
    """classes as a 1-D int array of course classes 1..10."""
    classes = np.asarray(classes).ravel()
    if classes.size and (classes.min() < 1 or classes.max() > 10 or np.any(classes % 1)):
        raise ValueError("classes must be whole numbers 1..10 (class 10 is the digit 0)")
    return classes.astype(int)


def probabilitiesByDigit(probabilities):
    """The 10 outputs (in class order 1..10) reordered by digit 0..9: class 10's goes first."""
    probabilities = np.asarray(probabilities, dtype=float).ravel()
    if probabilities.size != 10:
        raise ValueError(f"expected 10 probabilities (classes 1..10), got {probabilities.size}")
    return byDigit(probabilities)


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
