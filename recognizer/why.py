"""Why the network answered what it did: NN.explain's numbers drawn (plots/Why_<name>.png) and
said in one line (whyText).
"""
import numpy as np

from recognizer.conventions import classToDigit
from recognizer.plotting import (
    PLOTS_DIR, checkClasses, drawProbabilityBars, drawTile, markTrueDigit, openFigure,
    probabilitiesByDigit, saveFigure, showDigit, uprightImage)


def plotWhy(x, probabilities, answer, runnerUp, W1, title, plotsDir=PLOTS_DIR, trueClass=None,
            unsureReason=None, voters=(5, 3)):
    """Why the network answered what it did (NN.explain's numbers, drawn): the 20×20 digit as
    the network sees it; the pixel maps of the answer and of the runner-up (ink × ∂z3/∂pixel, red
    pushed the output up, blue down); the 10 outputs; and the hidden units that voted most for
    and against the answer, each as its weight picture with its activation a2_j and its vote
    Θ2[k,j]·a2_j, the votes and the bias adding up to z3. Saved as plotsDir/Why_<title>.png."""
    byDigit = probabilitiesByDigit(probabilities)
    digit, other = (int(classToDigit(e.k + 1)) for e in (answer, runnerUp))
    with openFigure(figsize=(13, 8)) as fig:
        top = fig.add_gridspec(1, 4, width_ratios=(1, 1, 1, 1.35), wspace=0.3,
                               left=0.03, right=0.97, top=0.86, bottom=0.54)
        showDigit(fig.add_subplot(top[0]), x)
        fig.axes[0].set_title("what the network sees (20×20)", fontsize=11)
        scale = max(np.abs(answer.pixelMap).max(), np.abs(runnerUp.pixelMap).max(), 1e-12)
        maps = [fig.add_subplot(top[i]) for i in (1, 2)]
        for ax, explanation, role in ((maps[0], answer, f"the answer, {digit}"),
                                      (maps[1], runnerUp, f"the runner-up, {other}")):
            image = drawPixelMap(ax, x, explanation, role, scale)
        fig.colorbar(image, ax=maps, orientation="horizontal", fraction=0.06, pad=0.03, aspect=40,
                     label="ink × ∂z3/∂pixel:  red pushed that output up,  blue pushed it down")
        barAx = fig.add_subplot(top[3])
        drawProbabilityBars(barAx, byDigit, digit)
        barAx.set_title("the 10 outputs", fontsize=11)
        if trueClass is not None:
            markTrueDigit(barAx, int(classToDigit(checkClasses(trueClass)[0])))
        drawVoters(fig, answer, W1, digit, voters)
        fig.text(0.5, 0.015, OUTPUTS_SENTENCE, ha="center", va="bottom", fontsize=11, color="0.25")
        verdict = f"digit {digit} (output {byDigit[digit]:.2f})"
        verdict += f"  —  unsure: {unsureReason}" if unsureReason else ""
        fig.suptitle(f"Why {title} was read as {verdict}", fontsize=14,
                     color="tab:red" if unsureReason else "black")
        return saveFigure(fig, plotsDir, f"Why {title}")


OUTPUTS_SENTENCE = ("Each output is its own sigmoid h_k = g(z3_k): they need not sum to 1. "
                    "All of them low means \"none of these\": the answer is then marked unsure.")


def drawPixelMap(ax, x, explanation, role, scale):
    """The signed pixel map x ∘ ∂z3/∂x of one output over the digit's outline, upright, on a
    diverging scale ±scale (red up, white nothing, blue down); returns the image for a colorbar."""
    image = ax.imshow(uprightImage(explanation.pixelMap), cmap="RdBu_r", vmin=-scale, vmax=scale,
                      interpolation="nearest")
    ax.contour(uprightImage(x), levels=[0.3], colors="0.5", linewidths=0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(f"pixels for and against {role}\n(z3 = {explanation.z3:+.2f})", fontsize=11)
    return image


def drawVoters(fig, explanation, W1, digit, voters):
    """The top voters for and the bottom voters against the answer, one tile each (the unit's
    input weights Θ1[j,1:], as in HiddenUnits.png) named above and captioned with a2_j and the
    vote below, then the sum: bias + the 25 votes = z3. As in drawDigitGrid, the tiles are
    images in one axes measured in inches (an axes per tile took most of the figure's time)."""
    units = [*explanation.topVoters(voters[0]), *explanation.bottomVoters(voters[1])]
    left, right, bottom, top = 0.03, 0.97, 0.1125, 0.35          # the row, in figure fractions
    width, height = (right - left) * fig.get_figwidth(), (top - bottom) * fig.get_figheight()
    ax = fig.add_axes((left, bottom, right - left, top - bottom))
    side = 1.2                                                   # inches a tile
    step = (width - side) / (len(units) - 1)
    for i, j in enumerate(units):
        x, vote = i * step, explanation.votes[j]
        drawTile(ax, np.asarray(W1)[j, 1:], (x, x + side, height - 0.3 - side, height - 0.3))
        ax.text(x + side / 2, height - 0.25, f"unit {j + 1}", ha="center", va="bottom", fontsize=11)
        ax.text(x + side / 2, height - 0.38 - side, f"a2 = {explanation.a2[j]:.2f}\nvote {vote:+.2f}",
                ha="center", va="top", fontsize=11, color="tab:red" if vote > 0 else "tab:blue")
    ax.set(xlim=(0, width), ylim=(0, height))
    ax.axis("off")
    groups = ((0, voters[0] - 1, f"the {voters[0]} hidden units that voted most for digit {digit}"),
              (voters[0], len(units) - 1, f"the {voters[1]} that voted most against"))
    for first, last, text in groups:
        middle = (first * step + last * step + side) / 2          # inches from the row's left
        fig.text(left + middle / width * (right - left), top + 0.01, text, ha="center",
                 va="bottom", fontsize=12, fontweight="bold")
    fig.text(0.5, 0.405, "each tile: a hidden unit's 400 input weights Θ1[j,1:] (bright: it looks "
             "for ink there); a2_j: how strongly it fired; its vote: Θ2[k,j]·a2_j",
             ha="center", va="bottom", fontsize=10, color="0.25")
    fig.text(0.5, 0.055, voteSum(explanation, digit), ha="center", va="bottom", fontsize=12)


def voteSum(explanation, digit):
    """'z3 for digit 7 = bias −1.20 + 25 votes (+4.10 +2.80 … ) = 5.60, h = g(z3) = 0.996'."""
    return (f"z3 for digit {digit} = bias {explanation.bias:+.2f} + the {len(explanation.votes)} "
            f"votes Θ2[k,j]·a2_j (sum {explanation.votes.sum():+.2f}) = {explanation.z3:+.2f},   "
            f"h = g(z3) = {1 / (1 + np.exp(-explanation.z3)):.3f}")


def whyText(explanation, path, n=3):
    """'hidden units 7, 19 and 3 voted most for digit 7 (+4.1, +2.8, +2.2); see path'."""
    units = [int(j) + 1 for j in explanation.topVoters(n)]      # numbered 1..25, as Θ2's columns
    names = " and ".join([", ".join(map(str, units[:-1]))] * (len(units) > 1) + [str(units[-1])])
    votes = ", ".join(f"{explanation.votes[j - 1]:+.1f}" for j in units)
    return (f"hidden units {names} voted most for digit {int(classToDigit(explanation.k + 1))} "
            f"({votes}); see {path}")
