#!/usr/bin/env bash
# Benchmarks the article service on this machine, outside the Maven test suite:
#   1. startup: exec to the first 200 on /api/article (java -jar, extracted, CDS, Java 25 AOT cache)
#   2. throughput and latency: wrk against the service and against nginx serving the same bytes
#   3. memory: RSS after startup and after load, default flags and small-container flags
#   4. soak: a fixed rate (half the saturated rate at 64 connections), RSS sampled all along
# Prints Markdown tables and writes them to bench/results/latest.md (and a dated copy).
#
#   bench/run.sh                 full run, about 20 minutes
#   BENCH_QUICK=1 bench/run.sh   smoke test, under 3 minutes (figures are not meaningful)
#
# Settings (environment; seconds may be written 10 or 10s):
#   BENCH_DURATION (10)  one wrk run        BENCH_ROUNDS (3)        service/nginx alternations
#   BENCH_WARMUP (60)    service warm-up    BENCH_CONNS ("8 64 256") wrk connections (-t2)
#   BENCH_STARTUP_RUNS (5)                  BENCH_MEM_LOAD (60)     load before the 2nd RSS
#   BENCH_SOAK (300)     soak length        BENCH_SOAK_SAMPLE (10)  RSS sampling interval
#   BENCH_SOAK_RATE      fixed rate, req/s (default: half the service's req/s at 64 connections)
#   BENCH_PORT (28080)   service port; nginx uses the next one
#   BENCH_GZIP (0)       1: every request asks for gzip (nginx serves the service's own gzip bytes)
#   BENCH_JAR            use this jar instead of building one from a copy of the work tree
#   BENCH_JAVA (java)    BENCH_JAVA25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java; skipped if absent)
#   BENCH_SMALL_OPTS     JVM flags of the small-container launch (default below)
#   BENCH_SMALL_ARGS     application arguments of the small-container launch (default below)
# Needs: java, mvn, wrk, nginx, curl, python3, node/npm (autocannon is installed under bench/results/.tools).
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
RESULTS=$BENCH/results
LOGS=$RESULTS/logs

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
secs() { local v=${1%s}; [[ $v =~ ^[0-9]+$ && $v -gt 0 ]] || die "not a number of seconds: $1"; echo "$v"; }

QUICK=${BENCH_QUICK:-0}
if [[ $QUICK == 1 ]]; then # smoke test; also skips the plain extracted-jar startups
  d=(1 2 10 1 10 20 5)
else
  d=(10 3 60 5 60 300 10)
fi
DURATION=$(secs "${BENCH_DURATION:-${d[0]}}")
ROUNDS=$(secs "${BENCH_ROUNDS:-${d[1]}}")
WARMUP=$(secs "${BENCH_WARMUP:-${d[2]}}")
STARTUP_RUNS=$(secs "${BENCH_STARTUP_RUNS:-${d[3]}}")
MEM_LOAD=$(secs "${BENCH_MEM_LOAD:-${d[4]}}")
SOAK=$(secs "${BENCH_SOAK:-${d[5]}}")
SOAK_SAMPLE=$(secs "${BENCH_SOAK_SAMPLE:-${d[6]}}")
((SOAK_SAMPLE <= SOAK / 2)) || SOAK_SAMPLE=$((SOAK / 2 > 0 ? SOAK / 2 : 1)) # at least two samples
CONNS=${BENCH_CONNS:-"8 64 256"}
PORT=${BENCH_PORT:-28080}
NGINX_PORT=$((PORT + 1))
JAVA=${BENCH_JAVA:-java}
JAVA25=${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
# Small container, chosen by measuring on this 2-core box (section 3 re-measures it): 32 MB heap and
# the serial GC (no G1 sizing itself for a 24 GB host), a bounded code cache, small thread stacks,
# malloc memory that C2 compiler bursts leave behind given back every second, and 8 Tomcat threads
# instead of 200 (a CPU-bound service on 2 cores gains nothing from more; each costs stack and malloc).
SMALL_OPTS=${BENCH_SMALL_OPTS:-"-Xmx32m -Xss256k -XX:+UseSerialGC -XX:ReservedCodeCacheSize=24m -XX:TrimNativeHeapInterval=1000"}
SMALL_ARGS=${BENCH_SMALL_ARGS:-"--server.tomcat.threads.max=8"}
AUTOCANNON_VERSION=8.0.0
# Spring AOT (the jar's process-aot output), on in every recommended launch.
SPRING_AOT=-Dspring.aot.enabled=true
URLS=(/api/article /api/article/paragraphs/3)
GZIP=${BENCH_GZIP:-0}
WRK_ARGS=() AC_ARGS=() ENCODING="no Accept-Encoding"
[[ $GZIP == 1 ]] && WRK_ARGS=(-H "Accept-Encoding: gzip") AC_ARGS=(-H "accept-encoding=gzip") ENCODING="Accept-Encoding: gzip"
MARK=-Dsummit.bench=1 # tells our JVMs apart from anyone else's in `ps`

for tool in "$JAVA" wrk nginx curl python3 node npm; do
  command -v "$tool" >/dev/null || die "$tool is missing (Debian: apt-get install -y wrk nginx ...)"
done

# --- processes: everything started here is stopped on exit, whatever happens ------------------
PIDS=()
TMP=$(mktemp -d /tmp/summit-bench.XXXXXX)
chmod 755 "$TMP" # nginx workers run as another user
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
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_http() { # PORT PATH TIMEOUT PID: until PATH answers 2xx; fails if PID dies first
  local deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    curl -fso /dev/null --max-time 2 "http://127.0.0.1:$1$2" && return 0
    alive "$4" || return 1
    sleep 0.25
  done
  return 1
}
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

SVC=""
start_service() { # NAME DIR COMMAND...: starts it in DIR, waits for a 200, sets SVC
  local name=$1 dir=$2
  shift 2
  port_busy "$PORT" && die "port $PORT is in use (set BENCH_PORT)"
  (cd "$dir" && exec "$@" >"$LOGS/$name.log" 2>&1) &
  SVC=$!
  PIDS+=("$SVC")
  wait_http "$PORT" /api/article 120 "$SVC" || die "$name did not answer 200; see $LOGS/$name.log"
}
check_alive() { alive "$1" || die "$2 (pid $1) is gone, killed from outside? see $LOGS"; }

# wrk with a Lua done() that prints exact figures: req/s, p50 and p99 in ms, socket errors, non-2xx.
cat >"$TMP/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
EOF
wrk_run() { # URL CONNECTIONS SECONDS -> "req/s p50 p99 socket-errors non-2xx"
  local out
  out=$(wrk -t2 -c"$2" -d"$3"s --timeout 10s --latency "${WRK_ARGS[@]}" -s "$TMP/report.lua" "$1" 2>&1) || true
  printf '### wrk -t2 -c%s -d%ss %s\n%s\n\n' "$2" "$3" "$1" "$out" >>"$LOGS/wrk.log"
  awk '/^RESULT / { print $2, $3, $4, $5, $6; ok = 1 } END { if (!ok) print "0 0 0 -1 -1" }' <<<"$out"
}

rm -rf "$LOGS"
mkdir -p "$LOGS"
STAMP=$(date +%Y%m%d-%H%M%S)
BEGIN=$SECONDS

# --- build once, into a private copy, then only ever run that copy -------------------------
JAR=$TMP/summit-bench.jar
if [[ -n ${BENCH_JAR:-} ]]; then
  cp "$BENCH_JAR" "$JAR"
  SOURCE="jar $BENCH_JAR"
else
  command -v mvn >/dev/null || die "mvn is missing (or set BENCH_JAR)"
  log "building the jar from a copy of the work tree (mvn -q -B package -DskipTests)"
  mkdir "$TMP/build"
  cp -a "$ROOT/pom.xml" "$ROOT/src" "$TMP/build/"
  (cd "$TMP/build" && mvn -q -B package -DskipTests) >"$LOGS/build.log" 2>&1 ||
    { tail -20 "$LOGS/build.log" >&2; die "build failed; see $LOGS/build.log"; }
  cp "$TMP/build/target/"*.jar "$JAR"
  head=$(cat "$ROOT/.git/HEAD" 2>/dev/null || true)
  [[ $head == ref:* ]] && head=$(cat "$ROOT/.git/${head#ref: }" 2>/dev/null || true)
  SOURCE="work tree at ${head:0:12} (uncommitted changes included)"
fi

# --- 1. startup ---------------------------------------------------------------------------
STARTUP_ROWS=()
startup_case() { # LABEL DIR COMMAND...: median/min/max ms to the first 200 and median RSS then
  local label=$1 dir=$2 i out ms=() rss=()
  shift 2
  log "startup: $label ×$STARTUP_RUNS"
  for ((i = 1; i <= STARTUP_RUNS; i++)); do
    port_busy "$PORT" && die "port $PORT is in use"
    (cd "$dir" && exec python3 "$BENCH/startup.py" "$PORT" /api/article 120 "$LOGS/startup.log" -- "$@") >"$TMP/startup.out" &
    PIDS+=("$!")
    wait "$!" || die "startup of '$label' failed; see $LOGS/startup.log"
    stop_pid "$!"
    read -r out < "$TMP/startup.out"
    ms+=("${out% *}")
    rss+=("$(( ${out#* } / 1024 ))")
  done
  STARTUP_ROWS+=("| $label | $(printf '%s\n' "${ms[@]}" | median) | $(printf '%s\n' "${ms[@]}" | sort -g | head -1) | $(printf '%s\n' "${ms[@]}" | sort -g | tail -1) | $(printf '%s\n' "${rss[@]}" | median) |")
}
train() { # DIR LABEL COMMAND...: a training run that must exit by itself
  local dir=$1 label=$2
  shift 2
  log "startup: training run for $label"
  (cd "$dir" && timeout 120 "$@") >"$LOGS/training-$label.log" 2>&1 || die "training for $label failed; see $LOGS/training-$label.log"
}
APP=(-jar summit-bench.jar --server.port="$PORT")
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$TMP/x17" >"$LOGS/extract.log" 2>&1
train "$TMP/x17" cds "$JAVA" $SPRING_AOT -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh "${APP[@]}"
[[ -s $TMP/x17/app.jsa ]] || die "no CDS archive was written; see $LOGS/training-cds.log"
startup_case "Java 17, java -jar" "$TMP" "$JAVA" "$MARK" "${APP[@]}"
[[ $QUICK == 1 ]] || startup_case "Java 17, extracted jar" "$TMP/x17" "$JAVA" "$MARK" "${APP[@]}"
startup_case "Java 17, extracted + CDS + Spring AOT" "$TMP/x17" "$JAVA" "$MARK" $SPRING_AOT -XX:SharedArchiveFile=app.jsa "${APP[@]}"
# shellcheck disable=SC2086 # word splitting of the option strings is intended
startup_case "Java 17, recommended: extracted + CDS + Spring AOT + small flags" "$TMP/x17" "$JAVA" "$MARK" $SPRING_AOT -XX:SharedArchiveFile=app.jsa $SMALL_OPTS "${APP[@]}" $SMALL_ARGS
if [[ -x $JAVA25 ]]; then
  "$JAVA25" -Djarmode=tools -jar "$JAR" extract --destination "$TMP/x25" >>"$LOGS/extract.log" 2>&1
  train "$TMP/x25" aot "$JAVA25" $SPRING_AOT -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh "${APP[@]}"
  [[ -s $TMP/x25/app.aot ]] || die "no AOT cache was written; see $LOGS/training-aot.log"
  [[ $QUICK == 1 ]] || startup_case "Java 25, extracted jar" "$TMP/x25" "$JAVA25" "$MARK" "${APP[@]}"
  startup_case "Java 25, extracted + AOT cache + Spring AOT" "$TMP/x25" "$JAVA25" "$MARK" $SPRING_AOT -XX:AOTCache=app.aot "${APP[@]}"
else
  log "startup: $JAVA25 not found, skipping the Java 25 AOT cache"
fi
if grep -qiE '\[(warning|error)\]\[(cds|aot)' "$LOGS/startup.log"; then
  log "startup: the JVM complained about its CDS/AOT archive; see $LOGS/startup.log"
  STARTUP_NOTE="**The JVM warned about the CDS/AOT archive: see logs/startup.log.**"
else
  STARTUP_NOTE=""
fi

# --- 2. throughput and latency, service against nginx ---------------------------------------
log "throughput: starting the service (java -jar, default flags) and nginx"
start_service service-default "$TMP" "$JAVA" "$MARK" "${APP[@]}"
WWW=$TMP/nginx/www
mkdir -p "$WWW" "$TMP/nginx/tmp"
CONTENT_TYPE=""
SIZES=()
for i in "${!URLS[@]}"; do
  curl -fsS -D "$TMP/headers.$i" -o "$WWW/body.$i" "http://127.0.0.1:$PORT${URLS[$i]}"
  ct=$(awk -F': *' 'tolower($1) == "content-type" { sub(/\r$/, "", $2); print $2 }' "$TMP/headers.$i")
  [[ -z $CONTENT_TYPE || $ct == "$CONTENT_TYPE" ]] || die "the two URLs differ in Content-Type"
  CONTENT_TYPE=$ct
  SIZES+=("$(wc -c <"$WWW/body.$i") B")
  if [[ $GZIP == 1 ]]; then
    curl -fsS -H "Accept-Encoding: gzip" -D "$TMP/headers.$i.gz" -o "$WWW/body.$i.gz" "http://127.0.0.1:$PORT${URLS[$i]}"
    if grep -qi '^content-encoding: *gzip' "$TMP/headers.$i.gz"; then
      SIZES[i]+=" (gzip $(wc -c <"$WWW/body.$i.gz") B)"
    else # too small to be worth it, say: then nginx answers identity too
      rm "$WWW/body.$i.gz"
      SIZES[i]+=" (not gzipped)"
    fi
  fi
done
chmod -R a+rX "$TMP/nginx"
{
  echo "worker_processes $(nproc);"
  echo "pid $TMP/nginx/nginx.pid;"
  echo "error_log $TMP/nginx/error.log warn;"
  echo "daemon off;"
  echo "events { worker_connections 4096; }"
  echo "http {"
  echo "  access_log off;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $TMP/nginx/tmp/$t;"; done
  echo "  sendfile on;"
  echo "  gzip_static on; # body.N.gz, the service's own gzip bytes, when asked for gzip"
  echo "  types { }"
  echo "  default_type \"$CONTENT_TYPE\";"
  echo "  server {"
  echo "    listen 127.0.0.1:$NGINX_PORT;"
  for i in "${!URLS[@]}"; do echo "    location = ${URLS[$i]} { alias $WWW/body.$i; }"; done
  echo "  }"
  echo "}"
} >"$TMP/nginx/nginx.conf"
port_busy "$NGINX_PORT" && die "port $NGINX_PORT is in use (set BENCH_PORT)"
nginx -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx/nginx.conf" >"$LOGS/nginx.log" 2>&1 &
NGINX=$!
PIDS+=("$NGINX")
wait_http "$NGINX_PORT" "${URLS[0]}" 10 "$NGINX" || die "nginx did not start; see $LOGS/nginx.log"
for i in "${!URLS[@]}"; do
  curl -fsS "http://127.0.0.1:$NGINX_PORT${URLS[$i]}" | cmp -s - "$WWW/body.$i" || die "nginx does not serve the same bytes for ${URLS[$i]}"
  [[ ! -e $WWW/body.$i.gz ]] || curl -fsS -H "Accept-Encoding: gzip" "http://127.0.0.1:$NGINX_PORT${URLS[$i]}" | cmp -s - "$WWW/body.$i.gz" ||
    die "nginx does not serve the same gzip bytes for ${URLS[$i]}"
done
cp "$TMP/nginx/nginx.conf" "$LOGS/"

log "throughput: warm-up, service ${WARMUP}s, nginx 2×2s"
for url in "${URLS[@]}"; do wrk_run "http://127.0.0.1:$PORT$url" 64 $((WARMUP / 2 > 0 ? WARMUP / 2 : 1)) >/dev/null; done
for url in "${URLS[@]}"; do wrk_run "http://127.0.0.1:$NGINX_PORT$url" 64 2 >/dev/null; done
check_alive "$SVC" service
: >"$TMP/throughput.txt"
for url in "${URLS[@]}"; do
  for c in $CONNS; do
    for ((r = 1; r <= ROUNDS; r++)); do
      for target in service nginx; do
        port=$PORT
        [[ $target == nginx ]] && port=$NGINX_PORT
        res=$(wrk_run "http://127.0.0.1:$port$url" "$c" "$DURATION")
        echo "$url $c $target $r $res" >>"$TMP/throughput.txt"
        log "throughput: $target $url c=$c round $r: req/s p50 p99 sockerr non2xx = $res"
      done
      check_alive "$SVC" service
      check_alive "$NGINX" nginx
    done
  done
done
cp "$TMP/throughput.txt" "$LOGS/"
stop_pid "$NGINX"
stop_pid "$SVC"

field() { awk -v u="$1" -v c="$2" -v t="$3" -v f="$4" '$1 == u && $2 == c && $3 == t { print $f }' "$TMP/throughput.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }
THROUGHPUT_ROWS=()
for url in "${URLS[@]}"; do
  for c in $CONNS; do
    s_rps=$(field "$url" "$c" service 5 | median) n_rps=$(field "$url" "$c" nginx 5 | median)
    s_p50=$(field "$url" "$c" service 6 | median) n_p50=$(field "$url" "$c" nginx 6 | median)
    s_p99=$(field "$url" "$c" service 7 | median) n_p99=$(field "$url" "$c" nginx 7 | median)
    s_err=$(field "$url" "$c" service 8 | awk '{ s += $1 } END { print s }')/$(field "$url" "$c" service 9 | awk '{ s += $1 } END { print s }')
    n_err=$(field "$url" "$c" nginx 8 | awk '{ s += $1 } END { print s }')/$(field "$url" "$c" nginx 9 | awk '{ s += $1 } END { print s }')
    THROUGHPUT_ROWS+=("| \`$url\` | $c | $(printf '%.0f | %.0f' "$s_rps" "$n_rps") | $(ratio "$s_rps" "$n_rps") | $(printf '%.2f | %.2f | %.2f | %.2f' "$s_p50" "$s_p99" "$n_p50" "$n_p99") | $(ratio "$s_p99" "$n_p99") | $s_err | $n_err |")
  done
done
# The soak's fixed rate: half the service's saturated rate at 64 connections (or the first count).
soak_c=64
[[ " $CONNS " == *" 64 "* ]] || soak_c=${CONNS%% *}
SATURATED=$(field "${URLS[0]}" "$soak_c" service 5 | median)
SOAK_RATE=${BENCH_SOAK_RATE:-$(awk -v r="$SATURATED" 'BEGIN { printf "%d", r / 2 }')}
((SOAK_RATE > 0)) || die "no saturated rate measured; see $LOGS/wrk.log"

# --- 3. memory --------------------------------------------------------------------------------
MEMORY_ROWS=()
memory_case() { # LABEL FLAGS-SHOWN NAME DIR COMMAND...; leaves the service running (SVC)
  local label=$1 shown=$2 name=$3 dir=$4 half=$((MEM_LOAD / 2 > 0 ? MEM_LOAD / 2 : 1)) r0 r1 res
  shift 4
  log "memory: $label"
  start_service "$name" "$dir" "$@"
  r0=$(rss_mb "$SVC")
  wrk_run "http://127.0.0.1:$PORT${URLS[0]}" 256 "$half" >/dev/null
  wrk_run "http://127.0.0.1:$PORT${URLS[1]}" 64 "$half" >/dev/null
  check_alive "$SVC" "$label"
  r1=$(rss_mb "$SVC")
  read -r rps _ p99 sockerr non2xx <<<"$(wrk_run "http://127.0.0.1:$PORT${URLS[0]}" 64 "$DURATION")"
  MEMORY_ROWS+=("| $label | \`$shown\` | $r0 | $r1 | $(rss_mb "$SVC") | $(printf '%.0f | %.2f' "$rps" "$p99") | $sockerr/$non2xx | $(awk '/^Threads:/ { print $2 }' "/proc/$SVC/status") |")
}
memory_case "default: java -jar" "(none)" mem-default "$TMP" "$JAVA" "$MARK" "${APP[@]}"
stop_pid "$SVC"
SMALL_SHOWN="java $SPRING_AOT -XX:SharedArchiveFile=app.jsa $SMALL_OPTS -jar … $SMALL_ARGS"
# shellcheck disable=SC2086
memory_case "recommended: extracted + CDS + Spring AOT + small flags" "$SMALL_SHOWN" mem-small "$TMP/x17" "$JAVA" "$MARK" $SPRING_AOT -XX:SharedArchiveFile=app.jsa $SMALL_OPTS "${APP[@]}" $SMALL_ARGS

# --- 4. soak, at a fixed rate, on the small launch (still running, warmed up by section 3) ------
TOOLS=$RESULTS/.tools/autocannon-$AUTOCANNON_VERSION
AUTOCANNON=$TOOLS/node_modules/.bin/autocannon
if [[ ! -x $AUTOCANNON ]]; then
  log "soak: npm install autocannon@$AUTOCANNON_VERSION into $TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "autocannon@$AUTOCANNON_VERSION" >"$LOGS/npm.log" 2>&1 ||
    die "npm install failed; see $LOGS/npm.log"
fi
log "soak: ${SOAK}s at $SOAK_RATE req/s (64 connections) on ${URLS[0]}, RSS every ${SOAK_SAMPLE}s"
"$AUTOCANNON" -c 64 -d "$SOAK" -R "$SOAK_RATE" "${AC_ARGS[@]}" -j "http://127.0.0.1:$PORT${URLS[0]}" >"$TMP/soak.json" 2>"$LOGS/autocannon.log" &
LOADER=$!
PIDS+=("$LOADER")
SAMPLES=()
for ((t = SOAK_SAMPLE; t <= SOAK; t += SOAK_SAMPLE)); do
  sleep "$SOAK_SAMPLE"
  check_alive "$SVC" "service under soak"
  SAMPLES+=("$(rss_mb "$SVC")")
done
for ((i = 0; i < 300; i++)); do alive "$LOADER" || break; sleep 0.1; done # its -d ends it; 30 s grace
stop_pid "$LOADER"
stop_pid "$SVC"
cp "$TMP/soak.json" "$LOGS/"
printf '%s\n' "${SAMPLES[@]}" >"$LOGS/soak-rss.txt"
half=$(((${#SAMPLES[@]} + 1) / 2))
first=$(printf '%s\n' "${SAMPLES[@]:0:half}" | sort -g | tail -1)
second=$(printf '%s\n' "${SAMPLES[@]:half}" | sort -g | tail -1)
# shellcheck disable=SC2016 # JavaScript, not shell
SOAK_ROW=$(node -e '
  const [file, rate, first, second] = process.argv.slice(1);
  const r = JSON.parse(require("fs").readFileSync(file, "utf8").trim().split("\n").pop());
  const growth = second ? ((second / first - 1) * 100).toFixed(1) + " %" : "-";
  console.log(`| ${r.duration.toFixed(0)} s | ${rate} | ${(r.requests.total / r.duration).toFixed(0)} | ${r.requests.total} | ` +
    `${r.errors} (${r.timeouts} timeouts) | ${r.non2xx} | ${r.latency.p50} | ${r.latency.p99} | ${first} | ${second || "-"} | ${growth} |`);
' "$TMP/soak.json" "$SOAK_RATE" "$first" "$second") || die "could not read the autocannon result; see $LOGS/autocannon.log"

# --- report ------------------------------------------------------------------------------------
java_version() { "$1" -version 2>&1 | sed -n '1p;3p' | paste -sd' ' | tr -s ' '; }
REPORT=$TMP/report.md
{
  echo "# summit-article-api benchmark, $(date '+%Y-%m-%d %H:%M %Z')"
  echo
  echo "- machine: $(nproc) × $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal:/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB RAM, Linux $(uname -r); load tool and servers share these cores"
  echo "- java: $(java_version "$JAVA")"
  [[ -x $JAVA25 ]] && echo "- java 25: $(java_version "$JAVA25")"
  echo "- $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'), autocannon $AUTOCANNON_VERSION on node $(node -v)"
  echo "- jar: $SOURCE; responses: ${URLS[0]} ${SIZES[0]}, ${URLS[1]} ${SIZES[1]}, $CONTENT_TYPE; requests with $ENCODING"
  echo "- settings: ${DURATION}s per wrk run (-t2), $ROUNDS rounds alternating service/nginx, ${WARMUP}s service warm-up, $STARTUP_RUNS startups per case, ${MEM_LOAD}s load before the 2nd RSS, ${SOAK}s soak$([[ $QUICK == 1 ]] && echo "; **quick mode: smoke test only, figures are not meaningful**")"
  echo
  echo "## Throughput and latency (service: java -jar, default flags; nginx: same bytes as static files)"
  echo
  echo "Medians of $ROUNDS rounds; latency in ms; errors = socket errors/non-2xx, summed over the rounds; ratios are service/nginx."
  echo
  echo "| URL | conns | service req/s | nginx req/s | req/s ratio | service p50 | service p99 | nginx p50 | nginx p99 | p99 ratio | service errors | nginx errors |"
  echo "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  printf '%s\n' "${THROUGHPUT_ROWS[@]}"
  echo
  echo "## Startup: exec to the first 200 on ${URLS[0]}, $STARTUP_RUNS run(s) each"
  echo
  echo "| launch | median ms | min ms | max ms | RSS then, MB |"
  echo "|---|--:|--:|--:|--:|"
  printf '%s\n' "${STARTUP_ROWS[@]}"
  [[ -z $STARTUP_NOTE ]] || { echo; echo "$STARTUP_NOTE"; }
  echo
  echo "## Memory: VmRSS in MB"
  echo
  echo "Load: ${MEM_LOAD}s of wrk, half at 256 connections on ${URLS[0]}, half at 64 on ${URLS[1]}; then req/s and p99 (ms) over ${DURATION}s at 64 connections on ${URLS[0]}."
  echo
  echo "| launch | flags | RSS after startup | RSS after load | RSS after req/s run | req/s | p99 | errors | threads |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|"
  printf '%s\n' "${MEMORY_ROWS[@]}"
  echo
  echo "## Soak: the small launch at a fixed rate (autocannon -c 64 -R), half of ${SATURATED%.*} req/s"
  echo
  echo "RSS sampled every ${SOAK_SAMPLE}s: ${SAMPLES[*]} MB."
  echo
  echo "| duration | target req/s | achieved req/s | requests | errors | non-2xx | p50 ms | p99 ms | RSS max 1st half | RSS max 2nd half | change |"
  echo "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  echo "$SOAK_ROW"
  echo
  echo "Total time: $(((SECONDS - BEGIN) / 60)) min $(((SECONDS - BEGIN) % 60)) s. Logs: bench/results/logs/."
} >"$REPORT"
cp "$REPORT" "$RESULTS/latest.md"
cp "$REPORT" "$RESULTS/bench-$STAMP.md"
cat "$REPORT"
log "wrote $RESULTS/latest.md and $RESULTS/bench-$STAMP.md"
