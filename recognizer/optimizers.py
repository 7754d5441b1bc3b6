"""What L-BFGS-B does that gradient descent doesn't, counted: the same network from the same start,
trained with the same budget of cost evaluations by plain gradient descent at three learning
rates, by gradient descent with momentum, by mini-batch stochastic gradient descent (as Nielsen's
book trains) and by L-BFGS-B (NN.train), for `python train.py --compare-optimizers`.

The rows are the training digits themselves (no shifted copies, no non-digits: a quicker problem
with the same network), float32 as train.py trains; the held-out digits only measure each result.
An evaluation is one computation of J and its gradient on all the rows; a mini-batch epoch does
about that much work and counts as one.
"""
import time
from typing import NamedTuple

import numpy as np

from NN import Neural_Network
from recognizer.conventions import CLASSES, PIXELS

BUDGET = 400                  # evaluations each method may spend
RATES = (("too small", 0.3), ("good", 3.0), ("too large", 20.0))   # gradient descent's rates
MOMENTUM = (0.3, 0.9)         # rate, momentum: 90 % of the last step kept
MINI_BATCH = (0.5, 10)        # rate, rows a batch (Nielsen's book: η = 0.5, 10 rows)


class Run(NamedTuple):
    """One method's training: the cost after each evaluation it spent, and when."""
    name: str
    evaluations: list         # evaluations spent when each cost was measured
    costs: list               # J on all the rows at that point
    seconds: list             # seconds since the start at that point
    heldOut: float            # % of the held-out digits read correctly at the end


class BudgetSpent(Exception):
    """Raised from L-BFGS-B's callback when the budget of evaluations is spent: it stops there."""


def compare(settings, X, y, train, test, budget=BUDGET, progress=print):
    """Every method from one seeded start (settings: hidden units, λ, seed), `budget` evaluations
    each; returns their Runs, in the order they are drawn."""
    Xtrain, ytrain = X[train].astype(np.float32), y[train]
    start = Neural_Network()
    start.configureNN(PIXELS, settings.hiddenUnits(), CLASSES, lambd=settings.lambd,
                      seed=settings.seed)
    runs = []

    def measure(name, fit):
        nn = Neural_Network.fromWeights(start.W1, start.W2, lambd=settings.lambd, maxiter=budget)
        record = ([], [], [])
        began = time.perf_counter()

        def seen(evaluation, J):
            for column, value in zip(record, (evaluation, J, time.perf_counter() - began)):
                column.append(value)

        fit(nn, seen)
        runs.append(Run(name, *record, nn.percentCorrect(X[test], y[test])))
        progress(f"{name}: J = {record[1][-1]:.4f} after {record[0][-1]} evaluations "
                 f"({record[2][-1]:.1f} s), held-out digits {runs[-1].heldOut:.2f}% read correctly")

    for words, rate in RATES:
        measure(f"gradient descent, rate {rate:g} ({words})",
                lambda nn, seen, rate=rate: nn.gradientDescent(Xtrain, ytrain, rate, budget,
                                                               callback=seen))
    rate, momentum = MOMENTUM
    measure(f"with momentum {momentum:g}, rate {rate:g}",
            lambda nn, seen: nn.gradientDescent(Xtrain, ytrain, rate, budget, momentum, seen))
    rate, batch = MINI_BATCH
    measure(f"mini-batch SGD, {batch} rows a batch, rate {rate:g}",
            lambda nn, seen: nn.miniBatchDescent(Xtrain, ytrain, rate, budget, batch,
                                                 settings.seed, seen))
    measure("L-BFGS-B (train.py's)", lambda nn, seen: lbfgs(nn, Xtrain, ytrain, budget, seen))
    return runs


def lbfgs(nn, X, y, budget, seen):
    """NN.train (L-BFGS-B), its cost seen after each iteration at the evaluations spent so far
    (an iteration spends one or a few), stopped once the budget is spent."""
    def onIteration(iteration, J):
        seen(nn.evaluations, J)
        if nn.evaluations >= budget:
            raise BudgetSpent

    try:
        nn.train(X, y, callback=onIteration)
    except BudgetSpent:
        pass      # nn holds the weights of the last iteration, as NN.train keeps them
