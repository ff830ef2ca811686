#!/usr/bin/env bash
# Measures `chartroom ingest` on embedded defaults, each run into a fresh
# data directory: wall time and peak memory (maximum resident set size).
#   1. the committed sample batches (9 pages), RUNS times;
#   2. a generated G4 TIFF batch of 4 pages and of LONG pages, to show that
#      memory does not grow with batch size.
# Usage: scripts/measure-ingest.sh [RUNS] [LONG]
set -euo pipefail
cd "$(dirname "$0")/.."
export OMP_THREAD_LIMIT=1
runs=${1:-3}
long=${2:-40}
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
go build -o bin/chartroom ./cmd/chartroom
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

measure() { # label pages paths...
  local label=$1 pages=$2; shift 2
  local d; d=$(mktemp -d -p "$tmp")
  bin/chartroom patients import --data "$d" samples/mpi.csv >/dev/null
  /usr/bin/time -f "%e %M" -o "$d/time" bin/chartroom ingest --data "$d" "$@" >/dev/null 2>&1
  read -r secs kb < "$d/time"
  awk -v l="$label" -v s="$secs" -v p="$pages" -v k="$kb" \
    'BEGIN { printf "%-28s %4d pages %7.2f s  %5.2f s/page  %6.1f pages/min  peak RSS %4d MiB\n", l, p, s, s/p, 60*p/s, k/1024 }'
}

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); workers: $(getconf _NPROCESSORS_ONLN) (one per core)"
for i in $(seq "$runs"); do
  measure "samples (run $i)" 9 samples/batches/*
done
for n in 4 "$long"; do
  go run ./samples/generate -long "$n" -out "$tmp/long-$n.tif"
  measure "G4 TIFF batch" "$n" "$tmp/long-$n.tif"
done
