#!/usr/bin/env bash
# Freshness vs parallelism of `--sampler bohb --batch B`: batch g of stage-0 configurations is
# proposed from the stage-0 trials of batches up to g-2 and every trial of the brackets two or
# more places before its own, so it waits for them; a small B refits the model often but keeps
# fewer trials running. For every B in B_LIST, and for the random sampler (everything drawn up
# front: the baseline), generates the search PLAN with a trainer that only sleeps BUDGET x UNIT
# seconds (so this measures scheduling, not CPU, and a shared machine hardly matters), runs it
# with `hbgen run DIR -j JOBS_J`, and reports medians over REPEATS runs (seeds 1..REPEATS, the
# same for every setting; the settings take turns in every round):
#   wall s:        wall time of `hbgen run` (JVM start, proposals and promotions included);
#   busy fraction: (sum over trials of their sleep) / (JOBS_J x wall s). The trainer records the
#                  start and end of its sleep ($EPOCHREALTIME) in a file in its trial directory;
#                  results.tsv's duration_s has whole seconds only;
#   busy in span:  the same over the span from the first trial's start to the last one's end
#                  (without the JVM's start-up and the final bookkeeping).
# The loss is a smooth function of the config, (x - 0.3)^2 + (y - 0.7)^2 + 0.5 / budget, so
# the model has something to fit. Prints a markdown report.
#
# Usage: bench/batches.sh   Settings (environment):
#   B_LIST="1 4 8 16 32"       batch sizes of --sampler bohb (the random sampler is always run too)
#   JOBS_J=8                   hbgen run -j
#   UNIT=0.05                  seconds of sleep per budget unit
#   REPEATS=3                  runs per setting (--random-seed 1..REPEATS)
#   PLAN="3 3 --iterations 2"  arguments of hbgen generate before the options (S_MAX ETA ...)
#   HBGEN_JAR=path             run this jar (java -jar) instead of the repository's ./hbgen launcher
#   OUT=file                   also write the report to this file
#   KEEP=1                     keep the working directory (its path goes to stderr)
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname -- "$here")
B_LIST=${B_LIST:-1 4 8 16 32}
JOBS_J=${JOBS_J:-8}
UNIT=${UNIT:-0.05}
REPEATS=${REPEATS:-3}
PLAN=${PLAN:-3 3 --iterations 2}
OUT=${OUT:-}
KEEP=${KEEP:-0}

die() { echo "batches.sh: $*" >&2; exit 1; }
[[ $JOBS_J =~ ^[1-9][0-9]*$ ]] || die "JOBS_J must be a positive integer, not '$JOBS_J'"
[[ $REPEATS =~ ^[1-9][0-9]*$ ]] || die "REPEATS must be a positive integer, not '$REPEATS'"
[[ $UNIT =~ ^[0-9]*\.?[0-9]+$ ]] || die "UNIT must be a non-negative number of seconds, not '$UNIT'"
for b in $B_LIST; do [[ $b =~ ^[1-9][0-9]*$ ]] || die "B_LIST must hold positive integers, not '$b'"; done
(( BASH_VERSINFO[0] >= 5 )) || die "needs bash 5 (\$EPOCHREALTIME)"

work=$(mktemp -d -t hbgen-batches.XXXXXX)
if [[ $KEEP == 1 ]]; then
  trap 'echo "batches.sh: kept $work" >&2' EXIT
else
  trap 'rm -rf -- "$work"' EXIT
fi

# The hbgen to run, as bench/quality/harness.py picks it (hbgen_argv).
if [[ -n ${HBGEN_JAR:-} ]]; then
  [[ -f $HBGEN_JAR ]] || die "HBGEN_JAR=$HBGEN_JAR is not a file"
  hbgen_cmd=(java -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$HBGEN_JAR")
  hbgen_label="java -jar \$HBGEN_JAR ($(basename -- "$HBGEN_JAR"))"
else
  hbgen_cmd=("$repo/hbgen")
  hbgen_label="./hbgen"
fi
hbgen() { "${hbgen_cmd[@]}" "$@"; }

cat >"$work/space.yaml" <<'EOF'
parameters:
  x: {uniform: [0.0, 1.0]}
  y: {uniform: [0.0, 1.0]}
EOF
# The trainer: CONFIG_PATH BUDGET. One awk reads the config (one "key": value per line) and
# computes the sleep and the loss; the sleep's start and end go to $HB_DIR/bench-times.
cat >"$work/trainer.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
read -r secs loss < <(awk -v b="\$2" -v u='$UNIT' -F '[:,]' '
  /^ *"x":/ { x = \$2 } /^ *"y":/ { y = \$2 }
  END { if (x == "" || y == "") exit 1; printf "%.6f %.6f\n", b * u, (x - 0.3)^2 + (y - 0.7)^2 + 0.5 / b }' "\$1")
t0=\$EPOCHREALTIME
sleep "\$secs"
t1=\$EPOCHREALTIME
printf '%s %s\n' "\$t0" "\$t1" >"\$HB_DIR/bench-times"
printf 'loss: %s\n' "\$loss" >"\$HB_RESULT"
EOF

# The plan: trials, total sleep and the longest bracket (sum of its stages' budgets) in budget units.
# shellcheck disable=SC2086
plan_text=$(hbgen generate $PLAN) || die "hbgen generate $PLAN failed"
read -r trials total chain < <(awk '
  /Bracket/ { if (c > chain) chain = c; c = 0 }
  /Stage/ { n = $4; b = $9; t += n; s += n * b; c += b }
  END { if (c > chain) chain = c; print t, s, chain }' <<<"$plan_text")
(( trials > 0 )) || die "could not read the plan of 'hbgen generate $PLAN'"

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

settings=(random)
for b in $B_LIST; do settings+=("bohb-$b"); done
declare -A walls=() busys=() spans=()

# run SETTING SEED: generates and runs one search; sets W (wall s), F (busy fraction) and P (busy
# fraction in the trials' span).
run() {
  local setting=$1 seed=$2 dir=$work/$1-$2 t0 t1 sampler=(--sampler random) n
  [[ $setting == bohb-* ]] && sampler=(--sampler bohb --batch "${setting#bohb-}")
  # shellcheck disable=SC2086
  hbgen generate $PLAN -o "$dir" "${sampler[@]}" --space "$work/space.yaml" \
    --trainer "bash $work/trainer.sh" --objective loss --random-seed "$seed" >"$dir.generate.log" 2>&1 \
    || { tail -20 "$dir.generate.log" >&2; die "hbgen generate failed ($setting, seed $seed)"; }
  t0=$EPOCHREALTIME
  hbgen run "$dir" -j "$JOBS_J" >"$dir.run.log" 2>&1 \
    || { tail -20 "$dir.run.log" >&2; die "hbgen run failed ($setting, seed $seed)"; }
  t1=$EPOCHREALTIME
  grep -q "^Finished all $trials trials (0 failed" "$dir.run.log" \
    || { tail -20 "$dir.run.log" >&2; die "hbgen run did not finish all $trials trials ($setting, seed $seed)"; }
  n=$(find "$dir" -name bench-times | wc -l)
  (( n == trials )) || die "$n trials recorded their times, expected $trials ($setting, seed $seed)"
  W=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  read -r F P < <(find "$dir" -name bench-times -exec cat {} + | awk -v w="$W" -v j="$JOBS_J" '
    { s += $2 - $1; if (NR == 1 || $1 < a) a = $1; if (NR == 1 || $2 > b) b = $2 }
    END { printf "%.3f %.3f\n", s / (j * w), s / (j * (b - a)) }')
}

for (( r = 1; r <= REPEATS; r++ )); do
  for setting in "${settings[@]}"; do
    run "$setting" "$r"
    walls[$setting]+="$W "
    busys[$setting]+="$F "
    spans[$setting]+="$P "
    echo "round $r/$REPEATS: $setting wall ${W} s, busy $F, in span $P" >&2
  done
done

cmdline="B_LIST=\"$B_LIST\" JOBS_J=$JOBS_J UNIT=$UNIT REPEATS=$REPEATS PLAN=\"$PLAN\""
[[ -n ${HBGEN_JAR:-} ]] && cmdline+=" HBGEN_JAR=JAR"
cmdline+=" bench/batches.sh"
sleep_total=$(awk -v s="$total" -v u="$UNIT" 'BEGIN { printf "%.1f", s * u }')
bound_wall=$(awk -v s="$total" -v c="$chain" -v u="$UNIT" -v j="$JOBS_J" 'BEGIN { w = s / j; if (c > w) w = c; printf "%.2f", w * u }')
bound_busy=$(awk -v s="$total" -v u="$UNIT" -v j="$JOBS_J" -v w="$bound_wall" 'BEGIN { printf "%.2f", s * u / (j * w) }')
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)

{
  echo "# BOHB batches: freshness vs parallelism"
  echo
  echo "Command: \`$cmdline\` ($(date -u '+%Y-%m-%d %H:%M UTC'))."
  echo
  echo "Search: \`hbgen generate $PLAN\` ($trials trials, $total budget units, longest bracket $chain units),"
  echo "trainer sleeps budget x $UNIT s ($sleep_total s of sleep per search), \`hbgen run DIR -j $JOBS_J\`, hbgen: \`$hbgen_label\`,"
  echo "$("${hbgen_cmd[@]}" --version 2>/dev/null | head -1). Medians of $REPEATS runs per setting (--random-seed 1..$REPEATS); busy fraction ="
  echo "sum of the trials' sleep / ($JOBS_J x wall), in span: / ($JOBS_J x (last end - first start)). Machine: $(nproc) cores (${cpu:-unknown CPU}), $(uname -sr),"
  echo "$(java -version 2>&1 | head -1); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| setting | B | J | wall s median | busy fraction median | busy in trials' span median | runs |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for setting in "${settings[@]}"; do
    # shellcheck disable=SC2086
    w=$(median ${walls[$setting]}); f=$(median ${busys[$setting]}); p=$(median ${spans[$setting]})
    b=-; label="random (all up front)"
    [[ $setting == bohb-* ]] && { b=${setting#bohb-}; label="bohb --batch $b"; }
    printf '| %s | %s | %s | %.1f | %.2f | %.2f | %s |\n' "$label" "$b" "$JOBS_J" "$w" "$f" "$p" "$REPEATS"
  done
  echo
  echo "Bound of the plan (no start-up, no waiting for promotions or proposals): wall >= max(total / J,"
  echo "longest bracket) x UNIT = $bound_wall s, busy fraction <= $bound_busy."
  echo
  echo "Each run (wall s / busy fraction / busy in span, seeds 1..$REPEATS):"
  for setting in "${settings[@]}"; do
    echo "- $setting: ${walls[$setting]% } / ${busys[$setting]% } / ${spans[$setting]% }"
  done
} | if [[ -n $OUT ]]; then tee -- "$OUT"; else cat; fi
