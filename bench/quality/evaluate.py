#!/usr/bin/python3 -S
"""Evaluation server of the quality benchmark's replay (replay.sh): the same problems as
problem_trainer.py, one process for many evaluations. Reads one request per line on stdin and
writes one number per line on stdout:

  observe PROBLEM R CONFIG_JSON BUDGET SEED   (tab-separated) what a training run reports
  regret PROBLEM CONFIG_JSON                  noise-free full-fidelity value minus the optimum
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import problems  # noqa: E402


def main():
    loaded = {}
    for line in sys.stdin:
        fields = line.rstrip("\n").split("\t")
        problem = loaded.setdefault(fields[1], problems.load(fields[1]))
        if fields[0] == "observe":
            r, config, budget, seed = float(fields[2]), json.loads(fields[3]), float(fields[4]), int(fields[5])
            value = problem.observe(problem.point(config), budget, r, seed)
        elif fields[0] == "regret":
            value = problem.true_value(problem.point(json.loads(fields[2]))) - problem.F_STAR
        else:
            raise ValueError("unknown request %r" % fields[0])
        sys.stdout.write(repr(value) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
