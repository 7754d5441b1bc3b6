"""beforeafter.py — the project at an earlier commit and as it is now, taking turns round by round.

Usage:
    python bench/beforeafter.py --before 786075f          # that commit's NN.py against this one's
    python bench/beforeafter.py --before 786075f --quick  # seconds: a smoke run
    python bench/beforeafter.py --help                    # all options

On a shared machine two separate runs of bench.py are minutes apart and meet different
neighbours; here the two versions run side by side in one process, one after the other in every
round, so that each ratio (before / after, and each against its yardstick) is taken within a
round. Three parts, on the rows bench.py uses:
  1. one cost+gradient evaluation on train.py's 20,000 rows, before and after, next to the two
     large products (the floor of bench.py), float64 and float32, default BLAS threads and one;
  2. 200 L-BFGS-B iterations on the data set's 5,000 rows from the same start: before, after and
     scikit-learn, float64 and float32 examples on both sides, default BLAS threads and one;
  3. `python train.py` (its defaults) of the earlier commit's tree and of this one: train.py's
     own training clock and the held-out accuracy it prints.
The earlier commit is read with `git archive` into a temporary folder; its NN.py is imported
from there under another name (see importNN).
"""
import importlib.util
import io
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
    parser.add_argument("--skip-scripts", action="store_true", help="leave out part 3")
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
        bench.progress(f"part 1: one evaluation, BLAS threads {bench.threadLabel(threads)}")
        with bench.blasThreads(threads):
            t = {name: seconds for name, (seconds, _) in
                 bench.timeRounds(candidates, args.repeats).items()}
        times[threads] = t
        label = bench.threadLabel(threads)
        for dtype in DTYPES:
            floor = t[f"floor {dtype}"]
            for who in modules:
                mine = t[f"{who} {dtype}"]
                ratio = ratioCell(mine, floor, "its floor")
                if who == "after":
                    ratio += "; " + ratioCell(t[f"before {dtype}"], mine, "faster than before")
                rows.append(bench.row(1, f"cost+grad: {who}", dtype, label,
                                      **bench.timeCells(mine), ratio=ratio))
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
    """Part 3: python train.py of each tree, taking turns; rows and {who: training seconds}."""
    bench.progress("part 3: python train.py, before and after")
    clocks, rows = {who: [] for who in trees}, []
    with tempfile.TemporaryDirectory(prefix="beforeafter-") as folder:
        data = Path(folder) / "data"
        data.mkdir()
        for name in ("X.in", "y.in"):
            (data / name).write_bytes((Path(dataDir) / name).read_bytes())
        extra = ["--maxiter", "5"] if args.quick else []
        outputs = {who: [] for who in trees}
        for _ in range(args.train_repeats):
            for who, tree in trees.items():
                wall, peak, code, output = bench.runProcess(
                    [sys.executable, str(Path(tree) / "train.py"), "--data-dir", str(data),
                     "--plots-dir", str(Path(folder) / f"plots-{who}"), *extra])
                if code != 0:
                    return [bench.row(3, f"python train.py ({who}): FAILED")], {}
                clock = re.findall(r"Iteration\s+(\d+) \|.*\|\s+([\d.]+) s", output)
                clocks[who].append(float(clock[-1][1]))
                outputs[who].append(output)
        for who in trees:
            accuracy = re.findall(r"Test Set Accuracy: ([\d.]+)%", outputs[who][-1])
            ratio = (ratioCell(clocks["before"], clocks["after"], "faster than before")
                     if who == "after" else "")
            rows.append(bench.row(3, f"python train.py ({who}): its training", "",
                                  bench.threadLabel(None), **bench.timeCells(clocks[who]),
                                  heldOut=f"{accuracy[-1]} %" if accuracy else "", ratio=ratio))
    return rows, clocks


def summaryLines(evaluation, comparison, clocks):
    """The figures issue #19 asks for, before → after (medians of per-round ratios)."""
    med = statistics.median
    lines = ["Before → after (medians of per-round ratios):"]
    for threads, t in evaluation.items():
        for dtype in DTYPES:
            before, after = (med(bench.perRound(t[f"{w} {dtype}"], t[f"floor {dtype}"]))
                             for w in ("before", "after"))
            lines.append(f"  evaluation / its two large products, {dtype}, BLAS threads "
                         f"{bench.threadLabel(threads)}: {before:.2f}× → {after:.2f}× "
                         f"(target ≤ {bench.EVALUATION_TARGET:.2f}×)")
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
        clocks = {}
        if not args.skip_scripts:
            scriptRows, clocks = scriptPart({"before": tree, "after": ROOT}, args.data_dir, args)
            rows += scriptRows
    bench.printTable(rows)
    print("\n".join(["", *summaryLines(evaluation, comparison, clocks),
                     f"Load average at the end: {bench.loadAverage()}"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
