#!/usr/bin/python3
"""Optuna side of the quality benchmark (bench/quality/run.sh): TPESampler + HyperbandPruner, the
combination Optuna recommends, on one problem with the same R, eta and budget units as hbgen.

Usage: optuna_runner.py PROBLEM SEED R ETA UNITS BATCH OUT_JSON

- Sampler and pruner: TPESampler(seed=SEED) with Optuna's defaults, and
  HyperbandPruner(min_resource=1, max_resource=R, reduction_factor=ETA), whose rungs are hbgen's
  stage budgets 1, ETA, ETA^2, ..., R. Each trial reports its value at those budgets only.
- Batches: BATCH trials are asked at a time (ask/tell, as BATCH parallel workers would), and the
  batch trains rung by rung: every running trial of the batch trains to the next rung budget and
  reports, then each asks the pruner whether to stop; the trials left after R complete. The next
  batch is asked when every trial of this one is pruned or complete (synchronous batches, so a
  batch's proposals see the results of every earlier batch). BATCH = 1 is plain sequential Optuna.
- Budget: a trial continues training (Optuna has no restarts), so reaching rung b after rung a
  costs b - a units, exactly what hbgen charges with --resume-from-parent. The run stops when the
  next step would take the units spent past UNITS (hbgen's plan): Optuna never gets more budget
  than hbgen. The units left then are fewer than that step's, which is at most R - R/ETA, the
  least any trial needs to complete, so they could not have changed the reported best. Trials
  cut off by the budget are told as pruned (or failed, when they never reported).
- Reported best: study.best_trial, the best among completed (not pruned) trials, as Optuna
  reports it.
- Noise: trial k's lineage seed is drawn from a generator seeded by (SEED, k), so its reports at
  successive rungs come from one lineage, like a resumed hbgen trial.

Writes {"config", "value", "budget", "units", "trials", "completed", "pruned"} to OUT_JSON.
"""

import json
import os
import random
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import problems  # noqa: E402

import optuna  # noqa: E402
from optuna.trial import TrialState  # noqa: E402


def rungs(r, eta):
    out, b = [], 1
    while b < r:
        out.append(b)
        b *= eta
    if b != r:
        raise ValueError("R = %d is not a power of eta = %d" % (r, eta))
    return out + [r]


def lineage_seed(seed, number):
    return random.Random("optuna:%d:%d" % (seed, number)).getrandbits(31)


def run(name, seed, r, eta, units, batch):
    problem = problems.load(name)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(
        study_name="%s-%d" % (name, seed),  # HyperbandPruner assigns brackets by a hash of it
        direction="minimize",
        sampler=optuna.samplers.TPESampler(seed=seed),
        pruner=optuna.pruners.HyperbandPruner(min_resource=1, max_resource=r, reduction_factor=eta),
    )
    steps = rungs(r, eta)
    spent = 0
    out_of_budget = False
    while not out_of_budget and spent < units:
        trials = [study.ask() for _ in range(batch)]
        live = []
        for trial in trials:
            x = problem.point(problem.suggest(trial))
            live.append((trial, x, lineage_seed(seed, trial.number)))
        trained = {t.number: 0 for t, _, _ in live}
        for step in steps:
            reported = []
            for trial, x, lseed in live:
                cost = step - trained[trial.number]
                if out_of_budget or spent + cost > units:
                    out_of_budget = True
                    study.tell(trial, state=TrialState.PRUNED if trained[trial.number] else TrialState.FAIL)
                    continue
                spent += cost
                trained[trial.number] = step
                value = problem.observe(x, step, r, lseed)
                trial.report(value, step)
                reported.append((trial, x, lseed, value))
            live = []
            for trial, x, lseed, value in reported:
                if step == r:
                    study.tell(trial, value)
                elif trial.should_prune():
                    study.tell(trial, state=TrialState.PRUNED)
                else:
                    live.append((trial, x, lseed))
            if not live:
                break
    states = [t.state for t in study.trials]
    complete = [t for t in study.trials if t.state == TrialState.COMPLETE]
    best = study.best_trial if complete else None
    return {
        "config": dict(best.params) if best else None,
        "value": best.value if best else None,
        "budget": r if best else None,
        "units": spent,
        "trials": len(study.trials),
        "completed": states.count(TrialState.COMPLETE),
        "pruned": states.count(TrialState.PRUNED),
        "optuna": optuna.__version__,
    }


def main(argv):
    if len(argv) != 8:
        sys.stderr.write("usage: optuna_runner.py PROBLEM SEED R ETA UNITS BATCH OUT_JSON\n")
        return 2
    name, seed, r, eta, units, batch, out = argv[1], int(argv[2]), int(argv[3]), int(argv[4]), float(argv[5]), int(argv[6]), argv[7]
    result = run(name, seed, r, eta, units, batch)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(result, f, sort_keys=True)
        f.write("\n")
    os.replace(tmp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
