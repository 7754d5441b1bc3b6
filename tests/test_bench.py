"""bench/bench.py runs end to end (--quick) and prints every row of its table; no timing checks."""
import dataclasses
import contextlib
import importlib
import io
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, placeholderPictures

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402  (bench/ must be on sys.path first)
from recognizer import digitdata, training
from recognizer.settings import DEFAULTS

# The quick run, smaller still: one round of everything, 2 iterations of each training and the
# per-example loop on 20 of the 2,000 training rows (400 digits and their shifted copies).
QUICK = ["--quick", "--repeats", "1", "--maxiter", "2", "--compare-maxiter", "2",
         "--loop-examples", "20"]
# The first cells of every row it prints, in order: part, case, dtype, BLAS threads
# ("default" for "default (N)"); part 3 has no dtype.
ROWS = ([("1", case, dtype, threads) for threads in ("default", "1")
         for case, dtype in [(case, dtype) for dtype in ("float64", "float32") for case in
                             ("cost+grad: project nn.cost", "cost+grad: its five products",
                              "cost+grad: floor (X·Θ1ᵀ, δ2ᵀ·X)")]
         + [("cost+grad: per-example loop (on 20, ×100)", "float64")]]
        + [("2", "train 2 it: project", dtype, "default") for dtype in ("float64", "float32")]
        + [("2b", f"train 2 it on 500: {who}", dtype, threads) for threads in ("default", "1")
           for dtype in ("float64", "float32") for who in ("project", "sklearn")]
        + [("3", "python train.py --maxiter 5 --nondigits 0", "default"),
           ("3", "its training (5 it, train.py's clock)", "default"),
           ("3", "python predict.py", "default")])


def tableRows(out):
    """The first cells of each row of the printed table (cells are 2+ spaces apart; empty ones
    vanish), with "default (N)" threads written "default"."""
    lines = out[out.index("part  case"):out.index("Checks:")].splitlines()[2:]
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines if line.strip()]
    return [tuple(cell.split(" (")[0] if cell.startswith("default (") else cell
                  for cell in row[:4]) for row in rows]


@pytest.fixture(scope="module")
def smallDataDir(tmp_path_factory):
    """X.in and y.in with 500 random examples (50 of each class), so the quick run takes seconds."""
    rng = np.random.default_rng(0)
    y = np.eye(10)[np.repeat(np.arange(10), 50)]
    X = rng.random((500, 400))
    folder = tmp_path_factory.mktemp("bench-data")
    digitdata.writeData(X, y, folder)
    return folder


def scriptInProcess(command, env=None):
    """bench.runProcess's stand-in: the script of `command` (python, script, *args) run through its
    main() in this process, pictures as placeholders, as (wall seconds, 0 MB, exit code, output).
    Part 3's rows and command lines are what is checked; a child process would add seconds of
    imports (test_runProcess_reports_a_childs_time_memory_code_and_output checks the real one)."""
    script = importlib.import_module(Path(command[1]).stem)
    out = io.StringIO()
    with placeholderPictures(), contextlib.redirect_stdout(out):
        code = script.main([str(a) for a in command[2:]])
    return 0.5, 0.0, code, out.getvalue()


@pytest.mark.slow
def test_quick_run_prints_the_whole_table(smallDataDir, capsys, monkeypatch):
    monkeypatch.setattr(bench, "runProcess", scriptInProcess)   # part 3: train.py, predict.py
    code = bench.main([*QUICK, "--data-dir", str(smallDataDir)])
    out, err = capsys.readouterr()
    assert code == 0, err
    for text in ["Machine:", "blas:", "Checks:", "(same start, same J)", "Targets:",
                 "evaluation / its five products, float32", "its two large products",
                 "speed-up, float64 time / float32 time",
                 "speed-up, sklearn time / project time", "optimizer overhead, float32",
                 "the project vs sklearn, float32 examples on both sides, BLAS threads 1"]:
        assert text in out, f"{text!r} missing from:\n{out}"
    assert "FAILED" not in out and "skipped" not in out
    found = tableRows(out)
    assert [row[:len(want)] for row, want in zip(found, ROWS)] == ROWS and len(found) == len(ROWS)


def test_runProcess_reports_a_childs_time_memory_code_and_output():
    wall, peakMB, code, out = bench.runProcess(
        [sys.executable, "-c", "import sys; b = bytearray(50_000_000); print('done'); sys.exit(3)"])
    assert code == 3 and out == "done\n"
    assert wall > 0 and peakMB > 50     # the child's own peak: the 50 MB it held, not this process's


def test_loop_computes_the_projects_cost_and_gradient():
    rng = np.random.default_rng(1)
    X, y = rng.random((30, 400)), np.eye(10)[rng.integers(0, 10, 30)]
    nn = bench.projectNetwork(400, 1, seed=2)
    nn_params = nn.unroll(nn.W1, nn.W2)
    J, grad = nn.cost(nn_params, X, y)
    J_loop, grad_loop = bench.loopCost(nn, nn_params, X, y)
    assert J_loop == pytest.approx(J, rel=1e-12)
    np.testing.assert_allclose(grad_loop, grad, rtol=1e-9, atol=1e-13)


def test_help_describes_every_option(capsys):
    with pytest.raises(SystemExit) as exit:
        bench.main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    for option in ("--quick", "--data-dir", "--repeats", "--train-repeats", "--maxiter",
                   "--compare-maxiter", "--loop-examples", "--train-threads", "--seed",
                   "--skip-scripts"):
        assert option in out


def test_ratios_are_taken_round_by_round_and_reported_with_their_spread():
    ratios = bench.perRound([2.0, 4.0, 9.0], [1.0, 2.0, 3.0])
    assert ratios == [2.0, 2.0, 3.0]
    assert bench.ratioText(ratios, "its floor") == "2.00× its floor (2.00–3.00)"


def test_training_rows_are_train_pys_default_rows():
    rng = np.random.default_rng(3)
    X, y = rng.random((50, 400)), np.eye(10)[np.arange(50) % 10]
    Xtrain, ytrain, Xtest, ytest = bench.trainingRows(X, y, seed=0)

    train, test = training.splitHeldOut(50, 0.2, 0)
    shifted = training.trainingSet(X, y, train, dataclasses.replace(DEFAULTS, float64=True), nonDigits=0)   # what train.py trains on
    assert np.array_equal(Xtrain, shifted[0]) and np.array_equal(ytrain, shifted[1])
    assert len(Xtrain) == 5 * 40 and np.array_equal(Xtest, X[test]) and np.array_equal(ytest, y[test])


@pytest.mark.slow
def test_beforeafter_quick_run_compares_two_commits(smallDataDir, capsys):
    """bench/beforeafter.py against this checkout's own HEAD: every part-1 and part-2 row and the
    summary (in-process, without the train.py part). Needs git and a git checkout."""
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode:
        pytest.skip("not a git checkout")
    import beforeafter

    assert beforeafter.main(["--before", "HEAD", "--quick", "--skip-scripts",
                             "--data-dir", str(smallDataDir)]) == 0
    out = capsys.readouterr().out
    found = tableRows(out.replace("Before → after", "Checks:"))
    wanted = ([("1", case, dtype, threads) for threads in ("default", "1") for dtype in
               ("float64", "float32") for case in ("cost+grad: before", "cost+grad: after",
                                                   "cost+grad: its five products",
                                                   "cost+grad: floor (X·Θ1ᵀ, δ2ᵀ·X)")]
              + [("2", f"train 10 it on 500: {who}", dtype, threads) for threads in
                 ("default", "1") for dtype in ("float64", "float32")
                 for who in ("before", "after", "sklearn")])
    assert [row[:4] for row in found] == wanted
    for text in ("evaluation / its five products, float32, BLAS threads 1:",
                 "/ its two large products:",
                 "sklearn time / project time, float64 on both sides, BLAS threads default"):
        assert text in out


@pytest.mark.slow
def test_snapshot_bench_quick_run_prints_its_share_and_the_drawing(smallDataDir, capsys):
    import snapshots

    assert snapshots.main(["--quick", "--data-dir", str(smallDataDir)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^ +1 +\d+\.\d\ds +\d+\.\d\ds +\d\.\d{3}× +\d+\.\d{3} ms", out, re.M), out
    assert re.search(r"Drawing Learning.gif after training .*: \d+\.\d\d s for 11 frames", out), out
    assert "the snapshots' share of the training time" in out
