"""Issue 10, reliability: each defect reproduced as a user meets it, and a seeded fuzz test.

Weight and data pairs can't mix, failures lose no work, damaged files give one line (never a
traceback), and every OS error names the user's file.
"""
import errno
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

import atomic
import dataset
from conftest import ROOT, oneLineError, snapshot
from conventions import oneHot

TRAINED = ("TrainedW1.in", "TrainedW2.in")


def run(script, *args, **kwargs):
    """Run a script of the project as a user would; returns the finished process."""
    return subprocess.run([sys.executable, str(ROOT / script), *map(str, args)],
                          capture_output=True, text=True, timeout=120, **kwargs)


def assertOneLineError(process, code, *words):
    """Exit code `code`, one line on stderr holding every word, no traceback."""
    assert process.returncode == code, process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in process.stderr, process.stderr
    for word in words:
        assert word in lines[0], lines[0]


def saveTrained(folder, value, hidden=25):
    """A TrainedW1.in/TrainedW2.in pair whose every weight is `value` (so a mix is easy to see)."""
    return dataset.writeWeights(np.full((hidden, 401), float(value)), np.full((10, hidden + 1), float(value)),
                                folder, names=TRAINED)


@pytest.fixture
def noWait(monkeypatch):
    """Readers give up on a mixed pair at once instead of retrying for a second."""
    monkeypatch.setattr(dataset, "PAIR_WAIT", 0.0)


# ----- 1. pairs that can't mix -----

def test_pair_header_is_a_comment_to_the_tutorials_loadtxt(tmp_path):
    W1, W2 = np.random.default_rng(0).normal(size=(25, 401)), np.random.default_rng(1).normal(size=(10, 26))
    paths = dataset.writeWeights(W1, W2, tmp_path, names=TRAINED)
    firstLines = [path.read_text().splitlines()[0] for path in paths]
    assert firstLines[0] == firstLines[1]
    assert firstLines[0].startswith("# pair ") and "TrainedW1.in 25x401, TrainedW2.in 10x26" in firstLines[0]
    assert np.array_equal(np.loadtxt(paths[0], delimiter=","), W1)   # the tutorial's own read
    assert np.array_equal(np.loadtxt(paths[1], delimiter=","), W2)
    other = dataset.writeWeights(W1, W2, tmp_path / "again", names=TRAINED)
    assert other[0].read_text().splitlines()[0] != firstLines[0]      # a new identifier each write


def test_weights_of_two_runs_are_refused(tmp_path, noWait):
    saveTrained(tmp_path, 1)
    saveTrained(tmp_path / "other", 2)
    (tmp_path / "TrainedW2.in").write_bytes((tmp_path / "other" / "TrainedW2.in").read_bytes())
    message = oneLineError(dataset.loadTrainedWeights, tmp_path)
    assert "TrainedW1.in and" in message and "come from different runs" in message
    assert "python train.py" in message
    assertOneLineError(run("predict.py", "--data-dir", tmp_path, "--plots-dir", tmp_path / "plots"),
                       1, "different runs", "python train.py")


def test_data_files_of_two_imports_are_refused(tmp_path, noWait):
    dataset.writeData(np.zeros((3, 400)), oneHot([1, 2, 3]), tmp_path)
    dataset.writeData(np.ones((3, 400)), oneHot([3, 2, 1]), tmp_path / "other")
    (tmp_path / "y.in").write_bytes((tmp_path / "other" / "y.in").read_bytes())
    assert "come from different runs" in oneLineError(dataset.loadData, tmp_path)
    (tmp_path / "y.in").write_text("1,0,0,0,0,0,0,0,0,0\n" * 3)     # one file with, one without
    assert "come from different runs" in oneLineError(dataset.loadData, tmp_path)


def test_a_file_shorter_than_its_header_says_is_refused(tmp_path, noWait):
    path = saveTrained(tmp_path, 1)[0]
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))   # last row lost
    assert "header line says 25x401" in oneLineError(dataset.loadTrainedWeights, tmp_path)


def test_files_without_header_still_load(tmp_path):
    np.savetxt(tmp_path / "TrainedW1.in", np.ones((25, 401)), delimiter=",")
    np.savetxt(tmp_path / "TrainedW2.in", np.ones((10, 26)), delimiter=",")
    W1, W2 = dataset.loadTrainedWeights(tmp_path)
    assert W1.shape == (25, 401) and W2.shape == (10, 26)
    np.savetxt(tmp_path / "X.in", np.zeros((2, 400)), delimiter=",")
    np.savetxt(tmp_path / "y.in", oneHot([1, 10]), delimiter=",", fmt="%d")
    X, y = dataset.loadData(tmp_path)
    assert X.shape == (2, 400) and y.shape == (2, 10)


def failingReplace(monkeypatch, failOn, error):
    """Make os.replace raise `error` when it renames onto a file named failOn."""
    realReplace = os.replace

    def replace(source, target):
        if os.path.basename(target) == failOn and str(source).endswith(".tmp"):
            raise error
        return realReplace(source, target)

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("error", [PermissionError(errno.EPERM, "Operation not permitted"),
                                   KeyboardInterrupt()])
def test_a_failed_second_rename_leaves_the_old_pair(tmp_path, monkeypatch, error):
    saveTrained(tmp_path, 1)
    before = snapshot(tmp_path)
    failingReplace(monkeypatch, "TrainedW2.in", error)
    with pytest.raises(type(error)) as caught:
        saveTrained(tmp_path, 2)
    if isinstance(error, OSError):    # names the user's file, not a hidden temporary one
        assert caught.value.filename == str(tmp_path / "TrainedW2.in")
    assert snapshot(tmp_path) == before
    monkeypatch.undo()
    W1, W2 = dataset.loadTrainedWeights(tmp_path)
    assert (W1 == 1).all() and (W2 == 1).all()


WRITER = """
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
import atomic, dataset
from contextlib import contextmanager
if sys.argv[4] == "lockless":        # as on Windows: no lock at all, only the pair headers
    @contextmanager
    def noLock(folder, exclusive):
        yield False
    atomic.folderLock = noLock
for k in range(int(sys.argv[3])):
    dataset.writeWeights(np.full((25, 401), float(k)), np.full((10, 26), float(k)), sys.argv[2],
                         names=("TrainedW1.in", "TrainedW2.in"))
"""


@pytest.mark.parametrize("locking", ["locked", "lockless"])
def test_a_reader_never_gets_a_mixed_pair_while_a_writer_saves(tmp_path, monkeypatch, locking):
    if locking == "lockless":
        monkeypatch.setattr(atomic, "folderLock", lambda folder, exclusive: nullLock())
    saveTrained(tmp_path, -1)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(tmp_path), "40", locking])
    consistent, mixed, errors = 0, 0, 0
    while writer.poll() is None:
        try:
            W1, W2 = dataset.loadTrainedWeights(tmp_path)
        except dataset.DataError as error:
            assert "were being replaced" in str(error) or "different runs" in str(error)
            errors += 1
            continue
        if W1[0, 0] == W2[0, 0] and (W1 == W1[0, 0]).all() and (W2 == W2[0, 0]).all():
            consistent += 1
        else:
            mixed += 1
    assert writer.returncode == 0
    assert mixed == 0 and consistent > 10, (consistent, mixed, errors)


class nullLock:
    """A folderLock that locks nothing (Windows)."""

    def __enter__(self):
        return False

    def __exit__(self, *exc):
        return False


def test_two_writers_at_once_leave_one_whole_pair(tmp_path):
    threads = [threading.Thread(target=lambda v=v: [saveTrained(tmp_path, v) for _ in range(15)])
               for v in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    W1, W2 = dataset.loadTrainedWeights(tmp_path)
    assert W1[0, 0] == W2[0, 0] and not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


# ----- 2. a failed optimization never overwrites good weights; 6. arguments -----

@pytest.fixture
def smallData(tmp_path, defaultData):
    """A data folder with 500 of the default digits (every 10th: all classes) and trained weights
    of value 0.01, the 'good weights' a failed run must not replace."""
    import train   # noqa: F401  (imported here: the module sets nothing up at import)

    folder = tmp_path / "data"
    X, y = defaultData
    dataset.writeData(X[::10], y[::10], folder)
    saveTrained(folder, 0.01)
    return folder


def trainMain(capsys, *args):
    """train.main(args) → (exit code, stdout, stderr), whether it returns or exits."""
    import train

    try:
        code = train.main([str(a) for a in args])
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    return code, out, err


def assertOneLine(err, *words):
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert all(word in lines[0] for word in words), lines[0]


@pytest.mark.parametrize("option, value", [
    ("--lambd", "inf"), ("--lambd", "1e308"), ("--lambd", "nan"), ("--lambd", "-1"),
    ("--seed", "-1"), ("--hidden", "1000000000"), ("--maxiter", "10000000000"),
    ("--data-dir", ""), ("--data-dir", "FILE/sub"), ("--plots-dir", "FILE/sub")])
def test_absurd_arguments_exit_2_in_one_line(tmp_path, capsys, option, value):
    (tmp_path / "FILE").write_text("a file, not a folder")
    value = value.replace("FILE", str(tmp_path / "FILE"))
    args = ["--data-dir", tmp_path / "data", "--plots-dir", tmp_path / "plots", option, value]
    code, out, err = trainMain(capsys, *args)
    assert code == 2
    assertOneLine(err, option)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FILE"]     # nothing written


def test_a_hidden_layer_too_large_for_memory_is_refused(smallData, tmp_path, capsys, monkeypatch):
    import train

    monkeypatch.setattr(train, "freeMemory", lambda: 100e6)   # a small computer: 100 MB free
    code, out, err = trainMain(capsys, "--hidden", 2000, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 2
    assertOneLine(err, "--hidden 2000", "GB", "0.1 GB free")


def test_weights_with_infinite_cost_are_not_trained_or_saved(smallData, tmp_path, capsys):
    before = snapshot(smallData)
    np.savetxt(smallData / "W1.in", np.full((25, 401), 1e300), delimiter=",")
    np.savetxt(smallData / "W2.in", np.zeros((10, 26)), delimiter=",")
    code, out, err = trainMain(capsys, "--maxiter", 3, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 1
    assertOneLine(err, "not finite", "W1.in")
    for name in TRAINED:
        assert (smallData / name).read_bytes() == before[name]


def test_an_optimization_that_does_not_improve_saves_nothing(smallData, tmp_path, capsys, monkeypatch):
    from NN import Neural_Network

    def abnormal(self, X, y, callback=None):   # what L-BFGS-B does at λ = inf: stops at once
        self.costs, self.message = [], "ABNORMAL: "

    before = snapshot(smallData)
    monkeypatch.setattr(Neural_Network, "train", abnormal)
    code, out, err = trainMain(capsys, "--maxiter", 3, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 1
    assertOneLine(err, "training failed", "nothing saved")
    assert snapshot(smallData) == before


# ----- 9. OS errors: one line naming the user's file, found before training -----

def failingFsync(monkeypatch, code):
    """Every fsync fails with OSError(code): a full disk as a write meets it."""
    def fsync(fd):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("code, fix", [(errno.ENOSPC, "free some disk space"),
                                       (errno.EROFS, "read-only")])
def test_an_unwritable_data_folder_is_found_before_training(smallData, tmp_path, capsys, monkeypatch,
                                                           code, fix):
    from NN import Neural_Network

    trained = []
    monkeypatch.setattr(Neural_Network, "train", lambda *a, **k: trained.append(1))
    failingFsync(monkeypatch, code)
    status, out, err = trainMain(capsys, "--data-dir", smallData, "--plots-dir", tmp_path / "plots")
    assert status == 1 and trained == []
    assertOneLine(err, str(smallData), fix)


def test_a_full_disk_while_saving_names_the_users_file(tmp_path, monkeypatch):
    import cli

    saveTrained(tmp_path, 1)
    failingFsync(monkeypatch, errno.ENOSPC)
    with pytest.raises(OSError) as caught:
        saveTrained(tmp_path, 2)
    line = cli.osErrorLine(caught.value)
    assert line.startswith(f"{tmp_path / 'TrainedW1.in'}: No space left on device; free some disk space")
    assert ".tmp" not in line
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_full_plots_folder_after_saving_says_the_weights_were_saved(smallData, tmp_path, capsys,
                                                                      monkeypatch):
    import display

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "plots" / "Cost.png"))

    before = snapshot(smallData)
    monkeypatch.setattr(display, "plotCost", full)
    code, out, err = trainMain(capsys, "--maxiter", 2, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 1
    assertOneLine(err, "Cost.png", "free some disk space", "trained weights were saved")
    assert (smallData / "TrainedW1.in").read_bytes() != before["TrainedW1.in"]


def test_train_piped_into_head_still_trains_and_saves(smallData, tmp_path):
    before = snapshot(smallData)
    process = subprocess.Popen([sys.executable, str(ROOT / "train.py"), "--maxiter", "5",
                                "--data-dir", str(smallData), "--plots-dir", str(tmp_path / "plots")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = [process.stdout.readline() for _ in range(3)]       # what `| head -3` reads
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0, err
    assert err == "" and all(lines)
    assert (smallData / "TrainedW1.in").read_bytes() != before["TrainedW1.in"]
    assert (tmp_path / "plots" / "Cost.png").exists()


def test_train_prints_lambda_to_a_cp1252_stdout(smallData, tmp_path):
    done = run("train.py", "--maxiter", 2, "--data-dir", smallData, "--plots-dir", tmp_path / "plots",
               env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "λ = 1.0" in done.stdout or "? = 1.0" in done.stdout
