# Sourced by bench/floods.sh and bench/soak.sh: the recommended launch on core 0, ready and warm.
# Sets $bench and $root; start_warm PORT LOG PATH... sets $server_pid.

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")

# deploy/run.sh on core 0 (JAVA_OPTS passes through), up to 120 s for readiness, then 10 s of
# wrk on core 1 for each path: a server meets floods and soaks with its JIT warm.
start_warm() {
  local port=$1 log=$2 path
  shift 2
  taskset -c 0 "$root/deploy/run.sh" --server.port="$port" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "localhost:$port/readyz" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "the server exited while starting; see $log" >&2; return 1; }
    sleep 0.5
  done
  for path in "$@"; do taskset -c 1 wrk -t1 -c16 -d10s "http://127.0.0.1:$port$path" >/dev/null; done
}
