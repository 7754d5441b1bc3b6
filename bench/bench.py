"""bench.py — the project side by side with its floor, its float64 self, the tutorial's loop and
scikit-learn.

Usage:
    python bench/bench.py                   # the full run (≈ 5 min of CPU time, longer when busy)
    python bench/bench.py --quick           # a seconds-long smoke run (tests/test_bench.py)
    python bench/bench.py --data-dir DIR    # X.in/y.in from DIR (built there on first use)
    python bench/bench.py --skip-scripts    # parts 1, 2 and 2b only
    python bench/bench.py --train-threads 1 # the trainings on one BLAS thread (a busy machine)
    python bench/bench.py --skip-pictures   # without part 4 (the quick run leaves it out too)

Parts 1 and 2 run on the rows `python train.py` trains on by default: the 80 % training digits
of its seeded split and their shifted copies (20,000 rows of the default data set), in float64
and in float32; part 2b on the data set's own 5,000 rows. Prints one table; every time in it is the median of several rounds made in this one
process, with its spread (min–max); the candidates of a part take turns round by round, so that
a noisy neighbour slows them alike, and ratios are taken within each round:
  1. one cost+gradient evaluation: the project (NN.cost) and its floor (the two large matrix
     products an evaluation needs, X·Θ1ᵀ and δ2ᵀ·X) in float64 and float32, and the tutorial's
     per-example loop, with the default BLAS threads and with one;
  2. L-BFGS-B training at λ = 1 from the same random start (400 iterations, as train.py): the
     project in float64 and in float32; J on the training rows and accuracy on the held-out
     digits;
  2b. the project against scikit-learn's MLPClassifier, which minimizes the very same J (see
     sklearnNetwork): 200 iterations from the same start on the data set's 5,000 rows, float64
     and float32 examples on both sides, each run as users run it, with the default BLAS threads
     and with one;
  3. `python train.py` and `python predict.py` as whole processes: wall time and peak memory,
     and train.py's training time by its own clock.
  4. (accuracy, no timing) bench/pictures.py: the share of pictures the default model reads.
Then the targets, each met or not and by how much.
"""
import contextlib
import functools
import os
import platform
import re
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
from scipy.special import expit
from threadpoolctl import threadpool_info

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import NN  # noqa: E402  (the project root must be on sys.path first)
import pictures  # noqa: E402  (part 4, accuracy on pictures: bench/, this script's folder)
from recognizer import blas, cli, datafiles, digitdata, training  # noqa: E402

LAMBDA, HIDDEN, HELD_OUT = 1.0, 25, 0.2
DTYPES = {"float64": np.float64, "float32": np.float32}
THREAD_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
LAUNCHER = ("import resource, subprocess, sys, time; start = time.perf_counter(); "
            "code = subprocess.call(sys.argv[2:]); wall = time.perf_counter() - start; "
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
            "open(sys.argv[1], 'w').write(f'{wall} {peak}'); sys.exit(code)")
FLOOR = "cost+grad: floor (X·Θ1ᵀ, δ2ᵀ·X)"
FLOOR5 = "cost+grad: its five products"
EVALUATION_TARGET = 1.4   # one evaluation at most this many times its five matrix products
                          # (before issue #32: its two large ones, reported beside them)
SKLEARN_TARGET = 3.0      # sklearn's time / the project's, 200 iterations on the data set's rows
COLUMNS = ("part", "case", "dtype", "threads", "median", "min–max", "runs", "iters", "J (train)",
           "held-out", "peak RSS", "ratio (min–max)")


def parseArguments(argv):
    """The command line, with a help text for every option."""
    parser = cli.scriptParser(__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="seconds-long run: few rounds, 20 iterations, the loop on 200 "
                             "examples, the scripts with --maxiter 5 (train.py also --nondigits 0)")
    parser.add_argument("--data-dir", type=cli.folder, default=datafiles.DATA_DIR,
                        help="folder with X.in and y.in, built there when absent "
                             "(default: data/ of the project)")
    parser.add_argument("--repeats", type=cli.positiveInt, default=None,
                        help="rounds of the timed evaluations (default: 15, quick 3)")
    parser.add_argument("--train-repeats", type=cli.positiveInt, default=None,
                        help="rounds of the trainings and of the scripts (default: 3, quick 1)")
    parser.add_argument("--maxiter", type=cli.positiveInt, default=None,
                        help="L-BFGS-B iterations of part 2 (default: 400 as train.py, quick 20)")
    parser.add_argument("--compare-maxiter", type=cli.positiveInt, default=None,
                        help="L-BFGS-B iterations of part 2b, the project vs scikit-learn on "
                             "the data set's rows (default: 200, quick 10)")
    parser.add_argument("--loop-examples", type=cli.positiveInt, default=None,
                        help="examples the per-example loop runs on, its time scaled to all the "
                             "rows (default: 2000, quick 200)")
    parser.add_argument("--train-threads", type=cli.positiveInt, default=None,
                        help="BLAS threads of the project's trainings in part 2 and of train.py in "
                             "part 3 (default: the process's, as users run it; 1 on a machine "
                             "other processes keep busy, where waiting for a second core "
                             "swamps the code)")
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
    args.maxiter = args.maxiter or (20 if quick else 400)
    args.compare_maxiter = args.compare_maxiter or (10 if quick else 200)
    args.loop_examples = args.loop_examples or (200 if quick else 2000)
    return args


# ----- measuring -----

def timeRounds(candidates, rounds, prepare=lambda name: ()):
    """name → (seconds of each round, result of each round) of each candidate function.

    Each round runs every candidate once, in turn, so a noisy neighbour slows them alike and the
    ratio of two candidates within one round is a fair one; every other round runs them in the
    opposite order, so that no candidate always follows the same one (a candidate after another
    meets the caches as that one left them: two identical ones measured 1.1× apart in a fixed
    order). prepare(name) makes the arguments of a run before its clock starts.
    """
    times, results = {name: [] for name in candidates}, {name: [] for name in candidates}
    for round in range(rounds):
        order = list(candidates.items())
        for name, run in (order if round % 2 == 0 else reversed(order)):
            arguments = prepare(name)
            start = time.perf_counter()
            results[name].append(run(*arguments))
            times[name].append(time.perf_counter() - start)
    return {name: (times[name], results[name]) for name in candidates}


def perRound(numerator, denominator):
    """The ratio of two candidates' times round by round (they ran side by side)."""
    return [a / b for a, b in zip(numerator, denominator)]


def spread(values, text=str):
    """'min–max' of the values, each written with text()."""
    return f"{text(min(values))}–{text(max(values))}"


def ratioText(ratios, what):
    """'1.38× floor (1.30–1.52)': the median of per-round ratios and their spread."""
    return f"{statistics.median(ratios):.2f}× {what} ({spread(ratios, lambda r: f'{r:.2f}')})"


def blasThreads(threads):
    """A context running the BLAS libraries with `threads` threads; None leaves them as they are."""
    if threads is None:
        return contextlib.nullcontext()
    return blas.controller().limit(limits=threads, user_api="blas")


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


def timeCells(times):
    """The median and min–max cells of a row from the times of its rounds."""
    return {"median": seconds(statistics.median(times)), "spread": spread(times, seconds),
            "runs": str(len(times))}


# ----- the machine -----

def cpuModel():
    """The CPU's model name from /proc/cpuinfo (the platform's idea of it elsewhere)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def sklearnVersion():
    """scikit-learn's version, read without importing it (the import takes about a second)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("scikit-learn")
    except PackageNotFoundError:
        return "not installed"


def machineLines():
    """The machine, the versions, the BLAS libraries and their thread settings, as text lines."""
    lines = [f"Machine: {cpuModel()}, {os.cpu_count()} cores, load average {loadAverage()}",
             f"Python {platform.python_version()}, numpy {np.__version__}, "
             f"scipy {scipy.__version__}, scikit-learn {sklearnVersion()}"]
    for lib in sorted(threadpool_info(), key=lambda lib: (lib["user_api"], lib["filepath"])):
        extra = ", ".join(f"{key} {lib[key]}" for key in ("architecture", "threading_layer")
                          if key in lib)
        lines.append(f"  {lib['user_api']}: {lib['internal_api']} {lib['version']}, "
                     f"{lib['num_threads']} threads{', ' + extra if extra else ''} "
                     f"({Path(lib['filepath']).name})")
    lines += [f"  {name}={os.environ[name]}" for name in THREAD_ENV if name in os.environ]
    return lines


# ----- the rows -----

def trainingRows(X, y, seed):
    """train.py's default rows: (X_train, y_train, X_test, y_test) with X_train the training
    digits of its seeded split and their shifted copies, float64; the held-out digits apart."""
    train, test = training.splitHeldOut(len(X), HELD_OUT, seed)
    Xtrain, ytrain = training.shiftedCopies(X[train], y[train])
    return Xtrain, ytrain, X[test], y[test]


def inDtype(data, dtype):
    """The rows of trainingRows with the training X in dtype (what the products run in)."""
    return (data[0].astype(DTYPES[dtype], copy=False), *data[1:])


# ----- part 1: one cost+gradient evaluation -----

def loopCost(nn, nn_params, X, y):
    """J and its gradient the tutorial's way: one example at a time, NN.backpropExample's outer
    products summed into Δ1, Δ2; the slow end of part 1."""
    W1, W2 = nn.roll(nn_params)
    D1, D2, J = np.zeros_like(W1), np.zeros_like(W2), 0.0
    for x, t in zip(X, y):
        h = expit(W2 @ np.insert(expit(W1 @ np.insert(x, 0, 1.0)), 0, 1.0))
        J -= np.dot(t, np.log(h)) + np.dot(1 - t, np.log(1 - h))
        d1, d2 = nn.backpropExample(x, t, W1, W2)
        D1 += d1
        D2 += d2
    m, lambd = len(X), nn.lambd
    J = J / m + lambd / (2 * m) * (np.sum(W1[:, 1:] ** 2) + np.sum(W2[:, 1:] ** 2))
    for D, W in ((D1, W1), (D2, W2)):
        D /= m
        D[:, 1:] += lambd / m * W[:, 1:]
    return J, nn.unroll(D1, D2)


def productOperands(nn, nn_params, X):
    """The operands of an evaluation's matrix products, in X's dtype and laid out as NN.cost
    has them (Θ1 row by row; a2 and δ2 column by column), and preallocated outputs for the two
    large products: W1, W2, a2, δ2, δ3, z2, Δ1. Only their shapes matter for the time."""
    W1, W2 = (W.astype(X.dtype) for W in nn.roll(nn_params))
    rng = np.random.default_rng(0)
    a2 = np.asfortranarray(rng.random((len(X), len(W1) + 1), dtype=X.dtype))
    delta2 = np.asfortranarray(rng.standard_normal((len(X), len(W1)), dtype=X.dtype))
    delta3 = rng.standard_normal((len(X), len(W2)), dtype=X.dtype)
    z2 = np.empty((len(X), len(W1)), dtype=X.dtype)
    D1 = np.empty((len(W1), X.shape[1]), dtype=X.dtype)
    return W1, W2, a2, delta2, delta3, z2, D1


def floorProducts(nn, nn_params, X, y):
    """A function doing only the two large matrix products of one evaluation, in X's dtype, into
    preallocated outputs: X·Θ1[:,1:]ᵀ (the hidden layer's z2) and δ2ᵀ·X (Δ1 without its bias
    column). Everything else an evaluation does (the sigmoids, the log terms, g′, the small
    products with Θ2, the sums) is what the project adds to this floor."""
    W1, _, _, delta2, _, z2, D1 = productOperands(nn, nn_params, X)

    def run():
        np.matmul(X, W1[:, 1:].T, out=z2)
        np.matmul(delta2.T, X, out=D1)
    return run


def fiveProducts(nn, nn_params, X, y):
    """A function doing every matrix product of one evaluation and nothing else: X·Θ1[:,1:]ᵀ
    (z2), a2·Θ2ᵀ (z3), δ3·Θ2 (δ2 before g′), δ2ᵀ·X (Δ1) and δ3ᵀ·a2 (Δ2); the two large ones
    as floorProducts does them. What an evaluation adds to this is its element-wise work (the
    sigmoids, the log terms, g′, the sums)."""
    W1, W2, a2, delta2, delta3, z2, D1 = productOperands(nn, nn_params, X)

    def run():
        np.matmul(X, W1[:, 1:].T, out=z2)
        a2 @ W2.T
        (W2[:, 1:].T @ delta3.T).T                 # as NN.backward forms δ2, column by column
        np.matmul(delta2.T, X, out=D1)
        a2.T @ delta3
    return run


def evaluationRows(nn, nn_params, data, args, threads):
    """Part 1 at one thread setting: table rows and {name: seconds of each round}."""
    X, y = data[0], data[1]
    n = min(args.loop_examples, len(X))
    candidates = {"loop": lambda: loopCost(nn, nn_params, X[:n], y[:n])}
    for dtype in DTYPES:
        Xd = X.astype(DTYPES[dtype])
        candidates[f"project {dtype}"] = lambda Xd=Xd: nn.cost(nn_params, Xd, y)
        candidates[f"floor {dtype}"] = floorProducts(nn, nn_params, Xd, y)
        candidates[f"five {dtype}"] = fiveProducts(nn, nn_params, Xd, y)
    with blasThreads(threads):
        t = {name: times for name, (times, _) in timeRounds(candidates, args.repeats).items()}
    t["loop"] = [seconds * len(X) / n for seconds in t["loop"]]  # scaled to all the rows
    label, rows = threadLabel(threads), []
    for dtype in DTYPES:
        project, floor, five = t[f"project {dtype}"], t[f"floor {dtype}"], t[f"five {dtype}"]
        rows += [row(1, "cost+grad: project nn.cost", dtype, label, **timeCells(project),
                     ratio=ratioText(perRound(project, five), "its five products") + "; "
                     + ratioText(perRound(project, floor), "its floor")),
                 row(1, FLOOR5, dtype, label, **timeCells(five)),
                 row(1, FLOOR, dtype, label, **timeCells(floor))]
    rows.append(row(1, f"cost+grad: per-example loop (on {n}, ×{len(X) / n:g})", "float64",
                    label, **timeCells(t["loop"]),
                    ratio=ratioText(perRound(t["loop"], t["project float64"]), "project float64")))
    return rows, t


def loopAgreement(nn, nn_params, X, y, n):
    """Largest |difference| between the loop's (J, gradient) and the project's on n examples."""
    J0, grad0 = nn.cost(nn_params, X[:n], y[:n])
    J1, grad1 = loopCost(nn, nn_params, X[:n], y[:n])
    return abs(J0 - J1), np.max(np.abs(grad0 - grad1))


# ----- part 2: training, float64 vs float32, the project vs scikit-learn -----

def projectNetwork(inputSize, maxiter, seed, module=NN):
    """The project's network, configured as the bench trains it: 25 hidden units, λ = 1 (from
    `module`, this tree's NN unless told: bench/beforeafter.py passes another commit's)."""
    nn = module.Neural_Network()
    nn.configureNN(inputSize, HIDDEN, 10, maxiter=maxiter, lambd=LAMBDA, seed=seed)
    return nn


def sklearnNetwork(W1, W2, maxiter, X, y):
    """An MLPClassifier that minimizes the project's J from the start W1, W2 when fitted on X, y.

    On one-hot y it is a multi-label classifier: logistic outputs and binary log-loss summed
    over the outputs, averaged over the examples, plus alpha/(2·n_samples)·Σw² without the
    intercepts — the course's J with λ = alpha (its log clips h to [ε, 1−ε], which matters only
    where the course's J is infinite). A one-iteration fit on a few rows creates its attributes;
    the start is then set to W1, W2 (in X's dtype), and warm_start makes the next fit begin
    there. Given float32 X, sklearn's whole loss and gradient run in float32 (SciPy hands it the
    iterates in the start's dtype), the project's J and gradient sums stay float64.
    """
    from sklearn.neural_network import MLPClassifier   # here: importing sklearn takes a second

    clf = MLPClassifier(hidden_layer_sizes=(len(W1),), activation="logistic", solver="lbfgs",
                        alpha=LAMBDA, max_iter=1, tol=0)
    quietFit(clf, X[:50], y[:50])
    clf.coefs_ = [W1[:, 1:].T.astype(X.dtype), W2[:, 1:].T.astype(X.dtype)]
    clf.intercepts_ = [W1[:, 0].astype(X.dtype), W2[:, 0].astype(X.dtype)]
    return clf.set_params(warm_start=True, max_iter=maxiter)


def quietFit(clf, X, y):
    """clf.fit(X, y) without the warning that the iteration limit was reached (it is meant to)."""
    from sklearn.exceptions import ConvergenceWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clf.fit(X, y)


def startModel(who, data, maxiter, seed, module=NN):
    """The untrained model of `who` ("project" or "sklearn"), at the project's random start."""
    nn = projectNetwork(data[0].shape[1], maxiter, seed, module)
    return nn if who == "project" else sklearnNetwork(nn.W1, nn.W2, maxiter, data[0], data[1])


def fitModel(model, data, threads):
    """Train a model of startModel on the training rows with `threads` BLAS threads; returns
    (W1, W2, iterations, seconds inside cost evaluations or None), weights in the project's
    layout. The project's cost is timed through an instance attribute (train() calls self.cost)."""
    with blasThreads(threads):
        if not hasattr(model, "coefs_"):   # the project's (any commit's NN), not sklearn's
            inCost, cost = [], model.cost

            def timedCost(*arguments):
                start = time.perf_counter()
                result = cost(*arguments)
                inCost.append(time.perf_counter() - start)
                return result

            model.cost = timedCost
            iterations = model.train(data[0], data[1]).nit
            return model.W1, model.W2, int(iterations), sum(inCost)
        quietFit(model, data[0], data[1])
    W1, W2 = (np.column_stack((b, W.T)).astype(float) for W, b in
              zip(model.coefs_, model.intercepts_))
    return W1, W2, int(model.n_iter_), None


def judge(W1, W2, data):
    """(the project's float64 J on the training rows, held-out accuracy %) of the weights."""
    nn = projectNetwork(data[0].shape[1], 1, None)
    J, _ = nn.cost(nn.unroll(W1, W2), data[0], data[1])
    nn.W1, nn.W2 = W1, W2
    accuracy = nn.percentCorrect(data[2], data[3])
    return float(J), float(accuracy)


def sameStart(data, seed):
    """Largest |ΔW| between the project and sklearn after one iteration from the same start (one
    BLAS thread, float64): ~1e-16 when the starts, the objectives and the gradients are the same."""
    P, S = (fitModel(startModel(who, data, 1, seed), data, 1) for who in ("project", "sklearn"))
    return max(np.max(np.abs(p - s)) for p, s in zip(P[:2], S[:2]))


def trainingPart(data, args):
    """Part 2: the project's training on train.py's rows in float64 and in float32; rows and
    {dtype: {"times", "J", "accuracy", "overheads": train() time / time inside its cost
    evaluations, per round}}. With --train-threads BLAS threads (default: the process's, as
    train.py runs)."""
    rows = {dtype: inDtype(data, dtype) for dtype in DTYPES}
    timed = timeRounds({dtype: (lambda model, dtype=dtype: fitModel(model, rows[dtype],
                                                                  args.train_threads))
                        for dtype in DTYPES}, args.train_repeats,
                       prepare=lambda dtype: (startModel("project", rows[dtype], args.maxiter,
                                                         args.seed),))
    figures, tableRows = {}, []
    for dtype, (times, results) in timed.items():
        W1, W2, iterations, _ = results[-1]
        J, accuracy = judge(W1, W2, data)
        figures[dtype] = {"times": times, "J": J, "accuracy": accuracy,
                          "overheads": perRound(times, [r[3] for r in results])}
        ratio = ("" if dtype == "float64" else
                 ratioText(perRound(timed["float64"][0], times), "faster than float64"))
        tableRows.append(row(2, f"train {args.maxiter} it: project", dtype,
                             threadLabel(args.train_threads), **timeCells(times),
                             iters=str(iterations), J=f"{J:.6f}", heldOut=f"{accuracy:.2f} %",
                             ratio=ratio))
    return tableRows, figures


def sklearnPart(data, args, threads):
    """Part 2b at one BLAS thread setting: the project and scikit-learn, args.compare_maxiter
    iterations from the same start on the same rows (the data set's own, no held-out split), in
    float64 and in float32 on both sides, taking turns round by round. Both run as users run
    them: the project's train() (one thread for the optimizer, `threads` inside its cost) and
    sklearn's fit() with `threads` (None: the process's). Rows and {(who, dtype): {"times", "J"}}."""
    rows = {dtype: inDtype(data, dtype) for dtype in DTYPES}
    cases = [(who, dtype) for dtype in DTYPES for who in ("project", "sklearn")]
    timed = timeRounds({case: (lambda model, case=case: fitModel(model, rows[case[1]], threads))
                        for case in cases}, args.train_repeats,
                       prepare=lambda case: (startModel(case[0], rows[case[1]],
                                                        args.compare_maxiter, args.seed),))
    figures, tableRows = {}, []
    for (who, dtype), (times, results) in timed.items():
        W1, W2, iterations, _ = results[-1]
        J, _ = judge(W1, W2, data)
        figures[who, dtype] = {"times": times, "J": J}
        ratio = ("" if who == "project" else
                 ratioText(perRound(times, timed["project", dtype][0]), f"project {dtype}"))
        tableRows.append(row("2b", f"train {args.compare_maxiter} it on {len(data[0])}: {who}",
                             dtype, threadLabel(threads), **timeCells(times),
                             iters=str(iterations), J=f"{J:.6f}", ratio=ratio))
    return tableRows, figures


# ----- part 3: the scripts as whole processes -----

def runProcess(command, env=None):
    """(wall seconds, peak RSS in MB, exit code, output) of one process running `command`.

    A small launcher process starts it and reports its RUSAGE_CHILDREN: a child started straight
    from this (large) process would count this process's peak memory as its own (Linux keeps the
    peak across fork and exec).
    """
    with tempfile.NamedTemporaryFile("r", prefix="bench-rusage-") as report:
        child = subprocess.run([sys.executable, "-c", LAUNCHER, report.name, *command],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=env)
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
        quick = ["--maxiter", "5", "--nondigits", "0"] if args.quick else []   # seconds, not 20
        commands = {" ".join(["python train.py", *quick]): [ROOT / "train.py", *folders, *quick],
                    "python predict.py": [ROOT / "predict.py", *folders, str(min(3402, m - 1))]}
        runs = {name: [] for name in commands}
        for _ in range(args.train_repeats):
            for name, command in commands.items():
                env = trainThreadsEnvironment(args) if "train.py" in name else None
                runs[name].append(runProcess([sys.executable, *map(str, command)], env))
        for name, results in runs.items():
            threads = args.train_threads if "train.py" in name else None
            rows += scriptRow(name, results, threadLabel(threads))
    return rows


def trainThreadsEnvironment(args):
    """The environment of train.py's runs: ours, with --train-threads BLAS threads when given."""
    if args.train_threads is None:
        return None
    return {**os.environ, "OPENBLAS_NUM_THREADS": str(args.train_threads),
            "OMP_NUM_THREADS": str(args.train_threads)}


def scriptRow(name, results, threads):
    """The rows of part 3 from the runs of one script (a failed run shows its last output line):
    the whole process, and for train.py also its training alone, as its own clock prints it on
    its last progress line, with the held-out accuracy it prints."""
    failed = [output for _, _, code, output in results if code != 0]
    if failed:
        return [row(3, f"{name}: FAILED ({(failed[0].strip().splitlines() or ['?'])[-1][:60]})")]
    peak = statistics.median(r[1] for r in results)
    outputs = [r[3] for r in results]
    accuracy = [re.findall(r"Test Set Accuracy: ([\d.]+)%", output) for output in outputs]
    heldOut = f"{accuracy[-1][-1]} %" if accuracy[-1] else ""
    rows = [row(3, name, threads=threads, **timeCells([r[0] for r in results]),
                peak=f"{peak:.0f} MB", heldOut=heldOut)]
    clock = [re.findall(r"Iteration\s+(\d+) \|.*\|\s+([\d.]+) s", output) for output in outputs]
    if "train.py" in name and all(clock):
        rows.append(row(3, f"  its training ({clock[-1][-1][0]} it, train.py's clock)",
                        threads=threads, **timeCells([float(c[-1][1]) for c in clock])))
    return rows


# ----- the table and the targets -----

def row(part, case, dtype="", threads="", median="", spread="", runs="", iters="", J="",
        heldOut="", peak="", ratio=""):
    """One table row as {column: text}."""
    cells = (str(part), case, dtype, threads, median, spread, runs, iters, J, heldOut, peak, ratio)
    return dict(zip(COLUMNS, cells))


def printTable(rows):
    """The rows under the column names, aligned: text columns to the left, figures to the right."""
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in COLUMNS}
    left = {"part", "case", "dtype", "threads", "ratio (min–max)"}

    def line(cells):
        return "  ".join(cells[c].ljust(widths[c]) if c in left else cells[c].rjust(widths[c])
                         for c in COLUMNS).rstrip()
    print(line({c: c for c in COLUMNS}))
    print(line({c: "-" * widths[c] for c in COLUMNS}))
    for r in rows:
        print(line(r))


def verdict(what, value, limit, higherIsBetter, unit="×", spreadOf=None):
    """'[met] what: 1.21× (target ≤ 1.50×)', or '[NOT met] …' with how far off it is: as a
    factor for ratios, as a difference for points and percentages; spreadOf, when given, the
    per-round values whose min–max follows the median."""
    met = value >= limit if higherIsBetter else value <= limit
    text = f"{what}: {value:.2f}{unit}"
    if spreadOf is not None:
        text += f" (rounds {spread(spreadOf, lambda v: f'{v:.2f}')})"
    text += f" (target {'≥' if higherIsBetter else '≤'} {limit:.2f}{unit})"
    if not met:
        off = max(value / limit, limit / value) if unit == "×" else abs(value - limit)
        text += f", off by {off:.2f}{unit}"
    return f"  [{'met' if met else 'NOT met'}] {text}"


def medianVerdict(what, ratios, limit, higherIsBetter):
    """verdict() of the median of per-round ratios, with their spread."""
    return verdict(what, statistics.median(ratios), limit, higherIsBetter, spreadOf=ratios)


def evaluationTargets(evaluation):
    """Part 1's targets at each thread setting: the project ≤ 1.4× its five matrix products in
    each dtype (issue #32; the two large products, the floor before it, beside them);
    then, for reference, how much faster an evaluation runs in float32."""
    lines = []
    for threads, t in evaluation.items():
        for dtype in DTYPES:
            lines.append(medianVerdict(f"evaluation / its five products, {dtype}, BLAS threads "
                                       f"{threadLabel(threads)}",
                                       perRound(t[f"project {dtype}"], t[f"five {dtype}"]),
                                       EVALUATION_TARGET, False)
                         + "; " + ratioText(perRound(t[f"project {dtype}"], t[f"floor {dtype}"]),
                                            "its two large products"))
    for threads, t in evaluation.items():
        lines.append(f"  for reference, one evaluation in float32 is "
                     f"{ratioText(perRound(t['project float64'], t['project float32']), 'faster')}"
                     f" than in float64 with BLAS threads {threadLabel(threads)}")
    return lines


def trainingTargets(figures):
    """Part 2's targets: float32 training vs float64 (speed, cost, held-out accuracy) and the
    optimizer's overhead."""
    f64, f32 = figures["float64"], figures["float32"]
    lines = ["  float32 vs float64 training:",
             medianVerdict("  speed-up, float64 time / float32 time",
                           perRound(f64["times"], f32["times"]), 1.6, True),
             verdict("  held-out accuracy, |float32 − float64|",
                     abs(f32["accuracy"] - f64["accuracy"]), 0.3, False, unit=" points"),
             verdict("  final J, |float32 − float64| / float64",
                     100 * abs(f32["J"] - f64["J"]) / f64["J"], 0.1, False, unit=" %")]
    for dtype in DTYPES:
        lines.append(medianVerdict(f"optimizer overhead, {dtype}: train() time / time in its "
                                   f"cost evaluations", figures[dtype]["overheads"],
                                   1.3, False))
    return lines


def sklearnTargets(comparison):
    """Part 2b's targets at each thread setting and dtype: sklearn's time / the project's ≥ 3×,
    both ending at the same J (within 1 %); for reference how far two trainings of the same J
    end apart."""
    lines = []
    for threads, figures in comparison.items():
        for dtype in DTYPES:
            project, sk = figures["project", dtype], figures["sklearn", dtype]
            lines += [f"  the project vs sklearn, {dtype} examples on both sides, BLAS threads "
                      f"{threadLabel(threads)}:",
                      medianVerdict("  speed-up, sklearn time / project time",
                                    perRound(sk["times"], project["times"]), SKLEARN_TARGET,
                                    True),
                      verdict("  final J, project / sklearn", project["J"] / sk["J"], 1.01,
                              False)]
    return lines


def contentionLines(evaluation):
    """A warning when the bare products ran slower with all BLAS threads than with one: other
    processes hold the cores, and the default-thread figures then measure waiting for them."""
    slowdown = (statistics.median(evaluation[None]["floor float64"])
                / statistics.median(evaluation[1]["floor float64"]))
    if defaultThreads() == 1 or slowdown < 1:
        return []
    return [f"Note: the float64 floor took {slowdown:.1f}× longer with {defaultThreads()} BLAS "
            f"threads than with 1 (load average {loadAverage()} on {os.cpu_count()} cores):",
            "  other processes hold the cores, so figures at default threads measure waiting for "
            "them more than the code."]


def checkLines(nn, nn_params, data, whole, seed):
    """The two checks behind the comparisons: the loop computes the project's J and gradient (on
    the first 200 training rows), and sklearn starts where the project starts and minimizes the
    same J (on part 2b's rows)."""
    dJ, dGrad = loopAgreement(nn, nn_params, data[0], data[1], min(len(data[0]), 200))
    dW = sameStart(whole, seed)
    same = "same start, same J" if dW < 1e-8 else "NOT the same start or not the same J"
    return [f"Checks: the loop agrees with nn.cost to |ΔJ| = {dJ:.1e}, max |Δgrad| = {dGrad:.1e};",
            f"  after 1 iteration from the project's start (float64), sklearn's weights differ "
            f"from the project's by at most {dW:.1e} ({same})."]


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
    X, y = digitdata.loadData(args.data_dir)
    data = trainingRows(X, y, args.seed)
    print(f"Data: {len(X)}×{X.shape[1]} from {args.data_dir}; {len(data[2])} held out "
          f"(seed {args.seed}), the other {len(X) - len(data[2])} and their shifted copies are "
          f"the {len(data[0])} training rows of parts 1 and 2 (as train.py); λ = {LAMBDA:g}\n")
    nn = projectNetwork(X.shape[1], 1, args.seed)
    nn_params = nn.unroll(nn.W1, nn.W2)
    rows, evaluation = [], {}
    for threads in (None, 1):
        progress(f"part 1: one evaluation, BLAS threads {threadLabel(threads)}")
        partRows, evaluation[threads] = evaluationRows(nn, nn_params, data, args, threads)
        rows += partRows
    progress(f"part 2: training, {args.train_repeats} rounds of 2")
    trainRows, figures = trainingPart(data, args)
    rows += trainRows
    whole = (X, y, X, y)   # part 2b: the data set's own rows, as the course trains
    comparison = {}
    for threads in (None, 1):
        progress(f"part 2b: the project vs sklearn, BLAS threads {threadLabel(threads)}, "
                 f"{args.train_repeats} rounds of 4")
        compareRows, comparison[threads] = sklearnPart(whole, args, threads)
        rows += compareRows
    if not args.skip_scripts:
        progress("part 3: train.py and predict.py")
        rows += scriptRows(args.data_dir, len(X), args)
    progress("checks")
    checks = checkLines(nn, nn_params, data, whole, args.seed)
    printTable(rows)
    print("\n".join(["", *checks, *contentionLines(evaluation), "Targets:",
                     *evaluationTargets(evaluation), *trainingTargets(figures),
                     *sklearnTargets(comparison)]))
    print(f"Load average at the end: {loadAverage()}")
    if not (args.quick or args.skip_pictures):   # part 4: accuracy on pictures, in bench/pictures.py
        print("\nPart 4: pictures read correctly by the default model (python bench/pictures.py)")
        return pictures.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
