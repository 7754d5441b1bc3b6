"""One training's settings, in one place: what `python train.py` uses by default, what its options
change, and what the drawing window's `t`, the λ and learning curves and the bench train with.

Each default was chosen on validation digits (a seeded fifth of the training digits), never on
the held-out ones; the comments say how, and docs/ has the studies.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

COURSE_HIDDEN = 25       # the course's hidden layer: 400-25-10
MINE_HIDDEN = 50         # with your own digits in: room for your style and MNIST's writers too
                         # (bench/teaching.py: the one rule within 0.5 point of MNIST validation
                         # accuracy in every style it tried)
WINDOW_ITERATIONS = 100  # the window's t: iterations from the weights it answers with (a few s)


@dataclass(frozen=True)
class Settings:
    """How one network is trained: train.py's defaults unless its options say otherwise."""
    hidden: Optional[int] = None   # hidden units; None: COURSE_HIDDEN, or MINE_HIDDEN with your digits
    # λ = 3 had the best mean validation accuracy over the curves of seeds 0–4 (0.1, 0.3, 1, 3, 10)
    # and was the best λ for 4 of the 5 seeds; the course's λ = 1 came third; the tutorial's 0.1
    # (NN.configureNN's default) fits the training digits best and new ones worst
    lambd: float = 3.0
    maxiter: int = 400             # L-BFGS-B iterations: the cost has levelled off by then
    seed: int = 0                  # the random start, the held-out split, the validation split
    testFraction: float = 0.2      # share of the digits held out, never trained on
    shift: bool = True             # each training digit also moved one pixel four ways (5× rows)
    # your own digits (data/mine/): repeated to make up mineShare of the rows, as identical
    # copies; of shares 5, 10 and 20 % with identical or varied copies, 10 % identical read the
    # most of your other digits (bench/teaching.py)
    mineShare: float = 0.1
    mineCopies: str = "same"       # "same" (identical rows) or "varied" (turned, moved, scaled)
    nonDigits: int = 1000          # generated non-digit pictures, target all 0: "none of these"
    # their kinds, in equal shares: all ten of nondigits.KINDS, written out here (settings.py
    # imports no project module). Chosen by leaving each kind out in turn on validation digits
    # (bench/leftout.py, docs/unsure.md): a kind never trained on was flagged unsure 77.4 % of
    # the time on average, against 63.9 % for the four kinds of before (letter, scribble, shape,
    # noise), at 2.9 % of correct validation digits flagged
    nonDigitKinds: Tuple[str, ...] = ("letter", "scribble", "shape", "noise", "pair", "cut",
                                      "crossed", "face", "doodle", "word")
    float64: bool = False          # examples in float32: twice as fast, the same cost within 0.1 %

    def hiddenUnits(self, ownDigits=False):
        """The hidden layer's size: the one asked for, else the course's, or MINE_HIDDEN with
        your own digits in."""
        if self.hidden is not None:
            return self.hidden
        return MINE_HIDDEN if ownDigits else COURSE_HIDDEN


DEFAULTS = Settings()
