-- wrk's end-of-run hook for bench/run.sh: one line of exact figures, latencies in ms:
-- RESULT <requests> <seconds> <p50> <p99> <p99.9> <socket errors> <non-2xx/3xx>
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.6f %.3f %.3f %.3f %d %d\n",
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
