"""How far a digit can move before it is misread: held-out digits shifted, turned, scaled, and
drawn with thinner or thicker strokes, each by a stated amount, and the accuracy at each amount.

Every transform works on the upright 20×20 image (a course row is column-major: row.reshape(20,
20).T) about its centre, and returns course rows again. Pixels moved in from outside are black.
"""
import numpy as np
import scipy.ndimage

from recognizer.conventions import PIXELS, SIDE, classesOf

CENTRE = (SIDE - 1) / 2
SHIFTS = (0, 1, 2, 3, 4)                     # pixels, in each of the four directions
TURNS = (0, 5, 10, 15, 20, 25, 30)           # degrees, both ways
SCALES = (0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4)
STROKES = (-1, 0, 1, 2)                      # steps of erosion (−) or dilation (+)
PLUS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)   # a stroke grows by a pixel each way


def upright(rows):
    """Course rows (n×400, column-major) as upright images n×20×20."""
    return np.asarray(rows, dtype=float).reshape(-1, SIDE, SIDE).transpose(0, 2, 1)


def toRows(images):
    """Upright images n×20×20 back to course rows n×400 (column-major)."""
    return np.asarray(images).transpose(0, 2, 1).reshape(-1, PIXELS)


def shifted(rows, dx, dy):
    """Each digit moved dx pixels right and dy pixels down."""
    return toRows([scipy.ndimage.shift(image, (dy, dx), order=1, mode="constant")
                   for image in upright(rows)])


def turned(rows, degrees):
    """Each digit turned by `degrees` counter-clockwise about the image's centre."""
    return toRows([scipy.ndimage.rotate(image, degrees, reshape=False, order=1, mode="constant")
                   for image in upright(rows)])


def scaled(rows, factor):
    """Each digit made `factor` times as large about the image's centre (0.5: half the size)."""
    # affine_transform maps each output pixel o to the input pixel o/factor + offset
    offset = CENTRE - CENTRE / factor
    return toRows([scipy.ndimage.affine_transform(image, np.eye(2) / factor, offset, order=1,
                                                  mode="constant")
                   for image in upright(rows)])


def stroked(rows, steps):
    """Each digit's strokes made thicker (steps > 0: a pixel more each way per step, by gray
    dilation) or thinner (steps < 0, by gray erosion)."""
    change = scipy.ndimage.grey_dilation if steps > 0 else scipy.ndimage.grey_erosion
    images = upright(rows)
    for _ in range(abs(steps)):
        images = np.array([change(image, footprint=PLUS) for image in images])
    return toRows(images)


def percentRight(nn, rows, y):
    """% of rows the network reads as the one-hot y says."""
    return 100 * np.mean(nn.predictClasses(rows) == classesOf(y))


def averageRight(nn, variants, y):
    """The mean of percentRight over several transformed copies of the same rows."""
    return float(np.mean([percentRight(nn, rows, y) for rows in variants]))


def curves(nn, X, y):
    """{transform: (amounts, accuracy in % at each)} on the rows X, y: a shift of each amount in
    the four directions and a turn of each amount both ways (averaged), each scale, each stroke
    change."""
    shift = [averageRight(nn, [shifted(X, d, 0), shifted(X, -d, 0), shifted(X, 0, d),
                               shifted(X, 0, -d)], y) for d in SHIFTS]
    turn = [averageRight(nn, [turned(X, a), turned(X, -a)], y) for a in TURNS]
    scale = [percentRight(nn, scaled(X, s), y) for s in SCALES]
    stroke = [percentRight(nn, stroked(X, s), y) for s in STROKES]
    return {"shift": (SHIFTS, shift), "turn": (TURNS, turn), "scale": (SCALES, scale),
            "stroke": (STROKES, stroke)}
