"""bench/bench.py runs end to end (--quick, on a small data set) and prints every row of its table;
no timing checks."""
import re
import sys

import numpy as np
import pytest

import dataset
from conftest import ROOT


# The quick run on 100 examples (80 training digits, with their shifted copies 400 rows), the
# loop on 20 of them, 2 iterations of each training in part 2, one round of everything.
QUICK = ["--quick", "--repeats", "1", "--loop-examples", "20", "--maxiter", "2"]
# The first cells of every row that run prints, in order: part, case, dtype, BLAS threads
# ("default" for "default (N)"); part 3 has no dtype.
ROWS = ([("1", case, dtype, threads) for threads in ("default", "1")
         for case, dtype in [(case, dtype) for dtype in ("float64", "float32") for case in
                             ("cost+grad: project nn.cost", "cost+grad: floor (5 matmuls)")]
         + [("cost+grad: per-example loop (on 20, ×20)", "float64")]]
        + [("2", f"train 2 it: {who}", dtype, threads) for who, threads in
           (("project", "default"), ("sklearn", "1")) for dtype in ("float64", "float32")]
        + [("3", "python train.py --maxiter 5", "default"), ("3", "python predict.py", "default")])


@pytest.fixture(scope="module")
def bench():
    """bench/bench.py as a module, imported when a test asks for it rather than when tests are
    collected: it imports scikit-learn (a second or two), which nothing else needs."""
    sys.path.insert(0, str(ROOT / "bench"))
    import bench

    return bench


def tableRows(out):
    """The first cells of each row of the printed table (cells are 2+ spaces apart; empty ones
    vanish), with "default (N)" threads written "default"."""
    lines = out[out.index("part  case"):out.index("Checks:")].splitlines()[2:]
    rows = [re.split(r"\s{2,}", line.strip()) for line in lines if line.strip()]
    return [tuple(cell.split(" (")[0] if cell.startswith("default (") else cell
                  for cell in row[:4]) for row in rows]


@pytest.fixture(scope="module")
def smallDataDir(tmp_path_factory):
    """X.in and y.in with 100 random examples (10 of each class), so the quick run takes seconds."""
    rng = np.random.default_rng(0)
    y = np.eye(10)[np.repeat(np.arange(10), 10)]
    X = rng.random((100, 400))
    folder = tmp_path_factory.mktemp("bench-data")
    dataset.writeData(X, y, folder)
    return folder


@pytest.mark.slow
def test_quick_run_prints_the_whole_table(bench, smallDataDir, capsys):
    code = bench.main([*QUICK, "--data-dir", str(smallDataDir)])   # part 3 starts train.py, predict.py
    out, err = capsys.readouterr()
    assert code == 0, err
    for text in ["Machine:", "blas:", "Checks:", "(same start, same J)", "Targets:",
                 "evaluation / its floor, float32", "speed-up, float64 time / float32 time",
                 "speed-up, sklearn time / project time", "optimizer overhead, float32"]:
        assert text in out, f"{text!r} missing from:\n{out}"
    assert "FAILED" not in out and "skipped" not in out
    found = tableRows(out)
    assert [row[:len(want)] for row, want in zip(found, ROWS)] == ROWS and len(found) == len(ROWS)


def test_loop_computes_the_projects_cost_and_gradient(bench):
    rng = np.random.default_rng(1)
    X, y = rng.random((30, 400)), np.eye(10)[rng.integers(0, 10, 30)]
    nn = bench.projectNetwork(400, 1, seed=2)
    nn_params = nn.unroll(nn.W1, nn.W2)
    J, grad = nn.cost(nn_params, X, y)
    J_loop, grad_loop = bench.loopCost(nn, nn_params, X, y)
    assert J_loop == pytest.approx(J, rel=1e-12)
    np.testing.assert_allclose(grad_loop, grad, rtol=1e-9, atol=1e-13)


def test_help_describes_every_option(bench, capsys):
    with pytest.raises(SystemExit) as exit:
        bench.main(["--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    for option in ("--quick", "--data-dir", "--repeats", "--train-repeats", "--maxiter",
                   "--loop-examples", "--train-threads", "--seed", "--skip-scripts"):
        assert option in out


def test_ratios_are_taken_round_by_round_and_reported_with_their_spread(bench):
    ratios = bench.perRound([2.0, 4.0, 9.0], [1.0, 2.0, 3.0])
    assert ratios == [2.0, 2.0, 3.0]
    assert bench.ratioText(ratios, "its floor") == "2.00× its floor (2.00–3.00)"


def test_training_rows_are_train_pys_default_rows(bench):
    rng = np.random.default_rng(3)
    X, y = rng.random((50, 400)), np.eye(10)[np.arange(50) % 10]
    Xtrain, ytrain, Xtest, ytest = bench.trainingRows(X, y, seed=0)
    train, test = bench.trainScript.splitHeldOut(50, 0.2, 0)
    shifted = dataset.shiftedCopies(X[train], y[train])
    assert np.array_equal(Xtrain, shifted[0]) and np.array_equal(ytrain, shifted[1])
    assert len(Xtrain) == 5 * 40 and np.array_equal(Xtest, X[test]) and np.array_equal(ytest, y[test])
