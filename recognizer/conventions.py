"""The course's conventions in one place: sizes, classes and digits, one-hot rows.

Andrew Ng's Machine Learning course (exercise 4) fixes these, and every figure depends on them:

* an example is a 20×20 image stored as one row of 400 numbers in column-major (Octave) order,
  so row.reshape(20, 20).T is the upright image;
* classes are 1..10 and class 10 is the digit 0;
* y holds one-hot rows: a 1 in column k−1 for class k.

No files and no maths here: NN.py, the data files, the pictures of digits and the figures all
import from this module, and it imports nothing of the project's.
"""
import numpy as np

SIDE = 20                # the course's images are 20×20 ...
PIXELS = SIDE * SIDE     # ... stored as 400 numbers a row
CLASSES = 10             # classes 1..10, class 10 is the digit 0


def classToDigit(cls):
    """The digit a course class means: classes 1..9 are digits 1..9, class 10 is digit 0."""
    return cls % 10


def digitToClass(digit):
    """The course class of a digit: 0 → 10, 1..9 → 1..9."""
    return (digit + 9) % 10 + 1


def oneHot(classes):
    """y's rows for classes 1..10: a 1 in column k−1 for class k."""
    return np.eye(CLASSES)[np.asarray(classes, dtype=int) - 1]


def byDigit(values):
    """Values in class order 1..10 on their last axis (outputs, Θ2's rows) reordered by digit
    0..9: class 10's value goes first."""
    values = np.asarray(values)
    ordered = np.empty_like(values)
    ordered[..., classToDigit(np.arange(1, CLASSES + 1))] = values
    return ordered


def classesOf(y):
    """The classes 1..10 of one-hot rows (or of the network's output rows: the largest entry)."""
    return np.argmax(y, axis=-1) + 1


def classAndDigit(cls):
    """'class 10 (digit 0)': people think in digits, the course in classes."""
    return f"class {cls} (digit {classToDigit(cls)})"


def shape(array):
    """'25×401': a shape as people write it, for error messages."""
    return "×".join(str(n) for n in np.shape(array))

