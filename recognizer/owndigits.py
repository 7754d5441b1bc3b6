"""Your own handwriting in the training rows: the labelled pictures of data/mine/
(draw.py saves them there), read as MNIST made its digits, and mixed in so that a hundred of them
count among thousands. They are training examples only: the held-out digits stay the data set's.
"""
import numpy as np
import scipy.ndimage

from recognizer import picture
from recognizer.conventions import PIXELS, SIDE, digitToClass, oneHot
from recognizer.errors import SettingError

COPIES = ("same", "varied")   # how your digits are repeated (settings.Settings.mineCopies)
TURN_DEGREES = 10      # a varied copy is turned by up to ±10°, ...
MOVE_PIXELS = 1.0      # ... moved by up to ±1 pixel each way ...
SCALE_BY = 0.1         # ... and scaled by up to ±10 %: what a writer's hand varies from one 7 to the next
COPIES_SEED = 0        # the varied copies are the same at every run


def ownDigits(folder, dataDir, use=True):
    """Your own digits as (rows, one-hot y), or None: read from folder (--mine), or from the data
    folder's mine/ when it exists; unusable files are named and skipped."""
    given = folder is not None
    folder = folder if given else dataDir / "mine"
    if not use or (not given and not folder.is_dir()):
        return None
    if not folder.is_dir():
        raise SettingError("mine", f"{{option}} {folder}: no such folder; give the folder of "
                                   f"your digit pictures, or leave {{option}} out")
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


def mixIn(X, y, mine, share, copies):
    """X and y followed by your digits, repeated to make up about `share` of the rows: the
    first time as they are, then as identical copies ("same") or as varied ones ("varied")."""
    times = repetitions(len(mine[0]), len(X), share)
    rng = np.random.default_rng(COPIES_SEED)
    repeats = [mine[0]] + [mine[0] if copies == "same" else variedCopies(mine[0], rng)
                           for _ in range(times - 1)]
    X = np.concatenate([X] + repeats)
    y = np.concatenate([y] + [mine[1]] * times)
    how = "" if copies == "same" or times == 1 else " (turned, moved and scaled a little each time)"
    print(f"Your {len(mine[0])} digits, each used {times}×{how}, make up "
          f"{100 * times * len(mine[0]) / len(X):.1f} % of the training rows")
    return X, y


def variedCopies(rows, rng):
    """Each row's digit turned by up to ±TURN_DEGREES, moved by up to ±MOVE_PIXELS and scaled by
    up to ±SCALE_BY about the image's centre, at random: a new example of the same digit
    rather than the same one again."""
    images = np.asarray(rows, dtype=float).reshape(-1, SIDE, SIDE)   # column-major: axes (x, y)
    centre = (SIDE - 1) / 2
    copies = np.empty_like(images)
    for n, image in enumerate(images):
        angle = np.radians(rng.uniform(-TURN_DEGREES, TURN_DEGREES))
        scale = 1 + rng.uniform(-SCALE_BY, SCALE_BY)
        # affine_transform maps each output pixel o to the input pixel M·o + offset
        M = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]) / scale
        offset = centre - M @ (centre + rng.uniform(-MOVE_PIXELS, MOVE_PIXELS, 2))
        copies[n] = scipy.ndimage.affine_transform(image, M, offset, order=1, mode="constant")
    return copies.reshape(-1, PIXELS)
