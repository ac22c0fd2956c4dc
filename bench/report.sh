#!/usr/bin/env bash
# Benchmark of `hbgen report` on a big search: the tree of `generate 8 3` with every stage-0 trial
# finished as run.sh leaves it (a `started` marker, a `result`, one line in results.tsv), the later
# stages not promoted yet. The results vary with the parameters (a function of learning_rate, C,
# optimizer and the budget, plus seeded noise), so that every chart has something to show.
#
# Usage: bench/report.sh [RUNS]     (RUNS, default 3)
#   HBGEN_JAR=path/to/hbgen.jar   use this jar instead of building one
#   HBGEN_BENCH_DIR=DIR           build the search there and keep it (default: a temporary dir)
#
# Prints a markdown table (median, min and max wall time, median CPU time, peak RSS, page size) and
# writes it to bench/report.md. Targets: `hbgen report DIR -o FILE` written in under 10 s, a page
# of under 5 MB.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "report.sh: RUNS must be a positive number, was: $runs" >&2; exit 2; }

work=$(mktemp -d -t hbgen-bench-report.XXXXXX)   # in $TMPDIR, else the system default
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
  echo "writing generate 8 3 into $search..." >&2
  java -jar "$jar" generate 8 3 -o "$search" --random-seed 1 --trainer true >/dev/null
  echo "finishing every stage-0 trial as run.sh would..." >&2
  python3 - "$search" <<'PY'
import json, math, os, random, re, sys, time

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


def loss(params, budget):
    """The trainer's result: a deterministic function of the config (JSON) and the budget, plus noise.

    The bundled example space: learning_rate (loguniform 1e-3..1, its first parameter) matters most,
    best near 0.06; C (a choice of 0.001..1000) matters less, best at 10; optimizer momentum is a
    little better than sgd; a larger budget lowers the loss. Another space: its first numeric
    parameter takes learning_rate's place (on a log scale when positive)."""
    numbers = [(k, v) for k, v in params.items()
               if isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("seed", "cv_seed")]
    lr = params.get("learning_rate", numbers[0][1] if numbers else 0.06)
    x = math.log10(lr) if isinstance(lr, (int, float)) and lr > 0 else float(lr)
    v = 0.05 + 0.08 * (x - math.log10(0.06)) ** 2
    c = params.get("C")
    if isinstance(c, (int, float)) and c > 0:
        v += 0.01 * abs(math.log10(c) - 1)
    if params.get("optimizer") == "sgd":
        v += 0.03
    v += 0.25 / math.sqrt(float(budget))
    return max(1e-4, v + rng.gauss(0, 0.02))


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
    with open(d + "/config", encoding="utf-8") as f:
        params = json.load(f)
    t_end = start + end
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_end))
    with open(d + "/started", "w") as f:
        f.write("time: %s\nhost: %s\npid: 1\nslurm_job_id: \nattempt: 1\nbudget: %s\n"
                % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t_end - seconds)), host, budget))
    v = loss(params, budget)
    with open(d + "/result", "w") as f:
        f.write('{"loss": %r}\n' % v)
    os.utime(d + "/result", (t_end - 1, t_end - 1))
    lines.append("%s\tbracket-%d/stage-0/config-%d\tcompleted\t%r\t%s\t%d\t1\t{\"loss\": %r}\t\t%s\t\n"
                 % (stamp, b, c, v, budget, round(seconds), v, host))
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

page=$work/report.html
echo "warming the file system cache and the jar..." >&2
"${java_run[@]}" status "$search" >"$work/status.txt"
"${java_run[@]}" report "$search" -o "$page" >/dev/null

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
echo "timing hbgen report ($runs runs)..." >&2
timed=$(measure report "$search" -o "$page")
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "n/a")
bytes=$(wc -c <"$page" | tr -d ' ')
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1048576 }')
svgs=$(grep -o '<svg' "$page" | wc -l | tr -d ' ')

read -r median min max rss cpu <<<"$timed"
wall_ok=$(awk -v m="$median" 'BEGIN { print (m < 10) ? "yes" : "no" }')
size_ok=$(awk -v b="$bytes" 'BEGIN { print (b < 5 * 1048576) ? "yes" : "no" }')
trials=$(sed -n 's/^Trials *\([0-9]*\)\/\([0-9]*\) done.*/\1 of \2 slots finished/p' "$work/status.txt" | head -n 1)
brackets=$(grep -c '^Bracket ' "$work/status.txt" || true)
cpu_model=$(grep -m 1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/^[^:]*: *//' || true)

report=$(cat <<EOF
# \`hbgen report\` on a big search

Search: \`hbgen generate 8 3 --random-seed 1\` ($trials, $brackets brackets), every stage-0 trial
finished as run.sh leaves it (\`started\`, \`result\` \`{"loss": …}\`, one line in \`results.tsv\`), later
stages not promoted yet. The loss is a function of the config (learning_rate, C, optimizer) and the
budget plus seeded Gaussian noise, so the charts and the parameter importance have something to show.
$runs runs, warm file-system cache, JVM start included, with the JVM flags of the \`./hbgen\` launcher
(\`-Xshare:auto -XX:+UseSerialGC -XX:TieredStopAtLevel=1\`).
Machine: $(nproc) cores, ${cpu_model:-CPU model n/a}, $(java -version 2>&1 | head -n 1);
load average $load before, $load_after after.
Produced by \`bench/report.sh $runs\` on $(date -u +%Y-%m-%d).

| case | median (s) | min (s) | max (s) | median CPU, user + sys (s) | peak RSS (MB) | page (bytes) | page (MB) |
|---|---|---|---|---|---|---|---|
| \`report DIR -o FILE\` | $median | $min | $max | $cpu | $rss | $bytes | $mb |

| target | measured | met |
|---|---|---|
| written in under 10 s (median wall time) | $median s | $wall_ok |
| page under 5 MB | $mb MB | $size_ok |

The page holds $svgs inline SVG charts.
EOF
)
printf '%s\n' "$report"
printf '%s\n' "$report" >"$repo/bench/report.md"
