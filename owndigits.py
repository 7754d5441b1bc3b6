"""owndigits.py — your own handwriting in the training rows: the labelled pictures of data/mine/
(draw.py saves them there), read as MNIST made its digits, and mixed in so that a hundred of them
count among thousands. They are training examples only: the held-out digits stay the data set's.
"""
import numpy as np

import cli
import picture
from conventions import digitToClass, oneHot

MINE_SHARE = 0.2   # your own digits' share of the training rows (chosen on validation: README, "Teach it your handwriting")


def ownDigits(folder, dataDir, use=True):
    """Your own digits as (rows, one-hot y), or None: read from folder (--mine), or from the data
    folder's mine/ when it exists; unusable files are named and skipped."""
    given = folder is not None
    folder = folder if given else dataDir / "mine"
    if not use or (not given and not folder.is_dir()):
        return None
    if not folder.is_dir():
        raise cli.UsageError(f"--mine {folder}: no such folder; give the folder of your digit "
                             f"pictures, or leave --mine out")
    rows, digits, skipped = picture.labelledRows(folder)
    for line in skipped:
        print(f"Skipped {line}")
    if skipped:
        print(f"Skipped {len(skipped)} file{'s' if len(skipped) != 1 else ''} in {folder}")
    if len(rows) == 0:
        print(f"No own digits added: {folder} holds no usable labelled pictures ({picture.LABEL_RULE})")
        return None
    print(f"Added {len(rows)} of your own digits from {folder} ({countsOf(digits)})")
    return rows, oneHot(digitToClass(digits))


def countsOf(digits):
    """'10 of each digit', or '0: 3, 1: 5, …' when the counts differ."""
    counts = np.bincount(digits, minlength=10)
    if np.all(counts == counts[0]):
        return f"{counts[0]} of each digit"
    return ", ".join(f"{d}: {n}" for d, n in enumerate(counts))


def repetitions(mine, others, share):
    """How many times to repeat `mine` rows among `others` so they make up about `share` of all
    rows: r·mine / (r·mine + others) = share, at least once."""
    return max(1, round(share * others / ((1 - share) * mine))) if share > 0 else 1


def mixIn(X, y, mine, share):
    """X and y followed by your digits, repeated to make up about `share` of the rows."""
    times = repetitions(len(mine[0]), len(X), share)
    X = np.concatenate([X] + [mine[0]] * times)
    y = np.concatenate([y] + [mine[1]] * times)
    print(f"Your {len(mine[0])} digits, each used {times}×, make up "
          f"{100 * times * len(mine[0]) / len(X):.1f} % of the training rows")
    return X, y
