"""Counting ones (16-D: 8 categorical, 8 continuous), the synthetic benchmark of Falkner, Klein
and Hutter, "BOHB: Robust and Efficient Hyperparameter Optimization at Scale", ICML 2018
(its counting-ones experiment; HPOlib1.5, hpolib/benchmarks/synthetic_functions/counting_ones.py):

  f(x) = -( sum over the categorical x_i in {0, 1} of x_i
            + sum over the continuous x_j in [0, 1] of E[Bernoulli(x_j)] ),

where a run with budget b estimates each expectation by the mean of b Bernoulli(x_j) samples, so
the noise shrinks as 1/sqrt(b) (the paper's budgets are 9 to 729 samples; here 1 to R). We use
N_cat = N_cont = 8 (HPOlib1.5's example). The optimum is -16 (every x = 1); the regret uses
the expectation, -(sum x_i + sum x_j).

Each parameter's samples come from one stream seeded by the trial's lineage seed, and a run with
budget b uses the first b of them: continuing a run from a to b samples the next b - a, exactly
as a resumed training run would, and results along a lineage are correlated like learning curves.
"""

import random

import problems

NAME = "counting_ones"
TITLE = "Counting ones (16-D, 8 categorical)"
SPACE = "counting_ones.yaml"
N_CAT = 8
N_CONT = 8
F_STAR = -float(N_CAT + N_CONT)


def point(config):
    x = {}
    for i in range(N_CAT):
        x["cat%d" % i] = problems.whole(config, "cat%d" % i, 0, 1)
    for j in range(N_CONT):
        x["cont%d" % j] = problems.number(config, "cont%d" % j, 0.0, 1.0)
    return x


def observe(x, budget, r, seed):
    b = int(round(float(budget)))
    if b < 1:
        raise ValueError("counting ones needs a whole budget >= 1, got %r" % budget)
    total = float(sum(x["cat%d" % i] for i in range(N_CAT)))
    for j in range(N_CONT):
        stream = random.Random("%s:%d:%d" % (NAME, int(seed), j))
        p = x["cont%d" % j]
        total += sum(stream.random() < p for _ in range(b)) / b
    return -total


def true_value(x):
    return -(sum(x["cat%d" % i] for i in range(N_CAT)) + sum(x["cont%d" % j] for j in range(N_CONT)))


def suggest(trial):
    config = {}
    for i in range(N_CAT):
        config["cat%d" % i] = trial.suggest_categorical("cat%d" % i, [0, 1])
    for j in range(N_CONT):
        config["cont%d" % j] = trial.suggest_float("cont%d" % j, 0.0, 1.0)
    return config
