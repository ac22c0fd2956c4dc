#!/usr/bin/python3
"""Quality benchmark: hbgen's samplers against Optuna at equal budget (run it with run.sh).

For every problem in problems/ and every seed 1..SEEDS, each method searches once with the same
R = ETA^S_MAX, the same ETA and the same budget units, and the benchmark scores the configuration
the method reports as best by its noise-free full-fidelity value minus the problem's optimum
(regret, lower is better). Methods:

  hyperband    random Hyperband: hbgen generate S_MAX ETA --resume-from-parent [--iterations K]
  bohb-8       the same with --sampler bohb --batch 8    (only when hbgen generate --help lists
  bohb-32      the same with --sampler bohb --batch 32    --sampler and --batch)
  optuna-8     Optuna TPESampler + HyperbandPruner, trials asked 8 at a time (optuna_runner.py)
  optuna-1     the same, sequential

Budget units are counted as hbgen charges them with --resume-from-parent: a promoted trial pays
only the budget beyond its parent's. Optuna gets hbgen's planned units (read from the plan
printout) and stops before exceeding them. K (--iterations) is 3 when hbgen has --iterations and
1 otherwise; every method gets the budget of the same K.

Reported best: hbgen's own answer (`hbgen best DIR --format json`, the rule best.yaml uses);
Optuna's study.best_trial (completed trials only). The trainer (problem_trainer.py) reports the
units it trained; the benchmark checks that they add up to the plan.

Settings (environment): SEEDS (20), JOBS (2 runs at a time; each hbgen search runs with -j 1, each
Optuna run in one process), PROBLEMS and METHODS (comma lists, default all), ITERATIONS,
S_MAX (4) and ETA (3), OUT (bench/quality.md; the per-run rows go to the same name with .tsv),
WORK (a directory to keep the runs in and to resume from; default a temporary one, removed after a
successful run), KEEP_WORK=1 (keep each hbgen search directory). HBGEN_JAR=path runs that jar;
otherwise the repository's ./hbgen launcher (which builds the jar when the sources changed).
"""

import concurrent.futures
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import problems  # noqa: E402

PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
FULL_SEEDS = 20
SETTINGS = ("SEEDS", "JOBS", "PROBLEMS", "METHODS", "ITERATIONS", "S_MAX", "ETA", "OUT", "WORK", "KEEP_WORK", "HBGEN_JAR")


class Usage(Exception):
    """A bad setting: one line, exit 2."""


class Method:
    def __init__(self, key, label, kind, batch=None, flags=(), needs=()):
        self.key, self.label, self.kind, self.batch = key, label, kind, batch
        self.flags, self.needs = list(flags), list(needs)


METHODS = (
    Method("hyperband", "random Hyperband (hbgen)", "hbgen"),
    Method("bohb-8", "BOHB, batch 8 (hbgen)", "hbgen", 8, ["--sampler", "bohb", "--batch", "8"], ["--sampler", "--batch"]),
    Method("bohb-32", "BOHB, batch 32 (hbgen)", "hbgen", 32, ["--sampler", "bohb", "--batch", "32"], ["--sampler", "--batch"]),
    Method("optuna-8", "Optuna TPE + Hyperband, batch 8", "optuna", 8),
    Method("optuna-1", "Optuna TPE + Hyperband, sequential", "optuna", 1),
)
BASELINE, OPTUNA_BATCH, OPTUNA_SEQ = "hyperband", "optuna-8", "optuna-1"


def env_int(name, default, low):
    text = os.environ.get(name, "")
    if text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise Usage("%s must be a whole number, got %r" % (name, text))
    if value < low:
        raise Usage("%s must be >= %d, got %d" % (name, low, value))
    return value


def env_list(name, allowed):
    text = os.environ.get(name, "")
    if text.strip() == "":
        return list(allowed)
    chosen = [w for w in re.split(r"[,\s]+", text.strip()) if w]
    for w in chosen:
        if w not in allowed:
            raise Usage("%s: unknown %r (expected some of %s)" % (name, w, ", ".join(allowed)))
    return [w for w in allowed if w in chosen]


def hbgen_argv():
    jar = os.environ.get("HBGEN_JAR")
    if jar:
        return ["java", "-Xshare:auto", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar]
    return [os.path.join(REPO, "hbgen")]


def call(argv, log=None, **kw):
    """Runs argv; output to log (a file) or captured. Raises with the output on failure."""
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write("$ %s\n" % " ".join(shlex.quote(a) for a in argv))
            f.flush()
            done = subprocess.run(argv, stdout=f, stderr=subprocess.STDOUT, **kw)
        if done.returncode != 0:
            raise RuntimeError("%s exited %d (log: %s)" % (argv[0], done.returncode, log))
        return None
    done = subprocess.run(argv, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv[:3]), done.returncode, (done.stderr or done.stdout).strip()[-2000:]))
    return done.stdout


class Bench:
    def __init__(self):
        self.seeds = env_int("SEEDS", FULL_SEEDS, 1)
        self.jobs = env_int("JOBS", 2, 1)
        self.s_max = env_int("S_MAX", 4, 0)
        self.eta = env_int("ETA", 3, 2)
        self.r = self.eta ** self.s_max
        self.problems = env_list("PROBLEMS", problems.NAMES)
        self.method_keys = env_list("METHODS", [m.key for m in METHODS])
        self.out = os.path.abspath(os.environ.get("OUT") or os.path.join(REPO, "bench", "quality.md"))
        self.tsv = os.path.splitext(self.out)[0] + ".tsv"
        self.keep_search = os.environ.get("KEEP_WORK") == "1"
        self.hbgen = hbgen_argv()
        help_text = call(self.hbgen + ["generate", "--help"])
        self.options = set(re.findall(r"--[a-z][a-z-]*", help_text))
        has_iterations = "--iterations" in self.options
        self.iterations = env_int("ITERATIONS", 3 if has_iterations else 1, 1)
        if self.iterations > 1 and not has_iterations:
            raise Usage("ITERATIONS=%d, but this hbgen's generate has no --iterations" % self.iterations)
        self.iteration_flags = ["--iterations", str(self.iterations)] if has_iterations else []
        plan = call(self.hbgen + ["generate", str(self.s_max), str(self.eta), "--resume-from-parent"] + self.iteration_flags)
        # The whole plan's cost is the largest one printed (a printout may also show parts of it);
        # the budget check of the report compares it with the units the hbgen runs really trained.
        costs = [float(c) for c in re.findall(r"cost: ([0-9.]+) resuming from checkpoints", plan)]
        if not costs:
            raise RuntimeError("cannot read the planned units from the plan printout:\n" + plan[:500])
        self.units = max(costs)
        self.plan_head = plan.splitlines()[0]
        self.version = call(self.hbgen + ["--version"]).strip().splitlines()[0]

    def available(self, method):
        missing = [o for o in method.needs if o not in self.options]
        if missing:
            return "not available in this build (`hbgen generate --help` lists no %s)" % ", ".join(missing)
        return None


def hbgen_task(bench, method, problem, seed, root, log):
    """One hbgen search; returns the run's record."""
    search = os.path.join(root, "search")
    if os.path.exists(search):
        shutil.rmtree(search)  # a run interrupted last time starts again
    trainer = " ".join(shlex.quote(a) for a in [PYTHON, "-S", os.path.join(HERE, "problem_trainer.py"), problem.NAME, str(bench.r)])
    call(bench.hbgen + ["generate", str(bench.s_max), str(bench.eta), "--resume-from-parent"] + bench.iteration_flags + method.flags
         + ["--random-seed", str(seed), "--space", problems.space_file(problem), "--trainer", trainer,
            "--objective", "loss", "--minimize", "-o", search], log)
    call(bench.hbgen + ["run", search, "-j", "1"], log)
    best = json.loads(call(bench.hbgen + ["best", search, "--format", "json"]))
    rows = json.loads(call(bench.hbgen + ["results", search, "--format", "json"]))
    bad = [r["trial"] for r in rows if r["state"] != "completed"]
    if bad:
        raise RuntimeError("%d trials did not complete (first: %s; log: %s)" % (len(bad), bad[0], log))
    budget = {r["trial"]: float(r["budget"]) for r in rows}
    charged = sum(float(r["budget"]) - (budget[r["promoted_from"]] if r["promoted_from"] else 0.0) for r in rows)
    trained = sum(float(r["metrics_units"]) for r in rows)
    top = max(budget.values())
    at_top = min((r for r in rows if float(r["budget"]) == top), key=lambda r: (float(r["value"]), r["number"]))
    record = {
        "config": params(best["params"]), "value": best["value"], "budget": float(best["budget"]),
        "units": trained, "charged": charged, "trials": len(rows),
        "configs": sum(1 for r in rows if not r["promoted_from"]),
        # HpBandSter's incumbent, for comparison: the best trial at the largest budget trained
        "top_config": params({k[len("params_"):]: v for k, v in at_top.items() if k.startswith("params_") and v is not None}),
    }
    if not bench.keep_search:
        shutil.rmtree(search)
    return record


def params(config):
    """A config without hbgen's bookkeeping keys."""
    return {k: v for k, v in config.items() if k not in ("seed", "folds", "repetitions")}


def optuna_task(bench, method, problem, seed, root, log):
    out = os.path.join(root, "optuna.json")
    call([PYTHON, os.path.join(HERE, "optuna_runner.py"), problem.NAME, str(seed), str(bench.r), str(bench.eta),
          repr(bench.units), str(method.batch), out], log)
    with open(out, encoding="utf-8") as f:
        record = json.load(f)
    record["charged"] = record["units"]
    return record


def run_task(bench, method, problem, seed, runs):
    root = os.path.join(runs, problem.NAME, method.key, str(seed))
    done = os.path.join(root, "run.json")
    if os.path.exists(done):
        with open(done, encoding="utf-8") as f:
            return json.load(f), True
    os.makedirs(root, exist_ok=True)
    log = os.path.join(root, "log")
    start = time.monotonic()
    task = hbgen_task if method.kind == "hbgen" else optuna_task
    record = task(bench, method, problem, seed, root, log)
    record.update(problem=problem.NAME, method=method.key, seed=seed, wall_s=time.monotonic() - start)
    if record["config"] is None:
        raise RuntimeError("%s reported no best configuration (log: %s)" % (method.key, log))
    tmp = done + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(record, f, sort_keys=True)
    os.replace(tmp, done)
    return record, False


def regret(problem, config):
    return problem.true_value(problem.point(config)) - problem.F_STAR


def main():
    try:
        bench = Bench()
    except Usage as e:
        sys.stderr.write("bench/quality: %s\n" % e)
        return 2
    except RuntimeError as e:
        sys.stderr.write("bench/quality: %s\n" % e)
        return 1
    methods = [m for m in METHODS if m.key in bench.method_keys]
    runnable = [m for m in methods if bench.available(m) is None]
    chosen = [problems.load(n) for n in bench.problems]
    if any(m.kind == "optuna" for m in runnable) and subprocess.run(
            [PYTHON, "-c", "import optuna"], capture_output=True).returncode != 0:
        sys.stderr.write("bench/quality: %s cannot import optuna; install Debian's python3-optuna "
                         "(scripts/install-deps.sh optuna) or leave the optuna methods out of METHODS\n" % PYTHON)
        return 1
    work = os.environ.get("WORK")
    temporary = not work
    work = os.path.abspath(work) if work else tempfile.mkdtemp(prefix="hbgen-quality.")
    runs = os.path.join(work, "runs")
    os.makedirs(runs, exist_ok=True)
    # Runs kept in WORK are reused only by a benchmark of the same plan and the same hbgen.
    fingerprint = json.dumps({"s_max": bench.s_max, "eta": bench.eta, "iterations": bench.iterations,
                              "units": bench.units, "hbgen": bench.version}, sort_keys=True) + "\n"
    recorded = os.path.join(work, "settings.json")
    if os.path.exists(recorded):
        with open(recorded, encoding="utf-8") as f:
            if f.read() != fingerprint:
                sys.stderr.write("bench/quality: %s holds runs of other settings (%s); use another WORK\n" % (work, recorded))
                return 2
    else:
        write_whole(recorded, fingerprint)
    tasks = [(m, p, s) for s in range(1, bench.seeds + 1) for p in chosen for m in runnable]
    sys.stderr.write("bench/quality: %d runs (%s; %s; %d seeds), %d at a time, units per run %g; work in %s\n" % (
        len(tasks), ", ".join(p.NAME for p in chosen), ", ".join(m.key for m in runnable), bench.seeds,
        bench.jobs, bench.units, work))
    for m in methods:
        if m not in runnable:
            sys.stderr.write("bench/quality: %s: %s\n" % (m.key, bench.available(m)))
    start = time.monotonic()
    records, failures, lock, count = [], [], threading.Lock(), [0]

    def one(task):
        m, p, s = task
        try:
            record, reused = run_task(bench, m, p, s, runs)
        except Exception as e:  # reported below, the other runs go on
            with lock:
                failures.append("%s %s seed %d: %s" % (p.NAME, m.key, s, e))
            return
        with lock:
            records.append(record)
            count[0] += 1
            if record["units"] > bench.units or (m.kind == "hbgen" and record["units"] != bench.units):
                sys.stderr.write("bench/quality: WARNING: %s %s seed %d trained %g units, planned %g\n" % (
                    p.NAME, m.key, s, record["units"], bench.units))
            sys.stderr.write("[%d/%d] %s %s seed %d: regret %.4g, %g units, %s (%.0f s elapsed)\n" % (
                count[0], len(tasks), p.NAME, m.key, s, regret(p, record["config"]), record["units"],
                "earlier run" if reused else "%.1f s" % record["wall_s"], time.monotonic() - start))

    with concurrent.futures.ThreadPoolExecutor(max_workers=bench.jobs) as pool:
        list(pool.map(one, tasks))
    elapsed = time.monotonic() - start
    if failures:
        sys.stderr.write("bench/quality: %d runs failed; nothing written (runs kept in %s):\n  %s\n" % (
            len(failures), work, "\n  ".join(sorted(failures))))
        return 1
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    text = report(bench, methods, chosen, records, elapsed, usage.ru_utime + usage.ru_stime)
    write_whole(bench.out, text)
    write_whole(bench.tsv, rows_tsv(chosen, records))
    sys.stdout.write(text)
    sys.stderr.write("bench/quality: wrote %s and %s\n" % (bench.out, bench.tsv))
    if temporary:
        shutil.rmtree(work)
    return 0


def write_whole(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def rows_tsv(chosen, records):
    by_name = {p.NAME: p for p in chosen}
    lines = ["problem\tmethod\tseed\tregret\treported_value\treported_budget\tregret_best_at_top_budget\tunits\ttrials\twall_s"]
    for r in sorted(records, key=lambda r: (r["problem"], r["method"], r["seed"])):
        p = by_name[r["problem"]]
        top = "%.6g" % regret(p, r["top_config"]) if r.get("top_config") else ""
        lines.append("%s\t%s\t%d\t%.6g\t%.6g\t%g\t%s\t%g\t%d\t%.1f" % (
            r["problem"], r["method"], r["seed"], regret(p, r["config"]), r["value"], r["budget"], top,
            r["units"], r["trials"], r["wall_s"]))
    return "\n".join(lines) + "\n"


def fmt(x):
    if x is None:
        return "–"
    if x == 0 or 1e-3 <= abs(x) < 1e4:
        return "%.3g" % x if abs(x) < 1 else "%.3f" % x if abs(x) < 10 else "%.2f" % x
    return "%.2e" % x


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def geomean(values):
    vals = [v for v in values if v is not None and v > 0]
    if not vals or len(vals) != len(values):
        return None
    return math.exp(sum(math.log(v) for v in vals) / len(vals))


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def command_line():
    set_vars = ["%s=%s" % (k, shlex.quote(os.environ[k])) for k in SETTINGS if os.environ.get(k)]
    return " ".join(set_vars + ["bench/quality/run.sh"])


def report(bench, methods, chosen, records, elapsed, cpu_s):
    reg = {}  # (method, problem) -> [regret per seed]
    top = {}
    info = {}
    for r in records:
        p = next(q for q in chosen if q.NAME == r["problem"])
        reg.setdefault((r["method"], p.NAME), []).append(regret(p, r["config"]))
        if r.get("top_config"):
            top.setdefault((r["method"], p.NAME), []).append(regret(p, r["top_config"]))
        info.setdefault((r["method"], p.NAME), []).append(r)
    med = {k: statistics.median(v) for k, v in reg.items()}
    names = [p.NAME for p in chosen]
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    python_version = subprocess.run([PYTHON, "-c", "import platform; print(platform.python_version())"],
                                    capture_output=True, text=True).stdout.strip()
    optuna_version = subprocess.run([PYTHON, "-c", "import optuna; print(optuna.__version__)"],
                                    capture_output=True, text=True).stdout.strip() or "not installed"
    smoke = []
    if bench.seeds < FULL_SEEDS:
        smoke.append("%d seed%s (the benchmark uses %d)" % (bench.seeds, "s" if bench.seeds > 1 else "", FULL_SEEDS))
    if len(chosen) < len(problems.NAMES):
        smoke.append("problems %s only" % ", ".join(names))
    if len(methods) < len(METHODS):
        smoke.append("methods %s only" % ", ".join(m.key for m in methods))
    out = ["# Quality: hbgen's samplers against Optuna at equal budget", ""]
    if smoke:
        out += ["**SMOKE RUN, NOT A RESULT**: %s. It shows that the pipeline works end to end; "
                "its numbers (here and in the per-run rows of `%s`) say nothing about the methods." % (
                    "; ".join(smoke), os.path.basename(bench.tsv)), ""]
    out += [
        "Command: `%s`" % command_line(),
        "",
        "Measured %s on %s (%s, %d CPUs), %s, Python %s (`%s`: trainers with -S, the Optuna runner), Optuna %s, %s; "
        "seeds 1-%d, %d runs at a time; %.0f s wall time, %.0f s of CPU time in all." % (
            time.strftime("%Y-%m-%d", time.gmtime()), platform.machine(), cpu_model(), os.cpu_count() or 0,
            bench.version, python_version, PYTHON, optuna_version, java[0] if java else "java",
            bench.seeds, bench.jobs, elapsed, cpu_s),
        "",
        "Every method gets R = %d, eta = %d and %g budget units per run: the plan of `hbgen generate %d %d "
        "--resume-from-parent%s` (`%s`), counted as hbgen charges with `--resume-from-parent` (a "
        "promoted trial pays only the budget beyond its parent's; an Optuna trial pays for the rung "
        "it reached, since it keeps training). Optuna stops before it would exceed hbgen's units. "
        "Regret = noise-free full-fidelity value of the configuration each method reports as best, "
        "minus the known optimum (lower is better). hbgen's best is `hbgen best DIR --format json` "
        "(the best.yaml rule of this build); Optuna's is `study.best_trial` (completed, not pruned, "
        "trials). Optuna: TPESampler(seed) with its defaults and HyperbandPruner(min_resource=1, "
        "max_resource=R, reduction_factor=eta), reports at the rung budgets, trials asked in batches "
        "(ask/tell) that train rung by rung. hbgen searches run with `hbgen run -j 1`; the trainer "
        "resumes from `$HB_PARENT_DIR` and reports the units it trained." % (
            bench.r, bench.eta, bench.units, bench.s_max, bench.eta,
            " " + " ".join(bench.iteration_flags) if bench.iteration_flags else "", bench.plan_head),
        "",
        "Problems (definitions and sources in `bench/quality/problems/`):",
        "",
    ]
    for p in chosen:
        out.append("- `%s`: %s; optimum %.6g." % (p.NAME, p.TITLE, p.F_STAR))
    out += ["", "## Median regret", ""]
    header = "| method | " + " | ".join("`%s`" % n for n in names) + " |"
    rule = "|---|" + "---:|" * len(names)
    out += [header, rule]
    for m in methods:
        why = bench.available(m)
        if why:
            out.append("| %s | %s |" % (m.label, " | ".join([why] + ["–"] * (len(names) - 1))))
        else:
            out.append("| %s | %s |" % (m.label, " | ".join(fmt(med.get((m.key, n))) for n in names)))
    for base, title in ((BASELINE, "random Hyperband's"), (OPTUNA_BATCH, "Optuna's (batch 8)"), (OPTUNA_SEQ, "sequential Optuna's")):
        if base not in [m.key for m in methods]:
            continue
        out += ["", "## Median regret as a multiple of %s" % title, "",
                "| method | " + " | ".join("`%s`" % n for n in names) + " | geometric mean |", rule + "---:|"]
        for m in methods:
            if m.key == base:
                continue
            if bench.available(m):
                out.append("| %s | %s |" % (m.label, " | ".join(["not available in this build"] + ["–"] * len(names))))
                continue
            rs = [ratio(med.get((m.key, n)), med.get((base, n))) for n in names]
            out.append("| %s | %s | %s |" % (m.label, " | ".join(fmt(x) for x in rs), fmt(geomean(rs))))
    out += ["", "## Details", "",
            "Per problem and method: median regret [quartiles], mean; for hbgen, the median regret had the "
            "best been taken among the trials at the largest budget (HpBandSter's rule) and how many runs "
            "reported a best trained below R; budget units per run (min-max); trials per run (median); "
            "wall time per run (median).", "",
            "| problem | method | median [q1, q3] | mean | best at top budget | best below R | units | trials | wall s |",
            "|---|---|---|---:|---:|---:|---|---:|---:|"]
    for n in names:
        for m in methods:
            rs = reg.get((m.key, n))
            if not rs:
                continue
            q = statistics.quantiles(rs, n=4, method="inclusive") if len(rs) > 1 else [rs[0]] * 3
            rows = info[(m.key, n)]
            units = [r["units"] for r in rows]
            tops = top.get((m.key, n))
            below = sum(1 for r in rows if r["budget"] < bench.r)
            out.append("| `%s` | %s | %s [%s, %s] | %s | %s | %s | %g-%g | %g | %.1f |" % (
                n, m.label, fmt(statistics.median(rs)), fmt(q[0]), fmt(q[2]), fmt(statistics.fmean(rs)),
                fmt(statistics.median(tops)) if tops else "–",
                "%d of %d" % (below, len(rows)) if m.kind == "hbgen" else "–",
                min(units), max(units), statistics.median(r["trials"] for r in rows),
                statistics.median(r["wall_s"] for r in rows)))
    hbgen_keys = [m.key for m in METHODS if m.kind == "hbgen"]
    off = [r for r in records if r["units"] > bench.units or
           (r["method"] in hbgen_keys and (r["units"] != bench.units or r["charged"] != bench.units))]
    out += ["", "Budget check: %s." % (
        "every hbgen run trained exactly the planned %g units (as its trainer reported them and as hbgen "
        "charges them), and no Optuna run exceeded them" % bench.units if not off else
        "**%d run%s trained other units than planned**, so the comparison is not at equal budget "
        "(see the TSV): %s" % (len(off), "s" if len(off) > 1 else "", ", ".join("%s %s seed %d: %g" % (r["problem"], r["method"], r["seed"], r["units"]) for r in off[:5])))]
    inside = os.path.commonpath([bench.tsv, REPO]) == REPO
    out += ["", "Per-run rows (regret, reported value and budget, units, trials, wall time): `%s`." %
            (os.path.relpath(bench.tsv, REPO) if inside else bench.tsv), ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
