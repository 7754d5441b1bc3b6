"""beforeafter.py — the project at an earlier commit and as it is now, taking turns round by round.

Usage:
    python bench/beforeafter.py --before 786075f          # that commit's NN.py against this one's
    python bench/beforeafter.py --before 786075f --quick  # seconds: a smoke run
    python bench/beforeafter.py --help                    # all options

On a shared machine two separate runs of bench.py are minutes apart and meet different
neighbours; here the two versions run side by side in one process, one after the other in every
round, so that each ratio (before / after, and each against its yardstick) is taken within a
round. Four parts, on the rows bench.py uses:
  1. one cost+gradient evaluation on train.py's 20,000 rows, before and after, next to its five
     matrix products alone and to its two large ones (the floor of bench.py), float64 and
     float32, default BLAS threads and one;
  2. 200 L-BFGS-B iterations on the data set's 5,000 rows from the same start: before, after and
     scikit-learn, float64 and float32 examples on both sides, default BLAS threads and one;
  3. `python train.py` (its defaults) of the earlier commit's tree and of this one: its wall
     time against train.py's own training clock, and the held-out accuracy it prints (after a
     first run each, reported apart: the one that keeps the non-digit pictures);
  4. the drawing window's `t` (retraining.Retraining.retrain, twice in one process, as two
     presses of the key) in each tree's folder of part 3: its time besides the training.
The earlier commit is read with `git archive` into a temporary folder; its NN.py is imported
from there under another name (see importNN).
"""
import importlib.util
import io
import json
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import NN  # noqa: E402  (the project root must be on sys.path first)
import bench  # noqa: E402  (bench/, this script's folder)
from recognizer import cli, datafiles, digitdata  # noqa: E402

DTYPES = bench.DTYPES
WALL_TARGET = 1.3          # python train.py's wall time / its own training time (issue #32)
WINDOW_TARGET = 1.0        # seconds of a t in the window besides its training, after the first


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--before", required=True,
                        help="the earlier commit (anything git names: a hash, a branch, HEAD~3)")
    parser.add_argument("--quick", action="store_true",
                        help="seconds-long run: few rounds, 10 iterations, train.py --maxiter 5")
    parser.add_argument("--data-dir", type=cli.folder, default=datafiles.DATA_DIR,
                        help="folder with X.in and y.in (default: data/ of the project)")
    parser.add_argument("--repeats", type=cli.positiveInt, default=None,
                        help="rounds of part 1 (default: 15, quick 3)")
    parser.add_argument("--train-repeats", type=cli.positiveInt, default=None,
                        help="rounds of parts 2 and 3 (default: 3, quick 1)")
    parser.add_argument("--skip-scripts", action="store_true", help="leave out parts 3 and 4")
    args = parser.parse_args(argv)
    args.repeats = args.repeats or (3 if args.quick else 15)
    args.train_repeats = args.train_repeats or (1 if args.quick else 3)
    args.compare_maxiter = 10 if args.quick else 200
    args.seed = 0
    return args


def earlierTree(revision, folder):
    """The project's files at `revision`, written into `folder` (git archive); returns the folder."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True,
                             capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return Path(folder)


def importNN(tree):
    """NN.py of another tree as a module of its own (named NN_before). The modules it imports
    that this process has not loaded yet come from that tree (an earlier layout kept blas.py and
    conventions.py at the root); those already loaded (the recognizer package) are this tree's."""
    spec = importlib.util.spec_from_file_location("NN_before", Path(tree) / "NN.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(tree))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(tree))
    return module


def ratioCell(numerator, denominator, what):
    """bench.ratioText of two candidates' per-round times."""
    return bench.ratioText(bench.perRound(numerator, denominator), what)


def evaluationPart(modules, data, args):
    """Part 1: rows and {threads: {name: seconds of each round}}."""
    X, y = data[0], data[1]
    rows, times = [], {}
    for threads in (None, 1):
        candidates = {}
        for dtype in DTYPES:
            Xd = X.astype(DTYPES[dtype])
            for who, module in modules.items():
                nn = bench.projectNetwork(X.shape[1], 1, args.seed, module)
                params = nn.unroll(nn.W1, nn.W2)
                candidates[f"{who} {dtype}"] = lambda nn=nn, p=params, Xd=Xd: nn.cost(p, Xd, y)
            candidates[f"floor {dtype}"] = bench.floorProducts(nn, params, Xd, y)
            candidates[f"five {dtype}"] = bench.fiveProducts(nn, params, Xd, y)
        bench.progress(f"part 1: one evaluation, BLAS threads {bench.threadLabel(threads)}")
        with bench.blasThreads(threads):
            t = {name: seconds for name, (seconds, _) in
                 bench.timeRounds(candidates, args.repeats).items()}
        times[threads] = t
        label = bench.threadLabel(threads)
        for dtype in DTYPES:
            floor, five = t[f"floor {dtype}"], t[f"five {dtype}"]
            for who in modules:
                mine = t[f"{who} {dtype}"]
                ratio = ratioCell(mine, five, "its five products") + "; " + \
                    ratioCell(mine, floor, "its floor")
                if who == "after":
                    ratio += "; " + ratioCell(t[f"before {dtype}"], mine, "faster than before")
                rows.append(bench.row(1, f"cost+grad: {who}", dtype, label,
                                      **bench.timeCells(mine), ratio=ratio))
            rows.append(bench.row(1, bench.FLOOR5, dtype, label, **bench.timeCells(five)))
            rows.append(bench.row(1, bench.FLOOR, dtype, label, **bench.timeCells(floor)))
    return rows, times


def sklearnPart(modules, data, args):
    """Part 2: rows and {threads: {(who, dtype): seconds of each round}}."""
    rows = {dtype: bench.inDtype(data, dtype) for dtype in DTYPES}
    cases = [(who, dtype) for dtype in DTYPES for who in (*modules, "sklearn")]
    tableRows, times = [], {}
    for threads in (None, 1):
        bench.progress(f"part 2: {args.compare_maxiter} iterations on {len(data[0])} rows, "
                       f"BLAS threads {bench.threadLabel(threads)}")
        timed = bench.timeRounds(
            {case: (lambda model, case=case: bench.fitModel(model, rows[case[1]], threads))
             for case in cases}, args.train_repeats,
            prepare=lambda case: (bench.startModel("sklearn" if case[0] == "sklearn" else
                                                   "project", rows[case[1]],
                                                   args.compare_maxiter, args.seed,
                                                   modules.get(case[0], NN)),))
        times[threads] = {case: seconds for case, (seconds, _) in timed.items()}
        for (who, dtype), (seconds, results) in timed.items():
            J, _ = bench.judge(*results[-1][:2], data)
            ratio = ""
            if who == "sklearn":
                ratio = "; ".join(ratioCell(seconds, times[threads][w, dtype], f"{w}")
                                  for w in modules)
            tableRows.append(bench.row(2, f"train {args.compare_maxiter} it on {len(data[0])}: "
                                          f"{who}", dtype, bench.threadLabel(threads),
                                       **bench.timeCells(seconds), iters=str(results[-1][2]),
                                       J=f"{J:.6f}", ratio=ratio))
    return tableRows, times


def scriptPart(trees, dataDir, args):
    """Part 3: python train.py of each tree, taking turns, in a folder of its own holding a copy
    of X.in and y.in; a first run of each (not counted in the rounds: it is the one that draws
    and keeps the non-digit pictures where a tree keeps them) is reported apart. Returns rows,
    {who: training seconds of each round} and {who: wall seconds of each round}, and leaves each
    tree's data folder (trained weights in it) in args.folders for part 4."""
    bench.progress("part 3: python train.py, before and after")
    clocks, walls, firsts = ({who: [] for who in trees} for _ in range(3))
    rows = []
    extra = ["--maxiter", "5"] if args.quick else []
    outputs = {who: [] for who in trees}
    for round in range(args.train_repeats + 1):
        for who, tree in trees.items():
            data = args.folders / who / "data"
            if round == 0:
                data.mkdir(parents=True)
                for name in ("X.in", "y.in"):
                    (data / name).write_bytes((Path(dataDir) / name).read_bytes())
            wall, peak, code, output = bench.runProcess(
                [sys.executable, str(Path(tree) / "train.py"), "--data-dir", str(data),
                 "--plots-dir", str(args.folders / who / "plots"), *extra])
            if code != 0:
                return [bench.row(3, f"python train.py ({who}): FAILED")], {}, {}
            clock = float(re.findall(r"Iteration\s+(\d+) \|.*\|\s+([\d.]+) s", output)[-1][1])
            if round == 0:
                firsts[who] = [wall, clock]
            else:
                clocks[who].append(clock)
                walls[who].append(wall)
                outputs[who].append(output)
    for who in trees:
        accuracy = re.findall(r"Test Set Accuracy: ([\d.]+)%", outputs[who][-1])
        ratio = (ratioCell(clocks["before"], clocks["after"], "faster than before")
                 if who == "after" else "")
        rows.append(bench.row(3, f"python train.py ({who}): its training", "",
                              bench.threadLabel(None), **bench.timeCells(clocks[who]),
                              heldOut=f"{accuracy[-1]} %" if accuracy else "", ratio=ratio))
        rows.append(bench.row(3, f"python train.py ({who}): the whole run", "",
                              bench.threadLabel(None), **bench.timeCells(walls[who]),
                              ratio=ratioCell(walls[who], clocks[who], "its training")))
        wall, clock = firsts[who]
        rows.append(bench.row(3, f"python train.py ({who}): its first run", "",
                              bench.threadLabel(None), median=bench.seconds(wall), runs="1",
                              ratio=f"{wall / clock:.2f}× its training ({bench.seconds(clock)})"))
    return rows, clocks, walls


# The drawing window's t, in a child process of one tree: the retraining the key starts
# (retraining.Retraining.retrain, as the window's thread runs it), twice in one process, as a
# learner presses t twice; prints [total s, training s] of each.
RETRAIN = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from recognizer import datafiles
from recognizer.retraining import Retraining
data = Path(sys.argv[2])
times = []
for _ in range(2):
    W1, W2 = datafiles.loadTrainedWeights(data)
    done = Retraining(W1, W2, data, data / "mine").retrain()
    times.append([done.seconds, done.trainingSeconds])
print("RETRAIN " + json.dumps(times))
"""


def windowPart(trees, args):
    """Part 4: the window's t in each tree's data folder of part 3 (its trained weights, and 20
    labelled pictures of ../shared/data/pictures/mine as your own digits), taking turns; each
    process presses t twice. Returns rows and {who: [(first, second) non-training seconds]}."""
    bench.progress("part 4: the window's t, before and after")
    pictures = sorted((ROOT.parent / "shared" / "data" / "pictures" / "mine").glob("*_?.png"))
    if not pictures:
        return [bench.row(4, "skipped: ../shared/data/pictures/mine not found")], {}
    chosen = [next(p for p in pictures if p.stem.endswith(f"_{d}")) for d in range(10)]
    for who in trees:
        mine = args.folders / who / "data" / "mine"
        mine.mkdir()
        for picture in chosen:                  # named as the window saves them: D_anything.png
            digit, number = picture.stem[-1], picture.stem.split("_")[0]
            (mine / f"{digit}_{number}.png").write_bytes(picture.read_bytes())
    rest = {who: [] for who in trees}
    for _ in range(args.train_repeats):
        for who, tree in trees.items():
            done = subprocess.run([sys.executable, "-c", RETRAIN, str(tree),
                                   str(args.folders / who / "data")], capture_output=True, text=True)
            found = re.findall(r"^RETRAIN (.*)$", done.stdout, re.M)
            if done.returncode != 0 or not found:
                return [bench.row(4, f"the window's t ({who}): FAILED "
                                     f"{(done.stderr.strip().splitlines() or ['?'])[-1][:60]}")], {}
            rest[who].append([total - training for total, training in json.loads(found[0])])
    rows = []
    for who in trees:
        for press, name in enumerate(("first", "second")):
            seconds = [pair[press] for pair in rest[who]]
            rows.append(bench.row(4, f"t in the window ({who}), the {name}: all but its training",
                                  "", bench.threadLabel(None), **bench.timeCells(seconds)))
    return rows, rest


def summaryLines(evaluation, comparison, clocks, walls, window):
    """The figures issues #19 and #32 ask for, before → after (medians of per-round ratios)."""
    med = statistics.median
    lines = ["Before → after (medians of per-round ratios):"]
    for threads, t in evaluation.items():
        for dtype in DTYPES:
            before, after = (med(bench.perRound(t[f"{w} {dtype}"], t[f"five {dtype}"]))
                             for w in ("before", "after"))
            floorBefore, floorAfter = (med(bench.perRound(t[f"{w} {dtype}"], t[f"floor {dtype}"]))
                                       for w in ("before", "after"))
            lines.append(f"  evaluation / its five products, {dtype}, BLAS threads "
                         f"{bench.threadLabel(threads)}: {before:.2f}× → {after:.2f}× "
                         f"(target ≤ {bench.EVALUATION_TARGET:.2f}×); / its two large products: "
                         f"{floorBefore:.2f}× → {floorAfter:.2f}×")
    for threads, t in comparison.items():
        for dtype in DTYPES:
            before, after = (med(bench.perRound(t["sklearn", dtype], t[w, dtype]))
                             for w in ("before", "after"))
            lines.append(f"  sklearn time / project time, {dtype} on both sides, BLAS threads "
                         f"{bench.threadLabel(threads)}: {before:.2f}× → {after:.2f}×"
                         + (f" (target ≥ {bench.SKLEARN_TARGET:.2f}×)" if threads is None
                            else " (for reference)"))
    if clocks:
        lines.append(f"  python train.py, its training: {med(clocks['before']):.1f} s → "
                     f"{med(clocks['after']):.1f} s, "
                     f"{med(bench.perRound(clocks['before'], clocks['after'])):.2f}× faster")
        before, after = (med(bench.perRound(walls[w], clocks[w])) for w in ("before", "after"))
        lines.append(f"  python train.py, its wall time / its training time: {before:.2f}× → "
                     f"{after:.2f}× (target ≤ {WALL_TARGET:.2f}×; {med(walls['before']):.1f} s → "
                     f"{med(walls['after']):.1f} s)")
    if window:
        for press, name in enumerate(("first", "second")):
            before, after = (med(pair[press] for pair in window[w]) for w in ("before", "after"))
            lines.append(f"  the window's {name} t, all but its training: {before:.2f} s → "
                         f"{after:.2f} s" + (f" (target < {WINDOW_TARGET:.0f} s)" if press else ""))
    return lines


def main(argv=None):
    """Run the three parts with both versions; print the machine, the table and the summary."""
    args = parseArguments(argv)
    bench.defaultThreads()
    print("\n".join(bench.machineLines()))
    X, y = digitdata.loadData(args.data_dir)
    data = bench.trainingRows(X, y, args.seed)
    with tempfile.TemporaryDirectory(prefix="beforeafter-tree-") as folder:
        tree = earlierTree(args.before, folder)
        modules = {"before": importNN(tree), "after": NN}
        print(f"Before: {args.before} (git archive); after: this tree ({ROOT})\n")
        rows, evaluation = evaluationPart(modules, data, args)
        compareRows, comparison = sklearnPart(modules, (X, y, X, y), args)
        rows += compareRows
        clocks, walls, window = {}, {}, {}
        if not args.skip_scripts:
            trees = {"before": tree, "after": ROOT}
            args.folders = Path(folder) / "runs"
            scriptRows, clocks, walls = scriptPart(trees, args.data_dir, args)
            rows += scriptRows
            if clocks:
                windowRows, window = windowPart(trees, args)
                rows += windowRows
    bench.printTable(rows)
    print("\n".join(["", *summaryLines(evaluation, comparison, clocks, walls, window),
                     f"Load average at the end: {bench.loadAverage()}"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
