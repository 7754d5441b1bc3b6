"""Pictures that are not digits: letters, scribbles, shapes and noise.

A network trained on digits only has never been shown anything else, so it reads a letter or a
noise square as some digit, often with a high output. These generated pictures serve two ends:
bench/whenunsure.py measures how often such a picture is answered "unsure", and train.py can teach
the network "none of these" with them (each one's target row is all zeros: no output should be
high). They are drawn dark on light paper, as a photographed or drawn picture is, and go through
picture.arrayToRow like any picture; each kind is drawn at random from a seeded generator.
"""
import functools
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from recognizer import picture
from recognizer.conventions import PIXELS

from recognizer.errors import DataError
SIDE = 112                    # each picture is SIDE×SIDE pixels, the mark in its middle
# capitals and small letters that do not look like a digit (no O, I, l, S, Z, B, G, q, g, b ...)
LETTERS = "ACEFHKMNPRUVWXYaehkmnrwx"
FONT_FOLDER = Path(matplotlib.get_data_path()) / "fonts" / "ttf"   # DejaVu ships with matplotlib
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Oblique.ttf")
KINDS = ("letter", "scribble", "shape", "noise")
SHAPES = ("cross", "plus", "box", "triangle", "star", "hash", "wave")
TRAINING_SEED, VALIDATION_SEED, TEST_SEED = 0, 1000, 2000   # three sets never drawn alike


def letter(rng):
    """One letter of LETTERS in one of FONTS, 50–90 px tall."""
    font = ImageFont.truetype(str(FONT_FOLDER / FONTS[rng.integers(len(FONTS))]),
                              int(rng.integers(50, 90)))
    image, pen = paper()
    pen.text((SIDE / 2, SIDE / 2), LETTERS[rng.integers(len(LETTERS))], font=font, fill=0,
             anchor="mm")
    return image


def scribble(rng):
    """A pen line through 6–12 random points: a scrawl, not a digit."""
    points = rng.uniform(0.15, 0.85, size=(rng.integers(6, 13), 2)) * SIDE
    image, pen = paper()
    pen.line([tuple(p) for p in points], fill=0, width=int(rng.integers(4, 11)), joint="curve")
    return image


def shape(rng):
    """One of SHAPES, drawn with a pen 4–10 px wide."""
    kind, width = SHAPES[rng.integers(len(SHAPES))], int(rng.integers(4, 11))
    low, high = rng.uniform(0.12, 0.3) * SIDE, rng.uniform(0.7, 0.88) * SIDE
    middle = (low + high) / 2
    image, pen = paper()
    if kind == "cross":
        pen.line([(low, low), (high, high)], fill=0, width=width)
        pen.line([(low, high), (high, low)], fill=0, width=width)
    elif kind == "plus":
        pen.line([(middle, low), (middle, high)], fill=0, width=width)
        pen.line([(low, middle), (high, middle)], fill=0, width=width)
    elif kind == "box":
        pen.rectangle([low, low, high, high], outline=0, width=width)
    elif kind == "triangle":
        pen.polygon([(middle, low), (high, high), (low, high)], outline=0, width=width)
    elif kind == "star":
        angles = np.pi / 2 + np.arange(5) * 4 * np.pi / 5          # a five-pointed star
        radius = (high - low) / 2
        pen.line([(middle + radius * np.cos(a), middle - radius * np.sin(a)) for a in angles]
                 + [(middle, low)], fill=0, width=width)
    elif kind == "hash":
        for at in (low + (high - low) / 3, low + 2 * (high - low) / 3):
            pen.line([(at, low), (at, high)], fill=0, width=width)
            pen.line([(low, at), (high, at)], fill=0, width=width)
    else:  # wave
        xs = np.linspace(low, high, 40)
        ys = middle + (high - low) / 4 * np.sin((xs - low) / (high - low) * 4 * np.pi)
        pen.line(list(zip(xs, ys)), fill=0, width=width)
    return image


def noise(rng):
    """A square of random black and white cells (4–14 cells a side)."""
    cells = rng.integers(4, 15)
    square = rng.random((cells, cells)) < rng.uniform(0.3, 0.6)
    block = Image.fromarray(np.where(square, 0, 255).astype(np.uint8)).resize(
        (SIDE * 3 // 4, SIDE * 3 // 4), Image.NEAREST)
    image, _ = paper()
    image.paste(block, (SIDE // 8, SIDE // 8))
    return image


def paper():
    """A blank sheet (8-bit gray, white) and a pen to draw on it."""
    image = Image.new("L", (SIDE, SIDE), 255)
    return image, ImageDraw.Draw(image)


def picturesOf(kind, n, seed):
    """n pictures of one kind as brightness arrays 0..1 (1 = paper), from a seeded generator."""
    draw = {"letter": letter, "scribble": scribble, "shape": shape, "noise": noise}[kind]
    rng = np.random.default_rng(seed)
    return [np.asarray(draw(rng), dtype=float) / 255 for _ in range(n)]


def rowsOf(kind, n, seed):
    """The course rows (n'×400) the network sees for n pictures of one kind, and how many of them
    picture.arrayToRow refused (too little ink, …), as it would refuse them in predict.py."""
    rows, refused = [], 0
    for gray in picturesOf(kind, n, seed):
        try:
            rows.append(picture.arrayToRow(gray, name=f"a {kind}"))
        except DataError:
            refused += 1
    return np.array(rows).reshape(-1, PIXELS), refused


@functools.cache
def trainingRows(n, seed):
    """n non-digit rows, the four kinds in equal shares, with all-zero target rows (n×10).
    Made once per process for each (n, seed): a training with the same ones again reuses them."""
    rows = np.vstack([rowsOf(kind, n // len(KINDS), seed + i)[0] for i, kind in enumerate(KINDS)])
    return rows, np.zeros((len(rows), 10))
