-- wrk's end-of-run hook for bench/bench.py: one line, "wrk-report: " and a JSON object of the
-- run's exact figures, latencies in ms. bad_status: responses with a status of 400 or more (wrk
-- counts nothing else; every row's answer is checked for its 200 before and after the load).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('wrk-report: {"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p99_ms": %.3f, '
    .. '"p999_ms": %.3f, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, '
    .. '"bad_status": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    e.connect, e.read, e.write, e.timeout, e.status))
end
