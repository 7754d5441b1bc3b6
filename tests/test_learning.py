"""Watch it learn (animation.py, plots/Learning.gif) and the learning curve (curves.py,
train.py --learning-curve).

Fast: trainings of a few iterations on a 500-digit subset, pictures as placeholders; one GIF is
drawn for real, in a slow test."""
import re

import numpy as np
import pytest
from PIL import Image
from scipy.special import expit

import train
from conftest import snapshot
from recognizer import figures
from NN import Neural_Network
from recognizer import animation, aside, curves, digitdata, plotting, training


def trainSmall(dataDir, plotsDir, *args):
    """train.main on the small data set, 3 iterations, no shifted copies; returns the exit code."""
    return train.main(["--maxiter", "3", "--no-shift", *args, "--data-dir", str(dataDir),
                       "--plots-dir", str(plotsDir)])


def rowSet(X):
    """The rows of X as a set of bytes, to ask whether a digit is among them (in float32, the
    precision train.py trains in: a float64 row and its float32 copy compare equal)."""
    return {row.tobytes() for row in np.asarray(X, dtype=np.float32)}


@pytest.fixture
def drawnAnimations(quickPictures):
    """The arguments of every animation.animateLearning call of the test, which then goes on to
    quickPictures' placeholder (a GIF of 1×1 frames, one per frame). Undone before quickPictures
    is, so that the placeholder does not outlive it."""
    calls, original = [], animation.animateLearning

    def recording(frames, costs, digits, trueClasses, heldOut, *args, **kwargs):
        calls.append({"frames": frames, "costs": list(costs), "digits": np.array(digits),
                      "trueClasses": trueClasses, "heldOut": heldOut})
        return original(frames, costs, digits, trueClasses, heldOut, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(animation, "animateLearning", recording)
        patch.setattr(aside, "FORK", False)     # drawn in this process, where the calls are seen
        yield calls


# ----- which iterations -----

@pytest.mark.parametrize("maxiter", [30, 100, 400, 1000])
def test_snapshot_iterations_start_dense_and_end_at_the_last(maxiter):
    iterations = animation.snapshotIterations(maxiter)
    assert iterations[:4] == [0, 1, 2, 3] and iterations[-1] == maxiter
    assert 10 <= len(iterations) <= 40
    gaps = np.diff(iterations)
    assert np.all(gaps > 0)                          # each once, in order
    assert gaps[-1] > 3 * gaps[0]                    # far apart late, close together early


def test_a_short_training_keeps_every_iteration():
    assert animation.snapshotIterations(5) == [0, 1, 2, 3, 4, 5]
    assert animation.snapshotIterations(1) == [0, 1]


# ----- the snapshots -----

def test_snapshots_are_copies_of_the_weights_at_the_chosen_iterations(defaultData):
    X, y = defaultData[0][::25], defaultData[1][::25]     # 200 digits
    nn = Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=12, lambd=1, seed=0)
    start = nn.W1.copy()
    snapshots = animation.Snapshots(nn)
    seen = {}                                        # every iteration's W1, kept by the test

    def both(iteration, J):
        seen[iteration] = nn.W1.copy()
        snapshots(iteration, J)

    nn.train(X, y, callback=both)
    assert len(seen) == 12
    assert sorted(snapshots.taken) == animation.snapshotIterations(12)
    assert np.array_equal(snapshots.taken[0][0], start)
    for iteration, (W1, W2) in snapshots.taken.items():
        if iteration:
            assert np.array_equal(W1, seen[iteration])
        assert W1 is not nn.W1 and W2 is not nn.W2   # copies, not the network's own arrays
    assert snapshots.finish() == animation.snapshotIterations(12)   # the last one is kept already


def test_finish_keeps_the_last_weights_when_training_stopped_between_snapshots():
    nn = Neural_Network()
    nn.configureNN(4, 3, 2, maxiter=100, seed=0)
    snapshots = animation.Snapshots(nn, iterations=[0, 5, 100])
    for iteration in range(1, 8):      # as NN.train would, had L-BFGS-B converged at 7
        nn.costs.append(1.0 / iteration)
        nn.W1 = nn.W1 + 1
        snapshots(iteration, nn.costs[-1])
    assert snapshots.finish() == [0, 5, 7]
    assert np.array_equal(snapshots.taken[7][0], nn.W1)
    assert np.array_equal(snapshots.taken[5][0], nn.W1 - 2)


def test_frames_hold_each_snapshots_answers_and_held_out_accuracy(defaultData):
    X, y = defaultData[0][::50], defaultData[1][::50]     # 100 digits, 10 of each
    rng = np.random.default_rng(1)
    nn = Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=3, seed=0)
    snapshots = animation.Snapshots(nn, iterations=[0, 1])
    nn.costs, nn.W1, nn.W2 = [2.0], rng.normal(0, 0.1, (25, 401)), rng.normal(0, 1, (10, 26))
    snapshots(1, 2.0)
    shown = animation.shownDigits(y)
    frames = animation.frames(snapshots, X, y, shown)
    assert [frame[0] for frame in frames] == [0, 1]
    for (iteration, W1, accuracy, answers), (W1taken, W2taken) in zip(
            frames, (snapshots.taken[0], snapshots.taken[1])):
        # the course's forward pass written out here: h = g([1, g([1, X] Θ1ᵀ)] Θ2ᵀ)
        hidden = expit(np.hstack([np.ones((len(X), 1)), X]) @ W1taken.T)
        h = expit(np.hstack([np.ones((len(X), 1)), hidden]) @ W2taken.T)
        classes = np.argmax(h, axis=1) + 1
        assert np.array_equal(W1, W1taken)
        assert accuracy == pytest.approx(100 * np.mean(classes == np.argmax(y, axis=1) + 1))
        assert np.array_equal(answers, classes[shown])


def test_shown_digits_are_two_of_each_digit_in_lines_of_0_to_9(defaultData):
    y = defaultData[1][::10]
    digits = np.argmax(y[animation.shownDigits(y)], axis=1) + 1
    assert list(digits % 10) == [*range(10), *range(10)]   # class 10 is the digit 0


def test_each_frame_drawn_by_its_changes_is_the_frame_drawn_in_full(defaultData):
    """drawFrames redraws only where something changed; every frame must still be the picture a
    full draw of the figure gives at that moment (answers that change and stay, a cost curve
    that grows, the units' mosaic, the two-line title)."""
    X, y = defaultData[0][::50], defaultData[1][::50]
    rng = np.random.default_rng(3)
    shown = animation.shownDigits(y)
    truth = np.argmax(y[shown], axis=1) + 1
    costs = list(np.geomspace(3.0, 0.5, 12))
    moments = []
    for iteration in (0, 1, 2, 5, 9, 12):
        answers = truth.copy()
        answers[rng.random(len(answers)) < 0.6 / (1 + iteration)] = 3     # fewer wrong as it learns
        moments.append((iteration, rng.normal(0, 0.1, (25, 401)), 10.0 * iteration,
                        answers))

    def pictures(drawn):
        with plotting.openFigure(figsize=(10, 5.7)) as fig:
            fig.set_dpi(animation.GIF_DPI)
            update, moving = animation.learningFigure(fig, moments[0][1], costs, X[shown])
            steps = [lambda m=m: update(m[0], m[1], m[3] == truth, m[3] % 10, f"{m[2]:.2f}%")
                     for m in moments]
            return [np.asarray(picture.convert("RGB")) for picture in drawn(fig, moving, steps)]

    def inFull(fig, moving, steps):          # the reference: every frame drawn from scratch
        frames = []
        for step in steps:
            step()
            fig.canvas.draw()
            rgb = Image.fromarray(np.asarray(fig.canvas.buffer_rgba())[..., :3])
            frames.append(rgb.quantize(animation.GIF_COLOURS, method=Image.Quantize.FASTOCTREE))
        return frames

    byChanges, full = pictures(animation.drawFrames), pictures(inFull)
    assert len(byChanges) == len(full) == len(moments)
    for frame, (mine, reference) in enumerate(zip(byChanges, full)):
        assert np.array_equal(mine, reference), f"frame {frame} differs"


# ----- train.py and the GIF -----

def test_the_gif_has_a_frame_per_snapshot_drawn_from_the_training(smallDataDir, tmp_path,
                                                                    drawnAnimations, capsys,
                                                                    quickPictures):
    assert trainSmall(smallDataDir, tmp_path) == 0
    assert "Learning.gif" in capsys.readouterr().out
    [drawn] = drawnAnimations
    iterations = [frame[0] for frame in drawn["frames"]]
    assert iterations == animation.snapshotIterations(3) == [0, 1, 2, 3]
    assert Image.open(tmp_path / "Learning.gif").n_frames == len(iterations)
    trained = np.loadtxt(smallDataDir / "TrainedW1.in", delimiter=",")
    assert np.allclose(drawn["frames"][-1][1], trained)          # the last frame: the saved weights
    assert len(drawn["costs"]) == 3 and drawn["heldOut"] == 100  # 20 % of 500
    X, _ = digitdata.loadData(smallDataDir)
    trainRows, heldOut = training.splitHeldOut(len(X), 0.2, seed=0)
    assert len(drawn["digits"]) == 20
    assert rowSet(drawn["digits"]) <= rowSet(X[heldOut])
    assert not rowSet(drawn["digits"]) & rowSet(X[trainRows])     # never trained on


def test_no_animation_takes_no_snapshots_and_writes_no_gif(smallDataDir, tmp_path, monkeypatch,
                                                           capsys, quickPictures):
    made = []
    monkeypatch.setattr(animation, "Snapshots", lambda nn: made.append(nn))
    assert trainSmall(smallDataDir, tmp_path, "--no-animation") == 0
    assert made == [] and not (tmp_path / "Learning.gif").exists()
    assert "Learning.gif" not in capsys.readouterr().out
    assert (tmp_path / "Cost.png").exists()                      # the other pictures as before


@pytest.mark.slow
def test_the_real_gif_of_train_py_loops_with_a_frame_per_snapshot(smallDataDir, tmp_path, capsys):
    """Drawn for real: 17 frames of 800×456 pixels."""
    assert train.main(["--maxiter", "30", "--no-shift", "--data-dir", str(smallDataDir),
                       "--plots-dir", str(tmp_path)]) == 0
    gif = Image.open(tmp_path / "Learning.gif")
    assert gif.n_frames == len(animation.snapshotIterations(30))   # no early stop in 30
    assert gif.info["loop"] == 0 and gif.size[0] >= 600
    durations = []
    for frame in range(gif.n_frames):
        gif.seek(frame)
        durations.append(gif.info["duration"])
    assert durations[0] == animation.FIRST_MS and durations[-1] == animation.LAST_MS
    assert 2000 <= sum(durations) <= 10000                       # a few seconds in all


# ----- the learning curve -----

@pytest.fixture
def recordedTrainings(monkeypatch):
    """A copy of the X of every Neural_Network.train call of the test."""
    calls, original = [], Neural_Network.train

    def recording(self, X, y, callback=None):
        calls.append(np.array(X))
        return original(self, X, y, callback)

    monkeypatch.setattr(Neural_Network, "train", recording)
    return calls


@pytest.fixture
def plottedLines(monkeypatch):
    """The lines of every figure plotting.saveFigure saves in the test: title → [xy data, …]."""
    lines, original = {}, plotting.saveFigure

    def recording(fig, plotsDir, title):
        lines[title] = [line.get_xydata() for ax in fig.axes for line in ax.lines]
        return original(fig, plotsDir, title)

    monkeypatch.setattr(figures, "saveFigure", recording)   # the curves are figures.py's
    return lines


def test_learning_curve_trains_on_growing_training_digits_never_validation_or_held_out(
        smallDataDir, tmp_path, recordedTrainings, plottedLines, capsys, quickPictures):
    X, _ = digitdata.loadData(smallDataDir)
    trainRows, heldOut = training.splitHeldOut(len(X), 0.2, seed=0)
    before = snapshot(smallDataDir)
    assert train.main(["--learning-curve", "--maxiter", "2", "--data-dir", str(smallDataDir),
                       "--plots-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # 400 training digits, 80 set aside: 320 to train on; 500 and more are more than there are
    assert "Left out: 500, 1,000, 2,000 (more than the 320 training digits there are)" in out
    assert [len(trained) for trained in recordedTrainings] == [5 * n for n in (50, 100, 200, 320)]
    # the digits each training used, found among the originals without asking curves.py
    originals = [row.tobytes() for row in X.astype(np.float32)]
    trainedSets = [rowSet(trained) for trained in recordedTrainings]
    fitted = [{i for i, row in enumerate(originals) if row in trained} for trained in trainedSets]
    assert [len(digits) for digits in fitted] == [50, 100, 200, 320]
    assert all(small < large for small, large in zip(fitted, fitted[1:]))   # each holds the last
    assert fitted[-1] <= set(trainRows)
    unseen = np.setdiff1d(trainRows, sorted(fitted[-1]))                    # the validation digits
    assert len(unseen) == 80
    neverTrained = np.concatenate([unseen, heldOut])
    unseenAndCopies = rowSet(training.shiftedCopies(X[neverTrained],
                                                   np.zeros((len(neverTrained), 10)))[0])
    for trained in trainedSets:
        assert not trained & unseenAndCopies
    assert snapshot(smallDataDir) == before          # no weights saved: the curve only
    assert "Test Set Accuracy" not in out            # the held-out digits are not even measured
    assert (tmp_path / "LearningCurve.png").exists()
    # the printed table is the picture's data
    table = re.findall(r"^ +([\d,]+) +(\d+\.\d\d)% +(\d+\.\d\d)%$", out, re.M)
    sizes, fittedAccuracy, validation = (np.array([float(cell.replace(",", "")) for cell in column])
                                         for column in zip(*table))
    trainingLine, validationLine = plottedLines["LearningCurve"]
    assert np.array_equal(sizes, [50, 100, 200, 320])
    assert np.array_equal(trainingLine[:, 0], sizes) and np.array_equal(validationLine[:, 0], sizes)
    assert np.allclose(trainingLine[:, 1], fittedAccuracy, atol=0.005)
    assert np.allclose(validationLine[:, 1], validation, atol=0.005)
    assert curves.readCurve([int(n) for n in sizes], list(trainingLine[:, 1]),
                                   list(validationLine[:, 1])) in out


@pytest.mark.parametrize("available, sizes, dropped", [
    (3200, [50, 100, 200, 500, 1000, 2000, 3200], []),
    (500, [50, 100, 200, 500], [1000, 2000]),        # all of them: not dropped, the last point
    (320, [50, 100, 200, 320], [500, 1000, 2000]),
    (30, [30], [50, 100, 200, 500, 1000, 2000]),
])
def test_curve_sizes_end_with_all_the_digits_and_drop_the_larger(available, sizes, dropped):
    assert curves.curveSizes(available) == (sizes, dropped)


@pytest.mark.parametrize("validation, training, words", [
    ([90.0, 93.0], [99.0, 98.0], "still rises at 2,000 training digits (+3.00 points since 1,000): "
                                 "more data would help"),
    ([95.0, 95.25], [99.0, 98.5], "levelled off at 2,000 training digits (+0.25 points since 1,000), "
                                  "3.2 points below training accuracy"),
    ([95.0, 95.25], [96.0, 96.0], "close to training accuracy: more data would help little; a "
                                  "bigger network"),
])
def test_the_sentence_reads_the_right_end_of_the_curve(validation, training, words):
    assert words in curves.readCurve([1000, 2000], training, validation)


def test_a_rise_counts_per_doubling_of_the_digits():
    # +0.4 points over 2,000 → 2,400 is +1.5 per doubling: still rising; over 1,000 → 2,000 it is not
    assert "still rises" in curves.readCurve([2000, 2400], [99, 99], [95.0, 95.4])
    assert "levelled off" in curves.readCurve([1000, 2000], [99, 99], [95.0, 95.4])


def test_too_few_training_digits_for_a_learning_curve_is_one_line(smallDataDir, tmp_path, capsys):
    code = train.main(["--learning-curve", "--test-fraction", "0.996", "--data-dir",
                       str(smallDataDir), "--plots-dir", str(tmp_path)])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "--learning-curve needs at least 3 training digits" in err and "Traceback" not in err
