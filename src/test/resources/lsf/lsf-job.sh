#!/usr/bin/env bash
# One job of the LSF stand-in (started by bsub in its own session): lsf-job.sh ID CWD LIMIT_SECONDS.
set -u
. "$(dirname -- "${BASH_SOURCE[0]}")/lsf-standin.sh"
id=$1 cwd=$2 limit_s=$3
# Pending; a job killed meanwhile (bkill ended it already) never starts.
pend_until=$(( $(date +%s) + ${LSF_STANDIN_PEND_SECONDS:-0} ))
while (( $(date +%s) < pend_until )); do
  [[ $(job_get "$id" stat) == PEND ]] || exit 0
  sleep 0.2
done
[[ $(job_get "$id" stat) == PEND ]] || exit 0
out=$(job_get "$id" out)
name=$(job_get "$id" name)
queue=$(job_get "$id" queue)
cmd=$(cat -- "$LSF_DIR/jobs/$id/cmd")
started=$(date)
cd -- "$cwd" 2>/dev/null || { job_set "$id" reason "TERM_CWD_NOTEXIST: job killed because the current working directory is not accessible or does not exist on the execution host."; }
# A background command of a script starts with SIGINT and SIGQUIT ignored; a job does not (env
# --default-signal, GNU coreutils 8.31 or later, undoes that).
LSB_JOBID=$id LSB_QUEUE=$queue LSB_JOBNAME=$name setsid env --default-signal=INT,QUIT /bin/sh -c "$cmd" </dev/null >>"$out" 2>&1 &
pid=$!
job_set "$id" pid "$pid"
job_set "$id" dispatched 1
job_set "$id" stat RUN
if [[ -n $limit_s ]]; then
  # The run limit: SIGUSR2, then SIGINT, SIGTERM and SIGKILL after the grace period (bsub -W).
  # It waits in short steps, so that it ends soon after the job does and leaves no sleep behind.
  (
    wait_while_running() {
      local until=$(( $(date +%s) + $1 ))
      while (( $(date +%s) < until )); do
        kill -0 "$pid" 2>/dev/null || exit 0
        sleep 0.5
      done
    }
    wait_while_running "$limit_s"
    kill -0 "$pid" 2>/dev/null || exit 0
    job_set "$id" reason "TERM_RUNLIMIT: job killed after reaching LSF run time limit."
    kill -USR2 -- "-$pid" 2>/dev/null
    wait_while_running "${LSF_STANDIN_RUNLIMIT_GRACE:-600}"
    for sig in INT TERM KILL; do
      kill -0 "$pid" 2>/dev/null || exit 0
      kill -"$sig" -- "-$pid" 2>/dev/null
      sleep "${LSF_STANDIN_TERMINATE_INTERVAL:-10}"
    done
  ) </dev/null >/dev/null 2>&1 &
fi
wait "$pid"
code=$?
# What is left of the job's process group goes with it, as LSF cleans up a finished job.
kill -KILL -- "-$pid" 2>/dev/null
reason=$(job_get "$id" reason)
# LSF_STANDIN_REPORT=N: no job report in the output file (as where a site mails it instead).
[[ ${LSF_STANDIN_REPORT:-Y} == N ]] || {
  printf '\n------------------------------------------------------------\n'
  printf 'Sender: LSF System <lsfadmin@%s>\n' "$(hostname)"
  printf 'Subject: Job %s: <%s> in cluster <standin> %s\n\n' "$id" "$name" "$( (( code == 0 )) && echo Done || echo Exited)"
  printf 'Job <%s> was submitted from host <%s> by user <%s> in cluster <standin>.\n' "$name" "$(hostname)" "$(id -un)"
  printf 'Job was executed on host(s) <%s>, in queue <%s>, as user <%s> in cluster <standin>.\n' "$(hostname)" "$queue" "$(id -un)"
  printf 'Started at %s\nResults reported at %s\n\n' "$started" "$(date)"
  printf 'Your job looked like:\n\n------------------------------------------------------------\n# LSBATCH: User input\n%s\n------------------------------------------------------------\n\n' "$cmd"
  [[ -n $reason ]] && printf '%s\n' "$reason"
  if (( code == 0 )); then
    printf 'Successfully completed.\n'
  elif (( code > 128 )); then
    printf 'Exited with exit code %s.\n' "$code"
  else
    printf 'Exited with exit code %s.\n' "$code"
  fi
  printf '\nThe output (if any) is above this job summary.\n\n'
} >>"$out" 2>/dev/null
job_set "$id" exit "$code"
job_set "$id" ended "$(date +%s)"
if (( code == 0 )); then job_set "$id" stat DONE; else job_set "$id" stat EXIT; fi
