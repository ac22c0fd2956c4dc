#!/usr/bin/env bash
# Benchmark of `hbgen status` on a big search: the tree of `generate 10 3` (93,635 stage-0
# trials, 140,418 slots) with every stage-0 trial finished as run.sh leaves it (a `started`
# marker, a `result`, one line in results.tsv), the later stages not promoted yet.
#
# Usage: bench/status.sh [RUNS]     (RUNS per case, default 5)
#   HBGEN_JAR=path/to/hbgen.jar   use this jar instead of building one
#   HBGEN_BENCH_DIR=DIR           build the search there and keep it (default: a temporary dir)
#
# Prints a markdown table (median, min and max wall time, median CPU time, peak RSS) and writes it to
# bench/status.md. Target: `hbgen status DIR` in at most 2 s on a 2-core machine.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "status.sh: RUNS must be a positive number, was: $runs" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/hbgen-bench-status.XXXXXX")
cleanup() { rm -rf -- "$work"; }
trap cleanup EXIT

if [[ -n ${HBGEN_JAR:-} ]]; then
  jar=$HBGEN_JAR
else
  echo "building the jar..." >&2
  (cd "$repo" && { mvn -q -B -o package -DskipTests -DbuildDir="$work/build" \
    || mvn -q -B package -DskipTests -DbuildDir="$work/build"; }) >&2
  jar=$work/build/hbgen.jar
fi

# Peak memory needs GNU time; install it where we may (Debian, root), else report n/a.
if [[ ! -x /usr/bin/time ]] && command -v apt-get >/dev/null && (( EUID == 0 )); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null 2>&1 || true
fi

search=${HBGEN_BENCH_DIR:-$work/search}
if [[ ! -f $search/hbgen.yaml ]]; then
  echo "writing generate 10 3 into $search..." >&2
  java -jar "$jar" generate 10 3 -o "$search" --random-seed 1 --trainer true >/dev/null
  echo "finishing every stage-0 trial as run.sh would..." >&2
  python3 - "$search" <<'PY'
import os, random, re, sys, time

root = sys.argv[1]
# Stage-0 budget of each bracket, from the manifest (plan.brackets[].stages[0].budget).
budgets, bracket, stage = {}, None, None
for line in open(os.path.join(root, "hbgen.yaml"), encoding="utf-8"):
    m = re.match(r"\s*- bracket: (\d+)", line)
    if m:
        bracket = int(m.group(1))
    m = re.match(r"\s*- stage: (\d+)", line)
    if m:
        stage = int(m.group(1))
    m = re.match(r"\s*budget: '?([0-9.]+)'?", line)
    if m and stage == 0 and bracket is not None and bracket not in budgets:
        budgets[bracket] = m.group(1)

rng = random.Random(1)
host = os.uname().nodename
trials = []
for b, budget in sorted(budgets.items()):
    stage_dir = os.path.join(root, "bracket-%d" % b, "stage-0")
    for c in range(len(os.listdir(stage_dir))):
        trials.append((b, c, budget, float(budget) * rng.uniform(20, 40)))
# A timeline on 8 workers that ends now: trial k ends when its worker finishes it.
lanes = [0.0] * 8
ends = []
for t in trials:
    lane = min(range(len(lanes)), key=lanes.__getitem__)
    lanes[lane] += t[3]
    ends.append(lanes[lane])
start = time.time() - max(lanes) - 5
lines = []
for (b, c, budget, seconds), end in sorted(zip(trials, ends), key=lambda x: x[1]):
    d = os.path.join(root, "bracket-%d/stage-0/config-%d" % (b, c))
    t_end = start + end
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_end))
    with open(d + "/started", "w") as f:
        f.write("time: %s\nhost: %s\npid: 1\nslurm_job_id: \nattempt: 1\nbudget: %s\n"
                % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_end - seconds)), host, budget))
    v = rng.random()
    with open(d + "/result", "w") as f:
        f.write('{"accuracy": %r, "loss": %r}\n' % (v, 1 - v))
    os.utime(d + "/result", (t_end - 1, t_end - 1))
    lines.append("%s\tbracket-%d/stage-0/config-%d\tcompleted\t%r\t%s\t%d\t1\t{\"accuracy\": %r, \"loss\": %r}\t\t%s\t\n"
                 % (stamp, b, c, v, budget, round(seconds), v, 1 - v, host))
with open(os.path.join(root, "results.tsv"), "a", encoding="utf-8") as f:
    f.writelines(lines)
print("%d stage-0 trials finished" % len(lines), file=sys.stderr)
PY
fi

# The JVM flags of the ./hbgen launcher, so that the numbers are what a user sees.
java_run=(java -Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$jar")

# measure ARGS...: runs `hbgen ARGS` RUNS times; prints "median min max rss_mb cpu_median"
# (wall seconds; peak resident MB; user + system CPU seconds, which other load on the machine
# changes less than wall time).
measure() {
  local i out rss times=() cpus=() peak=0
  for (( i = 0; i < runs; i++ )); do
    if [[ -x /usr/bin/time ]]; then
      /usr/bin/time -f '%e %M %U %S' -o "$work/time" "${java_run[@]}" "$@" >"$work/out" 2>/dev/null
      read -r wall rss user sys < <(tail -n 1 "$work/time")
      times+=("$wall")
      cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')")
      (( rss > peak )) && peak=$rss
    else
      local t0 t1
      t0=$(date +%s.%N)
      "${java_run[@]}" "$@" >"$work/out" 2>/dev/null
      t1=$(date +%s.%N)
      times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')")
      cpus+=("n/a")
    fi
  done
  local cpu
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{ t[NR] = $1 } END {
    if (t[1] == "n/a") { print "n/a"; exit }
    printf "%.2f\n", (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
  printf '%s\n' "${times[@]}" | sort -g | awk -v peak="$peak" -v cpu="$cpu" '
    { t[NR] = $1 }
    END {
      m = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
      rss = peak > 0 ? sprintf("%.0f", peak / 1024) : "n/a"
      printf "%.2f %.2f %.2f %s %s\n", m, t[1], t[NR], rss, cpu
    }'
}

echo "warming the file system cache and the jar..." >&2
"${java_run[@]}" status "$search" >"$work/status.txt"

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
plain=$(measure status "$search")
json=$(measure status "$search" --json)
json_mb=$("${java_run[@]}" status "$search" --json | wc -c | awk '{ printf "%.1f", $1 / 1048576 }')
mv "$search/results.tsv" "$work/results.tsv"
files_only=$(measure status "$search")
mv "$work/results.tsv" "$search/results.tsv"
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")

row() {
  read -r median min max rss cpu <<<"$2"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$median" "$min" "$max" "$cpu" "$rss"
}

report=$(cat <<EOF
# \`hbgen status\` on a big search

Search: \`hbgen generate 10 3\` (93,635 stage-0 trials, 140,418 slots in 11 brackets), every stage-0
trial finished as run.sh leaves it (\`started\`, \`result\`, one line in \`results.tsv\`), later stages
not promoted yet. $runs runs per case, warm file-system cache, JVM start included, with the JVM flags of
the \`./hbgen\` launcher (\`-Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1\`).
Machine: $(nproc) cores, $(java -version 2>&1 | head -n 1); load average $load before, $load_after after.
Produced by \`bench/status.sh\` on $(date -u +%Y-%m-%d).

| case | median (s) | min (s) | max (s) | median CPU, user + sys (s) | peak RSS (MB) |
|---|---|---|---|---|---|
$(row "\`status DIR\`" "$plain")
$(row "\`status DIR --json\` ($json_mb MB of JSON)" "$json")
$(row "\`status DIR\` without results.tsv (every trial from its files)" "$files_only")

Target: \`status DIR\` in at most 2 s. The ledger lets status check one \`stat\` per finished trial
(is its \`result\` still there and no newer than its ledger line?) instead of listing every
trial directory and reading every result; the last row shows what that saves.

Output (head):

\`\`\`
$(head -n 12 "$work/status.txt")
\`\`\`
EOF
)
printf '%s\n' "$report"
printf '%s\n' "$report" >"$repo/bench/status.md"
