#!/usr/bin/env bash
# The recommended launch (deploy/run.sh, on core 0) under Gatling at a fixed arrival rate (on
# core 1): first the highest rate that keeps p99 at or under 10 ms, found by stepping up the
# rate; then a soak at that rate. Reports the load's summary, and the server's RSS and its heap
# after GC in the first and the last minute of the soak.
#
#   bench/soak.sh                      rates 1000 2000 3000 4000 5000, 30 s each; soak 600 s
#   SOAK_RATE=3000 bench/soak.sh       skip the search, soak at 3000/s
#
# The server is warmed up with wrk first (10 s a path). Settings (environment): SOAK_RATES ("1000 2000 3000 4000 5000"), SOAK_STEP (30 s),
# SOAK_SECONDS (600), SOAK_PORT (18180), SOAK_PATHS (/api/article,/api/article/metadata,
# /api/article/paragraphs/3). Writes bench/results/soak.md; GC log and RSS samples beside it.
set -euo pipefail

# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
out=$bench/results/soak
mkdir -p "$out"
port=${SOAK_PORT:-18180}
paths=${SOAK_PATHS:-/api/article,/api/article/metadata,/api/article/paragraphs/3}
seconds=${SOAK_SECONDS:-600}

trap 'kill "${server_pid:-}" 2>/dev/null || true' EXIT
JAVA_OPTS="-Xlog:gc:file=$out/gc.log:timemillis" start_warm "$port" "$out/server.log" ${paths//,/ }
pid=$server_pid

load() { "$bench/load.sh" --url "http://127.0.0.1:$port" --paths "$paths" --cpus 1 "$@"; }
p99() { sed -n 's/.* p99=\([0-9.]*\) .*/\1/p' <<<"$1"; }

rate=${SOAK_RATE:-}
if [[ -z $rate ]]; then
  for candidate in ${SOAK_RATES:-1000 2000 3000 4000 5000}; do
    line=$(load --rate "$candidate" --duration "${SOAK_STEP:-30}" --name "step-$candidate")
    echo "rate $candidate/s: $line" | tee -a "$out/steps.txt"
    if [[ $(p99 "$line") -gt 10 || ! $line =~ " ko=0 " ]]; then break; fi
    rate=$candidate
  done
  [[ -n $rate ]] || { echo "bench/soak.sh: no rate kept p99 within 10 ms" >&2; exit 1; }
fi

# RSS every 5 s while the soak runs; the GC log gives the heap after each collection.
: >"$out/rss.txt"
(while kill -0 "$pid" 2>/dev/null; do
   echo "$(date +%s) $(awk '/VmRSS/ {print $2}' "/proc/$pid/status")" >>"$out/rss.txt"; sleep 5
 done) &
sampler=$!
start=$(date +%s)
summary=$(load --rate "$rate" --duration "$seconds" --name soak)
kill "$sampler"

# The first and the last minute of the soak: max RSS (MB) and mean heap after GC (MB).
window() {
  local from=$1 to=$2
  awk -v a="$from" -v b="$to" '$1 >= a && $1 < b {if ($2 > m) m = $2} END {printf "%d", m / 1024}' "$out/rss.txt"
}
heap_after() {
  local from=$1 to=$2
  # "[1795836333123ms] GC(7) Pause Young (Allocation Failure) 60M->21M(246M) 3.1ms": when, after.
  sed -n 's/^\[\([0-9]*\)[0-9][0-9][0-9]ms\].*->\([0-9]*\)M(.*/\1 \2/p' "$out/gc.log" |
    awk -v a="$from" -v b="$to" '$1 >= a && $1 < b {s += $2; n++}
      END {if (n) printf "%.1f (%d GCs)", s / n, n; else printf "no GC"}'
}
end=$((start + seconds + 10)) # the load's warm-up comes first
first=$((start + 10))
{
  echo "| rate | load | RSS max, first minute | RSS max, last minute | heap after GC, first minute | heap after GC, last minute |"
  echo "|--:|---|--:|--:|--:|--:|"
  echo "| $rate/s | ${summary#gatling: } | $(window "$first" $((first + 60))) MB | $(window $((end - 60)) "$end") MB |" \
    "$(heap_after "$first" $((first + 60))) MB | $(heap_after $((end - 60)) "$end") MB |"
} | tee "$bench/results/soak.md"
