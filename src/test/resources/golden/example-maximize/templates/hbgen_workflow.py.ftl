<#-- Python helpers of the Snakefile: the promotion rule and the best configuration. No model
     variables are used; the same rule is implemented by `hbgen run` (tested to agree). -->
"""Promotion and best configuration for a search written by hbgen ${version}.

The promotion rule (shared with `hbgen run`): rank a stage's trials by the objective in the
search's direction, failed or missing results last, ties by configuration index; promote the
first usable ones into the next stage's slots and record any shortfall. The result grammar
matches run.sh's validation: one number, or flat `name: number` pairs (YAML or JSON).
"""
import errno
import fcntl
import os
import re

_NUMBER = (
    r"[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.?([iI]nf|INF|[iI]nfinity|INFINITY)|\.?([nN]a[nN]|NAN)"
)
_NUMBER_RE = re.compile(r"(?:" + _NUMBER + r")\Z")
_ENTRY_RE = re.compile(
    r"(\"[^\"]*\"|'[^']*'|[A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*:[ \t]*(" + _NUMBER + r")\Z"
)
_SEARCH = {}
# hbgen run holds an exclusive POSIX record lock (fcntl, what Java's FileChannel.lock takes on
# Linux) on this file while it runs the search; RunLock.FILE in hbgen.
RUN_LOCK = ".hbgen-run.lock"
# Set by `hbgen run --engine snakemake` to its own pid: that hbgen holds the lock for us.
RUN_LOCK_PID_VAR = "HBGEN_RUN_LOCK_PID"
_run_lock_fd = []


def setup(plan, objective, maximize):
    """Called once by the Snakefile: bracket -> [(slots, budget)], the metric and its direction."""
    _SEARCH.update(plan=plan, objective=objective, maximize=maximize)


def hold_search(root):
    """Called once by the Snakefile: shares hbgen's run lock while this Snakemake runs.

    Returns None when the search is free (or when the lock cannot be used: a read-only copy, a
    file system without locks), else why Snakemake must not start. The shared lock lasts until
    this process exits, so an `hbgen run` started meanwhile is refused as well; the operating
    system drops it when the process dies, even by SIGKILL.
    """
    if _run_lock_fd:
        return None
    path = os.path.join(root, RUN_LOCK)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as e:
        try:
            holder = os.read(fd, 32).decode("ascii", "replace").strip()
        except OSError:
            holder = ""
        os.close(fd)
        if e.errno not in (errno.EACCES, errno.EAGAIN):
            return None
        if holder and os.environ.get(RUN_LOCK_PID_VAR) == holder:
            return None
        return (
            "%s: hbgen run is running on this search (pid %s, holding %s); start Snakemake"
            " once it has finished, or stop it first" % (root, holder or "unknown", path)
        )
    _run_lock_fd.append(fd)
    return None


def trial_dir(b, s, c):
    return "bracket-%d/stage-%d/config-%d" % (int(b), int(s), int(c))


def train_input(w):
    b, s = int(w.b), int(w.s)
    if s == 0:
        return [trial_dir(b, 0, w.c) + "/config"]
    return ["bracket-%d/stage-%d/promotion.yaml" % (b, s)]


def budget(w):
    return _SEARCH["plan"][int(w.b)][int(w.s)][1]


def promote_input(w):
    b, s = int(w.b), int(w.s)
    slots = _SEARCH["plan"][b][s - 1][0]
    return [trial_dir(b, s - 1, c) + "/result" for c in range(slots)]


def final_results():
    plan = _SEARCH["plan"]
    out = []
    for b in sorted(plan):
        last = len(plan[b]) - 1
        out += [trial_dir(b, last, c) + "/result" for c in range(plan[b][last][0])]
    return out


def to_number(text):
    t = text.strip()
    low = t.lower().replace(".", "")
    if low == "nan":
        return float("nan")
    if re.fullmatch(r"[-+]?inf(inity)?", low):
        return float("-inf") if low.startswith("-") else float("inf")
    return float(t)


def parse_result(text):
    """Returns (single, named): the bare number's text, or metric names to texts."""
    body = "\n".join(
        line.strip() for line in text.split("\n") if not line.strip().startswith("#")
    ).strip()
    if not body:
        raise ValueError("empty result")
    if _NUMBER_RE.match(body):
        return body, {}
    if body.startswith("{") and body.endswith("}"):
        body = body[1:-1]
    named = {}
    for raw in re.split(r"[,\n]", body):
        entry = raw.strip()
        if not entry:
            continue
        m = _ENTRY_RE.match(entry)
        if not m:
            raise ValueError("unparseable result entry %r" % entry[:40])
        key = m.group(1)
        if key[0] in "\"'":
            key = key[1:-1]
        if key in named:
            raise ValueError("metric %r appears twice in the result" % key)
        named[key] = m.group(2)
    if not named:
        raise ValueError("empty result")
    return None, named


def objective_text(single, named, objective):
    if single is not None:
        return single
    if not objective:
        if len(named) == 1:
            return next(iter(named.values()))
        raise ValueError("result has several metrics and no objective names one")
    if objective not in named:
        raise ValueError("result has no metric %r" % objective)
    return named[objective]


def outcome(path, objective):
    """(value, text, named) of a trial directory; NaN when it failed, was skipped or is missing."""
    if os.path.exists(path + "/failed") or os.path.exists(path + "/skipped"):
        return float("nan"), "nan", {}
    try:
        with open(path + "/result", encoding="utf-8") as f:
            single, named = parse_result(f.read())
        text = objective_text(single, named, objective)
    except (OSError, ValueError, UnicodeDecodeError):
        return float("nan"), "nan", {}
    value = to_number(text)
    if value != value or value in (float("inf"), float("-inf")):
        return float("nan"), "nan", named
    return value, text, named


def _key(value, maximize):
    if value != value:
        return (1, 0.0)
    return (0, -value if maximize else value)


def yaml_number(text):
    v = to_number(text)
    if v != v:
        return ".nan"
    if v in (float("inf"), float("-inf")):
        return "-.inf" if v < 0 else ".inf"
    return text.strip()


def write_atomic(path, text):
    d = os.path.dirname(path) or "."
    os.makedirs(d, exist_ok=True)
    tmp = os.path.join(d, ".%s.tmp.%d" % (os.path.basename(path), os.getpid()))
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def promote(w):
    plan, objective, maximize = _SEARCH["plan"], _SEARCH["objective"], _SEARCH["maximize"]
    b, s = int(w.b), int(w.s)
    before, slots = plan[b][s - 1][0], plan[b][s][0]
    trials = []
    for c in range(before):
        value, text, _ = outcome(trial_dir(b, s - 1, c), objective)
        trials.append((_key(value, maximize), c, text, value))
    trials.sort(key=lambda t: (t[0], t[1]))
    promoted = [t for t in trials if t[3] == t[3]][:slots]
    lines = [
        "# Promotion into bracket %d, stage %d: best first; failed trials are never promoted." % (b, s),
        "bracket: %d" % b,
        "stage: %d" % s,
        "objective: %s" % (objective if objective else "null"),
        "direction: %s" % ("maximize" if maximize else "minimize"),
        "slots: %d" % slots,
        "promoted: %d" % len(promoted),
        "shortfall: %d" % (slots - len(promoted)),
        "ranking:",
    ]
    slot_of = {t[1]: k for k, t in enumerate(promoted)}
    for t in trials:
        to = trial_dir(b, s, slot_of[t[1]]) if t[1] in slot_of else None
        lines.append(
            "- {trial: %s, value: %s, promoted_to: %s}"
            % (trial_dir(b, s - 1, t[1]), yaml_number(t[2]), to if to else "null")
        )
    for k in range(slots):
        d = trial_dir(b, s, k)
        if k < len(promoted):
            parent = trial_dir(b, s - 1, promoted[k][1])
            write_atomic(d + "/config", read_text(parent + "/config"))
            write_atomic(d + "/promoted-from", parent + "\n")
        else:
            for stale in ("config", "promoted-from"):
                if os.path.exists(d + "/" + stale):
                    os.remove(d + "/" + stale)
    write_atomic("bracket-%d/stage-%d/promotion.yaml" % (b, s), "\n".join(lines) + "\n")


def best():
    plan, objective, maximize = _SEARCH["plan"], _SEARCH["objective"], _SEARCH["maximize"]
    found = None
    for b in sorted(plan):
        for s, (slots, budget_text) in enumerate(plan[b]):
            for c in range(slots):
                value, text, named = outcome(trial_dir(b, s, c), objective)
                if value != value:
                    continue
                key = (_key(value, maximize), -to_number(budget_text), b, s, c)
                if found is None or key < found[0]:
                    found = (key, (b, s, c), text, named, budget_text)
    if found is None:
        write_atomic("config", "")
        write_atomic("best.yaml", "# No trial of this search finished with a usable result.\nfound: false\n")
        return
    (b, s, c), text, named, budget_text = found[1], found[2], found[3], found[4]
    path = trial_dir(b, s, c)
    config_text = read_text(path + "/config")
    lines = [
        "# Best configuration of the search: the best objective over all trials, ties to the larger budget.",
        "found: true",
        "trial: %s" % path,
        "bracket: %d" % b,
        "stage: %d" % s,
        "config_id: %d" % c,
        "budget: %s" % budget_text,
        "objective: %s" % (objective if objective else "null"),
        "direction: %s" % ("maximize" if maximize else "minimize"),
        "value: %s" % yaml_number(text),
        "metrics:",
    ]
    if named:
        lines += ["  %s: %s" % (_yaml_key(k), yaml_number(v)) for k, v in named.items()]
    else:
        lines[-1] = "metrics: {}"
    lines.append("config: |")
    lines += ["  " + line for line in config_text.rstrip("\n").split("\n")]
    write_atomic("config", config_text)
    write_atomic("best.yaml", "\n".join(lines) + "\n")


def _yaml_key(k):
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\-]*", k):
        return k
    return '"%s"' % k.replace("\\", "\\\\").replace('"', '\\"')
