#!/usr/bin/env bash
# Install the system packages the hbgen test suite needs (Debian/Ubuntu, apt-get).
#
# Usage: scripts/install-deps.sh [GROUP...]
#   GROUP is one of: all (default), base, snakemake, slurm, chromium, optuna.
#   The groups can also be given in HBGEN_DEPS (space or comma separated),
#   e.g. HBGEN_DEPS=slurm scripts/install-deps.sh
#
#   base      python3, procps, git, fontconfig, fonts-dejavu-core (report charts)
#   snakemake snakemake (provides /usr/bin/snakemake)
#   slurm     slurm-wlm and munge
#   chromium  chromium
#   optuna    python3-optuna (Optuna 3.1 for Debian's /usr/bin/python3; only the
#             quality benchmark, bench/quality/run.sh, uses it, so `all` leaves it out)
#
# Idempotent: every package is checked by the presence of its commands, so a
# second run is a fast no-op. `apt-get update` runs at most once, and only when
# something has to be installed. Exits non-zero on failure.
set -euo pipefail

prog=${0##*/}

die() {
  printf '%s: error: %s\n' "$prog" "$*" >&2
  exit 1
}

usage() {
  sed -n '2,18s/^# \{0,1\}//p' "$0"
}

groups=()
if (($# > 0)); then
  for arg in "$@"; do
    case $arg in
      -h | --help) usage; exit 0 ;;
      *) groups+=("$arg") ;;
    esac
  done
elif [[ -n ${HBGEN_DEPS:-} ]]; then
  read -r -a groups <<<"${HBGEN_DEPS//,/ }"
fi
((${#groups[@]} > 0)) || groups=(all)

# package name -> commands that must all be present for it to count as installed
declare -A pkg_cmds=(
  [python3]="python3"
  [procps]="ps pgrep"
  [git]="git"
  [snakemake]="snakemake"
  [slurm-wlm]="sinfo srun sbatch scontrol slurmctld slurmd"
  [munge]="munge unmunge munged"
  [chromium]="chromium"
  [fontconfig]="fc-list"
  [fonts-dejavu-core]="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
  [python3-optuna]="/usr/lib/python3/dist-packages/optuna/__init__.py"
)

wanted=()
add() {
  local p q
  for p in "$@"; do
    for q in "${wanted[@]+"${wanted[@]}"}"; do
      [[ $q == "$p" ]] && continue 2
    done
    wanted+=("$p")
  done
}

for g in "${groups[@]}"; do
  case $g in
    all) add python3 procps git fontconfig fonts-dejavu-core snakemake slurm-wlm munge chromium ;;
    base) add python3 procps git fontconfig fonts-dejavu-core ;;
    snakemake) add snakemake ;;
    slurm) add slurm-wlm munge ;;
    chromium) add chromium ;;
    optuna) add python3-optuna ;;
    *) die "unknown group '$g' (expected: all, base, snakemake, slurm, chromium, optuna)" ;;
  esac
done

# The daemons live in /usr/sbin, which a non-root PATH may lack.
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin

# present C: C is a command on PATH, or (starting with /) a file the package installs
present() {
  if [[ $1 == /* ]]; then [[ -e $1 ]]; else command -v "$1" >/dev/null 2>&1; fi
}

missing=()
for p in "${wanted[@]}"; do
  for c in ${pkg_cmds[$p]}; do
    if ! present "$c"; then
      missing+=("$p")
      break
    fi
  done
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
  die "apt-get not found; install these packages by hand: ${missing[*]}"

sudo_cmd=()
if ((EUID != 0)); then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    die "not root and sudo is not available; as root run: apt-get install --no-install-recommends ${missing[*]}"
  fi
fi

log=$(mktemp "${TMPDIR:-/tmp}/hbgen-install-deps.XXXXXX")
trap 'rm -f "$log"' EXIT

apt() {
  # DPkg::Lock::Timeout waits for a concurrent apt/dpkg run instead of failing at once.
  if ! "${sudo_cmd[@]+"${sudo_cmd[@]}"}" env DEBIAN_FRONTEND=noninteractive \
    apt-get -q -y -o DPkg::Lock::Timeout=600 "$@" >"$log" 2>&1; then
    printf '%s: apt-get %s failed; last lines of its output:\n' "$prog" "$*" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

printf '%s: installing %s\n' "$prog" "${missing[*]}" >&2
apt update
apt install --no-install-recommends "${missing[@]}"

# Verify that the commands are there now.
still=()
for p in "${missing[@]}"; do
  for c in ${pkg_cmds[$p]}; do
    present "$c" || still+=("$p:$c")
  done
done
((${#still[@]} == 0)) || die "installed, but commands are still missing: ${still[*]}"
printf '%s: done\n' "$prog" >&2
