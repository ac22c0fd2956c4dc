#!/usr/bin/python3 -S
"""Trainer of the quality benchmark's hbgen searches (bench/quality/run.sh).

Usage: problem_trainer.py PROBLEM R CONFIG_FILE BUDGET
(hbgen's run.sh appends CONFIG_FILE and BUDGET to the --trainer command.)

Reads the configuration hbgen rendered (templates/config.ftl writes JSON, which is also YAML),
evaluates the problem's multi-fidelity objective at BUDGET with the noise of the configuration's
lineage ($HB_SEED, the same at every stage), and writes {"loss": L, "units": U} to $HB_RESULT,
where U is the budget this run actually trained.

Resuming: a promoted trial gets $HB_PARENT_DIR. When the parent left a checkpoint of the same
problem and lineage with at most BUDGET units, this run continues it and trains BUDGET minus those
units (what hbgen charges with --resume-from-parent); otherwise it trains BUDGET from scratch. The
reported value does not depend on which: a problem's value at b is fixed by (seed, b), as for a
trainer whose checkpoint restores everything. Each run saves its own checkpoint in $HB_DIR
(temporary file, then rename), never touching the parent's.

Standard library only; run it with Debian's /usr/bin/python3 -S (fast start, no site packages).
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import problems  # noqa: E402

CHECKPOINT = "checkpoint.json"


def write_whole(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def resumed_units(parent, name, seed, budget):
    """Units the parent's checkpoint holds, or 0 when there is none this run can continue."""
    if not parent:
        return 0.0
    try:
        with open(os.path.join(parent, CHECKPOINT), encoding="utf-8") as f:
            state = json.load(f)
        units = float(state["units"])
    except (OSError, ValueError, KeyError, TypeError):
        return 0.0
    if state.get("problem") != name or state.get("seed") != seed or not 0 < units <= budget:
        return 0.0
    return units


def main(argv):
    if len(argv) != 5:
        sys.stderr.write("usage: problem_trainer.py PROBLEM R CONFIG_FILE BUDGET\n")
        return 2
    name, r, config_file, budget = argv[1], float(argv[2]), argv[3], float(argv[4])
    problem = problems.load(name)
    if not 1.0 <= budget <= r:
        raise ValueError("budget %r lies outside [1, R = %r]" % (budget, r))
    with open(config_file, encoding="utf-8") as f:
        config = json.load(f)
    x = problem.point(config)
    seed = int(os.environ.get("HB_SEED") or config["seed"])
    done = resumed_units(os.environ.get("HB_PARENT_DIR"), name, seed, budget)
    loss = problem.observe(x, budget, r, seed)
    here = os.environ.get("HB_DIR")
    if here:
        write_whole(os.path.join(here, CHECKPOINT),
                    json.dumps({"problem": name, "seed": seed, "units": budget}) + "\n")
    result = os.environ.get("HB_RESULT") or os.path.join(os.path.dirname(config_file), "result")
    write_whole(result, json.dumps({"loss": loss, "units": budget - done}) + "\n")
    print("problem-trainer: %s, trained %g units (from %g to %g), loss %.6f" % (name, budget - done, done, budget, loss))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
