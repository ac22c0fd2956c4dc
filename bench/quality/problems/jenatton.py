"""Tree-structured function with log-scale and integer parameters (conditional, 11 parameters,
at most 6 active).

Core: the tree-structured function of Jenatton, Archambeau, Gonzalez and Seeger, "Bayesian
Optimization with Tree-structured Dependencies", ICML 2017, with the domains of Ax's benchmark
(ax/benchmark/problems/synthetic/hss/jenatton.py): categorical x1, x2, x3 in {0, 1}; x4..x7, r8,
r9 in [0, 1]; x2 and r8 exist only when x1 = 0, x3 and r9 only when x1 = 1, and exactly one of
x4..x7 exists (x4 when x2 = 0, x5 when x2 = 1, x6 when x3 = 0, x7 when x3 = 1):

  g(x) = x4^2 + 0.1 + r8  |  x5^2 + 0.2 + r8  |  x6^2 + 0.3 + r9  |  x7^2 + 0.4 + r9,

minimum 0.1 at x1 = x2 = 0, x4 = r8 = 0.

Added here (our extension: Jenatton's function has no log-scale or integer parameter), a learning
rate lr, loguniform on [1e-5, 1], and layers, an integer in [1, 8], each with a quadratic penalty
that is zero at its optimum:

  f(x) = g(x) + 0.05 (log10 lr + 3)^2 + 0.02 (layers - 3)^2,   f* = 0.1 at lr = 1e-3, layers = 3.

Fidelity: a learning-curve term that vanishes at the full budget R, larger for small learning
rates and deep networks, so short runs favour large learning rates (the short-horizon bias of Wu
et al., ICLR 2018), plus noise that shrinks with the budget:

  observed(x, b) = f(x) + c(x) (b^-1/2 - R^-1/2) + Normal(0, (0.1 / sqrt(b))^2),
  c(x) = 0.1 + 0.4 (1 - u) + 0.02 layers,  u = (log10 lr + 5) / 5 in [0, 1].
"""

import math

import problems

NAME = "jenatton"
TITLE = "Jenatton tree + log/int (conditional, 11 params)"
SPACE = "jenatton.yaml"
F_STAR = 0.1
NOISE_SD = 0.1
LR = (1e-5, 1.0)
LAYERS = (1, 8)


def point(config):
    x = {"x1": problems.whole(config, "x1", 0, 1)}
    if x["x1"] == 0:
        problems.absent(config, "x3", "x6", "x7", "r9")
        x["x2"] = problems.whole(config, "x2", 0, 1)
        if x["x2"] == 0:
            problems.absent(config, "x5")
            x["x4"] = problems.number(config, "x4", 0.0, 1.0)
        else:
            problems.absent(config, "x4")
            x["x5"] = problems.number(config, "x5", 0.0, 1.0)
        x["r8"] = problems.number(config, "r8", 0.0, 1.0)
    else:
        problems.absent(config, "x2", "x4", "x5", "r8")
        x["x3"] = problems.whole(config, "x3", 0, 1)
        if x["x3"] == 0:
            problems.absent(config, "x7")
            x["x6"] = problems.number(config, "x6", 0.0, 1.0)
        else:
            problems.absent(config, "x6")
            x["x7"] = problems.number(config, "x7", 0.0, 1.0)
        x["r9"] = problems.number(config, "r9", 0.0, 1.0)
    x["lr"] = problems.number(config, "lr", *LR)
    x["layers"] = problems.whole(config, "layers", *LAYERS)
    return x


def tree(x):
    if x["x1"] == 0:
        if x["x2"] == 0:
            return x["x4"] ** 2 + 0.1 + x["r8"]
        return x["x5"] ** 2 + 0.2 + x["r8"]
    if x["x3"] == 0:
        return x["x6"] ** 2 + 0.3 + x["r9"]
    return x["x7"] ** 2 + 0.4 + x["r9"]


def true_value(x):
    return tree(x) + 0.05 * (math.log10(x["lr"]) + 3.0) ** 2 + 0.02 * (x["layers"] - 3) ** 2


def observe(x, budget, r, seed):
    b = min(max(float(budget), 1.0), float(r))
    u = (math.log10(x["lr"]) + 5.0) / 5.0
    c = 0.1 + 0.4 * (1.0 - u) + 0.02 * x["layers"]
    curve = c * (b ** -0.5 - float(r) ** -0.5)
    return true_value(x) + curve + NOISE_SD / math.sqrt(b) * problems.gauss(NAME, seed, budget)


def suggest(trial):
    config = {"x1": trial.suggest_categorical("x1", [0, 1])}
    if config["x1"] == 0:
        config["x2"] = trial.suggest_categorical("x2", [0, 1])
        if config["x2"] == 0:
            config["x4"] = trial.suggest_float("x4", 0.0, 1.0)
        else:
            config["x5"] = trial.suggest_float("x5", 0.0, 1.0)
        config["r8"] = trial.suggest_float("r8", 0.0, 1.0)
    else:
        config["x3"] = trial.suggest_categorical("x3", [0, 1])
        if config["x3"] == 0:
            config["x6"] = trial.suggest_float("x6", 0.0, 1.0)
        else:
            config["x7"] = trial.suggest_float("x7", 0.0, 1.0)
        config["r9"] = trial.suggest_float("r9", 0.0, 1.0)
    config["lr"] = trial.suggest_float("lr", LR[0], LR[1], log=True)
    config["layers"] = trial.suggest_int("layers", LAYERS[0], LAYERS[1])
    return config
