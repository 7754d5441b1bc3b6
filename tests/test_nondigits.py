"""The generated non-digits (recognizer/nondigits.py): every kind is drawn and read by picture.py
as a picture is; the kinds made of digits are made of the digits they are given alone, and
train.py and bench/leftout.py give them training digits only, never a held-out (nor, for a
validation model, a validation) digit."""
import sys

import numpy as np
import pytest

import train
from conftest import ROOT
from recognizer import curves, digitdata, nondigits, picture, training
from recognizer.conventions import classesOf
from recognizer.settings import DEFAULTS

sys.path.insert(0, str(ROOT / "bench"))
import leftout  # noqa: E402  (bench/ must be on sys.path first)


@pytest.fixture(scope="module")
def digits(smallDataDir):
    """The small data set's training digits (its seeded 80 %), as train.py splits them."""
    X, _ = digitdata.loadData(smallDataDir)
    rows, _ = training.splitHeldOut(len(X), DEFAULTS.testFraction, DEFAULTS.seed)
    return X[rows]


def rowSet(X):
    """The rows of X as a set of bytes (float64), to ask whether a row is among them."""
    return {row.tobytes() for row in np.asarray(X, dtype=float)}


# ----- each kind -----

@pytest.mark.parametrize("kind", nondigits.KINDS)
def test_each_kind_is_drawn_on_paper_and_read_as_a_picture(kind, digits):
    pictures = nondigits.picturesOf(kind, 4 * nondigits.MAX_DRAWS, 7, digits)
    rows, refused = nondigits.rowsOf(kind, 4, 7, digits)
    assert refused == 0 and rows.shape == (4, 400)
    for gray in pictures:
        assert gray.shape == (nondigits.SIDE, nondigits.SIDE)
        assert gray.min() < 0.5 and np.mean(gray > 0.9) > 0.3 and gray.max() == 1   # ink on paper
    read = [picture.arrayToRow(gray) for gray in pictures]                   # as predict.py reads them
    kept = [row for row in read if not nondigits.looksLikeAOne(kind, row)]
    assert np.array_equal(rows, kept[:4])                # in order; only a cut that looks like a 1 is
    if kind != "cut":                                    # passed over
        assert np.array_equal(rows, read[:4])
    again = nondigits.picturesOf(kind, 4, 7, digits)
    other = nondigits.picturesOf(kind, 4, 8, digits)
    assert all(np.array_equal(a, b) for a, b in zip(pictures, again))          # seeded
    assert not any(np.array_equal(a, b) for a, b in zip(pictures, other))


def test_breadth_tells_a_lone_stroke_from_a_ring_and_the_1s_from_the_other_digits(smallDataDir):
    line, ring = np.zeros((20, 20)), np.zeros((20, 20))
    line[3:17, 9:11] = 1
    rows, cols = np.indices((20, 20))
    ring[np.abs(np.hypot(rows - 9.5, cols - 9.5) - 6) < 1] = 1
    assert nondigits.breadth(line) < 0.2 and nondigits.breadth(ring) > 0.95
    X, y = digitdata.loadData(smallDataDir)
    narrow = np.array([nondigits.breadth(row.reshape(20, 20)) < nondigits.NARROW for row in X])
    ones = classesOf(y) == 1
    assert narrow[ones].mean() > 0.9 and narrow[~ones].mean() < 0.1


def test_a_cut_digit_that_looks_like_a_1_is_passed_over(smallDataDir):
    """Made of 1s only, a cut digit is mostly a lone stroke: those rows are never returned, and
    rowsOf gives up after MAX_DRAWS pictures a row rather than draw for ever."""
    X, y = digitdata.loadData(smallDataDir)
    rows, refused = nondigits.rowsOf("cut", 10, 0, X[classesOf(y) == 1])
    assert len(rows) + refused <= 10
    assert all(nondigits.breadth(row.reshape(20, 20)) >= nondigits.NARROW for row in rows)


@pytest.mark.parametrize("kind", nondigits.DIGIT_KINDS)
def test_the_kinds_made_of_digits_are_made_of_the_digits_given(kind, digits):
    with pytest.raises(ValueError, match="made of digits"):
        nondigits.picturesOf(kind, 1, 0)
    mine, others = nondigits.picturesOf(kind, 3, 0, digits[:50]), nondigits.picturesOf(kind, 3, 0, digits[50:])
    assert not any(np.array_equal(a, b) for a, b in zip(mine, others))


def test_a_kind_is_the_same_in_every_mix(digits):
    """A kind's pictures come from its own seed: leaving another kind out does not change them."""
    others = tuple(kind for kind in nondigits.KINDS if kind != "shape")
    every, _ = nondigits.trainingRows(2 * len(nondigits.KINDS), 0, digits)       # 2 of each kind
    without, _ = nondigits.trainingRows(2 * len(others), 0, digits, others)
    here, there = 2 * nondigits.KINDS.index("face"), 2 * others.index("face")
    assert np.array_equal(every[here:here + 2], without[there:there + 2])


# ----- whose digits -----

@pytest.fixture
def digitsGiven(monkeypatch):
    """Every digits array training.nonDigitRows is given in the test (before its cache)."""
    given, original = [], training.nonDigitRows

    def recording(n, seed, digits, kinds=nondigits.KINDS, dataDir=None):
        given.append(np.array(digits))
        return original(n, seed, digits, kinds, dataDir)

    monkeypatch.setattr(training, "nonDigitRows", recording)
    return given


def test_train_py_makes_its_non_digits_of_its_training_digits_never_a_held_out_one(
        smallDataDir, tmp_path, digitsGiven, quickPictures):
    X, _ = digitdata.loadData(smallDataDir)
    rows, heldOut = training.splitHeldOut(len(X), DEFAULTS.testFraction, DEFAULTS.seed)
    assert train.main(["--maxiter", "1", "--no-shift", "--no-animation", "--no-mine",
                       "--data-dir", str(smallDataDir), "--plots-dir", str(tmp_path)]) == 0
    given, = digitsGiven
    assert rowSet(given) == rowSet(X[rows]) and not rowSet(given) & rowSet(X[heldOut])


# ----- bench/leftout.py -----

def test_the_left_out_bench_makes_its_non_digits_of_each_models_training_digits(
        smallDataDir, mnistPaths, monkeypatch, capsys):
    """--quick: its tables come out; the validation models' non-digits (and validation
    pictures) are made of the fitted digits, the default model's of the training digits."""
    X, _ = digitdata.loadData(smallDataDir)
    rows, heldOut = training.splitHeldOut(len(X), DEFAULTS.testFraction, DEFAULTS.seed)
    fit, validation = curves.splitValidation(rows, DEFAULTS.seed)
    given, original = [], nondigits.rowsOf

    def recording(kind, n, seed, digits=None):
        if kind in nondigits.DIGIT_KINDS:
            given.append(rowSet(digits))
        return original(kind, n, seed, digits)

    monkeypatch.setattr(nondigits, "rowsOf", recording)
    assert leftout.main(["--quick", "--data-dir", str(smallDataDir),
                         "--mnist", str(mnistPaths[0].parent)]) == 0
    out = capsys.readouterr().out
    for text in ["| unsure below | correct validation digits flagged", "Chosen: 0.",
                 "| cut-off digits |", "| mean of the kinds |", "held-out accuracy",
                 "| faces |", "leftout.py took"]:
        assert text in out, f"{text!r} missing from:\n{out}"
    fitted, trained = rowSet(X[fit]), rowSet(X[rows])
    assert given and all(digits <= trained and not digits & rowSet(X[heldOut]) for digits in given)
    assert sum(digits == fitted for digits in given) >= len(nondigits.DIGIT_KINDS)   # validation
    assert all(not digits & rowSet(X[validation]) for digits in given if digits != trained)


def test_the_left_out_bench_refuses_an_unknown_kind(capsys):
    with pytest.raises(SystemExit) as exit:
        leftout.main(["--mix", "letter,smiley"])
    assert exit.value.code == 2 and "smiley" in capsys.readouterr().err


def test_the_left_out_bench_counts_refused_pictures_as_flagged():
    H = np.array([[0.9, 0.1], [0.3, 0.2], [0.35, 0.1], [0.95, 0.0]])   # top outputs .9 .3 .35 .95
    assert leftout.flaggedShare(H, 0.4) == 50.0
    assert leftout.kindShare((H, 1), 0.4) == 60.0                      # 2 flagged + 1 refused of 5
    assert leftout.correctFlagged(H, np.array([1, 1, 0, 0]), 0.4) == 50.0   # all read 1: the .9, .3


def test_the_left_out_bench_draws_each_kind_as_drawn_and_as_seen(smallDataDir, tmp_path):
    from PIL import Image

    path = tmp_path / "kinds.png"
    assert leftout.main(["--draw-kinds", str(path), "--data-dir", str(smallDataDir)]) == 0
    tile = nondigits.SIDE
    assert Image.open(path).size == (leftout.KIND_SAMPLES * (tile + 4) + 4,
                                     len(nondigits.KINDS) * (2 * tile + 12))


def test_train_py_trains_on_kinds_of_the_generator():
    assert DEFAULTS.nonDigitKinds and set(DEFAULTS.nonDigitKinds) <= set(nondigits.KINDS)
    assert len(set(DEFAULTS.nonDigitKinds)) == len(DEFAULTS.nonDigitKinds)


def test_train_py_trains_on_every_kind_of_the_generator():
    """settings.py writes the kinds out (it imports no project module): the copy is the
    generator's whole list, in its order, as docs/unsure.md chose."""
    assert DEFAULTS.nonDigitKinds == nondigits.KINDS

