#!/usr/bin/env bash
# Puts replicas on a jar one at a time: an upgrade, or a rollback (docs/operations.md, as root).
#
#   deploy/rollout.sh JAR INSTANCE...        e.g. deploy/rollout.sh /opt/summit-article-api/releases/summit-article-api-1.0.1.jar 1 2
#   deploy/rollout.sh previous INSTANCE...   each instance back on the jar it ran before
#
# For each instance in turn: names the jar in /etc/summit-article-api/<instance>.env
# (SUMMIT_JAR; the one it replaces stays there as SUMMIT_PREVIOUS_JAR), restarts the unit
# summit-article-api@<instance> (SIGTERM: the requests in flight finish; the edge sends new ones
# to the other replica), waits until it is ready on its SERVER_PORT (a jar's first start extracts
# and trains its archive: up to a minute), then gives its JIT ROLLOUT_WARMUP seconds (10) before
# the next goes down. Stops at the first instance that does not come back, and says so.
set -euo pipefail

(($# >= 2)) || { sed -n '4,5p' "$0" | cut -c3- >&2; exit 2; }
target=$1
shift
fail() { echo "deploy/rollout.sh: $*" >&2; exit 1; }
setting() { sed -n "s/^$1=//p" "$2" | tail -n 1; }

for instance; do
  env=/etc/summit-article-api/$instance.env
  [[ -f $env ]] || fail "no $env"
  current=$(setting SUMMIT_JAR "$env")
  jar=$target
  [[ $target == previous ]] && jar=$(setting SUMMIT_PREVIOUS_JAR "$env")
  [[ -n $jar && -f $jar ]] || fail "$instance: no such jar: ${jar:-(no SUMMIT_PREVIOUS_JAR in $env)}"
  sed -i -e '/^SUMMIT_PREVIOUS_JAR=/d' -e "s|^SUMMIT_JAR=.*|SUMMIT_JAR=$jar\nSUMMIT_PREVIOUS_JAR=$current|" "$env"
  echo "deploy/rollout.sh: summit-article-api@$instance: $(basename "$current") -> $(basename "$jar")"
  systemctl restart "summit-article-api@$instance"
  port=$(setting SERVER_PORT "$env")
  timeout 180 sh -c "until curl -sf -o /dev/null http://127.0.0.1:$port/readyz; do sleep 1; done" ||
    fail "summit-article-api@$instance not ready on port $port 180 s after its restart; the others are untouched"
  sleep "${ROLLOUT_WARMUP:-10}"
done
