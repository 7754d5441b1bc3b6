"""train.py and predict.py as a user runs them: through main() and as subprocesses."""
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

import predict
from recognizer import safeguards
import train
from NN import Neural_Network
from conftest import PNG_SIGNATURE, ROOT, assertOneLineError, run, runMain, snapshot, trainedNetwork
TRAIN_PICTURES = ["TrainingData.png", "Cost.png", "HiddenUnits.png", "ConfusionMatrix.png",
                  "Misclassified.png", "Prediction_for_a_held-out_example.png"]


# ----- train.py -----

def test_train_writes_weights_and_six_pictures(trainedDir):
    """conftest's trainedDir: train.py --maxiter 30 --no-shift on the default data set."""
    plots = trainedDir.parent / "plots"
    out = (trainedDir.parent / "train-output.txt").read_text()
    for name in ("TrainedW1.in", "TrainedW2.in"):
        assert (trainedDir / name).exists()
    assert sorted(p.name for p in plots.iterdir()) == sorted(TRAIN_PICTURES)
    for name in TRAIN_PICTURES:
        assert (plots / name).read_bytes().startswith(PNG_SIGNATURE)
        Image.open(plots / name).verify()
    assert "Starting from random weights (seed 0)" in out
    assert re.search(r"^Training Set Accuracy: \d+\.\d\d%$", out, re.M)
    assert re.search(r"^Test Set Accuracy: \d+\.\d\d% \(1000 held-out examples\)$", out, re.M)
    assert re.search(r"^Iteration +30 \| Cost: \d+\.\d+ \| +\d+\.\d s$", out, re.M)


def test_train_starts_from_W1_W2_when_both_exist(dataDir, tmp_path, capsys, courseWeights,
                                                 quickPictures):
    np.savetxt(dataDir / "W1.in", courseWeights[0], delimiter=",")
    np.savetxt(dataDir / "W2.in", courseWeights[1], delimiter=",")
    assert train.main(["--maxiter", "1", "--test-fraction", "0", "--no-shift", "--data-dir",
                       str(dataDir), "--plots-dir", str(tmp_path / "plots")]) == 0
    out = capsys.readouterr().out
    assert "W1.in and W2.in" in out and "on the training set only" in out
    accuracy = float(re.search(r"Training Set Accuracy: (\d+\.\d\d)%", out).group(1))
    assert accuracy > 95  # the course's weights, one step further, on the default digits


def test_ctrl_c_saves_best_weights_reached(dataDir, tmp_path, capsys, monkeypatch, quickPictures):
    def interruptAtThree(maxiter):
        def callback(iteration, J):
            if iteration == 3:
                raise KeyboardInterrupt
        return callback

    monkeypatch.setattr(safeguards, "progressPrinter", interruptAtThree)
    code = train.main(["--no-shift", "--data-dir", str(dataDir), "--plots-dir", str(tmp_path / "plots")])
    out = capsys.readouterr().out
    assert code == 130
    assert "interrupted after 3 iterations" in out and "saved the best weights" in out
    start = Neural_Network()
    start.configureNN(400, 25, 10, seed=0)  # train.py's random start with the default seed
    W1 = np.loadtxt(dataDir / "TrainedW1.in", delimiter=",")
    assert W1.shape == (25, 401) and np.abs(W1 - start.W1).max() > 1e-3


def test_ctrl_c_before_the_first_iteration_keeps_previous_weights(trainedDir, tmp_path, capsys,
                                                                 monkeypatch, quickPictures):
    folder = tmp_path / "data"
    shutil.copytree(trainedDir, folder)
    before = snapshot(folder)

    def interruptAtOnce(self, X, y, callback=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(Neural_Network, "train", interruptAtOnce)
    code = train.main(["--data-dir", str(folder), "--plots-dir", str(tmp_path / "plots")])
    assert code == 130 and "nothing saved" in capsys.readouterr().out
    assert snapshot(folder) == before


@pytest.mark.slow
def test_default_training_reaches_93_percent_on_held_out_digits(dataDir, tmp_path, capsys,
                                                                quickPictures):
    assert train.main(["--data-dir", str(dataDir), "--plots-dir", str(tmp_path / "plots")]) == 0
    out = capsys.readouterr().out
    accuracy = float(re.search(r"Test Set Accuracy: (\d+\.\d\d)% \(1000 held-out", out).group(1))
    assert accuracy >= 93.0


# ----- predict.py -----

def test_predict_by_index_names_class_digit_and_truth(trainedDir, tmp_path, capsys, quickPictures):
    assert predict.main(["42", "--data-dir", str(trainedDir), "--plots-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^Class number: (\d+) \(digit \d\)$", out, re.M)
    assert "True label: class 1 (digit 1)" in out  # rows 0..499 are class 1 in the course's order
    assert "Top probabilities" in out and "Example 42" in out
    assert (tmp_path / "Example_42.png").read_bytes().startswith(PNG_SIGNATURE)


def test_predict_defaults_to_the_tutorial_example(trainedDir, tmp_path, capsys, quickPictures):
    assert predict.main(["--data-dir", str(trainedDir), "--plots-dir", str(tmp_path)]) == 0
    assert "Example 3402" in capsys.readouterr().out


def test_predict_own_images_in_order(trainedDir, defaultData, tmp_path, capsys, quickPictures):
    X, _ = defaultData
    paths = []
    for index in (42, 4242):  # a 1 and a 9, drawn dark on light paper, three times larger
        upright = X[index].reshape(20, 20).T
        pixels = (255 * (1 - np.kron(upright, np.ones((3, 3))))).clip(0, 255).astype(np.uint8)
        paths.append(tmp_path / f"digit{index}.png")
        Image.fromarray(pixels).save(paths[-1])
    assert predict.main(["--image", *map(str, paths), "--data-dir", str(trainedDir),
                         "--plots-dir", str(tmp_path / "plots")]) == 0
    out = capsys.readouterr().out
    assert out.index("Image digit42.png") < out.index("Image digit4242.png")
    expected = trainedNetwork(trainedDir).predictClasses(X[[42, 4242]])
    assert re.findall(r"^Class number: (\d+) \(digit \d\)$", out, re.M) == [str(c) for c in expected]


# ----- bad input: one line, the right exit code, nothing damaged -----

def test_predict_without_trained_weights_says_run_train(dataDir, capsys):
    assertOneLineError(runMain(capsys, "predict.py", "--data-dir", dataDir), 1, "python train.py")


@pytest.mark.parametrize("index", ["5000", "-1"])
def test_predict_index_out_of_range_gives_valid_range(trainedDir, capsys, index):
    assertOneLineError(runMain(capsys, "predict.py", index, "--data-dir", trainedDir), 2, "0 to 4999")


def test_predict_unreadable_image(trainedDir, tmp_path, capsys):
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    assertOneLineError(runMain(capsys, "predict.py", "--image", text, "--data-dir", trainedDir,
                               "--plots-dir", tmp_path), 1, "notes.png")


@pytest.mark.parametrize("script, args, words", [
    ("train.py", ["--maxiter", "0"], ["--maxiter", "≥ 1"]),
    ("train.py", ["--test-fraction", "1.5"], ["--test-fraction"]),
    ("train.py", ["--lambd", "x"], ["--lambd", "'x' is not a number"]),
    ("train.py", ["--hidden", "-3"], ["--hidden"]),
    ("train.py", ["--no-such-option"], ["--no-such-option"]),
    ("train.py", ["--data-dir", ROOT / "README.md"], ["README.md is a file, not a folder"]),
    ("predict.py", ["abc"], ["'abc' is not a whole number"]),
    ("predict.py", ["3", "--image", "a.png"], ["not both"]),
    ("dataset.py", [], ["COMMAND"]),
])
def test_bad_arguments_give_one_line_and_exit_2(capsys, script, args, words):
    assertOneLineError(runMain(capsys, script, *args), 2, f"{script}: error:", *words)


@pytest.mark.parametrize("script, args", [("train.py", ["--maxiter", "0"]), ("predict.py", ["abc"]),
                                          ("dataset.py", [])])
@pytest.mark.slow
def test_bad_arguments_in_a_real_process_print_no_traceback(script, args):
    assertOneLineError(run(script, *args), 2, f"{script}: error:")


def test_test_fraction_leaving_no_training_examples_is_refused(dataDir, capsys, tmp_path,
                                                               quickPictures):
    assertOneLineError(runMain(capsys, "train.py", "--test-fraction", "0.9999", "--data-dir", dataDir,
                               "--plots-dir", tmp_path / "plots"),
                       2, "--test-fraction", "no training examples")


def test_hidden_that_contradicts_W1_in_is_refused(dataDir, capsys, tmp_path, quickPictures):
    np.savetxt(dataDir / "W1.in", np.zeros((25, 401)), delimiter=",")
    np.savetxt(dataDir / "W2.in", np.zeros((10, 26)), delimiter=",")
    assertOneLineError(runMain(capsys, "train.py", "--hidden", "30", "--data-dir", dataDir,
                               "--plots-dir", tmp_path / "plots"), 2,
                       "--hidden 30", "25 hidden units")


def test_train_on_malformed_data_changes_nothing(trainedDir, tmp_path, capsys, quickPictures):
    bad = tmp_path / "data"
    shutil.copytree(trainedDir, bad)
    lines = (bad / "X.in").read_text().splitlines()
    lines[16] = lines[16].rsplit(",", 1)[0]  # line 17 loses a number
    (bad / "X.in").write_text("\n".join(lines) + "\n")
    before = snapshot(bad)
    assertOneLineError(runMain(capsys, "train.py", "--maxiter", "2", "--data-dir", bad,
                               "--plots-dir", tmp_path / "p"), 1, "X.in", "17")
    assert snapshot(bad) == before


@pytest.mark.slow
def test_predict_imports_only_what_its_path_needs(trainedDir, tmp_path):
    """Answering an index or a picture imports no reader, optimizer or library it never uses."""
    Image.fromarray(np.full((40, 40), 255, np.uint8)).save(tmp_path / "blank.png")
    unwanted = ("pandas", "scipy.io", "scipy.optimize", "threadpoolctl", "mlxtend", "sklearn")
    paths = [["42"], ["--image", str(tmp_path / "blank.png")]]
    folders = ["--data-dir", str(trainedDir), "--plots-dir", str(tmp_path)]
    # one process answers both, one after the other: what is imported after each answer (so
    # after the second, what either imported; nothing unwanted in it: neither imported any)
    check = (f"import sys, predict\nfor args in {paths!r}:\n    predict.main(args + {folders!r})\n"
             f"    print('imported:', sorted(m for m in sys.modules if m.startswith({unwanted!r})))")
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True)
    imported = [line for line in done.stdout.splitlines() if line.startswith("imported:")]
    assert imported == ["imported: []"] * 2, done.stdout[-300:] + done.stderr[-300:]


@pytest.mark.slow
def test_a_script_ends_with_every_object_frozen_out_of_the_last_cycle_search():
    """cli.endQuickly: at exit gc.freeze() has run (a handler registered before it runs after
    it, as atexit goes last in, first out), and the exit code is the script's."""
    code = ("import atexit, gc, sys\n"
            f"sys.path.insert(0, {str(ROOT)!r})\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            "from recognizer import cli\n"
            "cli.endQuickly()\n"
            "print('before', gc.get_freeze_count())\n"
            "sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 3 and done.stderr == ""
    assert done.stdout.split() == ["before", "0", "frozen", "True"]
