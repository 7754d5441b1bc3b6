"""retrain.py — teach the network again: the rows it learns from, and the drawing window's `t`,
which retrains in the background while you go on drawing.

train.py and the window train the same way, through the same two calls:
  trainingSet               the rows: the training digits, your own digits mixed in by owndigits'
                            rule, the non-digit pictures, and shifted copies of them all;
  safeguards.trainAndSave   L-BFGS-B on those rows, the check that the cost went down, and the
                            atomic save of TrainedW1.in + TrainedW2.in (nothing saved otherwise).
train.py starts from a random start and runs 400 iterations; the window starts from the weights it
answers with and stops after RETRAIN_ITERATIONS, a few seconds (Retraining, below).
"""
import functools
import queue
import threading
import time
from typing import NamedTuple

import numpy as np

import dataset
import nondigits
import owndigits
import safeguards
from conventions import DataError, classesOf
from NN import Neural_Network

# λ = 3 had the best mean validation accuracy over the curves of seeds 0–4 (0.1, 0.3, 1, 3, 10),
# and was the best λ for 4 of the 5 seeds; the course's λ = 1 came third (see README)
DEFAULT_LAMBDA = 3.0
# the window's retraining: iterations from the weights it answers with (README, "Teach it your
# handwriting": about 30 ms each on the 30,000 rows of 100 own digits, on a 2-core machine)
RETRAIN_ITERATIONS = 100


class Lesson(NamedTuple):
    """How the window retrains: train.py's defaults (a test checks they are its parser's),
    except that it starts from trained weights and runs `maxiter` iterations."""
    testFraction: float = 0.2                        # the held-out digits: the same as train.py's
    seed: int = 0
    shift: bool = True
    mineShare: float = owndigits.MINE_SHARE
    copies: str = owndigits.MINE_COPIES
    nonDigits: int = nondigits.TRAINING_COUNT
    lambd: float = DEFAULT_LAMBDA
    maxiter: int = RETRAIN_ITERATIONS
    float64: bool = False


# ----- the rows to train on -----

def trainingSet(X, y, train, shift, mine=None, mineShare=owndigits.MINE_SHARE, float64=False,
                nonDigits=0, copies=owndigits.MINE_COPIES):
    """The rows to train on: the training digits, your own digits (repeated, as `copies` says, to
    make up mineShare of the rows), nonDigits generated pictures that are not digits (target rows
    all 0: "none of these") and, with shift, all of them moved one pixel four ways too; in float32
    (NN.py then runs its two large products in float32, about twice as fast) unless float64."""
    Xtrain, ytrain = X[train], y[train]
    if mine is not None:
        Xtrain, ytrain = owndigits.mixIn(Xtrain, ytrain, mine, mineShare, copies)
    if nonDigits:
        Xnone, ynone = nonDigitRows(nonDigits, nondigits.TRAINING_SEED)
        Xtrain, ytrain = np.vstack((Xtrain, Xnone)), np.vstack((ytrain, ynone))
        print(f"{len(Xnone)} pictures that are not digits (letters, scribbles, shapes, noise), "
              f"each with all 10 targets 0: none of these")
    if shift:
        rows = len(Xtrain)
        Xtrain, ytrain = dataset.shiftedCopies(Xtrain, ytrain)
        print(f"{rows} training rows, each also moved one pixel four ways: {len(Xtrain)} rows")
    else:
        print(f"{len(Xtrain)} training rows")
    return (Xtrain if float64 else Xtrain.astype(np.float32)), ytrain


@functools.cache
def nonDigitRows(n, seed):
    """nondigits.trainingRows, drawn once per process (1,000 take about 7 s): the window's second
    retraining reuses its first one's."""
    return nondigits.trainingRows(n, seed)


# ----- retraining in the background (draw.py's t) -----

class Retrained(NamedTuple):
    """What one retraining did, measured before and after on the same digits."""
    nn: Neural_Network          # the new network, already saved as TrainedW1.in + TrainedW2.in
    seconds: float              # from the key press to the saved weights ...
    trainingSeconds: float      # ... of which L-BFGS-B's iterations (the rest: reading, rows)
    iterations: int
    mineCount: int              # your own digits, trained on
    mineBefore: int             # of them read correctly by the old weights ...
    mineAfter: int              # ... and by the new ones
    heldOutCount: int           # the held-out digits: never trained on
    heldOutBefore: float        # percent read correctly by the old weights ...
    heldOutAfter: float         # ... and by the new ones

    def summary(self):
        """One line saying what each figure was measured on."""
        return (f"Retrained with your {self.mineCount} digits in {self.seconds:.1f} s "
                f"({self.iterations} iterations in {self.trainingSeconds:.1f} s): your digits {self.mineBefore}/{self.mineCount} → "
                f"{self.mineAfter}/{self.mineCount} read correctly (they were trained on); "
                f"held-out digits {self.heldOutBefore:.1f} % → {self.heldOutAfter:.1f} % "
                f"({self.heldOutCount} never trained on)")


class Retraining:
    """One retraining in a background thread, from the weights W1, W2 on the data folder's
    training digits plus your digits in mineDir. The thread never touches the window (matplotlib
    is not thread-safe): it puts messages on a queue that the window reads on its own thread,
      ("progress", iteration, J)   after each iteration
      ("done", Retrained)          the new weights are saved; the window swaps them in
      ("failed", line)             nothing saved: the line says why
      ("cancelled", line)          cancel() was called (the window closed): nothing saved.
    NumPy's matrix products release the GIL, so the window keeps drawing meanwhile."""

    def __init__(self, W1, W2, dataDir, mineDir, lesson=Lesson()):
        self.W1, self.W2, self.dataDir, self.mineDir, self.lesson = W1, W2, dataDir, mineDir, lesson
        self.messages = queue.Queue()
        self.stop = threading.Event()
        self.training = threading.Event()   # set as training begins: from then on it may save
        self.thread = threading.Thread(target=self.run, name="retraining", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def running(self):
        return self.thread.is_alive()

    def cancel(self):
        """Stop at the next iteration and wait for the thread to end; returns how it ended:
        "cancelled" (nothing saved), or "done" / "failed" when it had ended already (a save under
        way is finished first, atomically). Before training began there is nothing to wait for:
        the thread, still reading and building the rows (the first time, seconds of drawing
        non-digits), stops before it trains and writes nothing, so the window closes at once."""
        self.stop.set()
        if not self.training.is_set():
            return "cancelled"
        if self.thread.is_alive():
            self.thread.join()
        news = [self.messages.get() for _ in range(self.messages.qsize())]
        return [kind for kind, *_ in news if kind != "progress"][-1]

    def run(self):
        """The thread: retrain, and say how it ended."""
        try:
            self.messages.put(("done", self.retrain()))
        except safeguards.Cancelled as stopped:
            self.messages.put(("cancelled", str(stopped)))
        except (DataError, ValueError) as error:
            self.messages.put(("failed", f"retraining failed: {error}"))
        except OSError as error:
            self.messages.put(("failed", f"retraining failed: {error.strerror or error}: "
                                         f"{error.filename or self.dataDir}; nothing saved"))
        except Exception as error:   # noqa: BLE001  anything else (cli.UsageError, a bug): the
            # window must still hear that it ended, or it would wait for it forever
            self.messages.put(("failed", f"retraining failed: {type(error).__name__}: {error}"))

    def retrain(self):
        """The data as train.py reads it, the rows as it builds them, trainAndSave as it trains
        (from these weights, for lesson.maxiter iterations); the counts before and after."""
        started, lesson = time.perf_counter(), self.lesson
        X, y = dataset.loadData(self.dataDir)
        train, test = dataset.splitHeldOut(len(X), lesson.testFraction, lesson.seed)
        mine = owndigits.ownDigits(self.mineDir, self.dataDir)
        if mine is None:
            raise DataError(f"no labelled pictures in {self.mineDir} to teach: draw a digit and "
                            f"press its key first")
        Xtrain, ytrain = trainingSet(X, y, train, lesson.shift, mine, lesson.mineShare,
                                     lesson.float64, lesson.nonDigits, lesson.copies)
        self.training.set()                 # before the check: cancel() then waits, or we stop here
        safeguards.stopIfAsked(self.stop)
        old = Neural_Network.fromWeights(self.W1, self.W2)
        nn = Neural_Network.fromWeights(self.W1, self.W2, maxiter=lesson.maxiter, lambd=lesson.lambd)
        training = time.perf_counter()
        safeguards.trainAndSave(nn, Xtrain, ytrain, self.dataDir, watch=self.progress, stop=self.stop)
        now = time.perf_counter()
        return Retrained(nn, now - started, now - training, len(nn.costs), len(mine[0]),
                         readRight(old, *mine), readRight(nn, *mine), len(test),
                         old.percentCorrect(X[test], y[test]), nn.percentCorrect(X[test], y[test]))

    def progress(self, iteration, J):
        self.messages.put(("progress", iteration, J))


def readRight(nn, X, y):
    """How many rows of X the network reads as their one-hot y says."""
    return int(np.sum(nn.predictClasses(X) == classesOf(y)))
