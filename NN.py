"""NN.py — the tutorial's Neural_Network: one hidden sigmoid layer, trained by L-BFGS-B.

The maths of Andrew Ng's Machine Learning course, exercise 4, in the course's symbols:

    a1 = [1, x]              z2 = a1 Θ1ᵀ        a2 = [1, g(z2)]
    z3 = a2 Θ2ᵀ              h  = a3 = g(z3)     g(z) = 1 / (1 + e^(−z))

    J(Θ) = −1/m Σ_i Σ_k [ y_k log h_k + (1 − y_k) log(1 − h_k) ]  +  λ/(2m) Σ Θ²  (no bias column)

Θ1 is `W1` (hidden × (input+1)) and Θ2 is `W2` (output × (hidden+1)); the bias sits in column 0.
Classes are 1..K; with the course's digits class 10 is the digit 0.

This file is the maths only: no file formats, no plotting, no parsing (saveWeights hands the writing
to recognizer/datafiles.py). Leaves out what the course leaves out:
one hidden layer, sigmoid everywhere, no mini-batches, no early stopping.

Precision: X given in float32 makes each evaluation run in float32, its two large products
(X Θ1ᵀ and δ2ᵀ X) about twice as fast and its element-wise steps on half the memory; h − y is
taken in float64, and J and the gradient are still summed and returned in float64 (checkX is
the one place that decides). Any other X is used in float64.

Speed: an evaluation costs little more than its two large products (bench/README.md): the
sigmoid is NumPy's vectorized exp, in place; the log terms take one exp and one log1p; a2 is
stored column by column, so that its hidden units are one contiguous block.
"""
import time
from typing import NamedTuple

import numpy as np
from scipy.special import expit

from recognizer import blas, datafiles
from recognizer.conventions import classToDigit, classesOf, shape


class Neural_Network(object):
    """A input-hidden-output sigmoid network with the course's cost, gradient and training."""

    def configureNN(self, inputSize, hiddenSize, outputSize, W1=None, W2=None,
                    maxiter=20, lambd=0.1, seed=None):
        """Set the layer sizes and the weights: W1/W2 when given, else the course's random start.

        maxiter = 20 and λ = 0.1 are the tutorial's defaults, enough for a first look; train.py
        passes its own (400 iterations, and λ = 3 chosen on a validation curve), which train far
        enough for the accuracy the README reports. `seed` makes the random start reproducible.
        """
        self.inputSize, self.hiddenSize, self.outputSize = inputSize, hiddenSize, outputSize
        self.maxiter = maxiter  # L-BFGS-B iterations per call of train
        self.lambd = lambd      # regularization strength λ
        rng = np.random.default_rng(seed)
        self.W1 = (self.randInitializeWeights(inputSize, hiddenSize, rng) if W1 is None
                   else self.checkWeights("W1", W1, hiddenSize, inputSize))
        self.W2 = (self.randInitializeWeights(hiddenSize, outputSize, rng) if W2 is None
                   else self.checkWeights("W2", W2, outputSize, hiddenSize))
        self.costs = []         # J after each iteration of the last train()
        self.message = None     # the optimizer's final message after train()
        self.evaluations = 0    # evaluations of J and its gradient in the last train() ...
        self.evaluationSeconds = 0.0   # ... and their time

    @classmethod
    def fromWeights(cls, W1, W2, **options):
        """A network holding the trained pair W1, W2, its layer sizes read from their shapes;
        options (maxiter, lambd) go to configureNN."""
        W1 = np.asarray(W1)
        if W1.ndim != 2:
            raise ValueError(f"W1 is {shape(W1)}, expected hidden×(inputs+1) (bias in column 0)")
        nn = cls()
        nn.configureNN(W1.shape[1] - 1, len(W1), len(np.atleast_2d(W2)), W1, W2, **options)
        return nn

    @staticmethod
    def checkWeights(name, W, fanOut, fanIn):
        """The given weights W as a float64 array, checked to be fanOut×(fanIn+1)."""
        W = np.array(W, dtype=float)
        if W.shape != (fanOut, fanIn + 1):
            raise ValueError(f"{name} is {shape(W)}, expected {fanOut}×{fanIn + 1} "
                             f"for {fanIn} inputs and {fanOut} outputs (bias in column 0)")
        return W

    @staticmethod
    def randInitializeWeights(L_in, L_out, rng):
        """The course's random start: Θ of shape L_out×(L_in+1), uniform in [−ε, ε] with
        ε = √6/√(L_in+L_out), so ε is per layer: ±0.12 for W1 (400→25), ±0.41 for W2 (25→10).
        Small enough that no sigmoid starts saturated, different so the hidden units differ."""
        epsilon = np.sqrt(6) / np.sqrt(L_in + L_out)
        return rng.uniform(-epsilon, epsilon, size=(L_out, L_in + 1))

    # ----- the pieces of the formulas -----

    def addBias(self, X):
        """[1, X]: prepend the bias unit a0 = 1 to one example (1-D) or to every row (2-D)."""
        if X.ndim == 1:
            return np.insert(X, 0, 1.0)
        return np.hstack((np.ones((len(X), 1)), X))

    def delBias(self, X):
        """X without its bias entry (1-D) or bias column 0 (2-D)."""
        return X[1:] if X.ndim == 1 else X[:, 1:]

    def unroll(self, W1, W2):
        """One parameter vector: W1 then W2, each row by row (the order L-BFGS-B sees)."""
        return np.concatenate((W1.ravel(), W2.ravel()))

    def roll(self, nn_params):
        """The inverse of unroll: nn_params → (W1, W2), as views of nn_params."""
        split = self.hiddenSize * (self.inputSize + 1)
        W1 = nn_params[:split].reshape(self.hiddenSize, self.inputSize + 1)
        W2 = nn_params[split:].reshape(self.outputSize, self.hiddenSize + 1)
        return W1, W2

    def sigmoid(self, s):
        """g(z) = 1 / (1 + e^(−z)), via scipy's expit: no overflow warning for z = ±1e4."""
        return expit(s)

    def sigmoidPrime(self, a):
        """g'(z) = g(z)(1 − g(z)), given the activation a = g(z), not z (as in the tutorial)."""
        gPrime = 1 - a
        gPrime *= a     # a(1 − a), multiplied where 1 − a already is (one array, not two)
        return gPrime

    def softplus(self, z):
        """log(1 + e^z) = max(z, 0) + log(1 + e^(−|z|)), in z's precision: e^(−|z|) ≤ 1 never
        overflows, and log1p keeps the log exact where e^(−|z|) is tiny. The same values as
        np.logaddexp(0, z) (to a few units in the last place), in a fifth of its time."""
        return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))

    def _sigmoidOfMinus(self, minusZ):
        """g(z) = 1 / (1 + e^(−z)) from −z, written over −z (an array or a view of one), returned.

        The sigmoid of an evaluation: three NumPy passes in the memory −z is already in (NumPy's
        exp is vectorized, scipy's expit is not: about 4× faster on the hidden layer), no new
        array; the caller forms −z in the step that computes z anyway. Where z < −88 (float32)
        or −709 (float64), e^(−z) overflows to inf and g(z) to 0, its correctly rounded value:
        that overflow is expected, so it is not warned about.
        """
        with np.errstate(over="ignore"):
            np.exp(minusZ, out=minusZ)                # e^(−z)
            minusZ += 1                               # 1 + e^(−z)
            return np.reciprocal(minusZ, out=minusZ)  # g(z) = 1 / (1 + e^(−z))

    # ----- forward, cost, backward -----

    def checkX(self, X):
        """X as a 2-D float array with inputSize columns (one example may be given as 1-D).

        The one place that decides the precision of the products: float32 X stays float32
        (half the memory traffic, twice the speed of the large products), anything else
        becomes float64.
        """
        X = np.asarray(X)
        X = X if X.dtype == np.float32 else X.astype(float, copy=False)
        X2 = X.reshape(1, -1) if X.ndim == 1 else X
        if X2.ndim != 2 or X2.shape[1] != self.inputSize:
            raise ValueError(f"X has {X2.shape[-1] if X2.ndim else 0} columns, the network "
                             f"expects {self.inputSize} (one column per input pixel)")
        if len(X2) == 0:
            raise ValueError("X has no rows: the network needs at least one example")
        return X2

    def checkY(self, y, m):
        """y as an m×K one-hot float array."""
        y = np.asarray(y, dtype=float)
        if y.shape != (m, self.outputSize):
            raise ValueError(f"y is {shape(y)}, expected {m}×{self.outputSize} "
                             f"(one row per example, one-hot over {self.outputSize} classes)")
        return y

    def propagate(self, W1, W2, X):
        """Forward pass at weights W1, W2: returns a2 = [1, g(z2)] and z3 for all rows of X.

        a1 Θ1ᵀ is computed as X Θ1[:, 1:]ᵀ + Θ1[:, 0], which is the same sum without copying
        X into a new array with a column of ones (X is the largest array here). z2, a2 and z3
        are all in X's precision (W1 and W2 cast to it once). a2 is stored column by column
        (order "F"), so that its hidden units a2[:, 1:] are one contiguous block: the element-wise
        steps here and in backward run there about twice as fast as on every row's 25 of 26.
        """
        W1, W2 = (W.astype(X.dtype, copy=False) for W in (W1, W2))
        a2 = np.empty((len(X), self.hiddenSize + 1), dtype=X.dtype, order="F")
        a2[:, 0] = 1.0                                        # the bias unit
        minusZ2 = np.subtract(-W1[:, 0], X @ W1[:, 1:].T,     # −z2 = −(X Θ1[:, 1:]ᵀ + Θ1[:, 0])
                              out=a2[:, 1:])                  # = −a1 Θ1ᵀ, where g(z2) goes
        self._sigmoidOfMinus(minusZ2)                         # a2 = [1, g(z2)]
        z3 = a2 @ W2.T                                        # z3 = a2 Θ2ᵀ
        return a2, z3

    def forward(self, X):
        """h = g(g([1, X] Θ1ᵀ) Θ2ᵀ) at the network's own weights, for one row or many."""
        X = np.asarray(X)
        _, z3 = self.propagate(self.W1, self.W2, self.checkX(X))
        h = self.sigmoid(z3.astype(float, copy=False))   # float64 answers from float32 X too
        return h[0] if X.ndim == 1 else h

    def backpropExample(self, x, y, W1=None, W2=None):
        """Backpropagation for ONE example x with label row y, as the tutorial teaches it; returns
        that example's Δ1 = δ2 a1ᵀ and Δ2 = δ3 a2ᵀ (at the network's weights unless W1, W2 given).

        The tutorial loops over the examples adding these up; backward does the same sum for all
        examples at once (tests/test_nn.py checks that the two agree).
        """
        W1, W2 = (self.W1 if W1 is None else W1), (self.W2 if W2 is None else W2)
        a1 = np.concatenate(([1.0], x))                          # a1 = [1, x]
        a2 = np.concatenate(([1.0], self.sigmoid(W1 @ a1)))      # a2 = [1, g(Θ1 a1)]
        h = self.sigmoid(W2 @ a2)                                # h = a3 = g(Θ2 a2)
        delta3 = h - y                                           # δ3 = h − y
        delta2 = (W2[:, 1:].T @ delta3) * self.sigmoidPrime(a2[1:])   # δ2 = (Θ2ᵀ δ3)[1:] ∘ g'(z2)
        return np.outer(delta2, a1), np.outer(delta3, a2)        # δ2 a1ᵀ, δ3 a2ᵀ

    def backward(self, X, y, a2, z3, W2):
        """Backpropagation for all examples at once; returns the unregularized Δ1/m, Δ2/m.

        δ3 = h − y;   δ2 = (δ3 Θ2)[:, 1:] ∘ g'(z2);   Δ2 = δ3ᵀ a2;   Δ1 = δ2ᵀ a1.
        These are backpropExample's sums over the examples i: stacking the rows δ3_i, a2_i into
        the matrices δ3, a2 turns Σ_i δ3_iᵀ a2_i (a sum of outer products) into one product δ3ᵀ a2,
        and likewise Σ_i δ2_iᵀ a1_i into δ2ᵀ a1.
        h − y is taken in float64 (where h ≈ y = 1, float32 would keep little more than h's
        rounding error); the deltas' products are then in X's precision, as a2 is. Δ1 and Δ2
        are returned in float64 either way, Δ1's bias column summed in float64.
        """
        m = len(X)
        W2 = W2.astype(a2.dtype, copy=False)
        delta3 = self._sigmoidOfMinus(np.negative(z3, dtype=float))  # h = g(z3), in float64
        delta3 -= y                                                  # δ3 = h − y
        delta3 = delta3.astype(a2.dtype, copy=False)                 # in X's precision
        delta2 = (W2[:, 1:].T @ delta3.T).T             # (δ3 Θ2)[:, 1:], column by column as a2
        delta2 *= self.sigmoidPrime(a2[:, 1:])          # δ2 = (δ3 Θ2)[:, 1:] ∘ g'(z2)
        D1 = np.empty((self.hiddenSize, self.inputSize + 1))
        D1[:, 0] = np.einsum("ij->j", delta2, dtype=float)  # Σ_i δ2: a1's bias column is all ones
        D1[:, 1:] = delta2.T @ X                        # Δ1 = δ2ᵀ a1, the other columns
        D2 = (a2.T @ delta3).T.astype(float)            # Δ2 = δ3ᵀ a2 = (a2ᵀ δ3)ᵀ
        return D1 / m, D2 / m

    def cost(self, nn_params, X, y, lambd=None):
        """J(Θ) and its gradient ∂J/∂Θ (unrolled like nn_params), at the weights in nn_params,
        with the network's λ unless lambd is given (a mini-batch's share of it: miniBatchDescent).

        The log terms use log h = −softplus(−z3) and log(1 − h) = −softplus(z3), so that
        y log h + (1−y) log(1−h) = y z3 − softplus(z3): finite even where h rounds to 0 or 1.
        Each term is in X's precision (as z3 is); J is summed in float64.
        Regularization λ/(2m) ΣΘ² and its gradient λ/m Θ skip the bias columns.
        """
        X = self.checkX(X)
        m = len(X)
        y = self.checkY(y, m)
        W1, W2 = self.roll(np.asarray(nn_params, dtype=float))
        lambd = self.lambd if lambd is None else lambd
        a2, z3 = self.propagate(W1, W2, X)
        yX = y.astype(X.dtype, copy=False)            # in X's precision (exact for 0/1 labels)
        # −[y log h + (1−y) log(1−h)] = softplus(z3) − y z3 = [max(z3, 0) − y z3] + log(1 + e^(−|z3|)),
        # the softplus identity, with the bracket exact for 0/1 labels: where h ≈ y the term is
        # tiny and it is not left as the difference of two large numbers
        terms = np.maximum(z3, 0)
        terms -= yX * z3                              # max(z3, 0) − y z3
        terms += np.log1p(np.exp(-np.abs(z3)))        # + log(1 + e^(−|z3|))
        J = terms.sum(dtype=float) / m                # J = 1/m Σ_i Σ_k terms, summed in float64
        J += lambd / (2 * m) * (np.vdot(W1[:, 1:], W1[:, 1:]) + np.vdot(W2[:, 1:], W2[:, 1:]))
        D1, D2 = self.backward(X, y, a2, z3, W2)
        D1[:, 1:] += lambd / m * W1[:, 1:]
        D2[:, 1:] += lambd / m * W2[:, 1:]
        return J, self.unroll(D1, D2)

    # ----- training -----

    def train(self, X, y, callback=None):
        """Minimize J(Θ) from the current weights with L-BFGS-B, for at most maxiter iterations.

        What L-BFGS-B does that plain gradient descent doesn't. Gradient descent steps along −∂J/∂Θ
        by a learning rate you must choose (too small: slow; too large: J oscillates or blows up).
        L-BFGS-B ("limited-memory Broyden–Fletcher–Goldfarb–Shanno") instead picks each
        iteration's direction from the gradient and the changes of the gradient over the last 10
        steps, an estimate of J's curvature, so a direction comes with a sensible length and
        there is no learning rate to choose. Then a line search tries step lengths along it
        until J has fallen enough: each try is one evaluation of J and its gradient, so an
        iteration costs one evaluation or a few (self.evaluations counts them). "-B" means it
        allows bounds on each parameter; none are used here. jac=True tells SciPy that cost
        returns J and its gradient together (one forward and one backward pass give both), and
        the weights are unrolled into one vector because SciPy optimizes a vector.

        After each iteration the cost is appended to self.costs and, when given,
        callback(iteration, J) is called (for a progress line). On return self.message holds
        the optimizer's final message, self.evaluations the evaluations of J and its gradient it
        made and self.evaluationSeconds their time. A KeyboardInterrupt is re-raised after the
        network has taken the best weights reached so far, so the caller can save them.
        """
        from scipy.optimize import minimize   # here: answering with a trained network needs none

        X = self.checkX(X)
        y = self.checkY(y, len(X))
        self.costs, self.message = [], None
        self.evaluations, self.evaluationSeconds = 0, 0.0

        def countedCost(nn_params):
            started = time.perf_counter()
            try:
                return self.cost(nn_params, X, y)
            finally:
                self.evaluations += 1
                self.evaluationSeconds += time.perf_counter() - started

        # SciPy passes the OptimizeResult (x and fun of this iteration) only because the
        # parameter is named intermediate_result; under any other name it passes x alone.
        def onIteration(intermediate_result):
            self.costs.append(float(intermediate_result.fun))
            self.W1, self.W2 = (W.copy() for W in self.roll(intermediate_result.x))
            if callback is not None:
                callback(len(self.costs), self.costs[-1])

        try:
            with blas.threadsForCostOnly(countedCost) as cost:
                result = minimize(cost, self.unroll(self.W1, self.W2), jac=True,
                                  method="L-BFGS-B", callback=onIteration,
                                  options={"maxiter": self.maxiter})
        except KeyboardInterrupt:
            # L-BFGS-B only accepts steps that lower J, so the last iterate is the best one.
            self.message = f"interrupted after {len(self.costs)} iterations"
            raise
        self.W1, self.W2 = (W.copy() for W in self.roll(result.x))
        self.message = str(result.message)
        return result

    # ----- the gradient descent most learners know, to compare with train's L-BFGS-B -----

    def gradientDescent(self, X, y, rate, steps, momentum=0.0, callback=None):
        """`steps` steps of gradient descent on J over all rows from the current weights:
            v ← momentum·v − rate·∂J/∂Θ,   Θ ← Θ + v
        (momentum 0: plain gradient descent, Θ ← Θ − rate·∂J/∂Θ; momentum 0.9 keeps 90 % of the
        last step, which speeds it along a long valley). One evaluation of J and its gradient a
        step; callback(step, J), when given, after each, J being the cost before that step."""
        X = self.checkX(X)
        y = self.checkY(y, len(X))
        params = self.unroll(self.W1, self.W2)
        velocity = np.zeros_like(params)
        for step in range(1, steps + 1):
            J, gradient = self.cost(params, X, y)
            velocity = momentum * velocity - rate * gradient
            params = params + velocity
            if callback is not None:
                callback(step, J)
        self.W1, self.W2 = (W.copy() for W in self.roll(params))

    def miniBatchDescent(self, X, y, rate, epochs, batchSize=10, seed=0, callback=None):
        """Stochastic gradient descent as Nielsen's book trains: each epoch takes the rows in a
        new random order, and steps once per mini-batch of batchSize rows along that batch's
        gradient, Θ ← Θ − rate·∂J_batch/∂Θ, where J_batch is J on the batch with λ scaled to its
        share of the rows (so that the batches' steps add up to a step on J). An epoch does the
        work of about one evaluation on all rows; callback(epoch, J) after each, J on all rows."""
        X = self.checkX(X)
        y = self.checkY(y, len(X))
        params = self.unroll(self.W1, self.W2)
        rng = np.random.default_rng(seed)
        for epoch in range(1, epochs + 1):
            order = rng.permutation(len(X))
            for batch in np.array_split(order, max(1, len(X) // batchSize)):
                _, gradient = self.cost(params, X[batch], y[batch],
                                        lambd=self.lambd * len(batch) / len(X))
                params = params - rate * gradient
            if callback is not None:
                callback(epoch, self.cost(params, X, y)[0])
        self.W1, self.W2 = (W.copy() for W in self.roll(params))

    def saveWeights(self, folder=None):
        """The tutorial's NN.saveWeights(): W1 and W2 saved as TrainedW1.in and TrainedW2.in, in
        data/ next to the scripts or in `folder`; returns the two paths. The writing is
        recognizer/datafiles.py's (atomic, with pair headers), so NN.py holds no file format."""
        return datafiles.saveWeights(self.W1, self.W2, datafiles.DATA_DIR if folder is None else folder)

    # ----- using the trained network -----

    def predict(self, X):
        """The tutorial's one-hot answer: 1 at argmax_k h_k, for one row (1-D) or each row of X."""
        return np.eye(self.outputSize)[np.argmax(self.forward(X), axis=-1)]

    def predictClasses(self, X):
        """Class numbers 1..K: argmax of the raw output h (never of rounded outputs)."""
        return classesOf(np.atleast_2d(self.forward(X)))

    def predictClass(self, X, note=""):
        """The tutorial's answer for one example: print its predicted class with the digit it
        means (and note, e.g. "unsure", on the same line); returns the class."""
        cls = int(self.predictClasses(X)[0])
        print(f"Predicted class out of {self.outputSize} classes based on trained weights:")
        print(f"Class number: {cls} (digit {classToDigit(cls)}){note}")
        return cls

    # ----- why it answered -----

    def explain(self, x, k):
        """Why output k (0-based: class k+1) of one example x is what it is: an Explanation.

        With one hidden layer, z3_k before its sigmoid is a sum of votes, one per hidden unit:
            z3_k = Θ2[k,0] + Σ_j Θ2[k,j]·a2_j          (the bias, then hidden units j = 1..25)
        and its gradient with respect to the pixels follows by the chain rule through g(z2):
            ∂z3_k/∂x = Σ_j Θ2[k,j]·a2_j(1 − a2_j)·Θ1[j,1:]
        The pixel map x ∘ ∂z3_k/∂x says which inked pixels pushed z3_k up (> 0) or down (< 0).
        """
        x = self.checkX(x)[0].astype(float)
        a2 = self.sigmoid(self.W1[:, 0] + self.W1[:, 1:] @ x)     # a2_j = g(Θ1[j,0] + Θ1[j,1:]·x)
        votes = self.W2[k, 1:] * a2                               # Θ2[k,j]·a2_j
        bias = self.W2[k, 0]                                      # Θ2[k,0]
        gradient = (self.W2[k, 1:] * self.sigmoidPrime(a2)) @ self.W1[:, 1:]   # ∂z3_k/∂x
        return Explanation(k, a2, votes, bias, bias + votes.sum(), gradient, x * gradient)

    def percentCorrect(self, X, y):
        """Percentage of rows of X whose predicted class matches the one-hot y (not printed)."""
        X = self.checkX(X)
        y = self.checkY(y, len(X))
        return 100 * np.mean(self.predictClasses(X) == classesOf(y))

    def accuracy(self, X, y, heldOut=False):
        """percentCorrect, printed and labelled with the set it was measured on (the training
        set, or held-out examples)."""
        percent = self.percentCorrect(X, y)
        if heldOut:
            print(f"Test Set Accuracy: {percent:.2f}% ({len(X)} held-out examples)")
        else:
            print(f"Training Set Accuracy: {percent:.2f}%")
        return percent

    # ----- inside the hidden layer -----

    def hidden(self, X):
        """The hidden layer's activations a2_j = g(z2_j), j = 1..hiddenSize (without the bias
        unit), one row per row of X, in float64: what the 25 units say about each example."""
        a2, _ = self.propagate(self.W1, self.W2, self.checkX(X))
        return a2[:, 1:].astype(float)

    def forwardWithout(self, X, units, heldAt=0.0):
        """h for each row of X with the hidden units `units` (0-based) held at heldAt whatever
        the input (one number, or one per unit): the network without what those units see.

            a2_j = heldAt for j in units, g(z2_j) for the others;   h = g([1, a2] Θ2ᵀ)
        heldAt = 0 switches a unit off; heldAt = its mean activation keeps its average vote and
        takes away only what it tells apart from one digit to the next.
        """
        a2 = self.hidden(X)
        a2[:, np.asarray(units, dtype=int)] = heldAt
        return self.sigmoid(self.W2[:, 0] + a2 @ self.W2[:, 1:].T)


class Explanation(NamedTuple):
    """The numbers behind output k for one example (Neural_Network.explain)."""
    k: int                  # the output explained, 0-based: class k+1 (class 10 is the digit 0)
    a2: np.ndarray          # the 25 hidden activations a2_j = g(z2_j)
    votes: np.ndarray       # each hidden unit's vote Θ2[k,j]·a2_j
    bias: float             # Θ2[k,0]: votes.sum() + bias = z3
    z3: float               # z3_k, the output before its sigmoid: h_k = g(z3_k)
    gradient: np.ndarray    # ∂z3_k/∂x, one number per pixel (column-major, like x)
    pixelMap: np.ndarray    # x ∘ ∂z3_k/∂x: what each pixel's ink did to z3_k

    def topVoters(self, n):
        """The n hidden units (0-based) with the largest votes, largest first."""
        return np.argsort(-self.votes, kind="stable")[:n]

    def bottomVoters(self, n):
        """The n hidden units (0-based) with the smallest (most negative) votes, smallest first."""
        return np.argsort(self.votes, kind="stable")[:n]
