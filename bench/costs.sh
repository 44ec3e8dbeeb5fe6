#!/usr/bin/env bash
# What operations settings cost a request (bench/bench.py costs): each variant of COST_VARIANTS
# (request metrics off, the access log on) against the same jar without it, as bench/ab.sh
# measures a flag: both java -jar loaded at once on core 0, a wrk -c64 on each on core 1, after
# two minutes of that load; RUNS (6) runs of 10 s. Writes bench/results/costs.md.
#
#   bench/costs.sh [JAR [RUNS]]      (JAR: target/summit-article-api-*.jar)   about 7 minutes
# Settings: AB_URL (/api/article/metadata), AB_PORT (29500 and the three ports after it), AB_WARMUP
# (110: seconds of load after the first 10 s, before the runs).
exec python3 "$(dirname "${BASH_SOURCE[0]}")/bench.py" costs "$@"
