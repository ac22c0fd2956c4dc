#!/usr/bin/env bash
# Launcher of a search written by hbgen 0.1.0. Invoked as: bash run.sh CONFIG_DIR BUDGET
# (CONFIG_DIR relative to the search root). It exports the HB_* variables, runs the trainer with
# the config file and the budget appended, validates the result and records the trial. A trial
# that still fails after its retries gets a `failed` marker (with its kind) and a result of nan,
# and this script exits 0 so that the workflow goes on. A trial that already has a valid result
# is finished: it is never trained again (hbgen rerun removes the result of a trial to rerun).
# An earlier run's log is kept as log.1, log.2, ... Files are written whole (temporary file, then
# rename).
set -u
set -o pipefail

readonly TRAINER='python3 train.py'
readonly TRAINER_DIR='..'
readonly OBJECTIVE='loss'
readonly RETRIES=0
readonly SEED_BASE=43
readonly LAUNCHER='local'
readonly -a SLURM_ARGS=()
readonly -a LSF_ARGS=()
readonly NOTICE_SIGNAL='' NOTICE_SECONDS=0 REQUEUE=0 TIMEOUT=0

readonly TAB=$'\t' NL=$'\n' SQ="'"

die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }

# Budget of the stage before (bracket/stage): what a resuming trainer already trained.
previous_budget() {
  case "$1/$2" in
    0/0) echo '0' ;;
    0/1) echo '1' ;;
    0/2) echo '3' ;;
    1/0) echo '0' ;;
    1/1) echo '3' ;;
    2/0) echo '0' ;;
    3/0) echo '0' ;;
    3/1) echo '1' ;;
    3/2) echo '3' ;;
    4/0) echo '0' ;;
    4/1) echo '3' ;;
    5/0) echo '0' ;;
    *) echo 0 ;;
  esac
}

# Time limit of a stage's trials (empty: none): Slurm's --time, or LSF's -W ([hour:]minute) for bsub.
time_limit() {
  case "$1/$2" in
    *) echo '' ;;
  esac
}

# write_file PATH TEXT: the whole file or nothing (temporary file in the same directory, then
# rename). When it fails, WRITE_ERROR says why in the system's words ("No space left on device"):
# the write is tried once more in a subshell to catch the message, a fork on the failure path only.
write_file() {
  local tmp=$1.tmp.$$.$RANDOM
  { printf '%s' "$2" >"$tmp" && mv -f -- "$tmp" "$1"; } 2>/dev/null && return 0
  WRITE_ERROR=$({ printf '%s' "$2" >"$tmp" && mv -f -- "$tmp" "$1"; } 2>&1) && return 0
  rm -f -- "$tmp" 2>/dev/null
  WRITE_ERROR=${WRITE_ERROR##*: }
  WRITE_ERROR=${WRITE_ERROR:-unknown error}
  return 1
}

# Builtins only on the hot path: every $(...) or external command is a fork.
now() { TZ=UTC printf -v NOW '%(%Y-%m-%dT%H:%M:%SZ)T' -1; }
HOST=${HOSTNAME:-$(hostname)}

# proc_start PID: START = the process's start time, field 22 of /proc/PID/stat (clock ticks since
# boot; with the pid it names one process, since a reused pid starts at another time). Empty
# without /proc. Builtins only.
proc_start() {
  local line
  local -a f
  START=
  { IFS= read -r line </proc/"$1"/stat; } 2>/dev/null || return 0
  read -r -a f <<<"${line##*) }"
  START=${f[19]:-}
}

# started_text [--in-job]: the started marker of this attempt: the process that runs the trial,
# its Slurm job, and the launcher: the run.sh an engine started, which waits for srun or
# sbatch --wait and records the trial. Outside a job that is this process, exported as
# HB_LAUNCHER_* for the part inside the job, which keeps it when it rewrites the marker.
started_text() {
  now
  proc_start $$
  if [[ ${1:-} != --in-job ]]; then
    export HB_LAUNCHER_HOST=$HOST HB_LAUNCHER_PID=$$ HB_LAUNCHER_START=$START
  fi
  # The trial's job: the one around this process inside the job, or around the local launcher
  # (a job Snakemake submitted). Around the run.sh that waits for srun, sbatch or bsub, a job is
  # the engine's own (hbgen run or Snakemake inside an allocation), never the trial's.
  local slurm_job=${SLURM_JOB_ID:-} lsf_job=${LSB_JOBID:-}
  if [[ ${1:-} != --in-job && $LAUNCHER != local ]]; then
    slurm_job= lsf_job=
  fi
  printf -v STARTED 'time: %s\nhost: %s\npid: %s\npid_start: %s\nslurm_job_id: %s\nattempt: %s\nbudget: %s\nlauncher_host: %s\nlauncher_pid: %s\nlauncher_start: %s\n' \
    "$NOW" "$HOST" "$$" "$START" "$slurm_job" "${HB_ATTEMPT:-1}" "$HB_BUDGET" \
    "${HB_LAUNCHER_HOST:-$HOST}" "${HB_LAUNCHER_PID:-$$}" "${HB_LAUNCHER_START:-$START}"
  # Inside an LSF job (bsub sets LSB_JOBID): its job id.
  [[ -n $lsf_job ]] && STARTED+="lsf_job_id: $lsf_job$NL"
  return 0
}

# notice SIG: the time limit is near (Slurm's --signal). Creates $HB_CHECKPOINT_NOW, which the
# trainer may poll, and with sbatch, where Slurm signals the batch shell alone (--signal=B:...),
# passes the signal on to the trainer's process group, run.sh's own (run.sh ignores it meanwhile).
# srun's --signal already reaches every process of the job step.
notice() {
  local line
  local -a f
  notices=$((notices + 1))
  now
  write_file "$HB_CHECKPOINT_NOW" "signal: SIG$1"$'\n'"time: $NOW"$'\n' || true
  printf '%s hbgen: SIG%s: the time limit is near; the trainer is told to save a checkpoint and exit\n' "$NOW" "$1"
  if [[ $LAUNCHER == sbatch ]] && { IFS= read -r line </proc/$$/stat; } 2>/dev/null; then
    read -r -a f <<<"${line##*) }"
    trap '' "$1"
    kill -s "$1" -- "-${f[2]}" 2>/dev/null
    trap 'notice "$NOTICE_SIGNAL"' "$1"
  fi
}

# Inside a Slurm job (srun or sbatch run this script with --in-job and the HB_* environment;
# sbatch runs a copy, so nothing here may depend on where the script lies): record where the
# trial runs, then run the trainer. Without a notice signal it becomes the trainer (exec keeps the
# pid and its start time); with one, it waits for the trainer and passes the notice on. A job that
# Slurm requeued (scontrol requeue, preemption; sbatch only) runs this again as the next attempt.
if [[ ${1:-} == --in-job ]]; then
  restart=${SLURM_RESTART_COUNT:-0}
  [[ $restart =~ ^[0-9]+$ ]] || restart=0
  if (( restart > 0 )); then
    HB_ATTEMPT=$(( ${HB_ATTEMPT:-1} + restart ))
    export HB_ATTEMPT HB_RESUME_DIR=$HB_DIR
    now
    if (( ${HB_REQUEUED:-0} + restart > REQUEUE )); then
      printf '%s hbgen: Slurm requeued job %s more often than --slurm-requeue %s allows; not run again\n' \
        "$NOW" "${SLURM_JOB_ID:-}" "$REQUEUE"
      exit 1
    fi
    printf '%s hbgen: attempt %d (requeue %d of %d: Slurm requeued job %s), budget %s\n' "$NOW" "$HB_ATTEMPT" \
      "$(( ${HB_REQUEUED:-0} + restart ))" "$REQUEUE" "${SLURM_JOB_ID:-}" "$HB_BUDGET"
  fi
  started_text --in-job
  write_file "$HB_DIR/started" "$STARTED" || { printf 'run.sh: cannot write %s/started: %s\n' "$HB_DIR" "$WRITE_ERROR" >&2; exit 1; }
  rm -f -- "$HB_CHECKPOINT_NOW"
  cd -- "$HB_TRAINER_DIR" || exit 1
  [[ -z $NOTICE_SIGNAL ]] && exec bash -c "$TRAINER"' "$@"' hbgen-trainer "$HB_CONFIG" "$HB_BUDGET"
  notices=0 handled=0
  # Slurm's TERM (time limit, scancel, requeue) reaches the trainer too: wait while it saves.
  trap 'notices=$((notices + 1))' TERM
  trap 'notice "$NOTICE_SIGNAL"' "$NOTICE_SIGNAL"
  bash -c "$TRAINER"' "$@"' hbgen-trainer "$HB_CONFIG" "$HB_BUDGET" &
  trainer=$!
  while :; do
    wait "$trainer"
    code=$?
    (( notices > handled )) || break
    handled=$notices
  done
  exit "$code"
fi

HB_ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P) || die "cannot find the search root"
cd -- "$HB_ROOT" || die "cannot enter $HB_ROOT"
(( $# == 2 )) || die "usage: bash run.sh CONFIG_DIR BUDGET"
rel=${1%/}
[[ $rel =~ ^bracket-([0-9]+)/stage-([0-9]+)/config-([0-9]+)$ ]] \
  || die "not a trial directory (bracket-I/stage-J/config-K): $1"
HB_BRACKET=$((10#${BASH_REMATCH[1]})) HB_STAGE=$((10#${BASH_REMATCH[2]})) HB_CONFIG_ID=$((10#${BASH_REMATCH[3]}))
[[ $2 =~ ^[0-9]+([.][0-9]+)?$ ]] || die "budget must be a non-negative number, was: $2"
HB_BUDGET=$2
HB_DIR=$HB_ROOT/$rel
HB_CONFIG=$HB_DIR/config
HB_RESULT=$HB_DIR/result.new
HB_PREV_BUDGET=$(previous_budget "$HB_BRACKET" "$HB_STAGE")
HB_PARENT_DIR=
HB_RESUME_DIR=
HB_CHECKPOINT_NOW=$HB_DIR/stop-notice
HB_TRAINER_DIR=$(cd -- "$TRAINER_DIR" && pwd -P) || die "cannot enter the trainer directory $TRAINER_DIR"
mkdir -p -- "$HB_DIR" || die "cannot create $HB_DIR"
(( TIMEOUT == 0 )) || command -v timeout >/dev/null || die "--timeout needs timeout(1) (GNU coreutils) on PATH"

# parse_result FILE: prints "ok<TAB>objective<TAB>metrics as JSON" or "err<TAB>kind<TAB>reason"
# (kind: unparseable or nan_objective). The same rule as hbgen's ResultFormat, tested against the
# same table of cases: a leading UTF-8 byte order mark is dropped, every byte is one character
# (LC_ALL=C), space, tab and CR are whitespace, lines starting with # are comments.
parse_result() {
  LC_ALL=C awk -v objective="$OBJECTIVE" -v q="'" '
    function trim(s) { sub(/^[ \t\r]+/, "", s); sub(/[ \t\r]+$/, "", s); return s }
    function isnum(s) {
      return s ~ /^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$/ ||
             s ~ /^[-+]?[.]?([iI]nf|INF|[iI]nfinity|INFINITY)$/ || s ~ /^[.]?([nN]a[nN]|NAN)$/
    }
    function finite(s) { return s ~ /^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?$/ }
    function clean(s) { gsub(/[^ -~]/, "?", s); gsub(q, "", s); return s }
    function bad(why) { print "err\tunparseable\t" why; exit }
    NR == 1 { sub(/^\357\273\277/, "") }
    { line = trim($0); if (line !~ /^#/) body = body line "\n" }
    END {
      body = trim(body); gsub(/^\n+|\n+$/, "", body)
      if (body == "") bad("empty result")
      if (isnum(body)) {
        if (!finite(body)) { print "err\tnan_objective\tobjective is " body; exit }
        printf "ok\t%s\t{}\n", body; exit
      }
      if (body ~ /^[{]/ && body ~ /[}]$/) body = substr(body, 2, length(body) - 2)
      n = split(body, parts, /[,\n]/); count = 0; json = ""
      for (i = 1; i <= n; i++) {
        e = trim(parts[i]); if (e == "") continue
        if (match(e, "^(\"[^\"]*\"|" q "[^" q "]*" q "|[A-Za-z_][A-Za-z0-9_.-]*)[ \t]*:[ \t]*") == 0) {
          bad("unparseable result entry " clean(substr(e, 1, 40)))
        }
        key = substr(e, 1, RLENGTH); val = substr(e, RLENGTH + 1)
        sub(/[ \t]*:[ \t]*$/, "", key)
        if (substr(key, 1, 1) == "\"" || substr(key, 1, 1) == q) key = substr(key, 2, length(key) - 2)
        if (!isnum(val)) bad("unparseable result entry " clean(substr(e, 1, 40)))
        if (key in seen) bad("metric " clean(key) " appears twice in the result")
        seen[key] = val; order[++count] = key
        k = key; gsub(/[\\"\t]/, "_", k)
        json = json (count > 1 ? ", " : "") "\"" k "\": " (finite(val) ? val : "\"" val "\"")
      }
      if (count == 0) bad("empty result")
      if (objective == "") {
        if (count != 1) bad("result has several metrics and no objective names one")
        obj = seen[order[1]]
      } else if (!(objective in seen)) {
        bad("result has no metric " clean(objective))
      } else obj = seen[objective]
      if (!finite(obj)) { print "err\tnan_objective\tobjective is " obj; exit }
      printf "ok\t%s\t{%s}\n", obj, json
    }' "$1"
}

# Whether the trial is finished: its result is in place and valid (a failed or skipped trial's
# nan counts, with its marker). Such a trial is never trained again.
finished() {
  [[ -f $HB_DIR/result ]] || return 1
  [[ -f $HB_DIR/failed || -f $HB_DIR/skipped ]] && return 0
  [[ $(parse_result "$HB_DIR/result") == ok$'\t'* ]]
}

# One launcher per trial: a second run.sh of this trial (an engine started again while the
# launcher of a killed one still runs, e.g. Snakemake after a kill -9 and --unlock) waits for the
# first instead of racing it for the same files, and does not run the trainer again when the
# first finished the trial. flock(1) on fd 9, the trial directory: released when run.sh ends,
# never inherited by the trainer (every launch closes fd 9). Without flock, no lock.
waited=
if command -v flock >/dev/null && exec 9<"$HB_DIR"; then
  flock -n -E 99 9 2>/dev/null
  if (( $? == 99 )); then
    flock 9 2>/dev/null
    waited=1
  fi
fi

# Finished before (Snakemake may run the job again: after it was killed, the trial's launcher
# may have finished it on its own, and --rerun-incomplete reruns jobs it calls incomplete).
if finished; then
  if [[ -n $waited ]]; then
    now
    printf '%s hbgen: another launcher of this trial finished it meanwhile; not run again\n' "$NOW" >>"$HB_DIR/log"
  fi
  printf 'run.sh: %s has finished (its result is in place); not run again\n' "$rel" >&2
  exit 0
fi

rm -f -- "$HB_DIR/result" "$HB_RESULT" "$HB_DIR/failed" "$HB_DIR/skipped"

# Keep an earlier run's log: log.1 is the first run's, log.2 the second's, ... When this script's
# own output went to that log (hbgen run opens it for run.sh), it follows to the new one.
if [[ -s $HB_DIR/log ]]; then
  n=1
  while [[ -e $HB_DIR/log.$n ]]; do n=$((n + 1)); done
  mv -f -- "$HB_DIR/log" "$HB_DIR/log.$n" || die "cannot keep $rel/log as log.$n"
  [[ /proc/$$/fd/1 -ef $HB_DIR/log.$n ]] && exec >>"$HB_DIR/log"
  [[ /proc/$$/fd/2 -ef $HB_DIR/log.$n ]] && exec 2>>"$HB_DIR/log"
fi

if [[ ! -f $HB_CONFIG ]]; then
  (( HB_STAGE > 0 )) || die "missing $rel/config (stage-0 configurations are written by hbgen generate)"
  # A promotion slot left empty: the stage before had fewer finished trials than slots.
  write_file "$HB_DIR/skipped" "reason: 'not promoted: the previous stage had too few finished trials'"$'\n' \
    || die "cannot write $rel/skipped: $WRITE_ERROR"
  write_file "$HB_DIR/result" $'nan\n' || die "cannot write $rel/result: $WRITE_ERROR"
  exit 0
fi

# The configuration's lineage: promoted configurations keep the seed of their stage-0 origin.
origin=$rel
for (( hop = 0; hop <= HB_STAGE; hop++ )); do
  [[ -f $origin/promoted-from ]] || break
  IFS= read -r origin <"$origin/promoted-from" || break
  (( hop == 0 )) && HB_PARENT_DIR=$HB_ROOT/$origin
done
[[ $origin =~ config-([0-9]+)$ ]] || die "bad promoted-from chain in $rel"
origin_id=$((10#${BASH_REMATCH[1]}))
# Seeds.configSeed in hbgen: MINSTD rounds (products stay below 2^47).
h=$(( (SEED_BASE * 48271 + HB_BRACKET + 1) % 2147483647 ))
h=$(( (h * 48271) % 2147483647 ))
h=$(( (h * 48271 + origin_id + 1) % 2147483647 ))
h=$(( (h * 48271) % 2147483647 ))
h=$(( (h * 48271) % 2147483647 ))
(( h == 0 )) && h=1
HB_SEED=$h
export HB_ROOT HB_DIR HB_CONFIG HB_RESULT HB_BUDGET HB_PREV_BUDGET HB_PARENT_DIR HB_RESUME_DIR HB_SEED \
  HB_BRACKET HB_STAGE HB_CONFIG_ID HB_TRAINER_DIR HB_CHECKPOINT_NOW

# One line in the append-only ledger: one write(2) of at most 4000 bytes (O_APPEND), so lines of
# parallel jobs never interleave. Bash writes a line through one buffer of the file's block size
# (4 KiB on ext4); a longer line would take several writes. An over-long line drops its metrics
# (the trial's result file keeps them).
ledger() {
  local line LC_ALL=C
  now
  job_id
  printf -v line '%s\t' "$NOW" "$rel" "$@" "$HOST" "$JOB_ID"
  line=${line%"$TAB"}
  line=${line//"$NL"/ }
  if (( ${#line} > 4000 )); then
    printf -v line '%s\t' "$NOW" "$rel" "$1" "$2" "$3" "$4" "$5" '{}' "${7:0:500}" "$HOST" "$JOB_ID"
    line=${line%"$TAB"}
    line=${line//"$NL"/ }
  fi
  printf '%s\n' "$line" >>"$HB_ROOT/results.tsv"
}

# The Slurm job of the current attempt: from sbatch --parsable, or from the job's own marker.
# Sets JOB_ID (empty for the local launcher).
job_id() {
  local key value
  JOB_ID=
  [[ $LAUNCHER == local ]] && return 0
  [[ -f $HB_DIR/.slurm-job ]] && IFS=';' read -r JOB_ID _ <"$HB_DIR/.slurm-job"
  if [[ -z $JOB_ID && -f $HB_DIR/started ]]; then
    while IFS=': ' read -r key value; do
      [[ $key == slurm_job_id ]] && JOB_ID=$value
    done <"$HB_DIR/started"
  fi
  return 0
}

# Why a Slurm attempt failed, from what srun/sbatch and slurmstepd wrote to the log during it
# (after the last run of a job Slurm requeued), or from Slurm's record of the job; empty when it
# was the trainer's own failure. preempted and requeue-limit (Slurm requeued the job more often
# than allowed) are requeue words, the others a kind or "slurm: MESSAGE".
slurm_reason() {
  local text state id
  text=$(tail -c +"$(( $1 + 1 ))" -- "$HB_DIR/log" 2>/dev/null)
  text=${text##*"hbgen: attempt "}
  if [[ $text == *"hbgen: Slurm requeued job"*"more often than"* ]]; then echo requeue-limit; return; fi
  if [[ $text == *"DUE TO TIME LIMIT"* ]]; then echo timeout; return; fi
  if [[ $text == *"DUE TO PREEMPTION"* ]]; then echo preempted; return; fi
  if [[ $text == *"CANCELLED AT"* || $text == *"ob has been cancelled"* ]]; then echo cancelled; return; fi
  state=$(grep -m1 -E '^(srun|sbatch): error: ' <<<"$text" | grep -v -E 'task [0-9]+: (Exited|Terminated|Killed)')
  if [[ -n $state ]]; then echo "slurm: ${state#*error: }"; return; fi
  job_id
  if [[ -n $JOB_ID ]] && command -v scontrol >/dev/null; then
    state=$(scontrol -o show job "$JOB_ID" 2>/dev/null | grep -o 'JobState=[A-Z_]*')
    case ${state#JobState=} in
      TIMEOUT) echo timeout ;;
      CANCELLED) echo cancelled ;;
      PREEMPTED) echo preempted ;;
      NODE_FAIL|BOOT_FAIL|OUT_OF_MEMORY|DEADLINE) echo "slurm: job ${state#JobState=}" ;;
    esac
  fi
}

# The LSF job of the current attempt: from bsub's "Job <123> is submitted to queue <normal>." line,
# or from the job's own marker. Sets LSF_JOB (empty when bsub submitted none).
lsf_job() {
  local key value line
  LSF_JOB=
  [[ $LAUNCHER == bsub ]] || return 0
  if [[ -f $HB_DIR/.lsf-job ]]; then
    while IFS= read -r line; do
      [[ $line =~ ^Job\ \<([0-9]+)\>\ is\ submitted ]] && { LSF_JOB=${BASH_REMATCH[1]}; break; }
    done <"$HB_DIR/.lsf-job"
  fi
  if [[ -z $LSF_JOB && -f $HB_DIR/started ]]; then
    while IFS=': ' read -r key value; do
      [[ $key == lsf_job_id ]] && LSF_JOB=$value
    done <"$HB_DIR/started"
  fi
  return 0
}

# Why an LSF attempt failed, from what bsub and LSF's job report (appended to the job's output,
# the trial's log) said during it, or else from the termination reason bjobs -l shows; empty when
# it was the trainer's own failure. $1: the log's size before the attempt, $2: bsub's exit code.
lsf_reason() {
  local text line
  text=$(tail -c +"$(( $1 + 1 ))" -- "$HB_DIR/log" 2>/dev/null)
  if [[ $text != *TERM_[A-Z]*:* ]]; then
    lsf_job
    [[ -n $LSF_JOB ]] && text+=$NL$(bjobs -l "$LSF_JOB" 2>/dev/null)
  fi
  case $text in
    *TERM_RUNLIMIT*|*TERM_DEADLINE*) echo timeout; return ;;
    *TERM_OWNER*|*TERM_ADMIN*|*TERM_FORCE_OWNER*|*TERM_FORCE_ADMIN*) echo cancelled; return ;;
  esac
  line=$(grep -m1 -o 'TERM_[A-Z_]*:.*' <<<"$text")
  if [[ -n $line ]]; then echo "lsf: $line"; return; fi
  lsf_job
  if [[ -z $LSF_JOB ]]; then
    # bsub refused the job (e.g. "normal: No such queue. Job not submitted."): its first message.
    line=$({ printf '%s\n' "$text"; cat -- "$HB_DIR/.lsf-job" 2>/dev/null; } | grep -v -e '^<<' -e '^[[:space:]]*$' | head -n 1)
    echo "lsf: ${line:-bsub exited $2 without submitting a job}"
  elif (( $2 == 126 )) && ! grep -q '^lsf_job_id: ' -- "$HB_DIR/started" 2>/dev/null; then
    # bsub -K exits 126 when its job was killed while pending (it never started run.sh in the job).
    echo cancelled
  fi
}

child=
interrupted() {
  # Stop the trainer and everything it started; no result is written, so the trial shows as
  # interrupted and a rerun runs it again.
  if [[ -n $child ]]; then
    local pids
    pids=$(ps -e -o pid=,ppid= 2>/dev/null | awk -v root="$child" '
      { parent[$1] = $2 } END {
        found[root] = 1; changed = 1
        while (changed) { changed = 0; for (p in parent) if (!(p in found) && (parent[p] in found)) { found[p] = 1; changed = 1 } }
        for (p in found) print p }')
    kill -TERM $pids 2>/dev/null
    wait "$child" 2>/dev/null
  fi
  # sbatch --wait does not cancel its job when it is stopped: cancel it here.
  if [[ $LAUNCHER == sbatch && -f $HB_DIR/.slurm-job ]]; then
    job_id
    [[ -n $JOB_ID ]] && scancel "$JOB_ID" 2>/dev/null
  fi
  # Nor does bsub -K: kill the LSF job (bkill sends SIGINT, SIGTERM, then SIGKILL).
  if [[ $LAUNCHER == bsub ]]; then
    lsf_job
    [[ -n $LSF_JOB ]] && bkill "$LSF_JOB" >/dev/null 2>&1
  fi
  now
  printf '%s hbgen: interrupted by SIG%s\n' "$NOW" "$1" >>"$HB_DIR/log"
  exit "$2"
}
trap 'interrupted TERM 143' TERM
trap 'interrupted INT 130' INT
trap 'interrupted HUP 129' HUP

# Attempts: the first, one more per retry (a failure), and one more per requeue (a Slurm job that
# ended by its time limit, by preemption or by a requeue, or a trainer that stopped on the notice
# before its time limit): a requeued attempt resumes from its own checkpoint (HB_RESUME_DIR).
attempt=0 failures=0 requeued=0 resumed=
printf -v start_s '%(%s)T' -1
while (( failures <= RETRIES )); do
  attempt=$((attempt + 1))
  rm -f -- "$HB_RESULT" "$HB_DIR/result" "$HB_CHECKPOINT_NOW"
  export HB_ATTEMPT=$attempt HB_REQUEUED=$requeued
  rm -f -- "$HB_DIR/.slurm-job" "$HB_DIR/.lsf-job"
  started_text
  write_file "$HB_DIR/started" "$STARTED" || die "cannot write $rel/started: $WRITE_ERROR"
  if [[ -n $resumed ]]; then
    printf '%s hbgen: attempt %d (requeue %d of %d), budget %s\n' "$NOW" "$attempt" "$requeued" "$REQUEUE" "$HB_BUDGET" >>"$HB_DIR/log"
  else
    more=
    (( REQUEUE > requeued )) && more=" (and up to $(( REQUEUE - requeued )) requeues)"
    printf '%s hbgen: attempt %d of %d%s, budget %s\n' "$NOW" "$attempt" "$((RETRIES + 1 + requeued))" "$more" "$HB_BUDGET" >>"$HB_DIR/log"
  fi
  log_offset=0
  [[ $LAUNCHER != local ]] && log_offset=$(stat -c %s -- "$HB_DIR/log" 2>/dev/null || echo 0)
  limit=$(time_limit "$HB_BRACKET" "$HB_STAGE")
  slurm_opts=(--job-name="hb-b$HB_BRACKET-s$HB_STAGE-c$HB_CONFIG_ID" ${SLURM_ARGS[@]+"${SLURM_ARGS[@]}"})
  [[ -n $limit ]] && slurm_opts+=(--time="$limit")
  # The notice: srun signals every process of the job step; sbatch only the batch shell (B:),
  # which passes it on. sbatch jobs are requeueable when requeues are allowed, else not, so that
  # Slurm never starts one again behind the count.
  if [[ $LAUNCHER == srun && -n $NOTICE_SIGNAL ]]; then
    slurm_opts+=(--signal="$NOTICE_SIGNAL@$NOTICE_SECONDS")
  elif [[ $LAUNCHER == sbatch ]]; then
    [[ -n $NOTICE_SIGNAL ]] && slurm_opts+=(--signal="B:$NOTICE_SIGNAL@$NOTICE_SECONDS")
    if (( REQUEUE > 0 )); then slurm_opts+=(--requeue); else slurm_opts+=(--no-requeue); fi
  fi
  printf -v attempt_s '%(%s)T' -1
  case $LAUNCHER in
    srun)
      srun "${slurm_opts[@]}" --input=none bash "$HB_ROOT/run.sh" --in-job >>"$HB_DIR/log" 2>&1 </dev/null 9<&- &
      ;;
    sbatch)
      sbatch --wait --parsable "${slurm_opts[@]}" --output="$HB_DIR/log" --open-mode=append \
        "$HB_ROOT/run.sh" --in-job >"$HB_DIR/.slurm-job" 2>>"$HB_DIR/log" </dev/null 9<&- &
      ;;
    bsub)
      # bsub -K waits for the job and exits with its exit code. LSF runs the command through a
      # shell in the submission directory (the search root), so it holds no path; the output
      # path is relative to it too (LSF would expand a % in an absolute path).
      lsf_opts=(-K -J "hb-b$HB_BRACKET-s$HB_STAGE-c$HB_CONFIG_ID" -o "$rel/log" ${LSF_ARGS[@]+"${LSF_ARGS[@]}"})
      [[ -n $limit ]] && lsf_opts+=(-W "$limit")
      bsub "${lsf_opts[@]}" bash run.sh --in-job >"$HB_DIR/.lsf-job" 2>>"$HB_DIR/log" </dev/null 9<&- &
      ;;
    *)
      if (( TIMEOUT > 0 )); then
        # timeout(1) leads its own process group: TERM to the group at the limit, KILL 10 s later.
        ( cd -- "$HB_TRAINER_DIR" && exec timeout -k 10 "$TIMEOUT" bash -c "$TRAINER"' "$@"' hbgen-trainer "$HB_CONFIG" "$HB_BUDGET" ) \
          >>"$HB_DIR/log" 2>&1 </dev/null 9<&- &
      else
        ( cd -- "$HB_TRAINER_DIR" && exec bash -c "$TRAINER"' "$@"' hbgen-trainer "$HB_CONFIG" "$HB_BUDGET" ) \
          >>"$HB_DIR/log" 2>&1 </dev/null 9<&- &
      fi
      ;;
  esac
  child=$!
  wait "$child"
  code=$?
  child=
  printf -v end_s '%(%s)T' -1
  # Slurm requeued the sbatch job itself: its runs inside the job were attempts too (counted
  # before the result is judged, so that a requeued job that succeeds records them).
  if [[ $LAUNCHER == sbatch ]]; then
    while IFS=': ' read -r key value; do
      if [[ $key == attempt && $value =~ ^[0-9]+$ ]] && (( value > attempt )); then
        requeued=$(( requeued + value - attempt )) attempt=$value
      fi
    done <"$HB_DIR/started"
  fi
  # A trainer that wrote $HB_DIR/result itself (instead of $HB_RESULT) is accepted too.
  [[ ! -f $HB_RESULT && -f $HB_DIR/result ]] && mv -f -- "$HB_DIR/result" "$HB_RESULT"
  if (( code != 0 )); then
    kind=exit_code reason="exit code $code"
    if [[ $LAUNCHER == srun || $LAUNCHER == sbatch ]]; then
      slurm=$(slurm_reason "$log_offset")
      case $slurm in
        '') ;;
        timeout|cancelled) kind=$slurm reason=$slurm ;;
        preempted) kind=cancelled reason=preempted ;;
        requeue-limit) kind=cancelled reason="requeued by Slurm more often than --slurm-requeue $REQUEUE allows" ;;
        *) kind=slurm_refused reason=$slurm ;;
      esac
    elif (( TIMEOUT > 0 && (code == 124 || code == 137) && end_s - attempt_s >= TIMEOUT )); then
      kind=timeout reason="timeout (over --timeout of $TIMEOUT s)"
      now
      printf '%s hbgen: stopped after %d s (--timeout)\n' "$NOW" "$TIMEOUT" >>"$HB_DIR/log"
    fi
    if [[ $LAUNCHER == bsub ]]; then
      lsf=$(lsf_reason "$log_offset" "$code")
      case $lsf in
        '') ;;
        timeout|cancelled) kind=$lsf reason=$lsf ;;
        *) kind=lsf_refused reason=$lsf ;;
      esac
    fi
  elif [[ ! -f $HB_RESULT ]]; then
    kind=no_result reason="no result (the trainer exited 0 without writing \$HB_RESULT)"
  else
    verdict=$(parse_result "$HB_RESULT")
    if [[ $verdict == ok$'\t'* ]]; then
      IFS=$'\t' read -r _ objective metrics <<<"$verdict"
      # The result first, then its ledger line: a launcher killed in between leaves a finished
      # trial without a line (the trial files are the truth, the ledger adds timings), never a
      # line that calls a trial completed while it has no result and will run again.
      mv -f -- "$HB_RESULT" "$HB_DIR/result" || die "cannot write $rel/result"
      rm -f -- "$HB_CHECKPOINT_NOW"
      ledger completed "$objective" "$HB_BUDGET" "$(( end_s - start_s ))" "$attempt" "$metrics" ""
      exit 0
    fi
    verdict=${verdict#err"$TAB"}
    kind=${verdict%%"$TAB"*} reason=${verdict#*"$TAB"}
  fi
  why=
  if [[ $LAUNCHER == srun || $LAUNCHER == sbatch ]]; then
    if [[ $kind == timeout ]]; then
      why="its time limit"
    elif [[ $reason == preempted ]]; then
      why=preemption
    elif [[ -f $HB_CHECKPOINT_NOW && $kind != slurm_refused && $kind != cancelled ]]; then
      why="the SIG$NOTICE_SIGNAL notice before its time limit"
      kind=timeout reason="timeout (the trainer stopped on SIG$NOTICE_SIGNAL, sent $NOTICE_SECONDS s before its time limit, without a result)"
    fi
  fi
  now
  if [[ -n $why ]] && (( requeued < REQUEUE )); then
    requeued=$((requeued + 1)) resumed=1
    HB_RESUME_DIR=$HB_DIR
    export HB_RESUME_DIR
    printf '%s hbgen: attempt %d ended by %s (%s); requeued (%d of %d)\n' "$NOW" "$attempt" "$why" "$reason" "$requeued" "$REQUEUE" >>"$HB_DIR/log"
    continue
  fi
  [[ -n $why ]] && (( REQUEUE > 0 )) && reason="$reason (after $requeued requeues)"
  # A failure is retried from the start (or from HB_PARENT_DIR), not from its own checkpoint.
  resumed= HB_RESUME_DIR=
  failures=$((failures + 1))
  printf '%s hbgen: attempt %d failed: %s\n' "$NOW" "$attempt" "$reason" >>"$HB_DIR/log"
done

now
tail_lines=$(tail -n 20 -- "$HB_DIR/log" 2>/dev/null | tr -d '\000-\010\013-\037' | sed 's/^/  /')
# kind: one of exit_code, no_result, unparseable, nan_objective, timeout, cancelled, slurm_refused,
# lsf_refused
# (hbgen reads it; reason is for people).
write_file "$HB_DIR/failed" "$(printf 'time: %s\nkind: %s\nexit_code: %s\nreason: %s\nattempts: %s\nlast_log_lines: |\n%s' \
  "$NOW" "$kind" "$code" "'${reason//"$SQ"/"$SQ$SQ"}'" "$attempt" "$tail_lines")"$'\n' \
  || die "cannot write $rel/failed: $WRITE_ERROR"
printf -v end_s '%(%s)T' -1
write_file "$HB_DIR/result" $'nan\n' || { rm -f -- "$HB_DIR/failed"; die "cannot write $rel/result: $WRITE_ERROR"; }
ledger failed nan "$HB_BUDGET" "$(( end_s - start_s ))" "$attempt" "{}" "$reason"
exit 0
