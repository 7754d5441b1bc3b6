"""pictures.py — how many pictures of digits the default model reads correctly. Accuracy only, no timing.

Usage:
    python bench/pictures.py                   # trains the default model (seed 0) in a temporary folder
    python bench/pictures.py --data-dir DIR    # reads with DIR/TrainedW1.in and TrainedW2.in instead
    python bench/pictures.py --stroke          # also MNIST's stroke width, the figure picture.py uses
    python bench/pictures.py --skip-teaching   # without the mine/ → minetest/ before/after (one training less)

Prints the share read correctly:
  - in each folder of labelled pictures in ../shared/data/pictures (NNNN_D.png, D the digit; see
    its make_pictures.py): thick felt-tip marker/, phone photo/, coarse lowres/, one writer's
    habit minetest/ (and mine/, the same writer's digits meant for teaching);
  - of MNIST's 10,000 test digits drawn as pictures: each 28×28 digit blown up 4× (bilinear),
    dark ink on white paper with a 16 px margin, 8-bit as a PNG holds it, then read by
    picture.arrayToRow (the same row as imageToRow of that PNG: tests/test_picture.py checks it);
  - of the same 10,000 digits as MNIST made them (picture.mnistToRows: no picture), for reference.
"""
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import scipy.ndimage

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from NN import Neural_Network  # noqa: E402
from recognizer import cli, datafiles, digitdata, importers, picture, training  # noqa: E402  (the root first)
from recognizer.conventions import classToDigit  # noqa: E402
from recognizer.errors import DataError  # noqa: E402
from recognizer.settings import DEFAULTS  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
ZOOM, MARGIN = 4, 16      # MNIST's digits drawn as pictures: 112×112 ink, 144×144 paper


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--data-dir", type=cli.folder, default=None,
                        help="folder with TrainedW1.in and TrainedW2.in to read with (default: "
                             "train the default model, seed 0, in a temporary folder first)")
    parser.add_argument("--pictures", type=cli.folder, default=SHARED / "pictures",
                        help="folder of folders of labelled pictures (default: ../shared/data/pictures)")
    parser.add_argument("--mnist", type=cli.folder, default=SHARED / "mnist",
                        help="folder with MNIST's t10k-images-idx3-ubyte.gz and t10k-labels-idx1-"
                             "ubyte.gz (default: ../shared/data/mnist)")
    parser.add_argument("--mnist-limit", type=cli.positiveInt, default=None,
                        help="read only the first N of MNIST's test digits (default: all 10,000)")
    parser.add_argument("--skip-teaching", action="store_true",
                        help="leave out the before/after of teaching the network mine/ (one "
                             "more training)")
    parser.add_argument("--stroke", action="store_true",
                        help="also measure MNIST's stroke width on the default set's training "
                             "digits (picture.MNIST_STROKE)")
    return parser.parse_args(argv)


# ----- the model -----

def trainDefault(folder, *options):
    """Train the default model (plain `python train.py`, seed 0, with options, run as a user runs
    it) with its data and weights in folder; returns train.py's held-out accuracy line (its other
    output is not shown)."""
    done = subprocess.run([sys.executable, str(ROOT / "train.py"), "--data-dir", str(folder),
                           "--plots-dir", str(Path(folder) / "plots"), *map(str, options)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise DataError(f"training the default model in {folder} failed (exit code "
                        f"{done.returncode}): {done.stderr.strip()[-300:]}")
    return next(line for line in done.stdout.splitlines() if "Test Set Accuracy" in line)


def modelFolder(dataDir, temporary):
    """The folder of the weights to read with: dataDir, or when None the default model trained in
    the folder temporary first; says which."""
    if dataDir is None:
        dataDir = Path(temporary)
        print(f"Trained the default model (seed 0) in a temporary folder: {trainDefault(dataDir)}")
    else:
        print(f"Reading with {dataDir / 'TrainedW1.in'} and TrainedW2.in")
    return dataDir


def digitsRead(nn, rows):
    """The digit 0..9 the network reads in each row."""
    return np.array([classToDigit(c) for c in nn.predictClasses(rows)])


# ----- what it reads -----

def folderRow(nn, folder):
    """(name, correct, total, note) for the labelled pictures in folder. A picture that cannot be
    read at all counts as misread and is named in the note."""
    labelled = [p for p in picture.picturesIn(folder)[0] if picture.labelOf(p) is not None]
    rows, digits, unreadable = [], [], []
    for path in labelled:
        try:
            rows.append(picture.imageToRow(path))
            digits.append(picture.labelOf(path))
        except DataError:
            unreadable.append(path.name)
    correct = int(np.sum(digitsRead(nn, np.array(rows)) == digits)) if rows else 0
    note = f"could not read {', '.join(unreadable)}" if unreadable else ""
    return f"{Path(folder).name}/", correct, len(labelled), note


def drawnAsPicture(image):
    """An MNIST image (28×28, 0..255) as a picture of brightness 0..1: blown up ZOOM× (bilinear),
    dark ink on white paper with a MARGIN, rounded to 8 bits as a PNG would hold it."""
    ink = np.clip(scipy.ndimage.zoom(image / 255, ZOOM, order=1), 0, 1)
    paper = np.pad(1 - ink, MARGIN, constant_values=1.0)
    return np.round(paper * 255) / 255


def mnistRows(nn, mnistDir, limit):
    """Rows for MNIST's test digits drawn as pictures, and as MNIST made them (for reference)."""
    images, digits = importers.readMnist(Path(mnistDir) / "t10k-images-idx3-ubyte.gz",
                                       Path(mnistDir) / "t10k-labels-idx1-ubyte.gz", limit)
    asPictures = np.array([picture.arrayToRow(drawnAsPicture(image)) for image in images])
    n = len(digits)
    return [(f"MNIST test, as pictures (×{ZOOM}, on paper)", int(np.sum(digitsRead(nn, asPictures) == digits)), n, ""),
            ("MNIST test, as MNIST made them (no picture)",
             int(np.sum(digitsRead(nn, picture.mnistToRows(images)) == digits)), n, "reference")]


def accuracyRows(dataDir, picturesDir, mnistDir, mnistLimit=None):
    """The table's rows (name, correct, total, note) for the weights in dataDir: every folder of
    labelled pictures in picturesDir, then MNIST's test digits.

    The before/after of teaching the network your own digits (issue 8: train with mine/ in
    data/mine, then read minetest/) is made by calling this for each of the two weight folders.
    """
    nn = Neural_Network.fromWeights(*datafiles.loadTrainedWeights(dataDir))
    folders = sorted(p for p in Path(picturesDir).iterdir() if p.is_dir())
    return [folderRow(nn, folder) for folder in folders] + mnistRows(nn, mnistDir, mnistLimit)


def table(rows):
    """The rows as aligned lines: name, read correctly of total, share."""
    width = max(len(row[0]) for row in rows)
    lines = [f"{'pictures':<{width}}  {'read correctly':>14}  {'share':>7}"]
    for name, correct, total, note in rows:
        share = f"{100 * correct / total:6.1f} %" if total else "      –"
        lines.append(f"{name:<{width}}  {f'{correct} of {total}':>14}  {share}" + (f"  ({note})" if note else ""))
    return lines


# ----- teaching it one writer's habit -----

def teachingLines(folder, picturesDir):
    """After teaching: the default model trained with mine/ as your own digits (python train.py
    --mine PICTURES/mine), its held-out accuracy line and how it reads minetest/ (100 other digits
    in the same style), to set beside the minetest/ row of the model without them above."""
    heldOut = trainDefault(folder, "--mine", str(Path(picturesDir) / "mine"))
    name, correct, total, _ = folderRow(Neural_Network.fromWeights(*datafiles.loadTrainedWeights(folder)), Path(picturesDir) / "minetest")
    return ["", f"Taught with {Path(picturesDir) / 'mine'} (python train.py --mine …): {heldOut}",
            f"  {name} read correctly: {correct} of {total} ({100 * correct / total:.1f} %)"]


# ----- where picture.MNIST_STROKE comes from -----

def strokeLines(dataDir):
    """MNIST's stroke width (picture.strokeWidth, as a share of the digit's longer side) over the
    default set's training digits (not its held-out ones): each course row's 20 px digit cropped
    and scaled to picture.STROKE_BOX, as picture.py measures a picture's."""
    X, _ = digitdata.loadData(dataDir)
    train, _ = training.splitHeldOut(len(X), DEFAULTS.testFraction, DEFAULTS.seed)   # train.py's split
    box = picture.STROKE_BOX
    widths = np.array([picture.strokeWidth(picture.scaleLongerSide(picture.cropToInk(row.reshape(20, 20).T), box))
                       for row in X[train]]) / box
    quartiles = np.percentile(widths, [25, 50, 75])
    return [f"MNIST's stroke width on {len(train)} training digits of {dataDir}: median {quartiles[1]:.3f} "
            f"of the longer side ({quartiles[1] * box:.1f} px in {box}), quartiles {quartiles[0]:.3f} and "
            f"{quartiles[2]:.3f}; picture.MNIST_STROKE = {picture.MNIST_STROKE}"]


def run(args):
    """Train (or load) the default model, then print the table."""
    with tempfile.TemporaryDirectory() as temporary:
        dataDir = modelFolder(args.data_dir, temporary)
        print("\n".join(table(accuracyRows(dataDir, args.pictures, args.mnist, args.mnist_limit))))
        if not args.skip_teaching:
            print("\n".join(teachingLines(Path(temporary) / "taught", args.pictures)))
        if args.stroke:
            print("\n".join(strokeLines(dataDir)))
    return 0


def main(argv=None):
    """Run the picture part; returns the exit code: 0 done, 1 bad data, 2 bad arguments."""
    args = parseArguments(argv)
    return cli.exitCode("pictures.py", lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
