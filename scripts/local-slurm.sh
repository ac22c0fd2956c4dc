#!/usr/bin/env bash
# A single-node Slurm cluster on localhost (slurm-wlm + munge), run as root
# without systemd. Everything lives under one scratch directory.
#
# Usage: scripts/local-slurm.sh start|stop|status|env
#   start   install slurm-wlm/munge if missing, start munged, slurmctld and
#           slurmd, wait until the node is idle (no-op if already up)
#   stop    cancel all jobs, wait for the queue to drain, stop the daemons
#           (by the pids in their pid files only)
#   status  print daemon states and sinfo; exit 0 if up, 3 if not
#   env     print `export SLURM_CONF=...`; use: eval "$(scripts/local-slurm.sh env)"
#
# Environment:
#   HBGEN_SLURM_DIR       scratch directory (default /tmp/hbgen-slurm)
#   HBGEN_SLURM_TIMEOUT   seconds to wait for each daemon to come up (default 20)
#   HBGEN_SLURM_CTLD_PORT slurmctld port (default 6817)
#   HBGEN_SLURM_SLURMD_PORT slurmd port (default 6818)
set -euo pipefail

prog=${0##*/}
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# The daemons and runuser live in sbin directories.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
export PATH

dir=${HBGEN_SLURM_DIR:-/tmp/hbgen-slurm}
case $dir in
  /*) ;;
  *) dir=$PWD/$dir ;;
esac
timeout=${HBGEN_SLURM_TIMEOUT:-20}
ctld_port=${HBGEN_SLURM_CTLD_PORT:-6817}
slurmd_port=${HBGEN_SLURM_SLURMD_PORT:-6818}

conf=$dir/slurm.conf
munge_dir=$dir/munge
munge_socket=$munge_dir/munge.socket.2
munge_key=$munge_dir/munge.key
munge_pid=$munge_dir/munged.pid
munge_log=$munge_dir/munged.log
munge_seed=$munge_dir/munged.seed
run_dir=$dir/run
log_dir=$dir/log
state_dir=$dir/state
spool_dir=$dir/spool
ctld_pid=$run_dir/slurmctld.pid
slurmd_pid=$run_dir/slurmd.pid
ctld_log=$log_dir/slurmctld.log
slurmd_log=$log_dir/slurmd.log
node=localhost

export SLURM_CONF=$conf

say() { printf '%s: %s\n' "$prog" "$*" >&2; }

die() {
  printf '%s: error: %s\n' "$prog" "$*" >&2
  exit 1
}

# show_log FILE...: print the last lines of each existing, non-empty file to stderr
show_log() {
  local f
  for f in "$@"; do
    if [[ -s $f ]]; then
      printf -- '--- last lines of %s ---\n' "$f" >&2
      tail -n 20 "$f" >&2
    fi
  done
}

# fail MESSAGE LOG...: print MESSAGE and the tails of the logs, exit 1
fail() {
  local msg=$1
  shift
  printf '%s: error: %s\n' "$prog" "$msg" >&2
  show_log "$@"
  exit 1
}

usage() {
  sed -n '2,19s/^# \{0,1\}//p' "$0"
}

# write_file PATH: write stdin to PATH atomically (temp file in the same dir, then mv)
write_file() {
  local target=$1 tmp
  tmp=$(mktemp "$target.tmp.XXXXXX")
  if ! cat >"$tmp"; then
    rm -f "$tmp"
    return 1
  fi
  chmod 0644 "$tmp"
  mv -f "$tmp" "$target"
}

# pid_of PIDFILE: print the pid stored in PIDFILE (empty if none)
pid_of() {
  local pid=''
  if [[ -r $1 ]]; then
    read -r pid <"$1" 2>/dev/null || true
  fi
  [[ $pid =~ ^[0-9]+$ ]] && printf '%s' "$pid"
  return 0
}

# alive PID COMM: the process exists, is not a zombie and its name is COMM
alive() {
  local pid=$1 comm=$2 stat rest state name
  [[ -n $pid ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  rest=${stat##*) }
  state=${rest%% *}
  [[ $state != Z && $state != X ]] || return 1
  name=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $name == "$comm" ]]
}

# daemon_alive PIDFILE COMM
daemon_alive() {
  alive "$(pid_of "$1")" "$2"
}

munge_ok() {
  munge -n -S "$munge_socket" 2>/dev/null | unmunge -S "$munge_socket" >/dev/null 2>&1
}

ctld_up() {
  [[ -f $conf ]] || return 1
  timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP'
}

# ctld_ready: 0 when slurmctld answers, 2 when it has died, 1 otherwise
ctld_ready() {
  ctld_up && return 0
  if [[ -s $ctld_pid ]] && ! daemon_alive "$ctld_pid" slurmctld; then
    return 2
  fi
  return 1
}

# node_state: the node's state as sinfo reports it, without the flag suffixes
node_state() {
  local s
  s=$(timeout 5 sinfo -h -n "$node" -o %T 2>/dev/null | head -n 1) || true
  s=${s%%[^a-z]*}
  printf '%s' "$s"
}

# wait_for SECONDS CMD...: run CMD every 0.2 s until it succeeds; 1 on timeout.
# If CMD returns 2 it gives up at once (the daemon it waits for has died).
wait_for() {
  local end=$((SECONDS + $1)) rc
  shift
  while :; do
    rc=0
    "$@" || rc=$?
    ((rc == 0)) && return 0
    ((rc == 2)) && return 1
    ((SECONDS < end)) || return 1
    sleep 0.2
  done
}

# stop_pid PIDFILE COMM: SIGTERM, bounded wait, SIGKILL as last resort
stop_pid() {
  local pidfile=$1 comm=$2 pid i
  pid=$(pid_of "$pidfile")
  if alive "$pid" "$comm"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      alive "$pid" "$comm" || break
      sleep 0.2
    done
    if alive "$pid" "$comm"; then
      say "$comm (pid $pid) did not stop after SIGTERM; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 25; i++)); do
        alive "$pid" "$comm" || break
        sleep 0.2
      done
    fi
    if alive "$pid" "$comm"; then
      say "could not stop $comm (pid $pid)"
      return 1
    fi
    say "stopped $comm (pid $pid)"
  fi
  rm -f "$pidfile"
}

need_root() {
  ((EUID == 0)) || die "must run as root (slurmd and munged need it); try: sudo $0 $*"
}

ensure_packages() {
  local p missing=0
  for p in sinfo srun sbatch scontrol squeue scancel slurmctld slurmd munge unmunge munged runuser; do
    command -v "$p" >/dev/null 2>&1 || missing=1
  done
  if ((missing)); then
    bash "$script_dir/install-deps.sh" slurm || die "could not install slurm-wlm and munge"
  fi
  command -v runuser >/dev/null 2>&1 || die "runuser (util-linux) not found"
  id munge >/dev/null 2>&1 || die "user 'munge' does not exist (is the munge package installed?)"
}

make_dirs() {
  mkdir -p "$dir" "$run_dir" "$log_dir" "$state_dir" "$spool_dir" "$munge_dir"
  chmod 0755 "$dir" "$run_dir" "$log_dir" "$state_dir" "$spool_dir"
  chown munge:munge "$munge_dir"
  chmod 0755 "$munge_dir"
}

make_munge_key() {
  local tmp
  if [[ -s $munge_key ]]; then
    chown munge:munge "$munge_key"
    chmod 0400 "$munge_key"
    return
  fi
  tmp=$(mktemp "$munge_key.tmp.XXXXXX")
  dd if=/dev/urandom of="$tmp" bs=1024 count=1 status=none
  chown munge:munge "$tmp"
  chmod 0400 "$tmp"
  mv -f "$tmp" "$munge_key"
}

start_munged() {
  if daemon_alive "$munge_pid" munged && munge_ok; then
    return
  fi
  stop_pid "$munge_pid" munged
  rm -f "$munge_socket" "$munge_socket.lock"
  if ! runuser -u munge -- munged \
    --socket="$munge_socket" --key-file="$munge_key" --pid-file="$munge_pid" \
    --log-file="$munge_log" --seed-file="$munge_seed" >"$log_dir/munged.stderr" 2>&1 9>&-; then
    fail "munged did not start" "$log_dir/munged.stderr" "$munge_log"
  fi
  wait_for 10 munge_ok ||
    fail "munge -n -S $munge_socket | unmunge -S $munge_socket fails" "$log_dir/munged.stderr" "$munge_log"
}

write_conf() {
  local cpus real mem
  cpus=$(nproc)
  real=$(slurmd -C 2>/dev/null | grep -o 'RealMemory=[0-9]*' | head -n 1 | cut -d= -f2) || true
  if [[ -z $real ]]; then
    real=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
  fi
  # a bit under what the node reports, so that slurmd never drains it for low memory
  mem=$((real - real / 20))
  ((mem > 0)) || mem=1
  write_file "$conf" <<EOF
# Written by scripts/local-slurm.sh: single-node cluster on localhost.
ClusterName=localci
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_socket
StateSaveLocation=$state_dir
SlurmdSpoolDir=$spool_dir
SlurmctldPidFile=$ctld_pid
SlurmdPidFile=$slurmd_pid
SlurmctldLogFile=$ctld_log
SlurmdLogFile=$slurmd_log
ProctrackType=proctrack/pgid
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$log_dir/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=300
InactiveLimit=60
KillWait=5
OverTimeLimit=0
EnforcePartLimits=ALL
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
}

start_slurmctld() {
  if ! slurmctld -f "$conf" >"$log_dir/slurmctld.stderr" 2>&1 9>&-; then
    fail "slurmctld did not start" "$log_dir/slurmctld.stderr" "$ctld_log"
  fi
  wait_for "$timeout" ctld_ready ||
    fail "slurmctld is not UP (scontrol ping; waited at most ${timeout}s)" "$log_dir/slurmctld.stderr" "$ctld_log"
}

node_idle() {
  local s
  if [[ -s $slurmd_pid ]] && ! daemon_alive "$slurmd_pid" slurmd; then
    return 2
  fi
  s=$(node_state)
  case $s in
    idle | mixed | allocated | completing) return 0 ;;
    down | drain | drained | draining | fail | failing)
      scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true
      ;;
  esac
  return 1
}

start_slurmd() {
  if ! slurmd -f "$conf" -N "$node" >"$log_dir/slurmd.stderr" 2>&1 9>&-; then
    fail "slurmd did not start" "$log_dir/slurmd.stderr" "$slurmd_log"
  fi
  if ! wait_for "$timeout" node_idle; then
    fail "node $node is not idle (state: $(node_state); slurmd pid $(pid_of "$slurmd_pid"); waited at most ${timeout}s)" \
      "$log_dir/slurmd.stderr" "$slurmd_log" "$ctld_log"
  fi
}

is_up() {
  daemon_alive "$munge_pid" munged && daemon_alive "$ctld_pid" slurmctld &&
    daemon_alive "$slurmd_pid" slurmd && ctld_up
}

cmd_start() {
  need_root start
  local t0 t1
  t0=$(date +%s%N)
  ensure_packages
  mkdir -p "$dir"
  exec 9>"$dir/.lock"
  flock -w 60 9 || die "another $prog is holding $dir/.lock"
  if is_up; then
    say "already running (slurmctld pid $(pid_of "$ctld_pid"), slurmd pid $(pid_of "$slurmd_pid"))"
    say "SLURM_CONF=$conf"
    return 0
  fi
  # Leftovers of a half-started or crashed cluster: stop them before starting afresh.
  stop_pid "$slurmd_pid" slurmd
  stop_pid "$ctld_pid" slurmctld
  make_dirs
  make_munge_key
  start_munged
  write_conf
  start_slurmctld
  start_slurmd
  t1=$(date +%s%N)
  say "up in $(((t1 - t0) / 1000000)) ms: node $node, $(nproc) CPUs, partition debug"
  say "SLURM_CONF=$conf (eval \"\$($0 env)\")"
}

cmd_stop() {
  need_root stop
  local ids i rc=0
  [[ -d $dir ]] || {
    say "not running ($dir does not exist)"
    return 0
  }
  exec 9>"$dir/.lock"
  flock -w 60 9 || die "another $prog is holding $dir/.lock"
  if daemon_alive "$ctld_pid" slurmctld && ctld_up; then
    ids=$(timeout 5 squeue -h -o %A 2>/dev/null | tr '\n' ' ') || true
    if [[ -n ${ids// /} ]]; then
      say "cancelling jobs: $ids"
      # shellcheck disable=SC2086 # word splitting wanted: a list of job ids
      scancel $ids 2>/dev/null || true
      for ((i = 0; i < 150; i++)); do
        [[ -z $(timeout 5 squeue -h -o %A 2>/dev/null) ]] && break
        sleep 0.2
      done
      if [[ -n $(timeout 5 squeue -h -o %A 2>/dev/null) ]]; then
        say "jobs still in the queue after 30 s:"
        squeue >&2 || true
      fi
    fi
  fi
  stop_pid "$slurmd_pid" slurmd || rc=1
  stop_pid "$ctld_pid" slurmctld || rc=1
  stop_pid "$munge_pid" munged || rc=1
  ((rc == 0)) && say "stopped"
  return "$rc"
}

cmd_status() {
  local up=0 name pidfile pid
  for name in munged slurmctld slurmd; do
    case $name in
      munged) pidfile=$munge_pid ;;
      slurmctld) pidfile=$ctld_pid ;;
      slurmd) pidfile=$slurmd_pid ;;
    esac
    pid=$(pid_of "$pidfile")
    if alive "$pid" "$name"; then
      printf '%-10s running (pid %s)\n' "$name:" "$pid"
    else
      printf '%-10s not running\n' "$name:"
      up=3
    fi
  done
  printf 'SLURM_CONF=%s\n' "$conf"
  if command -v scontrol >/dev/null 2>&1 && ctld_up; then
    timeout 5 scontrol ping 2>/dev/null || true
    sinfo 2>/dev/null || true
    case $(node_state) in
      idle | mixed | allocated | completing) ;;
      *) up=3 ;;
    esac
  else
    printf 'slurmctld: not answering\n'
    up=3
  fi
  exit "$up"
}

cmd_env() {
  printf 'export SLURM_CONF=%q\n' "$conf"
}

case ${1:-} in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
