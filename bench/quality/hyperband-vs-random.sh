#!/usr/bin/env bash
# Quality benchmark (issue 8): does the Hyperband search find better configurations than random
# search with the same total budget? For each seed 1..SEEDS and each direction:
#   Hyperband:     hbgen generate 4 3 (R = 81, eta = 3): 1,902 budget units when every trial
#                  trains from scratch (1,581 when promoted trials resume; this trainer has no
#                  checkpoints, so the benchmark charges Hyperband the larger figure);
#   random search: hbgen random N --budget 81 with N = ceil(1902 / 81) = 24 configurations
#                  (1,944 units): rounded up, so random search gets slightly MORE budget, never less.
# The trainer (trainer.py) is a synthetic multi-fidelity objective: a learning curve toward the
# Hartmann-6 value of the configuration, with noise that shrinks as the budget grows. It reports
# {"loss": L, "score": -L}; the minimize runs optimize loss, the maximize runs optimize score.
# The regret of a run is H6(x) - f*, where x is the configuration the search reports as best
# (DIR/config, written with best.yaml) and H6(x) its noise-free value at the full budget,
# recomputed here -- not the noisy value the trainer reported. Both methods of a seed use the same
# --random-seed, so random search's configurations are the first ones Hyperband samples (a paired
# comparison with common random numbers). Prints a markdown table of the median and mean regret
# and the wins of each method, and writes it to bench/quality-random.md. (Until issue 14 this was
# bench/quality/run.sh; that is now the benchmark against Optuna.)
#
# Usage: bench/quality/hyperband-vs-random.sh   (SEEDS=10 JOBS=2 OUT=bench/quality-random.md;
#        HBGEN_JAR=path skips the build)
# Runs with the embedded engine (hbgen run -j JOBS), or with snakemake if hbgen has no run command;
# the minimize and maximize searches of a seed run at the same time.
set -euo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
repo=$(dirname -- "$(dirname -- "$here")")
SEEDS=${SEEDS:-10}
JOBS=${JOBS:-2}
OUT=${OUT:-$repo/bench/quality-random.md}
S_MAX=4 ETA=3 R=81
work=$(mktemp -d "${TMPDIR:-/tmp}/hbgen-quality.XXXXXX")
trap 'rm -rf -- "$work"' EXIT

JAR=${HBGEN_JAR:-}
if [[ -z $JAR ]]; then
  echo "building hbgen..." >&2
  (cd -- "$repo" && mvn -q -B -o package -DskipTests -DbuildDir="$work/build") >&2
  JAR=$work/build/hbgen.jar
fi
hbgen() { java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$JAR" "$@"; }

if hbgen run --help >/dev/null 2>&1; then
  engine="hbgen run -j $JOBS (embedded engine)"
  run_search() { hbgen run "$1" -j "$JOBS" >"$1.out" 2>&1; }
else
  engine="snakemake -j $JOBS"
  run_search() { snakemake --snakefile "$1/Snakefile" -j "$JOBS" -q >"$1.out" 2>&1; }
fi

# -S: the trainer needs no site packages, and skipping them saves start-up time on every trial.
# Debian's /usr/bin/python3 starts far faster than a pyenv shim; the trainer's numbers are the same.
python=/usr/bin/python3
[[ -x $python ]] || python=python3
TRAINER="$python -S $here/trainer.py"
hb_cost=$(hbgen generate $S_MAX $ETA | sed -n '1s/.*(cost: \([0-9]*\)\.00).*/\1/p')
[[ -n $hb_cost ]] || { echo "cannot read the plan's cost" >&2; exit 1; }
n_random=$(( (hb_cost + R - 1) / R ))

# search SEED DIRECTION: one Hyperband and one random search, run one after the other; their best
# configurations go to runs-DIRECTION-SEED.tsv.
search() {
  local seed=$1 direction=$2 objective method dir spent
  if [[ $direction == minimize ]]; then objective=loss; else objective=score; fi
  local common=(--random-seed "$seed" --space "$here/space.yaml" --trainer "$TRAINER"
    --objective "$objective" "--$direction")
  hbgen generate $S_MAX $ETA -o "$work/hyperband-$direction-$seed" "${common[@]}" >/dev/null
  hbgen random "$n_random" -o "$work/random-$direction-$seed" --budget $R "${common[@]}" >/dev/null
  for method in hyperband random; do
    dir=$work/$method-$direction-$seed
    run_search "$dir" || { cat "$dir.out" >&2; return 1; }
    [[ -f $dir/config ]] || { echo "$dir: no best configuration" >&2; return 1; }
    spent=$(awk -F'\t' 'NR > 1 { s += $5 } END { print s }' "$dir/results.tsv")
    printf '%s\t%s\t%s\t%s\t%s\n' "$direction" "$method" "$seed" "$dir/config" "$spent" >>"$work/runs-$direction-$seed.tsv"
  done
}

start=$(date +%s)
for (( seed = 1; seed <= SEEDS; seed++ )); do
  # The two directions of a seed run side by side: stage barriers leave cores idle otherwise.
  search "$seed" minimize & minimize=$!
  search "$seed" maximize & maximize=$!
  wait "$minimize"
  wait "$maximize"
  echo "seed $seed: done ($(( $(date +%s) - start )) s)" >&2
done
cat "$work"/runs-*.tsv >"$work/runs.tsv"
elapsed=$(( $(date +%s) - start ))
# CPU seconds (user + sys) of everything the loop ran: what the benchmark costs on an idle machine.
times >"$work/times"
cpu=$(tail -1 "$work/times" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%.0f", t }')

python3 - "$here" "$work/runs.tsv" "$OUT" "$engine" "$elapsed" "$cpu" "$SEEDS" "$n_random" "$hb_cost" <<'PY'
import json, os, platform, statistics, subprocess, sys, time

here, runs_file, out, engine, elapsed, cpu_s, seeds, n_random, hb_cost = sys.argv[1:]
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, here)
import trainer

regret = {}   # (direction, method) -> {seed: regret}
spent = {}
with open(runs_file, encoding="utf-8") as f:
    for line in f:
        direction, method, seed, config, budget = line.rstrip("\n").split("\t")
        with open(config, encoding="utf-8") as c:
            x = trainer.point(json.load(c))
        regret.setdefault((direction, method), {})[int(seed)] = abs(trainer.hartmann6(x) - trainer.F_STAR)
        spent.setdefault((direction, method), set()).add(float(budget))

def cpu():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"

java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
rows = ["| direction | method | budget | median regret | mean regret | wins |", "|---|---|---:|---:|---:|---:|"]
verdict = []
for direction in ("minimize", "maximize"):
    hb, rs = regret[(direction, "hyperband")], regret[(direction, "random")]
    wins = {"hyperband": sum(hb[s] < rs[s] for s in hb), "random": sum(rs[s] < hb[s] for s in hb)}
    for method, data in (("hyperband", hb), ("random", rs)):
        label = "Hyperband (4 3)" if method == "hyperband" else "random search (%s x 81)" % n_random
        budget = "/".join("%g" % b for b in sorted(spent[(direction, method)]))
        rows.append("| %s | %s | %s | %.3f | %.3f | %d of %d |" % (
            direction, label, budget, statistics.median(data.values()),
            statistics.fmean(data.values()), wins[method], len(data)))
    ok = statistics.median(hb.values()) <= statistics.median(rs.values())
    verdict.append("%s: Hyperband's median regret %s random search's" % (direction, "is at most" if ok else "is ABOVE"))

per_seed = ["| seed | " + " | ".join("%s %s" % (d, m) for d in ("minimize", "maximize") for m in ("hyperband", "random")) + " |",
            "|---:|" + "---:|" * 4]
for s in sorted(regret[("minimize", "hyperband")]):
    per_seed.append("| %d | " % s + " | ".join("%.3f" % regret[(d, m)][s] for d in ("minimize", "maximize") for m in ("hyperband", "random")) + " |")

text = "\n".join([
    "# Quality: Hyperband against random search at equal budget",
    "",
    "Measured %s on %s (%s, %d CPUs), Python %s, %s; engine: %s; %s seeds;" % (
        time.strftime("%Y-%m-%d", time.gmtime()), platform.machine(), cpu(), os.cpu_count() or 0,
        platform.python_version(), java[0] if java else "java", engine, seeds),
    "%s s wall time, %s s of CPU time (user + sys) in all." % (elapsed, cpu_s),
    "Produced by `bench/quality/hyperband-vs-random.sh`. Regret = H6(x) - f* for the configuration x each search",
    "reports as best, recomputed without noise at the full budget (f* = %.5f). Lower is better." % trainer.F_STAR,
    "Budget = budget units the trials actually trained (from results.tsv): Hyperband %s from scratch," % hb_cost,
    "random search %s configurations x 81 (rounded up, so random search never gets less)." % n_random,
    "Wins = seeds on which the method's regret is strictly lower than the other's. Both methods of a seed",
    "draw from the same generator: random search's configurations are the first %s of Hyperband's" % n_random,
    "bracket 0 (common random numbers, a paired comparison): Hyperband does not win by luckier draws.",
    "The maximize runs optimize score = -loss with the same seeds as the minimize runs, so they must",
    "choose the same configurations: a difference between the two halves would be a direction bug.",
    "",
] + rows + ["", "; ".join(verdict) + ".", "", "Regret per seed:", ""] + per_seed) + "\n"
sys.stdout.write(text)
tmp = out + ".tmp"
with open(tmp, "w", encoding="utf-8") as f:
    f.write(text)
os.replace(tmp, out)
PY
