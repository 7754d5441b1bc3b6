"""leftout.py — is a picture of a kind never trained on answered "unsure"? One kind left out at a time.

Usage:
    python bench/leftout.py                      # 1 + 10 validation trainings and the default model
                                                 # (about 12 min on a 2-core machine)
    python bench/leftout.py --mix letter,scribble,shape,noise   # another training mix of kinds
    python bench/leftout.py --quick              # a smoke test: 5 iterations, a few pictures (seconds)
    python bench/leftout.py --draw-kinds docs/NonDigits.png   # only a picture of each kind

train.py teaches the network "none of these" with generated non-digits (nondigits.py), and an
answer is unsure when its top output is below unsure.UNSURE_BELOW. A user draws things no
generator drew; how often those are flagged is measured here by leaving each kind out in turn:
trained on the other kinds, measured on the one it never saw.

1. Choose (validation data only): train.py's default training on the training digits less a
   seeded validation fifth (curves.splitValidation), once with every kind of the mix and once
   for each kind of nondigits.KINDS with that kind left out (the same number of pictures, the
   other kinds in equal shares; a kind outside the mix is left out of the mix's own model). On
   the validation digits and on VALIDATION_PER_KIND pictures of each kind drawn from
   nondigits.VALIDATION_SEED (never trained on), for each candidate threshold: the correctly
   read validation digits flagged (the mean over the validation models, and the whole mix's),
   and each kind flagged when left out and when trained on. The threshold chosen is the largest
   candidate flagging at most MAX_CORRECT_FLAGGED % of the correctly read validation digits on
   average over the validation models.
2. Measure (never used to choose): the default model, trained as train.py trains it with the
   mix (training.trainOn: seed 0, every training digit), at the chosen threshold: its held-out
   accuracy, MNIST's test digits read right and flagged, and TEST_PER_KIND pictures of each kind
   of nondigits.TEST_SEED.

The kinds made of digits (nondigits.DIGIT_KINDS) are made of the digits each model trains on:
the fitted digits for the validation models (never a validation or held-out digit), the
training digits for the default model and its test pictures (never a held-out digit).
"""
import argparse
import contextlib
import dataclasses
import io
import itertools
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from pictures import SHARED  # noqa: E402  (bench/pictures.py, beside this script)
from recognizer import cli, curves, digitdata, importers, nondigits, picture, training, unsure  # noqa: E402
from recognizer.conventions import classesOf, classToDigit  # noqa: E402
from recognizer.errors import DataError  # noqa: E402
from recognizer.settings import DEFAULTS  # noqa: E402

CANDIDATES = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
MAX_CORRECT_FLAGGED = 3.0        # % of correctly read validation digits, as bench/whenunsure.py
VALIDATION_PER_KIND, TEST_PER_KIND = 100, 200
KIND_SAMPLES = 8                 # pictures of each kind in --draw-kinds's PNG
QUICK = {"maxiter": 5, "nonDigits": 40, "validation": 4, "test": 5, "mnist": 200}


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--mix", type=kindList, default=DEFAULTS.nonDigitKinds,
                        metavar="KIND[,KIND...]",
                        help=f"the kinds of non-digit trained on, of {', '.join(nondigits.KINDS)} "
                             f"(default: train.py's, settings.nonDigitKinds)")
    parser.add_argument("--nondigits", type=cli.wholeNumberFrom(len(nondigits.KINDS)),
                        default=DEFAULTS.nonDigits, metavar="N",
                        help="generated non-digits each model trains on, the mix's kinds in equal "
                             "shares (default: train.py's, %(default)s)")
    parser.add_argument("--data-dir", type=cli.folder, default=None,
                        help="folder with X.in and y.in, the digits to train and measure on "
                             "(default: the default set, built in a temporary folder)")
    parser.add_argument("--mnist", type=cli.folder, default=SHARED / "mnist",
                        help="folder with MNIST's test IDX files (default: ../shared/data/mnist)")
    parser.add_argument("--draw-kinds", type=Path, default=None, metavar="FILE",
                        help="only save a PNG of each kind (KIND_SAMPLES pictures of the test "
                             "seed as drawn, and below them the 20×20 rows the network sees) "
                             "and stop")
    parser.add_argument("--quick", action="store_true",
                        help=f"a smoke test in seconds: {QUICK['maxiter']} iterations, "
                             f"{QUICK['nonDigits']} training non-digits, {QUICK['validation']} "
                             f"validation and {QUICK['test']} test pictures of each kind, the first "
                             f"{QUICK['mnist']} MNIST test digits; its numbers mean nothing")
    return parser.parse_args(argv)


def kindList(text):
    """'letter,face' → ('letter', 'face'): kinds of nondigits.KINDS, for argparse."""
    kinds = tuple(kind.strip() for kind in text.split(",") if kind.strip())
    unknown = [kind for kind in kinds if kind not in nondigits.KINDS]
    if unknown or not kinds:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or 'no kind'}: give kinds of {', '.join(nondigits.KINDS)}, "
            f"separated by commas")
    return kinds


# ----- what is flagged -----

def flaggedShare(H, threshold, refused=0):
    """% of the rows whose top output is below the threshold, `refused` more pictures (picture.py
    would not read them) counted as flagged."""
    return 100 * (np.sum(H.max(axis=1) < threshold) + refused) / (len(H) + refused)


def correctFlagged(H, digits, threshold):
    """% of the correctly read rows (outputs H, true digits) that are flagged at the threshold."""
    correct = classToDigit(classesOf(H)) == digits
    return flaggedShare(H[correct], threshold) if correct.any() else float("nan")


def kindOutputs(nn, pictures):
    """{kind: (outputs, refused)} of a network for each kind's (rows, refused)."""
    return {kind: (nn.forward(rows), refused) for kind, (rows, refused) in pictures.items()}


def kindShare(outputs, threshold):
    """% of one kind's pictures flagged, for its (outputs, refused)."""
    H, refused = outputs
    return flaggedShare(H, threshold, refused)


def picturesOfEach(count, seed, digits):
    """{kind: (rows, refused)}: count pictures of every kind of nondigits.KINDS drawn from the
    set of that seed, the digit kinds made of `digits`."""
    return {kind: nondigits.rowsOf(kind, count, nondigits.kindSeed(kind, seed), digits)
            for kind in nondigits.KINDS}


# ----- 1. choose on validation data -----

def quietly(function, *args, **kwargs):
    """function(*args, **kwargs) with its printed progress swallowed."""
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


def validationRuns(settings, X, y, fit, check, counts, dataDir):
    """The validation models' outputs: (outputs on the validation digits, {kind: outputs}) for
    the whole mix (key None) and for each kind left out (key: that kind)."""
    pictures = picturesOfEach(counts["validation"], nondigits.VALIDATION_SEED, X[fit])
    runs = {}
    for leftOut in (None, *nondigits.KINDS):
        kinds = tuple(kind for kind in settings.nonDigitKinds if kind != leftOut)
        if leftOut is not None and kinds == settings.nonDigitKinds:
            runs[leftOut] = runs[None]                 # outside the mix: its model never saw it
            continue
        started = time.perf_counter()
        nn = quietly(training.trainOn, dataclasses.replace(settings, nonDigitKinds=kinds),
                     X, y, fit, dataDir)
        runs[leftOut] = nn.forward(X[check]), kindOutputs(nn, pictures)
        print(f"  trained {'on the whole mix' if leftOut is None else f'without {leftOut}'} "
              f"({len(kinds)} kinds): {len(nn.costs)} iterations in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    return runs


def models(runs):
    """The validation models' outputs, each model once (a kind outside the mix shares the whole
    mix's)."""
    return [runs[None]] + [run for kind, run in runs.items() if kind is not None and run is not runs[None]]


def correctFlaggedMean(runs, digits, threshold):
    """% of the correctly read validation digits flagged, the mean over the validation models.
    They differ in one kind of non-digit only: each is an estimate of what the default training
    does to digits, and their mean is steadier than any one of them."""
    return float(np.mean([correctFlagged(H, digits, threshold) for H, _ in models(runs)]))


def chooseThreshold(runs, digits):
    """The largest candidate flagging at most MAX_CORRECT_FLAGGED % of the correctly read
    validation digits, on average over the validation models (the smallest candidate when none
    does)."""
    ok = [t for t in CANDIDATES if correctFlaggedMean(runs, digits, t) <= MAX_CORRECT_FLAGGED]
    return max(ok, default=min(CANDIDATES))


def leftOutShare(runs, kind, threshold):
    """% of a kind's validation pictures flagged by the model that never saw that kind."""
    return kindShare(runs[kind][1][kind], threshold)


def trainedOnShare(runs, kind, threshold, mix):
    """% of a kind's validation pictures flagged by the whole mix's model, or None when the mix
    does not hold that kind."""
    return kindShare(runs[None][1][kind], threshold) if kind in mix else None


def validationLines(runs, digits, mix, chosen):
    """The trade-off for each candidate, then each kind at the chosen threshold, in Markdown."""
    H = runs[None][0]
    correct = classToDigit(classesOf(H)) == digits
    lines = [f"Validation: {len(digits)} training digits set aside ({100 * correct.mean():.1f} % "
             f"read right by the whole mix's model)",
             "", f"| unsure below | correct validation digits flagged, mean of the {len(models(runs))} "
                 f"models (the whole mix's) | misread flagged (the whole mix's) "
             "| left out, mean of the kinds | trained on, mean |", "|---|---|---|---|---|"]
    for t in CANDIDATES:
        left = np.mean([leftOutShare(runs, kind, t) for kind in nondigits.KINDS])
        trained = [trainedOnShare(runs, kind, t, mix) for kind in mix]
        misread = flaggedShare(H[~correct], t) if (~correct).any() else float("nan")
        mark = "**" if t == chosen else ""
        lines.append(f"| {mark}{t:.2f}{mark} | {correctFlaggedMean(runs, digits, t):.1f} % "
                     f"({correctFlagged(H, digits, t):.1f} %) | {misread:.1f} % "
                     f"| {left:.1f} % | {np.mean(trained):.1f} % |")
    lines += ["", f"Chosen: {chosen:.2f}, the largest flagging at most {MAX_CORRECT_FLAGGED:g} % of "
                  f"the correctly read validation digits on average over the models "
                  f"(unsure.UNSURE_BELOW is {unsure.UNSURE_BELOW})",
              "", "| kind | flagged when left out | flagged when trained on | correct validation "
                  "digits flagged by the model without it |", "|---|---|---|---|"]
    for kind in nondigits.KINDS:
        trained = trainedOnShare(runs, kind, chosen, mix)
        lines.append(f"| {nondigits.NAMES[kind]} | {leftOutShare(runs, kind, chosen):.1f} % | "
                     f"{'—' if trained is None else f'{trained:.1f} %'} | "
                     f"{correctFlagged(runs[kind][0], digits, chosen):.1f} % |")
    left = np.mean([leftOutShare(runs, kind, chosen) for kind in nondigits.KINDS])
    lines.append(f"| mean of the kinds | {left:.1f} % | | |")
    return lines


# ----- 2. measure the default model -----

def mnistTest(mnistDir, limit=None):
    """MNIST's test digits as course rows and their digits (the first `limit` of them)."""
    images, digits = importers.readMnist(Path(mnistDir) / "t10k-images-idx3-ubyte.gz",
                                         Path(mnistDir) / "t10k-labels-idx1-ubyte.gz")
    return picture.mnistToRows(images[:limit]), np.asarray(digits[:limit])


def measureLines(settings, X, y, train, test, mnist, counts, chosen, dataDir):
    """The default model with the mix: held-out accuracy, MNIST's test digits and the test
    non-digits, at each candidate threshold (the chosen one in bold), in Markdown."""
    started = time.perf_counter()
    nn = quietly(training.trainOn, settings, X, y, train, dataDir)
    heldOut = 100 * np.mean(nn.predictClasses(X[test]) == classesOf(y[test]))
    Hmnist = nn.forward(mnist[0])
    mnistRight = 100 * np.mean(classToDigit(classesOf(Hmnist)) == mnist[1])
    pictures = kindOutputs(nn, picturesOfEach(counts["test"], nondigits.TEST_SEED, X[train]))
    lines = [f"The default model (seed {settings.seed}, {len(train)} training digits, "
             f"{settings.nonDigits} non-digits of the mix; trained in "
             f"{time.perf_counter() - started:.0f} s): held-out accuracy {heldOut:.2f} % "
             f"({len(test)} digits); MNIST's {len(mnist[1])} test digits {mnistRight:.2f} % read right",
             "", "| unsure below | correct MNIST test digits flagged | "
             + " | ".join(nondigits.NAMES[kind] for kind in nondigits.KINDS) + " | all test non-digits |",
             "|---|---|" + "---|" * (len(nondigits.KINDS) + 1)]
    for t in CANDIDATES:
        shares = [kindShare(pictures[kind], t) for kind in nondigits.KINDS]
        mark = "**" if t == chosen else ""
        lines.append(f"| {mark}{t:.2f}{mark} | {correctFlagged(Hmnist, mnist[1], t):.1f} % | "
                     + " | ".join(f"{share:.1f} %" for share in shares) + f" | {np.mean(shares):.1f} % |")
    return lines


def keptPictures(kind, seed, digits):
    """(picture, row) of each picture of a kind that rowsOf keeps: read by picture.py, and not a
    cut digit that looks like a 1."""
    for gray in nondigits.drawings(kind, seed, digits):
        try:
            row = picture.arrayToRow(gray)
        except DataError:
            continue
        if not nondigits.looksLikeAOne(kind, row):
            yield gray, row


def drawKinds(path, digits):
    """A PNG of KIND_SAMPLES pictures of each kind (of nondigits.TEST_SEED, the digit kinds made
    of `digits`, those rowsOf keeps), a row each: each picture as drawn, the 20×20 row the
    network sees beneath it."""
    tile, gap = nondigits.SIDE, 4
    sheet = Image.new("L", (KIND_SAMPLES * (tile + gap) + gap, len(nondigits.KINDS) * (2 * tile + 3 * gap)), 160)
    for k, kind in enumerate(nondigits.KINDS):
        kept = keptPictures(kind, nondigits.kindSeed(kind, nondigits.TEST_SEED), digits)
        top = k * (2 * tile + 3 * gap) + gap
        for i, (gray, row) in enumerate(itertools.islice(kept, KIND_SAMPLES)):
            left = gap + i * (tile + gap)
            sheet.paste(Image.fromarray(np.round(255 * gray).astype(np.uint8)), (left, top))
            seen = 1 - np.clip(row.reshape(20, 20).T, 0, 1)       # ink dark, upright
            sheet.paste(Image.fromarray(np.round(255 * seen).astype(np.uint8)).resize((tile, tile), Image.NEAREST),
                        (left, top + tile + gap))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)
    return path


def run(args):
    """Choose on validation data, then measure the default model; prints Markdown."""
    if args.draw_kinds is not None:
        with tempfile.TemporaryDirectory() as temporary:
            X, y = quietly(digitdata.loadData, args.data_dir or Path(temporary))
        train, _ = training.splitHeldOut(len(X), DEFAULTS.testFraction, DEFAULTS.seed)
        print(f"Saved {drawKinds(args.draw_kinds, X[train])}")
        return 0
    started = time.perf_counter()
    counts = QUICK if args.quick else {"maxiter": DEFAULTS.maxiter, "nonDigits": args.nondigits,
                                       "validation": VALIDATION_PER_KIND, "test": TEST_PER_KIND,
                                       "mnist": None}
    settings = dataclasses.replace(DEFAULTS, nonDigitKinds=tuple(args.mix), maxiter=counts["maxiter"],
                                   nonDigits=counts["nonDigits"])
    mnist = mnistTest(args.mnist, counts["mnist"])     # before the long part: the files exist
    if args.quick:
        print("--quick: a smoke test; its numbers mean nothing")
    print(f"Mix: {', '.join(args.mix)}; {settings.nonDigits} training non-digits, "
          f"{settings.maxiter} iterations, λ = {settings.lambd:g}, seed {settings.seed}")
    with tempfile.TemporaryDirectory() as temporary:
        dataDir = args.data_dir or Path(temporary)     # the default set is built there
        X, y = quietly(digitdata.loadData, dataDir)
        train, test = training.splitHeldOut(len(X), settings.testFraction, settings.seed)
        fit, check = curves.splitValidation(train, settings.seed)
        digits = classToDigit(classesOf(y[check]))
        runs = validationRuns(settings, X, y, fit, check, counts, dataDir)
        chosen = chooseThreshold(runs, digits)
        lines = validationLines(runs, digits, args.mix, chosen)
        lines += [""] + measureLines(settings, X, y, train, test, mnist, counts, chosen, dataDir)
    print("\n" + "\n".join(lines))
    print(f"\nleftout.py took {(time.perf_counter() - started) / 60:.1f} min")
    return 0


def main(argv=None):
    """Run the left-out bench; returns the exit code: 0 done, 1 bad data, 2 bad arguments."""
    args = parseArguments(argv)
    return cli.exitCode("leftout.py", lambda: run(args))


if __name__ == "__main__":
    sys.exit(main())
