"""bench.py — the project side by side with its floor, the tutorial's loop and scikit-learn.

Usage:
    python bench/bench.py                   # the full run (≈ 2 minutes on an idle 2-core machine)
    python bench/bench.py --quick           # a seconds-long smoke run (tests/test_bench.py)
    python bench/bench.py --data-dir DIR    # X.in/y.in from DIR (built there on first use)
    python bench/bench.py --skip-scripts    # parts 1 and 2 only
    python bench/bench.py --skip-pictures   # without part 4 (the quick run leaves it out too)

Prints one table; every time in it is the median of several runs made in this one process, the
candidates of a part taking turns round by round so that a noisy neighbour slows them alike:
  1. one cost+gradient evaluation on the whole data set: the project (NN.cost), the tutorial's
     per-example loop, and the floor (the five bare matrix products an evaluation needs), with
     the default BLAS threads and with one;
  2. L-BFGS-B training at λ = 1 from the same random start on 80 % of the data: the project vs
     scikit-learn's MLPClassifier, which minimizes the very same J (see sklearnNetwork), with
     the default BLAS threads and with one;
  3. `python train.py` and `python predict.py` as whole processes: wall time and peak memory.
  4. (accuracy, no timing) bench/pictures.py: the share of pictures the default model reads.
Then the targets of the issue, each met or not and by how much.
"""
import contextlib
import functools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import scipy
import sklearn
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_info

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import cli  # noqa: E402  (the project root must be on sys.path first)
import dataset  # noqa: E402
import NN  # noqa: E402
from conventions import classesOf  # noqa: E402
import train as trainScript  # noqa: E402
import pictures  # noqa: E402  (part 4, accuracy on pictures: bench/, this script's folder)

LAMBDA, HIDDEN, HELD_OUT = 1.0, 25, 0.2
THREAD_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
LAUNCHER = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
            "code = subprocess.call(sys.argv[2:]); wall = time.perf_counter() - start; "
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
            "open(sys.argv[1], 'w').write(f'{wall} {peak}'); sys.exit(code)")
COLUMNS = ("part", "case", "threads", "median", "runs", "iters", "J (train)", "held-out",
           "peak RSS", "ratio")


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="seconds-long run: few repeats, 20 iterations, the loop on 200 "
                             "examples, the scripts with --maxiter 5")
    parser.add_argument("--data-dir", type=cli.folder, default=dataset.DATA_DIR,
                        help="folder with X.in and y.in, built there when absent "
                             "(default: data/ of the project)")
    parser.add_argument("--repeats", type=cli.positiveInt, default=None,
                        help="runs per timed evaluation (default: 15, quick 3)")
    parser.add_argument("--train-repeats", type=cli.positiveInt, default=None,
                        help="runs per training and per script (default: 3, quick 1)")
    parser.add_argument("--maxiter", type=cli.positiveInt, default=None,
                        help="L-BFGS-B iterations of part 2 (default: 200, quick 20)")
    parser.add_argument("--loop-examples", type=cli.positiveInt, default=None,
                        help="examples the per-example loop runs on, its time scaled to the whole "
                             "set (default: all, quick 200)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the random start and of the held-out split (default: 0)")
    parser.add_argument("--skip-scripts", action="store_true",
                        help="leave out part 3 (train.py and predict.py as processes)")
    parser.add_argument("--skip-pictures", action="store_true",
                        help="leave out part 4 (pictures read correctly, bench/pictures.py)")
    args = parser.parse_args(argv)
    quick = args.quick
    args.repeats = args.repeats or (3 if quick else 15)
    args.train_repeats = args.train_repeats or (1 if quick else 3)
    args.maxiter = args.maxiter or (20 if quick else 200)
    args.loop_examples = args.loop_examples or (200 if quick else None)
    return args


# ----- measuring -----

def medianTimes(candidates, repeats, prepare=lambda name: ()):
    """name → (median seconds, last result) of each candidate function, run `repeats` rounds.

    Each round runs every candidate once, in turn, so a noisy neighbour slows them alike.
    prepare(name) makes the arguments of a run before its clock starts.
    """
    times, results = {name: [] for name in candidates}, {}
    for _ in range(repeats):
        for name, run in candidates.items():
            arguments = prepare(name)
            start = time.perf_counter()
            results[name] = run(*arguments)
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(times[name]), results[name]) for name in candidates}


def blasThreads(threads):
    """A context running the BLAS libraries with `threads` threads; None leaves them as they are."""
    if threads is None:
        return contextlib.nullcontext()
    return NN.blasController().limit(limits=threads, user_api="blas")


def threadLabel(threads):
    """'default (2)' or '1': the BLAS thread setting of a row."""
    return f"default ({defaultThreads()})" if threads is None else str(threads)


@functools.cache
def defaultThreads():
    """The BLAS threads this process starts with (the most any of its BLAS libraries uses)."""
    return max(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")


def seconds(value):
    """A time as people read it: '8.21 ms' or '2.43 s'."""
    return f"{value * 1e3:.2f} ms" if value < 1 else f"{value:.2f} s"


# ----- the machine -----

def cpuModel():
    """The CPU's model name from /proc/cpuinfo (the platform's idea of it elsewhere)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def machineLines():
    """The machine, the versions, the BLAS libraries and their thread settings, as text lines."""
    lines = [f"Machine: {cpuModel()}, {os.cpu_count()} cores, load average {loadAverage()}",
             f"Python {platform.python_version()}, numpy {np.__version__}, "
             f"scipy {scipy.__version__}, scikit-learn {sklearn.__version__}"]
    for lib in sorted(threadpool_info(), key=lambda lib: (lib["user_api"], lib["filepath"])):
        extra = ", ".join(f"{key} {lib[key]}" for key in ("architecture", "threading_layer")
                          if key in lib)
        lines.append(f"  {lib['user_api']}: {lib['internal_api']} {lib['version']}, "
                     f"{lib['num_threads']} threads{', ' + extra if extra else ''} "
                     f"({Path(lib['filepath']).name})")
    lines += [f"  {name}={os.environ[name]}" for name in THREAD_ENV if name in os.environ]
    return lines


# ----- part 1: one cost+gradient evaluation -----

def loopCost(nn, nn_params, X, y):
    """J and its gradient the tutorial's way: one example at a time, the deltas' outer products
    (np.dot of [δ]ᵀ and [a]) summed into Δ1, Δ2; the oracle and the slow end of part 1."""
    W1, W2 = nn.roll(nn_params)
    D1, D2, J = np.zeros_like(W1), np.zeros_like(W2), 0.0
    for x, t in zip(X, y):
        a1 = np.insert(x, 0, 1.0)
        a2 = np.insert(expit(np.dot(W1, a1)), 0, 1.0)
        h = expit(np.dot(W2, a2))
        J -= np.dot(t, np.log(h)) + np.dot(1 - t, np.log(1 - h))
        delta3 = h - t
        delta2 = np.dot(W2.T, delta3)[1:] * a2[1:] * (1 - a2[1:])
        D2 += np.dot(np.array([delta3]).T, np.array([a2]))
        D1 += np.dot(np.array([delta2]).T, np.array([a1]))
    m, lambd = len(X), nn.lambd
    J = J / m + lambd / (2 * m) * (np.sum(W1[:, 1:] ** 2) + np.sum(W2[:, 1:] ** 2))
    for D, W in ((D1, W1), (D2, W2)):
        D /= m
        D[:, 1:] += lambd / m * W[:, 1:]
    return J, nn.unroll(D1, D2)


def floorProducts(nn, nn_params, X, y):
    """A function doing only the five matrix products of one evaluation, on arrays made here:
    X·Θ1[:,1:]ᵀ, a2·Θ2ᵀ, δ3ᵀ·a2, δ3·Θ2[:,1:], δ2ᵀ·X, each into a preallocated output."""
    W1, W2 = nn.roll(nn_params)
    W1t, W2t, W2h = (np.ascontiguousarray(W) for W in (W1[:, 1:].T, W2.T, W2[:, 1:]))
    a2, z3 = nn.propagate(W1, W2, X)
    delta3 = expit(z3) - y
    delta2 = (delta3 @ W2h) * a2[:, 1:] * (1 - a2[:, 1:])
    products = [(X, W1t), (a2, W2t), (delta3.T, a2), (delta3, W2h), (delta2.T, X)]
    outputs = [np.empty((len(A), B.shape[1])) for A, B in products]

    def run():
        for (A, B), out in zip(products, outputs):
            np.matmul(A, B, out=out)
    return run


def evaluationRows(nn, nn_params, X, y, args, threads):
    """Part 1 at one thread setting: table rows and figures {name: median seconds}."""
    n = args.loop_examples or len(X)
    scale = len(X) / n
    candidates = {"project": lambda: nn.cost(nn_params, X, y),
                  "loop": lambda: loopCost(nn, nn_params, X[:n], y[:n]),
                  "floor": floorProducts(nn, nn_params, X, y)}
    with blasThreads(threads):
        timed = medianTimes(candidates, args.repeats)
    t = {name: timed[name][0] for name in timed}
    t["loop"] *= scale
    loopNote = "" if n == len(X) else f" (on {n}, ×{scale:g})"
    label, runs = threadLabel(threads), str(args.repeats)
    rows = [row(1, "cost+grad: project nn.cost", label, seconds(t["project"]), runs,
                ratio=f"{t['project'] / t['floor']:.2f}× floor"),
            row(1, "cost+grad: per-example loop" + loopNote, label, seconds(t["loop"]), runs,
                ratio=f"{t['loop'] / t['project']:.1f}× project"),
            row(1, "cost+grad: floor (5 matmuls)", label, seconds(t["floor"]), runs)]
    return rows, t


def loopAgreement(nn, nn_params, X, y, n):
    """Largest |difference| between the loop's (J, gradient) and the project's on n examples."""
    J0, grad0 = nn.cost(nn_params, X[:n], y[:n])
    J1, grad1 = loopCost(nn, nn_params, X[:n], y[:n])
    return abs(J0 - J1), np.max(np.abs(grad0 - grad1))


# ----- part 2: training, the project vs scikit-learn -----

def splitHeldOut(X, y, seed):
    """(X_train, y_train, X_test, y_test): train.py's own seeded split, HELD_OUT of the rows."""
    train, test = trainScript.splitHeldOut(len(X), HELD_OUT, seed)
    return X[train], y[train], X[test], y[test]


def projectNetwork(inputSize, maxiter, seed):
    """The project's network, configured as the bench trains it: 25 hidden units, λ = 1."""
    nn = NN.Neural_Network()
    nn.configureNN(inputSize, HIDDEN, 10, maxiter=maxiter, lambd=LAMBDA, seed=seed)
    return nn


def sklearnNetwork(W1, W2, maxiter, X, y):
    """An MLPClassifier that minimizes the project's J from the start W1, W2 when fitted on X, y.

    On one-hot y it is a multi-label classifier: logistic outputs and binary log-loss summed
    over the outputs, averaged over the examples, plus alpha/(2·n_samples)·Σw² without the
    intercepts — the course's J with λ = alpha (its log clips h to [ε, 1−ε], which matters only
    where the course's J is infinite). A one-iteration fit on a few rows creates its attributes;
    the start is then set to W1, W2, and warm_start makes the next fit begin there.
    """
    clf = MLPClassifier(hidden_layer_sizes=(len(W1),), activation="logistic", solver="lbfgs",
                        alpha=LAMBDA, max_iter=1, tol=0)
    quietFit(clf, X[:50], y[:50])
    clf.coefs_ = [W1[:, 1:].T.copy(), W2[:, 1:].T.copy()]
    clf.intercepts_ = [W1[:, 0].copy(), W2[:, 0].copy()]
    return clf.set_params(warm_start=True, max_iter=maxiter)


def quietFit(clf, X, y):
    """clf.fit(X, y) without the warning that the iteration limit was reached (it is meant to)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(X, y)


def startModel(who, data, maxiter, seed):
    """The untrained model of `who` ("project" or "sklearn"), at the project's random start."""
    nn = projectNetwork(data[0].shape[1], maxiter, seed)
    return nn if who == "project" else sklearnNetwork(nn.W1, nn.W2, maxiter, data[0], data[1])


def fitModel(model, data, threads):
    """Train a model of startModel on the training part with `threads` BLAS threads;
    returns (W1, W2, iterations), the weights in the project's layout."""
    with blasThreads(threads):
        if isinstance(model, NN.Neural_Network):
            iterations = model.train(data[0], data[1]).nit
            return model.W1, model.W2, int(iterations)
        quietFit(model, data[0], data[1])
    W1, W2 = (np.column_stack((b, W.T)) for W, b in zip(model.coefs_, model.intercepts_))
    return W1, W2, int(model.n_iter_)


def judge(W1, W2, data):
    """(the project's J on the training part, held-out accuracy %) of the weights W1, W2."""
    nn = projectNetwork(data[0].shape[1], 1, None)
    nn.W1, nn.W2 = W1, W2
    J, _ = nn.cost(nn.unroll(W1, W2), data[0], data[1])
    accuracy = 100 * np.mean(nn.predictClasses(data[2]) == classesOf(data[3]))
    return float(J), float(accuracy)


def sameStart(data, seed):
    """Largest |ΔW| between the project and sklearn after one iteration from the same start (one
    BLAS thread): ~1e-16 when the starts, the objectives and the gradients are the same."""
    P, S = (fitModel(startModel(who, data, 1, seed), data, 1) for who in ("project", "sklearn"))
    return max(np.max(np.abs(p - s)) for p, s in zip(P[:2], S[:2]))


def trainingRows(data, args):
    """Part 2: rows and figures {(who, threads): (median seconds, J, accuracy)}."""
    cases = [(who, threads) for who in ("project", "sklearn") for threads in (None, 1)]
    timed = medianTimes({case: (lambda model, threads=case[1]: fitModel(model, data, threads))
                         for case in cases}, args.train_repeats,
                        prepare=lambda case: (startModel(case[0], data, args.maxiter, args.seed),))
    figures = {case: (timed[case][0], *judge(*timed[case][1][:2], data)) for case in cases}
    rows, projectTime = [], figures["project", None][0]
    for (who, threads), (median, J, accuracy) in figures.items():
        ratio = f"{median / projectTime:.2f}× project default" if who == "sklearn" else ""
        rows.append(row(2, f"train {args.maxiter} it: {who}", threadLabel(threads), seconds(median),
                        str(args.train_repeats), str(timed[who, threads][1][2]), f"{J:.6f}",
                        f"{accuracy:.2f} %", ratio=ratio))
    return rows, figures


def optimizerOverhead(data, args):
    """The whole train() time over the time spent inside its cost evaluations (median of
    train_repeats runs, default threads): what L-BFGS-B itself, the callback and the thread
    switching add. Returns (ratio, cost evaluations per run)."""
    ratios = []
    for _ in range(args.train_repeats):
        nn = projectNetwork(data[0].shape[1], args.maxiter, args.seed)
        inCost, cost = [], nn.cost

        def timedCost(*arguments):
            start = time.perf_counter()
            result = cost(*arguments)
            inCost.append(time.perf_counter() - start)
            return result

        nn.cost = timedCost  # an instance attribute: train() calls self.cost
        start = time.perf_counter()
        nfev = nn.train(data[0], data[1]).nfev
        ratios.append((time.perf_counter() - start) / sum(inCost))
    return statistics.median(ratios), nfev


# ----- part 3: the scripts as whole processes -----

def runProcess(command):
    """(wall seconds, peak RSS in MB, exit code, output) of one process running `command`.

    A small launcher process starts it and reports its RUSAGE_CHILDREN: a child started straight
    from this (large) process would count this process's peak memory as its own (Linux keeps the
    peak across fork and exec).
    """
    with tempfile.NamedTemporaryFile("r", prefix="bench-rusage-") as report:
        child = subprocess.run([sys.executable, "-c", LAUNCHER, report.name, *command],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wall, peakKB = map(float, report.read().split())
    return wall, peakKB / 1024, child.returncode, child.stdout


def scriptRows(dataDir, m, args):
    """Part 3: train.py then predict.py, in a temporary folder holding a copy of X.in and y.in."""
    scripts = [ROOT / "train.py", ROOT / "predict.py"]
    missing = [path.name for path in scripts if not path.exists()]
    if missing:
        return [row(3, f"skipped: {', '.join(missing)} not found")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        data, plots = Path(folder) / "data", Path(folder) / "plots"
        data.mkdir()
        for name in ("X.in", "y.in"):
            shutil.copy(Path(dataDir) / name, data / name)
        folders = ["--data-dir", str(data), "--plots-dir", str(plots)]
        commands = {"python train.py" + (" --maxiter 5" if args.quick else ""):
                    [ROOT / "train.py", *folders, *(["--maxiter", "5"] if args.quick else [])],
                    "python predict.py": [ROOT / "predict.py", *folders, str(min(3402, m - 1))]}
        runs = {name: [] for name in commands}
        for _ in range(args.train_repeats):
            for name, command in commands.items():
                runs[name].append(runProcess([sys.executable, *map(str, command)]))
        for name, results in runs.items():
            rows.append(scriptRow(name, results, args.train_repeats))
    return rows


def scriptRow(name, results, repeats):
    """One row of part 3 from the runs of one script (a failed run shows its last output line)."""
    failed = [output for _, _, code, output in results if code != 0]
    if failed:
        return row(3, f"{name}: FAILED ({(failed[0].strip().splitlines() or ['?'])[-1][:60]})")
    wall = statistics.median(r[0] for r in results)
    peak = statistics.median(r[1] for r in results)
    return row(3, name, threadLabel(None), seconds(wall), str(repeats), peak=f"{peak:.0f} MB")


# ----- the table and the targets -----

def row(part, case, threads="", median="", runs="", iters="", J="", heldOut="", peak="", ratio=""):
    """One table row as {column: text}."""
    cells = (str(part), case, threads, median, runs, iters, J, heldOut, peak, ratio)
    return dict(zip(COLUMNS, cells))


def printTable(rows):
    """The rows under the column names, aligned: text columns to the left, figures to the right."""
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in COLUMNS}
    left = {"part", "case", "threads", "ratio"}

    def line(cells):
        return "  ".join(cells[c].ljust(widths[c]) if c in left else cells[c].rjust(widths[c])
                         for c in COLUMNS).rstrip()
    print(line({c: c for c in COLUMNS}))
    print(line({c: "-" * widths[c] for c in COLUMNS}))
    for r in rows:
        print(line(r))


def verdict(what, value, limit, higherIsBetter, points=False):
    """'[met] what: 1.21× (target ≤ 1.50×)', or '[NOT met] …' with how far off it is: as a
    factor for ratios, in percentage points for accuracies."""
    met = value >= limit if higherIsBetter else value <= limit
    unit = " points" if points else "×"
    text = f"{what}: {value:.2f}{unit} (target {'≥' if higherIsBetter else '≤'} {limit:.2f}{unit})"
    if not met:
        off = abs(value - limit) if points else max(value / limit, limit / value)
        text += f", off by {off:.2f}{unit}"
    return f"  [{'met' if met else 'NOT met'}] {text}"


def evaluationTargets(evaluation):
    """Part 1's target at each thread setting: project ≤ 1.5× its floor (aim 1.3×)."""
    lines = []
    for threads, t in evaluation.items():
        ratio = t["project"] / t["floor"]
        lines.append(verdict(f"evaluation / floor, BLAS threads {threadLabel(threads)}", ratio, 1.5,
                             False) + f"; aim 1.30×: {'met' if ratio <= 1.3 else 'not met'}")
    return lines


def trainingTargets(figures):
    """Part 2's targets: as users run them, and each given its best thread setting (the project
    as it is); then, for reference, the project held to one BLAS thread."""
    project = figures["project", None]
    bestThreads = min((None, 1), key=lambda threads: figures["sklearn", threads][0])
    best = figures["sklearn", bestThreads]
    lines = []
    for setting, sk, limit in (("as users run them (default threads)", figures["sklearn", None], 3),
                               (f"best settings (sklearn with BLAS threads "
                                f"{threadLabel(bestThreads)})", best, 1)):
        lines += [f"  {setting}:",
                  verdict("  speed-up, sklearn time / project time", sk[0] / project[0], limit,
                          True),
                  verdict("  final J, project / sklearn", project[1] / sk[1], 1.01, False),
                  verdict("  held-out accuracy, project − sklearn", project[2] - sk[2], 0.0, True,
                          points=True)]
    oneThread = figures["project", 1][0]
    lines.append(f"  for reference, the project held to 1 BLAS thread takes "
                 f"{oneThread / project[0]:.2f}× the time of the project as it is and "
                 f"{oneThread / best[0]:.2f}× that of sklearn at its best")
    return lines


def contentionLines(evaluation):
    """A warning when the bare products ran slower with all BLAS threads than with one: other
    processes hold the cores, and the default-thread figures then measure waiting for them."""
    slowdown = evaluation[None]["floor"] / evaluation[1]["floor"]
    if defaultThreads() == 1 or slowdown < 1:
        return []
    return [f"Note: the floor took {slowdown:.1f}× longer with {defaultThreads()} BLAS threads "
            f"than with 1 (load average {loadAverage()} on {os.cpu_count()} cores):",
            "  other processes hold the cores, so figures at default threads measure waiting for "
            "them more than the code."]


def checkLines(nn, nn_params, X, y, data, seed):
    """The two checks behind the comparisons: the loop computes the project's J and gradient, and
    sklearn starts where the project starts and minimizes the same J."""
    dJ, dGrad = loopAgreement(nn, nn_params, X, y, min(len(X), 200))
    dW = sameStart(data, seed)
    same = "same start, same J" if dW < 1e-8 else "NOT the same start or not the same J"
    return [f"Checks: the loop agrees with nn.cost to |ΔJ| = {dJ:.1e}, max |Δgrad| = {dGrad:.1e};",
            f"  after 1 iteration from the project's start, sklearn's weights differ from the "
            f"project's by at most {dW:.1e} ({same})."]


def progress(message):
    """A line on stderr saying what is being measured (the table comes at the end)."""
    print(f"[bench] {message} …", file=sys.stderr, flush=True)


def loadAverage():
    """The 1, 5 and 15 minute load averages: how busy the machine was."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


# ----- the run -----

def main(argv=None):
    """Run the three parts; print the machine, the table, the checks and the targets; return 0."""
    args = parseArguments(argv)
    defaultThreads()  # read before any limit is set
    print("\n".join(machineLines()))
    X, y = dataset.loadData(args.data_dir)
    data = splitHeldOut(X, y, args.seed)
    print(f"Data: {len(X)}×{X.shape[1]} from {args.data_dir}; part 2 trains on {len(data[0])}, "
          f"holds out {len(data[2])} (seed {args.seed}); λ = {LAMBDA:g}\n")
    nn = projectNetwork(X.shape[1], 1, args.seed)
    nn_params = nn.unroll(nn.W1, nn.W2)
    rows, evaluation = [], {}
    for threads in (None, 1):
        progress(f"part 1: one evaluation, BLAS threads {threadLabel(threads)}")
        partRows, evaluation[threads] = evaluationRows(nn, nn_params, X, y, args, threads)
        rows += partRows
    progress(f"part 2: training, {args.train_repeats} rounds of 4")
    trainRows, figures = trainingRows(data, args)
    rows += trainRows
    progress("part 2: time inside the cost evaluations of the project's training")
    overhead, evaluations = optimizerOverhead(data, args)
    if not args.skip_scripts:
        progress("part 3: train.py and predict.py")
        rows += scriptRows(args.data_dir, len(X), args)
    progress("checks")
    checks = checkLines(nn, nn_params, X, y, data, args.seed)
    printTable(rows)
    print("\n".join(["", *checks, *contentionLines(evaluation), "Targets:",
                     *evaluationTargets(evaluation), *trainingTargets(figures),
                     verdict(f"optimizer overhead, train() time / time in its {evaluations} cost "
                             f"evaluations", overhead, 1.3, False)]))
    print(f"Load average at the end: {loadAverage()}")
    if not (args.quick or args.skip_pictures):   # part 4: accuracy on pictures, in bench/pictures.py
        print("\nPart 4: pictures read correctly by the default model (python bench/pictures.py)")
        return pictures.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
