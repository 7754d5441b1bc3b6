"""predict.py — ask the trained network which digit an example or your own picture shows.

Usage:
    python predict.py                        # example 3402 of data/X.in, as in the tutorial
    python predict.py 42                     # example 42 (rows count from 0)
    python predict.py --image my_digit.png   # your own picture of one digit (PNG or JPEG)
    python predict.py --image a.png b.jpg    # several pictures: one answer each, in order
    python predict.py --image my_digits/     # every picture in a folder, one line each

Needs data/TrainedW1.in and data/TrainedW2.in, which `python train.py` writes. For an example
or a picture file it prints the class and the digit it means (class 10 is digit 0), the most
probable digits, the true label when the example comes from the data set, and the digit drawn
in text; it saves a picture of the digit beside the network's outputs in plots/, and
plots/Why_<name>.png: which pixels and hidden units made the answer (README, "How it decides").
An answer whose top output is low is marked "unsure" on its line (recognizer/unsure.py says when).

A folder's pictures are read in name order, one line each (other files are skipped with a
note). A picture's name gives its digit when it starts with the digit and "_" (7_anything.png)
or ends with "_" and the digit (0042_7.png); when names do, the answers are followed by
"Read 93 of 100 labelled pictures correctly (93.0 %)" and plots/Misread.png shows the misread
ones as the network saw them. Exit status: 0 answered (even if some were misread), 1 when a
picture or file could not be read (the others are still answered), 2 bad arguments.
"""
import sys
from pathlib import Path

from recognizer import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

import numpy as np

from NN import Neural_Network
from recognizer import figures, picture, unsure, why
from recognizer.conventions import classAndDigit, classesOf, classToDigit
from recognizer.datafiles import DATA_DIR, loadTrainedWeights
from recognizer.digitdata import loadData
from recognizer.errors import DataError
from recognizer.plotting import PLOTS_DIR, textDigit

TUTORIAL_EXAMPLE = 3402


def run(args):
    """Answer for each image, or for one example of the data set; returns the exit code."""
    # Configuring the network with the trained weights: TrainedW1.in and TrainedW2.in
    nn = Neural_Network.fromWeights(*loadTrainedWeights(args.data_dir))
    if args.image:
        return predictImages(nn, args.image, args)
    predictExample(nn, TUTORIAL_EXAMPLE if args.index is None else args.index, args)
    return 0


def answer(nn, x, title, plotsDir, trueClass=None):
    """Print the tutorial's answer for one 400-pixel row (marked unsure when unsure.py says so),
    the top outputs and why; save the picture and the Why picture."""
    print(f"\n{title}")
    print(textDigit(x, width=40))  # two characters a pixel look square in a terminal
    if trueClass is not None:
        print(f"True label: {classAndDigit(trueClass)}")
    h = nn.forward(x)                               # the 10 outputs, for the bars and "unsure"
    cls = nn.predictClass(x, unsure.note(h))        # the tutorial's call: the class and its digit
    top = np.argsort(h)[::-1][:3] + 1
    print("Top probabilities: " + ", ".join(f"digit {classToDigit(k)} {h[k - 1]:.3f}" for k in top)
          + " (each output is its own sigmoid; they need not sum to 1)")
    print(f"Saved {figures.plotPrediction(x, h, title, plotsDir, trueClass=trueClass)}")
    explanation, runnerUp = (nn.explain(x, k - 1) for k in top[:2])   # the answer, the runner-up
    whyPicture = why.plotWhy(x, h, explanation, runnerUp, nn.W1, title, plotsDir, trueClass,
                             unsure.reason(h))
    print(f"Why: {why.whyText(explanation, whyPicture)}")
    return cls


def predictExample(nn, index, args):
    """Classify row `index` of the data set and show its true label."""
    X, y = loadData(args.data_dir)
    if not 0 <= index < len(X):
        raise cli.UsageError(f"example {index} is out of range: {Path(args.data_dir) / 'X.in'} "
                             f"has {len(X)} examples, give an index from 0 to {len(X) - 1}")
    answer(nn, X[index], f"Example {index}", args.plots_dir, trueClass=int(classesOf(y[index])))


def predictImages(nn, paths, args):
    """Answer each picture in order: a picture file in full, a folder's pictures one line each.
    A picture that can't be read is reported on one line and skipped. When file names give
    labels, the labelled summary and Misread.png follow. Returns the exit code."""
    failures, labelled = 0, []      # labelled: (path, row, true digit, digit read)
    for path, brief, problem in picturesToAnswer(paths):
        try:
            if problem:
                raise DataError(problem)
            row = picture.imageToRow(path)
        except DataError as error:
            print(f"error: {error}", file=sys.stderr)
            failures += 1
            continue
        digit = answerBriefly(nn, row, path) if brief else \
            classToDigit(answer(nn, row, f"Image {shownName(path)}", args.plots_dir))
        label = picture.labelOf(path)
        if label is not None:
            labelled.append((path, row, label, digit))
    if labelled:
        reportLabelled(labelled, args.plots_dir)
    return 1 if failures else 0


def picturesToAnswer(paths):
    """(path, brief, problem) for each picture to answer, in order: a file as given (brief
    False), a folder's pictures by name (brief True). The folder's other files are named and
    skipped; a folder without pictures comes with the problem to report."""
    for path in map(Path, paths):
        if not path.is_dir():
            yield path, False, None
            continue
        pictures, others = picture.picturesIn(path)
        for other in others:
            print(f"Skipped {other}: not a picture ({', '.join(sorted(picture.SUFFIXES))})")
        if not pictures:
            yield path, True, f"{path} holds no pictures; {picture.IMAGE_FIX}"
        yield from ((p, True, None) for p in pictures)


def shownName(path):
    """A picture's file name as it can be printed: bytes that are not UTF-8 show as �."""
    return Path(path).name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def answerBriefly(nn, row, path):
    """One line for a picture of a folder: its name, the digit read and its output; the true
    digit too when the name gives one and it differs. Returns the digit read."""
    h = nn.forward(row)
    digit, label = int(classToDigit(classesOf(h))), picture.labelOf(path)
    verdict = f"   misread: the name says {label}" if label not in (None, digit) else ""
    print(f"{shownName(path)}: digit {digit} ({h.max():.2f}){unsure.note(h)}{verdict}")
    return digit


def reportLabelled(labelled, plotsDir):
    """'Read 93 of 100 labelled pictures correctly (93.0 %)' and the gallery of the misread ones."""
    paths, rows, trueDigits, readDigits = zip(*labelled)
    right = sum(t == r for t, r in zip(trueDigits, readDigits))
    print(f"\nRead {right} of {len(labelled)} labelled pictures correctly "
          f"({100 * right / len(labelled):.1f} %)")
    gallery = figures.plotMisread(np.array(rows), [shownName(p) for p in paths], trueDigits, readDigits,
                                  plotsDir)
    print(f"Saved {gallery}")


# ----- the command line -----

def wholeNumber(text):
    """argparse type: an example index (its range is checked against the data set later)."""
    return cli.number(text, "a whole number", int)


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("index", nargs="?", type=wholeNumber, default=None,
                        help=f"row of data/X.in to classify, from 0 (default: {TUTORIAL_EXAMPLE})")
    parser.add_argument("--image", nargs="+", metavar="FILE", default=[],
                        help="classify your own picture(s) of a digit, or every picture in a "
                             "folder, instead of a data-set row")
    parser.add_argument("--data-dir", type=cli.folder, default=DATA_DIR,
                        help="folder with TrainedW1.in, TrainedW2.in, X.in and y.in "
                             "(default: data/ next to this script)")
    parser.add_argument("--plots-dir", type=cli.folder, default=PLOTS_DIR,
                        help="folder for the prediction pictures (default: plots/ next to this script)")
    args = parser.parse_args(argv)
    if args.image and args.index is not None:
        parser.error("give either an example index or --image, not both")
    return args


def main(argv=None):
    """Run predict.py; returns the exit code: 0 done, 1 bad data, 2 bad arguments."""
    args = parseArguments(argv)
    return cli.exitCode("predict.py", lambda: run(args))


if __name__ == "__main__":
    cli.setUpStreams()
    cli.endQuickly()
    sys.exit(main())
