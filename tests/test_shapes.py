"""picture.py with ink of every shape (issue 20): a few hundred seeded pictures of thin lines at
any angle, dots and arcs, dark or light, black or grey, on pictures from 2×2 to 1000×1000. Each
must give a 400-pixel row or the project's one-line DataError, never another exception and
never a warning; the lines a person could mean as a stroke must be read. The damaged-file fuzz
test (test_reliability.py) varies the bytes; this one varies the shape of the ink."""
import warnings

import numpy as np
import pytest
from PIL import Image, ImageDraw

from recognizer import picture
from conftest import run
from recognizer.errors import DataError

COUNT = 300              # generated pictures
LARGE = [(1000, 1000), (1000, 60), (45, 1000)]   # a few big ones (each costs ~0.2 s to read)
SUPERSAMPLE = 4          # anti-aliased shapes are drawn 4× larger and scaled down


def randomSize(rng):
    """(height, width): each side log-uniform from 2 to 300 px, so that tiny pictures are common."""
    return tuple(int(n) for n in np.round(np.exp(rng.uniform(np.log(2), np.log(300), 2))))


def inset(rng, size, share=0.1):
    """A random point (x, y) at least share of the picture's sides from its edges."""
    height, width = size
    return rng.uniform(share * width, (1 - share) * width), rng.uniform(share * height, (1 - share) * height)


def drawShape(draw, rng, kind, size, pen, scale):
    """Draw one shape in white on the sheet drawn by draw (scale× the picture's size): a straight
    line at any angle (often flat, upright or at 45°), a dot, or an arc, pen px wide."""
    height, width = size
    if kind == "line":
        angle = rng.choice([0, 90, 45, 135, rng.uniform(0, 180)], p=[0.2, 0.15, 0.1, 0.1, 0.45])
        length = rng.uniform(0.05, 1) * max(size)
        (x, y), turn = inset(rng, size), np.radians(angle)
        ends = [(x - s * length / 2 * np.cos(turn), y - s * length / 2 * np.sin(turn)) for s in (-1, 1)]
        ends = [(np.clip(a, 0.1 * width, 0.9 * width), np.clip(b, 0.1 * height, 0.9 * height)) for a, b in ends]
        draw.line([(a * scale, b * scale) for a, b in ends], fill=255, width=pen * scale)
    elif kind == "dot":
        x, y = inset(rng, size)
        r = (pen - 1) / 2 * scale
        draw.ellipse([x * scale - r, y * scale - r, x * scale + r, y * scale + r], fill=255)
    else:
        (x0, y0), (x1, y1) = inset(rng, size), inset(rng, size)
        box = [min(x0, x1) * scale, min(y0, y1) * scale, max(x0, x1) * scale, max(y0, y1) * scale]
        start = rng.uniform(0, 360)
        draw.arc(box, start, start + rng.uniform(30, 330), fill=255, width=pen * scale)


def generatedPicture(rng, size):
    """(brightness 0..1, what it shows): one shape in ink on plain paper of that size."""
    kind, pen = rng.choice(["line", "line", "dot", "arc"]), int(rng.integers(1, 4))
    scale = SUPERSAMPLE if rng.random() < 0.4 else 1
    sheet = Image.new("L", (size[1] * scale, size[0] * scale), 0)
    drawShape(ImageDraw.Draw(sheet), rng, kind, size, pen, scale)
    shape = np.asarray(sheet.resize(size[::-1], Image.Resampling.BOX), dtype=float) / 255
    paper = rng.uniform(0.5, 1)
    contrast = rng.choice([paper, rng.uniform(0.03, paper)])      # black ink, or grey
    if rng.random() < 0.5:                                         # dark on light
        paper, ink = paper, paper - contrast
    else:                                                          # light on dark (chalk)
        paper, ink = 1 - paper, 1 - paper + contrast
    gray = paper + (ink - paper) * shape
    about = dict(kind=kind, pen=pen, size=size, contrast=float(contrast), shape=shape)
    return gray, about


def generatedPictures(seed=20, count=COUNT):
    """count seeded pictures (and what each shows): random sizes, then the LARGE ones."""
    rng = np.random.default_rng(seed)
    sizes = [randomSize(rng) for _ in range(count - len(LARGE))] + LARGE
    return [generatedPicture(rng, size) for size in sizes]


def outcome(gray, name):
    """picture.arrayToRow(gray) with every warning an error: ("row", row) or ("refused", message)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return "row", picture.arrayToRow(gray, name)
        except DataError as error:
            return "refused", str(error)


def meantAsAStroke(about):
    """A line a person could mean as a digit's stroke: dark or light enough, long enough, on a
    picture big enough to hold paper around it."""
    rows, cols = np.nonzero(about["shape"] > 0.5)
    span = 1 + max(np.ptp(rows), np.ptp(cols)) if rows.size else 0
    return (about["kind"] == "line" and about["contrast"] >= 0.3 and min(about["size"]) >= 20
            and span >= 0.3 * max(about["size"]))


@pytest.fixture(scope="module")
def pictures():
    return generatedPictures()


@pytest.mark.slow      # a fuzz loop: 300 generated shapes
def test_every_generated_shape_gives_a_row_or_one_line(pictures):
    counts = {"row": 0, "refused": 0}
    for n, (gray, about) in enumerate(pictures):
        name = f"shape{n:03d}"
        kind, result = outcome(gray, name)
        counts[kind] += 1
        if kind == "row":
            assert result.shape == (400,) and np.isfinite(result).all(), (name, about["kind"])
            assert 0 <= result.min() and result.max() <= 1, name
        else:
            assert "\n" not in result and result.startswith(name), result
            assert not meantAsAStroke(about), f"{name} ({about['kind']}, pen {about['pen']}): {result}"
    assert counts["row"] >= COUNT / 2 and counts["refused"] >= COUNT / 20, counts


def issuePictures():
    """Issue 20's pictures, 120×120: a line one pixel high and 100 px long, dark, grey and light
    on dark, which crashed the lean step, and a one-pixel diagonal, which was taken for specks."""
    pictures = {}
    for name, ink, paper in [("flat_dark", 0, 1), ("flat_grey", 0.5, 1), ("flat_chalk", 1, 0)]:
        pictures[name] = np.full((120, 120), float(paper))
        pictures[name][60, 10:110] = ink
    pictures["diagonal"], along = np.ones((120, 120)), np.arange(10, 110)
    pictures["diagonal"][along, along] = 0
    return pictures


def test_the_issues_two_pictures_are_read():
    for name, gray in issuePictures().items():
        assert outcome(gray, name)[0] == "row", name


@pytest.mark.slow
def test_predict_answers_a_folder_of_shapes_and_refuses_some_in_one_line(pictures, trainedDir, tmp_path):
    """Every 12th generated shape and the issue's pictures saved as 8-bit PNGs, read by
    predict.py --image FOLDER as a child process: one answer line per picture read, one error
    line per picture refused (exit code 1: some could not be read), no traceback."""
    folder = tmp_path / "shapes"
    folder.mkdir()
    sample = {f"shape{n:03d}": gray for n, (gray, _) in list(enumerate(pictures))[::12]}
    expected = {}
    for name, gray in {**sample, **issuePictures()}.items():
        path = folder / f"{name}.png"
        Image.fromarray(np.round(gray * 255).astype(np.uint8)).save(path)
        expected[path.name] = outcome(picture.grayOnPaper(picture.openImage(path)), str(path))[0]
    process = run("predict.py", "--image", folder, "--data-dir", trainedDir, "--plots-dir", tmp_path / "plots")
    answered = [line.split(":")[0] for line in process.stdout.splitlines() if ": digit " in line]
    refused = process.stderr.splitlines()
    assert "Traceback" not in process.stderr and all(line.startswith("error: ") for line in refused)
    assert sorted(answered) == sorted(name for name, kind in expected.items() if kind == "row")
    assert len(refused) == sum(kind == "refused" for kind in expected.values()) > 0
    assert {f"{name}.png" for name in issuePictures()} <= set(answered)
    assert process.returncode == 1
