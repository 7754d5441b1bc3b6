"""bench/bench.py runs end to end (--quick) and prints every row of its table; no timing checks."""
import subprocess
import sys

import numpy as np
import pytest

import dataset
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402  (bench/ must be on sys.path first)

ROWS = ["cost+grad: project nn.cost", "cost+grad: per-example loop", "cost+grad: floor (5 matmuls)",
        "train 20 it: project", "train 20 it: sklearn",
        "python train.py --maxiter 5", "python predict.py"]


@pytest.fixture(scope="module")
def smallDataDir(tmp_path_factory):
    """X.in and y.in with 500 random examples (50 of each class), so the quick run takes seconds."""
    rng = np.random.default_rng(0)
    y = np.eye(10)[np.repeat(np.arange(10), 50)]
    X = rng.random((500, 400))
    folder = tmp_path_factory.mktemp("bench-data")
    dataset.writeData(X, y, folder)
    return folder


def test_quick_run_prints_the_whole_table(smallDataDir):
    process = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--quick",
                              "--data-dir", str(smallDataDir)],
                             capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr
    out = process.stdout
    for text in ROWS + ["Machine:", "blas:", "Checks:", "(same start, same J)", "Targets:",
                        "evaluation / floor", "speed-up, sklearn time / project time"]:
        assert text in out, f"{text!r} missing from:\n{out}"
    assert "FAILED" not in out and "skipped" not in out
    table = out[out.index("part  case"):out.index("Checks:")]
    assert sum(line[:1] in "123" for line in table.splitlines()[2:] if line) == 12


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
                   "--loop-examples", "--seed", "--skip-scripts"):
        assert option in out
