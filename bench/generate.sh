#!/usr/bin/env bash
# Benchmark of writing searches: wall time and peak memory of `hbgen generate 10 3 -o DIR`
# (93,635 configurations) and the time of `snakemake -n` on the Snakefile of `generate 8 3`
# (10,582 configurations, 15,955 jobs). Prints a Markdown table of medians. For scale, a third
# row is the file system's own floor: a minimal Python loop creating the same directories and
# config files (one mkdir, one create+write each) on the same file system.
# Usage: bench/generate.sh [RUNS] ; BENCH_DIR chooses where searches are written (default: a
# directory under /dev/shm when it exists, else under the system temp directory).
set -euo pipefail
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
"$root/hbgen" --version >/dev/null            # builds the jar if needed
jar=$root/target/hbgen.jar
base=${BENCH_DIR:-$( [[ -d /dev/shm ]] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
work=$(mktemp -d "$base/hbgen-bench-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
fs=$(df -T "$work" | awk 'NR == 2 { print $2 }')

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {  # measure OUTFILE CMD...: appends "seconds peak_kb" per run
  local out=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  cat "$work/t" >>"$out"
}

for ((i = 1; i <= runs; i++)); do
  rm -rf -- "$work/g10"
  measure "$work/gen.txt" "$root/hbgen" generate 10 3 -o "$work/g10" --random-seed "$i" --trainer true
done
rm -rf -- "$work/g10"
# The floor: the same tree (bracket-I/stage-0/config-K/config) from the plan's stage-0 counts.
"$root/hbgen" generate 10 3 | awk '/^  Bracket/ { b = $2 } /Stage 0 -/ { print b, $4 }' >"$work/counts"
for ((i = 1; i <= runs; i++)); do
  rm -rf -- "$work/floor"
  measure "$work/floor.txt" python3 -c '
import os, sys
root, counts = sys.argv[1], sys.argv[2]
text = b"{\n  \"seed\": 1234567,\n  \"learning_rate\": 0.0123456789\n}\n"
for line in open(counts):
    b, n = line.split()
    stage = os.path.join(root, "bracket-" + b, "stage-0")
    os.makedirs(stage)
    for k in range(int(n)):
        d = os.path.join(stage, "config-%d" % k)
        os.mkdir(d)
        fd = os.open(os.path.join(d, "config"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.write(fd, text)
        os.close(fd)
' "$work/floor" "$work/counts"
done
rm -rf -- "$work/floor"
java -jar "$jar" generate 8 3 -o "$work/g8" --random-seed 1 --trainer true >/dev/null
jobs=$(cd "$work" && snakemake --snakefile "$work/g8/Snakefile" -n -q 2>/dev/null | awk '$1 == "total" { print $2 }')
for ((i = 1; i <= runs; i++)); do
  measure "$work/dry.txt" snakemake --snakefile "$work/g8/Snakefile" -n -q
done

gen_s=$(awk '{ print $1 }' "$work/gen.txt" | median)
gen_kb=$(awk '{ print $2 }' "$work/gen.txt" | median)
floor_s=$(awk '{ print $1 }' "$work/floor.txt" | median)
dry_s=$(awk '{ print $1 }' "$work/dry.txt" | median)
dry_kb=$(awk '{ print $2 }' "$work/dry.txt" | median)
cat <<TABLE
Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); searches written to $fs; median of $runs runs; $(date -u +%Y-%m-%d)

| what | median wall time | target | peak memory |
|---|---|---|---|
| \`hbgen generate 10 3 -o DIR\` (93,635 configurations) | ${gen_s} s | 3 s | $((gen_kb / 1024)) MiB |
| floor: Python creating the same 93,635 directories and files | ${floor_s} s | - | - |
| \`snakemake -n\` on \`generate 8 3\` (${jobs:-?} jobs) | ${dry_s} s | 60 s | $((dry_kb / 1024)) MiB |
TABLE
