"""MF-Hartmann-6 with 4 dummy dimensions (10-D), biased and noisy at low fidelity.

Hartmann-6 (Dixon and Szego 1978; constants and optimum from Surjanovic and Bingham, Virtual
Library of Simulation Experiments): minimum -3.32237 at (0.20169, 0.150011, 0.476874, 0.275332,
0.311652, 0.6573) on [0, 1]^6.

Fidelity as in the MF-Hartmann benchmarks of mfpbench (github.com/automl/mf-prior-bench, used in
Mallik et al., "PriorBand", NeurIPS 2023; src/mfpbench/synthetic/hartmann/generators.py,
MFHartmann6): with z = log b / log R in [0, 1],

  H(x, z) = -sum_i alpha'_i exp(-sum_j A_ij (x_j - P_ij)^2),  alpha' = alpha - bias (1 - z),
  observed(x, b) = H(x, z) + |Normal(0, 1)| * noise * (1 - z),

with mfpbench's "good" preset (MFHartmann6BenchmarkGood), bias = 2.5 and noise = 2.0: low budgets
see a flattened and partly inverted landscape plus one-sided noise, and the full budget is the
true, noise-free Hartmann-6. (mfpbench's fidelity runs from 3 to 100 and is scaled as
log z / log 100, so its lowest fidelity carries 0.76 of the bias and noise; here b = 1 carries all.)
x7..x10 are dummy parameters that change nothing (Hartmann-6 embedded in more dimensions, as in
Wang et al., "Bayesian Optimization in High Dimensions via Random Embeddings", IJCAI 2013).
"""

import math

import problems

NAME = "hartmann"
TITLE = "MF-Hartmann-6 + 4 dummies (10-D)"
SPACE = "hartmann.yaml"
DIM = 6
DUMMIES = 4
BIAS = 2.5
NOISE = 2.0
ALPHA = (1.0, 1.2, 3.0, 3.2)
A = (
    (10.0, 3.0, 17.0, 3.5, 1.7, 8.0),
    (0.05, 10.0, 17.0, 0.1, 8.0, 14.0),
    (3.0, 3.5, 1.7, 10.0, 17.0, 8.0),
    (17.0, 8.0, 0.05, 10.0, 0.1, 14.0),
)
P = (
    (0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886),
    (0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991),
    (0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650),
    (0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381),
)
X_STAR = (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573)
KEYS = tuple("x%d" % (j + 1) for j in range(DIM + DUMMIES))


def hartmann6(x, z):
    total = 0.0
    for i in range(4):
        inner = sum(A[i][j] * (x["x%d" % (j + 1)] - P[i][j]) ** 2 for j in range(DIM))
        total += (ALPHA[i] - BIAS * (1.0 - z)) * math.exp(-inner)
    return -total


F_STAR = hartmann6({"x%d" % (j + 1): v for j, v in enumerate(X_STAR)}, 1.0)


def point(config):
    return {k: problems.number(config, k, 0.0, 1.0) for k in KEYS}


def observe(x, budget, r, seed):
    z = problems.fidelity(budget, r)
    return hartmann6(x, z) + abs(problems.gauss(NAME, seed, budget)) * NOISE * (1.0 - z)


def true_value(x):
    return hartmann6(x, 1.0)


def suggest(trial):
    return {k: trial.suggest_float(k, 0.0, 1.0) for k in KEYS}
