"""Helpers of the Snakefile of a search written by hbgen 0.1.0.

What is not a rule: the lock shared with `hbgen run`, the inputs of the rules and how to call
hbgen. The rules themselves (promotion, the best configuration) are hbgen's: the promote and best
jobs run `hbgen promote` and `hbgen finish`, the same code `hbgen run` uses.
"""
import errno
import fcntl
import os
import shlex
import shutil
import subprocess

from snakemake.exceptions import WorkflowError

_SEARCH = {}
# hbgen run holds an exclusive POSIX record lock (fcntl, what Java's FileChannel.lock takes on
# Linux) on this file while it runs the search; RunLock.FILE in hbgen.
RUN_LOCK = ".hbgen-run.lock"
# Set by `hbgen run --engine snakemake` to its own pid: that hbgen holds the lock for us.
RUN_LOCK_PID_VAR = "HBGEN_RUN_LOCK_PID"
# The hbgen that wrote this search; the promote and best jobs run it.
RECORDED_HBGEN = (the hbgen that wrote the search)
# A command (split like a shell would) that replaces the recorded hbgen.
HBGEN_VAR = "HBGEN"
_run_lock_fd = []


def setup(plan, proposals=None, batch=None):
    """Called once by the Snakefile: bracket -> [(slots, budget)], one pair per stage; for a search
    whose configurations are proposed in batches, (bracket, batch) -> its edges, and the batch size."""
    _SEARCH.update(plan=plan, proposals=proposals, batch=batch)


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
    if s == 0 and _SEARCH["proposals"] is not None:
        return [proposal_file(b, int(w.c) // _SEARCH["batch"])]
    if s == 0:
        return [trial_dir(b, 0, w.c) + "/config"]
    return ["bracket-%d/stage-%d/promotion.yaml" % (b, s)]


def budget(w):
    return _SEARCH["plan"][int(w.b)][int(w.s)][1]


def proposal_file(b, k):
    return "bracket-%d/stage-0/proposal-%d.yaml" % (b, k)


def propose_input(w):
    """The edges hbgen computed for the batch: the batch before it, the stage-0 trials of the batch
    two before, and the last stage of each bracket it sees whole (which waits for the others)."""
    b, k = int(w.b), int(w.k)
    first, count, previous, lagged, brackets = _SEARCH["proposals"][(b, k)]
    out = []
    if previous is not None:
        out.append(proposal_file(*previous))
    if lagged is not None:
        lb, lk = lagged
        lfirst, lcount = _SEARCH["proposals"][lagged][:2]
        out += [trial_dir(lb, 0, c) + "/done" for c in range(lfirst, lfirst + lcount)]
    plan = _SEARCH["plan"]
    for x in brackets:
        last = len(plan[x]) - 1
        out += [trial_dir(x, last, c) + "/done" for c in range(plan[x][last][0])]
    return out


def promote_input(w):
    b, s = int(w.b), int(w.s)
    slots = _SEARCH["plan"][b][s - 1][0]
    return [trial_dir(b, s - 1, c) + "/done" for c in range(slots)]


def final_input():
    plan = _SEARCH["plan"]
    out = []
    for b in sorted(plan):
        last = len(plan[b]) - 1
        out += [trial_dir(b, last, c) + "/done" for c in range(plan[b][last][0])]
    return out


def proposal_files():
    """Every batch's proposal: inputs of the target rule, so that a proposal deleted after the search
    finished is written again (Snakemake makes every input of its target), and what follows it
    checked again."""
    return [proposal_file(b, k) for (b, k) in sorted(_SEARCH["proposals"])]


def _runnable(word):
    if os.sep in word:
        return os.path.isfile(word) and os.access(word, os.X_OK)
    return shutil.which(word) is not None


def hbgen_command():
    """The hbgen to run: $HBGEN when set, else the one recorded; one line naming both when missing."""
    recorded = RECORDED_HBGEN
    override = os.environ.get(HBGEN_VAR, "").strip()
    words = shlex.split(override) if override else recorded
    jars = [words[i + 1] for i in range(len(words) - 1) if words[i] == "-jar"]
    if words and _runnable(words[0]) and all(os.path.isfile(j) for j in jars):
        return words
    shown = " ".join(shlex.quote(w) for w in recorded)
    if override:
        raise WorkflowError(
            "hbgen not found: %s=%s is not a command that can run (the search recorded %s); set %s to"
            " the hbgen to use" % (HBGEN_VAR, shlex.quote(override), shown, HBGEN_VAR)
        )
    raise WorkflowError(
        "hbgen not found: the search recorded %s, which is gone, and %s is not set; set %s to the"
        " hbgen to use, e.g. %s=/path/to/hbgen" % (shown, HBGEN_VAR, HBGEN_VAR, HBGEN_VAR)
    )


def hbgen(log, *args):
    """Runs hbgen with args in the search root, its output into log; fails the job with its last line."""
    command = hbgen_command() + [str(a) for a in args]
    with open(log, "wb") as out:
        code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    if code != 0:
        with open(log, "rb") as f:
            lines = f.read().decode("utf-8", "replace").strip().splitlines()
        raise WorkflowError(
            "hbgen %s exited with code %d: %s (log: %s)"
            % (" ".join(args), code, lines[-1] if lines else "no output", log)
        )


def promote(w, log):
    """The promote job: `hbgen promote . BRACKET STAGE` (the search root is the working directory)."""
    hbgen(log[0], "promote", ".", w.b, w.s)


def propose(w, log):
    """The propose job: `hbgen propose . BRACKET BATCH` (the search root is the working directory)."""
    hbgen(log[0], "propose", ".", w.b, w.k)


def best(log):
    """The best job: `hbgen finish .`, which writes best.yaml and config."""
    hbgen(log[0], "finish", ".")
