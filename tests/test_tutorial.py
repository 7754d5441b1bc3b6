"""The tutorial's own train.py and predict.py (../shared/tutorial/, unchanged) run against the
project's NN.py and display.py, as a reader following the tutorial line by line runs them."""
import shutil
import subprocess
import sys

import numpy as np
import pytest

from conftest import PNG_SIGNATURE, ROOT, SHARED_DATA, needShared
from recognizer import datafiles

TUTORIAL = SHARED_DATA.parent / "tutorial"


@pytest.fixture
def tutorialFolder(tmp_path, defaultDataDir):
    """A folder laid out as the tutorial's: the project's modules, the tutorial's two scripts,
    data/ with the default X.in, y.in and the course's starting weights as W1.in, W2.in, and an
    empty plots/ (the tutorial saves its pictures there but never makes the folder)."""
    from recognizer import importers

    for module in ROOT.glob("*.py"):
        shutil.copy(module, tmp_path)
    shutil.copytree(ROOT / "recognizer", tmp_path / "recognizer")   # what NN.py and display.py use
    for script in ("train.py", "predict.py"):
        shutil.copy(needShared("..", "tutorial", script), tmp_path / f"tutorial_{script}")
    shutil.copytree(defaultDataDir, tmp_path / "data")
    importers.importMat(needShared("ex4weights.mat"), tmp_path / "data")
    (tmp_path / "plots").mkdir()
    return tmp_path


def runTutorial(folder, script):
    """python <the tutorial's script> in folder, as the tutorial's reader runs it."""
    return subprocess.run([sys.executable, f"tutorial_{script}"], cwd=folder, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.slow
def test_the_tutorials_train_and_predict_run_unchanged(tutorialFolder):
    trained = runTutorial(tutorialFolder, "train.py")
    assert trained.returncode == 0, trained.stderr
    assert "Training Set Accuracy:" in trained.stdout
    for name in ("TrainedW1.in", "TrainedW2.in"):   # NN.saveWeights(): data/ next to the scripts
        W = np.loadtxt(tutorialFolder / "data" / name, delimiter=",", comments="#")
        assert W.shape == ((25, 401) if name.endswith("W1.in") else (10, 26))
    predicted = runTutorial(tutorialFolder, "predict.py")
    assert predicted.returncode == 0, predicted.stderr
    assert "Class number: 7" in predicted.stdout      # example 3402 is a 7 in the default set
    for picture in ("TrainingData.png", "Predicted_class_7.png"):
        assert (tutorialFolder / "plots" / picture).read_bytes().startswith(PNG_SIGNATURE), picture


def test_save_weights_without_a_folder_writes_data_next_to_the_scripts(monkeypatch, tmp_path):
    from NN import Neural_Network

    rng = np.random.default_rng(9)
    weights = rng.normal(size=(25, 401)), rng.normal(size=(10, 26))
    monkeypatch.setattr(datafiles, "DATA_DIR", tmp_path)
    nn = Neural_Network.fromWeights(*weights)
    paths = nn.saveWeights()
    assert [p.name for p in paths] == ["TrainedW1.in", "TrainedW2.in"]
    assert all(p.parent == tmp_path for p in paths)
    W1, W2 = datafiles.loadTrainedWeights(tmp_path)           # the pair train.py writes
    assert np.array_equal(W1, weights[0]) and np.array_equal(W2, weights[1])
    other = nn.saveWeights(tmp_path / "elsewhere")
    assert other[0].parent == tmp_path / "elsewhere"
