#!/usr/bin/env bash
# CPU time of one BOHB proposal batch (issue 14, done-when 6: under 1 s of CPU for a batch of 8
# from 2,000 observations in 10 dimensions). Runs hbgen.model.ProposeBenchmark (src/test) on two
# shapes of the same 2,000 observations:
#   one-budget: all at one budget, the largest model there can be (300 good, 1,700 bad points);
#   hyperband:  spread over budgets 1..81 as eta = 3 brackets train them (the largest budget with
#               enough points is modelled).
# Cold: RUNS fresh JVMs, one batch each; "propose" is the thread CPU of the call (model fit
# included), "process" is user + sys of the whole JVM (start-up, building the observations, the
# call), which bounds what a workflow step that proposes one batch would cost. Warm: one JVM, WARM
# batches with different seeds. Prints a markdown table of medians.
#
# Usage: bench/propose.sh   (RUNS=5 WARM=20 OBSERVATIONS=2000 BATCH=8; BUILD_DIR=dir with hbgen.jar
# and test-classes skips the build)
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
RUNS=${RUNS:-5}
WARM=${WARM:-20}
OBSERVATIONS=${OBSERVATIONS:-2000}
BATCH=${BATCH:-8}
work=$(mktemp -d "${TMPDIR:-/tmp}/hbgen-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

source "$here/build.sh"
BUILD=$(build_dir "$work")
# The JVM flags of the hbgen launcher.
bench() { java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$BUILD/hbgen.jar:$BUILD/test-classes" hbgen.model.ProposeBenchmark "$@"; }

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# process CPU seconds (user + sys) of one fresh JVM proposing one batch; its output in $work/out.log
cold() {
  local out
  out=$( { if bench "$1" 1 "$OBSERVATIONS" "$BATCH" >"$work/out.log" 2>&1; then times; else echo failed; fi; } | tail -1)
  [[ $out == failed ]] && { cat "$work/out.log" >&2; exit 1; }
  awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); s += a[1] * 60 + a[2] } print s }' <<<"$out"
}
ms() { awk '/^round/ { print $4 }' "$1"; }

echo "# Proposing a BOHB batch: CPU time"
echo
echo "Batch of $BATCH from $OBSERVATIONS observations in 10 dimensions (\`bench/propose.sh\`, space and objective in"
echo "\`ProposeBenchmark\`), hbgen's BOHB defaults (24 candidates, 1/5 random, prior weight 1). Medians; cold = $RUNS fresh JVMs with one batch each,"
echo "warm = $WARM batches in one JVM. Machine: $(nproc) cores (shared), $(uname -sr), $(java -version 2>&1 | head -1);"
echo "JVM flags of the hbgen launcher (-XX:+UseSerialGC -XX:TieredStopAtLevel=1)."
echo
echo "| observations at | model of budget | propose, cold ms | process, cold s | propose, warm ms |"
echo "|---|---|---:|---:|---:|"
for shape in one-budget hyperband; do
  declare -a call=() proc=()
  for (( i = 1; i <= RUNS; i++ )); do
    proc+=("$(cold "$shape")")
    call+=("$(ms "$work/out.log")")
  done
  budget=$(awk '/^round/ { print $6; exit }' "$work/out.log")
  bench "$shape" "$WARM" "$OBSERVATIONS" "$BATCH" >"$work/warm.log"
  mapfile -t warm < <(ms "$work/warm.log")
  label="budgets 1, 3, 9, 27, 81"; [[ $shape == one-budget ]] && label="one budget (81)"
  printf '| %s | %g | %.0f | %.2f | %.0f |\n' "$label" "$budget" "$(median "${call[@]}")" "$(median "${proc[@]}")" "$(median "${warm[@]}")"
  echo "$shape: propose cold ms ${call[*]}; process s ${proc[*]}; warm ms ${warm[*]}" >&2
done
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
