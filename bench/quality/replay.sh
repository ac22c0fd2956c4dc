#!/usr/bin/env bash
# The quality benchmark's --sampler bohb searches replayed in one process, to compare BOHB's
# settings on many seeds (hbgen.model.QualityReplay, src/test): the same plan (4 3, three
# iterations), batch rule, generators, promotion and incumbent as a real search, and the same
# problem code (evaluate.py), so a replay with hbgen's settings proposes and reports exactly what
# run.sh's bohb searches do. Prints a markdown table: median regret per problem and the geometric
# mean of the ratios to the first variant's medians.
#
# Usage: bench/quality/replay.sh
#   VARIANTS="random;hpbandster;hbgen"   each: hbgen | hpbandster | random (all from the prior:
#                                        random Hyperband in distribution), then ,key=value
#                                        overrides (min_points, top_n_percent, num_samples,
#                                        random_fraction, bandwidth_factor, prior_weight)
#   SEEDS=200 FIRST_SEED=0 BATCH=8 THREADS=2 PROBLEMS=branin,counting_ones,jenatton,hartmann
#   BUILD_DIR=dir with hbgen.jar and test-classes skips the build
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
VARIANTS=${VARIANTS:-"random;hpbandster;hbgen"}
SEEDS=${SEEDS:-200}
FIRST_SEED=${FIRST_SEED:-0}
BATCH=${BATCH:-8}
THREADS=${THREADS:-2}
PROBLEMS=${PROBLEMS:-branin,counting_ones,jenatton,hartmann}
work=$(mktemp -d "${TMPDIR:-/tmp}/hbgen-replay.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

source "$here/../build.sh"
BUILD=$(build_dir "$work")

IFS=';' read -r -a variants <<<"$VARIANTS"
for v in "${variants[@]}"; do
  echo "bench/quality/replay: $v, seeds $((FIRST_SEED + 1))-$((FIRST_SEED + SEEDS)), batch $BATCH" >&2
  java -cp "$BUILD/hbgen.jar:$BUILD/test-classes" hbgen.model.QualityReplay "$here/evaluate.py" "$here/problems" \
    "$PROBLEMS" "$FIRST_SEED" "$SEEDS" "$BATCH" "$THREADS" "$v" | sed "s|^|$v\t|"
done >"$work/rows.tsv"

/usr/bin/python3 - "$work/rows.tsv" "$SEEDS" "$FIRST_SEED" "$BATCH" <<'PY'
import math, statistics, sys
rows, seeds, first, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
medians, variants, problems = {}, [], []
for line in open(rows):
    f = line.rstrip("\n").split("\t")
    v, p = f[0], f[1]
    if v not in variants:
        variants.append(v)
    if p not in problems:
        problems.append(p)
    medians[(v, p)] = statistics.median(float(x) for x in f[2:])
base = variants[0]
print("Median regret over seeds %d-%d, batch %s; ratio to `%s` in brackets.\n" % (first + 1, first + seeds, batch, base))
print("| settings | " + " | ".join("`%s`" % p for p in problems) + " | geometric mean of ratios |")
print("|---|" + "---:|" * (len(problems) + 1))
for v in variants:
    ratios = [medians[(v, p)] / medians[(base, p)] for p in problems]
    cells = ["%.4g (%.2f)" % (medians[(v, p)], r) for p, r in zip(problems, ratios)]
    print("| `%s` | %s | %.3f |" % (v, " | ".join(cells), math.exp(sum(map(math.log, ratios)) / len(ratios))))
PY
