"""When an answer is unsure, and the words that say so.

The network's 10 outputs are independent sigmoids, one per digit: each says how much the picture
looks like its digit, and they need not sum to 1. When none of them is high, the network is
saying "none of these" in its own way. The rule: an answer is unsure when its top output is below
UNSURE_BELOW. The answer still names the most likely digit, and says "unsure" beside it.

UNSURE_BELOW was chosen by bench/whenunsure.py on validation data only: a seeded fifth of the
training digits set aside (and a model trained without them), and generated non-digits of a seed
never trained on; the held-out digits and MNIST's test digits only measure it (README, "How it
decides").
"""
import numpy as np

UNSURE_BELOW = 0.4           # bench/whenunsure.py: the largest of 0.1, 0.2, … 0.9 flagging ≤ 3 % of the
                             # correctly read validation digits (2.8 %; 91.5 % of validation non-digits)


def isUnsure(h):
    """True where the top output is below UNSURE_BELOW: for one answer h (10 outputs) or each row."""
    return np.max(h, axis=-1) < UNSURE_BELOW


def reason(h):
    """Why the answer h is unsure, in words, or None when it is not."""
    if not isUnsure(h):
        return None
    return f"no output above {UNSURE_BELOW:.2f}: this may not be a digit"


def note(h):
    """What an answer line adds for h: '   unsure — no output above 0.40: …', or ''."""
    why = reason(h)
    return "" if why is None else f"   unsure — {why}"
