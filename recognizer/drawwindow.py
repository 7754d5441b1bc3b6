"""The drawing window of draw.py: a sheet to draw a digit on with the mouse, the network's outputs
and answer beside it, live, and why (the pixel map and the hidden units that voted).

The pen's strokes ink a CANVAS×CANVAS sheet as a scanned page would be; the drawing is read by
picture.arrayToRow exactly as `python predict.py --image` reads a picture file. The keys (listed
in draw.py's docstring) clear, undo, save the drawing as one of your digits, and teach the
network (`t`: retraining.Retraining in the background). Drawing is matplotlib's: one figure,
blitting only what changes, so the bars follow the pen.
"""
import math
import re
import sys
import time
from pathlib import Path

import numpy as np

from recognizer import plotting  # chooses Agg for its PNGs; openWindow switches pyplot to a drawwindow backend
import matplotlib.pyplot as plt  # noqa: E402  (after plotting, which picks the backend first)
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from recognizer import atomic, picture, retraining, unsure  # noqa: E402
from recognizer.errors import DataError  # noqa: E402

CANVAS = 280                  # the drawing is CANVAS×CANVAS pixels, saved at that size
PEN_RADIUS = CANVAS / 28      # a pen 1/14 of the sheet wide: strokes 10 % as wide as a digit
                              # filling 3/4 of the sheet is tall (MNIST's: median 12 %, quartiles
                              # 10-20 %, measured on 2,000 test digits by distance transform)
LIVE_EVERY = 0.05             # while drawing, read the drawing at most every 50 ms ...
LIVE_SHARE = 3                # ... and spend at most a third of the time on it (slow machines)
WINDOW_BACKENDS = ("TkAgg", "QtAgg", "MacOSX")   # tried in turn; Tk ships with most Pythons
WINDOW_TITLE = "Draw a digit — draw.py"
FIGURE_INCHES = (12.5, 5.4)   # 1,250×540 pixels at plotting.DPI: fits a 1280×720 screen
SCREEN_MARGIN = (30, 100)     # screen pixels kept for the window's borders, title bar and a task bar
MIN_DPI = 50                  # a small screen's window shrinks, but not below this (text unreadable)
ANSWER_FROM = 4.85 / FIGURE_INCHES[0]   # the answer's side of the window: right of the paper
LIVE_VOTERS = 3               # hidden units shown beside the bars: those that voted most for the answer
BACKGROUND = "0.92"           # the window's light gray around the white sheet
KEYS_HELP = ("drag: draw    c or right-click: clear    u or z: undo    "
             "0–9: save as your digit    t: teach it    s: save picture    q: quit")
POLL_EVERY = 100              # ms: how often the window looks for the retraining's news
BAR_CELLS = 20                # the progress bar's width, in characters
NO_WINDOW = ("no window can be opened here (no display); "
             "draw on paper and use python predict.py --image FILE")


# ----- the drawing: strokes of a round pen on a sheet of paper -----

def inkSegment(paper, a, b, radius=PEN_RADIUS):
    """Ink the straight stroke of a round pen from point a to point b (x, y in pixels, y down)
    onto paper (1 = paper, 0 = ink), in place: every pixel whose centre lies within radius of
    the segment, with a one-pixel anti-aliased edge. Joining successive mouse positions this way
    leaves no gaps however fast the mouse moves."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    low = np.maximum(np.floor(np.minimum(a, b) - radius - 1), 0).astype(int)
    high = np.minimum(np.ceil(np.maximum(a, b) + radius + 2), paper.shape[::-1]).astype(int)
    if np.any(high <= low):
        return                                               # wholly off the sheet
    ys, xs = np.mgrid[low[1]:high[1], low[0]:high[0]]
    along = b - a
    length2 = along @ along
    # the nearest point of the segment to each pixel: a + t·(b − a), t clipped to 0..1
    t = np.clip(((xs - a[0]) * along[0] + (ys - a[1]) * along[1]) / length2, 0, 1) if length2 else 0
    distance = np.hypot(xs - (a[0] + t * along[0]), ys - (a[1] + t * along[1]))
    window = paper[low[1]:high[1], low[0]:high[0]]
    np.minimum(window, 1 - np.clip(radius + 0.5 - distance, 0, 1), out=window)


class Drawing:
    """The strokes drawn so far (each a list of (x, y) points) and the paper they make:
    a CANVAS×CANVAS array of brightness, 1 = paper, 0 = ink, as a scanned sheet would be."""

    def __init__(self, side=CANVAS):
        self.strokes = []
        self.paper = np.ones((side, side))

    def start(self, point):
        """A new stroke: the pen touches the paper at point."""
        self.strokes.append([point])
        inkSegment(self.paper, point, point)

    def extend(self, point):
        """The pen moves on to point: ink the segment from where it was."""
        inkSegment(self.paper, self.strokes[-1][-1], point)
        self.strokes[-1].append(point)

    def undo(self):
        """Take back the last stroke (the paper is inked again from the strokes left)."""
        strokes = self.strokes[:-1]
        self.clear()
        for stroke in strokes:
            self.start(stroke[0])
            for point in stroke[1:]:
                self.extend(point)

    def clear(self):
        """A blank sheet."""
        self.strokes = []
        self.paper[:] = 1

    def pixels(self):
        """The drawing as 8-bit gray pixels, as it is saved in a PNG."""
        return np.round(self.paper * 255).astype(np.uint8)

    def gray(self):
        """The drawing's brightness 0..1 exactly as a saved PNG holds it, so that the window and
        `predict.py --image` read the same numbers."""
        return self.pixels() / 255


# ----- saved drawings -----

def nextFreePath(folder, prefix):
    """folder/<prefix>_NNN.png, NNN one more than the largest number already used that way
    (001 in an empty folder)."""
    pattern = re.compile(rf"{re.escape(prefix)}_(\d+)\.png")
    used = [int(m.group(1)) for path in Path(folder).glob(f"{prefix}_*.png")
            if (m := pattern.fullmatch(path.name))]
    return Path(folder) / f"{prefix}_{max(used, default=0) + 1:03d}.png"


def savePng(pixels, path):
    """Write 8-bit gray pixels as a PNG, atomically; returns the path."""
    from PIL import Image

    return atomic.writeAtomically(path, lambda f: Image.fromarray(pixels).save(f, format="PNG"))


def countMine(folder, digit):
    """(pictures of digit, labelled pictures in all) in the folder, by picture.labelOf's rule."""
    labels = [picture.labelOf(path) for path in picture.picturesIn(folder)[0]]
    return labels.count(digit), sum(label is not None for label in labels)


def ordinal(n):
    """n as an ordinal in English: 1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, … 21st, 22nd, 101st."""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ----- the window -----

def openWindow():
    """A new, empty pyplot figure in a window (no toolbar: a click should draw, not zoom), from
    the first of WINDOW_BACKENDS that can open one, sized to fit the screen (fittingDpi); None
    when none can."""
    for backend in WINDOW_BACKENDS:
        try:
            plt.switch_backend(backend)
            with plt.rc_context({"toolbar": "None"}):
                fig = plt.figure(figsize=FIGURE_INCHES, dpi=plotting.DPI)
                dpi = fittingDpi(screenRoom(fig.canvas.manager))
                if dpi < plotting.DPI:
                    # made anew rather than fig.set_dpi: on a high-resolution screen the toolkit
                    # scales the dpi a figure was made with, and would undo set_dpi's
                    plt.close(fig)
                    fig = plt.figure(figsize=FIGURE_INCHES, dpi=dpi)
                return fig
        except Exception:  # noqa: BLE001  ImportError, tkinter.TclError, Qt's RuntimeError…:
            continue       # each toolkit fails its own way when it has no display; try the next
    plt.switch_backend("Agg")
    return None


def screenRoom(manager):
    """The room for the window's figure on its screen, (width, height) in the figure's pixels
    (dpi × inches), less SCREEN_MARGIN for the title bar, borders and a task bar; None where the
    toolkit (Tk or Qt, through the figure manager's window) does not tell the screen's size."""
    window = getattr(manager, "window", None)
    try:
        if hasattr(window, "winfo_screenwidth"):                       # Tk: in screen pixels,
            width, height = window.winfo_screenwidth(), window.winfo_screenheight()
            # where matplotlib draws each figure pixel as winfo_fpixels("1i") / 96 of them
            # (1.04 at Xvfb's 100 dpi); on macOS Tk counts in points, 72 an inch: no scaling
            scale = max(1.0, window.winfo_fpixels("1i") / 96)
        elif hasattr(window, "screen"):                                # Qt: in figure pixels,
            geometry = window.screen().availableGeometry()              # task bars left out
            width, height, scale = geometry.width(), geometry.height(), 1.0
        else:
            return None
    except Exception:  # noqa: BLE001  the window's toolkit failing to answer: keep the default
        return None
    return (width - SCREEN_MARGIN[0]) / scale, (height - SCREEN_MARGIN[1]) / scale


def fittingDpi(room, inches=FIGURE_INCHES):
    """The dpi at which a figure of inches fits in room ((width, height) in pixels, screenRoom):
    plotting.DPI where it fits at that (or room is None: not known), less on a smaller screen,
    every part of the window shrinking alike, down to MIN_DPI at the least."""
    if room is None:
        return plotting.DPI
    fits = min(pixels / size for pixels, size in zip(room, inches))
    return max(MIN_DPI, min(plotting.DPI, math.floor(fits)))


def inches(fig, left, bottom, width, height):
    """Axes at a place given in inches from the figure's lower left corner."""
    w, h = fig.get_size_inches()
    return fig.add_axes((left / w, bottom / h, width / w, height / h))


class DrawWindow:
    """A figure to draw a digit in (left) beside the network's 10 outputs and its answer (right),
    driven by mouse and key events (see the script's docstring for the keys)."""

    def __init__(self, fig, nn, plotsDir, mineDir, dataDir=None):
        self.fig, self.nn, self.plotsDir, self.mineDir = fig, nn, Path(plotsDir), Path(mineDir)
        self.dataDir = None if dataDir is None else Path(dataDir)   # None: no retraining (t)
        self.settings = retraining.WINDOW_SETTINGS  # how t retrains: train.py's, from these weights
        self.retraining, self.timer = None, None   # the one retraining under way, its poller
        self.drawing, self.penDown, self.nextRead, self.background = Drawing(), False, 0.0, None
        self.row = self.h = self.unsure = None     # what the network saw, its outputs, the verdict
        self.answerBackground = None               # the answer's side without it (onDraw)
        self.layOut()
        self.connect()
        self.showAnswer(None)

    # -- layout and events --

    def layOut(self):
        """The paper on the left, bars and the big answer on the right, the keys at the bottom;
        places in inches from the lower left corner, so that the layout is the same at any dpi."""
        fig = self.fig
        inch = fig.dpi_scale_trans                       # texts placed in inches
        fig.set_size_inches(FIGURE_INCHES)
        fig.set_facecolor(BACKGROUND)                    # so that the white sheet stands out
        if fig.canvas.manager is not None:
            fig.canvas.manager.set_window_title(WINDOW_TITLE)
        self.drawAx = inches(fig, 0.2, 0.6, 4.5, 4.5)
        self.image = self.drawAx.imshow(self.drawing.paper, cmap="gray", vmin=0, vmax=1,
                                        interpolation="bilinear")
        self.drawAx.set_xticks([])
        self.drawAx.set_yticks([])
        self.drawAx.set_autoscale_on(False)          # the paper's limits stay as imshow set them
        self.penLine, = self.drawAx.plot([], [], color="black", solid_capstyle="round",
                                         solid_joinstyle="round", animated=True)  # showStroke
        self.barAx = inches(fig, 5.5, 0.9, 3.2, 2.75)
        plotting.drawProbabilityBars(self.barAx, np.zeros(10), None)   # showAnswer sets the bars
        self.barAx.set_title("the network's 10 outputs", fontsize=11)
        self.bars = self.barAx.containers[0]
        self.valueText = self.barAx.text(0, 0, "", ha="center", va="bottom")
        self.digitText = fig.text(5.45, 4.5, "", fontsize=64, fontweight="bold", ha="center",
                                  va="center", transform=inch)
        self.outputText = fig.text(6.0, 4.5, "", fontsize=13, ha="left", va="center",
                                   transform=inch)
        fig.text(FIGURE_INCHES[0] / 2, 0.15, KEYS_HELP, fontsize=10, ha="center", va="bottom",
                 color="0.3", transform=inch)
        self.teachText = fig.text(5.0, 5.36, "", fontsize=10, ha="left", va="top", color="0.2",
                                  transform=inch)                  # the retraining's news (t)
        self.layOutWhy()
        self.liveArtists = [*self.bars, self.valueText, self.digitText, self.outputText,
                            self.seenImage, self.mapImage, self.votersImage, self.mapTitle,
                            self.votersTitle, self.mapFrame,       # the frame over its map
                            self.teachText]
        for artist in self.liveArtists:
            artist.set_animated(True)   # left out of full draws: onDraw draws them, blitAnswer redraws them

    def layOutWhy(self):
        """Right of the bars: the 20×20 the network sees, the pixel map of the answer (red pushed
        its output up, blue down) and the hidden units that voted most for it, each as its input
        weights side by side, as in plots/Why_<name>.png; showWhy fills them in. One axes
        measured in inches holds the three images, as plotting.drawDigitGrid does: every axes
        costs time at every redraw."""
        fig, blank = self.fig, np.zeros((20, 20))
        side, gap = 1.55, 0.25                  # each of the two big images, the space between
        width = 2 * side + gap                  # the panel, in inches as are the extents below
        tiles = self.voterTiles([blank] * LIVE_VOTERS)
        inset = 0.08                            # the tiles' row: a little narrower than the panel
        tilesHigh = (width - 2 * inset) * tiles.shape[0] / tiles.shape[1]     # square pixels
        top = tilesHigh + gap + 0.55 + side     # the big images' top: room between for titles
        self.whyAx = ax = inches(fig, 8.95, 0.9, width, top + 0.4)
        ax.set(xlim=(0, width), ylim=(0, top + 0.4))
        ax.axis("off")
        self.seenImage = ax.imshow(blank, cmap="gray", vmin=0, vmax=1, interpolation="nearest",
                                   extent=(0, side, top - side, top))
        self.mapImage = ax.imshow(blank, cmap="RdBu_r", vmin=-1, vmax=1, interpolation="nearest",
                                  extent=(side + gap, width, top - side, top))
        self.mapFrame = ax.add_patch(Rectangle((side + gap, top - side), side, side, fill=False,
                                               linewidth=0.8, clip_on=False))
        grays = plt.get_cmap("gray").with_extremes(bad=BACKGROUND)    # the gaps between tiles
        self.votersImage = ax.imshow(tiles, cmap=grays, vmin=0, vmax=1, interpolation="nearest",
                                     extent=(inset, width - inset, 0, tilesHigh))
        ax.set_aspect("auto")                           # the extents above keep the pixels square
        ax.text(side / 2, top + 0.05, "what the network sees", fontsize=10, ha="center",
                va="bottom")
        self.mapTitle = ax.text(width - side / 2, top + 0.05, "", fontsize=10, ha="center",
                                va="bottom")
        self.votersTitle = ax.text(width / 2, tilesHigh + 0.05, "", fontsize=10, ha="center",
                                   va="bottom")

    @staticmethod
    def voterTiles(images, gap=3):
        """Upright 20×20 images side by side, each scaled to its own range 0..1, gap blank columns
        (NaN, drawn in the window's gray) between them."""
        scaled = [(im - im.min()) / (np.ptp(im) or 1) for im in images]
        space = np.full((len(images[0]), gap), np.nan)
        return np.hstack([part for im in scaled for part in (im, space)][:-1])

    def connect(self):
        """Our mouse and key handlers, in place of matplotlib's default ones for this window
        (its keys s, c, l, k, … would open a save dialog, go back, switch to log scale)."""
        canvas = self.fig.canvas
        for name in ("key_press_handler_id", "button_press_handler_id", "scroll_handler_id"):
            handler = getattr(canvas.manager, name, None)
            if handler is not None:
                canvas.mpl_disconnect(handler)
        canvas.mpl_connect("button_press_event", self.onPress)
        canvas.mpl_connect("motion_notify_event", self.onMotion)
        canvas.mpl_connect("button_release_event", self.onRelease)
        canvas.mpl_connect("key_press_event", self.onKey)
        canvas.mpl_connect("draw_event", self.onDraw)
        canvas.mpl_connect("close_event", self.onClose)

    def onDraw(self, event):
        """After each full draw: keep the paper as drawn, for the pen line to be blitted onto it
        (showStroke), and size the pen line like the pen at the paper's size on screen."""
        canvas = self.fig.canvas
        if canvas.supports_blit:
            self.background = canvas.copy_from_bbox(self.drawAx.bbox)
        pixelsPerUnit = self.drawAx.bbox.width / CANVAS
        self.penLine.set_linewidth(2 * PEN_RADIUS * pixelsPerUnit * 72 / self.fig.dpi)  # points
        box = self.fig.bbox                                    # the answer: right of the paper
        self.answerBox = Bbox.from_extents(box.x0 + box.width * ANSWER_FROM, box.y0, box.x1, box.y1)
        if canvas.supports_blit:
            self.answerBackground = canvas.copy_from_bbox(self.answerBox)
        self.drawLive()

    def drawLive(self):
        """Draw the answer's artists (bars, texts, the Why panel) over what is drawn already."""
        for artist in self.liveArtists:
            if artist.axes is None or artist.axes.get_visible():
                self.fig.draw_artist(artist)

    def blitAnswer(self):
        """Show a new answer at once: the answer's side of the window as last fully drawn without
        it, the answer's artists over it, and only that side copied to the screen. Redrawing the
        whole window at every reading would cost several times as long (text, the paper's image)."""
        canvas = self.fig.canvas
        canvas.restore_region(self.answerBackground)
        self.drawLive()
        canvas.blit(self.answerBox)

    def pointOf(self, event):
        """The mouse position in the drawing's pixels (x, y down), also outside the paper."""
        x, y = self.drawAx.transData.inverted().transform((event.x, event.y))
        return float(x), float(y)

    def onPress(self, event):
        """Left button on the paper: a new stroke. Right button: clear."""
        if event.button == 3:
            self.clear()
        elif event.button == 1 and event.inaxes is self.drawAx:
            self.penDown = True
            self.drawing.start(self.pointOf(event))
            self.showStroke()

    def onMotion(self, event):
        """While the pen is down: ink up to the mouse, and now and then read the drawing (every
        LIVE_EVERY s, or less often where reading and redrawing take more than 1/LIVE_SHARE of
        that time: the mouse keeps priority, so strokes stay smooth)."""
        if not self.penDown:
            return
        self.drawing.extend(self.pointOf(event))
        self.showStroke()
        started = time.monotonic()
        if started >= self.nextRead:
            self.showAnswer(self.read(), now=True)
            took = time.monotonic() - started
            self.nextRead = started + max(LIVE_EVERY, LIVE_SHARE * took)

    def onRelease(self, event):
        """The stroke ends: the answer is final and printed."""
        if event.button == 1 and self.penDown:
            self.penDown = False
            self.answer()

    def onKey(self, event):
        """The keys of the script's docstring; others do nothing."""
        key = event.key or ""
        if key == "c":
            self.clear()
        elif key in ("u", "z") and self.drawing.strokes:
            self.penDown = False                      # a stroke under way is the one undone
            self.drawing.undo()
            self.showDrawing()
            self.answer()
        elif key == "s":
            self.saveDrawing()
        elif len(key) == 1 and key.isdigit():
            self.saveMine(int(key))
        elif key == "t":
            self.teach()
        elif key == "q":
            self.stopTeaching()
            plt.close(self.fig)

    def onClose(self, event):
        """The window closes: a retraining under way stops and saves nothing."""
        self.stopTeaching()

    # -- reading and showing --

    def read(self):
        """The network's outputs by digit 0..9 for the drawing, or None while it holds no digit
        (nothing drawn, or too little ink: picture's DataError). The row the network saw and its
        outputs h (in class order) are kept in self.row and self.h for showAnswer."""
        self.row = self.h = None
        if not self.drawing.strokes:
            return None
        try:
            self.row = picture.arrayToRow(self.drawing.gray())
        except DataError:
            return None
        self.h = self.nn.forward(self.row)
        return plotting.probabilitiesByDigit(self.h)

    def answer(self):
        """Read the drawing, show the answer and print it: 'Drawing: digit 7 (0.96)'; returns the
        outputs by digit (None, and nothing printed, when there is no digit)."""
        byDigit = self.read()
        self.showAnswer(byDigit)
        if byDigit is not None:
            digit = int(np.argmax(byDigit))
            print(f"Drawing: digit {digit} ({byDigit[digit]:.2f}){unsure.note(self.h)}", flush=True)
        return byDigit

    def showDrawing(self):
        """Put the paper's current state in the window, for the full draw that showAnswer asks
        for next (both callers show the answer after it: on Agg, where every draw_idle draws at
        once, asking here too drew the whole window twice)."""
        self.image.set_data(self.drawing.paper)
        self.penLine.set_data([], [])

    def showStroke(self):
        """While drawing: the stroke under way as a line of the pen's width over the paper as
        last drawn, blitted. Redrawing the whole figure (≈ 50 ms), or even the paper's image
        (≈ 17 ms), at every mouse move would make the pen lag behind the mouse."""
        self.image.set_data(self.drawing.paper)       # for the next full draw
        canvas = self.fig.canvas
        if self.background is None:
            canvas.draw_idle()
            return
        self.penLine.set_data(*zip(*self.drawing.strokes[-1]))
        canvas.restore_region(self.background)
        self.drawAx.draw_artist(self.penLine)
        canvas.blit(self.drawAx.bbox)

    def showAnswer(self, byDigit, now=False):
        """The bars of the 10 outputs and the best digit in large type; '?' with empty bars when
        there is no digit to read. The bars drawn by plotting.drawProbabilityBars are updated in
        place, in its colours (rebuilding the chart each time would slow the drawing down).
        now: redraw at once (to time it) rather than when the window is next idle."""
        predicted = None if byDigit is None else int(np.argmax(byDigit))
        heights = np.zeros(10) if byDigit is None else byDigit
        for digit, bar in enumerate(self.bars):
            bar.set_height(heights[digit])
            bar.set_color("tab:orange" if digit == predicted else "tab:blue")
        self.unsure = None if predicted is None else unsure.reason(self.h)
        if predicted is None:
            self.valueText.set_text("")
            self.digitText.set(text="?", color="0.75")
            self.outputText.set(text="draw a digit\non the left")
        else:
            self.valueText.set(text=f"{heights[predicted]:.2f}", x=predicted,
                               y=heights[predicted] + 0.02)
            self.digitText.set(text=str(predicted), color="0.6" if self.unsure else "tab:orange")
            verdict = "" if self.unsure is None else "\nunsure: " + self.unsure.replace(": ", ":\n")
            self.outputText.set(text=f"digit {predicted}\noutput {byDigit[predicted]:.2f}{verdict}")
        panelChanged = self.showWhy(predicted)
        if now and self.answerBackground is not None and not panelChanged:
            self.blitAnswer()
        elif now:
            self.fig.canvas.draw()
        else:
            self.fig.canvas.draw_idle()

    def showWhy(self, predicted):
        """The 20×20 the network saw, the pixel map of the answer on a scale symmetric about 0,
        and the top voters (NN.explain); hidden when there is no answer. Returns whether the panel
        was shown or hidden (its frames then need a full redraw)."""
        shown = predicted is not None and self.row is not None
        changed = shown != self.whyAx.get_visible()
        self.whyAx.set_visible(shown)
        if not shown:
            return changed
        why = self.nn.explain(self.row, int(np.argmax(self.h)))
        self.seenImage.set_data(plotting.uprightImage(self.row))
        scale = max(np.abs(why.pixelMap).max(), 1e-12)
        self.mapImage.set(data=plotting.uprightImage(why.pixelMap), clim=(-scale, scale))
        self.mapTitle.set_text(f"pixels for (red) and\nagainst (blue) digit {predicted}")
        top = why.topVoters(LIVE_VOTERS)
        self.votersImage.set_data(self.voterTiles([plotting.uprightImage(self.nn.W1[j, 1:]) for j in top]))
        self.votersTitle.set_text(f"hidden units that voted most for digit {predicted}:\n" +
                                  "    ".join(f"unit {j + 1}: {why.votes[j]:+.1f}" for j in top))
        return changed

    # -- keys --

    def blank(self):
        """A blank sheet (ending any stroke under way) and no answer."""
        self.drawing.clear()
        self.penDown = False
        self.showDrawing()
        self.showAnswer(None)

    def clear(self):
        """The c key and the right button: a blank sheet, and say so."""
        self.blank()
        print("Cleared", flush=True)

    def saveDrawing(self):
        """Save the drawing as plots/Drawing_NNN.png."""
        if self.read() is None:
            print("Nothing drawn: nothing saved", flush=True)
            return
        path = self.save(nextFreePath(self.plotsDir, "Drawing"))
        if path is not None:
            print(f"Saved {path}", flush=True)

    def saveMine(self, digit):
        """Save the drawing as one of your own digits, mine/D_NNN.png, then clear; say which:
        'Saved mine/1_002.png as your digit 1 (your 2nd 1; 5 digits of yours in all)'."""
        if self.read() is None:
            print(f"Nothing drawn: no digit {digit} saved", flush=True)
            return
        path = self.save(nextFreePath(self.mineDir, str(digit)))
        if path is None:
            return
        ofDigit, inAll = countMine(self.mineDir, digit)
        print(f"Saved {path} as your digit {digit} (your {ordinal(ofDigit)} {digit}; "
              f"{inAll} digit{'' if inAll == 1 else 's'} of yours in all)", flush=True)
        self.blank()

    def save(self, path):
        """Write the drawing to path as drawn (dark ink on light paper, CANVAS px a side); on
        failure (e.g. a read-only folder) say so in one line and keep the window open."""
        try:
            return savePng(self.drawing.pixels(), path)
        except OSError as error:
            print(f"error: could not save {path}: {error}", file=sys.stderr, flush=True)
            return None


    # -- teaching: t retrains in the background, the window polls for its news --

    def teach(self):
        """The t key: start one retraining (retraining.Retraining) from the weights the window
        answers with, unless one is under way or there is nothing to teach."""
        if self.retraining is not None:
            self.tell("Already retraining: wait for it to finish (t does nothing meanwhile)")
            return
        if self.dataDir is None:
            self.tell("No data folder given: this window cannot retrain")
            return
        if not self.mineDir.is_dir() or countMine(self.mineDir, None)[1] == 0:
            self.tell(f"Nothing to teach yet: draw a digit and press its key to save it in "
                      f"{self.mineDir}, then t")
            return
        self.retraining = retraining.Retraining(self.nn.W1, self.nn.W2, self.dataDir,
                                                 self.mineDir, self.settings).start()
        self.tell(f"Retraining on the training digits and your digits in {self.mineDir} "
                  f"(you can go on drawing)")
        self.timer = self.fig.canvas.new_timer(interval=POLL_EVERY)
        self.timer.add_callback(self.poll)
        self.timer.start()

    def poll(self):
        """On the window's thread (its timer): show the retraining's news; at its end swap the
        new weights in (done), or keep the old ones (failed, cancelled)."""
        if self.retraining is None:
            return
        news = None
        while not self.retraining.messages.empty():
            news = self.retraining.messages.get()
            if news[0] != "progress":
                self.finishTeaching(news)
                return
        if news is not None:
            _, iteration, J = news
            self.showTeaching(progressBar(iteration, self.retraining.settings.maxiter, J))

    def finishTeaching(self, news):
        """The retraining ended: say how, and with new weights answer the drawing again."""
        self.retraining = None
        if self.timer is not None:
            self.timer.stop()
        kind, outcome = news
        if kind == "done":
            self.nn = outcome.nn
            self.tell(outcome.summary(), shown=windowSummary(outcome))
            self.showAnswer(self.read())
        else:
            self.tell(outcome, error=kind == "failed")

    def stopTeaching(self):
        """Cancel a retraining under way, waiting for it only once it trains (see
        retraining.Retraining.cancel): nothing is saved, the old weights stay."""
        retraining, self.retraining = self.retraining, None
        if self.timer is not None:
            self.timer.stop()
        if retraining is None:
            return
        if retraining.cancel() == "done":          # it had just saved, before this window knew
            print("Window closed as the retraining ended: its new weights were saved",
                  flush=True)
        else:
            print("Window closed while retraining: stopped, nothing saved, the previous "
                  "trained weights are kept", flush=True)

    def tell(self, line, shown=None, error=False):
        """Print a line about teaching (stderr for a failure) and show it (or `shown`) in the window."""
        print(f"error: {line}" if error else line, file=sys.stderr if error else sys.stdout,
              flush=True)
        self.showTeaching(shown or line)

    def showTeaching(self, text):
        """The teaching line at the top of the answer's side, redrawn at once."""
        self.teachText.set_text(text)
        if self.answerBackground is not None:
            self.blitAnswer()
        else:
            self.fig.canvas.draw_idle()


def progressBar(iteration, maxiter, J):
    """'Retraining ████████░░░░ iteration 40 of 100, cost 0.4721'."""
    done = round(BAR_CELLS * min(iteration / maxiter, 1))
    return (f"Retraining {'█' * done}{'░' * (BAR_CELLS - done)} iteration {iteration} of "
            f"{maxiter}, cost {J:.4f}")


def windowSummary(outcome):
    """A retraining's before and after in two lines short enough for the window."""
    return (f"Retrained in {outcome.seconds:.1f} s ({outcome.iterations} iterations in "
            f"{outcome.trainingSeconds:.1f} s): your digits "
            f"{outcome.mineBefore}/{outcome.mineCount} → {outcome.mineAfter}/{outcome.mineCount} "
            f"read right (trained on)\nheld-out digits {outcome.heldOutBefore:.1f} % → "
            f"{outcome.heldOutAfter:.1f} % ({outcome.heldOutCount} never trained on)")
