#!/usr/bin/env bash
# What a change to the service costs or saves: two jars of it side by side (bench/bench.py ab).
#
#   bench/ab.sh BEFORE.jar AFTER.jar [RUNS]              CPU a request, both loaded at once on core 0
#   bench/ab.sh --startup BEFORE.jar AFTER.jar [STARTS]  exec to the first 200, starts alternated
#
# CPU: both jars (java -jar) on core 0, a wrk -t1 -c64 on each on core 1; two minutes of that load
# warm both JITs (the first 10 s reported apart, as cold), then RUNS (6) runs of 10 s, a line each,
# and the median ratio after / before of their CPU time a request (utime + stime from /proc).
# Startup: STARTS (11) cycles, each starting both once, the order swapped every cycle; unpinned.
# Fails (exit 1) when the two answer different bytes or headers (but Date, Server, Connection,
# Keep-Alive), wrk counts a socket error or a status of 400 or more, or a server dies.
# Settings: AB_URL (/api/article/metadata), AB_PORT (29500; and the three ports after it),
# AB_WARMUP (110: seconds of load after the first 10 s, before the runs), AB_BEFORE_OPTS and
# AB_AFTER_OPTS (JVM flags of each: the same jar twice measures a flag).
exec python3 "$(dirname "${BASH_SOURCE[0]}")/bench.py" ab "$@"
