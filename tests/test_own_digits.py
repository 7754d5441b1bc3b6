"""Your own handwriting: predict.py --image FOLDER with labels in the file names, and train.py
adding the pictures of data/mine/ (or --mine FOLDER) to the training digits."""
import dataclasses
import re
import shutil

import numpy as np
import pytest
from PIL import Image

from recognizer import owndigits
import predict
import train
from conftest import PNG_SIGNATURE, trainedNetwork
from recognizer import settings
from recognizer.conventions import classesOf, classToDigit
from recognizer import datafiles, digitdata, training
from recognizer.settings import DEFAULTS


def drawAsPicture(row, path):
    """A course row saved as a picture someone might take: dark ink on white, three times larger."""
    upright = row.reshape(20, 20).T
    Image.fromarray((255 * (1 - np.kron(upright, np.ones((3, 3))))).clip(0, 255).astype(np.uint8)).save(path)


@pytest.fixture(scope="module")
def labelledFolder(defaultData, tmp_path_factory):
    """A folder of 12 pictures of default-set digits named NNNN_D.png, a text file, and the
    digits the names give."""
    X, y = defaultData
    folder = tmp_path_factory.mktemp("labelled")
    picks = np.linspace(7, 4993, 12).astype(int)   # over all classes (the set is sorted by class)
    for n, index in enumerate(picks):
        drawAsPicture(X[index], folder / f"{n:04d}_{classToDigit(classesOf(y[index]))}.png")
    (folder / "notes.txt").write_text("not a picture")
    return folder, picks


# ----- predict.py --image FOLDER -----

def test_a_folder_is_read_in_name_order_with_a_labelled_summary(trainedDir, labelledFolder, tmp_path,
                                                                capsys, defaultData, quickPictures):
    folder, picks = labelledFolder
    code = predict.main(["--image", str(folder), "--data-dir", str(trainedDir),
                         "--plots-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    answers = re.findall(r"^(\d{4}_\d\.png): digit (\d) \(\d\.\d\d\)", out, re.M)
    assert [name for name, _ in answers] == sorted(p.name for p in folder.glob("*.png"))
    assert f"Skipped {folder / 'notes.txt'}: not a picture" in out
    readDigits = [int(d) for _, d in answers]
    right = sum(int(name[5]) == digit for name, digit in zip((n for n, _ in answers), readDigits))
    assert f"Read {right} of 12 labelled pictures correctly ({100 * right / 12:.1f} %)" in out
    assert (tmp_path / "Misread.png").read_bytes().startswith(PNG_SIGNATURE)
    nn = trainedNetwork(trainedDir)   # the same digits as the network reads the rows
    assert readDigits == list(classToDigit(nn.predictClasses(
        np.array([predict.picture.imageToRow(p) for p in sorted(folder.glob("*.png"))]))))


def test_misread_pictures_are_marked_and_still_exit_0(trainedDir, labelledFolder, tmp_path, capsys,
                                                      quickPictures):
    folder, _ = labelledFolder
    wrong = tmp_path / "pictures"
    wrong.mkdir()
    shutil.copy(folder / "0000_1.png", wrong / "0000_8.png")   # a 1 that claims to be an 8
    assert predict.main(["--image", str(wrong), "--data-dir", str(trainedDir),
                         "--plots-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "misread: the name says 8" in out and "Read 0 of 1 labelled pictures correctly (0.0 %)" in out


def test_an_unreadable_picture_gives_exit_1_after_the_others(trainedDir, labelledFolder, tmp_path,
                                                             capsys, quickPictures):
    folder, _ = labelledFolder
    mixed = tmp_path / "mixed"
    shutil.copytree(folder, mixed)
    (mixed / "0000_0.png").write_text("not a picture")     # sorts first
    (tmp_path / "empty").mkdir()
    code = predict.main(["--image", str(mixed), str(tmp_path / "empty"), "--data-dir",
                         str(trainedDir), "--plots-dir", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 1
    errors = captured.err.strip().splitlines()
    assert len(errors) == 2 and "0000_0.png" in errors[0] and "holds no pictures" in errors[1]
    assert "of 12 labelled pictures correctly" in captured.out   # the 12 others were answered


def test_unlabelled_pictures_give_no_summary(trainedDir, labelledFolder, tmp_path, capsys,
                                             quickPictures):
    folder, _ = labelledFolder
    shutil.copy(folder / "0002_2.png", tmp_path / "scan.png")
    assert predict.main(["--image", str(tmp_path / "scan.png"), "--data-dir", str(trainedDir),
                         "--plots-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Image scan.png" in out and "labelled pictures" not in out
    assert not (tmp_path / "Misread.png").exists()


# ----- train.py with your own digits -----

@pytest.fixture
def smallDataDir(tmp_path, defaultData):
    """A data folder with every 10th default digit (500, 50 of each class): for the runs whose
    point is which pictures go in, not the data set's digits."""

    X, y = defaultData
    digitdata.writeData(X[::10], y[::10], tmp_path / "small")
    return tmp_path / "small"


def trainQuickly(dataDir, tmp_path, *extra):
    """train.main with two iterations and no shifted copies (enough to see what goes in)."""
    return train.main(["--maxiter", "2", "--no-shift", "--data-dir", str(dataDir),
                       "--plots-dir", str(tmp_path / "plots"), *extra])


def test_data_mine_is_added_by_default_counted_per_digit(dataDir, labelledFolder, tmp_path, capsys,
                                                         quickPictures):
    shutil.copytree(labelledFolder[0], dataDir / "mine")
    assert trainQuickly(dataDir, tmp_path) == 0
    out = capsys.readouterr().out
    counts = "0: 2, 1: 2, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1, 8: 1, 9: 1"
    assert f"Added 12 of your own digits from {dataDir / 'mine'} ({counts})" in out
    assert f"Skipped {dataDir / 'mine' / 'notes.txt'}: not a picture" in out
    assert "Skipped 1 file in" in out
    assert re.search(r"^Your 12 digits, each used (\d+)×, make up", out, re.M)
    assert "(1000 held-out examples)" in out     # the held-out set is still the data set's own
    assert re.search(r"^Your own digits \(trained on\): \d+\.\d\d% read correctly$", out, re.M)


def test_no_mine_and_mine_folder(smallDataDir, labelledFolder, tmp_path, capsys, quickPictures):
    dataDir = smallDataDir
    shutil.copytree(labelledFolder[0], dataDir / "mine")
    assert trainQuickly(dataDir, tmp_path, "--no-mine") == 0
    assert "your own digits" not in capsys.readouterr().out
    other = tmp_path / "elsewhere"
    other.mkdir()
    shutil.copy(labelledFolder[0] / "0002_2.png", other / "2_001.png")
    shutil.copy(labelledFolder[0] / "0002_2.png", other / "scan.png")      # no digit in its name
    (other / "3_bad.png").write_text("not a picture")                       # can't be read
    assert trainQuickly(dataDir, tmp_path, "--mine", str(other)) == 0
    out = capsys.readouterr().out
    assert f"Added 1 of your own digits from {other}" in out
    assert f"Skipped {other / 'scan.png'}: no digit in its name" in out
    assert re.search(rf"^Skipped {re.escape(str(other / '3_bad.png'))}: not an image", out, re.M)
    assert "Skipped 2 files in" in out


def test_with_your_digits_in_the_network_has_mine_hidden_units_and_says_so(
        smallDataDir, labelledFolder, tmp_path, capsys, quickPictures, monkeypatch):
    monkeypatch.setattr(settings, "MINE_HIDDEN", 30)   # the rule, whatever number the study chose
    shutil.copytree(labelledFolder[0], smallDataDir / "mine")
    for extra, hidden in (((), 30), (("--no-mine",), 25), (("--hidden", "40"), 40)):
        assert trainQuickly(smallDataDir, tmp_path, *extra) == 0
        said = "30 hidden units, not the course's 25: with your own digits in" in capsys.readouterr().out
        assert len(datafiles.loadTrainedWeights(smallDataDir)[0]) == hidden and said == (hidden == 30)


def test_missing_mine_folder_is_a_usage_error(smallDataDir, tmp_path, capsys, quickPictures):
    assert trainQuickly(smallDataDir, tmp_path, "--mine", str(tmp_path / "absent")) == 2
    assert "--mine" in capsys.readouterr().err


@pytest.mark.parametrize("mine, others, share, times", [
    (100, 4000, 0.1, 4),     # 400 of 4,400 rows: 9.1 %
    (100, 4000, 0.2, 10),    # 1,000 of 5,000: 20 %
    (100, 4000, 0.01, 1),    # never fewer than once
    (5000, 4000, 0.1, 1),
    (100, 4000, 0.0, 1),
])
def test_repetitions_make_your_digits_the_chosen_share(mine, others, share, times):
    assert owndigits.repetitions(mine, others, share) == times


def test_own_digits_are_repeated_then_shifted_and_never_held_out(defaultData, capsys):
    X, y = defaultData
    trainRows, test = training.splitHeldOut(len(X), 0.2, 0)
    mine = X[:3] + 0.5, y[:3]                 # stand-ins: rows no data-set digit has
    Xt, yt = training.trainingSet(X, y, trainRows, dataclasses.replace(DEFAULTS, mineShare=0.1, float64=True),
                                  mine, nonDigits=0)
    times = owndigits.repetitions(3, len(trainRows), 0.1)
    assert len(Xt) == 5 * (len(trainRows) + 3 * times)
    unshifted = Xt[:len(trainRows) + 3 * times]
    assert np.array_equal(unshifted[-3:], mine[0]) and np.array_equal(unshifted[:len(trainRows)], X[trainRows])
    held = {row.tobytes() for row in X[test]}
    assert not any(row.tobytes() in held for row in unshifted)
