"""Teaching in the window (draw.py's t, recognizer/retraining.py): one retraining in the background while the
window answers with the old weights, the swap after it, the counts it prints, a second t refused,
closing mid-training; the same code path as train.py; the mixing rule of your own digits.

The trainings here are tiny (a 500-digit data folder, no shifted copies or non-digits, a few
iterations): the tests check what goes in, what comes out and when, not how well it learns
(bench/teaching.py measures that)."""
import dataclasses
import queue
import re
import shutil
import sys
import threading

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backend_bases import CloseEvent

from recognizer import owndigits
from recognizer import picture
from recognizer import safeguards
import train
from conftest import ROOT, trainedNetwork
from recognizer.conventions import digitToClass, oneHot
from test_draw import ONE, SEVEN, ZERO, key, stroke

sys.path.insert(0, str(ROOT / "bench"))
import teaching  # noqa: E402  (bench/ must be on sys.path first)
from recognizer import datafiles, digitdata, drawwindow, retraining, training
from recognizer.retraining import readRight
from recognizer.settings import DEFAULTS, MINE_HIDDEN

WAIT = 60     # seconds: a generous bound for the background thread, never an assertion on time
TINY = dataclasses.replace(retraining.WINDOW_SETTINGS, shift=False, nonDigits=0, maxiter=5)


@pytest.fixture(scope="module")
def templateDir(smallDataDir, trainedDir):
    """conftest's smallDataDir (every 10th default digit: 500) with the trained weights of
    trainedDir; each test retrains in a copy of it (dataDir)."""
    for name in ("TrainedW1.in", "TrainedW2.in"):
        shutil.copy(trainedDir / name, smallDataDir / name)
    return smallDataDir


@pytest.fixture
def dataDir(templateDir, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(templateDir, folder)
    return folder


@pytest.fixture
def board(dataDir, tmp_path, capsys, monkeypatch):
    """A drawing window on Agg that retrains with the TINY settings into dataDir (mine: dataDir/mine)."""
    monkeypatch.setattr(drawwindow, "LIVE_EVERY", float("inf"))
    fig = plt.figure(dpi=30)
    window = drawwindow.DrawWindow(fig, trainedNetwork(dataDir), tmp_path / "plots",
                             dataDir / "mine", dataDir)
    window.settings = TINY
    monkeypatch.setattr(fig.canvas, "draw_idle", lambda *args, **kwargs: None)
    capsys.readouterr()
    yield window
    window.stopTeaching()
    plt.close(fig)


class Gate:
    """Holds the retraining at its first iteration until released (safeguards' progress printer
    replaced), so that a test can act while it is surely under way."""

    def __init__(self):
        self.reached, self.release = threading.Event(), threading.Event()

    def printer(self, maxiter):
        def show(iteration, J):
            self.reached.set()
            assert self.release.wait(WAIT), "the test never released the retraining"
        return show


@pytest.fixture
def gate(monkeypatch):
    held = Gate()
    monkeypatch.setattr(safeguards, "progressPrinter", held.printer)
    return held


def files(folder):
    """The files of a folder (temporary ones too, not sub-folders) with their bytes."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir()) if path.is_file()}


def saveDigits(window, capsys):
    """Draw and save a 7, a 1 and a 0 as your digits; the rows the network reads of them."""
    for points, digit in ((SEVEN, 7), (ONE, 1), (ZERO, 0)):
        stroke(window, points)
        key(window, str(digit))
    capsys.readouterr()
    rows, digits, _ = picture.labelledRows(window.mineDir)
    return rows, oneHot(digitToClass(digits))


def finish(window):
    """Wait for the retraining thread to end, then let the window read its news (its timer's job)."""
    window.retraining.thread.join(WAIT)
    window.poll()


def test_t_retrains_in_the_background_then_swaps_in_the_saved_weights(board, gate, dataDir,
                                                                       capsys):
    mine = saveDigits(board, capsys)
    old = board.nn
    key(board, "t")
    assert gate.reached.wait(WAIT)
    retraining = board.retraining
    assert retraining.running() and board.nn is old
    # meanwhile the window answers, with the old weights
    stroke(board, SEVEN)
    ((digit, output),) = re.findall(r"^Drawing: digit (\d) \((\d\.\d\d)\)", capsys.readouterr().out, re.M)
    h = old.forward(picture.arrayToRow(board.drawing.gray()))
    assert int(digit) == 7 and float(output) == round(max(h), 2)
    gate.release.set()
    finish(board)
    out = capsys.readouterr().out
    W1, W2 = datafiles.loadTrainedWeights(dataDir)
    assert board.retraining is None and board.nn is not old
    assert np.array_equal(board.nn.W1, W1) and np.array_equal(board.nn.W2, W2)
    assert not np.array_equal(W1, old.W1)
    # the before and after it prints are the two networks' counts
    X, y = digitdata.loadData(dataDir)
    _, test = training.splitHeldOut(len(X), TINY.testFraction, TINY.seed)
    line = re.search(r"^Retrained with your 3 digits in \d+\.\d s \(5 iterations in \d+\.\d s\): "
                     r"your digits "
                     r"(\d)/3 → (\d)/3 read correctly \(they were trained on\); held-out digits "
                     r"(\d+\.\d) % → (\d+\.\d) % \(100 never trained on\)$", out, re.M)
    assert line, out
    assert int(line[1]) == readRight(old, *mine)
    assert int(line[2]) == readRight(board.nn, *mine)
    assert float(line[3]) == round(old.percentCorrect(X[test], y[test]), 1)
    assert float(line[4]) == round(board.nn.percentCorrect(X[test], y[test]), 1)
    assert board.teachText.get_text().startswith("Retrained in ")
    assert not retraining.running()


def test_a_second_t_while_retraining_is_refused_and_starts_nothing(board, gate, capsys):
    saveDigits(board, capsys)
    key(board, "t")
    assert gate.reached.wait(WAIT)
    first = board.retraining
    key(board, "t")
    assert "Already retraining: wait for it to finish" in capsys.readouterr().out
    assert board.retraining is first
    assert [t.name for t in threading.enumerate()].count("retraining") == 1
    gate.release.set()
    finish(board)


def test_closing_the_window_mid_training_keeps_the_old_weights_and_no_temporary_file(
        board, gate, dataDir, capsys):
    saveDigits(board, capsys)
    before, old = files(dataDir), board.nn
    key(board, "t")
    assert gate.reached.wait(WAIT)
    retraining, canvas = board.retraining, board.fig.canvas
    # the close handler waits for the thread, which the gate holds: close from another thread,
    # and release the gate once the close has asked the retraining to stop
    closer = threading.Thread(target=canvas.callbacks.process,
                              args=("close_event", CloseEvent("close_event", canvas)))
    closer.start()
    assert retraining.stop.wait(WAIT)
    gate.release.set()
    closer.join(WAIT)
    assert not closer.is_alive() and not retraining.running()
    assert files(dataDir) == before and board.nn is old and board.retraining is None
    assert "Window closed while retraining: stopped, nothing saved" in capsys.readouterr().out


def test_closing_while_the_rows_are_built_closes_at_once_and_saves_nothing(
        board, dataDir, capsys, monkeypatch):
    saveDigits(board, capsys)
    before, building, release = files(dataDir), threading.Event(), threading.Event()
    realSet = training.trainingSet

    def slowSet(*args, **kwargs):          # the first t's seconds of drawing non-digit pictures
        building.set()
        assert release.wait(WAIT)
        return realSet(*args, **kwargs)

    monkeypatch.setattr(training, "trainingSet", slowSet)
    key(board, "t")
    retraining = board.retraining
    assert building.wait(WAIT)
    key(board, "q")                         # returns while the rows are still being built
    assert retraining.running() and board.retraining is None
    assert "Window closed while retraining: stopped, nothing saved" in capsys.readouterr().out
    release.set()
    retraining.thread.join(WAIT)
    assert not retraining.running() and files(dataDir) == before
    assert retraining.messages.get_nowait()[0] == "cancelled"


def test_closing_the_window_as_the_retraining_ends_says_that_it_saved(board, dataDir, capsys):
    saveDigits(board, capsys)
    key(board, "t")
    board.retraining.thread.join(WAIT)        # it ended, and the window has not polled yet
    key(board, "q")
    out = capsys.readouterr().out
    assert "Window closed as the retraining ended: its new weights were saved" in out
    assert "nothing saved" not in out
    W1, _ = datafiles.loadTrainedWeights(dataDir)
    assert not np.array_equal(W1, board.nn.W1)     # saved, though this window answers no more


def test_the_window_shows_the_latest_progress_as_a_bar(board):
    class Running:           # a retraining that has reported two iterations and goes on
        settings = dataclasses.replace(retraining.WINDOW_SETTINGS, maxiter=100)
        messages = queue.Queue()

    for news in (("progress", 39, 0.5), ("progress", 40, 0.45)):
        Running.messages.put(news)
    board.retraining = Running()
    board.poll()
    assert board.teachText.get_text() == f"Retraining {'█' * 8}{'░' * 12} iteration 40 of 100, cost 0.4500"
    assert board.retraining is not None                       # still under way
    board.retraining = None


def test_t_with_no_digits_of_yours_says_so_and_starts_nothing(board, capsys):
    key(board, "t")
    assert capsys.readouterr().out.startswith("Nothing to teach yet: draw a digit and press its key")
    assert board.retraining is None


# ----- one code path, shared with train.py -----

def test_train_py_and_the_window_retrain_through_the_same_two_calls(board, dataDir, tmp_path,
                                                                   capsys, monkeypatch,
                                                                   quickPictures):
    calls = []
    rows, guard = training.trainingSet, safeguards.guarded

    def trainingSet(*args, **kwargs):
        calls.append(("rows", rows(*args, **kwargs)))
        return calls[-1][1]

    def guarded(nn, X, y, *args, **kwargs):
        calls.append(("train", X))
        return guard(nn, X, y, *args, **kwargs)

    monkeypatch.setattr(training, "trainingSet", trainingSet)
    monkeypatch.setattr(safeguards, "guarded", guarded)
    mine = saveDigits(board, capsys)
    key(board, "t")
    finish(board)
    assert train.main(["--maxiter", "2", "--no-shift", "--nondigits", "0", "--no-animation",
                       "--data-dir", str(dataDir), "--plots-dir", str(tmp_path / "plots")]) == 0
    assert [kind for kind, _ in calls] == ["rows", "train"] * 2
    X, y = digitdata.loadData(dataDir)
    _, test = training.splitHeldOut(len(X), 0.2, 0)
    held = {row.astype(np.float32).tobytes() for row in X[test]}
    for (_, (Xrows, _)), (_, Xtrained) in zip(calls[::2], calls[1::2]):
        assert Xtrained is Xrows                                  # trained on what it built
        assert {row.astype(np.float32).tobytes() for row in mine[0]} <= {r.tobytes() for r in Xrows}
        assert not any(row.tobytes() in held for row in Xrows)   # never a held-out digit


def test_a_failed_retraining_saves_nothing_in_the_window_or_in_train_py(board, dataDir, tmp_path,
                                                                       capsys, monkeypatch,
                                                                       quickPictures):
    monkeypatch.setattr(safeguards, "improved", lambda nn, start: False)   # the cost did not fall
    saveDigits(board, capsys)
    before, old = files(dataDir), board.nn
    key(board, "t")
    finish(board)
    err = capsys.readouterr().err
    assert "error: retraining failed: training failed" in err and "nothing saved" in err
    assert board.nn is old and files(dataDir) == before
    assert train.main(["--maxiter", "2", "--no-shift", "--nondigits", "0", "--no-animation",
                       "--data-dir", str(dataDir), "--plots-dir", str(tmp_path / "plots")]) == 1
    assert "nothing saved" in capsys.readouterr().err and files(dataDir) == before


# ----- the mixing rule -----

def test_the_window_retrains_with_train_pys_defaults_and_the_studys_rule():
    assert train.settingsOf(train.parseArguments([])) == DEFAULTS      # train.py's options' defaults
    assert retraining.WINDOW_SETTINGS == dataclasses.replace(DEFAULTS, maxiter=100)
    # the rule bench/teaching.py chose on validation (README, "Teach it your handwriting")
    assert (DEFAULTS.mineCopies, DEFAULTS.mineShare, MINE_HIDDEN) == ("same", 0.1, 50)


@pytest.mark.parametrize("copies", owndigits.COPIES)
def test_own_digits_never_reach_the_held_out_set(defaultData, copies, capsys):
    X, y = defaultData
    trainRows, test = training.splitHeldOut(len(X), 0.2, 0)
    mine = X[:30] * 0.9 + 0.05, y[:30]             # stand-ins: rows no data-set digit has
    Xt, _ = training.trainingSet(
        X, y, trainRows, dataclasses.replace(DEFAULTS, mineShare=0.2, float64=True, mineCopies=copies),
        mine, nonDigits=0)
    held = {row.tobytes() for row in X[test]}
    assert not any(row.tobytes() in held for row in Xt)
    times = owndigits.repetitions(30, len(trainRows), 0.2)
    assert len(Xt) == 5 * (len(trainRows) + 30 * times)


def test_varied_copies_are_new_examples_of_the_same_digits_the_same_at_every_run(defaultData):
    X, _ = defaultData
    rows = X[::500]
    first, again = (owndigits.variedCopies(rows, np.random.default_rng(0)) for _ in range(2))
    assert np.array_equal(first, again)
    assert not np.any(np.all(np.isclose(first, rows), axis=1))       # every copy differs
    assert np.allclose(first.sum(axis=1), rows.sum(axis=1), rtol=0.3)   # the ink: scaled ±10 %


def test_a_varied_copy_turns_about_the_images_centre(defaultData, monkeypatch):
    monkeypatch.setattr(owndigits, "MOVE_PIXELS", 0)
    monkeypatch.setattr(owndigits, "SCALE_BY", 0)
    monkeypatch.setattr(owndigits, "TURN_DEGREES", 90)

    class Turns:    # the random draws: a quarter turn, then no move
        def uniform(self, low, high, size=None):
            return np.zeros(size) if size else high

    row = defaultData[0][2500]
    turned = owndigits.variedCopies(row[None], Turns())[0].reshape(20, 20)
    image = row.reshape(20, 20)
    assert any(np.allclose(turned, np.rot90(image, k), atol=1e-9) for k in (1, -1))


def test_the_study_rule_keeps_mnist_within_half_a_point_then_reads_most_own_digits():
    def line(own, mnist):
        cells = {"blocky": own, "blockyMnist": mnist, "mine": own, "mineMnist": mnist}
        return {"scratch": cells, "window": dict(cells)}

    table = [(None, line(70, 96.0)), (("same", 0.2, 25), line(95, 95.4)),   # reads most, costs 0.6
             (("same", 0.1, 25), line(90, 95.6)), (("varied", 0.2, 25), line(90, 95.8))]
    assert teaching.chooseRule(table) == ("varied", 0.2, 25)
    table[1][1]["window"]["mineMnist"] = 95.6                 # cheap in three columns of four
    assert teaching.chooseRule(table) == ("varied", 0.2, 25)
    assert teaching.chooseRule(table[:2]) == ("same", 0.2, 25)   # none cheap: the most read
