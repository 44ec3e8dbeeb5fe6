#!/usr/bin/env bash
# Measures the article service beside what it is built on, every row the same way, in one run.
# The rows, all serving the same URL with the same body bytes:
#   nginx                 1 worker, the service's body as a static file, its headers by add_header
#   floor-headers         a bare embedded Tomcat (bench/floor): one servlet, the service's headers
#   floor-bare            the same servlet with only Content-Type and Content-Length
#   floor-bytes           the same servlet, the service's headers added as bytes by a Tomcat valve
#                         (below the servlet API: what Tomcat spends encoding a header's strings)
#   stock                 a stock Spring MVC controller (bench/stock): a record Jackson renders
#   service-default       the service, java -jar
#   service-recommended   the service, deploy/run.sh (CDS or AOT cache, Spring AOT, its JVM flags)
# Every server runs on core 0 (taskset), every load generator on the other core(s):
#   1. throughput: wrk -t1 at each connection count, medians of rounds that go round-robin over
#      the rows after a JIT warm-up; the server's CPU time (utime + stime of the whole process
#      from /proc/PID/stat, nginx's master and worker) per request
#   1b. head to head: the default launch and each row the targets compare it with, loaded at the
#      same time on the same core, for ratios that the host's drift does not skew
#   2. latency at one fixed arrival rate for every row, open model: Gatling (bench/load.sh)
#   3. startup, exec to the first 200 on /api/article: java -jar against deploy/run.sh (Java 17
#      CDS; Java 25 AOT cache when that JDK is there); unpinned, nothing else of ours running
#   4. memory of the recommended launch: RSS after startup, after load, and holding idle
#      connections (bench/Flood.java idle)
# The soak is bench/soak.sh; floods are bench/floods.sh.
#
#   bench/run.sh                  full run, about an hour: bench/results/latest.md, and a dated copy
#   BENCH_QUICK=1 bench/run.sh    smoke test, 6 to 9 min, figures not meaningful: bench/results/quick.md
# Quick mode: 2 s wrk runs, 1 round, 5 s warm-ups, Gatling 2 s + 5 s at the cap, 1 startup each,
# 5 s of load and of idle connections; every setting below still applies.
# Figures are only as good as the machine is quiet: each throughput row says how much of the
# server's core other processes took during it ("others").
#
# Settings (environment; seconds as 10 or 10s):
#   BENCH_URL (/api/article/metadata)  the URL every row serves; the stock row always serves the metadata
#   BENCH_GZIP (0)          1: every request asks for gzip (rows serve what the service answers to that)
#   BENCH_CONNS ("8 64 256 1024")      wrk connection counts
#   BENCH_DURATION (10)     one wrk run            BENCH_ROUNDS (3)       rounds over all the rows
#   BENCH_WARMUP (150)      wrk at 64 connections on each JVM row before measuring (nginx: 5); on
#                           its one core the stock controller's JIT needs some 130 s of it before
#                           its CPU a request stops falling (the service some 60 s)
#   BENCH_RATE              Gatling's fixed rate, req/s (default: half the floor-headers row's req/s
#                           at 64 connections, at most BENCH_RATE_CAP, stepped down on nginx until
#                           Gatling keeps it with no KO)
#   BENCH_RATE_CAP (3000)   some 60 % of what one core of Gatling generates: at 5,000/s, a few
#                           seconds of CPU taken from Gatling made its unbounded connection pool
#                           grow past 10,000 connections, and the run measured Gatling, not the server
#   BENCH_PAIRS (5)         head-to-head runs a row      BENCH_PAIR_DURATION (10)  seconds a run
#   BENCH_GATLING_DURATION (20)  BENCH_GATLING_WARMUP (10)   per Gatling run
#   BENCH_GATLING_ROUNDS (3)     Gatling runs a row, round-robin over the rows like wrk's; the host's
#                           stalls during each (bench/hiccups.py) beside it
#   BENCH_STARTUP_RUNS (5)  BENCH_MEM_LOAD (60)    BENCH_IDLE (10000)  BENCH_IDLE_SECONDS (30)
#   BENCH_SECTIONS ("throughput pairs latency startup memory")  any of them; latency needs throughput
#                           unless BENCH_RATE is set
#   BENCH_PORT (29000)      rows on PORT to PORT+6, startup and memory on PORT+10; a management
#                           port of the service's own, if its jar sets one, moves to each port+20
#   BENCH_APP_DIR (this work tree)  the project whose jar and deploy/run.sh are measured
#   BENCH_JAR               the jar (default: BENCH_APP_DIR/target/summit-article-api-*.jar; built
#                           with mvn when BENCH_APP_DIR is this tree and has none)
#   BENCH_JAVA_HOME         the JDK of every JVM row (default: that of the java on PATH)
#   BENCH_JAVA25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64)   startup only; skipped if absent
#   BENCH_OUT               the report (default: latest.md for a full run of every section,
#                           quick.md for BENCH_QUICK=1, partial.md otherwise, in bench/results)
# Needs: java, mvn, wrk, nginx, curl, python3, taskset, ss, unzip; two cores or more.
set -euo pipefail

# shellcheck source=bench/server.sh
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
RESULTS=$bench/results

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
secs() { local v=${1%s}; [[ $v =~ ^[0-9]+$ && $v -gt 0 ]] || die "not a number of seconds: $1"; echo "$v"; }

ALL_SECTIONS="throughput pairs latency startup memory"
QUICK=${BENCH_QUICK:-0}
if [[ $QUICK == 1 ]]; then
  d=(2 1 5 5 2 1 5 5 1 2 2)
else
  d=(10 3 150 20 10 5 60 30 3 5 10)
fi
DURATION=$(secs "${BENCH_DURATION:-${d[0]}}")
ROUNDS=$(secs "${BENCH_ROUNDS:-${d[1]}}")
WARMUP=$(secs "${BENCH_WARMUP:-${d[2]}}")
GATLING_DURATION=$(secs "${BENCH_GATLING_DURATION:-${d[3]}}")
GATLING_WARMUP=$(secs "${BENCH_GATLING_WARMUP:-${d[4]}}")
GATLING_ROUNDS=$(secs "${BENCH_GATLING_ROUNDS:-${d[8]}}")
STARTUP_RUNS=$(secs "${BENCH_STARTUP_RUNS:-${d[5]}}")
MEM_LOAD=$(secs "${BENCH_MEM_LOAD:-${d[6]}}")
IDLE_SECONDS=$(secs "${BENCH_IDLE_SECONDS:-${d[7]}}")
IDLE=$(secs "${BENCH_IDLE:-10000}")
PAIRS=$(secs "${BENCH_PAIRS:-${d[9]}}")
PAIR_DURATION=$(secs "${BENCH_PAIR_DURATION:-${d[10]}}")
RATE=${BENCH_RATE:-}
[[ -z $RATE ]] || RATE=$(secs "$RATE")
RATE_CAP=$(secs "${BENCH_RATE_CAP:-3000}")
CONNS=${BENCH_CONNS:-"8 64 256 1024"}
URL=${BENCH_URL:-/api/article/metadata}
[[ $URL == /* ]] || die "BENCH_URL must be a path: $URL"
GZIP=${BENCH_GZIP:-0}
SECTIONS=" ${BENCH_SECTIONS:-$ALL_SECTIONS} "
section() { [[ $SECTIONS == *" $1 "* ]]; }
PORT=${BENCH_PORT:-29000}
APP_DIR=$(cd "${BENCH_APP_DIR:-$root}" && pwd)
JAVA_HOME17=${BENCH_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JAVA=$JAVA_HOME17/bin/java
JAVA25_HOME=${BENCH_JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
if [[ -n ${BENCH_OUT:-} ]]; then
  OUT=$BENCH_OUT
elif [[ $QUICK == 1 ]]; then
  OUT=$RESULTS/quick.md
else
  OUT=$RESULTS/latest.md
  for s in $ALL_SECTIONS; do section "$s" || OUT=$RESULTS/partial.md; done
fi
section latency && ! section throughput && [[ -z $RATE ]] && die "the latency section alone needs BENCH_RATE"

for tool in "$JAVA" mvn wrk nginx curl python3 taskset ss unzip; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y wrk nginx ...)"
done
(($(nproc) >= 2)) || die "needs two cores: the servers on core 0, the load on the others"
LOAD_CPUS=1-$(($(nproc) - 1))
[[ $LOAD_CPUS != 1-1 ]] || LOAD_CPUS=1
ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) > IDLE + 1100)) || log "warning: ulimit -n is $(ulimit -n): too few for $IDLE idle connections"
HZ=$(getconf CLK_TCK)

# --- processes: everything started here is stopped on exit, whatever happens -------------------
PIDS=()
TMP=$(mktemp -d "${TMPDIR:-/tmp}/summit-bench.XXXXXX")
chmod 755 "$TMP" # nginx workers run as another user
mkdir "$TMP/jvm"
export JAVA_TOOL_OPTIONS="-Djava.io.tmpdir=$TMP/jvm${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}" # Tomcat's work dirs
unset JAVA_OPTS # deploy/run.sh runs with its own flags only
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
stop_pid() { # TERM, up to 15 s, then KILL
  local pid=$1 i p keep=()
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do alive "$pid" || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [[ $p == "$pid" ]] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}
rss_kb() { local pid s=0; for pid; do s=$((s + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0))); done; echo "$s"; }
core_ticks() { # CPU-LIST (0 or 1-3): "<busy> <all>" clock ticks of those cores since boot (/proc/stat)
  awk -v from="${1%-*}" -v to="${1#*-}" '$1 ~ /^cpu[0-9]+$/ && substr($1, 4) + 0 >= from + 0 && substr($1, 4) + 0 <= to + 0 {
      for (i = 2; i <= 9; i++) all += $i
      busy += $2 + $3 + $4 + $7 + $8 + $9 } END { print busy, all }' /proc/stat
}
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

LOGS=$RESULTS/logs/$(basename "$OUT" .md)
rm -rf "$LOGS"
mkdir -p "$LOGS"
STAMP=$(date +%Y%m%d-%H%M%S)
BEGIN=$SECONDS

# --- what is measured: the service's jar, the floor and the stock controller --------------------
# (On a fresh clone there is no target/: find fails, and under pipefail that must not end the run.)
SRC_JAR=${BENCH_JAR:-$(find "$APP_DIR/target" -maxdepth 1 -name 'summit-article-api-*.jar' ! -name '*-plain.jar' 2>/dev/null | head -n 1 || true)}
if [[ -z $SRC_JAR ]]; then
  [[ $APP_DIR == "$root" ]] || die "no jar in $APP_DIR/target: build it there (mvn -DskipTests package) or set BENCH_JAR"
  log "building the service: mvn -q -B -DskipTests package"
  (cd "$root" && mvn -q -B -DskipTests package) >"$LOGS/build.log" 2>&1 || die "build failed; see $LOGS/build.log"
  SRC_JAR=$(find "$root/target" -maxdepth 1 -name 'summit-article-api-*.jar' ! -name '*-plain.jar' | head -n 1)
fi
[[ -f $SRC_JAR ]] || die "no such jar: $SRC_JAR"
JAR=$TMP/$(basename "$SRC_JAR")
cp "$SRC_JAR" "$JAR" # a rebuild of the tree during the run changes nothing here
tree=$(git -C "$APP_DIR" log -1 --format='%h of %cd' --date=short 2>/dev/null || echo "not a git tree")
[[ -z $(git -C "$APP_DIR" status --porcelain --untracked-files=no 2>/dev/null) ]] || tree+=", with uncommitted changes"
SOURCE="$SRC_JAR, built $(date -r "$SRC_JAR" '+%Y-%m-%d %H:%M'); its tree at $tree"
for module in floor stock; do
  log "building bench/$module"
  mvn -q -B -f "$bench/$module/pom.xml" package >"$LOGS/build-$module.log" 2>&1 || die "bench/$module: build failed; see $LOGS/build-$module.log"
done
FLOOR_CP="$bench/floor/target/classes:$bench/floor/target/lib/*"
STOCK_JAR=$(find "$bench/stock/target" -maxdepth 1 -name 'summit-bench-stock-*.jar' | head -n 1)
TOMCAT=$(basename "$(find "$bench/floor/target/lib" -name 'tomcat-embed-core-*.jar')" .jar)
# A service with a management port of its own (one fixed number) gets one of ours beside each port.
MGMT=$(unzip -p "$JAR" BOOT-INF/classes/application.properties 2>/dev/null | grep -c '^management\.server\.port=' || true)
ports() { # PORT: the service's port arguments into PORT_ARGS (its management port, if any, at PORT + 20)
  PORT_ARGS=(--server.port="$1")
  ((MGMT == 0)) || PORT_ARGS+=(--management.server.port=$(($1 + 20)))
}
# deploy/run.sh of the project measured, with its extracted jar and archive here, not in its tree.
REC17=(env JAVA_HOME="$JAVA_HOME17" SUMMIT_JAR="$JAR" SUMMIT_APP_DIR="$TMP/app17" "$APP_DIR/deploy/run.sh")
REC25=(env JAVA_HOME="$JAVA25_HOME" SUMMIT_JAR="$JAR" SUMMIT_APP_DIR="$TMP/app25" "$APP_DIR/deploy/run.sh")
cd "$TMP"

# --- 3. startup (first: nothing else of ours is running) --------------------------------------
STARTUP_ROWS=()
startup_once() { # COMMAND...: "<ms> <RSS kB>" at the first 200 on /api/article into $TMP/startup.out
  ! port_busy $((PORT + 10)) || die "port $((PORT + 10)) is in use (set BENCH_PORT)"
  ports $((PORT + 10))
  python3 "$bench/startup.py" $((PORT + 10)) /api/article 180 "$LOGS/startup.log" -- "$@" "${PORT_ARGS[@]}" >"$TMP/startup.out" &
  PIDS+=("$!")
  wait "$!" || die "startup failed: $*; see $LOGS/startup.log"
  stop_pid "$!"
}
startup_case() { # LABEL COMMAND...
  local label=$1 i out ms=() rss=()
  shift
  log "startup: $label ×$STARTUP_RUNS"
  for ((i = 0; i < STARTUP_RUNS; i++)); do
    startup_once "$@"
    read -r out <"$TMP/startup.out"
    ms+=("${out% *}") rss+=("$((${out#* } / 1024))")
  done
  STARTUP_ROWS+=("$label|$(printf '%s\n' "${ms[@]}" | median)|$(printf '%s\n' "${ms[@]}" | sort -g | head -1)|$(printf '%s\n' "${ms[@]}" | sort -g | tail -1)|$(printf '%s\n' "${rss[@]}" | median)")
}
if section startup; then
  startup_case "Java 17, java -jar" "$JAVA" -jar "$JAR"
  log "startup: deploy/run.sh's first start on Java 17 extracts the jar and trains its archive (not timed)"
  startup_once "${REC17[@]}"
  startup_case "Java 17, deploy/run.sh (CDS + Spring AOT)" "${REC17[@]}"
  if [[ -x $JAVA25_HOME/bin/java ]]; then
    startup_case "Java 25, java -jar" "$JAVA25_HOME/bin/java" -jar "$JAR"
    log "startup: deploy/run.sh's first start on Java 25 (not timed)"
    startup_once "${REC25[@]}"
    startup_case "Java 25, deploy/run.sh (AOT cache + Spring AOT)" "${REC25[@]}"
  else
    log "startup: no Java 25 at $JAVA25_HOME, skipping its AOT cache"
  fi
fi

# --- the rows ------------------------------------------------------------------------------------
ROWS=(nginx floor-headers floor-bare floor-bytes stock service-default service-recommended)
declare -A LABEL=(
  [nginx]="nginx, 1 worker"
  [floor-headers]="bare Tomcat, the service's headers"
  [floor-bare]="bare Tomcat, Content-Type and Content-Length only"
  [floor-bytes]="bare Tomcat, the service's headers as bytes (a valve)"
  [stock]="stock Spring MVC controller"
  [service-default]="service, java -jar"
  [service-recommended]="service, deploy/run.sh"
)
declare -A RPORT=() PID=() CHECK=() RSS=()
for i in "${!ROWS[@]}"; do RPORT[${ROWS[i]}]=$((PORT + i)); done
ENC=() # request headers of every client
[[ $GZIP == 1 ]] && ENC=(-H "Accept-Encoding: gzip")

start_row() { # ROW
  local row=$1 port=${RPORT[$1]} command
  ports "$port"
  case $row in
    nginx) command=(nginx -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf") ;;
    floor-headers) command=("$JAVA" -cp "$FLOOR_CP" news.summit.floor.Floor "$port" "$TMP/body" "$CONTENT_TYPE" "$TMP/headers") ;;
    floor-bare) command=("$JAVA" -cp "$FLOOR_CP" news.summit.floor.Floor "$port" "$TMP/body" "$CONTENT_TYPE") ;;
    floor-bytes) command=("$JAVA" -cp "$FLOOR_CP" news.summit.floor.Floor "$port" "$TMP/body" "$CONTENT_TYPE" "$TMP/headers" bytes) ;;
    stock) command=("$JAVA" -jar "$STOCK_JAR" --server.port="$port" --stock.metadata="$TMP/metadata.json" --stock.path="${URL%%\?*}")
      [[ $GZIP == 0 ]] || command+=(--server.compression.enabled=true --server.compression.mime-types=application/json) ;;
    service-default) command=("$JAVA" -jar "$JAR" "${PORT_ARGS[@]}") ;;
    service-recommended) command=("${REC17[@]}" "${PORT_ARGS[@]}") ;;
  esac
  log "starting $row on port $port"
  start_pinned "$port" "$URL" "$LOGS/$row.log" "${command[@]}" || die "$row did not start"
  PID[$row]=$server_pid
  PIDS+=("$server_pid")
}
row_pids() { # ROW: the server's processes (nginx: master and worker)
  echo "${PID[$1]}"
  [[ $1 != nginx ]] || ps -o pid= --ppid "${PID[$1]}"
}
check_alive() { local row; for row in "${ROWS[@]}"; do alive "${PID[$row]}" || die "$row (pid ${PID[$row]}) is gone; see $LOGS/$row.log"; done; }
headers_of() { tr -d '\r' <"$1" | awk 'NR > 1 && NF && tolower($1) != "date:" { $1 = tolower($1); print }' | sort; }
check_row() { # ROW: does it answer the service's bytes and headers?
  local row=$1 what missing extra
  curl -fsS "${ENC[@]}" -D "$TMP/$row.head" -o "$TMP/$row.body" "http://127.0.0.1:${RPORT[$row]}$URL" || die "$row does not answer 2xx on $URL"
  if cmp -s "$TMP/$row.body" "$TMP/body"; then what="same bytes"; else what="**other bytes ($(wc -c <"$TMP/$row.body") B)**"; fi
  missing=$(comm -23 <(headers_of "$TMP/service-default.head") <(headers_of "$TMP/$row.head") | cut -d: -f1 | paste -sd, - | sed 's/,/, /g')
  extra=$(comm -13 <(headers_of "$TMP/service-default.head") <(headers_of "$TMP/$row.head") | paste -sd';' - | sed 's/;/; /g')
  [[ -z $missing && -z $extra ]] && what+=", same headers"
  [[ -z $missing ]] || what+=", without: $missing"
  [[ -z $extra ]] || what+=", with: \`${extra//|/\\|}\`"
  CHECK[$row]=$what
}

nginx_conf() { # the service's headers by add_header; its body as a static file
  local line name value
  echo "worker_processes 1;"
  echo "worker_rlimit_nofile 20000;"
  echo "pid $TMP/nginx/nginx.pid;"
  echo "daemon off;"
  echo "events { worker_connections 16384; }"
  echo "http {"
  echo "  access_log off;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $TMP/nginx/tmp/$t;"; done
  echo "  sendfile on;"
  echo "  keepalive_requests 1000; # as the service's Tomcat"
  echo "  server_tokens off;"
  echo "  etag off;   # the service's ETag comes by add_header"
  echo "  max_ranges 0; # no Accept-Ranges"
  echo "  types { }"
  echo "  default_type \"$CONTENT_TYPE\";"
  echo "  server {"
  echo "    listen 127.0.0.1:${RPORT[nginx]} backlog=4096;"
  echo "    location = ${URL%%\?*} {"
  echo "      alias $TMP/nginx/body;"
  echo "      add_header Last-Modified \"\"; # a static file's, which the service does not send"
  while IFS= read -r line; do
    name=${line%%: *} value=${line#*: }
    [[ $value != *'$'* ]] || die "a \$ in a header value, which nginx would take for a variable: $line"
    value=${value//\\/\\\\}
    echo "      add_header $name \"${value//\"/\\\"}\";"
  done <"$TMP/headers"
  echo "    }"
  echo "  }"
  echo "}"
}

if section throughput || section pairs || section latency; then
  start_row service-default
  # The service's answer, as every other row is to send it.
  curl -fsS "${ENC[@]}" -D "$TMP/service-default.head" -o "$TMP/body" "http://127.0.0.1:${RPORT[service-default]}$URL" ||
    die "the service does not answer 2xx on $URL"
  curl -fsS -o "$TMP/metadata.json" "http://127.0.0.1:${RPORT[service-default]}/api/article/metadata"
  CONTENT_TYPE=$(tr -d '\r' <"$TMP/service-default.head" | awk -F': ' 'tolower($1) == "content-type" { print $2 }')
  tr -d '\r' <"$TMP/service-default.head" |
    awk 'NR > 1 && NF && tolower($1) !~ /^(date|content-type|content-length|transfer-encoding|connection|keep-alive|server):$/' >"$TMP/headers"
  cp "$TMP/service-default.head" "$LOGS/service.head"
  mkdir -p "$TMP/nginx/tmp"
  cp "$TMP/body" "$TMP/nginx/body"
  chmod -R a+rX "$TMP/nginx"
  nginx_conf >"$TMP/nginx/nginx.conf"
  cp "$TMP/nginx/nginx.conf" "$LOGS/"
  for row in "${ROWS[@]}"; do
    [[ $row == service-default ]] || start_row "$row"
  done
  for row in "${ROWS[@]}"; do check_row "$row"; done
  for row in "${ROWS[@]}"; do
    w=$WARMUP
    [[ $row != nginx ]] || w=$((WARMUP < 5 ? WARMUP : 5))
    log "warm-up: $row, ${w}s at 64 connections"
    taskset -c "$LOAD_CPUS" wrk -t1 -c64 -d"$w"s "${ENC[@]}" "http://127.0.0.1:${RPORT[$row]}$URL" >>"$LOGS/warmup.log" 2>&1
  done
  check_alive
fi

# --- 1. throughput --------------------------------------------------------------------------------
: >"$TMP/runs.tsv"
measure() { # "ROW [ROW2]" CONNS ROUND [SECONDS [FILE]]: one wrk run on each ROW at once, appended to FILE (runs.tsv)
  local rows c=$2 seconds=${4:-$DURATION} file=$TMP/${5:-runs.tsv} i all=0 out res s0 l0 s1 l1
  read -ra rows <<<"$1"
  local -a t0 t1 k0 k1 wrks
  s0=$(core_ticks 0) l0=$(core_ticks "$LOAD_CPUS")
  # shellcheck disable=SC2046 # one PID a word
  for i in "${!rows[@]}"; do read -r 't0[i]' 'k0[i]' < <(cpu_ticks $(row_pids "${rows[i]}")); done
  for i in "${!rows[@]}"; do
    taskset -c "$LOAD_CPUS" wrk -t1 -c"$c" -d"$seconds"s --timeout 10s --latency "${ENC[@]}" -s "$bench/wrk-report.lua" \
      "http://127.0.0.1:${RPORT[${rows[i]}]}$URL" >"$TMP/wrk.$i" 2>&1 &
    wrks[i]=$!
  done
  wait "${wrks[@]}" || true
  # shellcheck disable=SC2046
  for i in "${!rows[@]}"; do
    read -r 't1[i]' 'k1[i]' < <(cpu_ticks $(row_pids "${rows[i]}"))
    all=$((all + t1[i] - t0[i]))
  done
  s1=$(core_ticks 0) l1=$(core_ticks "$LOAD_CPUS")
  for i in "${!rows[@]}"; do
    out=$(<"$TMP/wrk.$i")
    printf '### %s c=%s round %s: %s ticks of server CPU\n%s\n\n' "${rows[i]}" "$c" "$3" $((t1[i] - t0[i])) "$out" >>"$LOGS/wrk.log"
    # Beside the figures, how busy the load cores were, and what else than the server(s) ran on core 0.
    res=$(awk -v row="${rows[i]}" -v c="$c" -v r="$3" -v ticks=$((t1[i] - t0[i])) -v kernel=$((k1[i] - k0[i])) -v all="$all" -v hz="$HZ" -v s="$s0 $s1" -v l="$l0 $l1" '/^RESULT / {
        split(s, a, " "); split(l, b, " ")
        others = a[4] > a[2] ? (a[3] - a[1] - all) / (a[4] - a[2]) * 100 : 0
        load = b[4] > b[2] ? (b[3] - b[1]) / (b[4] - b[2]) * 100 : 0
        printf "%s %s %s %.1f %.2f %s %s %s %s %s %.0f %.0f %.2f\n", row, c, r, $2 / $3, $2 ? ticks / hz * 1e6 / $2 : 0,
          $4, $5, $6, $7, $8, load, others < 0 ? 0 : others, $2 ? kernel / hz * 1e6 / $2 : 0
        ok = 1 } END { exit !ok }' <<<"$out") || die "wrk failed on ${rows[i]}; see $LOGS/wrk.log"
    echo "$res" >>"$file"
    log "c=$c round $3, ${rows[i]}: $(awk '{ printf "%.0f req/s, %.1f µs CPU a request, p99 %s ms", $4, $5, $7 }' <<<"$res")"
  done
}
if section throughput; then
  for c in $CONNS; do
    for ((r = 0; r < ROUNDS; r++)); do
      for ((k = 0; k < ${#ROWS[@]}; k++)); do measure "${ROWS[(k + r) % ${#ROWS[@]}]}" "$c" $((r + 1)); done
      check_alive
    done
  done
  cp "$TMP/runs.tsv" "$LOGS/"
fi

# --- 1b. head to head: the targets' ratios, measured at once ------------------------------------------
# The host's speed drifts by a quarter from one second to the next (see the spreads), so two rows
# measured one after the other compare two hosts. For the ratios the targets are about, the default
# launch and each other row are loaded at the same time, a wrk on each at 64 connections, both
# servers on core 0: they share its time, and whatever slows the host slows both alike. The
# ratio of their CPU per request is then the servers' (their req/s side by side only say how the
# scheduler split the core). PAIRS runs of PAIR_DURATION seconds a row.
: >"$TMP/pairs.tsv"
if section pairs; then
  for ref in floor-headers floor-bare floor-bytes stock nginx; do
    log "head to head: service-default and $ref at once, $PAIRS runs of ${PAIR_DURATION}s"
    for ((p = 1; p <= PAIRS; p++)); do measure "service-default $ref" 64 "$ref.$p" "$PAIR_DURATION" pairs.tsv; done
    check_alive
  done
  cp "$TMP/pairs.tsv" "$LOGS/"
fi
for row in "${!PID[@]}"; do
  # shellcheck disable=SC2046
  RSS[$row]=$(($(rss_kb $(row_pids "$row")) / 1024))
done

# --- 2. latency at a fixed arrival rate ----------------------------------------------------------
: >"$TMP/gatling.tsv"
gatling() { # ROW RATE [ROUND]: one Gatling run, appended to gatling.tsv with the host's stalls
  local line meters=() core load_core=${LOAD_CPUS%%[-,]*}
  # The machine's own stalls on the server's core and the load's first core (bench/hiccups.py):
  # a hypervisor that takes a core for a second puts that second into every row's latency.
  for core in 0 "$load_core"; do
    python3 "$bench/hiccups.py" "$core" "$TMP/hiccups.$core" &
    meters+=($!)
  done
  line=$("$bench/load.sh" --url "http://127.0.0.1:${RPORT[$1]}" --paths "$URL" --rate "$2" --duration "$GATLING_DURATION" \
    --warmup "$GATLING_WARMUP" --gzip "$([[ $GZIP == 1 ]] && echo true || echo false)" --cpus "$LOAD_CPUS" --name "bench-$1" 2>>"$LOGS/gatling.log") ||
    die "Gatling failed on $1; see $LOGS/gatling.log"
  kill "${meters[@]}" && wait "${meters[@]}" || true
  echo "$1 $2 $line" >>"$LOGS/gatling.log"
  # The longest stall from the first measured request's start to 1 s after the last one's (its answer).
  local stall
  stall=$(sed -E 's|.* from=([0-9]+) to=([0-9]+) .*|\1 \2|' <<<"$line" | cat - "$TMP/hiccups.0" "$TMP/hiccups.$load_core" |
    awk 'NR == 1 { from = $1; to = $2 + 1000; next } $1 >= from && $1 - $2 <= to && $2 > most { most = $2 }
      END { printf "%d", most }')
  sed -E 's|.* requests=([0-9]+) ok=([0-9]+) ko=([0-9]+) rate=([0-9.]+)/s p50=([0-9]+) p99=([0-9]+) p999=([0-9]+) max=([0-9]+) .*|\4 \1 \2 \3 \5 \6 \7 \8|' <<<"$line" |
    awk -v row="$1" -v rate="$2" -v round="${3:-1}" -v stall="$stall" '{ print row, round, rate, $0, stall }' >>"$TMP/gatling.tsv"
  log "latency: $1 at $2/s: ${line#gatling: }; the host's longest stall: $stall ms"
}
kept() { # RATE: did the last run keep that rate, with no KO?
  tail -1 "$TMP/gatling.tsv" | awk -v rate="$1" '{ exit !($7 == 0 && $4 >= 0.98 * rate) }'
}
if section latency; then
  if [[ -n $RATE ]]; then
    RATE_NOTE="set by BENCH_RATE"
  else
    c64=64
    [[ " $CONNS " == *" 64 "* ]] || c64=${CONNS%% *}
    floor=$(awk -v c="$c64" '$1 == "floor-headers" && $2 == c { print $4 }' "$TMP/runs.tsv" | median)
    RATE=$(awk -v f="$floor" 'BEGIN { printf "%d", int(f / 2 / 100) * 100 }')
    RATE_NOTE="half the req/s of the bare Tomcat with the service's headers at $c64 connections (${floor%.*}/s), rounded down to 100"
    if ((RATE > RATE_CAP)); then
      RATE=$RATE_CAP
      RATE_NOTE="BENCH_RATE_CAP, as half the bare Tomcat's req/s with the service's headers at $c64 connections (${floor%.*}/2) is more than one core of Gatling sends"
    fi
    ((RATE > 0)) || die "no floor-headers req/s at $c64 connections to take the rate from"
  fi
  # On nginx, the cheapest row, until Gatling keeps the rate with no KO: past that, its own core is the limit.
  for ((try = 1; ; try++)); do
    gatling nginx "$RATE"
    kept "$RATE" || [[ -n ${BENCH_RATE:-} || $QUICK == 1 ]] || ((try == 4)) || {
      RATE_NOTE+="; lowered from $RATE/s, where Gatling on its core fell short on nginx ($(tail -1 "$TMP/gatling.tsv" | awk '{ printf "%.0f/s, %d KO", $4, $7 }'))"
      sed -i '$d' "$TMP/gatling.tsv"
      RATE=$((RATE * 8 / 10 / 100 * 100))
      continue
    }
    break
  done
  kept "$RATE" || RATE_NOTE+="; **Gatling fell short of $RATE/s on nginx too**"
  # Rounds as for wrk: each starts one row later than the one before; nginx's first run is above.
  for ((r = 0; r < GATLING_ROUNDS; r++)); do
    for ((k = 0; k < ${#ROWS[@]}; k++)); do
      row=${ROWS[(k + r) % ${#ROWS[@]}]}
      [[ $r == 0 && $row == nginx ]] || gatling "$row" "$RATE" $((r + 1))
    done
    check_alive
  done
  cp "$TMP/gatling.tsv" "$LOGS/"
fi
for row in "${!PID[@]}"; do stop_pid "${PID[$row]}"; done

# --- 4. memory of the recommended launch -----------------------------------------------------------
if section memory; then
  mport=$((PORT + 10))
  log "memory: deploy/run.sh on core 0"
  ports "$mport"
  start_pinned "$mport" "$URL" "$LOGS/memory.log" "${REC17[@]}" "${PORT_ARGS[@]}" || die "the recommended launch did not start"
  mem=$server_pid
  PIDS+=("$mem")
  sleep 2
  rss0=$(($(rss_kb "$mem") / 1024))
  log "memory: ${MEM_LOAD}s of wrk at 64 connections"
  mem_rps=$(taskset -c "$LOAD_CPUS" wrk -t1 -c64 -d"$MEM_LOAD"s "${ENC[@]}" -s "$bench/wrk-report.lua" "http://127.0.0.1:$mport$URL" |
    awk '/^RESULT / { printf "%.0f", $2 / $3 }')
  rss1=$(($(rss_kb "$mem") / 1024))
  log "memory: $IDLE idle connections for ${IDLE_SECONDS}s (bench/Flood.java idle)"
  taskset -c "$LOAD_CPUS" "$JAVA" "$bench/Flood.java" idle --port "$mport" --connections "$IDLE" --duration "$IDLE_SECONDS" >"$LOGS/flood.log" 2>&1 &
  flood=$!
  PIDS+=("$flood")
  peak=0 held=0 tick=0
  while alive "$flood"; do
    r=$(rss_kb "$mem")
    ((r > peak)) && peak=$r
    if ((tick++ % 4 == 0)); then # every 2 s
      r=$(ss -Htn state established "( sport = :$mport )" | wc -l)
      ((r > held)) && held=$r
    fi
    sleep 0.5
  done
  stop_pid "$flood"
  alive "$mem" || die "the recommended launch died holding idle connections; see $LOGS/memory.log"
  rss3=$(($(rss_kb "$mem") / 1024))
  curl -fsS -o /dev/null "http://127.0.0.1:$mport$URL" || die "the recommended launch does not answer after the idle connections"
  MEMORY_ROW="| $rss0 | $rss1 | ${mem_rps:-?} | $((peak / 1024)) | $held | $rss3 | $(tail -1 "$LOGS/flood.log") |"
  stop_pid "$mem"
fi

# --- report ------------------------------------------------------------------------------------------
java_version() { "$1" -version 2>&1 | grep -v '^Picked up' | sed -n '1p;3p' | paste -sd' ' | tr -s ' '; }
REPORT=$TMP/report.md
{
  echo "# summit-article-api benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
  [[ $QUICK == 1 ]] && echo && echo "**Quick mode (BENCH_QUICK=1): a smoke test, the figures are not meaningful.**"
  echo
  echo "## Machine and method"
  echo
  echo "- machine: $(lscpu | awk -F': *' '/^Model name/ { print $2; exit }'), $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB, Linux $(uname -r)"
  echo "- java: $(java_version "$JAVA")"
  [[ -x $JAVA25_HOME/bin/java ]] && echo "- java 25 (startup only): $(java_version "$JAVA25_HOME/bin/java")"
  echo "- $(nginx -v 2>&1 | sed 's/nginx version: //'), $TOMCAT (the floor; Spring Boot 4.1.2's), wrk $(wrk -v 2>&1 | head -1 | awk '{ print $2 }'), Gatling $(sed -n 's:.*<gatling.version>\(.*\)</gatling.version>.*:\1:p' "$bench/gatling/pom.xml")"
  echo "- jar: $SOURCE"
  echo "- URL: \`$URL\`, $(wc -c 2>/dev/null <"$TMP/body" || echo "?") B of ${CONTENT_TYPE:-?}; requests $([[ $GZIP == 1 ]] && echo "with Accept-Encoding: gzip" || echo "without Accept-Encoding")"
  echo "- pinning: every server on core 0, wrk and Gatling on core(s) $LOAD_CPUS (taskset); a JVM on one core picks the serial GC by itself"
  section throughput && echo "- throughput: wrk -t1, ${DURATION}s a run, connections $CONNS, $ROUNDS round(s), each round runs every row once, starting one row later than the round before; all servers are up all along, idle but for their own run; first ${WARMUP}s of wrk at 64 connections on each JVM row"
  section pairs && echo "- head to head: the default launch and each of floor-headers, floor-bare, floor-bytes, stock and nginx loaded at the same time, both on core 0, a wrk -t1 -c64 on each, $PAIRS runs of ${PAIR_DURATION}s a pair"
  section throughput && echo "- CPU per request: the server's utime + stime (/proc/PID/stat: every thread of the process; nginx: master + worker) over a wrk run, divided by the requests wrk completed"
  section latency && echo "- latency: Gatling (bench/load.sh), open model, a fixed arrival rate for every row: ${RATE}/s, ${GATLING_WARMUP}s rising to it then ${GATLING_DURATION}s measured, $GATLING_ROUNDS round(s) a row; the rate: $RATE_NOTE. Gatling counts whole milliseconds, and its own queueing is in every row alike (nginx shows how much)"
  echo "- the JVM rows run with the JVM's default flags but the recommended launch; the floor and the stock controller have the service's connector settings (threads.max 32, 1000 requests a keep-alive connection, 10,240 connections, accept queue 4096, timeouts 10 s / 20 s)"
  echo "- Startup: unpinned, ${STARTUP_RUNS} run(s) a launch. Memory: deploy/run.sh on core 0. The soak: bench/soak.sh; floods: bench/floods.sh."
  echo "- settings: BENCH_DURATION=$DURATION BENCH_ROUNDS=$ROUNDS BENCH_WARMUP=$WARMUP BENCH_GATLING_DURATION=$GATLING_DURATION BENCH_GATLING_ROUNDS=$GATLING_ROUNDS BENCH_RATE_CAP=$RATE_CAP BENCH_PAIRS=$PAIRS BENCH_PAIR_DURATION=$PAIR_DURATION BENCH_STARTUP_RUNS=$STARTUP_RUNS BENCH_MEM_LOAD=$MEM_LOAD BENCH_IDLE=$IDLE BENCH_IDLE_SECONDS=$IDLE_SECONDS"
  if ((${#PID[@]})); then
    echo
    echo "## The rows"
    echo
    echo "Answers compared with the service's own (headers but Date)."
    echo
    echo "| row | what it answers | RSS after the load, MB |"
    echo "|---|---|--:|"
    for row in "${ROWS[@]}"; do echo "| ${LABEL[$row]} | ${CHECK[$row]} | ${RSS[$row]} |"; done
  fi
  if section throughput || section pairs || section latency; then
    echo
    for row in "${ROWS[@]}"; do printf '%s\t%s\n' "$row" "${LABEL[$row]}"; done >"$TMP/rows.tsv"
    python3 "$bench/report.py" "$TMP/rows.tsv" "$TMP/runs.tsv" "$TMP/gatling.tsv" "$TMP/pairs.tsv" | sed 's/^###/##/'
  fi
  if section startup; then
    echo
    echo "## Startup: exec to the first 200 on /api/article"
    echo
    echo "| launch | median ms | min ms | max ms | × Java 17 java -jar | RSS then, MB |"
    echo "|---|--:|--:|--:|--:|--:|"
    base=${STARTUP_ROWS[0]#*|}
    base=${base%%|*}
    for line in "${STARTUP_ROWS[@]}"; do
      IFS='|' read -r label med lo hi rss <<<"$line"
      echo "| $label | $med | $lo | $hi | $(awk -v a="$med" -v b="$base" 'BEGIN { printf "%.2f", a / b }') | $rss |"
    done
  fi
  if section memory; then
    echo
    echo "## Memory of the recommended launch (deploy/run.sh), VmRSS in MB"
    echo
    echo "| after startup | after ${MEM_LOAD}s of wrk at 64 connections | its req/s | holding $IDLE idle connections (peak) | connections the server held (most seen) | after them | the flood tool |"
    echo "|--:|--:|--:|--:|--:|--:|---|"
    echo "$MEMORY_ROW"
  fi
  echo
  echo "Total time: $(((SECONDS - BEGIN) / 60)) min $(((SECONDS - BEGIN) % 60)) s. Logs: bench/results/logs/$(basename "$LOGS")/."
} >"$REPORT"
mkdir -p "$(dirname "$OUT")"
cp "$REPORT" "$OUT"
[[ $OUT != "$RESULTS/latest.md" ]] || cp "$REPORT" "$RESULTS/bench-$STAMP.md"
cat "$REPORT"
log "wrote $OUT"
