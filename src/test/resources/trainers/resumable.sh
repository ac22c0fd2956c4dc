#!/usr/bin/env bash
# A trainer for time-limit and requeue tests. It trains in units: the file
# $HB_ROOT/units-BRACKET-STAGE-CONFIG holds "UNITS SECONDS" (default: the budget's whole units,
# 0 s each). After every unit it saves a checkpoint (units done and a running value) whole into
# $HB_DIR; it resumes from $HB_RESUME_DIR's checkpoint (a requeued attempt), else $HB_PARENT_DIR's.
# On SIGUSR1 or SIGTERM it drops the unit under way and exits 0 without a result: its checkpoint is
# saved. Each unit it finishes is a "trained unit N" line, so a test can count the work.
set -u
units=${HB_BUDGET%%.*} seconds=0
spec=$HB_ROOT/units-$HB_BRACKET-$HB_STAGE-$HB_CONFIG_ID
[[ -f $spec ]] && read -r units seconds <"$spec"
done=0 value=$((HB_SEED % 1000003))
from=
if [[ -n ${HB_RESUME_DIR:-} && -f $HB_RESUME_DIR/checkpoint ]]; then
  from=$HB_RESUME_DIR
elif [[ -n ${HB_PARENT_DIR:-} && -f $HB_PARENT_DIR/checkpoint ]]; then
  from=$HB_PARENT_DIR
fi
[[ -n $from ]] && read -r done value <"$from/checkpoint" && echo "resuming from $from at unit $done"
stop=
trap 'stop=USR1' USR1
trap 'stop=TERM' TERM
for (( u = done; u < units; u++ )); do
  sleep "$seconds" &
  wait $!
  if [[ -n $stop ]]; then
    kill $! 2>/dev/null
    echo "SIG$stop at unit $((u + 1)): checkpoint of $done units saved, exiting"
    exit 0
  fi
  value=$(( (value * 31 + u + 7) % 1000003 ))
  done=$((u + 1))
  printf '%s %s\n' "$done" "$value" >"$HB_DIR/checkpoint.tmp" && mv -f "$HB_DIR/checkpoint.tmp" "$HB_DIR/checkpoint"
  echo "trained unit $done"
done
printf '0.%06d\n' "$value" >"$HB_RESULT"
