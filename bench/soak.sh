#!/usr/bin/env bash
# The recommended launch under a long load at a fixed arrival rate (bench/bench.py soak):
# deploy/run.sh on core 0, warmed with wrk (10 s a path); Gatling (bench/load.sh) on core 1 steps
# its rate up until p99 passes 10 ms or a request fails, then soaks at the last rate that kept it,
# sampling the server's RSS every 5 s and logging its GCs. Fails (exit 1) on a KO in the soak, the
# server's death, or another answer after the soak than before. Writes bench/results/soak.md,
# its logs in bench/results/soak/.
#
#   bench/soak.sh                      rates 1000 2000 3000 4000 5000, 30 s each; soak 600 s
#   SOAK_RATE=3000 bench/soak.sh       skip the search, soak at 3000/s
#
# Settings: SOAK_RATES, SOAK_STEP (30), SOAK_SECONDS (600), SOAK_PORT (29560; its management port
# 50 above), SOAK_PATHS (/api/article,/api/article/metadata,/api/article/paragraphs/3).
exec python3 "$(dirname "${BASH_SOURCE[0]}")/bench.py" soak "$@"
