"""learning.py — watch it learn: the training as an animation, plots/Learning.gif.

While L-BFGS-B trains, the optimizer's callback keeps a copy of the weights at a few iterations,
spaced so that the fast early changes get frames of their own (0, 1, 2, 3, 4, 5, 7, 9, 12, …,
400). After training each copy becomes one frame: the hidden units' pictures at that moment, the
cost curve so far, and 20 held-out digits with the answers the network gave then. Copying the
weights (about 10,000 numbers) takes well under a millisecond where an iteration takes tens of
milliseconds, so watching costs the training nothing you could notice (0.02 % of it:
bench/snapshots.py measures it); `python train.py --no-animation` takes no copies and draws
nothing.

The digits shown and the accuracy written on each frame are held-out ones: never trained on.
"""
import numpy as np

import display
from conventions import classToDigit, classesOf
from NN import Neural_Network

FRAMES = 24           # at most this many frames: iteration 0 and up to 23 others
SHOWN_PER_DIGIT = 2   # held-out digits shown of each digit 0–9: 20 in all


def snapshotIterations(maxiter, frames=FRAMES):
    """The iterations to keep: 0 (the random start), then up to frames − 1 iterations spaced evenly
    on a log scale from 1 to maxiter, each once: 0, 1, 2, 3, 4, 5, 7, 9, 12, 15, 20, …, 305, 400.
    Each step is a fixed share of the iterations so far: the first iterations, where the cost
    falls fastest and the hidden units change most, get frames of their own."""
    logSpaced = np.geomspace(1, maxiter, frames - 1)
    return [0, *sorted({int(round(i)) for i in logSpaced})]


class Snapshots:
    """A train() callback keeping a copy of the network's weights at the chosen iterations.

    Made just before training, it keeps the start (iteration 0) at once; NN.train calls it after
    each iteration, when nn.W1 and nn.W2 hold that iteration's weights. Only copies are kept here:
    the drawing waits until training is done.
    """

    def __init__(self, nn, iterations=None):
        self.nn = nn
        self.iterations = set(snapshotIterations(nn.maxiter) if iterations is None else iterations)
        self.taken = {}       # iteration → (W1, W2), copies
        self.take(0)

    def take(self, iteration):
        """Keep a copy of the weights as they are now, as those of `iteration`."""
        self.taken[iteration] = (self.nn.W1.copy(), self.nn.W2.copy())

    def __call__(self, iteration, J):
        if iteration in self.iterations:
            self.take(iteration)

    def finish(self):
        """After training: keep the final weights too, when training stopped between two chosen
        iterations (L-BFGS-B converged before maxiter). Returns the iterations kept, in order."""
        last = len(self.nn.costs)
        if last not in self.taken:
            self.take(last)
        return sorted(self.taken)


def shownDigits(yTest, perDigit=SHOWN_PER_DIGIT):
    """Positions in the held-out set of the digits the animation shows: the first perDigit of
    each digit, in lines of 0–9 (a line is shorter when the held-out set lacks a digit)."""
    digits = classToDigit(classesOf(yTest))
    return np.array([i for k in range(perDigit) for d in range(10)
                     for i in np.flatnonzero(digits == d)[k:k + 1]], dtype=int)


def frames(snapshots, XTest, yTest, shown):
    """One frame per snapshot, in order: (iteration, W1, held-out accuracy in %, the classes the
    network answered for the shown held-out digits) at that snapshot's weights."""
    result = []
    for iteration in snapshots.finish():
        W1, W2 = snapshots.taken[iteration]
        nn = Neural_Network.fromWeights(W1, W2)
        result.append((iteration, W1, nn.percentCorrect(XTest, yTest),
                       nn.predictClasses(XTest[shown])))
    return result


def saveAnimation(snapshots, XTest, yTest, plotsDir=display.PLOTS_DIR):
    """plots/Learning.gif drawn from the snapshots taken during training, the cost curve being the
    network's own (nn.costs) and the digits and accuracy those of the held-out set; returns its path."""
    shown = shownDigits(yTest)
    return display.animateLearning(frames(snapshots, XTest, yTest, shown), snapshots.nn.costs,
                                   XTest[shown], classesOf(yTest[shown]), len(XTest), plotsDir)
