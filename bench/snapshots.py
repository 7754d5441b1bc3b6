"""snapshots.py — what watching the network learn costs: Learning.gif's snapshots and drawing.

Usage:
    python bench/snapshots.py               # 3 rounds of 2 trainings of 400 iterations (≈ 1 min idle)
    python bench/snapshots.py --quick       # seconds: 1 round of 10 iterations
    python bench/snapshots.py --rounds 5 --maxiter 200

On the rows `python train.py` trains on by default (the 4,000 training digits of its seeded
split and their shifted copies, 20,000 rows, float32, λ = 3, from its random start), each round
trains twice, side by side in turn: once with a callback that does nothing, once with
animation.Snapshots as the callback, as train.py runs it. Prints per round and as the median:
  - the time spent inside the snapshot callback, as a share of that training's time (the
    precise figure: it is measured around the copies themselves);
  - the training time with snapshots / without (the honest one: it includes anything the
    snapshots slow down elsewhere, but on a shared machine it varies by a few % either way);
  - the time animation.saveAnimation takes to draw Learning.gif from the snapshots after training,
    its number of frames and its size.
Target: the snapshots cost at most 10 % of the training time.
"""
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import bench  # noqa: E402  (bench/, this script's folder: timeRounds, machineLines, rows)
from NN import Neural_Network  # noqa: E402  (the project root must be on sys.path first)
from recognizer import animation, cli, datafiles, digitdata  # noqa: E402
from recognizer.settings import DEFAULTS  # noqa: E402

TARGET = 0.10   # the snapshots' share of the training time, at most


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="seconds-long run: 1 round of 10 iterations")
    parser.add_argument("--rounds", type=cli.positiveInt, default=None,
                        help="rounds of the two trainings (default: 3, quick 1)")
    parser.add_argument("--maxiter", type=cli.positiveInt, default=None,
                        help="L-BFGS-B iterations of each training (default: 400 as train.py, "
                             "quick 10)")
    parser.add_argument("--data-dir", type=cli.folder, default=datafiles.DATA_DIR,
                        help="folder with X.in and y.in, built there when absent "
                             "(default: data/ of the project)")
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (1 if args.quick else 3)
    args.maxiter = args.maxiter or (10 if args.quick else 400)
    return args


class TimedSnapshots(animation.Snapshots):
    """animation.Snapshots that also adds up the time spent in its callback."""

    def __init__(self, nn):
        self.seconds = 0.0
        super().__init__(nn)

    def __call__(self, iteration, J):
        start = time.perf_counter()
        super().__call__(iteration, J)
        self.seconds += time.perf_counter() - start


def startNetwork(maxiter):
    """train.py's default network at its seeded random start (400-25-10, λ = 3)."""
    nn = Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=maxiter, lambd=DEFAULTS.lambd, seed=0)
    return nn


def trainWithout(Xtrain, ytrain, maxiter):
    """A training whose callback does nothing (train.py's progress line costs about as little)."""
    nn = startNetwork(maxiter)
    nn.train(Xtrain, ytrain, callback=lambda iteration, J: None)
    return nn, None


def trainWith(Xtrain, ytrain, maxiter):
    """A training with animation.Snapshots as its callback, as train.py runs it."""
    nn = startNetwork(maxiter)
    snapshots = TimedSnapshots(nn)
    nn.train(Xtrain, ytrain, callback=snapshots)
    return nn, snapshots


def main(argv=None):
    """Run the rounds, print them, the medians and the target; return 0."""
    args = parseArguments(argv)
    print("\n".join(bench.machineLines()))
    X, y = digitdata.loadData(args.data_dir)
    Xtrain, ytrain, Xtest, ytest = bench.trainingRows(X, y, seed=0)
    Xtrain = Xtrain.astype(np.float32)
    print(f"Data: {len(Xtrain)} training rows (float32, as train.py), {len(Xtest)} held out; "
          f"{args.rounds} rounds of 2 trainings of at most {args.maxiter} iterations\n")
    results = bench.timeRounds({"without": lambda: trainWithout(Xtrain, ytrain, args.maxiter),
                                "with": lambda: trainWith(Xtrain, ytrain, args.maxiter)},
                               args.rounds)
    (plain, _), (watched, runs) = results["without"], results["with"]
    shares = [snapshots.seconds / seconds for seconds, (_, snapshots) in zip(watched, runs)]
    ratios = bench.perRound(watched, plain)
    print(f"{'round':>5}  {'without':>9}  {'with':>9}  {'with/without':>12}  {'in snapshots':>12}  "
          f"{'share':>7}  {'copies':>6}")
    for i, (a, b, (_, snapshots)) in enumerate(zip(plain, watched, runs), 1):
        print(f"{i:>5}  {a:>8.2f}s  {b:>8.2f}s  {b / a:>11.3f}×  "
              f"{snapshots.seconds * 1e3:>9.3f} ms  {snapshots.seconds / b:>7.4%}  "
              f"{len(snapshots.taken):>6}")
    share = statistics.median(shares)
    print(f"\nMedian: snapshots take {share:.4%} of the training time (rounds "
          f"{min(shares):.4%}–{max(shares):.4%}); training with them / without: "
          f"{statistics.median(ratios):.3f}× (rounds {min(ratios):.3f}–{max(ratios):.3f})")
    drawing(runs[-1][1], Xtest, ytest)
    met = "met" if share <= TARGET else "NOT met"
    print(f"Target: [{met}] the snapshots' share of the training time: {share:.4%} "
          f"(target ≤ {TARGET:.0%})")
    print(f"Load average at the end: {bench.loadAverage()}")
    return 0


def drawing(snapshots, Xtest, ytest):
    """Draw Learning.gif from a training's snapshots (in a temporary folder) and print the time
    it took, its frames and its size."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        path = animation.saveAnimation(snapshots, Xtest, ytest, folder)
        seconds = time.perf_counter() - start
        from PIL import Image

        with Image.open(path) as gif:
            frames = gif.n_frames
        size = path.stat().st_size
    print(f"Drawing Learning.gif after training (animation.saveAnimation): {seconds:.2f} s for "
          f"{frames} frames ({seconds / frames * 1e3:.0f} ms a frame), {size / 1e6:.2f} MB")


if __name__ == "__main__":
    sys.exit(main())
