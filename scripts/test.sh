#!/usr/bin/env bash
# The project's test command (README, "Quick start"): installs what the engine tests need when it
# is missing (Snakemake, Slurm + munge, Chromium; Debian packages), starts a single-node Slurm on
# localhost, runs every test with Maven (unit, CLI, packaged-jar and real-engine tests), and stops
# the Slurm daemons it started. Extra arguments go to Maven, e.g. scripts/test.sh -Dtest=HyperbandTest
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd -- "$root"

bash scripts/install-deps.sh all

started_slurm=
if ! bash scripts/local-slurm.sh status >/dev/null 2>&1; then
  bash scripts/local-slurm.sh start
  started_slurm=1
fi
stop_slurm() {
  if [[ -n $started_slurm ]]; then
    bash scripts/local-slurm.sh stop >/dev/null 2>&1 || true
  fi
}
trap stop_slurm EXIT
eval "$(bash scripts/local-slurm.sh env)"
export SLURM_CONF
# USER is needed by Snakemake's Slurm support; CI environments may not set it.
export USER=${USER:-$(id -un)}

mvn -B -ntp verify "$@"
