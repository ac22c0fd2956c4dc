# Shared part of the LSF stand-in (bsub, bjobs, bkill in this directory), sourced by each.
#
# A stand-in for IBM Spectrum LSF's command-line behaviour, written from IBM's documentation
# (LSF 10.1 command reference: bsub -K, -W, -q, -o; bjobs -noheader -o; bkill), for tests on
# machines without LSF. It is not LSF and has never been compared with a real LSF. Jobs run on
# this machine as detached processes (their own session, not children of bsub), so that only
# bkill, the run limit or their own end stop them.
#
# State lives under $LSF_STANDIN_DIR (default ${TMPDIR:-/tmp}/lsf-standin-UID): next-id, and
# jobs/ID/ with argv (bsub's arguments, NUL-separated), queue, name, cwd, out, cmd, stat, pid,
# exit, reason, submitted, ended.
# Settings (environment of bsub, bjobs, bkill):
#   LSF_STANDIN_QUEUES            queues that exist, space-separated (default: normal)
#   LSF_STANDIN_SECONDS_PER_MINUTE  the length of one minute of -W (default 60; tests shorten it)
#   LSF_STANDIN_RUNLIMIT_GRACE    seconds between SIGUSR2 at the run limit and the kill (LSF: 600)
#   LSF_STANDIN_TERMINATE_INTERVAL seconds between bkill's SIGINT, SIGTERM and SIGKILL
#                                 (LSF's JOB_TERMINATE_INTERVAL, default 10)
#   LSF_STANDIN_PEND_SECONDS      seconds a job pends before it is dispatched (default 0)
#   LSF_STANDIN_CLEAN_PERIOD      seconds bjobs still shows a finished job (LSF's CLEAN_PERIOD, 3600)
#   LSF_STANDIN_REPORT            N: no job report appended to the job's output file (default Y)
LSF_DIR=${LSF_STANDIN_DIR:-${TMPDIR:-/tmp}/lsf-standin-$(id -u)}
mkdir -p -- "$LSF_DIR/jobs"

# job_get ID FIELD: the field's value ("" when unset).
job_get() {
  local v=
  [[ -f $LSF_DIR/jobs/$1/$2 ]] && IFS= read -r v <"$LSF_DIR/jobs/$1/$2"
  printf '%s' "$v"
}

# job_set ID FIELD VALUE: written whole (temporary file, then rename).
job_set() {
  printf '%s\n' "$3" >"$LSF_DIR/jobs/$1/$2.tmp.$$" && mv -f -- "$LSF_DIR/jobs/$1/$2.tmp.$$" "$LSF_DIR/jobs/$1/$2"
}

# job_visible ID: whether bjobs still knows the job (unfinished, or finished within CLEAN_PERIOD).
job_visible() {
  [[ -d $LSF_DIR/jobs/$1 ]] || return 1
  local ended
  ended=$(job_get "$1" ended)
  [[ -z $ended ]] && return 0
  (( $(date +%s) - ended <= ${LSF_STANDIN_CLEAN_PERIOD:-3600} ))
}
