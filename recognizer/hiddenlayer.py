"""What the hidden layer does, in numbers: each unit's strongest votes, the digits that fire it,
what switching it off costs each digit, where the digits land, and what the network imagines a
digit is. inside.py draws them (insidefigures.py).

Units are numbered 1..25 where people read them (as the Why pictures number them: Θ2's columns
1..25, column 0 being the bias) and 0..24 in the arrays here. Digits are 0..9; output k−1 is
class k, class 10 the digit 0 (conventions.py).
"""
from typing import NamedTuple

import numpy as np

from recognizer.conventions import byDigit, classToDigit, classesOf

IMAGINE_STEPS = 100      # gradient-ascent steps of imagine, each moving a pixel by ...
IMAGINE_RATE = 0.003     # ... this much times its gradient (small: from the average digit, the
                         # ascent sharpens it rather than jumping to a pattern of speckles) ...
INK_PENALTY = 0.02       # ... less this price per unit of ink, so that only useful ink stays


def votesByDigit(W2):
    """Θ2's hidden columns by digit: [j, d] is what unit j (0-based) adds to digit d's z3 per unit
    of its activation (a2_j = 1), its vote for d when it fires fully."""
    return byDigit(np.asarray(W2)[:, 1:].T)


def strongestVotes(W2):
    """For each unit (0-based): ((largest vote, its digit), (most negative vote, its digit)),
    from Θ2's column: the digit it speaks for most, and the one it speaks against most."""
    votes = votesByDigit(W2)
    up, down = votes.argmax(axis=1), votes.argmin(axis=1)
    rows = np.arange(len(votes))
    return [((votes[j, up[j]], int(up[j])), (votes[j, down[j]], int(down[j]))) for j in rows]


def firingExtremes(nn, X, unit, n=8):
    """Rows of X (indices) that fire unit (0-based) most and least: (top n, most first; bottom
    n, least first), and the unit's activations on every row."""
    activation = nn.hidden(X)[:, unit]
    order = np.argsort(-activation, kind="stable")
    return order[:n], order[::-1][:n], activation


class UnitsOff(NamedTuple):
    """Held-out accuracy by digit, as trained and with each unit switched off in turn."""
    baseline: np.ndarray    # [d]: % of held-out digit d read correctly, every unit on
    without: np.ndarray     # [j, d]: the same with unit j held at its mean activation
    counts: np.ndarray      # [d]: held-out examples of digit d
    heldAt: np.ndarray      # [j]: the activation each unit was held at (its training mean)

    def drops(self):
        """[j, d]: percentage points of digit d lost without unit j (positive = worse)."""
        return self.baseline - self.without

    def allOn(self):
        """Held-out accuracy over all digits with every unit on, in %."""
        return float((self.baseline * self.counts).sum() / self.counts.sum())

    def overall(self):
        """[j]: held-out accuracy over all digits without unit j, in %."""
        return (self.without * self.counts).sum(axis=1) / self.counts.sum()

    def costliest(self):
        """The unit (0-based) whose silencing costs the most held-out accuracy over all digits."""
        return int(np.argmin(self.overall()))


def unitsOff(nn, Xtrain, Xtest, ytest):
    """Each unit switched off in turn, measured on the held-out digits (UnitsOff). A unit is held
    at its mean activation over the training digits rather than at 0: a sigmoid unit is rarely 0,
    so 0 would also shift every output's bias by the unit's average vote; at its mean the unit
    keeps that average vote and loses only what it tells apart, which is what it knows."""
    heldAt = nn.hidden(Xtrain).mean(axis=0)
    digits = classToDigit(classesOf(ytest))
    counts = np.bincount(digits, minlength=10)

    def byDigit(h):
        right = classToDigit(classesOf(h)) == digits
        return 100 * np.bincount(digits, weights=right, minlength=10) / np.maximum(counts, 1)

    baseline = byDigit(nn.forward(Xtest))
    without = np.array([byDigit(nn.forwardWithout(Xtest, [j], heldAt[j]))
                        for j in range(nn.hiddenSize)])
    return UnitsOff(baseline, without, counts, heldAt)


def principalComponents(A, k=2):
    """The rows of A placed by their first k principal components (NumPy's SVD of A with each
    column's mean taken away): (coordinates n×k, share of the variance each component holds)."""
    centred = np.asarray(A, dtype=float) - np.mean(A, axis=0)
    _, singular, Vt = np.linalg.svd(centred, full_matrices=False)
    variance = singular ** 2
    return centred @ Vt[:k].T, variance[:k] / variance.sum()


def imagine(nn, k, start, steps=IMAGINE_STEPS, rate=IMAGINE_RATE, ink=INK_PENALTY):
    """The 20×20 input in [0, 1] that drives output k (0-based: class k+1) high, found by gradient
    ascent from `start` (400 pixels, column-major): each step moves every pixel along
    ∂z3_k/∂x (NN.explain's gradient) less the price of its ink, then clips it to [0, 1]:
        x ← clip(x + rate·(∂z3_k/∂x − ink), 0, 1)
    z3_k rather than h_k = g(z3_k): near h = 1 the sigmoid's gradient vanishes and the ascent
    would stall. Returns the input found."""
    x = np.clip(np.asarray(start, dtype=float).copy(), 0, 1)
    for _ in range(steps):
        x = np.clip(x + rate * (nn.explain(x, k).gradient - ink), 0, 1)
    return x
