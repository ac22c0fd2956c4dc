#!/usr/bin/env bash
# Overhead of the embedded engine (issue 4): one search of about 2,000 trials whose trainer only
# writes its result, run with `hbgen run -j 2`, with `snakemake -j 2`, and without any engine:
#   bare start:  one `bash -c 'echo 1 > FILE'` per trial, 2 at a time (starting a process and the
#                trainer's only work);
#   bare run.sh: `bash run.sh TRIAL BUDGET` for every trial, 2 at a time (xargs -P 2), on a copy
#                where every slot already has its config: the launcher's own cost, without
#                scheduling, promotion or best.
# Every measurement starts from a fresh copy of the search; the kinds take turns in each round so
# that changing load on a shared machine spreads over all of them. Wall time and CPU time (user +
# sys of the command and every process it waited for) are measured; CPU time barely depends on
# what else runs on the machine, wall time does. Prints a markdown table of medians.
#
# Usage: bench/engine.sh   (RUNS=3 SNAKEMAKE_RUNS=1 JOBS=2 PLAN="5 4"; HBGEN_JAR=path skips the build)
# Snakemake takes seconds per job here, so it runs once by default (SNAKEMAKE_RUNS=0 skips it).
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname -- "$here")
RUNS=${RUNS:-3}
SNAKEMAKE_RUNS=${SNAKEMAKE_RUNS:-1}
JOBS=${JOBS:-2}
PLAN=${PLAN:-5 4}
work=$(mktemp -d "${TMPDIR:-/tmp}/hbgen-bench.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

JAR=${HBGEN_JAR:-}
if [[ -z $JAR ]]; then
  (cd -- "$repo" && mvn -q -B -o package -DskipTests -DbuildDir="$work/build") >&2
  JAR=$work/build/hbgen.jar
fi
hbgen() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" "$@"; }

# The trainer only writes its result (the config's seed, so that promotions rank something).
TRAINER='echo "$HB_SEED" > "$HB_RESULT"; true'
# shellcheck disable=SC2086
hbgen generate $PLAN -o "$work/template" --random-seed 1 --trainer "$TRAINER" >/dev/null
# shellcheck disable=SC2086
plan_text=$(hbgen generate $PLAN)
trials=$(grep -o '[0-9]* configurations' <<<"$plan_text" | awk '{ s += $1 } END { print s }')
brackets=$(grep -c 'Bracket' <<<"$plan_text")

fresh() { rm -rf -- "$work/s"; cp -a -- "$work/template" "$work/s"; }
seconds() { date +%s.%N; }
# measure COMMAND...: sets W and C to the wall and CPU seconds of one run of COMMAND (output to
# $work/out.log); `times` in the subshell reports the CPU of everything the subshell waited for.
measure() {
  local t0 t1 out
  t0=$(seconds)
  out=$( { if "$@" >"$work/out.log" 2>&1; then times; else echo failed; fi; } | tail -1)
  t1=$(seconds)
  if [[ $out == failed ]]; then
    echo "failed: $*" >&2; tail -20 "$work/out.log" >&2; exit 1
  fi
  W=$(echo "$t1 - $t0" | bc -l)
  C=$(awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); s += a[1] * 60 + a[2] } print s }' <<<"$out")
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

run_hbgen() { hbgen run "$work/s" -j "$JOBS"; }
run_snakemake() { (cd -- "$work" && snakemake --snakefile "$work/s/Snakefile" -j "$JOBS" --quiet); }
run_bare_start() {
  rm -rf -- "$work/bare"; mkdir -p "$work/bare"
  seq 1 "$trials" | sed "s|^|$work/bare/result.|" | xargs -P "$JOBS" -n 1 bash -c 'echo 1 > "$1"' bare
}
run_bare_runsh() { xargs -P "$JOBS" -n 2 bash "$work/s/run.sh" <"$work/trials.txt"; }
# The trials and their budgets as the finished hbgen run recorded them; every slot gets a config.
prepare_bare_runsh() {
  (cd -- "$work/s" && grep -H '^budget:' bracket-*/stage-*/config-*/started) | sed 's|/started:budget: | |' >"$work/trials.txt"
  [[ $(wc -l <"$work/trials.txt") -eq $trials ]] || { echo "expected $trials trials in the finished run" >&2; exit 1; }
  fresh
  local first
  first=$(find "$work/s" -path '*/stage-0/config-0/config' | head -1)
  while read -r trial _; do
    [[ -f $work/s/$trial/config ]] || { mkdir -p "$work/s/$trial"; cp "$first" "$work/s/$trial/config"; }
  done <"$work/trials.txt"
}

# wall and CPU seconds per round: hbgen (h), snakemake (s), bare run.sh (r), bare start (x)
declare -a hw=() hc=() sw=() sc=() rw=() rc=() xw=() xc=()
for (( i = 1; i <= RUNS; i++ )); do
  fresh; measure run_hbgen; hw+=("$W"); hc+=("$C")
  grep -q 'Finished all' "$work/out.log" || { echo "hbgen run did not finish" >&2; exit 1; }
  prepare_bare_runsh; measure run_bare_runsh; rw+=("$W"); rc+=("$C")
  measure run_bare_start; xw+=("$W"); xc+=("$C")
  if (( i <= SNAKEMAKE_RUNS )); then
    fresh; measure run_snakemake; sw+=("$W"); sc+=("$C")
    [[ -f $work/s/best.yaml ]] || { echo "snakemake did not write best.yaml" >&2; exit 1; }
  fi
  echo "round $i/$RUNS (wall/CPU s): hbgen ${hw[-1]}/${hc[-1]}, bare run.sh ${rw[-1]}/${rc[-1]}," \
    "bare start ${xw[-1]}/${xc[-1]}, snakemake ${sw[*]:-}/${sc[*]:-}" >&2
done

H=$(median "${hw[@]}"); HC=$(median "${hc[@]}")
R=$(median "${rw[@]}"); RC=$(median "${rc[@]}")
B=$(median "${xw[@]}"); BC=$(median "${xc[@]}")
ms() { printf '%.1f' "$(echo "1000 * ($1) / $trials" | bc -l)"; }
s1() { printf '%.1f' "$1"; }

echo "# Engine overhead: hbgen run vs Snakemake"
echo
echo "Search: \`hbgen generate $PLAN\` ($trials trials in $brackets brackets), trainer \`$TRAINER\`, $JOBS jobs at a"
echo "time. Medians of $RUNS rounds (Snakemake: ${#sw[@]}), each run on a fresh copy; the kinds take turns in every round."
echo "CPU = user + sys of the command and all it waited for. Machine: $(nproc) cores, $(uname -sr),"
echo "$(java -version 2>&1 | head -1), snakemake $(snakemake --version); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| run | wall s | CPU s | wall ms/trial | CPU ms/trial |"
echo "|---|---:|---:|---:|---:|"
echo "| hbgen run -j $JOBS | $(s1 "$H") | $(s1 "$HC") | $(ms "$H") | $(ms "$HC") |"
if (( ${#sw[@]} )); then
  S=$(median "${sw[@]}"); SC=$(median "${sc[@]}")
  echo "| snakemake -j $JOBS | $(s1 "$S") | $(s1 "$SC") | $(ms "$S") | $(ms "$SC") |"
fi
echo "| bare run.sh, xargs -P $JOBS | $(s1 "$R") | $(s1 "$RC") | $(ms "$R") | $(ms "$RC") |"
echo "| bare start, xargs -P $JOBS | $(s1 "$B") | $(s1 "$BC") | $(ms "$B") | $(ms "$BC") |"
echo
echo "| overhead per trial, ms | over bare run.sh: wall | CPU | over bare start: wall | CPU |"
echo "|---|---:|---:|---:|---:|"
echo "| hbgen run (engine) | $(ms "$H - $R") | $(ms "$HC - $RC") | $(ms "$H - $B") | $(ms "$HC - $BC") |"
if (( ${#sw[@]} )); then
  echo "| snakemake (engine) | $(ms "$S - $R") | $(ms "$SC - $RC") | $(ms "$S - $B") | $(ms "$SC - $BC") |"
fi
echo "| run.sh (launcher, no engine) | 0 | 0 | $(ms "$R - $B") | $(ms "$RC - $BC") |"
echo
if (( ${#sw[@]} )); then
  # The ratio pairs each Snakemake run with the hbgen run of the same round (same load).
  PH=$(median "${hw[@]:0:${#sw[@]}}"); PHC=$(median "${hc[@]:0:${#sw[@]}}")
  echo "Snakemake / hbgen run, same rounds: $(printf '%.1f' "$(echo "$S / $PH" | bc -l)")x wall," \
    "$(printf '%.1f' "$(echo "$SC / $PHC" | bc -l)")x CPU."
fi
echo "Each round (wall s / CPU s): hbgen ${hw[*]} / ${hc[*]}; bare run.sh ${rw[*]} / ${rc[*]};"
echo "bare start ${xw[*]} / ${xc[*]}${sw:+; snakemake ${sw[*]} / ${sc[*]}}."
