"""Inside the network (inside.py, recognizer/hiddenlayer.py, robustness.py, insidefigures.py):
each number against an independent oracle — the silenced forward pass against the plain one with
Θ2's column zeroed, the units-off table against a plain per-example loop, the points map against
a hand-made set, the transforms against a single pixel moved by hand — and the command itself on
a small model."""
import dataclasses

import numpy as np
import pytest

import inside
from conftest import PNG_SIGNATURE, assertOneLineError, runMain, snapshot, trainedNetwork
from NN import Neural_Network
from recognizer import hiddenlayer, robustness, training
from recognizer.insidefigures import sameDigitNeighbours
from recognizer.conventions import classesOf, classToDigit, oneHot

INSIDE_PICTURES = ["UnitsOff.png", "Unit_{n}.png", "HiddenSpace.png", "Imagined.png",
                   "Robustness.png"]


@pytest.fixture(scope="module")
def small():
    """A seeded 400-6-10 network and 60 rows of random 'digits' with labels."""
    rng = np.random.default_rng(4)
    nn = Neural_Network()
    nn.configureNN(400, 6, 10, seed=4)
    nn.W2 *= 8                                  # votes large enough that answers differ
    X = rng.random((60, 400))
    return nn, X, oneHot(np.arange(60) % 10 + 1)


# ----- the maths -----

def test_hidden_is_the_forward_pass_hidden_layer(small):
    nn, X, _ = small
    a2, _ = nn.propagate(nn.W1, nn.W2, X)
    assert np.array_equal(nn.hidden(X), a2[:, 1:])
    plain = 1 / (1 + np.exp(-(X @ nn.W1[:, 1:].T + nn.W1[:, 0])))     # g(z2), written out
    assert np.allclose(nn.hidden(X), plain)


def test_a_unit_switched_off_is_the_network_with_its_theta2_column_zeroed(small):
    nn, X, _ = small
    for unit in range(nn.hiddenSize):
        zeroed = Neural_Network.fromWeights(nn.W1, nn.W2.copy())
        zeroed.W2[:, 1 + unit] = 0                                     # its votes gone
        assert np.allclose(nn.forwardWithout(X, [unit], 0.0), zeroed.forward(X))
    assert np.allclose(nn.forwardWithout(X, []), nn.forward(X))         # none off: the plain pass


def test_a_unit_held_at_a_value_adds_that_value_times_its_votes(small):
    nn, X, _ = small
    held = nn.forwardWithout(X, [2], 0.7)
    z3 = np.log(held / (1 - held))                                     # back through the sigmoid
    zeroed = nn.forwardWithout(X, [2], 0.0)
    assert np.allclose(z3 - np.log(zeroed / (1 - zeroed)), 0.7 * nn.W2[:, 3])


def test_votes_by_digit_put_class_10_first_and_the_strongest_are_named():
    W2 = np.zeros((10, 3))
    W2[9, 1], W2[2, 1] = 3.5, -2.0            # unit 1: +3.5 for class 10 (digit 0), −2 for digit 3
    W2[0, 2], W2[6, 2] = 1.0, -4.0            # unit 2: +1 for digit 1, −4 for digit 7
    votes = hiddenlayer.votesByDigit(W2)
    assert votes.shape == (2, 10) and votes[0, 0] == 3.5 and votes[1, 7] == -4.0
    assert hiddenlayer.strongestVotes(W2) == [((3.5, 0), (-2.0, 3)), ((1.0, 1), (-4.0, 7))]


def test_units_off_equals_a_plain_loop_over_examples(small):
    nn, X, y = small
    off = hiddenlayer.unitsOff(nn, X[:30], X[30:], y[30:])
    means = [np.mean([nn.hidden(x)[0, j] for x in X[:30]]) for j in range(nn.hiddenSize)]
    digits = classToDigit(classesOf(y[30:]))
    for j in range(nn.hiddenSize):
        right, total = np.zeros(10), np.zeros(10)
        for x, d in zip(X[30:], digits):                               # one example at a time
            a2 = nn.hidden(x)[0]
            a2[j] = means[j]
            h = 1 / (1 + np.exp(-(nn.W2[:, 0] + nn.W2[:, 1:] @ a2)))
            right[d] += classToDigit(np.argmax(h) + 1) == d
            total[d] += 1
        assert np.allclose(off.without[j], 100 * right / total)
    assert np.allclose(off.heldAt, means)
    assert off.costliest() == int(np.argmin(off.overall()))


def test_the_points_map_is_the_svd_of_the_centred_rows():
    points = np.array([[3.0, 1.0], [5.0, 1.0], [4.0, 1.5], [4.0, 0.5]])   # centre (4, 1)
    placed, share = hiddenlayer.principalComponents(points, 2)
    assert np.allclose(np.abs(placed[:, 0]), [1, 1, 0, 0])             # along x: ±1 (either sign)
    assert np.allclose(np.abs(placed[:, 1]), [0, 0, 0.5, 0.5])
    assert np.allclose(share, [2 / 2.5, 0.5 / 2.5])                    # variances 2 and 0.5
    _, _, Vt = np.linalg.svd(points - points.mean(axis=0))
    assert np.allclose(placed, (points - points.mean(axis=0)) @ Vt.T)


def test_same_digit_neighbours_counts_nearest_points():
    points = np.array([[0.0], [0.1], [5.0], [5.1], [9.0]])
    assert sameDigitNeighbours(points, np.array([1, 1, 2, 2, 1])) == pytest.approx(4 / 5)  # not 9.0


def test_imagined_input_stays_in_range_and_raises_its_output(small):
    nn, X, _ = small
    for k in (0, 9):
        start = np.full(400, 0.2)
        x = hiddenlayer.imagine(nn, k, start, steps=30)
        assert x.min() >= 0 and x.max() <= 1
        assert nn.forward(x)[k] > nn.forward(start)[k]


# ----- the transforms -----

def onePixel(row, column):
    """A course row (column-major) with one bright pixel at (row, column) of the upright image."""
    image = np.zeros((20, 20))
    image[row, column] = 1
    return image.T.reshape(1, 400)


def centreOfMass(rows):
    image = robustness.upright(rows)[0]
    total = image.sum()
    return np.array([np.sum(image * np.arange(20)[:, None]), np.sum(image * np.arange(20))]) / total


def test_a_shift_moves_a_pixel_right_and_down_by_the_amount():
    assert np.allclose(centreOfMass(robustness.shifted(onePixel(5, 6), 3, 0)), [5, 9])
    assert np.allclose(centreOfMass(robustness.shifted(onePixel(5, 6), 0, -2)), [3, 6])


def test_a_turn_moves_a_pixel_about_the_centre_by_the_angle():
    centre = robustness.CENTRE
    moved = centreOfMass(robustness.turned(onePixel(int(centre - 5.5), 10), 90))  # above the centre
    # turned 90° counter-clockwise, a point above the centre goes to its left
    angle = np.degrees(np.arctan2(-(moved[0] - centre), moved[1] - centre))
    assert angle == pytest.approx(180, abs=8)
    assert np.hypot(*(moved - centre)) == pytest.approx(5.5, abs=0.6)


def test_a_scale_moves_a_pixel_away_from_the_centre_by_the_factor():
    centre = robustness.CENTRE
    start = onePixel(int(centre + 4.5), int(centre + 4.5))            # 4·√2 from the centre
    before = np.hypot(*(centreOfMass(start) - centre))
    after = np.hypot(*(centreOfMass(robustness.scaled(start, 1.5)) - centre))
    assert after == pytest.approx(1.5 * before, rel=0.05)


def test_strokes_get_thicker_and_thinner_and_no_change_keeps_the_rows():
    bar = np.zeros((20, 20))
    bar[5:15, 8:11] = 1                                               # a stroke 3 pixels wide
    row = bar.T.reshape(1, 400)
    assert robustness.stroked(row, 1).sum() == (10 + 2) * (3 + 2) - 4   # a pixel more each way
    assert robustness.stroked(row, -1).sum() == (10 - 2) * (3 - 2)
    assert np.array_equal(robustness.stroked(row, 0), row)


def test_curves_measure_every_amount_and_start_at_the_plain_accuracy(small):
    nn, X, y = small
    found = robustness.curves(nn, X, y)
    plain = robustness.percentRight(nn, X, y)
    for name, amounts in (("shift", robustness.SHIFTS), ("turn", robustness.TURNS),
                          ("stroke", robustness.STROKES)):
        assert found[name][0] == amounts and len(found[name][1]) == len(amounts)
        assert found[name][1][amounts.index(0)] == pytest.approx(plain)
    assert found["scale"][1][robustness.SCALES.index(1.0)] == pytest.approx(plain)


# ----- the command -----

@pytest.fixture
def quickCompare(monkeypatch):
    """inside.py's comparison model trained for 5 iterations, not 400: the tests check what goes in
    and what comes out, not how well it learns."""
    monkeypatch.setattr(inside, "DEFAULTS", dataclasses.replace(inside.DEFAULTS, maxiter=5))


def test_inside_draws_every_picture_and_names_them(trainedDir, tmp_path, capsys, quickCompare,
                                                   quickPictures):
    before = snapshot(trainedDir)
    result = runMain(capsys, "inside.py", 3, "--data-dir", trainedDir, "--plots-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    for name in INSIDE_PICTURES:
        path = tmp_path / name.format(n=3)
        assert path.read_bytes().startswith(PNG_SIGNATURE) and str(path) in result.stdout
    assert "1000 held-out digits (seed 0)" in result.stdout
    assert snapshot(trainedDir) == before                             # nothing of data/ changed


def test_without_a_unit_named_it_shows_the_costliest(trainedDir, defaultData, tmp_path, capsys,
                                                     quickCompare, quickPictures):
    result = runMain(capsys, "inside.py", "--data-dir", trainedDir, "--plots-dir", tmp_path)
    X, y = defaultData
    train, test = training.splitHeldOut(len(X), 0.2, 0)
    costliest = hiddenlayer.unitsOff(trainedNetwork(trainedDir), X[train], X[test], y[test]).costliest()
    assert (tmp_path / f"Unit_{costliest + 1}.png").exists()
    assert f"Unit {costliest + 1} costs most when switched off" in result.stdout


@pytest.mark.parametrize("unit, words", [("0", "0 is not a whole number ≥ 1"),
                                         ("26", "unit 26 is out of range"),
                                         ("seven", "'seven' is not a whole number")])
def test_a_bad_unit_number_is_one_line_exit_2(trainedDir, tmp_path, capsys, unit, words):
    result = runMain(capsys, "inside.py", unit, "--data-dir", trainedDir, "--plots-dir", tmp_path)
    assertOneLineError(result, 2, words)
    assert not any(tmp_path.iterdir())


def test_missing_weights_say_to_train_first(defaultDataDir, tmp_path, capsys):
    result = runMain(capsys, "inside.py", "--data-dir", tmp_path / "empty", "--plots-dir", tmp_path)
    assertOneLineError(result, 1, "run python train.py first")
