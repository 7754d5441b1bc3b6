"""A picture of one digit → one course row of 400 pixels, the way MNIST made its digits.

Two entry points:
    imageToRow(path)       a file: PNG, JPEG, … (any size, gray or colour, dark on light or light on dark)
    arrayToRow(gray)       a 2-D array of brightness 0..1 (what a drawing window holds)

Both take the same steps as MNIST's own digits (see mnistToRows): find the ink, keep the strokes,
set a digit leaning far more than MNIST's upright to MNIST's median lean, crop to it, bring strokes
far wider (felt-tip) or thinner (hairline) than MNIST's to MNIST's width relative to the digit's
size, scale the longer side to 20 px, centre by mass in 28×28, then the course's 28 → 20 bilinear
step and column-major order. The steps are pure array work; only openImage reads a file.

Your own labelled pictures: labelOf(name) reads the digit from a file's name (see LABEL_RULE),
and picturesIn(folder) lists a folder's pictures in name order.
"""
import re
import warnings
from pathlib import Path

import numpy as np
import scipy.ndimage

from recognizer.conventions import PIXELS, SIDE

from recognizer.errors import DataError
MNIST_SIDE = 28          # MNIST's images are 28×28, the digit in a 20×20 box centred by mass
MNIST_CENTRE = 14        # where MNIST's centres of mass sit (measured on its test set: 13.99 ± 0.29)
MIN_CONTRAST = 0.1       # ink standing out from the paper by less than this (on 0..1) is no ink
MAX_PAPER_NOISE = 0.1    # edges varying more than this (σ, on 0..1) are not plain paper
SPECK = 0.05             # a piece of ink smaller than this share of the largest is dust, not digit
TOUCHING = np.ones((3, 3), bool)   # pixels touching by a side or a corner are one piece of ink
                         # (8-neighbours): a one-pixel line at a slant runs from corner to corner
EDGE = 2                 # pixels kept around the strokes found, for their anti-aliased edges
WORK_SIDE = 1024         # larger pictures are scaled down to this many pixels a side first
MIN_SPAN = 0.05          # ink spanning less of the picture's longer side is specks, not a digit
STROKE_BOX = 80          # stroke widths are measured and changed with the digit's longer side this long
MNIST_STROKE = 0.112     # MNIST's median stroke width (strokeWidth) as a share of the longer side,
                         # 8.9 px in STROKE_BOX (quartiles 0.090 and 0.125): measured on the default
                         # set's 4,000 training digits (python bench/pictures.py --stroke); the same
                         # digits drawn as pictures and seen by this pipeline give 8.9 px too
THICK_STROKE = 1.25      # wider than 1.25× MNIST's median (18 % of MNIST's digits): thinned
THIN_STROKE = 0.6        # thinner than 0.6× (0.2 % of MNIST's digits): thickened
MNIST_SLANT = -0.138     # MNIST's median slant (slantOf: columns moved right per row up), and
SLANT_RANGE = (-0.594, 0.307)   # its 5th and 95th percentiles: measured on the default set's
                         # 4,000 training digits (20×20, upright); a slant outside is set to the median
FLAT = 0.25              # ink whose height spreads less than this share of its width has no lean to
                         # set: about half of MNIST's flattest (0.47 on the default set; median 1.43)
IMAGE_FIX = "give a PNG or JPEG of one digit"
SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp"}
LABEL_RULE = ("a picture's name gives its digit when it starts with the digit and '_' "
              "(7_anything.png) or ends with '_' and the digit (0042_7.png); the start wins")


# ----- MNIST's last step: 28×28 → one course row -----

def mnistToRows(images):
    """MNIST images (n×28×28 or n×784, 0..255) as course rows: pixel/255, 28×28 → 20×20 by bilinear
    zoom, flattened column-major. With this mapping the course's weights read MNIST digits
    (≈ 97 % on the default set); a row-major flattening would score ≈ 17 %."""
    images = np.asarray(images, dtype=float).reshape(-1, MNIST_SIDE, MNIST_SIDE) / 255
    small = scipy.ndimage.zoom(images, (1, SIDE / MNIST_SIDE, SIDE / MNIST_SIDE), order=1)
    return small.transpose(0, 2, 1).reshape(len(images), PIXELS)   # each image's columns, in turn



# ----- a picture of one digit -----

def openImage(path):
    """The picture as a Pillow image, upright (phone photos carry their rotation in EXIF) and at
    most WORK_SIDE pixels a side (the digit ends up 20 px tall: a 12-megapixel photo needs not
    be handled whole)."""
    from PIL import Image, ImageOps

    if Path(path).is_dir():
        raise DataError(f"{path} is a folder, not a picture: {IMAGE_FIX}")
    if not Path(path).exists():
        raise DataError(f"{path} not found: {IMAGE_FIX}")
    if not Path(path).is_file():
        raise DataError(f"{path} is not a file (a pipe or a device?): {IMAGE_FIX}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")    # Pillow's warnings (a damaged TIFF, a huge photo): we
            with Image.open(path) as image:    # answer, or refuse in one line below
                image = ImageOps.exif_transpose(image)
                image.thumbnail((WORK_SIDE, WORK_SIDE))
                image.load()
    except Exception as error:   # any error of the image library is this picture's error, one line
        reason = f"{type(error).__name__}: {error}"[:200]
        raise DataError(f"{path}: not an image Pillow can read ({reason}); {IMAGE_FIX}") from None
    if image.mode == "F" and not np.isfinite(np.asarray(image)).all():   # 32-bit float TIFF
        raise DataError(f"{path}: some pixels are NaN or infinite; {IMAGE_FIX}")
    return image


def grayOnPaper(image):
    """Brightness 0..1 of every pixel (8- or 16-bit, gray, RGB or palette), transparency made paper.

    Transparent pixels take the brightness opposite to the opaque ones (ink drawn on a transparent
    sheet has no paper colour of its own), so black or white ink on transparency both show.
    """
    if image.mode.startswith("I") or image.mode == "F":     # 16/32-bit gray: convert() would clip
        gray = np.asarray(image, dtype=float)
        return gray / (65535 if gray.max() > 255 else 255)
    rgba = np.asarray(image.convert("RGBA"), dtype=float) / 255
    gray = rgba[..., :3] @ [0.299, 0.587, 0.114]             # ITU-R 601 luma, as Pillow's "L"
    alpha = rgba[..., 3]
    opaque = np.average(gray, weights=alpha) if alpha.sum() > 0 else 0.0
    return alpha * gray + (1 - alpha) * (1.0 if opaque < 0.5 else 0.0)


def paperOf(gray):
    """The paper's brightness at every pixel, and the paper's noise (σ): a plane a + b·row + c·col
    fitted to the picture's border, where there is only paper, so that light falling unevenly
    across a photo is not taken for ink. Border pixels more than 3σ off the last fit (ink
    touching the edge) are left out of the next."""
    rows, cols = np.indices(gray.shape)
    edge = np.zeros(gray.shape, bool)
    edge[[0, -1], :] = edge[:, [0, -1]] = True
    terms, values = np.column_stack((np.ones(edge.sum()), rows[edge], cols[edge])), gray[edge]
    plane = np.array([np.median(values), 0.0, 0.0])         # start flat: the median ignores ink
    for _ in range(3):
        residual = values - terms @ plane
        keep = np.abs(residual) <= 3 * 1.4826 * np.median(np.abs(residual)) + 1e-6   # ≤ 3σ
        plane = np.linalg.lstsq(terms[keep], values[keep], rcond=None)[0]
    noise = 1.4826 * np.median(np.abs(values - terms @ plane)[keep])   # median abs. deviation → σ
    return plane[0] + plane[1] * rows + plane[2] * cols, noise


def inkOf(gray, name):
    """Ink strength 0..1, bright on black as in MNIST: how far each pixel strays from the paper,
    on the side (darker or lighter) that strays furthest. A picture whose ink stands out by less
    than MIN_CONTRAST, or less than six times the paper's own noise, is a blank page; one whose
    edges vary by more than MAX_PAPER_NOISE has ink on them, and no paper to compare with."""
    paper, noise = paperOf(gray)
    if noise > MAX_PAPER_NOISE:
        raise DataError(f"{name}: its edges are not plain paper (they vary by σ = {noise:.2f}), so "
                        f"the digit seems to touch them; {IMAGE_FIX} with a margin of paper around it")
    ink = paper - gray if (paper - gray).max() > (gray - paper).max() else gray - paper
    contrast = ink.max()
    if contrast < max(MIN_CONTRAST, 6 * noise):
        raise DataError(f"{name}: no ink found (the strongest mark stands out by {contrast:.2f} on "
                        f"a 0..1 scale); {IMAGE_FIX}, written dark on light or light on dark")
    return np.clip(ink / contrast, 0, 1)


def otsuThreshold(values):
    """Otsu's threshold for values in 0..1: the split of their histogram into two classes (here
    paper and ink) with the largest variance between the classes."""
    counts, edges = np.histogram(values, bins=256, range=(0, 1))
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(counts) / counts.sum()                # share of values at or below each bin
    mean = np.cumsum(counts * centres) / counts.sum()
    between = (mean[-1] * weight - mean) ** 2 / np.maximum(weight * (1 - weight), 1e-12)
    return centres[np.argmax(between[:-1])]


def strokes(ink, name):
    """The digit's strokes alone, their cores at 1 as in MNIST.

    Stroke pixels are those above Otsu's threshold, less specks (pieces smaller than SPECK of the
    largest: dust, dirt), grown by EDGE pixels to keep the anti-aliased edges. A piece is the
    pixels TOUCHING by a side or a corner, so a one-pixel line at a slant is one stroke. There
    the ink is stretched from a quarter of the threshold (paper's noise below it is dropped) up
    to the strokes' median (and above: 1); everywhere else is paper, 0. When the largest piece
    spans less than MIN_SPAN of the picture's longer side, it is specks on a blank page (or a
    digit far too small to read).
    """
    threshold = otsuThreshold(ink)
    pieces, _ = scipy.ndimage.label(ink > threshold, structure=TOUCHING)
    sizes = np.bincount(pieces.ravel())[1:]
    kept = np.isin(pieces, 1 + np.flatnonzero(sizes >= SPECK * sizes.max()))
    span = max(np.ptp(np.nonzero(pieces == 1 + np.argmax(sizes)), axis=1)) + 1   # largest piece
    if span < MIN_SPAN * max(ink.shape):
        raise DataError(f"{name}: no ink found, only specks ({span} px across in a picture "
                        f"{max(ink.shape)} px wide); {IMAGE_FIX}, cropped so the digit fills most of it")
    near = scipy.ndimage.binary_dilation(kept, iterations=EDGE)
    low, high = threshold / 4, np.median(ink[kept])
    return np.where(near, np.clip((ink - low) / (high - low), 0, 1), 0)


def cropToInk(ink):
    """The ink cropped to its bounding box (the rows and columns holding any ink)."""
    rows, cols = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    return ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def scaleLongerSide(image, side):
    """The image scaled (anti-aliased, aspect kept) so its longer side is `side` pixels."""
    from PIL import Image

    scale = side / max(image.shape)
    height, width = (max(1, round(n * scale)) for n in image.shape)
    small = Image.fromarray(image.astype(np.float32)).resize((width, height), Image.Resampling.BILINEAR)
    return np.clip(np.asarray(small, dtype=float), 0, 1)


def disk(radius):
    """A round pen tip: the pixels within radius of the centre, a (2r+1)×(2r+1) footprint."""
    y, x = np.mgrid[-radius:radius + 1, -radius:radius + 1]
    return x * x + y * y <= radius * radius


def strokeWidth(box):
    """The digit's stroke width in pixels: twice the lower quartile of the distances from the
    strokes' centre lines to the paper. Ink is where the box is above half; the centre lines are
    the ink pixels whose distance to the paper (Euclidean distance transform) is a local maximum.
    The lower quartile reads the pen on the plain stretches of stroke: where strokes cross, or a
    thick pen fills a loop, the centre line runs through blobs far wider than the pen. A pen of
    radius r (grey dilation) widens it by about 2r, erosion narrows it by about 2r."""
    ink = box > 0.5
    if not ink.any():
        return 0.0
    distance = scipy.ndimage.distance_transform_edt(np.pad(ink, 1))[1:-1, 1:-1]
    centre = ink & (distance >= scipy.ndimage.maximum_filter(distance, size=3))
    return 2 * float(np.percentile(distance[centre], 25))


def penChange(box):
    """Pixels to take off (> 0) or add (< 0) on each side of the strokes of a box whose longer
    side is STROKE_BOX, to bring a stroke width outside MNIST's usual range to MNIST's
    median; 0 when it lies within the range."""
    width, target = strokeWidth(box), MNIST_STROKE * max(box.shape)
    if THIN_STROKE * target <= width <= THICK_STROKE * target:
        return 0
    return int(round((width - target) / 2))


def strokesLikeMnist(crop):
    """The cropped ink with its strokes as wide, relative to the digit's size, as MNIST's.

    A felt-tip pen or a coarse scan draws strokes much wider than MNIST's (a hairline, much
    thinner), and the network, trained on MNIST, misreads them: a thick 3 fills in to an 8. Such
    a digit is scaled to a box of STROKE_BOX pixels (4× the 20 px box, for quarter-pixel steps),
    its strokes eroded (or dilated) by a round pen of the radius penChange gives, and cropped
    again: MNIST's digits fill their 20 px box whatever the pen. A digit whose strokes are
    already within MNIST's usual range is returned as it is.

    A hairline in a large picture fades as it is scaled down (a one-pixel line in 1000 px is
    a tenth as bright in the box): thickened, it is brought back to full ink, its core at 1
    as MNIST's are, or the network would be shown a ghost.
    """
    box = scaleLongerSide(crop, STROKE_BOX)
    change = penChange(box)
    if change == 0:
        return crop
    box = np.pad(box, abs(change) + 1)          # room for dilated strokes at the box's edges
    box = underPen(box, abs(change), thin=change > 0)
    return cropToInk(box if change > 0 else box / box.max())


def underPen(box, radius, thin):
    """The box eroded (thin) or dilated by a round pen: each pixel the least (the most) ink
    under disk(radius) centred on it, as scipy.ndimage.grey_erosion (grey_dilation) with that
    footprint gives it, for a box with at least radius + 1 pixels of paper around its ink.

    The disk is 2r + 1 rows of pixels, and the least ink under it is the least of the least
    under each row: one pass along the box's rows per row of the disk instead of (2r + 1)²
    pixels for every pixel, which took a second for a dot or a blob (r up to 36)."""
    least, along = ((np.minimum, scipy.ndimage.minimum_filter1d) if thin
                    else (np.maximum, scipy.ndimage.maximum_filter1d))
    height = box.shape[0]
    tall = np.pad(box, ((radius, radius), (0, 0)))   # paper above and below, for rows off the box
    result = None
    for dy, row in enumerate(disk(radius)):           # the pen's row dy covers row.sum() pixels
        runs = along(tall[dy:dy + height], size=row.sum(), axis=1, mode="constant")
        result = runs if result is None else least(result, runs)
    return result


def slantOf(image):
    """How far the digit leans: the horizontal shift per row of its ink's axis, from the image's
    second moments, Σ w (x − x̄)(y − ȳ) / Σ w (y − ȳ)² with y counted downwards (so a digit
    leaning right, top to the right, has a negative slant). 0 for a blank image, and for ink on
    a single row: it has no height to lean over (and Σ w (y − ȳ)² would be 0)."""
    if np.count_nonzero(image.any(axis=1)) < 2:
        return 0.0
    weight = image.sum()
    y, x = np.indices(image.shape)
    dy, dx = y - (y * image).sum() / weight, x - (x * image).sum() / weight
    return float((dx * dy * image).sum() / (dy * dy * image).sum())


def spreadOf(image):
    """(height, width) of the ink as spreads: the standard deviations of its rows and of its
    columns, each pixel weighted by its ink. (0, 0) for a blank image."""
    weight = image.sum()
    if weight == 0:
        return 0.0, 0.0
    y, x = np.indices(image.shape)
    return tuple(float(np.sqrt((image * (t - (t * image).sum() / weight) ** 2).sum() / weight))
                 for t in (y, x))


def slantLikeMnist(ink):
    """The ink upright as MNIST's digits are: a digit leaning further than MNIST's digits do
    (slant outside SLANT_RANGE, as one writer's far-right lean) is sheared to MNIST's median
    slant, each row moved sideways in proportion to its height; one within the range is left as
    it is. The network learned MNIST's lean: leaning far more, a 4 becomes a 1 and a 6 a 0.

    Ink flatter than any digit (its height's spread under FLAT of its width's) is left as it
    is too: its slant, Δx/Δy, grows without bound as it lies down, and would shear a stroke
    lying nearly flat into an upright one."""
    tall, wide = spreadOf(ink)
    if tall < FLAT * wide:
        return ink
    slant = slantOf(ink)
    if SLANT_RANGE[0] <= slant <= SLANT_RANGE[1]:
        return ink
    change = slant - MNIST_SLANT                 # x_new = x − change·(y − ȳ)
    rows = np.arange(ink.shape[0])
    centre = (rows * ink.sum(axis=1)).sum() / ink.sum()
    moved = -change * (rows[[0, -1]] - centre)   # the top and bottom rows' moves: the new width
    left = moved.min()
    width = ink.shape[1] + int(np.ceil(moved.max() - left)) + 1
    # affine_transform maps each new pixel (y, x) back to the old (y, x − left + change·(y − ȳ))
    return scipy.ndimage.affine_transform(ink, [[1, 0], [change, 1]], offset=[0, left - change * centre],
                                          output_shape=(ink.shape[0], width), order=1)


def boxDigit(ink):
    """The ink cropped to its bounding box, its strokes made like MNIST's (strokesLikeMnist), and
    scaled (anti-aliased) so its longer side is 20 px."""
    return scaleLongerSide(strokesLikeMnist(cropToInk(ink)), SIDE)


def centreByMass(box):
    """The box in a black 28×28 canvas, its middle at the centre, then moved by whole pixels so the
    centre of mass sits where MNIST's do (at pixel 14, 14)."""
    canvas = np.zeros((MNIST_SIDE, MNIST_SIDE))
    top, left = ((MNIST_SIDE - n) // 2 for n in box.shape)
    canvas[top:top + box.shape[0], left:left + box.shape[1]] = box
    offset = np.round(MNIST_CENTRE - np.array(scipy.ndimage.center_of_mass(canvas)))
    return scipy.ndimage.shift(canvas, offset, order=0, mode="constant")


def imageToRow(path):
    """A picture file of one digit (PNG/JPEG, any size) as one course row of 400 (arrayToRow of
    its brightness, transparency made paper)."""
    return arrayToRow(grayOnPaper(openImage(path)), path)


def arrayToRow(gray, name="the drawing"):
    """A 2-D array of brightness 0..1 holding one digit as one course row of 400, the way MNIST
    made its digits: strokes found, a far lean set upright, cropped, strokes made MNIST-wide,
    longer side 20 px, centred by mass in 28×28, then
    the same 28 → 20 step as MNIST's own digits (mnistToRows, with the 0..1 canvas as pixel/255).
    name is what error messages call the picture."""
    gray = np.asarray(gray, dtype=float)
    if gray.ndim != 2:
        raise DataError(f"{name} is {'×'.join(map(str, gray.shape)) or 'a single value'}, "
                        f"not a 2-D picture; {IMAGE_FIX}")
    if min(gray.shape) < 3:      # the paper is found on the picture's edges: ink needs an inside
        raise DataError(f"{name} is {gray.shape[0]}×{gray.shape[1]} pixels, too small to hold a "
                        f"digit with paper around it (at least 3×3); {IMAGE_FIX}")
    ink = slantLikeMnist(strokes(inkOf(gray, name), name))
    return mnistToRows(centreByMass(boxDigit(ink)) * 255)[0]


# ----- labelled pictures: the digit in the file's name -----

def labelOf(path):
    """The digit a picture's file name gives (see LABEL_RULE), or None when it gives none:
    7_anything.png → 7, 0042_7.png → 7, 7_012.png → 7, photo.png → None."""
    stem = Path(path).stem
    match = re.match(r"([0-9])_", stem) or re.search(r"_([0-9])$", stem)
    return int(match.group(1)) if match else None


def picturesIn(folder):
    """(pictures, others): a folder's picture files (by suffix) and its other files, each sorted by
    name; sub-folders and hidden files are left out."""
    files = sorted(p for p in Path(folder).iterdir() if p.is_file() and not p.name.startswith("."))
    pictures = [p for p in files if p.suffix.lower() in SUFFIXES]
    return pictures, [p for p in files if p.suffix.lower() not in SUFFIXES]


def labelledRows(folder):
    """The labelled pictures of a folder as course rows: (rows n×400, digits, skipped), where
    skipped holds one line for each file left out (not a picture, no digit in its name, or a
    picture that can't be read)."""
    pictures, others = picturesIn(folder)
    skipped = [f"{path}: not a picture" for path in others]
    rows, digits = [], []
    for path in pictures:
        digit = labelOf(path)
        if digit is None:
            skipped.append(f"{path}: no digit in its name ({LABEL_RULE})")
            continue
        try:
            rows.append(imageToRow(path))
        except DataError as error:
            skipped.append(str(error))
            continue
        digits.append(digit)
    return np.array(rows).reshape(-1, PIXELS), np.array(digits, dtype=int), skipped
