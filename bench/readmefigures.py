"""readmefigures.py — measure again every figure README.md quotes, and list those that changed.

Usage:
    python bench/readmefigures.py                  # every figure: seven trainings, a few minutes
    python bench/readmefigures.py --quick          # only those that need no training (seconds)
    python bench/readmefigures.py --only course,teach
    python bench/readmefigures.py --keep runs/     # keep the trainings' folders (weights, plots)

Each figure is one row of FIGURES: a label, where the README holds it (a regular expression whose
group 1 is the figure as written, searched after an optional anchor line), how today's value is
measured, and how the two are compared:
  number  equal when today's value, rounded to the README's decimals, is the README's number;
  text    a line of a transcript, equal when it is today's line (paths shortened, spaces collapsed);
  time    a duration, equal within a factor of TIME_FACTOR (or TIME_SLACK s): the machine varies,
          so it is compared with the median of the five trainings of seeds 0–4.
A space in a pattern matches any run of whitespace, line breaks included, so re-wrapping the
README loses no figure. A figure the README no longer holds counts as changed.

The measurements are done as a user does them, by the commands the README gives: train.py for
seeds 0–4 in temporary folders (the default model is seed 0's), predict.py on example 3402, on
docs/Smiley.png and docs/Twelve.png and on each folder of ../shared/data/pictures, dataset.py to
bring in the course's weights and MNIST's test digits, train.py --mine for "Teach it your
handwriting"; the settings are read from the code.

Prints, for each figure, the README's text and today's measurement, then the ones that differ.
Exit status: 0 when every figure measured is current, 1 when one differs or is missing, 2 bad
arguments.
"""
import argparse
import datetime
import inspect
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from NN import Neural_Network  # noqa: E402  (the root first)
from recognizer import cli, datafiles, digitdata, unsure  # noqa: E402
from recognizer.errors import DataError  # noqa: E402
from recognizer.settings import COURSE_HIDDEN, DEFAULTS, MINE_HIDDEN, WINDOW_ITERATIONS  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
SEEDS = range(5)
FOLDERS = ("marker", "photo", "lowres", "minetest")       # the pictures the README's table quotes
UNSURE_PICTURES = ("Smiley.png", "Twelve.png")            # in docs/: drawn by hand, not by nondigits.py
GROUPS = ("settings", "course", "train", "teach")         # in the order they are measured
QUICK = ("settings", "course")                            # no training: seconds
TIME_FACTOR, TIME_SLACK = 2.0, 0.3
SHORT = 30                # a figure this short is printed on its label's line


# ----- the figures -----

@dataclass(frozen=True)
class Figure:
    """One figure of the README: where it is, and how today's value is measured."""
    label: str
    pattern: str                          # group 1 is the figure; a space matches any whitespace
    measure: Callable[[dict], object]     # today's value, from the measurements of its group
    group: str                            # settings, course, train or teach
    kind: str = "number"                  # number, text or time
    within: str = None                    # the figure is the first match after this line

    def regex(self, pattern=None):
        return re.compile((pattern or self.pattern).replace(" ", r"\s+"), re.MULTILINE)


def lineOf(output, start):
    """The first line of output that starts with the regular expression start."""
    found = re.search(f"^{start}.*$", output, re.MULTILINE)
    return found.group(0) if found else None


def answerLine(output, title, start):
    """In predict.py's output for several pictures, the line starting with `start` of the
    answer headed `title`."""
    block = output.split(f"\n{title}\n", 1)[-1] if f"\n{title}\n" in output else ""
    return lineOf(block, start)


def transcript(label, start, key, group="train", within=None):
    """A whole line of a transcript, compared with today's line that starts the same way."""
    return Figure(label, f"^({start}.*)$", lambda m: lineOf(m[key], start), group, "text", within)


def iteration(n):
    """The cost (number) and time (time, median of the seeds) of train.py's progress line n."""
    line = rf"^Iteration +{n} \| Cost: "
    return [Figure(f"train.py: cost at iteration {n}", line + r"([\d.]+) \|",
                   lambda m: m["seeds"][0]["costs"][n], "train"),
            Figure(f"train.py: seconds at iteration {n} (median of seeds 0–4)",
                   line + r"[\d.]+ \| +([\d.]+) s$",
                   lambda m: statistics.median(s["times"][n] for s in m["seeds"]), "train", "time")]


def seedsText(m):
    """'95.40, 95.40, 95.80, 94.90, 96.10 % (mean 95.52 %)': the held-out accuracy of each seed."""
    heldOut = [s["test"] for s in m["seeds"]]
    return ", ".join(f"{a:.2f}" for a in heldOut) + f" % (mean {statistics.mean(heldOut):.2f} %)"


def spread(m):
    """How far the seeds' held-out accuracies lie from their mean, at most (points)."""
    heldOut = [s["test"] for s in m["seeds"]]
    return max(abs(a - statistics.mean(heldOut)) for a in heldOut)


PREDICT = r"^\$ python predict\.py$"
UNSURE = r"^\$ python predict\.py --image docs/Smiley\.png docs/Twelve\.png$"
TRAIN = r"^\$ python train\.py$"

FIGURES = [
    # the settings, read from the code
    Figure("λ of NN.configureNN (the tutorial's)", r"`NN\.configureNN` defaults to the tutorial's λ = ([\d.]+)",
           lambda m: m["configureLambda"], "settings"),
    Figure("λ of train.py", r"`train\.py` uses λ = ([\d.]+),", lambda m: DEFAULTS.lambd, "settings"),
    Figure("λ of the accuracy figures", r"\(`python train\.py`, seed 0, λ = ([\d.]+),",
           lambda m: DEFAULTS.lambd, "settings"),
    Figure("iterations of the accuracy figures", r"seed 0, λ = [\d.]+, (\d+) iterations",
           lambda m: DEFAULTS.maxiter, "settings"),
    Figure("unsure below", r"top output is below ([\d.]+) is marked", lambda m: unsure.UNSURE_BELOW, "settings"),
    Figure("your digits' share of the rows (%)", r"into the training rows \((\d+) % of them\)",
           lambda m: 100 * DEFAULTS.mineShare, "settings"),
    Figure("hidden units with your digits", r"gives the network (\d+) hidden units instead of",
           lambda m: MINE_HIDDEN, "settings"),
    Figure("hidden units without", r"hidden units instead of (\d+), room", lambda m: COURSE_HIDDEN, "settings"),
    Figure("the window's iterations", r"\((\d+) more iterations, a few seconds", lambda m: WINDOW_ITERATIONS, "settings"),
    Figure("option --hidden", r"^\| `--hidden` \| (\d+) \|", lambda m: COURSE_HIDDEN, "settings"),
    Figure("option --lambd", r"^\| `--lambd` \| ([\d.]+) \|", lambda m: DEFAULTS.lambd, "settings"),
    Figure("option --maxiter", r"^\| `--maxiter` \| (\d+) \|", lambda m: DEFAULTS.maxiter, "settings"),
    Figure("option --seed", r"^\| `--seed` \| (\d+) \|", lambda m: DEFAULTS.seed, "settings"),
    Figure("option --test-fraction", r"^\| `--test-fraction` \| ([\d.]+) \|", lambda m: DEFAULTS.testFraction, "settings"),
    Figure("option --nondigits", r"^\| `--nondigits` \| (\d+) \|", lambda m: DEFAULTS.nonDigits, "settings"),
    Figure("option --mine-share", r"^\| `--mine-share`, `--mine-copies` \| ([\d.]+),", lambda m: DEFAULTS.mineShare, "settings"),
    Figure("option --mine-copies", r"^\| `--mine-share`, `--mine-copies` \| [\d.]+, `(\w+)`",
           lambda m: DEFAULTS.mineCopies, "settings", "text"),
    Figure("share held out (%)", r"A seeded (\d+) % is held out", lambda m: 100 * DEFAULTS.testFraction, "settings"),

    # the course's weights: why the pixels are column-major
    Figure("course's weights on the default set, column-major (%)", r"read (\d+\.\d+) % of the default data set as stored",
           lambda m: m["course.columnMajor"], "course"),
    Figure("course's weights on the default set, read row-major (%)", r"and (\d+\.\d+) % \(barely above guessing\)",
           lambda m: m["course.rowMajor"], "course"),

    # python train.py, seed 0: the transcript
    transcript("train.py: picture of the inputs", r"Saved plots/TrainingData\.png", "seed0", within=TRAIN),
    transcript("train.py: held out", r"\d+ examples held out for testing", "seed0", within=TRAIN),
    transcript("train.py: non-digits", r"\d+ pictures that are not digits", "seed0", within=TRAIN),
    transcript("train.py: training rows", r"\d+ training rows", "seed0", within=TRAIN),
    transcript("train.py: start", r"Starting from ", "seed0", within=TRAIN),
    transcript("train.py: settings", r"Training: L-BFGS-B", "seed0", within=TRAIN),
    *[figure for n in (1, 20, 200, 400) for figure in iteration(n)],
    transcript("train.py: optimizer's message", r"Optimizer: ", "seed0", within=TRAIN),
    Figure("train.py: evaluations of the cost", r"^\d+ iterations, (\d+) evaluations of the cost",
           lambda m: m["seeds"][0]["evaluations"], "train"),
    Figure("train.py: milliseconds an evaluation (median of seeds 0–4)",
           r"evaluations of the cost and its gradient \((\d+) ms each\)",
           lambda m: statistics.median(s["msEach"] for s in m["seeds"]), "train", "time"),
    transcript("train.py: weights saved", r"Saved data/TrainedW1\.in", "seed0", within=TRAIN),
    transcript("train.py: training accuracy", r"Training Set Accuracy: ", "seed0", within=TRAIN),
    transcript("train.py: held-out accuracy", r"Test Set Accuracy: ", "seed0", within=TRAIN),
    transcript("train.py: pictures saved", r"Saved plots/Cost\.png", "seed0", within=TRAIN),
    Figure("train.py: wall time, s (seed 0 again: the non-digits kept)", r"It takes about (\d+) s",
           lambda m: m["again"], "train", "time"),
    Figure("train.py: the first run's wall time, s (building X.in, then seed 0)",
           r"the first run (\d+) s", lambda m: m["first"], "train", "time"),

    # python predict.py: example 3402
    transcript("predict.py: true label", r"True label: ", "predict", within=PREDICT),
    transcript("predict.py: class", r"Class number: ", "predict", within=PREDICT),
    transcript("predict.py: top outputs", r"Top probabilities: ", "predict", within=PREDICT),
    transcript("predict.py: why", r"Why: ", "predict", within=PREDICT),

    # How it decides: a smiley and a "12" drawn by hand
    Figure("smiley: class", r"^Image Smiley\.png\n(Class number: .*)$",
           lambda m: answerLine(m["unsure"], "Image Smiley.png", "Class number: "), "train", "text", UNSURE),
    Figure("smiley: top outputs", r"^Image Smiley\.png\nClass number: .*\n(Top probabilities: .*)$",
           lambda m: answerLine(m["unsure"], "Image Smiley.png", "Top probabilities: "), "train", "text", UNSURE),
    Figure("twelve: class", r"^Image Twelve\.png\n(Class number: .*)$",
           lambda m: answerLine(m["unsure"], "Image Twelve.png", "Class number: "), "train", "text", UNSURE),
    Figure("twelve: top outputs", r"^Image Twelve\.png\nClass number: .*\n(Top probabilities: .*)$",
           lambda m: answerLine(m["unsure"], "Image Twelve.png", "Top probabilities: "), "train", "text", UNSURE),
    Figure("twelve flagged unsure", r'"12" (is flagged|is not flagged);',
           lambda m: "is flagged" if "unsure" in answerLine(m["unsure"], "Image Twelve.png", "Class number: ")
           else "is not flagged", "train", "text"),
    Figure("smiley flagged unsure", r"; the smiley (is not|is flagged):",
           lambda m: "is flagged" if "unsure" in answerLine(m["unsure"], "Image Smiley.png", "Class number: ")
           else "is not", "train", "text"),
    Figure("smiley's top output", r"the smiley (?:is not|is flagged): its top output is (\d+\.\d+)",
           lambda m: number(r"^Top probabilities: digit \d ([\d.]+)",
                            answerLine(m["unsure"], "Image Smiley.png", "Top probabilities: ")), "train"),

    # Teach it your handwriting
    Figure("minetest/ read after teaching mine/", r"reads (\d+) of the 100 `minetest/` digits",
           lambda m: m["teach.minetest"], "teach"),
    Figure("minetest/ read without teaching", r"`minetest/` digits \((\d+) without\)",
           lambda m: m["pictures"]["minetest"], "train"),
    Figure("held-out accuracy after teaching mine/ (%)", r"and ([\d.]+) % of the held-out digits \(",
           lambda m: m["teach.heldOut"], "teach"),
    Figure("held-out accuracy without teaching (%)", r"of the held-out digits \(([\d.]+) % without\)",
           lambda m: m["seeds"][0]["test"], "train"),

    # Accuracy
    Figure("accuracy: training digits (%)", r"training digits \(trained on\) \| ([\d.]+) %",
           lambda m: m["seeds"][0]["training"], "train"),
    Figure("accuracy: held-out digits, seed 0 (%)", r"held-out digits \(never trained on\) \| \*\*([\d.]+) %\*\*",
           lambda m: m["seeds"][0]["test"], "train"),
    Figure("accuracy: held-out digits, seeds 0–4", r"^\| the same, seeds 0–4 [^|]*\| ([^|]*?) \|$",
           seedsText, "train", "text"),
    Figure("accuracy: the seed's spread (points)", r"held-out figure by about ±([\d.]+) point", spread, "train"),
    Figure("accuracy: MNIST's 10,000 test digits (%)", r"MNIST's 10,000 test digits \(never trained on\) \| ([\d.]+) %",
           lambda m: m["mnist.model"], "train"),
    *[Figure(f"accuracy: pictures {folder}/ (of 100)", rf"^\|[^|\n]*`{folder}/` \([^)]*\) \| (\d+) \|",
             lambda m, folder=folder: m["pictures"][folder], "train") for folder in FOLDERS],
    Figure("the course's weights on MNIST's test digits (%)", r"The course's own weights read ([\d.]+) % of MNIST's test",
           lambda m: m["mnist.course"], "train"),
]


# ----- finding and comparing -----

def findFigure(figure, readme):
    """The figure as the README writes it, or None when the README does not hold it."""
    start = 0
    if figure.within is not None:
        anchor = figure.regex(figure.within).search(readme)
        if anchor is None:
            return None
        start = anchor.end()
    found = figure.regex().search(readme, start)
    return found.group(1) if found else None


def collapsed(text):
    """text with every run of whitespace made one space."""
    return " ".join(str(text).split())


def same(kind, written, today):
    """Whether today's value is the README's, compared as its kind says."""
    if today is None:
        return False
    if kind == "text":
        return collapsed(written) == collapsed(today)
    number = written.replace(",", "")
    if kind == "time":
        written, today = float(number), float(today)
        return abs(written - today) <= TIME_SLACK or 1 / TIME_FACTOR <= today / written <= TIME_FACTOR
    decimals = len(number.split(".")[1]) if "." in number else 0
    return f"{float(today):.{decimals}f}" == f"{float(number):.{decimals}f}"


def shown(kind, written, today):
    """Today's value as the README would write it (a number to the README's decimals)."""
    if today is None or kind == "text" or written is None:
        return "—" if today is None else str(today)
    number = written.replace(",", "")
    decimals = len(number.split(".")[1]) if "." in number else (1 if kind == "time" else 0)
    return f"{float(today):.{decimals}f}"


@dataclass
class Row:
    figure: Figure
    written: str      # the README's text, or None when missing
    today: object     # today's value, or None when not measured
    status: str       # current, DIFFERS, MISSING or not measured


def check(readme, measured, figures=FIGURES):
    """One Row per figure: the README's text beside today's value (measured holds the
    measurements; a figure whose group was not measured is 'not measured')."""
    rows = []
    for figure in figures:
        written = findFigure(figure, readme)
        if figure.group not in measured["groups"]:
            rows.append(Row(figure, written, None, "MISSING" if written is None else "not measured"))
            continue
        today = figure.measure(measured)
        status = ("MISSING" if written is None else
                  "current" if same(figure.kind, written, today) else "DIFFERS")
        rows.append(Row(figure, written, today, status))
    return rows


def report(rows, out=sys.stdout):
    """Print every figure (README's text, today's), then the ones that differ; returns the exit
    code: 0 when none differs or is missing."""
    for row in rows:
        mark = {"current": "ok", "not measured": "--"}.get(row.status, row.status)
        written = row.written if row.written is not None else "(not found)"
        today = shown(row.figure.kind, row.written, row.today) if row.status != "not measured" else None
        if len(written) <= SHORT and len(today or "") <= SHORT:
            print(f"[{mark:>7}] {row.figure.label}: README {written}"
                  + (f", today {today}" if today is not None else ""), file=out)
            continue
        print(f"[{mark:>7}] {row.figure.label}", file=out)
        print(f"          README: {written}", file=out)
        if today is not None:
            print(f"          today:  {today}", file=out)
    changed = [row for row in rows if row.status in ("DIFFERS", "MISSING")]
    counts = {status: sum(row.status == status for row in rows)
              for status in ("current", "DIFFERS", "MISSING", "not measured")}
    print(f"\n{counts['current']} current, {counts['DIFFERS']} differ, {counts['MISSING']} not found in "
          f"the README, {counts['not measured']} not measured (of {len(rows)} figures)", file=out)
    if changed:
        print("Differ from today's measurement:", file=out)
        for row in changed:
            today = shown(row.figure.kind, row.written, row.today)
            print(f"  - {row.figure.label}: README {row.written!r}, today {today!r}"
                  if row.written is not None else f"  - {row.figure.label}: not found in the README "
                                                  f"(pattern {row.figure.pattern!r})", file=out)
        if any(row.figure.kind == "time" for row in changed):
            print(f"  (a time differs by more than {TIME_FACTOR:g}× when the machine was slower or "
                  f"busier than the one the README's run was on: measure again on a quiet one, or "
                  f"update the README)", file=out)
    else:
        print("Every figure measured is current.", file=out)
    return 1 if changed else 0


# ----- measuring -----

def runScript(script, *args):
    """Run one of the project's commands as a user does; returns (its output, wall time in s)."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / script), *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise DataError(f"python {script} {' '.join(map(str, args))} failed (exit code "
                        f"{done.returncode}): {done.stderr.strip()[-300:]}")
    return done.stdout, wall


def shortened(output, folder):
    """Output whose paths under folder (holding data/ and plots/) read data/… and plots/…, as in
    the README."""
    return output.replace(f"{folder}/", "")


def number(pattern, output):
    """The number of group 1 of the first line of output matching pattern."""
    found = re.search(pattern, output, re.MULTILINE)
    if found is None:
        raise DataError(f"expected a line matching {pattern!r} in:\n{output[-500:]}")
    return float(found.group(1))


def parseTraining(output, wall):
    """The figures of one train.py run: accuracies, cost and time at each progress line, wall time."""
    progress = re.findall(r"^Iteration +(\d+) \| Cost: ([\d.]+) \| +([\d.]+) s$", output, re.MULTILINE)
    return {"training": number(r"^Training Set Accuracy: ([\d.]+)%", output),
            "test": number(r"^Test Set Accuracy: ([\d.]+)%", output),
            "costs": {int(n): float(cost) for n, cost, _ in progress},
            "times": {int(n): float(seconds) for n, _, seconds in progress},
            "evaluations": number(r"^\d+ iterations, (\d+) evaluations of the cost", output),
            "msEach": number(r"evaluations of the cost and its gradient \((\d+) ms each\)", output),
            "wall": wall}


def courseFigures(X, y, W1, W2):
    """The course's weights on the rows X as stored (column-major) and with each 20×20 image
    given row by row instead (to the weights: the digit transposed), in % read correctly."""
    nn = Neural_Network.fromWeights(W1, W2)
    rowMajor = X.reshape(-1, 20, 20).transpose(0, 2, 1).reshape(-1, 400)
    return {"course.columnMajor": nn.percentCorrect(X, y), "course.rowMajor": nn.percentCorrect(rowMajor, y)}


def measureSettings(work, args):
    """What the code says that the settings' figures do not: NN.configureNN's own λ."""
    return {"configureLambda": inspect.signature(Neural_Network.configureNN).parameters["lambd"].default}


def measureCourse(work, args):
    """python dataset.py default and mat ex4weights.mat into one folder, then courseFigures."""
    folder = work / "course"
    runScript("dataset.py", "default", "--data-dir", folder)
    runScript("dataset.py", "mat", args.mat, "--data-dir", folder)
    return courseFigures(*digitdata.loadData(folder), *datafiles.loadStartWeights(folder))


def measureTraining(work, args):
    """train.py for seeds 0–4; with seed 0's model (the default one): predict.py on example 3402,
    on the unsure pictures and on each folder of pictures, and MNIST's test digits."""
    base = work / "base"
    building = runScript("dataset.py", "default", "--data-dir", base)[1]   # what a first run does too
    seeds, outputs = [], {}
    for seed in SEEDS:
        folder = work / f"seed{seed}"
        (folder / "data").mkdir(parents=True)
        for name in ("X.in", "y.in"):
            shutil.copy(base / name, folder / "data" / name)
        print(f"  python train.py --seed {seed} …", file=sys.stderr, flush=True)
        output, wall = runScript("train.py", "--seed", seed, "--data-dir", folder / "data",
                                 "--plots-dir", folder / "plots")
        seeds.append(parseTraining(output, wall))
        outputs[seed] = shortened(output, folder)
    model = work / "seed0"
    options = ("--data-dir", model / "data", "--plots-dir", model / "plots")
    print("  python train.py again (its non-digit pictures kept) …", file=sys.stderr, flush=True)
    again = runScript("train.py", *options)[1]         # the same model again, as a later run
    predict = shortened(runScript("predict.py", *options)[0], model)
    pictures = [ROOT / "docs" / name for name in UNSURE_PICTURES]
    unsureOutput = shortened(runScript("predict.py", "--image", *pictures, *options)[0], model)
    read = {folder: int(number(r"^Read (\d+) of \d+ labelled pictures",
                               runScript("predict.py", "--image", args.pictures / folder, *options)[0]))
            for folder in FOLDERS}
    mnist = work / "mnist"
    runScript("dataset.py", "idx", args.mnist / "t10k-images-idx3-ubyte.gz",
              args.mnist / "t10k-labels-idx1-ubyte.gz", "--data-dir", mnist)
    runScript("dataset.py", "mat", args.mat, "--data-dir", mnist)
    X, y = digitdata.loadData(mnist)
    defaultModel = Neural_Network.fromWeights(*datafiles.loadTrainedWeights(model / "data"))
    return {"seeds": seeds, "seed0": outputs[0], "predict": predict, "unsure": unsureOutput,
            "again": again, "first": building + seeds[0]["wall"],
            "pictures": read,
            "mnist.model": defaultModel.percentCorrect(X, y),
            "mnist.course": Neural_Network.fromWeights(*datafiles.loadStartWeights(mnist)).percentCorrect(X, y)}


def measureTeaching(work, args):
    """python train.py --mine …/mine (the default settings with your digits), then predict.py
    on …/minetest with the weights it saved."""
    folder = work / "teach"
    options = ("--data-dir", folder / "data", "--plots-dir", folder / "plots")
    (folder / "data").mkdir(parents=True)
    print("  python train.py --mine …/mine …", file=sys.stderr, flush=True)
    output, _ = runScript("train.py", "--mine", args.pictures / "mine", *options)
    read, _ = runScript("predict.py", "--image", args.pictures / "minetest", *options)
    return {"teach.heldOut": number(r"^Test Set Accuracy: ([\d.]+)%", output),
            "teach.minetest": int(number(r"^Read (\d+) of \d+ labelled pictures", read))}


MEASURE = {"settings": measureSettings, "course": measureCourse, "train": measureTraining,
           "teach": measureTeaching}


def measure(groups, args):
    """The measurements of the groups asked for, in one dict; its 'groups' says which."""
    measured = {"groups": set()}
    with tempfile.TemporaryDirectory(prefix="readmefigures-") as temporary:
        work = Path(temporary)
        for group in GROUPS:
            if group in groups:
                print(f"Measuring: {group}", file=sys.stderr, flush=True)
                measured.update(MEASURE[group](work, args))
                measured["groups"].add(group)
        if args.keep is not None:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
    return measured


# ----- the command line -----

def groupList(text):
    """argparse type: groups of figures, separated by commas."""
    groups = [group.strip() for group in text.split(",") if group.strip()]
    unknown = [group for group in groups if group not in GROUPS]
    if unknown or not groups:
        raise argparse.ArgumentTypeError(f"{text!r}: give groups from {', '.join(GROUPS)}")
    return groups


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--quick", action="store_true",
                        help=f"only the figures that need no training ({', '.join(QUICK)}): seconds")
    parser.add_argument("--only", type=groupList, default=None, metavar="GROUP[,GROUP…]",
                        help=f"only these groups of figures: {', '.join(GROUPS)}")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md",
                        help="the README to check (default: README.md of the project)")
    parser.add_argument("--pictures", type=cli.folder, default=SHARED / "pictures",
                        help="folder of the labelled pictures (default: ../shared/data/pictures)")
    parser.add_argument("--mnist", type=cli.folder, default=SHARED / "mnist",
                        help="folder with MNIST's test files (default: ../shared/data/mnist)")
    parser.add_argument("--mat", type=Path, default=SHARED / "ex4weights.mat",
                        help="the course's weights (default: ../shared/data/ex4weights.mat)")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR",
                        help="copy the trainings' folders (weights, pictures) into DIR")
    return parser.parse_args(argv)


def loadAverage():
    """The 1, 5 and 15 minute load averages, as text."""
    try:
        return " ".join(f"{load:.2f}" for load in os.getloadavg())
    except (AttributeError, OSError):    # no load average on Windows
        return "unknown"


def run(args):
    """Measure the groups asked for, then print the report; returns the exit code."""
    groups = QUICK if args.quick else (args.only or GROUPS)
    readme = args.readme.read_text(encoding="utf-8")
    print(f"Figures of {args.readme.name}, measured again on {datetime.date.today()} "
          f"({', '.join(group for group in GROUPS if group in groups)}); load average at the "
          f"start {loadAverage()}", flush=True)
    measured = measure(groups, args)
    print(f"Load average at the end: {loadAverage()}\n", flush=True)
    return report(check(readme, measured))


def main(argv=None):
    """Run it; returns the exit code: 0 all current, 1 some differ (or bad data), 2 bad arguments."""
    args = parseArguments(argv)
    return cli.exitCode("readmefigures.py", lambda: run(args))


if __name__ == "__main__":
    cli.setUpStreams()
    sys.exit(main())
