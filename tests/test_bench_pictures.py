"""bench/pictures.py: its counts are the ones the picture pipeline and the network give, row by row."""
import sys

import numpy as np
import pytest

from recognizer import picture
from conftest import ROOT, classify, needShared

sys.path.insert(0, str(ROOT / "bench"))
import pictures  # noqa: E402  (bench/ must be on sys.path first)
from recognizer import datafiles


@pytest.fixture(scope="module")
def courseWeightsDir(courseWeights, tmp_path_factory):
    """A folder holding the course's weights as TrainedW1.in and TrainedW2.in."""
    folder = tmp_path_factory.mktemp("course-weights")
    datafiles.writeWeights(*courseWeights, folder, names=("TrainedW1.in", "TrainedW2.in"))
    return folder


def someOf(folder, into):
    """A folder `into` of links to every 5th picture of `folder` (20 of its 100, two of each
    digit): what is counted is the same, on a fifth of the pictures to read."""
    into.mkdir(parents=True)
    for path in sorted(folder.iterdir())[::5]:
        (into / path.name).symlink_to(path)
    return into


def test_rows_count_what_the_network_reads(courseWeights, courseWeightsDir, rawMnist, tmp_path):
    marker = someOf(needShared("pictures", "marker"), tmp_path / "marker")
    mnistDir = needShared("mnist", "t10k-images-idx3-ubyte.gz").parent
    rows = pictures.accuracyRows(courseWeightsDir, tmp_path, mnistDir, mnistLimit=40)
    assert [row[0] for row in rows][:1] == ["marker/"]
    paths = picture.picturesIn(marker)[0]
    read = classify(courseWeights, np.array([picture.imageToRow(p) for p in paths])) % 10
    assert rows[0][1:3] == (int(np.sum(read == [picture.labelOf(p) for p in paths])), 20)
    images, digits = rawMnist[0][:40], rawMnist[1][:40]
    direct = classify(courseWeights, picture.mnistToRows(images)) % 10
    assert rows[2][1:3] == (int(np.sum(direct == digits)), 40)
    assert 30 <= rows[1][1] <= 40          # as pictures: read about as well as MNIST's own rows


def test_mnist_drawn_as_picture_is_the_digit_on_white_paper(mnistDigits):
    image = mnistDigits[0][0]
    sheet = pictures.drawnAsPicture(image)
    assert sheet.shape == (28 * pictures.ZOOM + 2 * pictures.MARGIN,) * 2
    assert sheet[:pictures.MARGIN].min() == 1.0 and sheet.min() < 0.1
    assert np.array_equal(np.round(sheet * 255), np.round(sheet * 255).astype(np.uint8))


def test_help_and_bad_folder(tmp_path, capsys):
    with pytest.raises(SystemExit) as done:
        pictures.main(["--help"])
    assert done.value.code == 0 and "--data-dir" in capsys.readouterr().out
    assert pictures.main(["--data-dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "TrainedW1.in" in error and "\n" not in error.strip()


def test_teaching_trains_with_mine_and_reads_minetest(courseWeights, tmp_path, monkeypatch):
    calls = []

    def trainWithCourseWeights(folder, *options):   # stands in for a default training
        calls.append(options)
        datafiles.writeWeights(*courseWeights, folder, names=("TrainedW1.in", "TrainedW2.in"))
        return "Test Set Accuracy: 95.00% (1000 held-out examples)"

    monkeypatch.setattr(pictures, "trainDefault", trainWithCourseWeights)
    someOf(needShared("pictures", "minetest"), tmp_path / "pictures" / "minetest")
    lines = pictures.teachingLines(tmp_path / "taught", tmp_path / "pictures")
    assert calls == [("--mine", str(tmp_path / "pictures" / "mine"))]
    paths = picture.picturesIn(tmp_path / "pictures" / "minetest")[0]
    read = classify(courseWeights, np.array([picture.imageToRow(p) for p in paths])) % 10
    correct = int(np.sum(read == [picture.labelOf(p) for p in paths]))
    assert "95.00% (1000 held-out examples)" in lines[1]
    assert lines[2].strip().startswith(f"minetest/ read correctly: {correct} of 20")
