#!/usr/bin/env bash
# The internet-facing deployment, shipped and tested: nginx (deploy/nginx.conf: TLS, HTTP/2, a
# cache) in front of two replicas (deploy/run.sh) on loopback, then six scenarios:
#   (iii) an ETag served by replica A gets a 304 from replica B
#   (v)   the cache: each Accept and Accept-Encoding gets its representation, > 90 % hits
#   (vi)  HTTP/2 over TLS: the bytes, ETag and headers of HTTP/1.1 from a replica; HSTS at the edge only
#   (i)   a rolling restart (SIGTERM, wait until ready, the next) under load loses nothing
#   (ii)  2,000 slowloris connections leave the p99 of normal requests within 2x of the p99 without
#   (iv)  SIGKILL of a replica under load: every later request goes to the other
# It prints one line per scenario, then "lost requests: N" (the KOs of all load runs), and exits 1
# when a scenario misses its criterion, 2 when the setup fails. Whatever happens, it stops all it
# started.
#
#   deploy/check.sh
#
# Environment: CHECK_PORT (20080: nginx; the replicas take the next two), CHECK_RATE (100 requests
# a second: during a restart one replica, still cold, serves them all while the other starts on the
# same core), CHECK_SECONDS (30: each measured load run, after 10 s of unmeasured warm-up; the
# rolling restart's is 3 times as long; (ii) has 8 turns of it, half without the flood, half with
# it), SUMMIT_JAR and SUMMIT_APP_DIR (as for deploy/run.sh; by default the built jar).
# Needs nginx, openssl, curl with HTTP/2, java and javac, taskset, chrt, and Maven for bench/load.sh
# (Gatling).
# nginx and the replicas run on core 0, the load and the flood on core 1.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
port=${CHECK_PORT:-20080}
declare -A replica_port=([a]=$((port + 1)) [b]=$((port + 2)))
declare -A management_port=([a]=$((port + 3)) [b]=$((port + 4)))
rate=${CHECK_RATE:-100}
seconds=${CHECK_SECONDS:-30}
warmup=10  # seconds of load rising to the rate before each measured run (bench/load.sh --warmup)
edge=https://127.0.0.1:$port
# The load's requests have query strings, which the edge never caches: they reach the replicas.
load_paths='/api/article/paragraphs?q=putin,/api/article/paragraphs?offset=2&limit=3'

for tool in nginx openssl curl java javac taskset chrt mvn; do
  command -v "$tool" >/dev/null || { echo "check.sh: $tool is missing" >&2; exit 2; }
done
server_cpu=(taskset -c 0) client_cpu=1
(($(nproc) >= 2)) || server_cpu=() client_cpu=0

work=$(mktemp -d "${TMPDIR:-/tmp}/summit-check.XXXXXX")
chmod 755 "$work"  # nginx's workers run as nobody when it starts as root
ulimit -n "$(ulimit -Hn)"
declare -A pid=()  # what runs: a and b (replicas), nginx, load, flood; each the leader of its group
failed=0 lost=0

# Stops everything, each process group whole: TERM, then KILL what is left after 30 s. The last
# line comes from here.
cleanup() {
  local status=$? name
  set +e
  trap - EXIT INT TERM
  for name in "${!pid[@]}"; do kill -TERM -- "-${pid[$name]}" 2>/dev/null; done
  for _ in $(seq 60); do
    for name in "${!pid[@]}"; do kill -0 -- "-${pid[$name]}" 2>/dev/null || unset "pid[$name]"; done
    ((${#pid[@]})) || break
    sleep 0.5
  done
  for name in "${!pid[@]}"; do kill -KILL -- "-${pid[$name]}" 2>/dev/null; done
  if ((status || failed)); then echo "logs: $work"; else rm -rf "$work"; fi
  echo "lost requests: $lost"
  exit $((status ? status : failed))
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "check.sh: $*" >&2; exit 2; }
now() { date +%s.%N; }
since() { awk -v t="$1" -v n="$(now)" 'BEGIN { printf "%.1f", n - t }'; }
report() { local ok=$1; shift; echo "$*: $( ((ok)) && echo ok || echo FAIL)"; ((ok)) || failed=1; }
edge_curl() { curl -s --max-time 10 --cacert "$work/edge/edge.crt" "$@"; }
replica_curl() { curl -s --max-time 10 "$@"; }
etag_of() { tr -d '\r' <"$1" | awk -F': ' 'tolower($1) == "etag" { print $2 }'; }

# --- the servers ---------------------------------------------------------------------------------

start_replica() {  # name; in a session of its own; run.sh execs java, so $! is the JVM
  setsid "${server_cpu[@]}" "$root/deploy/run.sh" --server.port="${replica_port[$1]}" \
    --management.server.port="${management_port[$1]}" >>"$work/replica-$1.log" 2>&1 &
  pid[$1]=$!
}

wait_ready() {  # name: up to 120 s
  for _ in $(seq 240); do
    kill -0 "${pid[$1]}" 2>/dev/null || die "replica $1 exited while starting; see $work/replica-$1.log"
    replica_curl -f -o /dev/null "http://127.0.0.1:${replica_port[$1]}/readyz" && return
    sleep 0.5
  done
  die "replica $1 not ready after 120 s; see $work/replica-$1.log"
}

stop_replica() {  # name signal: waits up to 40 s (a drain takes at most 30), sets $exit_status
  exit_status=0
  # bash would print a "Killed" notice for a job that SIGKILL ends; out of its job table, it won't.
  [[ $2 == KILL ]] && disown "${pid[$1]}" && exit_status=137
  kill "-$2" "${pid[$1]}"
  for _ in $(seq 80); do kill -0 "${pid[$1]}" 2>/dev/null || break; sleep 0.5; done
  kill -0 "${pid[$1]}" 2>/dev/null && die "replica $1 still running 40 s after SIG$2"
  [[ $2 == KILL ]] || wait "${pid[$1]}" || exit_status=$?
  unset "pid[$1]"
}

start_edge() {  # the configuration with our ports, a self-signed certificate, all under $work/edge
  mkdir -p "$work/edge/logs" "$work/edge/tmp"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
    -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
    -keyout "$work/edge/edge.key" -out "$work/edge/edge.crt" 2>"$work/openssl.log"
  sed -e "s/\${EDGE_LISTEN}/127.0.0.1:$port/" -e "s/\${REPLICA_1}/127.0.0.1:${replica_port[a]}/" \
    -e "s/\${REPLICA_2}/127.0.0.1:${replica_port[b]}/" "$root/deploy/nginx.conf" >"$work/edge/nginx.conf"
  setsid "${server_cpu[@]}" nginx -p "$work/edge/" -c "$work/edge/nginx.conf" -e stderr -g 'daemon off;' \
    >"$work/nginx.log" 2>&1 &
  pid[nginx]=$!
  for _ in $(seq 20); do edge_curl -o /dev/null "$edge/readyz" && return; sleep 0.5; done
  die "nginx does not answer; see $work/nginx.log"
}

# --- load through the edge, and what nginx's log says of it ---------------------------------------

start_load() {  # name seconds [option...]: bench/load.sh in the background; its line into $work/name.load
  setsid "$root/bench/load.sh" --url "$edge" --rate "$rate" --duration "$2" --warmup "$warmup" \
    --paths "$load_paths" --cpus "$client_cpu" --name "edge-$1" "${@:3}" >"$work/$1.load" 2>"$work/$1.load.err" &
  pid[load]=$!
  load_ends=$((SECONDS + warmup + $2 + 300))  # Maven, Gatling and its report: minutes at most
}

finish_load() {  # name: waits for it to end by itself, and counts its KOs as lost
  while kill -0 "${pid[load]}" 2>/dev/null; do
    ((SECONDS < load_ends)) || die "bench/load.sh still running 5 min after its end; see $work/$1.load.err"
    sleep 1
  done
  wait "${pid[load]}" || true
  unset "pid[load]"
  grep -q '^gatling:' "$work/$1.load" || die "bench/load.sh failed; see $work/$1.load.err"
  lost=$((lost + $(stat_of "$1" ko)))
}

stat_of() { sed -n "s/^gatling:.* $2=\([0-9.]*\).*/\1/p" "$work/$1.load"; }  # name field

# The GETs in nginx's log as "end start status replicas": the replicas tried, comma-separated, in
# order ("-" for none: a cache hit).
requests() {
  awk '$4 == "GET" { r = $7; for (i = 8; i <= NF; i++) r = r $i; printf "%s %.3f %s %s\n", $1, $1 - $2, $3, r }' \
    "$work/edge/logs/access.log"
}

wait_measured() {  # until the load that began after time $1 is past its warm-up: up to 180 s
  for _ in $(seq 360); do
    if requests | awk -v t="$1" '$1 > t { found = 1; exit } END { exit !found }'; then
      sleep "$warmup"
      return
    fi
    sleep 0.5
  done
  die "no load arrived within 180 s (Maven and Gatling start first); see $work/*.load.err"
}

wait_in_rotation() {  # name time: until nginx got a 200 from that replica after the time: up to 30 s
  for _ in $(seq 60); do
    requests | awk -v t="$2" -v r="127.0.0.1:${replica_port[$1]}" '
      $1 > t && $3 == 200 && $4 ~ "(^|,)" r "$" { found = 1; exit } END { exit !found }' && return
    sleep 0.5
  done
  return 1
}

edge_connections() {  # established TCP connections to nginx's port, from /proc (no ss needed)
  awk -v p="$(printf ':%04X' "$port")" '$2 ~ p "$" && $4 == "01"' /proc/net/tcp | wc -l
}

# --- the scenarios -------------------------------------------------------------------------------

scenario_etag() {  # (iii) A's tag for each representation, sent to B in If-None-Match
  local good=0 total=0 path accept tag code
  for path in / /api/article /api/article/paragraphs/3; do
    for accept in application/json text/plain; do
      [[ $path == / && $accept == text/plain ]] && continue  # the index is JSON only
      total=$((total + 1))
      replica_curl -o /dev/null -D "$work/a.head" -H "Accept: $accept" "http://127.0.0.1:${replica_port[a]}$path"
      tag=$(etag_of "$work/a.head")
      code=$(replica_curl -o /dev/null -w '%{http_code}' -H "Accept: $accept" -H "If-None-Match: $tag" \
        "http://127.0.0.1:${replica_port[b]}$path")
      [[ -n $tag && $code == 304 ]] && good=$((good + 1))
    done
  done
  report $((good == total)) "(iii) ETag across replicas: $good/$total tags served by A answered 304 by B"
}

# Request i of (v): Accept ${accepts[i % 4]}, and gzip for i / 4 odd, in $accept and $headers.
accepts=(application/json text/plain text/markdown application/ld+json)
representation() {
  accept=${accepts[$1 % 4]} headers=(-H "Accept: ${accepts[$1 % 4]}")
  if (($1 / 4 % 2)); then accept+=" gzip" headers+=(-H 'Accept-Encoding: gzip'); fi
}

scenario_cache() {  # (v) 32 rounds of the 8 representations of /api/article; the first warms up
  local i accept headers
  declare -A tag=()
  for ((i = 0; i < 8; i++)); do  # what replica A serves, to know each representation by its ETag
    representation $i
    replica_curl -o /dev/null -D "$work/a.head" "${headers[@]}" "http://127.0.0.1:${replica_port[a]}/api/article"
    tag[$accept]=$(etag_of "$work/a.head")
  done
  for ((i = 0; i < 32 * 8; i++)); do
    representation $i
    edge_curl --http2 -o /dev/null "${headers[@]}" "$edge/api/article" \
      -w "$i|$accept|${tag[$accept]}|%{http_code}|%{content_type}|%header{content-encoding}|%header{etag}|%header{x-cache-status}\n" ||
      echo "$i|$accept|${tag[$accept]}|curl failed"
  done >"$work/cache.txt"
  # Right: 200, the media type asked for, gzip exactly when asked, and the replica's ETag for it.
  local total right after hits
  read -r total right after hits < <(awk -F'|' '
    { split($2, want, " "); type = $5; sub(/;.*/, "", type)
      if ($4 == 200 && type == want[1] && $6 == want[2] && $7 == $3) right++
      if ($1 >= 8) { after++; if ($8 == "HIT") hits++ } }
    END { print NR, right + 0, after, hits + 0 }' "$work/cache.txt")
  report $((right == total && hits * 10 > after * 9)) "(v) cache, 4 Accept x 2 Accept-Encoding alternating:" \
    "$right/$total answers the representation asked for; $hits/$after hits after warm-up" \
    "($(awk -v h="$hits" -v n="$after" 'BEGIN { printf "%.1f", 100 * h / n }') %)"
}

service_headers() {  # a response head's headers, names in lower case, without those of the hop
  tr -d '\r' <"$1" | sed 1d | awk -F': ' 'NF > 1 { print tolower($1) ": " substr($0, length($1) + 3) }' |
    grep -Ev '^(date|server|connection|keep-alive|transfer-encoding|strict-transport-security|x-cache-status):' |
    sort
}

scenario_http2() {  # (vi)
  local good=0 total=0 path enc version bad=()
  for path in / /api/article /api/article/metadata /api/article/paragraphs/3; do
    for enc in identity gzip; do
      total=$((total + 1))
      version=$(edge_curl --http2 -o "$work/edge.body" -D "$work/edge.head" -w '%{http_version}' \
        -H "Accept-Encoding: $enc" "$edge$path")
      replica_curl --http1.1 -o "$work/replica.body" -D "$work/replica.head" -H "Accept-Encoding: $enc" \
        "http://127.0.0.1:${replica_port[a]}$path"
      if [[ $version == 2 ]] && cmp -s "$work/edge.body" "$work/replica.body" &&
        [[ -n $(etag_of "$work/edge.head") && $(etag_of "$work/edge.head") == "$(etag_of "$work/replica.head")" ]] &&
        [[ $(service_headers "$work/edge.head") == "$(service_headers "$work/replica.head")" ]]; then
        good=$((good + 1))
      else
        bad+=("$path/$enc")
      fi
    done
  done
  local hsts_edge hsts_replica server
  hsts_edge=$(grep -ci '^strict-transport-security:' "$work/edge.head" || true)
  hsts_replica=$(grep -ci '^strict-transport-security:' "$work/replica.head" || true)
  server=$(tr -d '\r' <"$work/edge.head" | awk -F': ' 'tolower($1) == "server" { print $2 }')
  report $((good == total && hsts_edge == 1 && hsts_replica == 0)) \
    "(vi) HTTP/2 over TLS: $good/$total with the bytes, ETag and headers of HTTP/1.1 from a replica${bad:+ (not ${bad[*]})};" \
    "Strict-Transport-Security at the edge: $hsts_edge, at the replica: $hsts_replica; edge's Server: ${server:-none}"
}

scenario_rolling() {  # (i) each replica in turn: SIGTERM, drained, started, ready, served again
  # and given 10 s to warm up (its JIT) before the next goes down, as a rollout's "min ready" time
  local t name ready figures=() served=1
  t=$(now)
  start_load rolling $((3 * seconds))  # two restarts of 15 to 30 s each on a busy core
  wait_measured "$t"
  for name in a b; do
    t=$(now)
    stop_replica "$name" TERM
    start_replica "$name"
    wait_ready "$name"
    ready=$(since "$t") t=$(now)
    if wait_in_rotation "$name" "$t"; then
      figures+=("$name exit $exit_status, ready ${ready} s after SIGTERM, served again $(since "$t") s later")
    else
      figures+=("$name exit $exit_status, ready ${ready} s after SIGTERM, but not served within 30 s") && served=0
    fi
    sleep 10
  done
  local during=1  # the restarts must end before the load does, or they were not under load
  kill -0 "${pid[load]}" 2>/dev/null || during=0
  finish_load rolling
  local ko
  ko=$(stat_of rolling ko)
  report $((ko == 0 && during && served)) "(i) rolling restart at $rate req/s: ${figures[0]}; ${figures[1]};" \
    "KO $ko of $(stat_of rolling requests)$( ((during)) || echo ', but the load ended first')"
}

# The slowloris flood (bench/Flood.java, compiled into $work/flood) on core 1 beside the load,
# at the lowest priority (SCHED_IDLE): an attacker's CPU is not the client's, and the load's
# latency must measure the servers, not a client starved by the flood. Returns once it holds 2000
# connections.
start_flood() {
  setsid chrt --idle 0 taskset -c "$client_cpu" java -cp "$work/flood" Flood slowloris --port "$port" \
    --connections 2000 --interval 5 --duration 600 >>"$work/flood.log" 2>&1 &
  pid[flood]=$!
  local held=0
  for _ in $(seq 120); do
    held=$(edge_connections)
    ((held >= 2000)) && return
    sleep 0.5
  done
  die "the flood holds $held connections after 60 s, not 2000; see $work/flood.log"
}

stop_flood() {
  kill -0 "${pid[flood]}" 2>/dev/null || die "the flood stopped early; see $work/flood.log"
  kill -TERM -- "-${pid[flood]}"
  wait "${pid[flood]}" || true
  unset "pid[flood]"
  sleep 1  # nginx closes the 2000 connections: in neither window
}

# (ii) One load, and the flood on and off in turns: 8 windows without it and 8 with it, each half
# of CHECK_SECONDS, and the p99 of each kind over all its windows. A host that slows down for a
# few seconds now and then (other tenants of the VM: both replicas and nginx at once) then weighs
# on both kinds alike. One run without and one with compared two moments: on this VM, runs
# without the flood alone had a p99 from 7 to 29 ms, and (ii) failed once at 3.57x; with 4 turns
# of 15 s, the p99 of single windows went from 5 to 15 ms, flood or not.
scenario_slowloris() {
  local t i turns=8
  javac -d "$work/flood" "$root/bench/Flood.java"  # once, and before the load
  t=$(now)
  # The windows, and 4 s a turn for the flood's start and stop, which are in neither.
  start_load slow $((turns * (seconds + 4))) --trace "$work/slow.trace"
  wait_measured "$t"
  for ((i = 0; i < turns; i++)); do
    window without
    start_flood
    window with
    stop_flood
  done
  kill -0 "${pid[load]}" 2>/dev/null || die "the load ended before the windows; see $work/slow.load"
  finish_load slow
  # Each measured request by the window it started in, "kind ms" (or "kind KO").
  awk 'NR == FNR { kind[NR] = $1; from[NR] = $2 * 1000; to[NR] = $3 * 1000; n = NR; next }
    { for (i = 1; i <= n; i++) if ($1 >= from[i] && $1 < to[i]) { print kind[i], $2; break } }' \
    "$work/slow.windows" "$work/slow.trace" >"$work/slow.by-window"
  local p0 p1 n0 n1 ko dropped
  read -r n0 p0 < <(p99_of without) && read -r n1 p1 < <(p99_of with)
  ko=$(stat_of slow ko)
  dropped=$(awk -v t="$t" '$1 > t && $3 == 408' "$work/edge/logs/access.log" | wc -l)  # heads timed out
  report $((p1 <= 2 * p0 && ko == 0 && n0 > 0 && n1 > 0)) \
    "(ii) slowloris at $rate req/s, $turns x $((seconds / 2)) s without and with it in turns:" \
    "p99 $p0 ms without ($n0 requests), $p1 ms with 2000 slow connections ($n1 requests)" \
    "($(awk -v a="$p0" -v b="$p1" 'BEGIN { printf "%.2f", b / (a > 0 ? a : 1) }')x, at most 2x; nginx cut" \
    "$dropped slow heads at 10 s); KO $ko of $(stat_of slow requests)"
}

window() {  # kind: half of CHECK_SECONDS, appended to $work/slow.windows as "kind from to" (s since the epoch)
  local from
  from=$(now)
  sleep $((seconds / 2))
  echo "$1 $from $(now)" >>"$work/slow.windows"
}

p99_of() {  # kind: "N P99" of the OK requests in that kind of window, ranked as the simulation does
  awk -v k="$1" '$1 == k && $2 != "KO" { print $2 }' "$work/slow.by-window" | sort -n |
    awk '{ v[NR] = $1 } END { r = int(0.99 * NR); if (r < 0.99 * NR) r++; print NR, (NR ? v[r] : 0) }'
}

scenario_kill() {  # (iv) SIGKILL of B 5 s into the load; B is started again after it
  local t killed_at
  t=$(now)
  start_load kill "$seconds"
  wait_measured "$t"
  sleep 5
  killed_at=$(now)
  stop_replica b KILL
  finish_load kill
  # From nginx's log: the requests on B when it died (begun before, ended after), and those begun
  # after, which must all have been answered by A (some after a failed try on B).
  local in_flight later by_a retried
  read -r in_flight later by_a retried < <(requests | awk -v k="$killed_at" \
    -v a="127.0.0.1:${replica_port[a]}" -v b="127.0.0.1:${replica_port[b]}" '
    { n = split($4, tried, ",") }
    $2 <= k && $1 >= k && index("," $4 ",", "," b ",") { in_flight++ }
    $2 > k { later++; if ($3 ~ /^2/ && tried[n] == a) { by_a++; if (n > 1) retried++ } }
    END { print in_flight + 0, later + 0, by_a + 0, retried + 0 }')
  t=$(now)
  start_replica b
  wait_ready b
  local ko
  ko=$(stat_of kill ko)
  report $((ko <= in_flight && later > 0 && by_a == later)) \
    "(iv) SIGKILL of B (exit $exit_status) at $rate req/s: lost $ko (in flight on B: at most $in_flight);" \
    "$by_a/$later later requests answered by A ($retried after a failed try on B); B ready again in $(since "$t") s"
}

# --- the run -------------------------------------------------------------------------------------

start_replica a
start_replica b
wait_ready a
wait_ready b
start_edge

scenario_etag
scenario_cache
scenario_http2
scenario_rolling
scenario_slowloris  # after (i), whose load has warmed the restarted replicas
scenario_kill
