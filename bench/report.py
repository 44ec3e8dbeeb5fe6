#!/usr/bin/env python3
"""The Markdown report of a bench/bench.py run, from its run file (bench/results/latest-run.json):

    python3 bench/report.py bench/results/latest-run.json

bench/bench.py writes latest.md with this; running it again on a run file gives the same text.
"""
import json
import statistics
import sys

REFERENCE = "service-default"


def number(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def percent(value):
    return "-" if value is None else f"{value:.0f} %"


def table(header, rows):
    """A Markdown table; header: (title, align) pairs, align "l" or "r"."""
    lines = ["| " + " | ".join(title for title, _ in header) + " |",
             "|" + "|".join("---" if align == "l" else "--:" for _, align in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render(doc):
    labels = {row["key"]: row["server"] for row in doc.get("rows", [])}
    settings = doc["settings"]
    out = [f"# {doc['title']}", ""]
    if doc.get("quick"):
        out += ["**Quick mode (BENCH_QUICK=1): a smoke test on short runs; its figures are provisional.**", ""]
    for failure in doc.get("failures", []):
        out += [f"**FAILED: {failure}**", ""]
    for note in doc.get("notes", []):
        out += [f"Note: {note}", ""]
    out += method(doc, settings)
    records = doc.get("records", [])
    if any(r.get("answer") for r in records):
        out += ["", "## The rows", "", "Each row's answer against the service's (every header but Date, Server, Connection "
                "and Keep-Alive, and every byte of the body), before the load, after each section and at the end: "
                "any difference fails the run.", ""]
        out.append(table([("row", "l"), ("key", "l"), ("role", "l"), ("what it answers", "l"), ("RSS after the load, MB", "r")],
                         [(r["server"], f"`{r['key']}`", r["role"], r.get("answer") or "-", number(r.get("rss_mb_after_load")))
                          for r in records]))
        out += ["", "## Summary (one record a row in the .json file beside this report)", "",
                f"At {records[0]['connections']} connections. req/s, CPU and kernel µs a request: medians of the "
                "throughput rounds, each row loaded alone. The service's CPU ÷ this row's: head to head, both loaded "
                "at once on core 0 (the only ratio of CPU this bench gives). Syscalls a request: under strace -c -f. "
                "p99: Gatling at the fixed rate, beside the service, a KO at its timeout; KO: summed over the runs, "
                "warm-ups included. Startup: median ms to the first 200, Java 17.", ""]
        out.append(table(
            [("server", "l"), ("req/s", "r"), ("CPU µs/req", "r"), ("kernel µs/req", "r"), ("syscalls/req", "r"),
             ("service CPU ÷ this", "r"), ("p99 ms", "r"), ("KO", "r"), ("service p99 ÷ this", "r"), ("startup ms", "r")],
            [(r["server"], number(r["requests_per_second"]), number(r["cpu_us_per_request"], 1),
              number(r["kernel_us_per_request"], 1), number(r["syscalls_per_request"], 2),
              number(r["service_cpu_ratio"], 2), number(r["p99_ms"]), number(r["ko"]),
              number(r["service_p99_ratio"], 2), number(r["startup_ms"])) for r in records]))
    if doc.get("throughput"):
        out += ["", "## Throughput, closed loop (wrk -t1), each row alone", ""] + throughput(doc, labels)
    if doc.get("head_to_head"):
        out += ["", f"## Head to head: {labels.get(REFERENCE, REFERENCE)} and each other row loaded at once", ""]
        out += head_to_head(doc, labels)
    if doc.get("syscalls"):
        out += ["", "## System calls a request (strace -c -f)", ""] + syscalls(doc, labels)
    if doc.get("latency"):
        out += ["", "## Latency at a fixed arrival rate, open model (Gatling), two servers at once", ""]
        out += latency(doc, labels)
    if doc.get("warmup"):
        out += ["", "## Warm-up: CPU a request, µs, in each part of the warm-up (wrk -c64, the row alone)", ""]
        out += warmup(doc, labels)
    if doc.get("startup"):
        out += ["", "## Startup: exec to the first 200, launches alternated start by start", ""] + startup(doc)
    if doc.get("memory"):
        out += ["", "## Memory of the recommended launch (deploy/run.sh), VmRSS in MB", ""] + memory(doc)
    if doc.get("targets"):
        out += ["", "## Targets", ""] + targets(doc)
    out += ["", f"Total time: {doc['duration_s'] // 60} min {doc['duration_s'] % 60} s. Logs: {doc.get('logs')}/.", ""]
    return "\n".join(out)


def method(doc, s):
    tools = doc.get("tools", {})
    out = ["## Machine and method", "",
           f"- machine: {doc['machine']}",
           f"- java: {tools.get('java', '?')}"]
    if tools.get("java25"):
        out.append(f"- java 25 (startup, and rows that ask for it): {tools['java25']}")
    out += [f"- {tools.get('nginx', '?')}; {tools.get('tomcat', '?')} (the floor); {tools.get('wrk', '?')}; "
            f"{tools.get('strace', '?')}",
            f"- jar: {doc.get('jar', '?')}",
            f"- URL: `{doc['url']}`, {number(doc.get('body_bytes'))} B of {doc.get('content_type') or '?'}, "
            "requests with a Host header only",
            f"- pinning: every server on core 0, every load generator (wrk, Gatling, strace, the floods) on core(s) "
            f"{s['load_cpus']} (taskset); a JVM on one core picks the serial GC by itself",
            f"- warm-up: {s['warmup']} s of wrk -c64 on each JVM row (nginx: at most 5 s), in parts of 10 s whose CPU "
            "a request is kept (the warm-up table)",
            f"- CPU a request: the server's utime + stime (/proc/PID/stat; nginx: master + worker) over a wrk run, "
            "divided by the requests wrk completed; kernel: the stime part (system calls)"]
    sections = doc["sections"]
    if "throughput" in sections:
        out.append(f"- throughput: wrk -t1 -d{s['duration']}s at {' '.join(map(str, s['connections']))} connections, "
                   f"{s['rounds']} round(s), each round runs every row once, starting one row later than the round before")
    if "pairs" in sections:
        out.append(f"- head to head: the service (java -jar) and each other row loaded at the same time, both on core 0, "
                   f"a wrk -t1 -c64 on each, {s['pairs']} run(s) of {s['pair_duration']} s a pair")
    if "syscalls" in sections:
        out.append(f"- syscalls: strace -c -f on every thread of the row during {s['strace_seconds']} s of wrk -c64; "
                   "strace slows the server, so these are calls a request under strace")
    if "latency" in sections and doc.get("latency_rate"):
        out.append(f"- latency: Gatling (bench/load.sh), open model, {doc['latency_rate']['rate']}/s on each of two servers "
                   f"at once (the service and another row, both on core 0; two Gatlings on the load core, the second "
                   f"started 0.3 s after the first), {s['gatling_warmup']} s rising to the rate then "
                   f"{s['gatling_duration']} s measured, {s['gatling_rounds']} round(s) (BENCH_RATE)")
    if "startup" in sections:
        out.append(f"- startup: unpinned, nothing else of the bench running, {s['startup_runs']} cycle(s), each cycle "
                   "starts every launch once; deploy/run.sh's first start (extract, train) not timed")
    if "memory" in sections:
        out.append(f"- memory: deploy/run.sh (Java 17) on core 0; {s['memory_load']} s of wrk -c64; then "
                   f"{s['idle']} idle connections for {s['idle_seconds']} s (bench/Flood.java idle, on the load core)")
    out.append("- settings: " + ", ".join(f"{k}={v}" for k, v in s.items()
                                          if k not in ("sections", "app_dir", "java_home", "java25_home", "jar")))
    return out


def throughput(doc, labels):
    by = {}
    for m in doc["throughput"]:
        by.setdefault((m["connections"], m["row"]), []).append(m)
    rows = []
    for (connections, key), runs in sorted(by.items(), key=lambda item: (item[0][0], list(labels).index(item[0][1]))):
        rps = [m["requests_per_second"] for m in runs]
        mid = median(rps)
        rows.append((connections, labels[key], number(mid), f"{(max(rps) - min(rps)) / mid * 100:.0f} %",
                     number(median([m["cpu_us_per_request"] for m in runs]), 1),
                     number(median([m["kernel_us_per_request"] for m in runs]), 1),
                     number(median([m["p50_ms"] for m in runs]), 2), number(median([m["p99_ms"] for m in runs]), 2),
                     number(median([m["p999_ms"] for m in runs]), 2),
                     percent(median([m["load_core_busy_percent"] for m in runs])),
                     percent(median([m["others_on_server_core_percent"] for m in runs]))))
    return [f"Medians of {doc['settings']['rounds']} round(s). Spread: (max − min) / median of req/s over the rounds. "
            "No ratio between rows here: rows measured one after the other compare two moments of the host; the "
            "ratios are in the head to head. Load core: how busy the load generator's core was (near 100 %: wrk, not "
            "the server, may set the req/s). Others: CPU on the server's core that was not the server's. Every run "
            "had no socket error and no status of 400 or more (else the run fails).", "",
            table([("conns", "r"), ("server", "l"), ("req/s", "r"), ("spread", "r"), ("CPU µs/req", "r"),
                   ("kernel µs/req", "r"), ("p50 ms", "r"), ("p99 ms", "r"), ("p99.9 ms", "r"), ("load core", "r"),
                   ("others", "r")], rows)]


def head_to_head(doc, labels):
    rows = []
    for record in doc["records"]:
        if record["key"] == REFERENCE or not record["head_to_head_runs"]:
            continue
        pair = [m for m in doc["head_to_head"] if m["label"].startswith(record["key"] + " run ")]
        service = [m for m in pair if m["row"] == REFERENCE]
        other = [m for m in pair if m["row"] == record["key"]]
        low, high = record["service_cpu_ratio_middle_half"]
        rows.append((record["server"], record["head_to_head_runs"], number(record["service_cpu_ratio"], 2),
                     f"{low:.2f}–{high:.2f}", number(1 / record["service_cpu_ratio"], 2),
                     f"{number(median([m['cpu_us_per_request'] for m in service]), 1)} "
                     f"({number(median([m['kernel_us_per_request'] for m in service]), 1)})",
                     f"{number(median([m['cpu_us_per_request'] for m in other]), 1)} "
                     f"({number(median([m['kernel_us_per_request'] for m in other]), 1)})"))
    return ["Both servers on core 0, a wrk -c64 on each: whatever slows the host slows both alike. The service's CPU "
            "a request ÷ the other's: the median of the runs (middle half: their quartiles); its inverse is what a "
            "core gives the service against the other. µs a request, the kernel's part in brackets: medians of the runs.",
            "",
            table([("against", "l"), ("runs", "r"), ("service CPU ÷ other's", "r"), ("middle half", "r"),
                   ("req/s a core gives ×", "r"), ("service µs/req (kernel)", "r"), ("other µs/req (kernel)", "r")], rows)]


def syscalls(doc, labels):
    rows = []
    for count in doc["syscalls"]:
        requests = count["requests"]
        calls = sorted(count["calls"].items(), key=lambda c: -c[1])
        named = ", ".join(f"{name} {n / requests:.2f}" for name, n in calls if n / requests >= 0.01)
        rest = sum(n for _, n in calls if n / requests < 0.01) / requests
        opens = sum(n for name, n in calls if name in ("open", "openat", "openat2", "creat")) / requests
        rows.append((labels[count["row"]], number(sum(count["calls"].values()) / requests, 2),
                     named + (f"; others {rest:.3f}" if rest else ""), f"{opens:.4f}", number(requests)))
    return ["System calls of every thread of the server (nginx: master and worker) during the run, divided by the "
            f"requests wrk completed. A row that opens a file a request ({doc.get('opens_per_request_limit', 0.1)} open "
            "calls a request or more; a JVM opens some 20 files a second of its own) fails the run.",
            "", table([("server", "l"), ("calls/req", "r"), ("by name, a request", "l"), ("opens/req", "r"),
                       ("requests", "r")], rows)]


def latency(doc, labels):
    runs = doc["latency"]
    rate = doc["latency_rate"]["rate"]
    summary = []
    for record in doc["records"]:
        mine = [r for r in runs if r["row"] == record["key"]]
        if not mine:
            continue
        short = sum(1 for r in mine if r["rate_achieved"] < 0.98 * r["rate"])
        summary.append((record["server"], len(mine), number(sum(r["ko"] + r["warmup_ko"] for r in mine)), short,
                        number(median([r["p50_ms"] for r in mine])), number(record["p99_ms"]),
                        number(median([r["p999_ms"] for r in mine])), number(max(r["max_ms"] for r in mine)),
                        number(record["service_p99_ratio"], 2)))
    each = [(r["pair"].replace(REFERENCE + "+", ""), r["round"], labels[r["row"]], number(r["rate_achieved"], 1),
             number(r["requests"]), f"{r['ko']} (+{r['warmup_ko']})", r["p50_ms"], r["p99_ms"], r["p999_ms"], r["max_ms"],
             r["host_stall_ms"], percent(r.get("load_core_busy_percent")), percent(r.get("others_on_server_core_percent")))
            for r in runs]
    return [f"{rate}/s on each server. KOs count in the percentiles at the request timeout (10,000 ms) and are summed "
            "over the runs, warm-ups included; any KO voids the latency verdicts and fails the run. Short: runs whose "
            "measured requests started below 98 % of the rate (the generator, not the server, fell behind). Service's "
            "p99 ÷ this: the median over the runs of the two servers' p99s, measured at once. Host stall: the longest "
            "time the machine itself stopped core 0 or the load core during a run (bench/hiccups.py). Load core: how "
            "busy the load core was over the pair's run, both Gatlings and anything else (near 100 %: the generators "
            "were starved, and their queueing is in the percentiles); others: the share of core 0 that went to other "
            "processes than the two servers.", "",
            table([("server", "l"), ("runs", "r"), ("KO", "r"), ("short", "r"), ("p50 ms", "r"), ("p99 ms", "r"),
                   ("p99.9 ms", "r"), ("max ms", "r"), ("service p99 ÷ this", "r")], summary),
            "", "Each run:", "",
            table([("beside the service", "l"), ("round", "r"), ("server", "l"), ("rate achieved /s", "r"),
                   ("requests", "r"), ("KO (warm-up)", "r"), ("p50", "r"), ("p99", "r"), ("p99.9", "r"), ("max", "r"),
                   ("host stall ms", "r"), ("load core", "r"), ("others on core 0", "r")], each)]


def warmup(doc, labels):
    by = {}
    for part in doc["warmup"]:
        by.setdefault(part["row"], []).append(part)
    rows = [(labels[key], len(parts), ", ".join(f"{p['cpu_us_per_request']:.0f}" for p in parts))
            for key, parts in by.items()]
    return [table([("server", "l"), ("parts", "r"), ("µs a request, part by part", "l")], rows)]


def startup(doc):
    launches = {launch["key"]: launch for launch in doc["launches"]}
    cycles = {}
    for run in doc["startup"]:
        cycles.setdefault(run["cycle"], {})[run["launch"]] = run["ms"]
    rows = []
    for key, launch in launches.items():
        ms = [r["ms"] for r in doc["startup"] if r["launch"] == key]
        rss = [r["rss_mb"] for r in doc["startup"] if r["launch"] == key]
        base = f"service-java{launch['jdk']}" if key.startswith("recommended") else f"stock-java{launch['jdk']}"
        ratios = [c[key] / c[base] for c in cycles.values() if key in c and base in c]
        rows.append((launch["label"], f"`{key}`", len(ms), number(median(ms)), f"{number(min(ms))}–{number(max(ms))}",
                     number(median(rss)), f"{number(median(ratios), 2)}× `{base}`" if key != base else "-"))
    return ["Exec to the first 200 on /api/article/metadata, from a poller that sends a request every 10 ms. Ratio: the "
            "median over the cycles of the two launches' times within a cycle.", "",
            table([("launch", "l"), ("key", "l"), ("starts", "r"), ("median ms", "r"), ("min–max ms", "r"), ("RSS then, MB", "r"),
                   ("ratio", "l")], rows)]


def memory(doc):
    m = doc["memory"]
    return [table([("after start", "r"), ("after the load", "r"), ("its req/s", "r"),
                   (f"holding {m['idle_connections']:,} idle connections, peak", "r"), ("connections held, most seen", "r"),
                   ("after them", "r"), ("the flood tool", "l")],
                  [(m["after_start_mb"], m["after_load_mb"], number(m["load_requests_per_second"]),
                    m["peak_holding_them_mb"], number(m["connections_held"]), m["after_them_mb"], " ".join(m["flood"]))])]


def targets(doc):
    rows = []
    for t in doc["targets"]:
        value = t["measured"]
        if t.get("void"):
            met = f"void ({t['void']})"
        elif value is None:
            met = "not measured"
        else:
            met = "yes" if value <= t["bound"] else "no"
        rows.append((t["target"], "-" if value is None else f"{value:.2f}×", f"{t['bound']}×", met, t["source"]))
    return ["Each ratio from side-by-side runs: CPU from the head to head, p99 from the latency runs of both servers at "
            "once, startups from alternated starts.", "",
            table([("target", "l"), ("measured", "r"), ("bound", "r"), ("met", "l"), ("from", "l")], rows)]


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        print(render(json.load(f)))


if __name__ == "__main__":
    main()
