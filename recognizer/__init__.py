"""recognizer — everything the tutorial's scripts use, one job per module, in reading order.

The tutorial's own files stay at the root: NN.py (the network), display.py (displayData), and the
commands train.py, predict.py, draw.py, inside.py and dataset.py. This package holds the rest:

  the course's conventions and the data
    conventions.py   20×20 column-major pixels, classes 1..10 (10 = digit 0), one-hot rows
    errors.py        DataError (bad input) and SettingError (a setting that cannot work)
    settings.py      one training's settings: train.py's defaults, and why each was chosen
    datafiles.py     the .in files: read with np.loadtxt as the tutorial does, written atomically
                     in pairs; the weight files (NN.saveWeights writes through here)
    digitdata.py     X.in and y.in in one call; the default set of 5,000 MNIST digits
    importers.py     the course's .mat files and MNIST's IDX files into .in files
    atomic.py        a file is the old one or the new one, never half written

  what the network learns from
    picture.py       a picture of one digit → a 400-pixel row, the way MNIST made its digits
    owndigits.py     your own digits (data/mine/), mixed into the training rows
    nondigits.py     pictures that are not digits: letters, scribbles, shapes, noise, two digits
                     side by side, a digit cut off or crossed out, faces, doodles, words
    nondigitfiles.py the non-digit pictures drawn once, kept in data/nondigits/ for later runs
    training.py      the held-out split, the training rows, the starting weights, trainOn

  training it
    safeguards.py    the guards around NN.train and NN.saveWeights (memory, Ctrl-C, no worse)
    blas.py          BLAS threads around the optimizer
    curves.py        the course's exercise 5: choosing λ (and the hidden layer's size), the learning curve
    optimizers.py    L-BFGS-B beside gradient descent, momentum and mini-batches, one budget
    retraining.py    the drawing window's t: retraining in the background

  seeing what it does
    plotting.py      the shared steps of every picture (upright digits, grids, bars, files)
    figures.py       the cost, hidden units, curves, confusion matrix, misread digits, a prediction
    why.py           why an answer was given: pixel maps and the hidden units' votes
    animation.py     the training as an animation, plots/Learning.gif
    aside.py         a picture drawn in a second process while this one draws the others
    unsure.py        when an answer is "unsure"
    hiddenlayer.py   inside the hidden layer: votes, units switched off, the points map, imagined digits
    robustness.py    digits shifted, turned, scaled, thinned: how far before they are misread
    insidefigures.py inside.py's pictures
    drawwindow.py    draw.py's window

  the commands' shared parts
    cli.py           one-line errors, checked option types, exit codes
"""
