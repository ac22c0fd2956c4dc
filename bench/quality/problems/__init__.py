"""Multi-fidelity test problems of the quality benchmark (bench/quality/run.sh).

Each problem is a closed-form function of a configuration and a budget b in [1, R], written once
and used both by the trainer that hbgen searches run (problem_trainer.py) and by the Optuna runner
(optuna_runner.py). A problem module defines:

  NAME, TITLE     its name on the command line and its row label in the table
  SPACE           the hbgen search space file next to the module (NAME.yaml)
  F_STAR          the known optimum (minimum) of the noise-free full-fidelity objective
  point(config)   the problem's parameters from a config (extra keys such as seed are ignored);
                  raises ValueError when a parameter is missing, surplus or out of its domain,
                  so a space file and a suggest() that disagree with the problem fail loudly
  observe(x, budget, r, seed)  what a training run of `budget` units reports: multi-fidelity,
                  noisy; deterministic in (seed, budget), so resuming from a checkpoint at a
                  smaller budget reports what training from scratch would
  true_value(x)   the noise-free objective at the full budget; regret = true_value - F_STAR
  suggest(trial)  the same space for Optuna (trial.suggest_*), returning a config

Every objective is minimized. Standard library only: the trainer runs with `python3 -S`.
"""

import importlib
import math
import os
import random

NAMES = ("branin", "counting_ones", "jenatton", "hartmann")
HERE = os.path.dirname(os.path.abspath(__file__))


def load(name):
    if name not in NAMES:
        raise ValueError("unknown problem %r (expected one of %s)" % (name, ", ".join(NAMES)))
    return importlib.import_module("problems." + name)


def space_file(module):
    return os.path.join(HERE, module.SPACE)


def gauss(tag, seed, budget):
    """A standard normal draw fixed by (problem, lineage seed, budget): the same trial reports the
    same value however often it runs, and a resumed trial reports what a fresh one would."""
    return random.Random("%s:%d:%r" % (tag, int(seed), float(budget))).gauss(0.0, 1.0)


def fidelity(budget, r):
    """z = log b / log R in [0, 1]: 0 at the smallest Hyperband budget (1), 1 at R. The
    log-scaled fidelity of the MF-Hartmann benchmarks (mfpbench) and of Hyperband's rungs."""
    b = min(max(float(budget), 1.0), float(r))
    return 1.0 if r <= 1 else math.log(b) / math.log(r)


def number(config, key, low, high):
    """config[key] as a float in [low, high], or ValueError naming the key."""
    if key not in config:
        raise ValueError("missing parameter %s" % key)
    v = config[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("parameter %s must be a number, got %r" % (key, v))
    if not low <= v <= high:
        raise ValueError("parameter %s = %r lies outside [%r, %r]" % (key, v, low, high))
    return float(v)


def whole(config, key, low, high):
    v = number(config, key, low, high)
    if v != int(v):
        raise ValueError("parameter %s must be a whole number, got %r" % (key, config[key]))
    return int(v)


def absent(config, *keys):
    for key in keys:
        if key in config and config[key] is not None:
            raise ValueError("parameter %s must be absent here (its condition does not hold), got %r"
                             % (key, config[key]))
