#!/usr/bin/env bash
# What operations cost: the service (java -jar) with metrics (the default), without them
# (management.metrics.enable.http.server.requests=false: every meter a no-op) and with the
# access log on, pinned as bench/run.sh pins (server on core 0, wrk -t1 on core 1), rounds
# alternating over the variants (each round starting one later), medians, the spread beside
# them. Prints a Markdown table and writes it to bench/results/costs.md.
#   COSTS_ROUNDS (5)  COSTS_DURATION (10)  COSTS_WARMUP (30)  COSTS_CONNS (64)
#   COSTS_URL (/api/article/metadata)  COSTS_PORT (29100)  COSTS_JAR (target/summit-article-api-*.jar)
set -euo pipefail
# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
rounds=${COSTS_ROUNDS:-5} duration=${COSTS_DURATION:-10} warmup=${COSTS_WARMUP:-30} conns=${COSTS_CONNS:-64}
url=${COSTS_URL:-/api/article/metadata} port=${COSTS_PORT:-29100}
jar=${COSTS_JAR:-$(ls "$root"/target/summit-article-api-*.jar | head -1)}
work=$(mktemp -d) && trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
names=("metrics (default)" "no metrics" "metrics + access log")
args=("" "--management.metrics.enable.http.server.requests=false" "--logging.level.news.summit.access=info")
pids=()
for i in 0 1 2; do
  # shellcheck disable=SC2086 # args[i] is one option or none
  start_pinned $((port + i)) "$url" "$work/$i.log" java -jar "$jar" --server.port=$((port + i)) \
    --management.server.port=$((port + 10 + i)) ${args[i]} >/dev/null
  pids+=("$server_pid")
  taskset -c 1 wrk -t1 -c"$conns" -d"${warmup}s" "http://127.0.0.1:$((port + i))$url" >/dev/null
done
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
for ((r = 0; r < rounds; r++)); do
  for k in 0 1 2; do # each round starts one variant later, so no variant always goes first
    i=$(((k + r) % 3))
    t0=$(ticks "${pids[i]}")
    line=$(taskset -c 1 wrk -t1 -c"$conns" -d"${duration}s" -s "$bench/wrk-report.lua" \
      "http://127.0.0.1:$((port + i))$url" | grep '^RESULT')
    echo "$i $line $(($(ticks "${pids[i]}") - t0))" >>"$work/runs"
  done
done
python3 - "$work/runs" "$(getconf CLK_TCK)" "$conns" "$url" "${names[@]}" <<'PY' | tee "$bench/results/costs.md"
import statistics, sys
runs, hz, conns, url, names = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5:]
rows = {}
for line in open(runs):
    i, _, requests, seconds, p50, p99, p999, errors, status, ticks = line.split()
    rows.setdefault(int(i), []).append((int(requests) / float(seconds), float(ticks) / hz / int(requests) * 1e6,
                                        float(p99), int(errors) + int(status)))
base = statistics.median(r[0] for r in rows[0])
print(f"wrk -t1 -c{conns} {url}, server on core 0, medians of {len(rows[0])} alternating rounds\n")
print("| variant | req/s | spread | × metrics (default) | CPU µs/request | p99 ms | errors |")
print("|---|--:|--:|--:|--:|--:|--:|")
for i, name in enumerate(names):
    rps = statistics.median(r[0] for r in rows[i])
    spread = (max(r[0] for r in rows[i]) - min(r[0] for r in rows[i])) / rps
    print(f"| {name} | {rps:,.0f} | {spread:.0%} | {rps / base:.3f} | {statistics.median(r[1] for r in rows[i]):.1f} | "
          f"{statistics.median(r[2] for r in rows[i]):.2f} | {sum(r[3] for r in rows[i])} |")
PY
