#!/usr/bin/env bash
# What a change to the service costs or saves, a request: two jars of it loaded at the same time.
#
#   bench/ab.sh BEFORE.jar AFTER.jar [RUNS]      e.g. a jar built from a worktree of the last commit
#
# Both servers run on core 0 (`java -jar`, their default launch), a `wrk -t1 -c64` on each on
# core 1. Loaded together they share core 0 and whatever the host does to it, so the ratio of
# their CPU time per request (utime + stime from /proc, over the requests each completed) is the
# change's, where two runs one after the other on this VM differ by a quarter. Two minutes of that
# load warm both JITs first (the first 10 s of it reported apart, as "cold"); then RUNS (6) runs
# of 10 s, one line each, and the median ratio.
# Settings: AB_URL (/api/article/metadata), AB_PORT (29500; and the three ports after it),
# AB_BEFORE_OPTS and AB_AFTER_OPTS (JVM flags of each: the same jar twice measures a flag).
set -euo pipefail

# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"

(($# >= 2)) || { sed -n '2,11p' "$0" >&2; exit 2; }
before=$1 after=$2 runs=${3:-6}
url=${AB_URL:-/api/article/metadata} port=${AB_PORT:-29500}
logs=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$logs"' EXIT
# shellcheck disable=SC2086 # the options are lists of flags
start_pinned "$port" "$url" "$logs/before.log" java ${AB_BEFORE_OPTS:-} -jar "$before" --server.port="$port" --management.server.port=$((port + 1))
pids+=("$server_pid")
# shellcheck disable=SC2086
start_pinned $((port + 2)) "$url" "$logs/after.log" java ${AB_AFTER_OPTS:-} -jar "$after" --server.port=$((port + 2)) --management.server.port=$((port + 3))
pids+=("$server_pid")

together() { # SECONDS: prints "<µs a request before> <µs a request after>"
  local b0 a0 b1 a1 loads=()
  read -r b0 _ < <(cpu_ticks "${pids[0]}") && read -r a0 _ < <(cpu_ticks "${pids[1]}")
  taskset -c 1 wrk -t1 -c64 -d"$1"s "http://127.0.0.1:$port$url" >"$logs/wrk.before" &
  loads+=($!)
  taskset -c 1 wrk -t1 -c64 -d"$1"s "http://127.0.0.1:$((port + 2))$url" >"$logs/wrk.after" &
  loads+=($!)
  wait "${loads[@]}"
  read -r b1 _ < <(cpu_ticks "${pids[0]}") && read -r a1 _ < <(cpu_ticks "${pids[1]}")
  awk -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v hz="$(getconf CLK_TCK)" '/requests in/ { n[FILENAME] = $1 }
    END { printf "%.2f %.2f\n", b / hz * 1e6 / n[ARGV[1]], a / hz * 1e6 / n[ARGV[2]] }' "$logs/wrk.before" "$logs/wrk.after"
}

together 10 | awk '{ printf "cold, the first 10 s of load: before %.1f µs, after %.1f µs a request: after / before %.3f\n", $1, $2, $2 / $1 }'
echo "warming both up: 110 s more" >&2
together 110 >/dev/null
for ((r = 1; r <= runs; r++)); do together 10; done | tee "$logs/runs" |
  awk '{ printf "run %d: before %.1f µs, after %.1f µs a request: after / before %.3f\n", NR, $1, $2, $2 / $1 }'
sort -n <(awk '{ print $2 / $1 }' "$logs/runs") | awk '{ r[NR] = $1 } END {
  m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
  printf "median: after / before %.3f of the CPU a request, so %.2fx what a core gives\n", m, 1 / m }'
