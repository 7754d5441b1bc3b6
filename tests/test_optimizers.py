"""The training, explained: L-BFGS-B's evaluations counted, the gradient-descent steps beside it
(each lowers the cost of the course's debug network), the optimizers compared
(train.py --compare-optimizers), the hidden layer's size chosen on validation digits
(train.py --hidden 5,10,...) and the weights drawn at each λ (Lambda.png)."""
import re

import numpy as np
import pytest

import train
from conftest import PNG_SIGNATURE
from NN import Neural_Network
from recognizer import digitdata, optimizers, training
from test_nn import debugNetwork
from test_validation import rowSet, trainSmall


# ----- counting -----

def test_evaluations_are_the_cost_calls(smallDataDir, monkeypatch):
    X, y = digitdata.loadData(smallDataDir)
    calls, original = [], Neural_Network.cost
    monkeypatch.setattr(Neural_Network, "cost",
                        lambda self, *args, **kwargs: calls.append(1) or original(self, *args, **kwargs))
    nn = Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=15, lambd=1.0, seed=0)
    result = nn.train(X, y)
    assert nn.evaluations == len(calls) == result.nfev > len(nn.costs) == 15
    assert nn.evaluationSeconds > 0


def test_train_py_prints_iterations_and_evaluations(smallDataDir, tmp_path, capsys, quickPictures):
    assert trainSmall(smallDataDir, tmp_path, "--no-animation") == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "evaluations of the cost" in line)
    iterations, evaluations, ms = map(int, re.match(
        r"(\d+) iterations, (\d+) evaluations of the cost and its gradient \((\d+) ms each\), "
        r"and one before them to check the start", line).groups())
    assert iterations == 2 and evaluations >= iterations and ms >= 0


# ----- the gradient-descent steps -----

@pytest.mark.parametrize("fit", [
    lambda nn, X, y: nn.gradientDescent(X, y, rate=0.5, steps=20),
    lambda nn, X, y: nn.gradientDescent(X, y, rate=0.5, steps=20, momentum=0.9),
    lambda nn, X, y: nn.miniBatchDescent(X, y, rate=0.5, epochs=20, batchSize=2),
], ids=["gradient descent", "momentum", "mini-batch"])
def test_each_descent_lowers_the_cost_of_the_course_debug_network(fit):
    nn, X, y = debugNetwork(lambd=1.0)
    before = nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0]
    fit(nn, X, y)
    after = nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0]
    assert after < before


def test_gradient_descent_is_the_step_written_out():
    nn, X, y = debugNetwork(lambd=1.0)
    params = nn.unroll(nn.W1, nn.W2)
    seen = []
    nn.gradientDescent(X, y, rate=0.3, steps=1, callback=lambda step, J: seen.append((step, J)))
    J, gradient = nn.cost(params, X, y)
    assert seen == [(1, J)]
    assert np.allclose(nn.unroll(nn.W1, nn.W2), params - 0.3 * gradient)


def test_a_mini_batch_takes_its_share_of_lambda():
    nn, X, y = debugNetwork(lambd=1.0)
    params = nn.unroll(nn.W1, nn.W2)
    nn.miniBatchDescent(X, y, rate=0.3, epochs=1, batchSize=len(X))     # one batch: all rows
    _, gradient = nn.cost(params, X, y)
    assert np.allclose(nn.unroll(nn.W1, nn.W2), params - 0.3 * gradient)


# ----- the comparison -----

def test_every_optimizer_spends_the_budget_from_one_start(defaultData):
    X, y = defaultData
    train_, test = training.splitHeldOut(len(X), 0.2, 0)
    rows = train_[:300]
    settings = train.settingsOf(train.parseArguments([]))
    runs = optimizers.compare(settings, X, y, rows, test[:100], budget=12, progress=lambda _: None)
    assert len(runs) == len(optimizers.RATES) + 3
    for run in runs[:-1]:
        assert run.evaluations == list(range(1, 13))                  # a step (or epoch) each
    lbfgs = runs[-1]
    assert 12 <= lbfgs.evaluations[-1] < 12 + 10 and lbfgs.evaluations == sorted(lbfgs.evaluations)
    starts = {round(run.costs[0], 9) for run in runs[:4]}             # J before the first step
    assert len(starts) == 1                                           # the same start for all
    assert all(0 <= run.heldOut <= 100 for run in runs)


def test_compare_optimizers_draws_the_picture_and_saves_no_weights(smallDataDir, tmp_path, capsys,
                                                                   monkeypatch, quickPictures):
    monkeypatch.setattr(optimizers, "BUDGET", 3)
    before = sorted(path.name for path in smallDataDir.iterdir())
    assert trainSmall(smallDataDir, tmp_path, "--compare-optimizers") == 0
    out = capsys.readouterr().out
    assert f"Saved {tmp_path / 'Optimizers.png'}" in out and "L-BFGS-B (train.py's)" in out
    assert (tmp_path / "Optimizers.png").read_bytes().startswith(PNG_SIGNATURE)
    assert sorted(path.name for path in smallDataDir.iterdir()) == before


# ----- hidden sizes and λ -----

@pytest.fixture
def recordedTrainings(monkeypatch):
    """Every Neural_Network.train call of the test: (hidden units, λ, a copy of the X trained on)."""
    calls, original = [], Neural_Network.train

    def recording(self, X, y, callback=None):
        calls.append((self.hiddenSize, self.lambd, np.array(X)))
        return original(self, X, y, callback)

    monkeypatch.setattr(Neural_Network, "train", recording)
    return calls


def test_hidden_sizes_train_on_training_digits_only_then_the_best(smallDataDir, tmp_path, capsys,
                                                                  recordedTrainings, quickPictures):
    X, _ = digitdata.loadData(smallDataDir)
    _, heldOut = training.splitHeldOut(len(X), 0.2, seed=0)
    assert trainSmall(smallDataDir, tmp_path, "--hidden", "3,6", "--no-animation") == 0
    out = capsys.readouterr().out
    assert [hidden for hidden, _, _ in recordedTrainings][:2] == [3, 6]
    chosen = int(out.split("Retraining on all 400 training digits with ")[1].split()[0])
    assert recordedTrainings[-1][0] == chosen and f"Saved {tmp_path / 'HiddenSize.png'}" in out
    held = rowSet(training.shiftedCopies(X[heldOut], np.zeros((len(heldOut), 10)))[0])
    assert all(not rowSet(Xtrained) & held for _, _, Xtrained in recordedTrainings)
    assert (tmp_path / "HiddenSize.png").read_bytes().startswith(PNG_SIGNATURE)


def test_a_lambda_curve_draws_the_weights_at_each_lambda(smallDataDir, tmp_path, capsys,
                                                         quickPictures):
    assert trainSmall(smallDataDir, tmp_path, "--lambd", "0.1,30", "--no-animation") == 0
    assert f"Saved {tmp_path / 'Lambda.png'}" in capsys.readouterr().out
    assert (tmp_path / "Lambda.png").read_bytes().startswith(PNG_SIGNATURE)


@pytest.mark.parametrize("value, words", [("5,x", "'x' is not a whole number"),
                                          ("5,5", "5 appears twice"),
                                          ("0", "0 is not a whole number ≥ 1")])
def test_bad_hidden_sizes_are_one_line_errors(capsys, value, words):
    with pytest.raises(SystemExit) as stop:
        train.parseArguments(["--hidden", value])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and len(err.strip().splitlines()) == 1 and words in err
