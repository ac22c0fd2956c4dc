#!/usr/bin/env python3
"""Synthetic multi-fidelity trainer for the quality benchmark (bench/quality/hyperband-vs-random.sh).

The "model" is a point x in [0, 1]^6 and its true loss is the Hartmann-6 function, whose
minimum is f* = -3.32237 at x* = (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573)
(Surjanovic and Bingham, Virtual Library of Simulation Experiments). Training for a budget b
(epochs, 1 <= b <= R) reports a loss with three departures from the truth, as a learning curve:

  loss(x, b) = H6_z(x) + c(x) * (b^-1/2 - R^-1/2) + noise,  noise ~ Normal(0, 0.2 / sqrt(b))

- H6_z: Hartmann-6 at fidelity z = log(b) / log(R), whose coefficients alpha_i are lowered by
  0.1 * (1 - z) as in the multi-fidelity Hartmann of Kandasamy et al. (NeurIPS 2016, ICML 2017):
  low budgets see a slightly different landscape, so their ranking is not the true one.
- c(x) = 0.5 + x1: some configurations learn more slowly; the learning-curve term vanishes at
  the full budget R, so H6_1 = H6 there.
- the noise shrinks with the budget and is deterministic given HB_SEED and b.

So the noise-free value at the full budget is exactly H6(x): the benchmark's regret is
H6(chosen x) - f*. Writes {"loss": L, "score": -L} to $HB_RESULT, so one trainer serves
--objective loss --minimize and --objective score --maximize. Standard library only, no sleeps.

Usage: python3 trainer.py CONFIG_FILE BUDGET        (also: python3 trainer.py --true CONFIG_FILE)
"""

import json
import math
import os
import random
import sys

R = 81.0
DIM = 6
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
NOISE = 0.2


def hartmann6(x, z=1.0):
    """Hartmann-6 at fidelity z in [0, 1]; z = 1 is the true function."""
    total = 0.0
    for i in range(4):
        inner = sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(DIM))
        total += (ALPHA[i] - 0.1 * (1.0 - z)) * math.exp(-inner)
    return -total


F_STAR = hartmann6(X_STAR)


def point(config):
    try:
        x = [float(config["x%d" % (j + 1)]) for j in range(DIM)]
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError("config needs numbers x1..x6: %s" % e)
    if not all(0.0 <= v <= 1.0 for v in x):
        raise ValueError("x1..x6 must lie in [0, 1], got %s" % x)
    return x


def observed_loss(x, budget, seed):
    b = min(max(budget, 1.0), R)
    z = math.log(b) / math.log(R)
    curve = (0.5 + x[0]) * (b ** -0.5 - R ** -0.5)
    noise = random.Random("%d:%r" % (seed, b)).gauss(0.0, NOISE / math.sqrt(b))
    return hartmann6(x, z) + curve + noise


def main(argv):
    if len(argv) == 3 and argv[1] == "--true":
        with open(argv[2], encoding="utf-8") as f:
            x = point(json.load(f))
        print(repr(hartmann6(x)))
        return 0
    if len(argv) != 3:
        sys.stderr.write("usage: trainer.py CONFIG_FILE BUDGET | trainer.py --true CONFIG_FILE\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        config = json.load(f)
    x = point(config)
    budget = float(argv[2])
    seed = int(os.environ.get("HB_SEED") or config.get("seed", 0))
    loss = observed_loss(x, budget, seed)
    result = os.environ.get("HB_RESULT") or os.path.join(os.path.dirname(argv[1]), "result")
    tmp = result + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(json.dumps({"loss": loss, "score": -loss}) + "\n")
    os.replace(tmp, result)
    print("quality-trainer: budget %g, loss %.6f" % (budget, loss))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
