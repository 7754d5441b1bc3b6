"""The guards around the tutorial's NN.train(X, y) and NN.saveWeights(), which keep a training from
wasting a user's time or their weights: room on disk and in memory before it starts, a finite cost
at the start, progress while it runs, and saving only weights that improved (on Ctrl-C too).

train.py and the drawing window's retraining both write the tutorial's two calls themselves,
inside `guarded`:

    with safeguards.guarded(NN, X, y, dataDir) as progress:
        NN.train(X, y, callback=progress)
    NN.saveWeights(dataDir)          # reached only when the cost went down
"""
import os
import time

from contextlib import contextmanager

import numpy as np

from recognizer import atomic
from recognizer.datafiles import START_FIX
from recognizer.errors import DataError, SettingError

BYTES_PER_ACTIVATION = 8 * 6   # float64; z2, a2, δ2 and their temporaries, per row and hidden unit
BYTES_PER_PARAMETER = 8 * 30   # float64; L-BFGS-B keeps 10 pairs of past steps and its work arrays
PROGRESS_EVERY = 5          # seconds: a long run (huge --maxiter) still shows it is alive
WRITE_CHECK = 2_000_000     # bytes that must fit in the data and plots folders before training


def checkFolders(*folders):
    """An OSError naming the folder now, before a long run, when one can't take the files."""
    for folder in folders:
        atomic.checkWritable(folder, WRITE_CHECK)


def checkFits(hidden, rows):
    """A SettingError when training that many hidden units on `rows` examples needs more memory
    than the computer has free."""
    parameters = hidden * 401 + 10 * (hidden + 1)
    needed = rows * hidden * BYTES_PER_ACTIVATION + parameters * BYTES_PER_PARAMETER
    memory = freeMemory()
    if needed > memory:
        raise SettingError("hidden", f"{{option}} {hidden} needs about {needed / 1e9:,.1f} GB to "
                           f"train on {rows} rows, more than the {memory / 1e9:.1f} GB free: give "
                           f"a smaller {{option}} (the course uses 25)")


def freeMemory():
    """Bytes of memory free now (unknown where there is no sysconf, e.g. Windows: no limit)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return float("inf")


class Cancelled(Exception):
    """Training was told to stop (guarded's stop was set): nothing was saved."""


@contextmanager
def guarded(nn, X, y, dataDir, watch=None, stop=None):
    """Guard the training in the block (nn.train(X, y, callback=progress), with the progress
    callback yielded here), so that what follows it, nn.saveWeights, runs only for weights worth
    saving:
      before   J at the starting weights must be finite (else a DataError blames them);
      during   a progress line about 20 times; watch(iteration, J) too when given
               (animation.Snapshots, the window's progress bar); stop, a threading.Event, when
               set (the window closed) makes the next iteration raise Cancelled: nothing saved;
      Ctrl-C   the best weights reached are saved when they improved on the start, then the
               KeyboardInterrupt goes on to cli.exitCode: exit code 130;
      after    the optimizer's message; a DataError when the cost did not go below its start,
               so the previous trained weights are kept.
    """
    start = startingCost(nn, X, y)
    print(f"Training: L-BFGS-B, at most {nn.maxiter} iterations, λ = {nn.lambd}, {X.dtype} examples")
    progress = progressPrinter(nn.maxiter)

    def onIteration(iteration, J):
        progress(iteration, J)
        if watch is not None:
            watch(iteration, J)
        stopIfAsked(stop)     # raised through L-BFGS-B, which then leaves at once

    try:
        with np.errstate(over="ignore", invalid="ignore"):   # a failed run is reported below
            yield onIteration
    except KeyboardInterrupt:  # nn now holds the best weights reached
        saveInterrupted(nn, start, dataDir)
        raise
    print(f"Optimizer: {nn.message} ({len(nn.costs)} iterations)")
    print(f"{len(nn.costs)} iterations, {nn.evaluations} evaluations of the cost and its gradient "
          f"({1000 * nn.evaluationSeconds / max(nn.evaluations, 1):.0f} ms each), and one before "
          f"them to check the start")
    if not improved(nn, start):
        raise DataError(f"training failed: after {len(nn.costs)} iterations the cost did not go below "
                        f"its start ({start:.6g}); nothing saved, the previous trained weights are "
                        f"kept: try a smaller --lambd, or other starting weights")
    stopIfAsked(stop)         # told to stop as training ended: still nothing saved


def stopIfAsked(stop):
    """Raise Cancelled when stop (a threading.Event, or None) has been set."""
    if stop is not None and stop.is_set():
        raise Cancelled("training cancelled: nothing saved, the previous trained weights are kept")


def startingCost(nn, X, y):
    """J at the weights training starts from; a DataError blaming them when it is not finite."""
    with np.errstate(all="ignore"):
        start = float(nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0])
    if not np.isfinite(start):
        raise DataError(f"the cost at the starting weights is not finite (J = {start}): they are "
                        f"far too large; {START_FIX}")
    return start


def improved(nn, start):
    """True when training reached a finite cost below the starting one: weights worth saving."""
    return bool(nn.costs) and np.isfinite(nn.costs[-1]) and nn.costs[-1] < start


def saveInterrupted(nn, start, dataDir):
    """After Ctrl-C: save the best weights reached when they improved on the start, else nothing."""
    if not improved(nn, start):
        print("\nTraining interrupted before it improved on its start: nothing saved, "
              "the previous trained weights are kept")
        return
    paths = nn.saveWeights(dataDir)
    print(f"\nTraining interrupted after {len(nn.costs)} iterations, cost {nn.costs[-1]:.6f}: "
          f"saved the best weights reached to {paths[0]} and {paths[1]}")


def progressPrinter(maxiter):
    """A train() callback printing iteration, cost and elapsed time about 20 times in a run."""
    started, every = time.perf_counter(), max(1, maxiter // 20)
    last = [started]   # when the last line was printed: at least one line every PROGRESS_EVERY s

    def show(iteration, J):
        now = time.perf_counter()
        if iteration == 1 or iteration % every == 0 or iteration == maxiter \
                or now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            print(f"Iteration {iteration:4d} | Cost: {J:.6f} | {now - started:6.1f} s", flush=True)

    return show
