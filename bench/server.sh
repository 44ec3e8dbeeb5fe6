# shellcheck shell=bash
# Sourced by bench/floods.sh: servers on core 0, load on core 1 (bench/bench.py does the same for
# the benchmark, the soak and the A/B comparisons). Sets $bench and $root; start_pinned PORT PATH
# LOG COMMAND... and start_warm PORT LOG PATH... set $server_pid.

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# COMMAND on core 0, its output into LOG, until PATH on PORT answers 2xx (up to 120 s); fails
# fast if it exits first. $server_pid is COMMAND's own (taskset and deploy/run.sh exec).
start_pinned() {
  local port=$1 path=$2 log=$3
  shift 3
  ! port_busy "$port" || { echo "port $port is in use" >&2; return 1; }
  taskset -c 0 "$@" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$port$path" && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "the server exited while starting; see $log" >&2; return 1; }
    sleep 0.5
  done
  echo "no answer from $path within 120 s; see $log" >&2
  return 1
}

# deploy/run.sh (JAVA_OPTS passes through) until it serves the article's metadata, then 10 s of
# wrk on core 1 for each path: a server meets floods and soaks with its JIT warm.
start_warm() {
  local port=$1 log=$2 path
  shift 2
  start_pinned "$port" /api/article/metadata "$log" "$root/deploy/run.sh" --server.port="$port" || return 1
  for path in "$@"; do taskset -c 1 wrk -t1 -c16 -d10s "http://127.0.0.1:$port$path" >/dev/null; done
}
