#!/usr/bin/env bash
# The recommended launch (deploy/run.sh) against the floods of the open internet, one at a time,
# each against a fresh server on its own port:
#   (a) idle connections  (b) slowloris heads  (c) wrk with many connections
#   (d) 1,000 pipelined requests, then 20,000 distinct searches from 8 clients
# During and after each: the server's peak RSS, a fresh client's GET /api/article/metadata every
# second (status and seconds), OutOfMemoryError and ERROR lines in the log, and the article's ETag
# before and after. The server runs on core 0, the floods and the probe on core 1; before each
# flood, 20 s of ordinary load warm the server up.
#
#   bench/floods.sh [a b c d]     (default: all four)
#
# Settings (environment): FLOOD_PORT (18090; each flood takes the next port), FLOOD_SECONDS (60),
# FLOOD_IDLE (10000), FLOOD_SLOW (2000), FLOOD_SLOW_SECONDS (120), FLOOD_WRK (4000),
# FLOOD_AFTER (30: seconds probed after a flood ends). Needs: java, curl, wrk, a built jar.
# Writes bench/results/floods.md (the table) and bench/results/floods/ (logs).
set -euo pipefail

# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
out=$bench/results/floods
mkdir -p "$out"
port=${FLOOD_PORT:-18090}
seconds=${FLOOD_SECONDS:-60}
after=${FLOOD_AFTER:-30}
floods=("${@:-a b c d}")
read -r -a floods <<<"${floods[*]}"

pids=()
cleanup() { local p; for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
etag() { curl -s -o /dev/null -D - "localhost:$1/api/article" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}'; }

# Probes once a second until the file $2 exists: "<epoch> <status> <seconds> <seconds to connect>"
# lines into $3.
probe() {
  local port=$1 stop=$2 into=$3
  while [[ ! -e $stop ]]; do
    printf '%s %s\n' "$(date +%s)" "$(taskset -c 1 curl -s -o /dev/null --max-time 30 \
      -w '%{http_code} %{time_total} %{time_connect}' "localhost:$port/api/article/metadata" || true)" >>"$into"
    sleep 1
  done
}

# The worst and the median probe latency of the lines in $1, and how many were not 200.
summarize() {
  sort -k3,3g "$1" | awk '{ if ($2 != 200) bad++; t[NR] = $3 } END {
    printf "%.3f s max, %.3f s median, %d not 200", t[NR], t[int((NR + 1) / 2)], bad }'
}

run_flood() {
  local name=$1 port=$2; shift 2
  local log=$out/$name.log
  start_warm "$port" "$log" /api/article/metadata /api/article
  local pid=$server_pid
  pids+=("$pid")
  local before rss_start peak=0
  before=$(etag "$port")
  rss_start=$(rss_kb "$pid")
  rm -f "$out/$name.during" "$out/$name.after" "$out/$name.stop"
  probe "$port" "$out/$name.stop" "$out/$name.during" &
  local prober=$!
  # Niced, so that the flood does not starve the probe, which stands for a client elsewhere.
  taskset -c 1 nice -n 19 "$@" >"$out/$name.flood" 2>&1 &
  local flood=$!
  while kill -0 "$flood" 2>/dev/null; do
    peak=$(( $(rss_kb "$pid") > peak ? $(rss_kb "$pid") : peak ))
    sleep 0.5
  done
  touch "$out/$name.stop"; wait "$prober" || true
  rm -f "$out/$name.stop"
  probe "$port" "$out/$name.stop" "$out/$name.after" &
  prober=$!
  for _ in $(seq 1 $((after * 2))); do
    peak=$(( $(rss_kb "$pid") > peak ? $(rss_kb "$pid") : peak )); sleep 0.5
  done
  touch "$out/$name.stop"; wait "$prober" || true
  local after_etag alive=yes ooms errors
  after_etag=$(etag "$port")
  kill -0 "$pid" 2>/dev/null || alive=no
  ooms=$(grep -c OutOfMemoryError "$log" || true)
  errors=$(grep -cE '^\S+\s+ERROR' "$log" || true)
  printf '| %s | %s | %d | %d | %s | %s | %s | %s | %s / %s | %s |\n' "$name" "$(grep -E '^flood |Requests/sec|Socket errors' "$out/$name.flood" | sort | uniq -c | sed 's/^ *\([0-9]*\) /\1 × /' | paste -sd ';' | tr '|' '/')" \
    $((rss_start / 1024)) $((peak / 1024)) "$(summarize "$out/$name.during")" "$(summarize "$out/$name.after")" \
    "$alive" "$([[ $before == "$after_etag" && -n $before ]] && echo same || echo "CHANGED $before $after_etag")" \
    "$ooms" "$errors" "$(grep -c . "$log")" | tee -a "$out/table.md"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

[[ -f $root/target/summit-article-api-1.0.0-SNAPSHOT.jar || -n ${SUMMIT_JAR:-} ]] || (cd "$root" && mvn -B -q package -DskipTests)
: >"$out/table.md"
header='| flood | what the flood tool saw | RSS at start, MB | peak RSS, MB | fresh client during | fresh client after | alive | ETag after | OOM / ERROR lines | log lines |'
echo "$header"; echo '|---|---|--:|--:|---|---|---|---|---|--:|'
flood=(java "$bench/Flood.java")
for f in "${floods[@]}"; do
  case $f in
    a) run_flood "a-idle" "$port" "${flood[@]}" idle --port "$port" --connections "${FLOOD_IDLE:-10000}" --duration "$seconds" ;;
    b) run_flood "b-slowloris" $((port + 1)) "${flood[@]}" slowloris --port $((port + 1)) \
         --connections "${FLOOD_SLOW:-2000}" --interval 5 --duration "${FLOOD_SLOW_SECONDS:-120}" ;;
    c) run_flood "c-wrk" $((port + 2)) wrk -t1 -c "${FLOOD_WRK:-4000}" -d "${seconds}s" \
         "http://127.0.0.1:$((port + 2))/api/article" ;;
    d) run_flood "d-pipeline-search" $((port + 3)) bash -c "end=\$((SECONDS + $seconds)); while ((SECONDS < end)); do
         ${flood[*]} pipeline --port $((port + 3)) --requests 1000 && ${flood[*]} search --port $((port + 3)) \
         --requests 20000 --clients 8; done" ;;
  esac
done
{ echo "$header"; echo '|---|---|--:|--:|---|---|---|---|---|--:|'; cat "$out/table.md"; } >"$bench/results/floods.md"
