"""draw.py headless: the drawing window built on Agg and driven by synthetic mouse and key events
through the canvas's own event handling, as a real window's toolkit would drive it."""
import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest
import scipy.ndimage
from matplotlib.backend_bases import KeyEvent, MouseEvent
from PIL import Image

import draw
import predict
from conftest import ROOT, oneLineError, trainedNetwork
from recognizer import drawwindow, picture, plotting, unsure

LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="elsewhere a window can be opened without DISPLAY")
ONE = [(140, 40), (140, 240)]
SEVEN = [(70, 50), (210, 50), (120, 240)]
ZERO = [(140 + 60 * np.sin(t), 140 - 95 * np.cos(t)) for t in np.linspace(0, 2 * np.pi, 40)]


@pytest.fixture(scope="module")
def weightsDir(trainedDir):
    """A data folder with weights from a short training run (30 iterations, no shifted copies):
    conftest's trainedDir, the one the prediction tests use."""
    return trainedDir


@pytest.fixture
def window(weightsDir, tmp_path, capsys, monkeypatch):
    """A drawing window on the Agg backend, saving into tmp_path/plots and tmp_path/mine; no
    live readings while drawing (on Agg each one redraws the whole figure at once) unless a
    test asks for them."""
    monkeypatch.setattr(drawwindow, "LIVE_EVERY", float("inf"))
    fig = plt.figure(dpi=30)     # fewer pixels, same events
    board = drawwindow.DrawWindow(fig, trainedNetwork(weightsDir), tmp_path / "plots",
                            tmp_path / "mine")
    # Agg draws the whole figure at every draw_idle; a screen draws when the window is next
    # idle, which synthetic events never leave time for. The window was drawn once (above); what
    # it shows is checked in its artists, and saving a picture still draws it all.
    monkeypatch.setattr(fig.canvas, "draw_idle", lambda *args, **kwargs: None)
    capsys.readouterr()          # the training's output
    yield board
    plt.close(fig)


def mouse(board, name, point, button=1):
    """A mouse event at a point of the drawing (x, y in its pixels, y down)."""
    x, y = board.drawAx.transData.transform(point)
    canvas = board.fig.canvas
    canvas.callbacks.process(name, MouseEvent(name, canvas, x, y, button=button))


def stroke(board, points):
    """Press at the first point, move through the others, release at the last."""
    mouse(board, "button_press_event", points[0])
    for point in points[1:]:
        mouse(board, "motion_notify_event", point)
    mouse(board, "button_release_event", points[-1])


def key(board, name, over=None):
    """A key press, with the mouse over the axes `over` (default: the drawing)."""
    ax = over or board.drawAx
    x, y = ax.transAxes.transform((0.5, 0.5))
    canvas = board.fig.canvas
    canvas.callbacks.process("key_press_event", KeyEvent("key_press_event", canvas, name, x, y))


def answers(capsys):
    """The 'Drawing: digit D (p)' lines printed so far, as (digit, p) pairs."""
    return [(int(d), float(p)) for d, p in
            re.findall(r"^Drawing: digit (\d) \((\d\.\d\d)\)(?:   unsure — .*)?$", capsys.readouterr().out, re.M)]


def shown(board):
    """The bar heights on screen, the big digit and the value written over the best bar."""
    return ([bar.get_height() for bar in board.bars], board.digitText.get_text(),
            board.valueText.get_text())


def files(folder):
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


# ----- reading what is drawn -----

@pytest.mark.parametrize("points, digit", [(ONE, 1), (SEVEN, 7), (ZERO, 0)], ids=["1", "7", "0"])
def test_a_drawn_digit_reads_right_and_is_printed_once_on_release(window, capsys, points, digit):
    stroke(window, points)
    ((read, output),) = answers(capsys)
    heights, big, value = shown(window)
    assert read == digit and int(np.argmax(heights)) == digit and big == str(digit)
    assert value == f"{output:.2f}" and output == pytest.approx(max(heights), abs=0.005)


def test_the_bars_follow_the_stroke_before_release_and_nothing_is_printed(window, capsys,
                                                                         monkeypatch):
    monkeypatch.setattr(drawwindow, "LIVE_EVERY", 0)          # a reading at every move
    monkeypatch.setattr(drawwindow, "LIVE_SHARE", 0)
    mouse(window, "button_press_event", SEVEN[0])
    mouse(window, "motion_notify_event", SEVEN[1])        # the 7's top bar alone
    first = shown(window)[0]
    mouse(window, "motion_notify_event", SEVEN[2])
    heights, big, _ = shown(window)
    assert max(first) > 0 and heights != first
    assert big == "7" and int(np.argmax(heights)) == 7 and max(heights) > 0.5
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("points", [[(40, 140), (240, 140)], [(140, 140)]], ids=["flat line", "click"])
def test_a_flat_line_and_a_click_are_answered_or_refused_in_one_line(window, capsys, points):
    """Issue 20: a one-stroke horizontal line (ink on a few rows only) and a single click (a dot)
    go through the same picture pipeline: answered like any drawing, or, if refused, the window
    shows '?' and the pipeline's reason is one line; never an exception."""
    stroke(window, points)
    out, err = capsys.readouterr()
    read = [(int(d), float(p)) for d, p in re.findall(r"^Drawing: digit (\d) \((\d\.\d\d)\)$", out, re.M)]
    heights, big, _ = shown(window)
    assert "Traceback" not in err
    if read:
        ((digit, output),) = read
        assert big == str(digit) and output == pytest.approx(max(heights), abs=0.005)
    else:
        assert big == "?" and out == ""
        assert oneLineError(picture.arrayToRow, window.drawing.gray())


def test_an_empty_drawing_answers_nothing(window, capsys):
    assert window.read() is None
    heights, big, value = shown(window)
    assert heights == [0] * 10 and big == "?" and value == ""
    mouse(window, "button_release_event", (10, 10))      # a release with no stroke
    assert capsys.readouterr().out == ""


def test_a_press_outside_the_paper_draws_nothing(window, capsys):
    x, y = window.barAx.transAxes.transform((0.5, 0.5))
    canvas = window.fig.canvas
    for name in ("button_press_event", "motion_notify_event", "button_release_event"):
        canvas.callbacks.process(name, MouseEvent(name, canvas, x, y, button=1))
    assert window.drawing.strokes == [] and np.all(window.drawing.paper == 1)
    assert capsys.readouterr().out == ""


# ----- the pen -----

def test_a_fast_move_leaves_no_gap(window):
    stroke(window, [(30, 140), (250, 140)])              # one motion event across the sheet
    ink = window.drawing.paper < 0.5
    assert ink[140, 30:251].all()
    assert scipy.ndimage.label(ink)[1] == 1


def test_while_drawing_the_stroke_shows_as_a_line_as_wide_as_the_pen(window):
    mouse(window, "button_press_event", SEVEN[0])
    mouse(window, "motion_notify_event", SEVEN[1])
    line = np.transpose(window.penLine.get_data())
    assert np.array_equal(line, window.drawing.strokes[-1])
    pixelsPerUnit = window.drawAx.bbox.width / drawwindow.CANVAS
    assert np.allclose(line, SEVEN[:2], rtol=0, atol=1 / pixelsPerUnit)   # events come in whole screen pixels
    onScreen = window.penLine.get_linewidth() * window.fig.dpi / 72        # points → pixels
    assert onScreen == pytest.approx(2 * drawwindow.PEN_RADIUS * pixelsPerUnit)


def test_inkSegment_inks_the_pixels_within_the_pen_of_the_segment():
    paper = np.ones((60, 80))
    a, b, radius = (10.3, 12.7), (65.2, 40.1), 6.0
    drawwindow.inkSegment(paper, a, b, radius)
    # oracle: the distance from each pixel centre to 501 points spread along the segment
    samples = np.linspace(a, b, 501)
    ys, xs = np.mgrid[0:60, 0:80]
    distance = np.hypot(xs[..., None] - samples[:, 0], ys[..., None] - samples[:, 1]).min(axis=-1)
    assert np.all(paper[distance <= radius - 0.55] == 0)   # inside the pen: full ink
    assert np.all(paper[distance >= radius + 0.55] == 1)   # outside: paper untouched
    edge = (distance > radius - 0.45) & (distance < radius + 0.45)
    assert np.all((paper[edge] > 0) & (paper[edge] < 1))   # the anti-aliased rim


def test_the_pen_is_round_where_it_only_touches_the_paper():
    paper = np.ones((41, 41))
    drawwindow.inkSegment(paper, (20, 20), (20, 20), 8)
    ink = 1 - paper
    assert ink.sum() == pytest.approx(np.pi * 8 ** 2, rel=0.02)
    assert np.allclose(ink, ink.T) and np.allclose(ink, ink[::-1])


# ----- keys -----

def test_c_and_right_click_clear(window, capsys, tmp_path):
    for clear in (lambda: key(window, "c"), lambda: mouse(window, "button_press_event", (5, 5), 3)):
        stroke(window, SEVEN)
        clear()
        assert np.all(window.drawing.paper == 1) and window.drawing.strokes == []
        assert shown(window) == ([0] * 10, "?", "")
        assert capsys.readouterr().out.splitlines()[-1] == "Cleared"
    assert files(tmp_path) == []                          # clearing writes nothing


@pytest.mark.parametrize("undoKey", ["u", "z"])
def test_undo_takes_back_the_last_stroke(window, capsys, undoKey):
    stroke(window, ONE)
    alone = window.drawing.paper.copy()
    stroke(window, [(60, 60), (220, 60)])
    capsys.readouterr()
    key(window, undoKey)
    assert np.array_equal(window.drawing.paper, alone) and len(window.drawing.strokes) == 1
    assert answers(capsys) == [(1, pytest.approx(max(shown(window)[0]), abs=0.005))]
    key(window, undoKey)                                  # the last stroke: the sheet is blank
    assert np.all(window.drawing.paper == 1) and capsys.readouterr().out == ""
    key(window, undoKey)                                  # nothing left to undo: nothing happens
    assert window.drawing.strokes == []


@pytest.mark.parametrize("name", ["u", "c", "7"])
def test_a_key_that_changes_the_drawing_mid_stroke_ends_the_stroke(window, capsys, name):
    mouse(window, "button_press_event", SEVEN[0])
    mouse(window, "motion_notify_event", SEVEN[1])
    key(window, name)
    mouse(window, "motion_notify_event", SEVEN[2])       # the mouse moves on, button still down
    mouse(window, "button_release_event", SEVEN[2])
    assert window.drawing.strokes == [] and np.all(window.drawing.paper == 1)
    assert answers(capsys) == []


def test_s_saves_the_drawing_as_drawn_in_the_plots_folder(window, capsys, tmp_path):
    stroke(window, SEVEN)
    key(window, "s")
    key(window, "s")
    out = capsys.readouterr().out
    assert files(tmp_path) == ["plots"]
    assert files(tmp_path / "plots") == ["Drawing_001.png", "Drawing_002.png"]
    path = tmp_path / "plots" / "Drawing_002.png"
    assert f"Saved {path}" in out.splitlines()
    with Image.open(path) as image:
        assert image.mode == "L" and image.size == (drawwindow.CANVAS, drawwindow.CANVAS)
        assert np.array_equal(np.asarray(image), window.drawing.pixels())
    assert window.drawing.strokes                          # s keeps the drawing


def test_a_digit_key_saves_one_of_your_digits_with_the_next_number_then_clears(window, capsys,
                                                                               tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    for name in ("7_001.png", "0042_7.png", "3_001.png", "photo.png", "notes.txt"):
        (mine / name).write_bytes(b"")
    stroke(window, SEVEN)
    capsys.readouterr()
    key(window, "7")
    path = mine / "7_002.png"
    assert capsys.readouterr().out == (f"Saved {path} as your digit 7 (your 3rd 7; "
                                       f"4 digits of yours in all)\n")
    assert files(mine) == ["0042_7.png", "3_001.png", "7_001.png", "7_002.png", "notes.txt",
                           "photo.png"]
    assert files(tmp_path) == ["mine"]
    assert picture.labelOf(path) == 7
    with Image.open(path) as image:
        drawn = np.asarray(image)
    assert drawn.shape == (drawwindow.CANVAS, drawwindow.CANVAS) and drawn.max() == 255 and drawn.min() == 0
    assert window.drawing.strokes == [] and shown(window)[1] == "?"


def test_the_first_digit_saved_is_your_1st_and_your_only_one(window, capsys, tmp_path):
    stroke(window, ONE)
    capsys.readouterr()
    key(window, "1")
    path = tmp_path / "mine" / "1_001.png"
    assert capsys.readouterr().out == (f"Saved {path} as your digit 1 (your 1st 1; "
                                       f"1 digit of yours in all)\n")


@pytest.mark.parametrize("n, words", [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (10, "10th"), (11, "11th"), (12, "12th"),
    (13, "13th"), (14, "14th"), (21, "21st"), (22, "22nd"), (23, "23rd"), (24, "24th"),
    (100, "100th"), (101, "101st"), (102, "102nd"), (111, "111th"), (112, "112th"),
    (113, "113th"), (121, "121st"), (1001, "1001st"), (1011, "1011th")])
def test_ordinal(n, words):
    assert drawwindow.ordinal(n) == words


def test_a_digit_or_s_on_an_empty_drawing_saves_nothing_and_says_so(window, capsys, tmp_path):
    key(window, "4")
    key(window, "s")
    assert capsys.readouterr().out.splitlines() == ["Nothing drawn: no digit 4 saved",
                                                    "Nothing drawn: nothing saved"]
    assert files(tmp_path) == []


def test_matplotlibs_own_keys_are_switched_off(window):
    for name in ("l", "k", "g", "s", "c", "f"):
        key(window, name, over=window.barAx)
    assert window.barAx.get_yscale() == "linear" and window.barAx.get_xscale() == "linear"
    assert not any(line.get_visible() for line in window.barAx.get_xgridlines())


def test_q_closes_the_window(window):
    assert plt.fignum_exists(window.fig.number)
    key(window, "q")
    assert not plt.fignum_exists(window.fig.number)


def test_the_window_title_says_draw(window):
    assert "Draw" in window.fig.canvas.manager.get_window_title()


def test_nextFreePath_counts_on_from_the_largest_number(tmp_path):
    assert drawwindow.nextFreePath(tmp_path / "missing", "7").name == "7_001.png"
    for name in ("7_001.png", "7_009.png", "7_abc.png", "17_050.png", "7_020.jpg"):
        (tmp_path / name).write_bytes(b"")
    assert drawwindow.nextFreePath(tmp_path, "7").name == "7_010.png"
    assert drawwindow.nextFreePath(tmp_path, "1").name == "1_001.png"


# ----- the window's size and layout -----

def test_every_part_of_the_window_lies_inside_it_and_none_overlaps(window, monkeypatch):
    """At the window's own dpi, with the longest texts it shows: an unsure answer (four lines)
    and a retraining's before and after (two long lines)."""
    window.fig.set_dpi(plotting.DPI)
    monkeypatch.setattr(unsure, "UNSURE_BELOW", 1.01)               # every answer unsure
    stroke(window, SEVEN)
    assert window.unsure is not None and window.whyAx.get_visible()
    window.showTeaching(drawwindow.windowSummary(SimpleNamespace(
        seconds=123.4, iterations=400, trainingSeconds=100.5, mineBefore=100, mineAfter=100,
        mineCount=100, heldOutBefore=100.0, heldOutAfter=100.0, heldOutCount=10000)))
    fig, renderer = window.fig, window.fig.canvas.get_renderer()
    (keys,) = [text for text in fig.texts if text.get_text() == drawwindow.KEYS_HELP]
    parts = {"paper": window.drawAx.get_tightbbox(renderer),
             "bars": window.barAx.get_tightbbox(renderer),
             "digit": window.digitText.get_window_extent(renderer),
             "output": window.outputText.get_window_extent(renderer),
             "why": window.whyAx.get_tightbbox(renderer),
             "teaching": window.teachText.get_window_extent(renderer),
             "keys": keys.get_window_extent(renderer)}
    assert fig.bbox.width == drawwindow.FIGURE_INCHES[0] * plotting.DPI
    for name, box in parts.items():
        assert (box.x0 >= 0 and box.y0 >= 0 and box.x1 <= fig.bbox.x1
                and box.y1 <= fig.bbox.y1), f"{name} {box.extents} outside {fig.bbox.extents}"
    names = list(parts)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not parts[a].overlaps(parts[b]), f"{a} {parts[a].extents} over {b} {parts[b].extents}"
    assert window.answerBox.x0 >= parts["paper"].x1                 # blitting leaves the paper be


def test_fittingDpi_is_the_largest_that_fits_up_to_the_default():
    assert drawwindow.fittingDpi(None) == plotting.DPI                      # screen not known
    width, height = drawwindow.FIGURE_INCHES
    assert drawwindow.fittingDpi((width * plotting.DPI, height * plotting.DPI)) == plotting.DPI
    assert drawwindow.fittingDpi((1280 - 30, 720 - 100)) == plotting.DPI    # a 1280×720 screen
    assert drawwindow.fittingDpi((1024 - 30, 600 - 100)) == 79             # a 1024×600 one: 988×427
    assert drawwindow.fittingDpi((0, 0)) == drawwindow.MIN_DPI == drawwindow.fittingDpi((-30, -100))
    def fits(dpi, room):                       # to a billionth of a pixel (5.4 × 85 > 459)
        return width * dpi <= room[0] + 1e-9 and height * dpi <= room[1] + 1e-9

    for room in [(w, h) for w in range(400, 2000, 37) for h in range(300, 1200, 53)]:
        dpi = drawwindow.fittingDpi(room)
        assert drawwindow.MIN_DPI <= dpi <= plotting.DPI and (fits(dpi, room) or dpi == drawwindow.MIN_DPI)
        assert dpi == plotting.DPI or not fits(dpi + 1, room)


def test_screenRoom_reads_the_screen_from_tk_or_qt_less_the_margin():
    def tk(width, height, pixelsPerInch):
        return SimpleNamespace(window=SimpleNamespace(
            winfo_screenwidth=lambda: width, winfo_screenheight=lambda: height,
            winfo_fpixels=lambda distance: pixelsPerInch))

    def qt(width, height):
        geometry = SimpleNamespace(width=lambda: width, height=lambda: height)
        return SimpleNamespace(window=SimpleNamespace(
            screen=lambda: SimpleNamespace(availableGeometry=lambda: geometry)))

    margin = drawwindow.SCREEN_MARGIN
    assert drawwindow.screenRoom(tk(1280, 720, 96.0)) == (1280 - margin[0], 720 - margin[1])
    assert drawwindow.screenRoom(tk(1280, 720, 72.0)) == (1280 - margin[0], 720 - margin[1])  # macOS
    assert drawwindow.screenRoom(tk(2560, 1440, 192.0)) == ((2560 - margin[0]) / 2,
                                                      (1440 - margin[1]) / 2)  # scaled twice
    assert drawwindow.screenRoom(qt(1024, 576)) == (1024 - margin[0], 576 - margin[1])

    def broken():
        raise RuntimeError("no screen")

    assert drawwindow.screenRoom(SimpleNamespace(window=SimpleNamespace(winfo_screenwidth=broken))) is None
    assert drawwindow.screenRoom(SimpleNamespace(window=SimpleNamespace(screen=broken))) is None
    assert drawwindow.screenRoom(SimpleNamespace()) is None and drawwindow.screenRoom(None) is None


@pytest.mark.slow
@LINUX_ONLY
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (apt-get install xvfb)")
@pytest.mark.parametrize("screen", [(1280, 720), (1024, 600)], ids=["1280x720", "1024x600"])
def test_the_real_window_fits_the_screen_it_opens_on(screen):
    """A Tk window on a virtual screen of that size: shown, scaled by matplotlib for the screen's
    pixels per inch (Xvfb's 100: 1.04), and measured."""
    server = subprocess.Popen(["Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0",
                               f"{screen[0]}x{screen[1]}x24"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL)
    try:
        display_ = server.stdout.readline().decode().strip()
        code = ("from recognizer import drawwindow\n"
                "fig = drawwindow.openWindow()\n"
                "window = fig.canvas.manager.window\n"
                "fig.canvas.manager.show()\n"
                "window.update()\n"
                "print(window.winfo_width(), window.winfo_height())\n")
        process = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                                 text=True, timeout=60,
                                 env={**withoutDisplay(), "DISPLAY": f":{display_}"})
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert process.returncode == 0, process.stderr
    width, height = map(int, process.stdout.split())
    margin, inches = drawwindow.SCREEN_MARGIN, drawwindow.FIGURE_INCHES
    assert width <= screen[0] - margin[0] and height <= screen[1] - margin[1]
    assert width >= 0.9 * (screen[0] - margin[0])                  # not needlessly small
    assert width / height == pytest.approx(inches[0] / inches[1], rel=0.01)


# ----- the same answer as predict.py --image -----

def test_a_saved_drawing_gets_the_same_answer_from_predict(window, capsys, weightsDir, tmp_path,
                                                           quickPictures):
    stroke(window, ZERO)
    key(window, "s")
    ((digit, output),) = answers(capsys)
    path = tmp_path / "plots" / "Drawing_001.png"
    assert np.allclose(picture.imageToRow(path), picture.arrayToRow(window.drawing.gray()),
                       rtol=0, atol=1e-12)
    assert predict.main(["--image", str(path), "--data-dir", str(weightsDir),
                         "--plots-dir", str(tmp_path / "predicted")]) == 0
    top = re.search(r"Top probabilities: digit (\d) (\d\.\d+)", capsys.readouterr().out)
    assert int(top.group(1)) == digit and round(float(top.group(2)), 2) == output


# ----- the script -----

def withoutDisplay():
    """The environment with no display to open a window on."""
    return {name: value for name, value in os.environ.items()
            if name not in ("DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND")}


@pytest.mark.slow
@LINUX_ONLY
def test_without_a_display_the_script_says_so_in_one_line(weightsDir):
    process = subprocess.run([sys.executable, str(ROOT / "draw.py"), "--data-dir", str(weightsDir)],
                             capture_output=True, text=True, timeout=120, env=withoutDisplay())
    assert process.returncode == 1
    assert process.stderr == f"draw.py: error: {drawwindow.NO_WINDOW}\n" and process.stdout == ""


@LINUX_ONLY
def test_main_without_a_display_returns_1_and_leaves_pyplot_on_agg(weightsDir, monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert draw.main(["--data-dir", str(weightsDir)]) == 1
    assert capsys.readouterr().err == f"draw.py: error: {drawwindow.NO_WINDOW}\n"
    assert plt.get_backend().lower() == "agg"


def test_no_trained_weights_is_predicts_one_line_error(tmp_path, capsys):
    assert draw.main(["--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "run python train.py first" in err and "Traceback" not in err
