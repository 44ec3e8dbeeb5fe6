#!/usr/bin/env python3
"""The recommended launch (deploy/run.sh) against the floods of the open internet.

    bench/floods.sh [a b c d e]      (default: all five)

Each flood meets a fresh server on a port of its own, warmed by 20 s of ordinary load:
  a  10,000 idle connections, reopened as the server closes them, 60 s
  b  2,000 slowloris connections (a head byte every 5 s), 120 s
  c  wrk -t1 -c4000, 60 s
  d  1,000 requests pipelined on one connection, then 20,000 distinct searches from 8 clients, in
     turns for 60 s
  e  10,000 connections trickling a head to the server's limits (one header line a second until
     the head has the most fields and nearly the most bytes the server accepts), 45 s: the heap
     each one pins at its worst, and more of them than max-connections
The server runs on core 0; the flood, a fresh client's probe (GET /api/article/metadata, once a
second, 120 s timeout: past max-connections a newcomer waits in the accept queue) and the sampling of the server's RSS on core 1. Every flood has the same
verdicts, and the script exits 1 when any fails:
  alive            the server still runs after the flood
  no_oom           no OutOfMemoryError in its log
  no_error_lines   no line logged at ERROR (nothing a client sends may log one)
  etag_unchanged   the article's ETag is the same after the flood as before
  probes_ok        every probe, during and after the flood, answered 200
  first_after_ok   the first probe after the flood answered 200 within 5 s
  rss_within       peak RSS at most FLOOD_RSS_MB (384)
Settings (environment): FLOOD_PORT (18090: flood a; the next ones +1 each, their management
ports +100), FLOOD_SECONDS (scales every flood's duration: 1 = as above, 0.25 for a smoke run),
FLOOD_AFTER (30: seconds probed after a flood), FLOOD_RSS_MB (384).
Writes bench/results/floods.md and floods.json, logs in bench/results/floods/.
"""
import dataclasses
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "results" / "floods"
PROBE_TIMEOUT = 120
FIRST_AFTER_BOUND = 5.0


@dataclasses.dataclass
class Flood:
    key: str
    name: str
    command: list
    seconds: float


@dataclasses.dataclass
class Probe:
    at: float
    status: int  # 0: no answer within PROBE_TIMEOUT (or refused)
    seconds: float


@dataclasses.dataclass
class Result:
    flood: str
    description: str
    flood_tool_said: str
    rss_start_mb: int
    rss_peak_mb: int
    probes_during: int
    worst_during_s: float
    median_during_s: float
    worst_after_s: float
    first_after_s: float
    alive: bool
    no_oom: bool
    no_error_lines: bool
    etag_unchanged: bool
    probes_ok: bool
    first_after_ok: bool
    rss_within: bool

    def passed(self):
        return all([self.alive, self.no_oom, self.no_error_lines, self.etag_unchanged, self.probes_ok,
                    self.first_after_ok, self.rss_within])


def floods(port, scale):
    flood = ["java", str(BENCH / "Flood.java")]
    seconds = {key: max(5, round(s * scale)) for key, s in dict(a=60, b=120, c=60, d=60, e=45).items()}
    search_loop = (f"end=$((SECONDS + {seconds['d']})); while ((SECONDS < end)); do "
                   f"{' '.join(flood)} pipeline --port {port + 3} --requests 1000 && "
                   f"{' '.join(flood)} search --port {port + 3} --requests 20000 --clients 8; done")
    return [
        Flood("a", "10,000 idle connections", flood + ["idle", "--port", str(port), "--connections", "10000",
                                                       "--duration", str(seconds["a"])], seconds["a"]),
        Flood("b", "2,000 slowloris connections", flood + ["slowloris", "--port", str(port + 1), "--connections",
                                                           "2000", "--interval", "5", "--duration",
                                                           str(seconds["b"])], seconds["b"]),
        Flood("c", "wrk -t1 -c4000", ["wrk", "-t1", "-c4000", f"-d{seconds['c']}s",
                                      f"http://127.0.0.1:{port + 2}/api/article"], seconds["c"]),
        Flood("d", "1,000 pipelined requests, then 20,000 distinct searches", ["bash", "-c", search_loop],
              seconds["d"]),
        Flood("e", "10,000 heads trickled to the limits", flood + ["trickle", "--port", str(port + 4),
                                                                   "--connections", "10000", "--interval", "1",
                                                                   "--duration", str(seconds["e"])],
              seconds["e"]),
    ]


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def get(url, timeout):
    """(status, seconds, headers) of a GET from a fresh connection; status 0 when there is no answer."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            return response.status, time.monotonic() - start, response.headers
    except urllib.error.HTTPError as error:
        return error.code, time.monotonic() - start, error.headers
    except OSError:
        return 0, time.monotonic() - start, {}


class Prober(threading.Thread):
    """A fresh client's GET once a second until stopped."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.probes, self.stopped = url, [], threading.Event()

    def run(self):
        while not self.stopped.is_set():
            at = time.monotonic()
            status, seconds, _ = get(self.url, PROBE_TIMEOUT)
            self.probes.append(Probe(at, status, seconds))
            self.stopped.wait(max(0.0, 1 - (time.monotonic() - at)))

    def stop(self):
        self.stopped.set()
        self.join(PROBE_TIMEOUT + 5)
        return self.probes


def start_server(port, log):
    server = subprocess.Popen(["taskset", "-c", "0", str(ROOT / "deploy" / "run.sh"), f"--server.port={port}",
                               f"--management.server.port={port + 100}"],
                              stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "JAVA_OPTS": ""})
    for _ in range(480):
        if server.poll() is not None:
            raise SystemExit(f"bench/floods.sh: the server on {port} exited while starting ({server.returncode})")
        if get(f"http://127.0.0.1:{port}/readyz", 2)[0] == 200:
            return server
        time.sleep(0.25)
    server.kill()
    raise SystemExit(f"bench/floods.sh: the server on {port} was not ready within 120 s")


def etag(port):
    return get(f"http://127.0.0.1:{port}/api/article", 10)[2].get("ETag")


def run(flood, port, after):
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / f"{flood.key}.log", "w") as log, open(OUT / f"{flood.key}.flood", "w") as flood_out:
        server = start_server(port, log)
        try:
            for path in ("/api/article/metadata", "/api/article"):  # warm: the JIT as on a server in service
                subprocess.run(["taskset", "-c", "1", "wrk", "-t1", "-c16", "-d10s", f"http://127.0.0.1:{port}{path}"],
                               stdout=subprocess.DEVNULL, check=True)
            tag_before = etag(port)
            rss_start = rss_kb(server.pid)
            peak = rss_start
            url = f"http://127.0.0.1:{port}/api/article/metadata"
            prober = Prober(url)
            prober.start()
            attack = subprocess.Popen(["taskset", "-c", "1", "nice", "-n", "19", *flood.command], stdout=flood_out,
                                      stderr=subprocess.STDOUT)
            while attack.poll() is None:
                peak = max(peak, rss_kb(server.pid))
                time.sleep(0.5)
            during = prober.stop()
            ended = time.monotonic()
            prober = Prober(url)
            prober.start()
            while time.monotonic() - ended < after:
                peak = max(peak, rss_kb(server.pid))
                time.sleep(0.5)
            probes_after = prober.stop()
            tag_after = etag(port)
            alive = server.poll() is None
        finally:
            server.terminate()
            try:
                server.wait(60)
            except subprocess.TimeoutExpired:
                server.kill()
    text = (OUT / f"{flood.key}.log").read_text(errors="replace")
    said = "; ".join(line.strip() for line in (OUT / f"{flood.key}.flood").read_text(errors="replace").splitlines()
                     if line.startswith("flood ") or "Requests/sec" in line or "Socket errors" in line)
    first = probes_after[0] if probes_after else Probe(0, 0, float("inf"))
    seconds = [p.seconds for p in during] or [0.0]
    return Result(
        flood=flood.key, description=flood.name, flood_tool_said=said, rss_start_mb=rss_start // 1024,
        rss_peak_mb=peak // 1024, probes_during=len(during), worst_during_s=round(max(seconds), 3),
        median_during_s=round(statistics.median(seconds), 3),
        worst_after_s=round(max(p.seconds for p in probes_after), 3) if probes_after else float("inf"),
        first_after_s=round(first.seconds, 3), alive=alive, no_oom="OutOfMemoryError" not in text,
        no_error_lines=not re.search(r"^\S+\s+ERROR\s", text, re.MULTILINE),
        etag_unchanged=bool(tag_before) and tag_before == tag_after,
        probes_ok=all(p.status == 200 for p in during + probes_after),
        first_after_ok=first.status == 200 and first.seconds <= FIRST_AFTER_BOUND,
        rss_within=peak // 1024 <= int(os.environ.get("FLOOD_RSS_MB", "384")))


def report(results):
    verdicts = ["alive", "no_oom", "no_error_lines", "etag_unchanged", "probes_ok", "first_after_ok", "rss_within"]
    lines = ["| flood | RSS start / peak, MB | fresh client during: worst, median (probes) | after: first, worst | "
             + " | ".join(verdicts) + " | what the flood tool saw |",
             "|---|--:|---|---|" + "---|" * len(verdicts) + "---|"]
    for r in results:
        marks = " | ".join("ok" if getattr(r, v) else "**FAIL**" for v in verdicts)
        lines.append(f"| {r.flood}: {r.description} | {r.rss_start_mb} / {r.rss_peak_mb} | {r.worst_during_s} s, "
                     f"{r.median_during_s} s ({r.probes_during}) | {r.first_after_s} s, {r.worst_after_s} s | "
                     f"{marks} | {r.flood_tool_said} |")
    return "\n".join(lines) + "\n"


def main():
    port = int(os.environ.get("FLOOD_PORT", "18090"))
    scale = float(os.environ.get("FLOOD_SECONDS", "1"))
    after = int(os.environ.get("FLOOD_AFTER", "30"))
    wanted = sys.argv[1:] or list("abcde")
    if not sorted(ROOT.glob("target/summit-article-api-*.jar")):
        sys.exit("bench/floods.sh: no jar in target/; build it first: mvn -B -DskipTests package")
    os.sched_setaffinity(0, {1})
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    results = []
    for index, flood in enumerate(floods(port, scale)):
        if flood.key in wanted:
            result = run(flood, port + index, after)
            results.append(result)
            print(json.dumps(dataclasses.asdict(result)), flush=True)
    table = report(results)
    (BENCH / "results" / "floods.md").write_text(table)
    (BENCH / "results" / "floods.json").write_text(json.dumps([dataclasses.asdict(r) for r in results], indent=2))
    print(table)
    failed = [r.flood for r in results if not r.passed()]
    if failed:
        sys.exit(f"bench/floods.sh: verdicts failed for flood(s) {', '.join(failed)}; logs in {OUT}")


if __name__ == "__main__":
    main()
