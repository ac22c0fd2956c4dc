"""Noisy multi-fidelity Branin (2-D).

Fidelity: the multi-fidelity Branin of Kandasamy et al., "Multi-fidelity Bayesian Optimisation
with Continuous Approximations" (BOCA), ICML 2017, as the authors implement it in Dragonfly
(demos_synthetic/branin/branin.py, branin_z_x): with fidelity z in [0, 1],

  f(x, z) = (x2 - b(z) x1^2 + c(z) x1 - 6)^2 + 10 (1 - t(z)) cos(x1) + 10,
  b(z) = 5.1 / (4 pi^2) - 0.01 (1 - z),  c(z) = 5 / pi - 0.1 (1 - z),  t(z) = 1 / (8 pi) + 0.005 (1 - z),

on x1 in [-5, 10], x2 in [0, 15]; one fidelity z = log b / log R drives all three coefficients.
At z = 1 this is Branin (Dixon and Szego 1978), minimum 5 / (4 pi) = 0.397887 at (-pi, 12.275),
(pi, 2.275) and (9.42478, 2.475) (Surjanovic and Bingham, Virtual Library of Simulation
Experiments).

Noise: each training run reports f(x, z) + e, e ~ Normal(0, (2 / sqrt(b))^2), as if the loss were
a mean over a sample that grows with the budget (sd 2 at b = 1, 0.22 at b = 81): large enough at
low budgets that a lucky low-budget trial can look better than any trial at R, the situation the
BOHB paper's noisy benchmarks and hbgen's incumbent rule are about. The regret uses f(x, 1)
without noise.
"""

import math

import problems

NAME = "branin"
TITLE = "MF-Branin, noisy (2-D)"
SPACE = "branin.yaml"
F_STAR = 5.0 / (4.0 * math.pi)
NOISE_SD = 2.0


def point(config):
    return {"x1": problems.number(config, "x1", -5.0, 10.0), "x2": problems.number(config, "x2", 0.0, 15.0)}


def branin(x, z):
    b = 5.1 / (4.0 * math.pi ** 2) - 0.01 * (1.0 - z)
    c = 5.0 / math.pi - 0.1 * (1.0 - z)
    t = 1.0 / (8.0 * math.pi) + 0.005 * (1.0 - z)
    x1, x2 = x["x1"], x["x2"]
    return (x2 - b * x1 ** 2 + c * x1 - 6.0) ** 2 + 10.0 * (1.0 - t) * math.cos(x1) + 10.0


def observe(x, budget, r, seed):
    z = problems.fidelity(budget, r)
    return branin(x, z) + NOISE_SD / math.sqrt(max(float(budget), 1.0)) * problems.gauss(NAME, seed, budget)


def true_value(x):
    return branin(x, 1.0)


def suggest(trial):
    return {"x1": trial.suggest_float("x1", -5.0, 10.0), "x2": trial.suggest_float("x2", 0.0, 15.0)}
