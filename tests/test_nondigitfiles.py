"""The non-digit pictures kept in the data folder (recognizer/nondigitfiles.py): read back they
are the very pictures nondigits.py draws; a damaged, altered or foreign file is drawn again; a set
whose digits, kinds or count differ is another file; an unwritable folder only keeps nothing."""
import numpy as np
import pytest

import train
from recognizer import digitdata, nondigitfiles, nondigits, training
from recognizer.settings import DEFAULTS

N = 20                                   # pictures a set in these tests: 2 of each kind
KINDS = nondigits.KINDS                  # every kind, those made of digits among them


@pytest.fixture(scope="module")
def digits(smallDataDir):
    X, _ = digitdata.loadData(smallDataDir)
    return X[:300]


class Drawer:
    """draw() for keptRows, counting its calls; the pictures are nondigits.py's own."""

    def __init__(self, digits, n=N, kinds=KINDS):
        self.digits, self.n, self.kinds, self.calls = digits, n, kinds, 0

    def __call__(self):
        self.calls += 1
        return nondigits.trainingRows(self.n, 0, self.digits, self.kinds)[0]

    def kept(self, dataDir):
        key = nondigitfiles.setKey(self.n, 0, self.kinds, self.digits)
        return nondigitfiles.keptRows(dataDir, key, self.n, self)


def keptFile(dataDir):
    files = list((dataDir / nondigitfiles.FOLDER).iterdir())
    assert len(files) == 1, files
    return files[0]


def test_a_kept_set_is_read_back_as_the_very_pictures_nondigits_draws(tmp_path, digits):
    draw = Drawer(digits)
    first = draw.kept(tmp_path)
    second = draw.kept(tmp_path)
    assert draw.calls == 1                                   # drawn once, then read
    fresh = nondigits.trainingRows(N, 0, digits, KINDS)[0]   # drawn again, without any file
    assert second.dtype == np.float64 and np.array_equal(second, fresh) and np.array_equal(first, fresh)
    assert keptFile(tmp_path).suffix == ".npz"


@pytest.mark.parametrize("damage", ["cut short", "altered", "not a set", "another set's"])
def test_a_damaged_set_is_drawn_again_and_replaced(tmp_path, digits, damage, capsys):
    draw = Drawer(digits)
    good = draw.kept(tmp_path)
    path = keptFile(tmp_path)
    if damage == "cut short":
        path.write_bytes(path.read_bytes()[:200])
    elif damage == "altered":        # one picture changed, the checksum not
        with np.load(path) as kept:
            rows, key, checksum = kept["rows"].copy(), kept["key"], kept["sha256"]
        rows[3, 100] = 1 - rows[3, 100]
        np.savez_compressed(path, rows=rows, key=key, sha256=checksum)
    elif damage == "not a set":
        np.savez(path, something=np.arange(3))
    else:                            # a whole, valid set of other pictures under this name
        other = Drawer(digits, n=10)
        (tmp_path / "elsewhere").mkdir()
        other.kept(tmp_path / "elsewhere")
        keptFile(tmp_path / "elsewhere").replace(path)
    capsys.readouterr()
    again = draw.kept(tmp_path)
    printed = capsys.readouterr().out
    assert draw.calls == 2 and np.array_equal(again, good)
    assert printed.count("\n") == 1 and str(path) in printed and "damaged" in printed
    assert np.array_equal(draw.kept(tmp_path), good) and draw.calls == 2   # replaced: read now


def test_other_digits_counts_or_kinds_are_other_sets_and_digit_free_kinds_ignore_the_digits(
        tmp_path, digits):
    Drawer(digits).kept(tmp_path)
    Drawer(digits[1:]).kept(tmp_path)                  # other digits: the digit kinds differ
    Drawer(digits, n=10).kept(tmp_path)
    Drawer(digits, kinds=("letter", "noise")).kept(tmp_path)
    assert len(list((tmp_path / nondigitfiles.FOLDER).iterdir())) == 4
    digitFree = ("letter", "noise")
    assert nondigitfiles.setKey(N, 0, digitFree, digits) == nondigitfiles.setKey(N, 0, digitFree, digits[1:])
    assert nondigitfiles.setKey(N, 0, KINDS, digits) != nondigitfiles.setKey(N, 1, KINDS, digits)


def test_a_folder_that_cannot_be_written_keeps_nothing_and_still_gives_the_pictures(tmp_path, digits):
    (tmp_path / nondigitfiles.FOLDER).write_text("not a folder")   # unwritable even for root
    draw = Drawer(digits)
    rows = draw.kept(tmp_path)
    assert len(rows) == N and (tmp_path / nondigitfiles.FOLDER).read_text() == "not a folder"


def test_train_py_keeps_its_non_digits_beside_the_data_and_reads_them_next_time(
        smallDataDir, tmp_path, monkeypatch, quickPictures):
    """train.py's set is kept in its data folder; a new process (the in-process memo emptied)
    reads the file and draws nothing."""
    dataDir = tmp_path / "data"
    X, y = digitdata.loadData(smallDataDir)
    digitdata.writeData(X, y, dataDir)
    options = ["--maxiter", "1", "--no-shift", "--no-animation", "--no-mine",
               "--data-dir", str(dataDir), "--plots-dir", str(tmp_path / "plots")]
    monkeypatch.setattr(training, "_nonDigitRows", {})
    assert train.main(options) == 0
    kept = keptFile(dataDir)
    drawn = []
    monkeypatch.setattr(nondigits, "trainingRows", lambda *args: drawn.append(args))
    monkeypatch.setattr(training, "_nonDigitRows", {})
    assert train.main(options) == 0
    assert drawn == [] and keptFile(dataDir) == kept
    rows, _ = training.splitHeldOut(len(X), DEFAULTS.testFraction, DEFAULTS.seed)
    with np.load(kept) as saved:
        assert "kinds=" + ",".join(DEFAULTS.nonDigitKinds) in str(saved["key"])
        assert len(saved["rows"]) <= DEFAULTS.nonDigits
