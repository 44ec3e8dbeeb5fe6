#!/usr/bin/env bash
# Load at a fixed arrival rate (open model) with Gatling: the simulation in bench/gatling, whose
# Javadoc tells what each option does and how far one core of Gatling goes (about 5,000/s).
#
#   bench/load.sh --url http://127.0.0.1:8080 --rate 2000 --duration 60 [--paths /a,/b]
#       [--accepts 'application/json,text/plain'] [--gzip true|false|alternate] [--cpus 1]
#       [--name label] [--http2] [--warmup 10] [--summary FILE] [--trace FILE] [--until FILE]
#
#   --rate      requests a second          --duration  seconds measured
#   --warmup    seconds of load rising to the rate before, not measured (default 10)
#   --cpus      pin the load generator (taskset -c), e.g. 1 or 2-3
#   --name      label of the run: its report folder and the report's description
#   --summary   a file for the run's figures, one JSON object:
#                 requests, ok, ko         the measured requests (after the warm-up)
#                 warmup_requests, warmup_ko
#                 rate_asked, rate_achieved  requests a second asked, and at which they started
#                 p50_ms, p99_ms, p999_ms, max_ms  of the measured requests, a KO at the timeout (10,000)
#                 from_ms, to_ms           when the first and the last measured request started (epoch ms)
#                 report                   the HTML report
#   --trace     a file for every measured request, one JSON object a line:
#                 {"start_ms": ..., "latency_ms": ..., "ok": true|false}   (a KO at the timeout)
#   --until     stop once this file exists, before the duration's end (which is then a bound):
#               no request starts after it; for a load that lasts as long as something else does
#
# Prints one line on stdout, for people (scripts read --summary):
#   gatling: requests=N ok=N ko=N rate=R/s p50=X p99=Y p999=Z max=M ms from=MS to=MS report=PATH
# The HTML report is under bench/results/gatling/, with Maven's and Gatling's output beside it
# (gatling.log). Exits 0 when the run completed, whatever its KOs; 1 when the tool failed (the end
# of its output is then on stderr), 2 on bad arguments. A run takes about 12 s more than warm-up
# and duration (Maven, Gatling's start, the report). The first run downloads Gatling from Maven
# Central (63 MB, some 15 s more); later runs need no network.
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
results=$bench/results/gatling

usage() {
  echo "bench/load.sh: $*" >&2
  sed -n '5,7p' "${BASH_SOURCE[0]}" | cut -c3- >&2
  exit 2
}

url='' rate='' duration='' paths=/api/article/metadata accepts='' gzip=false cpus='' name='' http2=false warmup=10
summary='' trace='' until=''
while (($#)); do
  case $1 in
    --url | --rate | --duration | --paths | --accepts | --gzip | --cpus | --name | --warmup | --summary | --trace | --until)
      (($# >= 2)) || usage "$1 needs a value"
      declare "${1#--}=$2"
      shift 2
      ;;
    --http2) http2=true && shift ;;
    *) usage "unknown argument: $1" ;;
  esac
done
[[ -n $url ]] || usage "--url is required"
[[ $rate =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage "--rate must be a number of requests a second"
[[ $duration =~ ^[1-9][0-9]*$ ]] || usage "--duration must be a whole number of seconds"
[[ $warmup =~ ^[1-9][0-9]*$ ]] || usage "--warmup must be a whole number of seconds"
[[ $gzip =~ ^(true|false|alternate)$ ]] || usage "--gzip must be true, false or alternate"

pin=()
[[ -n $cpus ]] && pin=(taskset -c "$cpus")
mkdir -p "$results"
log=$(mktemp "$results/.gatling.XXXXXX.log")
figures=${log%.log}.json
trap 'rm -f "$figures"' EXIT

if ! "${pin[@]}" mvn -q -B -f "$bench/gatling/pom.xml" gatling:test \
  -DbaseUrl="$url" -Drate="$rate" -Dduration="$duration" -Dwarmup="$warmup" -Dpaths="$paths" -Daccepts="$accepts" \
  -Dgzip="$gzip" -Dhttp2="$http2" -Dsummary="$figures" -Duntil="${until:+$(realpath -m "$until")}" -Dtrace="${trace:+$(realpath -m "$trace")}" -Dgatling.runDescription="$name" \
  >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  echo "bench/load.sh: Gatling failed; its whole output: $log" >&2
  exit 1
fi

# Gatling names the folder <simulation>-<timestamp>; the label, when given, replaces the simulation.
report=$(sed -n 's|^Reports generated, please open the following file: file://||p' "$log")
[[ -f $report ]] || { echo "bench/load.sh: no report in Gatling's output: $log" >&2; exit 1; }
dir=$(dirname "$report")
if [[ -n $name ]]; then
  renamed=$results/${name//[^A-Za-z0-9._-]/_}-${dir##*-}
  mv "$dir" "$renamed"
  dir=$renamed
fi
mv "$log" "$dir/gatling.log"

# The simulation's figures (its Javadoc), with the report's path; then the line for people.
[[ -s $figures ]] || { echo "bench/load.sh: the simulation wrote no summary; see $dir/gatling.log" >&2; exit 1; }
python3 - "$figures" "$dir/index.html" "${summary:-/dev/null}" <<'PYTHON'
import json, sys
figures, report, summary = sys.argv[1:]
with open(figures) as f:
    s = json.load(f)
s["report"] = report
with open(summary, "w") as f:
    json.dump(s, f, indent=1)
print(f"gatling: requests={s['requests']} ok={s['ok']} ko={s['ko']} rate={s['rate_achieved']}/s "
      f"p50={s['p50_ms']} p99={s['p99_ms']} p999={s['p999_ms']} max={s['max_ms']} ms "
      f"from={s['from_ms']} to={s['to_ms']} report={report}")
PYTHON
