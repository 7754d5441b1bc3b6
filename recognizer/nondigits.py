"""Pictures that are not digits: letters, scribbles, shapes, noise, two digits side by side, a
digit cut off by the edge, a digit crossed out, faces, doodles and words.

A network trained on digits only has never been shown anything else, so it reads a letter or a
noise square as some digit, often with a high output. These generated pictures serve two ends:
bench/whenunsure.py and bench/leftout.py measure how often such a picture is answered "unsure",
and train.py can teach the network "none of these" with them (each one's target row is all zeros:
no output should be high). They are drawn dark on light paper, as a photographed or drawn picture
is, and go through picture.arrayToRow like any picture; each kind is drawn at random from a
seeded generator.

The kinds in DIGIT_KINDS are made of real digits: the caller passes them in (`digits`, course
rows), and only those are used. train.py passes its training digits, never the held-out ones
(training.trainingSet); this module reads no file.
"""
import functools
import itertools
from pathlib import Path

import matplotlib
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from recognizer import picture
from recognizer.conventions import PIXELS, SIDE as ROW_SIDE   # the course rows are ROW_SIDE×ROW_SIDE

from recognizer.errors import DataError
SIDE = 112                    # each picture is SIDE×SIDE pixels, the mark in its middle
# capitals and small letters that do not look like a digit (no O, I, l, S, Z, B, G, q, g, b ...)
LETTERS = "ACEFHKMNPRUVWXYaehkmnrwx"
FONT_FOLDER = Path(matplotlib.get_data_path()) / "fonts" / "ttf"   # DejaVu ships with matplotlib
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSans-Oblique.ttf")
KINDS = ("letter", "scribble", "shape", "noise", "pair", "cut", "crossed", "face", "doodle", "word")
DIGIT_KINDS = ("pair", "cut", "crossed")     # made of the digits passed in
MAX_DRAWS = 5                # rowsOf draws at most this many pictures for each row it returns
NARROW = 0.33                # a cut digit's row narrower than this (breadth) looks like a 1: the
                             # default set's 1s have 0.13–0.29 (5th–95th percentile), its other
                             # digits 0.33 and more (each digit's 5th percentile: 0.33–0.50)
NAMES = {"letter": "letters", "scribble": "scribbles", "shape": "shapes", "noise": "noise",
         "pair": "digit pairs", "cut": "cut-off digits", "crossed": "crossed-out digits",
         "face": "faces", "doodle": "doodles", "word": "words"}   # as train.py lists them
SHAPES = ("cross", "plus", "box", "triangle", "star", "hash", "wave")
DOODLES = ("heart", "house", "sun", "arrow", "tick", "spiral", "cloud")
TRAINING_SEED, VALIDATION_SEED, TEST_SEED = 0, 1000, 2000   # three sets never drawn alike


def letter(rng):
    """One letter of LETTERS in one of FONTS, 50–90 px tall."""
    font = ImageFont.truetype(str(FONT_FOLDER / FONTS[rng.integers(len(FONTS))]),
                              int(rng.integers(50, 90)))
    image, pen = paper()
    pen.text((SIDE / 2, SIDE / 2), LETTERS[rng.integers(len(LETTERS))], font=font, fill=0,
             anchor="mm")
    return image


def word(rng):
    """Two to four letters of LETTERS side by side in one of FONTS, 30–50 px tall (smaller when
    they would not fit): initials, a short word."""
    text = "".join(LETTERS[i] for i in rng.integers(len(LETTERS), size=rng.integers(2, 5)))
    face, size = FONT_FOLDER / FONTS[rng.integers(len(FONTS))], int(rng.integers(30, 51))
    image, pen = paper()
    font = ImageFont.truetype(str(face), size)
    width = pen.textlength(text, font=font)
    if width > 0.9 * SIDE:
        font = ImageFont.truetype(str(face), max(8, int(size * 0.9 * SIDE / width)))
    pen.text((SIDE / 2, SIDE / 2), text, font=font, fill=0, anchor="mm")
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


# ----- made of real digits (DIGIT_KINDS): the caller's digits, course rows -----

def digitInk(rng, digits, height):
    """One of the digits (course rows, ink bright), upright, cropped to its ink and scaled so it
    is `height` px tall (aspect kept): an ink array 0..1."""
    upright = np.asarray(digits[rng.integers(len(digits))], dtype=float).reshape(ROW_SIDE,
                                                                                 ROW_SIDE).T
    ink = picture.cropToInk(np.clip(upright, 0, 1) * (upright > 0.05))
    width = max(1, round(ink.shape[1] * height / ink.shape[0]))
    scaled = Image.fromarray(ink.astype(np.float32)).resize((width, height), Image.BILINEAR)
    return np.clip(np.asarray(scaled, dtype=float), 0, 1)


def inkOnPaper(ink):
    """An ink array (SIDE×SIDE, 0..1) as a sheet with a pen to draw more on it."""
    image = Image.fromarray(np.round(255 * (1 - np.clip(ink, 0, 1))).astype(np.uint8))
    return image, ImageDraw.Draw(image)


def place(canvas, ink, top, left):
    """Ink added onto the canvas (the stronger of the two) with its top left corner at (top,
    left); whatever falls off the canvas is cut off."""
    rows, cols = np.indices(ink.shape)
    rows, cols = rows + int(round(top)), cols + int(round(left))
    inside = (rows >= 0) & (rows < canvas.shape[0]) & (cols >= 0) & (cols < canvas.shape[1])
    canvas[rows[inside], cols[inside]] = np.maximum(canvas[rows[inside], cols[inside]], ink[inside])


def pair(rng, digits):
    """Two digits side by side, as "12" is written: 35–60 px tall, a little apart (or touching),
    the second a little higher or lower and of a slightly other size."""
    height = int(rng.integers(35, 61))
    first = digitInk(rng, digits, height)
    second = digitInk(rng, digits, max(10, int(height * rng.uniform(0.85, 1.15))))
    gap = rng.uniform(-0.05, 0.35) * height
    width = first.shape[1] + gap + second.shape[1]
    if width > 0.9 * SIDE:                     # too wide for the sheet: both smaller
        scale = 0.9 * SIDE / width
        first = digitInk(rng, digits, max(10, int(height * scale)))
        second = digitInk(rng, digits, max(10, int(second.shape[0] * scale)))
        gap *= scale
        width = first.shape[1] + gap + second.shape[1]
    canvas = np.zeros((SIDE, SIDE))
    left, top = (SIDE - width) / 2, (SIDE - first.shape[0]) / 2
    place(canvas, first, top, left)
    place(canvas, second, top + rng.uniform(-0.1, 0.1) * height, left + first.shape[1] + gap)
    return inkOnPaper(canvas)[0]


def cut(rng, digits):
    """A digit 60–90 px tall run off one edge of the sheet: 40–60 % of its height (or width)
    is cut off, as when a drawing runs off the window or a photo cuts it. (rowsOf draws another
    when what is left looks like a 1: see NARROW.)"""
    ink = digitInk(rng, digits, int(rng.integers(60, 91)))
    height, width = ink.shape
    off = rng.uniform(0.4, 0.6)
    top, left = (SIDE - height) / 2, (SIDE - width) / 2
    edge = rng.integers(4)
    if edge == 0:
        top = -off * height                        # the top is cut off
    elif edge == 1:
        top = SIDE - (1 - off) * height            # the bottom
    elif edge == 2:
        left = -off * width                        # the left side
    else:
        left = SIDE - (1 - off) * width            # the right side
    canvas = np.zeros((SIDE, SIDE))
    place(canvas, ink, top, left)
    return inkOnPaper(canvas)[0]


def breadth(ink):
    """How broad the ink is, whichever way it lies: its spread across its main axis over its
    spread along it (the square root of the ratio of the eigenvalues of its second moments);
    0 for a line, 1 for a ring."""
    rows, cols = np.indices(ink.shape)
    spread = np.cov(np.vstack((rows.ravel(), cols.ravel())), aweights=ink.ravel() + 1e-12)
    low, high = np.linalg.eigvalsh(spread)
    return float(np.sqrt(max(low, 0) / high))


def crossed(rng, digits):
    """A digit 55–85 px tall crossed out: one slanted stroke through it, an X over it, or a
    zigzag scratching it out, with a pen about as wide as its own strokes."""
    ink = digitInk(rng, digits, int(rng.integers(55, 86)))
    height, width = ink.shape
    top, left = (SIDE - height) / 2, (SIDE - width) / 2
    canvas = np.zeros((SIDE, SIDE))
    place(canvas, ink, top, left)
    image, pen = inkOnPaper(canvas)
    pad = rng.uniform(0.05, 0.25, size=4) * height             # strokes run past the digit
    low, high = (left - pad[0], top - pad[1]), (left + width + pad[2], top + height + pad[3])
    low, high = np.clip(low, 2, SIDE - 3), np.clip(high, 2, SIDE - 3)
    penWidth = max(3, int(round(height * rng.uniform(0.07, 0.13))))
    way = rng.integers(3)
    if way == 0:                                               # one slanted stroke
        if rng.random() < 0.5:
            pen.line([(low[0], high[1]), (high[0], low[1])], fill=0, width=penWidth)
        else:
            pen.line([tuple(low), tuple(high)], fill=0, width=penWidth)
    elif way == 1:                                             # an X
        pen.line([tuple(low), tuple(high)], fill=0, width=penWidth)
        pen.line([(low[0], high[1]), (high[0], low[1])], fill=0, width=penWidth)
    else:                                                      # a zigzag, top to bottom
        turns = int(rng.integers(4, 9))
        ys = np.linspace(low[1], high[1], turns)
        xs = np.where(np.arange(turns) % 2 == 0, low[0], high[0]) + rng.normal(0, 3, turns)
        pen.line(list(zip(xs, ys)), fill=0, width=penWidth, joint="curve")
    return image


# ----- drawn from scratch -----

def face(rng):
    """A face: a round (or oval) outline most of the time, two eyes (dots, rings or dashes) and
    a mouth (a smile, a frown or a straight line), all with one pen 3–9 px wide. Each eye holds
    at least a tenth of the outline's ink: picture.py drops pieces under picture.SPECK of the
    largest as dust, and a face without its eyes and mouth is a 0."""
    image, pen = paper()
    width = int(rng.integers(3, 10))
    rx, ry = rng.uniform(0.3, 0.42) * SIDE, rng.uniform(0.3, 0.42) * SIDE
    cx, cy = SIDE / 2 + rng.uniform(-4, 4), SIDE / 2 + rng.uniform(-4, 4)
    if rng.random() < 0.8:
        pen.ellipse([cx - rx, cy - ry, cx + rx, cy + ry], outline=0, width=width)
    eyeY, eyeX = cy - ry * rng.uniform(0.2, 0.45), rx * rng.uniform(0.3, 0.5)
    style, outline = rng.integers(3), np.pi * (rx + ry) * width   # the outline's ink, px
    for x in (cx - eyeX, cx + eyeX):
        if style == 0:                                         # dots
            eye = max(np.sqrt(0.1 * outline / np.pi), width * rng.uniform(0.8, 1.5))
            pen.ellipse([x - eye, eyeY - eye, x + eye, eyeY + eye], fill=0)
        elif style == 1:                                       # rings
            eye = width * rng.uniform(1.5, 2.5) + 2
            pen.ellipse([x - eye, eyeY - eye, x + eye, eyeY + eye], outline=0, width=width)
        else:                                                  # dashes
            eye = max(0.1 * outline / width / 2, ry * rng.uniform(0.1, 0.2))
            pen.line([(x, eyeY - eye), (x, eyeY + eye)], fill=0, width=width)
    mouthY, mouthX = cy + ry * rng.uniform(0.25, 0.5), rx * rng.uniform(0.35, 0.65)
    mood = rng.integers(3)
    if mood == 2:
        pen.line([(cx - mouthX, mouthY), (cx + mouthX, mouthY)], fill=0, width=width)
    else:
        bend = ry * rng.uniform(0.15, 0.35) * (1 if mood == 0 else -1)   # smile: down in the middle
        xs = np.linspace(-mouthX, mouthX, 20)
        ys = mouthY + bend * (1 - (xs / mouthX) ** 2) - (bend if mood == 1 else 0)
        pen.line(list(zip(cx + xs, ys)), fill=0, width=width, joint="curve")
    return image


def doodle(rng):
    """One of DOODLES, what people draw when they are not writing: a heart, a house, a sun, an
    arrow, a tick, a spiral or a cloud, with a pen 4–10 px wide. The arrows lie within 9° of
    level: a slanting one is set upright by picture.py as a leaning digit, and becomes a 1 with a
    flag; and there is no flower (a 9 with petals)."""
    kind, width = DOODLES[rng.integers(len(DOODLES))], int(rng.integers(4, 11))
    size = rng.uniform(0.3, 0.4) * SIDE                       # half the doodle's extent
    cx, cy = SIDE / 2 + rng.uniform(-4, 4), SIDE / 2 + rng.uniform(-4, 4)
    image, pen = paper()

    def curve(xs, ys):
        pen.line(list(zip(cx + xs, cy + ys)), fill=0, width=width, joint="curve")

    t = np.linspace(0, 2 * np.pi, 60)
    if kind == "heart":
        curve(size * np.sin(t) ** 3, -size / 16 * (13 * np.cos(t) - 5 * np.cos(2 * t)
                                                    - 2 * np.cos(3 * t) - np.cos(4 * t)))
    elif kind == "house":
        wall = size * rng.uniform(0.6, 0.9)
        curve(np.array([-wall, -wall, wall, wall, -wall, 0, wall]),
              np.array([-0.1, 1, 1, -0.1, -0.1, -1, -0.1]) * size)
        if rng.random() < 0.6:                                # a door
            curve(np.array([-0.25, -0.25, 0.25, 0.25]) * wall, np.array([1, 0.4, 0.4, 1]) * size)
    elif kind == "sun":
        core = size * rng.uniform(0.35, 0.5)
        curve(core * np.cos(t), core * np.sin(t))
        for angle in np.arange(int(rng.integers(6, 11))) * 2 * np.pi / rng.integers(6, 11):
            curve(np.array([core + width, size]) * np.cos(angle),
                  np.array([core + width, size]) * np.sin(angle))
    elif kind == "arrow":
        angle = rng.uniform(-0.15, 0.15) + np.pi * rng.integers(2)      # pointing left or right
        tip = size * np.array([np.cos(angle), np.sin(angle)])
        curve(np.array([-tip[0], tip[0]]), np.array([-tip[1], tip[1]]))
        for side in (-1, 1):
            barb = angle + np.pi + side * 0.5
            curve(np.array([tip[0], tip[0] + 0.5 * size * np.cos(barb)]),
                  np.array([tip[1], tip[1] + 0.5 * size * np.sin(barb)]))
    elif kind == "tick":
        curve(np.array([-1, -0.35, 1]) * size, np.array([0, 0.6, -0.8]) * size)
    elif kind == "spiral":
        turn = np.linspace(0, 2 * np.pi * rng.uniform(2.2, 3.2), 150)
        radius = size * turn / turn[-1]
        curve(radius * np.cos(turn), radius * np.sin(turn) * rng.choice([-1, 1]))
    else:  # cloud: bumps all round an oval
        bumps = int(rng.integers(5, 9))
        wobble = 1 + 0.35 * np.abs(np.sin(t * bumps / 2))
        curve(size * wobble * np.cos(t) / 1.35, 0.6 * size * wobble * np.sin(t) / 1.35)
    return image


def paper():
    """A blank sheet (8-bit gray, white) and a pen to draw on it."""
    image = Image.new("L", (SIDE, SIDE), 255)
    return image, ImageDraw.Draw(image)


DRAW = {"letter": letter, "scribble": scribble, "shape": shape, "noise": noise,
        "pair": pair, "cut": cut, "crossed": crossed, "face": face, "doodle": doodle,
        "word": word}


def drawings(kind, seed, digits=None):
    """Pictures of one kind, one after another without end, as brightness arrays 0..1 (1 =
    paper) from a seeded generator; a kind of DIGIT_KINDS is made of `digits` (course rows,
    n×400) and of nothing else."""
    if kind in DIGIT_KINDS:
        if digits is None or len(digits) == 0:
            raise ValueError(f"non-digits of kind {kind!r} are made of digits: pass the training "
                             f"digits (course rows) as digits")
        draw = functools.partial(DRAW[kind], digits=digits)
    else:
        draw = DRAW[kind]
    rng = np.random.default_rng(seed)
    while True:
        yield np.asarray(draw(rng), dtype=float) / 255


def picturesOf(kind, n, seed, digits=None):
    """The first n pictures of one kind (drawings)."""
    return list(itertools.islice(drawings(kind, seed, digits), n))


def looksLikeAOne(kind, row):
    """True for a cut digit whose row is narrower than NARROW: a lone stroke, as a 1 is."""
    return kind == "cut" and breadth(row.reshape(ROW_SIDE, ROW_SIDE)) < NARROW


def rowsOf(kind, n, seed, digits=None):
    """The course rows (n'×400) the network sees for n pictures of one kind, and how many of them
    picture.arrayToRow refused (too little ink, …), as it would refuse them in predict.py. A cut
    digit that looks like a 1 is passed over for the next picture (at most MAX_DRAWS in all)."""
    rows, refused = [], 0
    pictures = drawings(kind, seed, digits)
    for _ in range(MAX_DRAWS * n):
        if len(rows) + refused == n:
            break
        try:
            row = picture.arrayToRow(next(pictures), name=f"a {kind}")
        except DataError:
            refused += 1
            continue
        if not looksLikeAOne(kind, row):
            rows.append(row)
    return np.array(rows).reshape(-1, PIXELS), refused


def kindSeed(kind, seed):
    """The seed one kind is drawn from in a set of the given seed: seed + its place in KINDS, so
    a kind's pictures are the same whichever other kinds are drawn with it."""
    return seed + KINDS.index(kind)


def trainingRows(n, seed, digits=None, kinds=KINDS):
    """n non-digit rows, the kinds in equal shares (n // len(kinds) each), with all-zero target
    rows (n×10); the kinds of DIGIT_KINDS are made of `digits` (the training digits)."""
    rows = np.vstack([rowsOf(kind, n // len(kinds), kindSeed(kind, seed), digits)[0]
                      for kind in kinds]).reshape(-1, PIXELS)
    return rows, np.zeros((len(rows), 10))
