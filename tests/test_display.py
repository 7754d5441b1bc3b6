"""Tests of the pictures (display.py, and recognizer's plotting, figures, why and animation): each
picture is a real PNG written atomically, and the conventions hold (upright images, class 10
shown as digit 0, counts that match a plain loop)."""
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import display
from conftest import PNG_SIGNATURE, ROOT
from recognizer import figures, plotting

def digitRows(m, seed=0):
    """m random course-format rows of 400 pixels in [0, 1]."""
    return np.random.default_rng(seed).random((m, 400))

def rowWithPixel(r, c):
    """A 400-pixel row (column-major, as the course stores it) whose only ink is image[r, c]."""
    row = np.zeros(400)
    row[c * 20 + r] = 1.0
    return row

def assertPng(path, expected):
    """path is the returned `expected`, a PNG Pillow can open, of a sensible picture size."""
    assert path == expected and path.is_file()
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert 300 <= image.width <= 1200 and 300 <= image.height <= 1200, image.size

# ----- every function writes a PNG into a new folder and closes its figure -----

CLASSES = np.array([1, 2, 3, 10, 10, 5, 7, 9])
PREDICTED = np.array([1, 7, 3, 10, 4, 5, 7, 9])

W1 = np.random.default_rng(1).normal(size=(9, 401))
W2 = np.random.default_rng(2).normal(size=(10, 10))
X = digitRows(8)

# name: (draw into folder d, the file name expected)
PICTURES = {
    "displayData grid": (lambda d: display.displayData(2, X, [0, 1, 2, 4], "Samples: 2/2", d),
                         "Samples_2_2.png"),
    "displayData one": (lambda d: display.displayData(2, X, 3, "Predicted class: 3", d),
                        "Predicted_class_3.png"),
    "plotCost": (lambda d: figures.plotCost([3.0, 1.5, 0.9, 0.7], d), "Cost.png"),
    "plotConfusion": (lambda d: figures.plotConfusion(CLASSES, PREDICTED, d),
                      "ConfusionMatrix.png"),
    "plotHiddenUnits": (lambda d: figures.plotHiddenUnits(W1, W2, d), "HiddenUnits.png"),
    "plotMisclassified": (lambda d: figures.plotMisclassified(X, CLASSES, PREDICTED, d),
                          "Misclassified.png"),
    "plotMisclassified none": (lambda d: figures.plotMisclassified(X, CLASSES, CLASSES, d),
                               "Misclassified.png"),
    "plotPrediction": (lambda d: figures.plotPrediction(X[0], np.linspace(0, 1, 10), "Prediction 7",
                                                        d, trueClass=10),
                       "Prediction_7.png"),
}

@pytest.mark.parametrize("name", PICTURES)
def test_picture_is_a_png_in_a_new_folder_and_no_figure_stays_open(name, tmp_path):
    draw, fileName = PICTURES[name]
    plotsDir = tmp_path / "new" / "plots"
    path = draw(plotsDir)
    assertPng(path, plotsDir / fileName)
    assert plt.get_fignums() == []
    assert [p.name for p in plotsDir.iterdir()] == [fileName]  # no temporary file left behind

def test_default_folder_is_plots_next_to_display_py():
    assert plotting.PLOTS_DIR == ROOT / "plots"

# ----- file names -----

@pytest.mark.parametrize("title, expected", [
    ("Predicted class: 3", "Predicted_class_3"),
    ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
    ("  spaces   around  ", "spaces_around"),
    ("keep-dashes_and_underscores", "keep-dashes_and_underscores"),
    ("", "plot"),
    ("?/:", "plot"),
    ("CON", "CON_"),
    (3, "3"),
])
def test_safeFileName(title, expected):
    assert plotting.safeFileName(title) == expected

# ----- images are upright -----

def test_uprightImage_is_the_transposed_column_major_row():
    row = rowWithPixel(0, 5)
    image = plotting.uprightImage(row)
    assert image[0, 5] == 1.0 and image.sum() == 1.0
    np.testing.assert_array_equal(image, row.reshape(20, 20).T)

def test_uprightImage_rejects_a_row_that_is_not_square():
    with pytest.raises(ValueError, match="399 pixels"):
        plotting.uprightImage(np.zeros(399))

@pytest.fixture
def drawnDigits(monkeypatch):
    """Record (row, image drawn in the axis) each time display draws a digit."""
    drawn = []
    drawTile = plotting.drawTile

    def recordingDrawTile(ax, row, extent=None, limit=None):
        drawTile(ax, row, extent, limit)
        drawn.append((np.asarray(row), ax.images[-1].get_array()))

    monkeypatch.setattr(plotting, "drawTile", recordingDrawTile)
    return drawn

def test_displayData_grid_draws_the_selected_rows_upright(tmp_path, drawnDigits):
    data = np.array([rowWithPixel(0, c) for c in range(6)])
    display.displayData(2, data, [5, 0, 3], "grid", tmp_path)
    assert len(drawnDigits) == 3  # the fourth cell of the 2×2 grid stays empty
    for (row, image), index in zip(drawnDigits, [5, 0, 3]):
        np.testing.assert_array_equal(row, data[index])
        assert image[0, index] == 1.0  # the pixel set at image (row 0, col index) is drawn there

def test_displayData_single_index_draws_that_digit_once(tmp_path, drawnDigits):
    data = np.array([rowWithPixel(0, c) for c in range(6)])
    display.displayData(3, data, np.int64(4), "one", tmp_path)
    assert len(drawnDigits) == 1
    np.testing.assert_array_equal(drawnDigits[0][0], data[4])
    assert drawnDigits[0][1][0, 4] == 1.0

def test_gridShape_is_near_square():
    assert plotting.gridShape(25) == (5, 5)
    assert plotting.gridShape(10) == (3, 4)
    assert plotting.gridShape(1) == (1, 1)

# ----- class 10 is the digit 0 -----

def test_confusionCounts_matches_a_plain_loop():
    rng = np.random.default_rng(2)
    trueClasses, predictedClasses = rng.integers(1, 11, 300), rng.integers(1, 11, 300)
    expected = np.zeros((10, 10), dtype=int)
    for t, p in zip(trueClasses, predictedClasses):
        expected[t % 10, p % 10] += 1
    np.testing.assert_array_equal(figures.confusionCounts(trueClasses, predictedClasses), expected)

def test_confusionCounts_puts_class_10_at_digit_0():
    counts = figures.confusionCounts([10, 10, 3], [10, 1, 10])
    assert counts[0, 0] == 1 and counts[0, 1] == 1 and counts[3, 0] == 1 and counts.sum() == 3

def test_confusionCounts_rejects_classes_outside_1_to_10():
    with pytest.raises(ValueError, match="1..10"):
        figures.confusionCounts([0, 1], [1, 1])

def test_probabilitiesByDigit_puts_class_10_at_digit_0():
    byClass = np.arange(1, 11) / 10  # class k has output k/10
    np.testing.assert_allclose(plotting.probabilitiesByDigit(byClass),
                               [1.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])

# ----- the terminal picture -----

def rampRow():
    """A row whose upright image brightens from left (0) to right (1), the same on every line."""
    image = np.tile(np.linspace(0, 1, 20), (20, 1))
    return image.T.ravel()  # row.reshape(20, 20).T == image

@pytest.mark.parametrize("width", [20, 40])
def test_textDigit_shape_and_denser_characters_for_brighter_pixels(width):
    lines = plotting.textDigit(rampRow(), width).split("\n")
    assert len(lines) == 20 and all(len(line) == width for line in lines)
    shades = [plotting.TEXT_SHADES.index(ch) for ch in lines[0]]
    assert shades == sorted(shades) and lines[0][0] == " " and lines[0][-1] == "@"

def test_textDigit_is_upright():
    lines = plotting.textDigit(rowWithPixel(0, 5)).split("\n")
    assert lines[0][5] == "@" and lines[0].count(" ") == 19
    assert all(line.strip() == "" for line in lines[1:])

def test_textDigit_of_a_blank_image_is_blank():
    assert plotting.textDigit(np.zeros(400)).strip() == ""

# ----- atomic saving -----

def test_failed_save_leaves_the_old_png_and_no_temporary_file(tmp_path, monkeypatch):
    old = tmp_path / "Cost.png"
    old.write_bytes(PNG_SIGNATURE + b"the old picture")

    def failingSavefig(self, f, **kwargs):
        f.write(b"half a picture")
        raise OSError("disk full")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", failingSavefig)
    with pytest.raises(OSError, match="disk full"):
        figures.plotCost([2.0, 1.0], tmp_path)
    assert old.read_bytes() == PNG_SIGNATURE + b"the old picture"
    assert [p.name for p in tmp_path.iterdir()] == ["Cost.png"]
    assert plt.get_fignums() == []


def test_saving_draws_once_and_writes_the_png_a_plain_savefig_writes(tmp_path, monkeypatch):
    """saveFigure removes the layout engine tight_layout leaves behind, so savefig draws the
    figure once instead of twice; the file must be the very PNG of a plain savefig."""
    def confusion(folder):
        rng = np.random.default_rng(0)
        classes = rng.integers(1, 11, 300)
        return figures.plotConfusion(classes, np.where(rng.random(300) < 0.9, classes, 3), folder)

    draws, original = [], matplotlib.figure.Figure.draw
    monkeypatch.setattr(matplotlib.figure.Figure, "draw",
                        lambda self, renderer: draws.append(1) or original(self, renderer))
    mine = confusion(tmp_path / "mine").read_bytes()
    drawnOnce = len(draws)
    setEngine = matplotlib.figure.Figure.set_layout_engine      # tight_layout's own calls stay
    monkeypatch.setattr(matplotlib.figure.Figure, "set_layout_engine",
                        lambda self, layout=None, **k: layout and setEngine(self, layout, **k))
    plain = confusion(tmp_path / "plain").read_bytes()
    assert mine == plain and drawnOnce == 1 and len(draws) == 3   # the plain save draws twice
