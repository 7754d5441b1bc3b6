"""NN.py against independent oracles: central differences, a per-example loop, the course's figures."""
import warnings

import numpy as np
import pytest
from scipy.special import expit

from recognizer import blas
from recognizer import conventions
import NN

FLOAT32_GRADIENT_TOLERANCE = 1e-5   # ‖g32 − g64‖ / ‖g64‖: float32 products, float64 sums
FLOAT32_TRAINING_TOLERANCE = 1e-3   # final J after 200 iterations, float32 vs float64: 0.1 %


@pytest.fixture(autouse=True, scope="module")
def oneBlasThread():
    """These tests check maths, not speed: one BLAS thread, so that on a busy machine the small
    products do not wait for a second core (5–10× slower under load)."""
    with blas.controller().limit(limits=1, user_api="blas"):
        yield


def debugInitializeWeights(fan_out, fan_in):
    """The course's debugInitializeWeights: sin(1..n)/10 in column-major order (Octave's reshape)."""
    n = fan_out * (1 + fan_in)
    return (np.sin(np.arange(1, n + 1)) / 10).reshape(fan_out, 1 + fan_in, order="F")


def debugNetwork(lambd):
    """The course's checkNNGradients network: 3 inputs, 5 hidden, 3 classes, m = 5."""
    nn = NN.Neural_Network()
    nn.configureNN(3, 5, 3, W1=debugInitializeWeights(5, 3), W2=debugInitializeWeights(3, 5), lambd=lambd)
    X = debugInitializeWeights(5, 2)  # 5×3: the course reuses the weight initializer for X
    classes = 1 + np.arange(1, 6) % 3
    y = np.eye(3)[classes - 1]
    return nn, X, y


def numericalGradient(nn, params, X, y, coordinates=None, e=1e-4):
    """Central differences (J(θ + e) − J(θ − e)) / 2e at the given coordinates (default: all)."""
    coordinates = range(params.size) if coordinates is None else coordinates
    grad = np.empty(len(coordinates))
    for j, i in enumerate(coordinates):
        step = np.zeros_like(params)
        step[i] = e
        grad[j] = (nn.cost(params + step, X, y)[0] - nn.cost(params - step, X, y)[0]) / (2 * e)
    return grad


def relativeDifference(a, b):
    """The course's check: ‖a − b‖ / ‖a + b‖."""
    return np.linalg.norm(a - b) / np.linalg.norm(a + b)


def loopCostAndGradient(W1, W2, X, y, lambd):
    """A plain per-example forward and backward pass, written from the course's formulas."""
    m = len(X)
    J, D1, D2 = 0.0, np.zeros_like(W1), np.zeros_like(W2)
    for x, t in zip(X, y):
        a1 = np.concatenate(([1.0], x))
        a2 = np.concatenate(([1.0], 1 / (1 + np.exp(-(W1 @ a1)))))
        h = 1 / (1 + np.exp(-(W2 @ a2)))
        J -= np.sum(t * np.log(h) + (1 - t) * np.log(1 - h)) / m
        d3 = h - t
        d2 = (W2.T @ d3)[1:] * a2[1:] * (1 - a2[1:])
        D1 += np.outer(d2, a1)
        D2 += np.outer(d3, a2)
    J += lambd / (2 * m) * (np.sum(W1[:, 1:] ** 2) + np.sum(W2[:, 1:] ** 2))
    D1[:, 1:] += lambd * W1[:, 1:]
    D2[:, 1:] += lambd * W2[:, 1:]
    return J, np.concatenate(((D1 / m).ravel(), (D2 / m).ravel()))


def randomNetwork(m=5, seed=1, lambd=1.0):
    """A 400-25-10 network at its random start with m random examples."""
    rng = np.random.default_rng(seed)
    nn = NN.Neural_Network()
    nn.configureNN(400, 25, 10, lambd=lambd, seed=seed)
    X = rng.random((m, 400))
    y = np.eye(10)[rng.integers(0, 10, m)]
    return nn, X, y


# ----- the gradient -----

@pytest.mark.parametrize("lambd", [0.0, 3.0])
def test_gradient_matches_central_differences_on_course_debug_network(lambd):
    nn, X, y = debugNetwork(lambd)
    params = nn.unroll(nn.W1, nn.W2)
    J, grad = nn.cost(params, X, y)
    assert relativeDifference(numericalGradient(nn, params, X, y), grad) < 1e-9


def test_debug_network_gradient_matches_course_figures():
    nn, X, y = debugNetwork(0.0)
    _, grad = nn.cost(nn.unroll(nn.W1, nn.W2), X, y)
    D1, D2 = nn.roll(grad)
    octaveOrder = np.concatenate((D1.ravel(order="F"), D2.ravel(order="F")))
    np.testing.assert_allclose(octaveOrder[:2], [-0.0092782524, 0.0088991196], atol=5e-11)


def test_gradient_matches_central_differences_on_random_full_size_network():
    """400-25-10 at a few hundred seeded coordinates of each layer (the debug network above
    checks every coordinate; here the sizes and the unrolling of the full network are tested)."""
    nn, X, y = randomNetwork(m=4)
    params = nn.unroll(nn.W1, nn.W2)
    _, grad = nn.cost(params, X, y)
    rng = np.random.default_rng(0)
    coordinates = np.concatenate((rng.choice(nn.W1.size, 200, replace=False),
                                  nn.W1.size + rng.choice(nn.W2.size, 100, replace=False)))
    numerical = numericalGradient(nn, params, X, y, coordinates)
    assert relativeDifference(numerical, grad[coordinates]) < 1e-9


@pytest.mark.parametrize("lambd", [0.0, 1.0])
def test_matrix_cost_and_gradient_equal_per_example_loop(lambd):
    nn, X, y = randomNetwork(m=50, seed=7, lambd=lambd)
    nn.W1 *= 10  # away from the start, so hidden units are not all near 0.5
    params = nn.unroll(nn.W1, nn.W2)
    J, grad = nn.cost(params, X, y)
    loopJ, loopGrad = loopCostAndGradient(nn.W1, nn.W2, X, y, lambd)
    assert J == pytest.approx(loopJ, rel=1e-12)
    np.testing.assert_allclose(grad, loopGrad, rtol=1e-12, atol=1e-15)


def test_cost_evaluates_at_the_parameters_it_is_given():
    nn, X, y = randomNetwork()
    params = nn.unroll(nn.W1, nn.W2)
    J1, g1 = nn.cost(params, X, y)
    J2, g2 = nn.cost(params * 2, X, y)
    assert J1 != J2 and not np.array_equal(g1, g2)


def test_softplus_is_log_of_one_plus_exp_without_overflow():
    nn = NN.Neural_Network()
    z = np.array([-30.0, -1.0, 0.0, 2.0, 30.0])
    np.testing.assert_allclose(nn.softplus(z), np.log1p(np.exp(z)), rtol=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert nn.softplus(np.array([1e4, -1e4])).tolist() == [1e4, 0.0]


# ----- the evaluation's element-wise steps against plain formulas -----

def extremeZ(dtype):
    """Pre-activations from 0 to beyond where e^z overflows or g(z) rounds to 0 or 1, both signs."""
    big = np.log(np.finfo(dtype).max)  # ≈ 88.7 (float32), 709.8 (float64)
    z = np.concatenate((np.linspace(-40, 40, 801), [-1e4, -2 * big, -big - 1, -big, -big + 1,
                                                     big - 1, big, big + 1, 2 * big, 1e4]))
    return np.concatenate((z, -z)).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softplus_equals_logaddexp_in_both_precisions_and_silently_at_extremes(dtype):
    nn, z = NN.Neural_Network(), extremeZ(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        softplus = nn.softplus(z)
    assert softplus.dtype == dtype and np.all(np.isfinite(softplus))
    reference = np.logaddexp(0, z.astype(np.longdouble)).astype(dtype)  # rounded to the dtype
    # a few units in the last place; below the smallest normal number only absolutely
    np.testing.assert_allclose(softplus, reference, rtol=4 * np.finfo(dtype).eps,
                               atol=np.finfo(dtype).tiny)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_evaluation_sigmoid_equals_expit_in_place_and_silently_at_extremes(dtype):
    nn, z = NN.Neural_Network(), extremeZ(dtype)
    a = np.empty((len(z), 2), dtype=dtype, order="F")   # a view, as propagate writes a2[:, 1:]
    a[:, 1] = -z
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = nn._sigmoidOfMinus(a[:, 1])
    assert np.shares_memory(g, a) and g.dtype == dtype
    np.testing.assert_allclose(g, nn.sigmoid(z.astype(float)).astype(dtype),
                               rtol=4 * np.finfo(dtype).eps, atol=np.finfo(dtype).tiny)
    assert g[z == -1e4].tolist() == [0, 0] and g[z == 1e4].tolist() == [1, 1]


def plainCost(W1, W2, X, y, lambd):
    """J in float64 by the course's formula, its logs taken as np.logaddexp: −log h = softplus(−z3),
    −log(1 − h) = softplus(z3)."""
    m = len(X)
    z3 = np.column_stack((np.ones(m), expit(np.column_stack((np.ones(m), X)) @ W1.T))) @ W2.T
    J = np.sum(y * np.logaddexp(0, -z3) + (1 - y) * np.logaddexp(0, z3)) / m
    return J + lambd / (2 * m) * (np.sum(W1[:, 1:] ** 2) + np.sum(W2[:, 1:] ** 2))


@pytest.mark.parametrize("scale", [1, 30, 1e3])
def test_cost_equals_the_plain_formula_also_where_outputs_saturate(scale):
    """W2 scaled up: |z3| from ≈ 1 to ≈ 1e4, h from moderate to exactly 0 or 1, labels both ways."""
    nn, X, y = randomNetwork(m=40, seed=4)
    nn.W2 *= scale
    nn.W2[::2] *= -1
    params = nn.unroll(nn.W1, nn.W2)
    J = nn.cost(params, X, y)[0]
    assert J == pytest.approx(plainCost(nn.W1, nn.W2, X, y, nn.lambd), rel=1e-13)
    J32 = nn.cost(params, X.astype(np.float32), y)[0]
    assert J32 == pytest.approx(J, rel=1e-6)


def test_propagate_gives_the_course_layers():
    nn, X, _ = randomNetwork(m=30, seed=6)
    a2, z3 = nn.propagate(nn.W1, nn.W2, X)
    a2Plain = np.column_stack((np.ones(30), expit(nn.addBias(X) @ nn.W1.T)))
    np.testing.assert_allclose(a2, a2Plain, rtol=1e-15)
    np.testing.assert_allclose(z3, a2Plain @ nn.W2.T, rtol=1e-13)


# ----- float32 products -----

@pytest.mark.parametrize("given, kept", [(np.float32, np.float32), (np.float64, np.float64),
                                         (np.int64, np.float64), (np.float16, np.float64)])
def test_checkX_keeps_float32_and_makes_everything_else_float64(given, kept):
    nn = NN.Neural_Network()
    nn.configureNN(3, 2, 2, seed=0)
    assert nn.checkX(np.ones((4, 3), dtype=given)).dtype == kept


@pytest.fixture(scope="module")
def trainedOnReal(defaultData):
    """The default data set and weights 30 iterations into training on its first 1,000 rows,
    so that the float32 check runs where the hidden units are no longer all near 0.5."""
    X, y = defaultData
    nn = NN.Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=30, lambd=1.0, seed=0)
    nn.train(X[::5], y[::5])
    return nn, X, y


@pytest.mark.parametrize("where", ["random start", "after 30 iterations"])
def test_float32_products_give_the_float64_cost_and_gradient(trainedOnReal, where):
    trained, X, y = trainedOnReal
    nn = NN.Neural_Network()
    nn.configureNN(400, 25, 10, lambd=1.0, seed=1)
    params = nn.unroll(nn.W1, nn.W2) if where == "random start" else \
        trained.unroll(trained.W1, trained.W2)
    J64, grad64 = nn.cost(params, X, y)
    J32, grad32 = nn.cost(params, X.astype(np.float32), y)
    assert grad32.dtype == np.float64 and np.asarray(J32).dtype == np.float64  # what L-BFGS-B sees
    assert J32 == pytest.approx(J64, rel=1e-7)
    difference = np.linalg.norm(grad32 - grad64) / np.linalg.norm(grad64)
    assert 0 < difference < FLOAT32_GRADIENT_TOLERANCE  # > 0: the products did run in float32


def test_forward_in_float32_gives_the_float64_answer(trainedOnReal):
    nn, X, _ = trainedOnReal
    h64, h32 = nn.forward(X[:500]), nn.forward(X[:500].astype(np.float32))
    np.testing.assert_allclose(h32, h64, atol=1e-5)
    assert h64.dtype == np.float64 and np.array_equal(nn.predictClasses(X[:500]),
                                                      conventions.classesOf(h64))


# ----- the course's reference figures -----

def test_sigmoid_gradient_matches_course_figures():
    nn = NN.Neural_Network()
    z = np.array([-1, -0.5, 0, 0.5, 1])
    np.testing.assert_allclose(nn.sigmoidPrime(nn.sigmoid(z)),
                               [0.196612, 0.235004, 0.250000, 0.235004, 0.196612], atol=5e-7)


def test_regularization_term_of_course_weights(courseWeights):
    Theta1, Theta2 = courseWeights
    X, y = np.random.default_rng(0).random((5000, 400)), np.eye(10)[np.arange(5000) % 10]
    costs = {}
    for lambd in (0.0, 1.0):
        nn = NN.Neural_Network()
        nn.configureNN(400, 25, 10, W1=Theta1, W2=Theta2, lambd=lambd)
        costs[lambd] = nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0]
    assert round(costs[1.0] - costs[0.0], 6) == 0.096141


# ----- numerical safety -----

def test_cost_stays_finite_and_silent_for_saturated_outputs():
    nn, X, y = randomNetwork(m=5)
    W1, W2 = nn.W1.copy(), np.full_like(nn.W2, 1e4)  # pre-activations z3 ≈ ±1e4: h is exactly 0 or 1
    W2[::2] *= -1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J, grad = nn.cost(nn.unroll(W1, W2), X, y)
        h = nn.sigmoid(np.array([-1e4, 1e4]))
    assert np.isfinite(J) and J > 1e3 and np.all(np.isfinite(grad))
    assert h.tolist() == [0.0, 1.0]


@pytest.mark.parametrize("layer, epsilon", [("W1", 0.1188), ("W2", 0.4140)])
def test_random_start_is_small_uniform_per_layer_and_seeded(layer, epsilon):
    """ε = √6/√(L_in + L_out) per layer: √6/√425 for W1 (400→25), √6/√35 for W2 (25→10)."""
    nets = []
    for seed in (3, 3, 4):
        nn = NN.Neural_Network()
        nn.configureNN(400, 25, 10, seed=seed)
        nets.append(getattr(nn, layer))
    W, same, other = nets
    assert epsilon * 0.95 < np.abs(W).max() <= epsilon * 1.0003  # ε rounded to 4 digits above
    assert W.min() < -0.95 * epsilon and abs(W.mean()) < 0.05 * epsilon  # both signs, centred
    assert np.array_equal(W, same) and not np.array_equal(W, other)


# ----- shapes -----

@pytest.mark.parametrize("weights, message", [
    ({"W1": np.zeros((25, 400))}, "W1 is 25×400, expected 25×401 for 400 inputs"),
    ({"W2": np.zeros((10, 25))}, "W2 is 10×25, expected 10×26"),
])
def test_wrong_weight_shape_is_named(weights, message):
    with pytest.raises(ValueError, match=message):
        NN.Neural_Network().configureNN(400, 25, 10, **weights)


@pytest.mark.parametrize("call, message", [
    (lambda nn, X, y: nn.forward(X[:, :399]), "X has 399 columns, the network expects 400"),
    (lambda nn, X, y: nn.cost(nn.unroll(nn.W1, nn.W2), X, y[:, :9]), "y is 5×9, expected 5×10"),
    (lambda nn, X, y: nn.forward(X[:0]), "X has no rows"),
])
def test_wrong_input_shape_is_named(call, message):
    nn, X, y = randomNetwork()
    with pytest.raises(ValueError, match=message):
        call(nn, X, y)


def test_fromWeights_reads_the_sizes_from_a_trained_pair():
    rng = np.random.default_rng(2)
    W1, W2 = rng.random((30, 401)), rng.random((10, 31))
    nn = NN.Neural_Network.fromWeights(W1, W2, lambd=3.0, maxiter=7)
    assert (nn.inputSize, nn.hiddenSize, nn.outputSize) == (400, 30, 10)
    assert np.array_equal(nn.W1, W1) and np.array_equal(nn.W2, W2)
    assert (nn.lambd, nn.maxiter) == (3.0, 7)


@pytest.mark.parametrize("W1, W2, message", [
    (np.zeros((25, 401)), np.zeros((10, 25)), "W2 is 10×25, expected 10×26"),
    (np.zeros(401), np.zeros((10, 26)), "W1 is 401, expected hidden×\\(inputs\\+1\\)"),
])
def test_fromWeights_names_a_pair_that_does_not_fit(W1, W2, message):
    with pytest.raises(ValueError, match=message):
        NN.Neural_Network.fromWeights(W1, W2)


# ----- prediction -----

def test_predict_takes_argmax_of_raw_output_for_one_row_and_many():
    nn = NN.Neural_Network()
    W2 = np.zeros((10, 26))
    W2[:, 0] = -5.0
    W2[6, 0] = -2.0  # every output below 0.5; class 7 the largest
    nn.configureNN(400, 25, 10, W2=W2, seed=0)
    X = np.random.default_rng(0).random((3, 400))
    assert nn.forward(X).max() < 0.5
    assert nn.predict(X[0]).tolist() == np.eye(10)[6].tolist()
    assert nn.predict(X).tolist() == np.eye(10)[[6, 6, 6]].tolist()
    assert nn.predictClasses(X).tolist() == [7, 7, 7]


def test_predictClass_prints_class_and_digit(capsys):
    nn = NN.Neural_Network()
    W2 = np.zeros((10, 26))
    W2[9, 0] = 5.0  # class 10 wins
    nn.configureNN(400, 25, 10, W2=W2, seed=0)
    assert nn.predictClass(np.zeros(400)) == 10
    assert "Class number: 10 (digit 0)" in capsys.readouterr().out


def test_digit_class_mapping():
    assert [conventions.classToDigit(c) for c in range(1, 11)] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]
    assert [conventions.digitToClass(d) for d in range(10)] == [10, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def test_accuracy_is_labelled_and_matches_a_plain_count(capsys):
    nn, X, y = randomNetwork(m=40, seed=5)
    expected = 100 * sum(np.argmax(nn.forward(x)) == np.argmax(t) for x, t in zip(X, y)) / 40
    assert nn.accuracy(X, y) == pytest.approx(expected)
    assert nn.accuracy(X, y, heldOut=True) == pytest.approx(expected)
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Training Set Accuracy: {expected:.2f}%",
                   f"Test Set Accuracy: {expected:.2f}% (40 held-out examples)"]


# ----- training -----

@pytest.fixture(scope="module")
def smallRealSet(defaultData):
    """1,000 real digits, 100 of each class, from the default data set (sorted by class)."""
    X, y = defaultData
    rows = np.concatenate([np.arange(k * 500, k * 500 + 100) for k in range(10)])
    return X[rows], y[rows]


def test_training_from_random_start_learns(smallRealSet):
    X, y = smallRealSet
    nn = NN.Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=100, lambd=1.0, seed=0)
    start = nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0]
    seen = []
    nn.train(X, y, callback=lambda i, J: seen.append((i, J)))
    final = nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0]
    assert final < start / 5
    assert nn.costs[-1] == pytest.approx(final, rel=1e-12)
    assert seen == list(enumerate(nn.costs, start=1)) and 0 < len(seen) <= 100
    assert all(b <= a for a, b in zip(nn.costs, nn.costs[1:]))
    assert nn.message and isinstance(nn.message, str)
    assert nn.accuracy(X, y) > 90


@pytest.mark.slow
def test_training_in_float32_reaches_the_float64_cost(smallRealSet):
    """200 iterations from the same start: the final J (both in float64) within 0.1 %."""
    X, y = smallRealSet
    nets = {}
    for dtype in (np.float64, np.float32):
        nn = NN.Neural_Network()
        nn.configureNN(400, 25, 10, maxiter=200, lambd=1.0, seed=0)
        nn.train(X.astype(dtype), y)
        nets[dtype] = nn
    final = {dtype: nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0] for dtype, nn in nets.items()}
    assert len(nets[np.float32].costs) == len(nets[np.float64].costs) == 200
    assert final[np.float32] == pytest.approx(final[np.float64], rel=FLOAT32_TRAINING_TOLERANCE)
    assert nets[np.float32].costs[-1] == pytest.approx(final[np.float32], rel=1e-6)
    assert final[np.float64] < nets[np.float64].costs[0] / 5  # both trainings got somewhere


def test_interrupted_training_keeps_best_weights_reached(smallRealSet):
    X, y = smallRealSet
    nn = NN.Neural_Network()
    nn.configureNN(400, 25, 10, maxiter=50, lambd=1.0, seed=0)

    def interruptAtThree(iteration, J):
        if iteration == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        nn.train(X, y, callback=interruptAtThree)
    assert len(nn.costs) == 3 and "interrupted" in nn.message
    assert nn.cost(nn.unroll(nn.W1, nn.W2), X, y)[0] == pytest.approx(nn.costs[-1], rel=1e-12)


@pytest.mark.parametrize("X, withBias", [
    (np.arange(6.0).reshape(2, 3), [[1, 0, 1, 2], [1, 3, 4, 5]]),
    (np.arange(3.0), [1, 0, 1, 2]),
])
def test_addBias_and_delBias_are_inverse_for_one_row_and_many(X, withBias):
    nn = NN.Neural_Network()
    assert nn.addBias(X).tolist() == withBias
    assert np.array_equal(nn.delBias(nn.addBias(X)), X)


# ----- the tutorial's per-example backpropagation beside the matrix form -----

def summedBackpropExamples(nn, X, y):
    """Δ1/m, Δ2/m the tutorial's way: NN.backpropExample for each example, added up."""
    parts = [nn.backpropExample(x, t) for x, t in zip(X, y)]
    return sum(p[0] for p in parts) / len(X), sum(p[1] for p in parts) / len(X)


def matrixBackprop(nn, X, y):
    """Δ1/m, Δ2/m of NN.backward, all examples at once (float64 X)."""
    a2, z3 = nn.propagate(nn.W1, nn.W2, X)
    return nn.backward(X, y, a2, z3, nn.W2)


def test_per_example_backprop_summed_is_the_matrix_form_on_the_debug_network():
    nn, X, y = debugNetwork(0.0)
    for loop, matrix in zip(summedBackpropExamples(nn, X, y), matrixBackprop(nn, X, y)):
        np.testing.assert_allclose(loop, matrix, rtol=1e-12, atol=1e-15)


def test_per_example_backprop_summed_is_the_matrix_form_on_50_real_digits(defaultData):
    X, y = defaultData[0][::100], defaultData[1][::100]       # 50 rows, 5 of each class
    nn = NN.Neural_Network()
    nn.configureNN(400, 25, 10, seed=2)
    for loop, matrix in zip(summedBackpropExamples(nn, X, y), matrixBackprop(nn, X, y)):
        np.testing.assert_allclose(loop, matrix, rtol=1e-10, atol=1e-14)
    # and the loop itself is the course's: the independent loop above, without regularization
    _, oracle = loopCostAndGradient(nn.W1, nn.W2, X, y, 0.0)
    loop = np.concatenate([D.ravel() for D in summedBackpropExamples(nn, X, y)])
    np.testing.assert_allclose(loop, oracle, rtol=1e-10, atol=1e-14)
