#!/usr/bin/env bash
# Quality benchmark: hbgen's samplers (random Hyperband; BOHB at batch sizes 8 and 32 when this
# build has --sampler) against Optuna 3.1 TPESampler + HyperbandPruner (asked 8 at a time, and
# sequentially) at equal budget units, on the closed-form multi-fidelity problems in problems/,
# SEEDS seeds each. Writes a markdown table of median regrets and ratios to bench/quality.md and
# one row per run to bench/quality.tsv. Details: harness.py.
#
# Usage: bench/quality/run.sh
#   SEEDS=20 JOBS=2 PROBLEMS=branin,counting_ones,jenatton,hartmann
#   METHODS=hyperband,bohb-8,bohb-32,optuna-8,optuna-1 ITERATIONS=K S_MAX=4 ETA=3
#   OUT=bench/quality.md WORK=DIR (keep the runs there; a second call resumes) KEEP_WORK=1
#   HBGEN_JAR=path (default: the repository's ./hbgen launcher, which builds the jar when needed)
# Needs Java 17 and Debian's python3-optuna (scripts/install-deps.sh optuna). Trainers and the
# Optuna runner use Debian's /usr/bin/python3 (fast start; it is the Python that has Optuna).
#
# The earlier Hyperband-vs-random-search comparison is hyperband-vs-random.sh (bench/quality-random.md).
set -euo pipefail
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
python=/usr/bin/python3
[[ -x $python ]] || python=$(command -v python3)
exec "$python" "$here/harness.py" "$@"
