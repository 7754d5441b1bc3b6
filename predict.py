"""predict.py — ask the trained network which digit an example or your own picture shows.

Usage:
    python predict.py                        # example 3402 of data/X.in, as in the tutorial
    python predict.py 42                     # example 42 (rows count from 0)
    python predict.py --image my_digit.png   # your own picture of one digit (PNG or JPEG)
    python predict.py --image a.png b.jpg    # several pictures: one answer each, in order

Needs data/TrainedW1.in and data/TrainedW2.in, which `python train.py` writes. Prints the
class and the digit it means (class 10 is digit 0), the most probable digits, the true label
when the example comes from the data set, and the digit drawn in text; saves a picture of the
digit beside the network's outputs in plots/.
"""
import sys
from pathlib import Path

import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

import dataset
import display
import picture
from conventions import DataError, classAndDigit, classesOf, classToDigit
from NN import Neural_Network

TUTORIAL_EXAMPLE = 3402


def wholeNumber(text):
    """argparse type: an example index (its range is checked against the data set later)."""
    return cli.number(text, "a whole number", int)


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("index", nargs="?", type=wholeNumber, default=None,
                        help=f"row of data/X.in to classify, from 0 (default: {TUTORIAL_EXAMPLE})")
    parser.add_argument("--image", nargs="+", metavar="FILE", default=[],
                        help="classify your own picture(s) of a digit instead of a data-set row")
    parser.add_argument("--data-dir", type=cli.folder, default=dataset.DATA_DIR,
                        help="folder with TrainedW1.in, TrainedW2.in, X.in and y.in "
                             "(default: data/ next to this script)")
    parser.add_argument("--plots-dir", type=cli.folder, default=display.PLOTS_DIR,
                        help="folder for the prediction pictures (default: plots/ next to this script)")
    args = parser.parse_args(argv)
    if args.image and args.index is not None:
        parser.error("give either an example index or --image, not both")
    return args


def trainedNetwork(dataDir):
    """The network with the weights train.py saved."""
    W1, W2 = dataset.loadTrainedWeights(dataDir)
    nn = Neural_Network()
    nn.configureNN(W1.shape[1] - 1, len(W1), len(W2), W1, W2)
    return nn


def answer(nn, x, title, plotsDir, trueClass=None):
    """Print the tutorial's answer for one 400-pixel row, the top outputs, and save the picture."""
    print(f"\n{title}")
    print(display.textDigit(x, width=40))  # two characters a pixel look square in a terminal
    if trueClass is not None:
        print(f"True label: {classAndDigit(trueClass)}")
    cls = nn.predictClass(x)
    h = nn.forward(x)
    top = np.argsort(h)[::-1][:3] + 1
    print("Top probabilities: " + ", ".join(f"digit {classToDigit(k)} {h[k - 1]:.3f}" for k in top)
          + " (each output is its own sigmoid; they need not sum to 1)")
    print(f"Saved {display.plotPrediction(x, h, title, plotsDir, trueClass=trueClass)}")
    return cls


def predictExample(nn, index, args):
    """Classify row `index` of the data set and show its true label."""
    X, y = dataset.loadData(args.data_dir)
    if not 0 <= index < len(X):
        raise cli.UsageError(f"example {index} is out of range: {Path(args.data_dir) / 'X.in'} "
                             f"has {len(X)} examples, give an index from 0 to {len(X) - 1}")
    answer(nn, X[index], f"Example {index}", args.plots_dir, trueClass=int(classesOf(y[index])))


def predictImages(nn, paths, args):
    """Classify each picture in order; a picture that can't be used is reported and skipped."""
    failures = 0
    for path in paths:
        try:
            row = picture.imageToRow(path)
        except DataError as error:
            print(f"error: {error}", file=sys.stderr)
            failures += 1
            continue
        name = Path(path).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        answer(nn, row, f"Image {name}", args.plots_dir)   # a name that is not UTF-8 shows �
    return 1 if failures else 0


def run(args):
    """Answer for each image, or for one example of the data set; returns the exit code."""
    nn = trainedNetwork(args.data_dir)
    if args.image:
        return predictImages(nn, args.image, args)
    predictExample(nn, TUTORIAL_EXAMPLE if args.index is None else args.index, args)
    return 0


def main(argv=None):
    """Run predict.py; returns the exit code: 0 done, 1 bad data, 2 bad arguments."""
    args = parseArguments(argv)
    return cli.exitCode("predict.py", lambda: run(args), (DataError,))


if __name__ == "__main__":
    cli.setUpStreams()
    sys.exit(main())
