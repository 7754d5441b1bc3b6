"""Teach the network again from the drawing window: its `t` key retrains in a background thread
while you go on drawing, then swaps the new weights in.

It trains as train.py trains, with train.py's settings (settings.Settings) but two: it starts
from the weights the window answers with, and stops after settings.WINDOW_ITERATIONS, a few
seconds. The rows are training.trainingSet's, and the tutorial's NN.train and NN.saveWeights run
inside safeguards.guarded, as in train.py.
"""
import dataclasses
import queue
import threading
import time
from typing import NamedTuple

import numpy as np

from NN import Neural_Network
from recognizer import digitdata, owndigits, safeguards, training
from recognizer.conventions import classesOf
from recognizer.errors import DataError, SettingError
from recognizer.settings import DEFAULTS, WINDOW_ITERATIONS

WINDOW_SETTINGS = dataclasses.replace(DEFAULTS, maxiter=WINDOW_ITERATIONS)   # how t retrains


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

    def __init__(self, W1, W2, dataDir, mineDir, settings=WINDOW_SETTINGS):
        self.W1, self.W2, self.dataDir, self.mineDir = W1, W2, dataDir, mineDir
        self.settings = settings
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
        the thread, still reading and building the rows (seconds of drawing non-digits when
        data/nondigits/ does not hold them yet), stops before it trains and writes nothing, so the window closes at once."""
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
        except SettingError as error:   # a setting of WINDOW_SETTINGS that cannot work here
            self.messages.put(("failed", f"retraining failed: {error.forOption(error.setting)}"))
        except (DataError, ValueError) as error:
            self.messages.put(("failed", f"retraining failed: {error}"))
        except OSError as error:
            self.messages.put(("failed", f"retraining failed: {error.strerror or error}: "
                                         f"{error.filename or self.dataDir}; nothing saved"))
        except Exception as error:   # noqa: BLE001  anything else (a bug): the
            # window must still hear that it ended, or it would wait for it forever
            self.messages.put(("failed", f"retraining failed: {type(error).__name__}: {error}"))

    def retrain(self):
        """The data as train.py reads it, the rows as it builds them, the tutorial's train and
        saveWeights guarded as it guards them (from these weights, for settings.maxiter
        iterations); the counts before and after."""
        started, settings = time.perf_counter(), self.settings
        X, y = digitdata.loadData(self.dataDir)
        train, test = training.splitHeldOut(len(X), settings.testFraction, settings.seed)
        mine = owndigits.ownDigits(self.mineDir, self.dataDir)
        if mine is None:
            raise DataError(f"no labelled pictures in {self.mineDir} to teach: draw a digit and "
                            f"press its key first")
        Xtrain, ytrain = training.trainingSet(X, y, train, settings, mine, dataDir=self.dataDir)
        self.training.set()                 # before the check: cancel() then waits, or we stop here
        safeguards.stopIfAsked(self.stop)
        old = Neural_Network.fromWeights(self.W1, self.W2)
        NN = Neural_Network.fromWeights(self.W1, self.W2, maxiter=settings.maxiter, lambd=settings.lambd)
        trainingStarted = time.perf_counter()
        with safeguards.guarded(NN, Xtrain, ytrain, self.dataDir, self.progress, self.stop) as progress:
            NN.train(Xtrain, ytrain, callback=progress)
        paths = NN.saveWeights(self.dataDir)
        print(f"Saved {paths[0]} and {paths[1]}")
        now = time.perf_counter()
        return Retrained(NN, now - started, now - trainingStarted, len(NN.costs), len(mine[0]),
                         readRight(old, *mine), readRight(NN, *mine), len(test),
                         old.percentCorrect(X[test], y[test]), NN.percentCorrect(X[test], y[test]))

    def progress(self, iteration, J):
        self.messages.put(("progress", iteration, J))


def readRight(nn, X, y):
    """How many rows of X the network reads as their one-hot y says."""
    return int(np.sum(nn.predictClasses(X) == classesOf(y)))
