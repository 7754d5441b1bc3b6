"""Why it answered, and when it is unsure (issue 16): NN.explain's numbers against an oracle
written here, the Why picture, and the unsure verdict in predict.py's three modes and in the
drawing window (headless, as in test_draw.py)."""
import re
import sys
import time

import numpy as np
import pytest

from recognizer import picture
from recognizer import unsure
from conftest import ROOT, runMain, trainedNetwork
from NN import Neural_Network
import test_draw
from test_draw import SEVEN, ONE, key, stroke
from recognizer import digitdata, drawwindow, plotting
from recognizer import why as whyPictures

weightsDir, window = test_draw.weightsDir, test_draw.window   # fixtures of test_draw.py, used here


def oracleZ3(nn, X):
    """z3 for each row of X, written out from the course's formulas: z3 = [1, g([1, x] Θ1ᵀ)] Θ2ᵀ."""
    a2 = 1 / (1 + np.exp(-(X @ nn.W1[:, 1:].T + nn.W1[:, 0])))
    return a2 @ nn.W2[:, 1:].T + nn.W2[:, 0]


@pytest.fixture(scope="module")
def network():
    """A 400-25-10 network with weights 4× the random start's (hidden units away from 0.5) and
    one example of random ink."""
    nn = Neural_Network()
    nn.configureNN(400, 25, 10, seed=3)
    nn.W1, nn.W2 = 4 * nn.W1, 4 * nn.W2
    return nn, np.random.default_rng(3).random(400)


# ----- the numbers -----

def test_the_votes_and_the_bias_add_up_to_z3(network):
    nn, x = network
    z3 = oracleZ3(nn, x[None])[0]
    for k in range(10):
        why = nn.explain(x, k)
        assert why.bias + why.votes.sum() == pytest.approx(z3[k], abs=1e-9)
        assert why.z3 == pytest.approx(z3[k], abs=1e-9) and why.k == k


def test_the_pixel_map_is_ink_times_the_central_differences_of_z3(network):
    nn, x = network
    step = 1e-5
    plus, minus = x + step * np.eye(400), x - step * np.eye(400)
    for k in (0, 6):
        numeric = (oracleZ3(nn, plus)[:, k] - oracleZ3(nn, minus)[:, k]) / (2 * step)
        why = nn.explain(x, k)
        assert np.max(np.abs(why.gradient - numeric)) < 1e-7 * max(1, np.abs(numeric).max())
        assert np.allclose(why.pixelMap, x * numeric, atol=1e-7)


def handMadeNetwork():
    """4 inputs, 6 hidden units and 3 outputs whose hidden units fire at known strengths a2
    (their input weights 0, their biases the logits of a2) and whose output 1 (class 2) weighs
    them by Θ2[1, 1:] = 2, −3, 5, 1, −1, 0.5: votes 1.8, −1.5, 1.0, 0.99, −0.7, 0.05."""
    a2 = np.array([0.9, 0.5, 0.2, 0.99, 0.7, 0.1])
    W1 = np.zeros((6, 5))
    W1[:, 0] = np.log(a2 / (1 - a2))
    W2 = np.zeros((3, 7))
    W2[1] = [-0.25, 2, -3, 5, 1, -1, 0.5]
    nn = Neural_Network()
    nn.configureNN(4, 6, 3, W1=W1, W2=W2)
    return nn


def test_top_and_bottom_voters_are_the_right_units_of_a_hand_made_network():
    why = handMadeNetwork().explain(np.ones(4), 1)
    assert np.allclose(why.votes, [1.8, -1.5, 1.0, 0.99, -0.7, 0.05])
    assert list(why.topVoters(3)) == [0, 2, 3] and list(why.bottomVoters(2)) == [1, 4]
    assert why.z3 == pytest.approx(-0.25 + 1.8 - 1.5 + 1.0 + 0.99 - 0.7 + 0.05)
    assert np.allclose(why.gradient, 0)          # input weights 0: no pixel moves z3
    assert whyPictures.whyText(why, "Why_x.png") == ("hidden units 1, 3 and 4 voted most for digit 2 "
                                                 "(+1.8, +1.0, +1.0); see Why_x.png")


# ----- predict.py: the Why picture and the unsure verdict -----

def threshold(monkeypatch, h, flagged):
    """Set the rule's threshold right at the top output of h: just above it (flagged) or at it."""
    top = float(np.max(h))
    monkeypatch.setattr(unsure, "UNSURE_BELOW", np.nextafter(top, 2) if flagged else top)


def answerLine(out):
    """predict.py's 'Class number: …' line."""
    return next(line for line in out.splitlines() if line.startswith("Class number"))


def test_an_index_gets_its_why_picture_and_unsure_when_the_rule_says(
        trainedDir, defaultData, tmp_path, capsys, monkeypatch, quickPictures):
    """Unsure here, sure at the threshold itself (the folder test has both in one run)."""
    h = trainedNetwork(trainedDir).forward(defaultData[0][42])
    threshold(monkeypatch, h, flagged=True)
    explained = []
    realPlot = whyPictures.plotWhy
    monkeypatch.setattr(whyPictures, "plotWhy", lambda *args, **kw: explained.append(args) or realPlot(*args, **kw))
    result = runMain(capsys, "predict.py", 42, "--data-dir", trainedDir, "--plots-dir", tmp_path)
    assert result.returncode == 0
    assert answerLine(result.stdout).endswith(f"unsure — {unsure.reason(h)}")
    (x, _, answer, runnerUp, *_), = explained
    assert [answer.k, runnerUp.k] == list(np.argsort(h)[::-1][:2])   # the runner-up: 2nd highest
    why = tmp_path / "Why_Example_42.png"
    assert why.exists() and f"; see {why}" in result.stdout


@pytest.fixture
def drawnPictures(tmp_path):
    """A 7 and a 1 drawn as draw.py draws them, saved as labelled PNGs in tmp_path/drawn."""
    folder = tmp_path / "drawn"
    for name, points in (("7_a.png", SEVEN), ("1_b.png", ONE)):
        drawing = drawwindow.Drawing()
        drawing.start(points[0])
        for point in points[1:]:
            drawing.extend(point)
        drawwindow.savePng(drawing.pixels(), folder / name)
    return folder


def test_one_picture_gets_its_why_picture_and_no_unsure_at_the_threshold_itself(
        trainedDir, drawnPictures, tmp_path, capsys, monkeypatch, quickPictures):
    path = drawnPictures / "7_a.png"
    threshold(monkeypatch, trainedNetwork(trainedDir).forward(picture.imageToRow(path)),
              flagged=False)
    result = runMain(capsys, "predict.py", "--image", path, "--data-dir", trainedDir,
                     "--plots-dir", tmp_path / "plots")
    assert "unsure" not in answerLine(result.stdout)
    why = tmp_path / "plots" / "Why_Image_7_a_png.png"
    assert why.exists() and f"; see {why}" in result.stdout


def test_a_folder_marks_each_unsure_line_and_writes_no_why_picture(trainedDir, drawnPictures, tmp_path,
                                                                   capsys, monkeypatch):
    nn = trainedNetwork(trainedDir)
    tops = {p.name: nn.forward(picture.imageToRow(p)).max() for p in drawnPictures.iterdir()}
    monkeypatch.setattr(unsure, "UNSURE_BELOW", (tops["7_a.png"] + tops["1_b.png"]) / 2)
    result = runMain(capsys, "predict.py", "--image", drawnPictures, "--data-dir", trainedDir,
                     "--plots-dir", tmp_path / "plots")
    lines = {line.split(":")[0]: line for line in result.stdout.splitlines() if ".png:" in line}
    for name, top in tops.items():
        assert ("unsure —" in lines[name]) == (top < unsure.UNSURE_BELOW)
        assert re.match(rf"{name}: digit \d \({top:.2f}\)", lines[name])
    assert sum("unsure —" in line for line in lines.values()) == 1
    assert "Why:" not in result.stdout and not list((tmp_path / "plots").glob("Why_*"))
    assert (tmp_path / "plots" / "Misread.png").exists()       # the folder keeps its gallery


@pytest.mark.slow
def test_the_why_picture_is_drawn_for_real(trainedDir, tmp_path):
    """Not a placeholder: a PNG of the figure's size, for the answer and an unsure verdict."""
    nn = trainedNetwork(trainedDir)
    x = digitdata.loadData(trainedDir)[0][7]
    h = nn.forward(x)
    first, second = np.argsort(h)[::-1][:2]
    path = whyPictures.plotWhy(x, h, nn.explain(x, first), nn.explain(x, second), nn.W1, "Example 7",
                           tmp_path, trueClass=1, unsureReason=unsure.reason(np.zeros(10)))
    from PIL import Image

    assert path.name == "Why_Example_7.png" and Image.open(path).size == (1300, 800)


# ----- the drawing window -----

@pytest.fixture
def board(window, monkeypatch):
    """test_draw's window, never redrawn: these tests read its state, not its pixels (on Agg
    each redraw takes a tenth of a second)."""
    monkeypatch.setattr(window.fig.canvas, "draw", lambda: None)
    monkeypatch.setattr(window.fig.canvas, "draw_idle", lambda: None)
    return window


def test_the_window_shows_what_the_network_sees_why_and_unsure_exactly_when_the_rule_says(
        board, capsys, monkeypatch):
    stroke(board, SEVEN)
    why = board.nn.explain(board.row, int(np.argmax(board.h)))
    assert np.array_equal(board.seenImage.get_array(), plotting.uprightImage(board.row))
    assert np.allclose(board.mapImage.get_array(), plotting.uprightImage(why.pixelMap))
    low, high = board.mapImage.get_clim()
    assert low == -high == -np.abs(why.pixelMap).max()          # 0 is white, in the middle
    units = re.findall(r"unit (\d+): ([+-]\d+\.\d)", board.votersTitle.get_text())
    assert units == [(str(j + 1), f"{why.votes[j]:+.1f}") for j in why.topVoters(drawwindow.LIVE_VOTERS)]
    weights = plotting.uprightImage(board.nn.W1[why.topVoters(1)[0], 1:])   # the top voter's,
    first = board.votersImage.get_array()[:, :20]                          # the first tile
    assert np.allclose(first, (weights - weights.min()) / np.ptp(weights))
    for flagged in (True, False):
        threshold(monkeypatch, board.h, flagged)
        board.answer()
        out = capsys.readouterr().out.splitlines()[-1]
        assert (board.unsure is not None) == flagged == ("unsure —" in out)
        assert ("unsure" in board.outputText.get_text()) == flagged


def test_a_saved_drawing_gets_the_same_verdict_from_predict(board, weightsDir, tmp_path, capsys,
                                                           monkeypatch, quickPictures):
    """At a threshold just above the drawing's top output (unsure): predict.py reads the saved
    PNG to the same outputs, so to the same verdict."""
    stroke(board, SEVEN)
    threshold(monkeypatch, board.h, flagged=True)
    board.answer()
    key(board, "s")
    saved = tmp_path / "plots" / "Drawing_001.png"
    capsys.readouterr()
    result = runMain(capsys, "predict.py", "--image", saved, "--data-dir", weightsDir,
                     "--plots-dir", tmp_path / "answers")
    line = answerLine(result.stdout)
    assert board.unsure is not None and line.endswith(f"unsure — {board.unsure}")
    assert f"(digit {int(np.argmax(plotting.probabilitiesByDigit(board.h)))})" in line


@pytest.mark.slow
def test_time_per_live_update_at_the_windows_resolution(weightsDir, tmp_path, capsys):
    """Logged, not asserted: reading the drawing, explaining it and redrawing the answer's side
    of the window (blitted, as while drawing) at its real 100 dpi on Agg."""
    import matplotlib.pyplot as plt

    fig = plt.figure(dpi=plotting.DPI)
    board = drawwindow.DrawWindow(fig, trainedNetwork(weightsDir), tmp_path, tmp_path)
    stroke(board, SEVEN)
    times = []
    for _ in range(9):
        started = time.perf_counter()
        board.showAnswer(board.read(), now=True)
        times.append(time.perf_counter() - started)
    plt.close(fig)
    with capsys.disabled():
        print(f"\ndraw.py live update (read + explain + blit at {plotting.DPI} dpi): median "
              f"{1000 * np.median(times):.0f} ms, fastest {1000 * min(times):.0f} ms of {len(times)}")
    assert board.unsure in (None, unsure.reason(board.h))


def test_the_bench_counts_flagged_answers_and_refused_non_digits():
    sys.path.insert(0, str(ROOT / "bench"))
    import whenunsure

    H = np.array([[0.9, 0.1], [0.3, 0.2], [0.35, 0.1], [0.95, 0.0]])   # top outputs .9 .3 .35 .95
    correct = np.array([True, True, False, False])
    assert whenunsure.shares(H, correct, 0.4) == (50.0, 50.0)          # (misread, correct) flagged
    assert whenunsure.shares(H, correct, 0.32) == (0.0, 50.0)           # only the .3 (correct)
    assert whenunsure.shares(H, correct, 0.2) == (0.0, 0.0)
    assert whenunsure.nonDigitShare(H, 1, 0.4) == 60.0                 # 2 flagged + 1 refused of 5
