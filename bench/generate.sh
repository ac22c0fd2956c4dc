#!/usr/bin/env bash
# Benchmark of writing searches: wall time and peak memory of `hbgen generate 10 3 -o DIR`
# (93,635 configurations) and the time of `snakemake -n` on the Snakefile of `generate 8 3`
# (10,582 configurations, 15,955 jobs). Prints a Markdown table of medians.
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
java -jar "$jar" generate 8 3 -o "$work/g8" --random-seed 1 --trainer true >/dev/null
jobs=$(cd "$work" && snakemake --snakefile "$work/g8/Snakefile" -n -q 2>/dev/null | awk '$1 == "total" { print $2 }')
for ((i = 1; i <= runs; i++)); do
  measure "$work/dry.txt" snakemake --snakefile "$work/g8/Snakefile" -n -q
done

gen_s=$(awk '{ print $1 }' "$work/gen.txt" | median)
gen_kb=$(awk '{ print $2 }' "$work/gen.txt" | median)
dry_s=$(awk '{ print $1 }' "$work/dry.txt" | median)
dry_kb=$(awk '{ print $2 }' "$work/dry.txt" | median)
cat <<TABLE
Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); searches written to $fs; median of $runs runs; $(date -u +%Y-%m-%d)

| what | median wall time | target | peak memory |
|---|---|---|---|
| \`hbgen generate 10 3 -o DIR\` (93,635 configurations) | ${gen_s} s | 3 s | $((gen_kb / 1024)) MiB |
| \`snakemake -n\` on \`generate 8 3\` (${jobs:-?} jobs) | ${dry_s} s | 60 s | $((dry_kb / 1024)) MiB |
TABLE
