#!/usr/bin/env bash
# The benchmark: the service beside nginx, a bare Tomcat and a stock Spring MVC controller, every
# row measured the same way in one run (bench/bench.py: its docstring lists the rows, sections,
# verdicts and settings).
#
#   bench/run.sh                  full run, about an hour: bench/results/latest.{md,json}, latest-run.json
#   BENCH_QUICK=1 bench/run.sh    smoke test, about 8 min, provisional figures: bench/results/quick.*
#   BENCH_SECTIONS=pairs bench/run.sh        one section: bench/results/partial.*
#
# Exits 1, its report in bench/results/failed.*, when a row answers other bytes or headers than the
# service, wrk counts a socket error or a status of 400 or more, a server dies, a row opens a file
# a request, or Gatling counts a KO.
# Needs: java, mvn, wrk, nginx, strace, python3, taskset, ss; two cores or more.
exec python3 "$(dirname "${BASH_SOURCE[0]}")/bench.py" run "$@"
