"""draw.py — draw a digit with the mouse and watch the network read it, live.

Usage:
    python draw.py                     # a window: draw on the left, the network's answer beside
    python draw.py --mine my_digits/   # keep your own digits in another folder than data/mine/

In the window:
    drag (left button)   draw; the bars follow the strokes, the answer is printed when you let go
    c or right-click     clear
    u or z               undo the last stroke
    0 ... 9              save it as one of your own digits (data/mine/7_012.png), then clear
    t                    teach it: retrain on the training digits and your own digits, in the
                         background (a few seconds; drawing goes on with the old weights), then
                         answer with the new weights, saved as train.py saves them
    s                    save the drawing as a picture in plots/
    q                    close the window (a retraining under way is stopped: nothing saved)

The drawing is read exactly as `python predict.py --image` reads a picture, so a drawing saved
with `s` gets the same answer there. When it misreads your digit, press the digit's key to save
it, and `t` to teach it: the retraining (recognizer/retraining.py) is train.py's own, from the weights the
window answers with, and it prints how many of your digits were read correctly before and after,
and the held-out accuracy before and after. `python train.py` adds data/mine/ too.
Needs data/TrainedW1.in and data/TrainedW2.in (`python train.py`) and a screen; where no window
can be opened (over SSH, no DISPLAY), draw on paper and use `python predict.py --image FILE`.
"""
import sys
from pathlib import Path

from NN import Neural_Network
from recognizer import cli, drawwindow   # drawwindow first: it sets matplotlib up before pyplot loads
from recognizer.datafiles import DATA_DIR, loadTrainedWeights
from recognizer.plotting import PLOTS_DIR

import matplotlib.pyplot as plt  # noqa: E402


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--data-dir", type=cli.folder, default=DATA_DIR,
                        help="folder with TrainedW1.in and TrainedW2.in, and X.in and y.in "
                             "for t's retraining, which saves its weights there "
                             "(default: data/ next to this script)")
    parser.add_argument("--plots-dir", type=cli.folder, default=PLOTS_DIR,
                        help="folder for drawings saved with s "
                             "(default: plots/ next to this script)")
    parser.add_argument("--mine", type=cli.folder, default=None, metavar="FOLDER",
                        help="folder for your own digits saved with 0-9 (default: mine/ in the "
                             "data folder)")
    return parser.parse_args(argv)


def run(args):
    """Load the trained network, open the window and draw until it is closed."""
    NN = Neural_Network.fromWeights(*loadTrainedWeights(args.data_dir))   # python train.py's
    fig = drawwindow.openWindow()
    if fig is None:
        print(f"draw.py: error: {drawwindow.NO_WINDOW}", file=sys.stderr)
        return 1
    mine = args.mine or Path(args.data_dir) / "mine"
    # held in a variable until the window closes: the canvas holds the handlers only weakly
    board = drawwindow.DrawWindow(fig, NN, args.plots_dir, mine, args.data_dir)
    plt.show()
    board.stopTeaching()       # closed by the toolkit without a close event: stop all the same
    return 0


def main(argv=None):
    """Run draw.py; returns the exit code: 0 done, 1 no weights or no window, 2 bad arguments."""
    args = parseArguments(argv)
    return cli.exitCode("draw.py", lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
