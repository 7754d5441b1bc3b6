"""display.py — the tutorial's displayData: a grid of digits, saved as a PNG in plots/.

    display.displayData(5, X, sel, 'TrainingData')    # 25 digits of X, as the tutorial calls it
    display.displayData(1, X, 3402, 'Predicted class: 3')   # one digit, large

Each row of X is a 20×20 image stored column by column (the course's Octave order), so it is
drawn as row.reshape(20, 20).T. The tutorial showed its figures on screen; here they are saved
in plots/ (no window needed), and every other picture lives in the recognizer package
(figures.py, why.py, animation.py).
"""
import numpy as np

from recognizer.plotting import PLOTS_DIR, drawDigitGrid, openFigure, saveFigure


def displayData(displaySize, data, selected, title, plotsDir=PLOTS_DIR):
    """The tutorial's displayData: a displaySize×displaySize grid of the rows data[selected[i]]
    when selected is a sequence of indices, or the one digit data[selected], large, when
    selected is a single index. Saved as plotsDir/<safeFileName(title)>.png; returns the path."""
    if np.ndim(selected) == 0:
        rows, shape = [data[int(selected)]], (1, 1)
    else:
        rows = [data[i] for i in list(selected)[:displaySize ** 2]]
        shape = (displaySize, displaySize)
    with openFigure() as fig:
        drawDigitGrid(fig, rows, shape, str(title))
        return saveFigure(fig, plotsDir, title)
