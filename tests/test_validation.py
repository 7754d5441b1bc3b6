"""train.py --lambd with several values: the validation curve that chooses λ (course ex5).

Fast: a 500-digit subset of the default data set and a few iterations per training."""
import re

import numpy as np
import pytest

from recognizer import nondigits
import train
from conftest import PNG_SIGNATURE, runMain
from recognizer.curves import bestLambda, printLambdaCurve, splitValidation
from NN import Neural_Network
from recognizer import digitdata, figures, training
from recognizer.settings import DEFAULTS


@pytest.fixture
def recordedTrainings(monkeypatch):
    """Every Neural_Network.train call of the test, as (λ, a copy of the X trained on)."""
    calls, original = [], Neural_Network.train

    def recording(self, X, y, callback=None):
        calls.append((self.lambd, np.array(X)))
        return original(self, X, y, callback)

    monkeypatch.setattr(Neural_Network, "train", recording)
    return calls


def trainSmall(dataDir, plotsDir, *args):
    """train.main on the small data set with 2 iterations per training; returns the exit code."""
    return train.main([*args, "--maxiter", "2", "--data-dir", str(dataDir),
                       "--plots-dir", str(plotsDir)])


def rowSet(X):
    """The rows of X as a set of bytes, to ask whether a digit is among them (in float32, the
    precision train.py trains in: a float64 row and its float32 copy compare equal)."""
    return {row.tobytes() for row in np.asarray(X, dtype=np.float32)}


# ----- the split -----

def test_validation_split_takes_a_seeded_fifth_of_the_training_rows_only():
    trainRows, heldOut = training.splitHeldOut(5000, 0.2, seed=0)
    fit, validation = splitValidation(trainRows, seed=0)
    assert len(validation) == 800 and len(fit) == 3200
    assert not set(fit) & set(validation)
    assert set(fit) | set(validation) == set(trainRows)  # every training digit, nothing else
    assert not set(validation) & set(heldOut)
    again, other = splitValidation(trainRows, seed=0)[1], splitValidation(trainRows, 1)[1]
    assert np.array_equal(again, validation) and not np.array_equal(other, validation)


def test_too_few_training_digits_for_a_validation_part_is_refused(smallDataDir, tmp_path, capsys,
                                                                  quickPictures):
    # 500 digits, 498 held out: 2 training digits, 20 % of which rounds to none
    code = trainSmall(smallDataDir, tmp_path, "--lambd", "1,3", "--test-fraction", "0.996")
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert "--lambd" in err and "2" in err and "give one λ" in err


# ----- what the curve trains on -----

def test_curve_never_trains_on_held_out_or_validation_digits_or_their_copies(
        smallDataDir, tmp_path, recordedTrainings, capsys, quickPictures):
    X, _ = digitdata.loadData(smallDataDir)
    trainRows, heldOut = training.splitHeldOut(len(X), 0.2, seed=0)
    assert trainSmall(smallDataDir, tmp_path, "--lambd", "0.1,1,10") == 0
    assert [lambd for lambd, _ in recordedTrainings] == [0.1, 1, 10, bestLambda(
        [0.1, 1, 10], parsedValidation(capsys.readouterr().out))]
    *curve, final = (rowSet(Xtrained) for _, Xtrained in recordedTrainings)
    # the digits the curve trained on, found among the originals without asking train.py
    fitted = [i for i in range(len(X)) if X[i].astype(np.float32).tobytes() in curve[0]]
    unseen = np.setdiff1d(np.arange(len(X)), fitted)
    assert set(fitted) <= set(trainRows) and len(fitted) == 320  # 80 % of the 400 training digits
    assert len(set(unseen) - set(heldOut)) == 80                  # the validation digits
    unseenAndCopies = rowSet(training.shiftedCopies(X[unseen], np.zeros((len(unseen), 10)))[0])
    nonDigits = rowSet(training.shiftedCopies(*nondigits.trainingRows(   # made of the fitted digits
        1000, nondigits.TRAINING_SEED, X[fitted], DEFAULTS.nonDigitKinds))[0])
    for trained in curve:
        assert not trained & unseenAndCopies
        assert trained == curve[0] and len(trained - nonDigits) == 5 * 320   # each digit and 4 copies
    validation = np.setdiff1d(unseen, heldOut)
    copies = rowSet(training.shiftedCopies(X[validation], np.zeros((len(validation), 10)))[0])
    assert copies <= final                       # the retraining does use all training digits
    assert not final & rowSet(X[heldOut])


def parsedValidation(out):
    """The validation accuracies of the printed table ("  λ  training%  validation%"), in order."""
    return [float(v) for v in re.findall(r"^ *\S+ +\d+\.\d\d% +(\d+\.\d\d)%", out, re.M)]


def test_curve_run_prints_each_lambda_saves_the_curve_and_retrains_with_the_choice(
        smallDataDir, tmp_path, capsys, quickPictures):
    plots = tmp_path / "plots"
    assert trainSmall(smallDataDir, plots, "--lambd", "3,0.3,1") == 0
    out = capsys.readouterr().out
    for i, lambd in enumerate(["3", "0.3", "1"], 1):
        assert f"training with λ = {lambd} ({i} of 3)" in out
    validationAccuracy = parsedValidation(out)
    assert len(validationAccuracy) == 3
    chosen = bestLambda([3, 0.3, 1], validationAccuracy)
    assert f"Chosen λ = {chosen:g}" in out
    assert f"Retraining on all 400 training digits with λ = {chosen:g}" in out
    assert f"at most 2 iterations, λ = {float(chosen)}" in out
    assert out.count("Test Set Accuracy") == 1  # the held-out digits: measured once, at the end
    assert (plots / "ValidationCurve.png").read_bytes().startswith(PNG_SIGNATURE)


def test_a_single_lambda_trains_once_without_a_curve(smallDataDir, tmp_path, recordedTrainings,
                                                     capsys, quickPictures):
    assert trainSmall(smallDataDir, tmp_path, "--lambd", "0.5") == 0
    assert [lambd for lambd, _ in recordedTrainings] == [0.5]
    X, _ = digitdata.loadData(smallDataDir)
    nonDigits = len(nondigits.trainingRows(1000, nondigits.TRAINING_SEED, X,
                                           DEFAULTS.nonDigitKinds)[0])   # conftest's few
    assert len(recordedTrainings[0][1]) == 5 * (400 + nonDigits)  # all training digits and the
                                                                  # non-digits, shifted, as before
    assert "Validation curve" not in capsys.readouterr().out
    assert not (tmp_path / "ValidationCurve.png").exists()


# ----- the choice rule -----

@pytest.mark.parametrize("lambdas, validation, best", [
    ([0.1, 1, 10], [94.0, 95.5, 95.0], 1),
    ([0.1, 1, 10], [96.0, 95.5, 95.0], 0.1),
    ([0.1, 1, 10], [94.0, 95.5, 95.5], 10),      # a tie goes to the larger λ
    ([10, 0.1, 3], [95.5, 95.5, 95.5], 10),      # whatever the order given
    ([3, 0, 1], [90.0, 90.0, 89.0], 3),
])
def test_best_lambda_has_the_best_validation_accuracy_ties_to_the_larger(lambdas, validation, best):
    assert bestLambda(lambdas, validation) == best


def test_a_tie_is_explained(capsys):
    printLambdaCurve([0.1, 1, 3], [99.0, 98.0, 97.0], [95.0, 95.5, 95.5], 3)
    out = capsys.readouterr().out
    assert "Chosen λ = 3" in out and "tied with λ = 1" in out and "the larger λ" in out


# ----- the option -----

@pytest.mark.parametrize("text, values", [
    ("1", [1.0]), ("0.1,0.3,1,3,10", [0.1, 0.3, 1, 3, 10]), (" 3 , 0 ", [3.0, 0.0]),
])
def test_lambd_takes_one_number_or_a_comma_separated_list(text, values):
    assert train.parseArguments(["--lambd", text]).lambdas == values


@pytest.mark.parametrize("text, words", [
    ("1,,3", ["'' is not a number", "'1,,3'"]),
    ("1,x", ["'x' is not a number", "'1,x'"]),
    ("0.1,-1", ["-1 is not a number from 0 to 1,000,000"]),
    ("1,nan", ["nan is not a number from 0 to 1,000,000"]),
    ("3,1,3", ["3 appears twice"]),
    ("", ["'' is not a number"]),
])
def test_bad_lambda_lists_exit_2_with_one_line(text, words, capsys):
    with pytest.raises(SystemExit) as exited:
        train.parseArguments([f"--lambd={text}"])
    err = capsys.readouterr().err.strip()
    assert exited.value.code == 2 and len(err.splitlines()) == 1
    for word in [": error: argument --lambd:", *words]:  # prog is "train.py" from the shell
        assert word in err


def test_bad_lambda_list_from_the_shell_gives_one_line(capsys):
    process = runMain(capsys, "train.py", "--lambd", "1,x")   # as the shell passes it
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert process.stderr.strip().splitlines() == [
        "train.py: error: argument --lambd: 'x' is not a number, in '1,x' "
        "(give numbers separated by commas) (see --help)"]


# ----- the picture -----

@pytest.mark.parametrize("lambdas", [[0.1, 0.3, 1, 3, 10], [1, 0, 10, 0.1]])
def test_validation_curve_png_is_written(tmp_path, lambdas):
    training = np.linspace(100, 97, len(lambdas))
    validation = np.linspace(94, 95, len(lambdas))
    path = figures.plotValidationCurve(lambdas, training, validation, lambdas[-1], tmp_path / "new")
    assert path == tmp_path / "new" / "ValidationCurve.png"
    assert path.read_bytes().startswith(PNG_SIGNATURE)
    assert [p.name for p in path.parent.iterdir()] == ["ValidationCurve.png"]  # no temporary left
