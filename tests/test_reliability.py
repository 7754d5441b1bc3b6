"""Issue 10, reliability: each defect reproduced as a user meets it, and a seeded fuzz test.

Weight and data pairs can't mix, failures lose no work, damaged files give one line (never a
traceback), and every OS error names the user's file.
"""
import errno
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from recognizer import atomic
from recognizer import datafiles
from recognizer import digitdata, errors, figures, importers
from conftest import ROOT, oneLineError, runMain, snapshot
from recognizer.conventions import oneHot

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
    return datafiles.writeWeights(np.full((hidden, 401), float(value)), np.full((10, hidden + 1), float(value)),
                                folder, names=TRAINED)


@pytest.fixture
def noWait(monkeypatch):
    """Readers give up on a mixed pair at once instead of retrying for a second."""
    monkeypatch.setattr(datafiles, "PAIR_WAIT", 0.0)


# ----- 1. pairs that can't mix -----

def test_pair_header_is_a_comment_to_the_tutorials_loadtxt(tmp_path):
    W1, W2 = np.random.default_rng(0).normal(size=(25, 401)), np.random.default_rng(1).normal(size=(10, 26))
    paths = datafiles.writeWeights(W1, W2, tmp_path, names=TRAINED)
    firstLines = [path.read_text().splitlines()[0] for path in paths]
    assert firstLines[0] == firstLines[1]
    assert firstLines[0].startswith("# pair ") and "TrainedW1.in 25x401, TrainedW2.in 10x26" in firstLines[0]
    assert np.array_equal(np.loadtxt(paths[0], delimiter=","), W1)   # the tutorial's own read
    assert np.array_equal(np.loadtxt(paths[1], delimiter=","), W2)
    other = datafiles.writeWeights(W1, W2, tmp_path / "again", names=TRAINED)
    assert other[0].read_text().splitlines()[0] != firstLines[0]      # a new identifier each write


def test_weights_of_two_runs_are_refused(tmp_path, noWait, capsys):
    saveTrained(tmp_path, 1)
    saveTrained(tmp_path / "other", 2)
    (tmp_path / "TrainedW2.in").write_bytes((tmp_path / "other" / "TrainedW2.in").read_bytes())
    message = oneLineError(datafiles.loadTrainedWeights, tmp_path)
    assert "TrainedW1.in and" in message and "come from different runs" in message
    assert "python train.py" in message
    assertOneLineError(runMain(capsys, "predict.py", "--data-dir", tmp_path, "--plots-dir", tmp_path / "plots"),
                       1, "different runs", "python train.py")


def test_data_files_of_two_imports_are_refused(tmp_path, noWait):
    digitdata.writeData(np.zeros((3, 400)), oneHot([1, 2, 3]), tmp_path)
    digitdata.writeData(np.ones((3, 400)), oneHot([3, 2, 1]), tmp_path / "other")
    (tmp_path / "y.in").write_bytes((tmp_path / "other" / "y.in").read_bytes())
    assert "come from different runs" in oneLineError(digitdata.loadData, tmp_path)
    (tmp_path / "y.in").write_text("1,0,0,0,0,0,0,0,0,0\n" * 3)     # one file with, one without
    assert "come from different runs" in oneLineError(digitdata.loadData, tmp_path)


def test_a_file_shorter_than_its_header_says_is_refused(tmp_path, noWait):
    path = saveTrained(tmp_path, 1)[0]
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))   # last row lost
    assert "header line says 25x401" in oneLineError(datafiles.loadTrainedWeights, tmp_path)


def test_files_without_header_still_load(tmp_path):
    np.savetxt(tmp_path / "TrainedW1.in", np.ones((25, 401)), delimiter=",")
    np.savetxt(tmp_path / "TrainedW2.in", np.ones((10, 26)), delimiter=",")
    W1, W2 = datafiles.loadTrainedWeights(tmp_path)
    assert W1.shape == (25, 401) and W2.shape == (10, 26)
    np.savetxt(tmp_path / "X.in", np.zeros((2, 400)), delimiter=",")
    np.savetxt(tmp_path / "y.in", oneHot([1, 10]), delimiter=",", fmt="%d")
    X, y = digitdata.loadData(tmp_path)
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
    W1, W2 = datafiles.loadTrainedWeights(tmp_path)
    assert (W1 == 1).all() and (W2 == 1).all()


WRITER = """
import sys
sys.path.insert(0, sys.argv[1])
import numpy as np
from contextlib import contextmanager
from recognizer import atomic, datafiles
if sys.argv[4] == "lockless":        # as on Windows: no lock at all, only the pair headers
    @contextmanager
    def noLock(folder, exclusive):
        yield False
    atomic.folderLock = noLock
for k in range(int(sys.argv[3])):
    datafiles.writeWeights(np.full((25, 401), float(k)), np.full((10, 26), float(k)), sys.argv[2],
                         names=("TrainedW1.in", "TrainedW2.in"))
"""


@pytest.mark.slow
@pytest.mark.parametrize("locking", ["locked", "lockless"])
def test_a_reader_never_gets_a_mixed_pair_while_a_writer_saves(tmp_path, monkeypatch, locking):
    if locking == "lockless":
        monkeypatch.setattr(atomic, "folderLock", lambda folder, exclusive: nullLock())
    saveTrained(tmp_path, -1)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(ROOT), str(tmp_path), "25", locking])
    consistent, mixed, errors = 0, 0, 0
    while writer.poll() is None:
        try:
            W1, W2 = datafiles.loadTrainedWeights(tmp_path)
        except errors.DataError as error:
            assert "were being replaced" in str(error) or "different runs" in str(error)
            errors += 1
            continue
        if W1[0, 0] == W2[0, 0] and (W1 == W1[0, 0]).all() and (W2 == W2[0, 0]).all():
            consistent += 1
        else:
            mixed += 1
        time.sleep(0.001)   # a gap between reads, or the writer waits long for its lock
    assert writer.returncode == 0
    assert mixed == 0 and consistent > 10, (consistent, mixed, errors)


class nullLock:
    """A folderLock that locks nothing (Windows)."""

    def __enter__(self):
        return False

    def __exit__(self, *exc):
        return False


@pytest.mark.slow
def test_two_writers_at_once_leave_one_whole_pair(tmp_path):
    threads = [threading.Thread(target=lambda v=v: [saveTrained(tmp_path, v) for _ in range(15)])
               for v in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    W1, W2 = datafiles.loadTrainedWeights(tmp_path)
    assert W1[0, 0] == W2[0, 0] and not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


# ----- 2. a failed optimization never overwrites good weights; 6. arguments -----

@pytest.fixture
def smallData(tmp_path, defaultData):
    """A data folder with 500 of the default digits (every 10th: all classes) and trained weights
    of value 0.01, the 'good weights' a failed run must not replace."""
    folder = tmp_path / "data"
    X, y = defaultData
    digitdata.writeData(X[::10], y[::10], folder)
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


def test_a_hidden_layer_too_large_for_memory_is_refused(smallData, tmp_path, capsys, monkeypatch,
                                                        quickPictures):
    from recognizer import safeguards

    monkeypatch.setattr(safeguards, "freeMemory", lambda: 100e6)   # a small computer: 100 MB free
    code, out, err = trainMain(capsys, "--hidden", 2000, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 2
    assertOneLine(err, "--hidden 2000", "GB", "0.1 GB free")


def test_weights_with_infinite_cost_are_not_trained_or_saved(smallData, tmp_path, capsys,
                                                             quickPictures):
    before = snapshot(smallData)
    np.savetxt(smallData / "W1.in", np.full((25, 401), 1e300), delimiter=",")
    np.savetxt(smallData / "W2.in", np.zeros((10, 26)), delimiter=",")
    code, out, err = trainMain(capsys, "--maxiter", 3, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 1
    assertOneLine(err, "not finite", "W1.in")
    for name in TRAINED:
        assert (smallData / name).read_bytes() == before[name]


def test_an_optimization_that_does_not_improve_saves_nothing(smallData, tmp_path, capsys,
                                                             monkeypatch, quickPictures):
    from NN import Neural_Network

    def abnormal(self, X, y, callback=None):   # what L-BFGS-B does at λ = inf: stops at once
        self.costs, self.message = [], "ABNORMAL: "

    before = snapshot(smallData)
    monkeypatch.setattr(Neural_Network, "train", abnormal)
    code, out, err = trainMain(capsys, "--maxiter", 3, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 1
    assertOneLine(err, "training failed", "nothing saved")
    after = snapshot(smallData)        # no weights saved; the non-digit pictures may be kept
    assert {name: after[name] for name in before} == before
    assert all(name.startswith("nondigits/") for name in set(after) - set(before))


# ----- 9. OS errors: one line naming the user's file, found before training -----

def failingFsync(monkeypatch, code):
    """Every fsync fails with OSError(code): a full disk as a write meets it."""
    def fsync(fd):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("code, fix", [(errno.ENOSPC, "free some disk space"),
                                       (errno.EROFS, "read-only")])
def test_an_unwritable_data_folder_is_found_before_training(smallData, tmp_path, capsys, monkeypatch,
                                                           code, fix, quickPictures):
    from NN import Neural_Network

    trained = []
    monkeypatch.setattr(Neural_Network, "train", lambda *a, **k: trained.append(1))
    failingFsync(monkeypatch, code)
    status, out, err = trainMain(capsys, "--data-dir", smallData, "--plots-dir", tmp_path / "plots")
    assert status == 1 and trained == []
    assertOneLine(err, str(smallData), fix)


def test_a_full_disk_while_saving_names_the_users_file(tmp_path, monkeypatch):
    from recognizer import cli

    saveTrained(tmp_path, 1)
    failingFsync(monkeypatch, errno.ENOSPC)
    with pytest.raises(OSError) as caught:
        saveTrained(tmp_path, 2)
    line = cli.osErrorLine(caught.value)
    assert line.startswith(f"{tmp_path / 'TrainedW1.in'}: No space left on device; free some disk space")
    assert ".tmp" not in line
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_full_plots_folder_after_saving_says_the_weights_were_saved(smallData, tmp_path, capsys,
                                                                      monkeypatch, quickPictures):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "plots" / "Cost.png"))

    before = snapshot(smallData)
    monkeypatch.setattr(figures, "plotCost", full)
    code, out, err = trainMain(capsys, "--maxiter", 2, "--data-dir", smallData,
                               "--plots-dir", tmp_path / "plots")
    assert code == 1
    assertOneLine(err, "Cost.png", "free some disk space", "trained weights were saved")
    assert (smallData / "TrainedW1.in").read_bytes() != before["TrainedW1.in"]


@pytest.mark.slow
def test_train_to_a_cp1252_pipe_closed_early_still_trains_and_saves(smallData, tmp_path):
    """`train.py | head` on a terminal without λ (cp1252): λ comes out as '?', and the reader
    leaving after the λ line neither stops the training nor prints an error."""
    before = snapshot(smallData)
    process = subprocess.Popen([sys.executable, str(ROOT / "train.py"), "--maxiter", "5",
                                "--nondigits", "0",   # 5 s of drawing non-digits: beside the point
                                "--data-dir", str(smallData), "--plots-dir", str(tmp_path / "plots")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               encoding="cp1252", env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    lines = [process.stdout.readline()]                          # what `| head` reads
    while lines[-1] and not lines[-1].startswith("Training:"):
        lines.append(process.stdout.readline())
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0, err
    assert err == "" and "? = 3.0" in lines[-1], lines
    assert (smallData / "TrainedW1.in").read_bytes() != before["TrainedW1.in"]
    assert (tmp_path / "plots" / "Cost.png").exists()


# ----- 3, 4, 5, 8, 11: damaged files give one line, never a traceback -----

def digitPicture(side=60):
    """A white picture with a black '7' drawn in it (Pillow's own drawing: no file needed)."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (side, side), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(side * 0.25, side * 0.2), (side * 0.75, side * 0.2), (side * 0.4, side * 0.85)],
              fill=0, width=max(2, side // 12))
    return image


def pictureBytes(image, kind):
    import io

    buffer = io.BytesIO()
    image.save(buffer, kind)
    return buffer.getvalue()


def pngChunks(data):
    """(offset, type) of each chunk of a PNG file."""
    chunks, at = [], 8
    while at + 8 <= len(data):
        length = int.from_bytes(data[at:at + 4], "big")
        chunks.append((at, data[at + 4:at + 8]))
        at += 12 + length
    return chunks


@pytest.fixture
def trainedFolder(tmp_path):
    folder = tmp_path / "data"
    saveTrained(folder, 0.01)
    return folder


def test_a_damaged_png_is_one_line_and_the_next_picture_is_answered(trainedFolder, tmp_path,
                                                                    capsys, quickPictures):
    import predict

    noise = np.random.default_rng(4).integers(0, 256, (300, 300), dtype=np.uint8)
    from PIL import Image
    data = bytearray(pictureBytes(Image.fromarray(noise), "PNG"))
    idats = [at for at, kind in pngChunks(bytes(data)) if kind == b"IDAT"]
    assert len(idats) >= 2                    # a PNG over 64 KB: several IDAT chunks
    data[idats[1] + 5] ^= 0x80                # one flipped bit: the second IDAT's type is no name
    (tmp_path / "broken.png").write_bytes(bytes(data))
    digitPicture().save(tmp_path / "7_good.png")
    code = predict.main(["--image", str(tmp_path / "broken.png"), str(tmp_path / "7_good.png"),
                         "--data-dir", str(trainedFolder), "--plots-dir", str(tmp_path / "plots")])
    out, err = capsys.readouterr()
    assert code == 1
    assertOneLine(err, "broken.png", "not an image Pillow can read")
    assert "Image 7_good.png" in out and "Class number" in out


def test_pictures_that_are_not_files_say_what_they_are(tmp_path):
    from recognizer import picture

    os.mkfifo(tmp_path / "pipe.png")
    assert "is not a file (a pipe or a device?)" in oneLineError(picture.imageToRow, tmp_path / "pipe.png")
    assert "is a folder" in oneLineError(picture.imageToRow, tmp_path)


def test_a_float_tiff_holding_nan_is_one_line(tmp_path):
    from recognizer import picture
    from PIL import Image

    pixels = np.ones((40, 40), np.float32)
    pixels[5, 5] = np.nan
    Image.fromarray(pixels, mode="F").save(tmp_path / "nan.tif")
    assert "NaN or infinite" in oneLineError(picture.imageToRow, tmp_path / "nan.tif")


@pytest.mark.slow
def test_a_picture_whose_name_is_not_utf8_is_answered(trainedFolder, tmp_path):
    name = os.fsencode(tmp_path) + b"/7_\xff\xfe.png"
    digitPicture().save(os.fsdecode(name))
    done = subprocess.run([sys.executable, str(ROOT / "predict.py"), "--image", name,
                           "--data-dir", str(trainedFolder), "--plots-dir", str(tmp_path / "plots")],
                          capture_output=True, timeout=120)
    assert done.returncode == 0 and done.stderr == b"", done.stderr
    assert b"Class number" in done.stdout


def test_damaged_compressed_mat_files_are_one_line(tmp_path):
    import scipy.io

    X = np.random.default_rng(3).uniform(size=(5, 400))
    scipy.io.savemat(tmp_path / "good.mat", {"X": X, "y": np.ones((5, 1))}, do_compression=True)
    data = (tmp_path / "good.mat").read_bytes()
    for at in range(128, len(data), 97):      # past the 128-byte header: the compressed variables
        damaged = bytearray(data)
        damaged[at] ^= 0xFF
        (tmp_path / "bad.mat").write_bytes(bytes(damaged))
        try:
            importers.matTables(tmp_path / "bad.mat")
        except errors.DataError as error:
            assert "\n" not in str(error) and "bad.mat" in str(error)


def test_a_complex_X_in_a_mat_is_refused(tmp_path):
    import scipy.io

    scipy.io.savemat(tmp_path / "complex.mat", {"X": np.ones((2, 400)) * (1 + 2j), "y": np.ones((2, 1))})
    assert "complex numbers" in oneLineError(importers.matTables, tmp_path / "complex.mat")


def idxFile(magic, dims, payload):
    return b"".join(int(n).to_bytes(4, "big") for n in (magic, *dims)) + bytes(payload)


def test_an_idx_gzip_bomb_is_refused_from_its_header(tmp_path, monkeypatch):
    import gzip

    reads = []
    realRead = gzip.GzipFile.read
    monkeypatch.setattr(gzip.GzipFile, "read", lambda self, n=-1: reads.append(n) or realRead(self, n))
    header = idxFile(2051, (3, 28, 28), b"")                   # 3 images promised ...
    (tmp_path / "bomb.gz").write_bytes(gzip.compress(header + bytes(50_000_000), 9))   # ... 50 MB given
    (tmp_path / "labels").write_bytes(idxFile(2049, (3,), [1, 2, 3]))
    assert (tmp_path / "bomb.gz").stat().st_size < 100_000
    message = oneLineError(importers.readMnist, tmp_path / "bomb.gz", tmp_path / "labels")
    assert "header promises 3×28×28 bytes of images, found more" in message
    assert max(reads) <= 3 * 784                               # never the whole 50 MB


def test_idx_with_limit_reads_only_what_it_needs(tmp_path, monkeypatch, idxFiles):
    pixels, digits = importers.readMnist(*idxFiles[:2], limit=7)
    assert np.array_equal(pixels, idxFiles[2][:7]) and np.array_equal(digits, idxFiles[3][:7])


def test_idx_dimensions_that_overflow_are_one_line(tmp_path):
    (tmp_path / "huge").write_bytes(idxFile(2051, (2 ** 32 - 1, 28, 28), bytes(784)))
    (tmp_path / "labels").write_bytes(idxFile(2049, (2 ** 32 - 1,), bytes(10)))
    assert "header promises" in oneLineError(importers.readMnist, tmp_path / "huge", tmp_path / "labels")
    (tmp_path / "wide").write_bytes(idxFile(2051, (1, 2 ** 31, 2 ** 31), bytes(784)))
    assert "expected 28×28" in oneLineError(importers.readMnist, tmp_path / "wide", tmp_path / "labels")
    (tmp_path / "garbage.gz").write_bytes(b"\x1f\x8b" + bytes(range(256)) * 4)
    assert "gzip" in oneLineError(importers.readMnist, tmp_path / "garbage.gz", tmp_path / "labels")


def test_a_data_set_on_one_line_is_refused_from_its_first_line(tmp_path):
    (tmp_path / "X.in").write_text(",".join(["0.5"] * 400 * 3000) + "\n")    # 4.8 MB on one line
    (tmp_path / "y.in").write_text("1,0,0,0,0,0,0,0,0,0\n")
    message = oneLineError(datafiles.readX, tmp_path / "X.in")
    assert "line 1 is over 1,000,000 characters" in message and "on one line" in message


def test_stale_temporary_files_of_a_killed_save_are_removed(tmp_path):
    saveTrained(tmp_path, 1)
    stale = [tmp_path / ".TrainedW1.in.k1ll3d.tmp", tmp_path / ".TrainedW2.in.abcd1234.tmp"]
    other = tmp_path / ".notes.tmp"
    for path in stale + [other]:
        path.write_text("half")
    saveTrained(tmp_path, 2)
    assert not any(path.exists() for path in stale) and other.exists()


# ----- the fuzz test: a few hundred damaged files, only DataError -----

def mutate(data, rng):
    """data with one random kind of damage: flipped bytes, cut short, bytes inserted or deleted."""
    data = bytearray(data)
    kind = rng.integers(4)
    if kind == 0:
        for at in rng.integers(0, len(data), rng.integers(1, 6)):
            data[at] ^= int(rng.integers(1, 256))
    elif kind == 1:
        del data[rng.integers(0, len(data)):]
    elif kind == 2:
        at = rng.integers(0, len(data))
        data[at:at] = rng.integers(0, 256, rng.integers(1, 40), dtype=np.uint8).tobytes()
    else:
        at = rng.integers(0, len(data))
        del data[at:at + rng.integers(1, 40)]
    return bytes(data)


def fuzzSources(folder):
    """{name: (good bytes, reader of a path)}: one small good file of each kind the readers take."""
    import gzip
    import scipy.io
    from recognizer import picture

    scipy.io.savemat(folder / "plain.mat", {"X": np.linspace(0, 1, 2000).reshape(5, 400),
                                            "y": np.arange(1, 6).reshape(5, 1)})
    scipy.io.savemat(folder / "zipped.mat", {"Theta1": np.full((25, 401), 0.1),
                                             "Theta2": np.full((10, 26), 0.2)}, do_compression=True)
    digitdata.writeData(np.linspace(0, 1, 2000).reshape(5, 400), oneHot([1, 2, 3, 4, 10]), folder)
    images = idxFile(2051, (3, 28, 28), np.arange(3 * 784) % 256)
    (folder / "labels").write_bytes(idxFile(2049, (3,), [7, 2, 1]))

    def readIdxImages(path):
        return importers.readMnist(path, folder / "labels")

    def readXy(path):
        return digitdata.loadData(path.parent)

    picture7 = digitPicture()
    return {"png": (pictureBytes(picture7, "PNG"), picture.imageToRow),
            "jpg": (pictureBytes(picture7, "JPEG"), picture.imageToRow),
            "mat": ((folder / "plain.mat").read_bytes(), importers.matTables),
            "zipped.mat": ((folder / "zipped.mat").read_bytes(), importers.matTables),
            "X.in": ((folder / "X.in").read_bytes(), readXy),
            "y.in": ((folder / "y.in").read_bytes(), readXy),
            "idx": (images, readIdxImages),
            "idx.gz": (gzip.compress(images), readIdxImages)}


@pytest.mark.slow
def test_fuzz_every_reader_raises_only_DataError(tmp_path, monkeypatch):
    import warnings

    monkeypatch.setattr(datafiles, "PAIR_WAIT", 0.0)
    rng = np.random.default_rng(2024)
    sources = fuzzSources(tmp_path)
    tried, refused = 0, 0
    for name, (good, read) in sources.items():
        for case in range(40):
            damaged = mutate(good, rng)
            path = tmp_path / name
            original = path.read_bytes() if path.exists() else None
            path.write_bytes(damaged)
            with warnings.catch_warnings():
                warnings.simplefilter("error")      # a warning would be a second line on stderr
                try:
                    read(path)
                except errors.DataError as error:
                    assert "\n" not in str(error)
                    refused += 1
                except Exception as error:          # noqa: BLE001  (what the test is looking for)
                    pytest.fail(f"{name} case {case}: {type(error).__name__}: {error}")
            tried += 1
            if original is not None:
                path.write_bytes(original)
    print(f"fuzz: {tried} damaged files, {refused} refused with a DataError, the rest read")
    assert tried == 320 and refused > 100


# ----- 7. Ctrl-C while the libraries load; 11. warnings; 13. small things -----

@pytest.mark.slow
@pytest.mark.parametrize("script, delay", [("train.py", 0.15), ("train.py", 0.4), ("dataset.py", 0.25)])
def test_ctrl_c_while_loading_exits_130_without_traceback(tmp_path, script, delay):
    import signal
    import time

    args = ["default"] if script == "dataset.py" else []
    process = subprocess.Popen([sys.executable, str(ROOT / script), *args, "--data-dir", str(tmp_path / "d")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err, err


def test_a_picture_over_pillows_size_warning_is_answered_without_warnings(tmp_path, monkeypatch):
    import warnings

    from recognizer import picture
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 2000)   # 60×60 = 3,600 pixels: Pillow warns
    digitPicture().save(tmp_path / "big.png")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert picture.imageToRow(tmp_path / "big.png").shape == (400,)


def test_an_indented_comment_line_is_named(tmp_path):
    (tmp_path / "X.in").write_text("0," * 399 + "0\n   # a note\n" + "0," * 399 + "0\n")
    message = oneLineError(datafiles.readX, tmp_path / "X.in")
    assert "line 2: only spaces (before any '#' comment)" in message


def test_a_one_example_data_set_asks_for_test_fraction_0(tmp_path, capsys, quickPictures):
    digitdata.writeData(np.zeros((1, 400)), oneHot([3]), tmp_path / "data")
    code, out, err = trainMain(capsys, "--data-dir", tmp_path / "data", "--plots-dir", tmp_path / "plots")
    assert code == 2
    assertOneLine(err, "only 1 example", "--test-fraction 0")


def test_a_huge_number_is_not_echoed_whole(capsys):
    import predict

    with pytest.raises(SystemExit):
        predict.parseArguments(["9" * 1_000_000 + "x"])
    err = capsys.readouterr().err
    assert len(err) < 300 and "is not a whole number" in err


def test_a_long_run_prints_progress_every_few_seconds(monkeypatch, capsys):
    from recognizer import safeguards

    clock = iter(range(0, 1000, 2))                 # each call: 2 s later
    monkeypatch.setattr(safeguards.time, "perf_counter", lambda: next(clock))
    show = safeguards.progressPrinter(10 ** 6)
    for iteration in range(1, 11):
        show(iteration, 1.0)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 4 and lines[0].startswith("Iteration    1")
