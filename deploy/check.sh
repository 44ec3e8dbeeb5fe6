#!/usr/bin/env bash
# The deployment of docs/operations.md, run as its runbook says and then attacked:
#
#   deploy/check.sh              (as root)
#   deploy/check.sh --shell      a shell on the same fresh host, to follow the runbook by hand
#
# The runbook's `sh` blocks run as they are written (deploy/check.py steps prints them), as root,
# on a host of their own: new mount, network and PID namespaces with a copy of /etc and empty
# /opt, /var/cache, /var/lib/nginx, /var/log/nginx and /run, so ports 80, 443, 9001 and 9002,
# the user it adds and the files it installs are its own, and everything it started ends with it.
# systemd is not PID 1 there: `systemctl` is deploy/unitctl.py, which starts each unit as its unit
# file says and records how each process ended. The test's own certificate authority stands in
# for the operator's certificate (CERT_CHAIN, CERT_KEY), and the fresh host trusts it.
#
# Then the scenarios, each a verdict line from deploy/check.py, which reads nginx's JSON log,
# bench/load.sh's summaries and unitctl's records by field name:
#   (units)       systemd-analyze verify of the installed unit, any complaint fails
#   (iii)         ETags across replicas: a 304 for a matching tag, a 200 for tags that do not match
#   (v)           the cache: each Accept and Accept-Encoding gets its representation's bytes, > 90 % hits
#   (vi)          HTTP/2 over TLS: the bytes, ETag and headers of HTTP/1.1 from a replica; HSTS on
#                 every edge response; port 80 redirects
#   (address)     a request through the edge appears with its client's address in the service's log
#   (i)           the runbook's upgrade under load: nothing lost, each replica drains (a slow
#                 download straight from it, in flight at SIGTERM, comes back whole; exit 143)
#   (ii)          2,000 slowloris connections over TLS leave the p99 within 2x of the p99 without
#   (iv)          SIGKILL of a replica under load: exit 137, nothing lost, restarted by Restart=always
#   (rollback)    the runbook's rollback: each replica back on its previous jar
#   (certificate) the runbook's renewal: the new certificate served after `systemctl reload nginx`
# It ends with "lost requests: N" (every request of every scenario: the load's, warm-up
# included, and the probes'), and exits 1 when a request was lost or a verdict failed, 2 when the
# setup failed. JAVA_OPTS, when set, reaches the replicas through a drop-in of their unit.
#
# Environment: CHECK_RATE (100 requests a second: during a restart one replica, still cold,
# serves them all while the other starts on the same core), CHECK_SECONDS (30: (ii) has 8 turns of
# half that without the flood and half with it). Each load (bench/load.sh) has 10 s of unmeasured
# warm-up, and lasts as long as its scenario. Needs unshare, ip, nginx, openssl, curl with HTTP/2,
# python3, java and javac, taskset, chrt, systemd-analyze, envsubst, and Maven (the build; Gatling).
# A run took 10 min 18 s on a two-core VM with little else running.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deploy=$root/deploy

if [[ ${1:-} != --inside ]]; then
  ((EUID == 0)) || { echo "check.sh: run it as root: it installs a host, in namespaces of its own" >&2; exit 2; }
  for tool in unshare ip nginx openssl curl python3 java javac taskset chrt systemd-analyze envsubst mvn; do
    command -v "$tool" >/dev/null || { echo "check.sh: $tool is missing" >&2; exit 2; }
  done
  work=$(mktemp -d "${TMPDIR:-/tmp}/summit-check.XXXXXX")
  chmod 755 "$work"
  # Gatling from Maven Central now: the namespace has no network.
  mvn -B -q -f "$root/bench/gatling/pom.xml" test-compile dependency:go-offline >"$work/gatling-resolve.log" 2>&1 ||
    { echo "check.sh: Gatling's dependencies: see $work/gatling-resolve.log" >&2; exit 2; }
  unshare --mount --net --pid --fork --mount-proc --kill-child "$0" --inside "$work" "$@" &
  host=$!
  # unshare passes no signal on; the fresh host's first process ends on one, and all in it with it.
  trap 'pkill -TERM -P "$host"' INT TERM
  while kill -0 "$host" 2>/dev/null; do
    status=0
    wait "$host" || status=$?
  done
  if ((status)); then echo "logs: $work"; else rm -rf "$work"; fi
  exit "$status"
fi

# --- inside: a fresh host -------------------------------------------------------------------------
work=$2
shift 2
ip link set lo up
ip addr add 192.0.2.10/32 dev lo  # a client's address other than the edge's own (TEST-NET-1)
fresh=$work/host
mkdir -p "$fresh"/{opt,var/cache,var/lib/nginx,var/log/nginx,run,units,bin}
cp -a /etc "$fresh/etc"
for dir in etc opt var/cache var/lib/nginx var/log/nginx; do mount --bind "$fresh/$dir" "/$dir"; done
mount -t tmpfs tmpfs /run
chown root:adm /var/log/nginx
export UNITCTL_STATE=$fresh/units PATH=$fresh/bin:$PATH CHECK_RESULTS=$work/results.jsonl
printf '#!/bin/sh\nexec python3 %q "$@"\n' "$deploy/unitctl.py" >"$fresh/bin/systemctl"
chmod +x "$fresh/bin/systemctl"

# The operator's certificate: a chain from a root this host trusts, through an intermediate.
pki() {  # name: a new leaf for EDGE_HOST, its chain and key in $work/pki/name.{chain,key}, its serial in .serial
  local dir=$work/pki
  mkdir -p "$dir"
  if [[ ! -f $dir/root.crt ]]; then
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=check root' \
      -keyout "$dir/root.key" -out "$dir/root.crt" 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj '/CN=check intermediate' \
      -keyout "$dir/ca.key" -out "$dir/ca.csr" 2>/dev/null
    openssl x509 -req -in "$dir/ca.csr" -CA "$dir/root.crt" -CAkey "$dir/root.key" -CAcreateserial -days 2 \
      -extfile <(printf 'basicConstraints=critical,CA:true\nkeyUsage=keyCertSign\n') -out "$dir/ca.crt" 2>/dev/null
    cat "$dir/root.crt" >>/etc/ssl/certs/ca-certificates.crt  # this host's copy of /etc: trusted here only
  fi
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$EDGE_HOST" \
    -keyout "$dir/$1.key" -out "$dir/$1.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$1.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 2 \
    -extfile <(printf 'subjectAltName=DNS:%s\n' "$EDGE_HOST") -out "$dir/$1.crt" 2>/dev/null
  cat "$dir/$1.crt" "$dir/ca.crt" >"$dir/$1.chain"
  openssl x509 -in "$dir/$1.crt" -noout -serial | cut -d= -f2 >"$dir/$1.serial"
}

# The runbook's steps, as written, after its settings (step 0) and this check's own certificate.
run_steps() {  # number...
  local script=$work/steps-${*// /-}.sh
  { python3 "$deploy/check.py" steps "$root/docs/operations.md" 0
    echo "CERT_CHAIN=$work/pki/$certificate.chain CERT_KEY=$work/pki/$certificate.key"
    python3 "$deploy/check.py" steps "$root/docs/operations.md" "$@"; } >"$script"
  (cd "$root" && bash -euo pipefail "$script") >>"$work/steps.log" 2>&1 ||
    { echo "check.sh: the runbook's step(s) $* failed; see $work/steps.log and $script" >&2; exit 2; }
}

check() { python3 "$deploy/check.py" "$@" || failed=1; }
failed=0
finish() {
  local status=$?
  set +e
  trap - EXIT
  python3 "$deploy/check.py" total "$CHECK_RESULTS" || ((status)) || status=1
  ((status)) || status=$failed
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

eval "$(python3 "$deploy/check.py" steps "$root/docs/operations.md" 0)"  # EDGE_HOST, as the steps see it
echo "127.0.0.1 $EDGE_HOST" >>/etc/hosts  # its name resolves to this host, as DNS would for the operator's
edge=https://$EDGE_HOST
resolve=(--resolve "$EDGE_HOST:443:127.0.0.1" --resolve "$EDGE_HOST:80:127.0.0.1")
certificate=first
pki first
if [[ ${1:-} == --shell ]]; then
  trap - EXIT
  echo "A fresh host: the runbook's settings, then CERT_CHAIN=$work/pki/first.chain CERT_KEY=$work/pki/first.key"
  (cd "$root" && bash -i) || true
  exit 0
fi

# JAVA_OPTS for the replicas, as an operator adds flags: a drop-in.
if [[ -n ${JAVA_OPTS:-} ]]; then
  mkdir -p /etc/systemd/system/summit-article-api@.service.d
  printf '[Service]\nEnvironment="JAVA_OPTS=%s"\n' "$JAVA_OPTS" >/etc/systemd/system/summit-article-api@.service.d/check.conf
fi

# The build on every core; then nginx and the replicas on core 0, the load and the flood on core 1.
run_steps 1
client_cpu=1
if (($(nproc) >= 2)); then taskset -p -c 0 $$ >/dev/null; else client_cpu=0; fi
run_steps 2 3 4 5  # install, certificate, edge, the first request through it
check verify /etc/systemd/system/summit-article-api@.service
check etag --a http://127.0.0.1:9001 --b http://127.0.0.1:9002
check cache --edge "$edge" --replica http://127.0.0.1:9001 "${resolve[@]}"
check http2 --edge "$edge" --replica http://127.0.0.1:9001 "${resolve[@]}"
check client-address --edge "$edge" "${resolve[@]}" --source 192.0.2.10 \
  --edge-log /var/log/nginx/summit-article-api.access.log --service-log "$UNITCTL_STATE"/summit-article-api@?.service.log

# --- load through the edge --------------------------------------------------------------------------
rate=${CHECK_RATE:-100} seconds=${CHECK_SECONDS:-30} warmup=10
# The load's requests have query strings, which the edge never caches: they reach the replicas.
paths='/api/article/paragraphs?q=putin,/api/article/paragraphs?offset=2&limit=3'
start_load() {  # name [option...]: bench/load.sh in the background on the client's core, until stop_load
  load_from=$(stat -c %s /var/log/nginx/summit-article-api.access.log)
  setsid taskset -c "$client_cpu" "$root/bench/load.sh" --url "$edge" --rate "$rate" --duration 1200 \
    --warmup "$warmup" --paths "$paths" --name "edge-$1" --summary "$work/$1.summary" --until "$work/$1.until" \
    "${@:2}" >"$work/$1.load" 2>&1 &
  load=$!
}
stop_load() {  # name: the load stops starting requests, and ends
  kill -0 "$load" 2>/dev/null || { echo "check.sh: the load ended before its scenario; see $work/$1.load" >&2; exit 2; }
  touch "$work/$1.until"
  wait "$load" || { echo "check.sh: bench/load.sh failed; see $work/$1.load" >&2; exit 2; }
}
wait_measured() {  # until the load's warm-up is over: Maven and Gatling start first
  for _ in $(seq 360); do
    tail -c +$((load_from + 1)) /var/log/nginx/summit-article-api.access.log | grep -q '"uri": "/api/article/paragraphs?' &&
      { sleep "$warmup"; return; }
    sleep 0.5
  done
  echo "check.sh: no load arrived within 180 s; see $work/*.load" >&2
  exit 2
}
background() {  # name command...: a sampler or probe until $work/name.stop exists
  python3 "$deploy/check.py" "${@:2}" --stop-file "$work/$1.stop" &
}

# (i) the runbook's upgrade under load, a new build standing in target/ (a copy of the jar under
# another version), a slow download straight from each replica in flight all along.
next=$work/next-build
mkdir -p "$next/maven-archiver"
current_version=$(sed -n 's/^version=//p' "$root/target/maven-archiver/pom.properties")
sed "s/^version=.*/version=$current_version-next/" "$root/target/maven-archiver/pom.properties" >"$next/maven-archiver/pom.properties"
cp "$root/target/summit-article-api-$current_version.jar" "$next/summit-article-api-$current_version-next.jar"
start_load rolling
background drain drain-probe --port 9001 --out "$work/drain.jsonl"
background drain drain-probe --port 9002 --out "$work/drain.jsonl"
background samples sample --port 443 --out "$work/rolling.samples" --units-state "$UNITCTL_STATE" \
  --unit summit-article-api@1.service --unit summit-article-api@2.service
wait_measured
mount --bind "$next" "$root/target"
run_steps 6
umount "$root/target"
sleep 10  # the last replica back in the rotation, under load
stop_load rolling
touch "$work/drain.stop" "$work/samples.stop"
wait
check rolling --summary "$work/rolling.summary" --edge-log /var/log/nginx/summit-article-api.access.log \
  --events "$UNITCTL_STATE/events.jsonl" --drain "$work/drain.jsonl" --samples "$work/rolling.samples" \
  --replica summit-article-api@1.service=9001 --replica summit-article-api@2.service=9002

# (ii) the slowloris over TLS, in turns with and without it, beside the load, on the client's core.
mkdir -p "$work/flood"
javac -d "$work/flood" "$root/bench/Flood.java"
turns=8
start_load slow --trace "$work/slow.trace"
background held sample --port 443 --out "$work/slow.samples" --units-state "$UNITCTL_STATE"
wait_measured
python3 "$deploy/check.py" slowloris-turns --turns "$turns" --seconds $((seconds / 2)) --port 443 --connections 2000 \
  --windows "$work/slow.windows" --flood-log "$work/flood.log" \
  --flood taskset -c "$client_cpu" java -Xss256k -cp "$work/flood" Flood slowloris --port 443 \
  --tls true --connections 2000 --interval 5 --duration 900 || exit 2
stop_load slow
touch "$work/held.stop"
wait
check slowloris --summary "$work/slow.summary" --trace "$work/slow.trace" --windows "$work/slow.windows" \
  --samples "$work/slow.samples" --edge-log /var/log/nginx/summit-article-api.access.log --turns "$turns" \
  --connections 2000

# (iv) SIGKILL of replica 2, 5 s into the measured load, which goes on until it is back (its unit
# restarts it) and 10 s more.
start_load kill
wait_measured
sleep 5
python3 "$deploy/check.py" sigkill --unit summit-article-api@2.service --units-state "$UNITCTL_STATE" --out "$work/killed.json"
sleep 1
timeout 180 sh -c 'until curl -sf -o /dev/null http://127.0.0.1:9002/readyz; do sleep 0.5; done' || true
sleep 10
stop_load kill
check kill --summary "$work/kill.summary" --killed "$work/killed.json" --events "$UNITCTL_STATE/events.jsonl" \
  --edge-log /var/log/nginx/summit-article-api.access.log --port 9002

# The runbook's rollback, then its certificate renewal with a new certificate.
run_steps 7
check rollback --units-state "$UNITCTL_STATE" --unit summit-article-api@1.service=/etc/summit-article-api/1.env \
  --unit summit-article-api@2.service=/etc/summit-article-api/2.env
certificate=renewed
pki renewed
run_steps 3 8
check certificate --address 127.0.0.1 --host "$EDGE_HOST" --serial "$(cat "$work/pki/renewed.serial")" \
  --label "after the renewal and systemctl reload nginx"
