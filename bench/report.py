#!/usr/bin/env python3
"""The tables of bench/run.sh, in Markdown, from the figures it collected.

    report.py ROWS RUNS GATLING [PAIRS]

ROWS: one "key<TAB>label" line a row, in the order of the tables.
RUNS: one wrk run a line: row conns round req/s cpu-us-per-request p50 p99 p99.9 socket-errors non-2xx
load-cores-busy-% others-on-the-server-core-% kernel-cpu-us-per-request (absent in runs before it was measured).
PAIRS: head to head, RUNS' format, the round "REFERENCE.N": the default launch and REFERENCE, the Nth pair.
GATLING: one Gatling run a line: row round rate-asked rate-achieved requests ok ko p50 p99 p99.9 max
host-longest-stall (ms; bench/hiccups.py, on the server's core and the load's).
Latencies in ms. Ratios are against the floor that sends the service's headers and against nginx.
"""
import statistics
import sys

FLOOR, NGINX = "floor-headers", "nginx"


def number(value, digits=0):
    return "-" if value is None else f"{value:,.{digits}f}"


def ratio(value, reference):
    return "-" if value is None or not reference else f"{value / reference:.2f}"


def read(path):
    with open(path, encoding="utf-8") as f:
        return [line.split() for line in f if line.strip()]


def paired(per_round, conns, row, reference, column):
    """The median over the rounds of row / reference, each measured in the same round (a minute apart at most)."""
    mine, theirs = per_round.get((conns, row), {}), per_round.get((conns, reference), {})
    ratios = [mine[r][column] / theirs[r][column] for r in mine if r in theirs and theirs[r][column]]
    return statistics.median(ratios) if ratios else None


KERNEL = 9  # the index of the kernel's µs a request in a run's figures (after row, conns and round)


def figures_of(fields):
    """A run's figures as numbers, the kernel's part None in runs from before it was measured."""
    figures = [float(x) for x in fields]
    return figures + [None] * (KERNEL + 1 - len(figures))


def median(values):
    """The median of the values measured (None: not measured in that run)."""
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def throughput(labels, runs):
    by, per_round = {}, {}
    for row, conns, round_, *fields in runs:
        figures = figures_of(fields)
        by.setdefault((int(conns), row), []).append(figures)
        per_round.setdefault((int(conns), row), {})[round_] = figures
    rounds = max((len(v) for v in by.values()), default=0)
    medians = {key: [median(column) for column in zip(*values)] for key, values in by.items()}
    ratios = {(conns, row, reference, column): paired(per_round, conns, row, reference, column)
              for conns, row in by for reference in (FLOOR, NGINX, "stock") for column in (0, 1)}
    spread = {key: (max(v[0] for v in values) - min(v[0] for v in values)) / medians[key][0] * 100
              if medians[key][0] else 0 for key, values in by.items()}
    print(f"Medians of {rounds} round(s); the rounds go round-robin over the rows. CPU: the server's "
          "utime + stime per request (µs); kernel: the stime part of it (system calls). Spread: (max − min) / median of req/s over the rounds. "
          "Errors: socket errors / non-2xx, summed over the rounds. × floor: against the bare Tomcat "
          "with the service's headers; × nginx: against nginx; each the median over the rounds of the ratio "
          "within a round (the two rows ran a minute apart at most, so the host's slower and faster minutes "
          "touch both alike). Load core: how busy the load generator's "
          "core(s) were (near 100 %: wrk, not the server, may set the req/s). Others: CPU on the server's "
          "core that was not the server's (other processes: noise in that row).")
    print()
    print("| conns | server | req/s | spread | CPU µs/req | kernel µs/req | p50 ms | p99 ms | p99.9 ms "
          "| req/s × floor | CPU × floor | req/s × nginx | CPU × nginx | errors | load core | others |")
    print("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for conns in sorted({c for c, _ in by}):
        for row, label in labels:
            m = medians.get((conns, row))
            if m is None:
                continue
            rps, cpu, p50, p99, p999, _, _, load, others, kernel = m
            errors = "/".join(str(int(sum(v[i] for v in by[conns, row]))) for i in (5, 6))
            paired_ratios = " | ".join(number(ratios[conns, row, reference, column], 2)
                                       for reference in (FLOOR, NGINX) for column in (0, 1))
            print(f"| {conns} | {label} | {number(rps)} | {spread[conns, row]:.0f} % | {number(cpu, 1)} | {number(kernel, 1)} "
                  f"| {p50:.2f} | {p99:.2f} | {p999:.2f} | {paired_ratios} | {errors} "
                  f"| {load:.0f} % | {others:.0f} % |")
    return medians, ratios


SERVICE = "service-default"


def quartiles(values):
    q = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return q[0], statistics.median(values), q[2]


def head_to_head(labels, pairs):
    """The default launch against each reference, both loaded at once on one core."""
    runs = {}
    for row, _conns, round_, *fields in pairs:
        figures = figures_of(fields)
        runs.setdefault(round_, {})[row] = (figures[1], figures[KERNEL])
    ratios, costs = {}, {}
    for round_, rows in runs.items():
        reference = round_.rpartition(".")[0]
        if rows.get(SERVICE) and rows.get(reference) and rows[reference][0]:
            ratios.setdefault(reference, []).append(rows[SERVICE][0] / rows[reference][0])
            costs.setdefault(reference, []).append(rows[SERVICE] + rows[reference])
    print("The default launch (service, java -jar) and each other row loaded at the same time, both servers "
          "on core 0, a wrk at 64 connections on each: whatever slows the host slows both alike. CPU per "
          "request ×: the service's over the other's, the median of the runs (middle half: their quartiles). "
          "req/s a core gives ×: its inverse, what each would serve alone on a core it saturates (their req/s "
          "side by side depend on how the scheduler splits the core between them). µs a request: each "
          "server's CPU a request, and in brackets the kernel's part of it (system calls), medians of the runs.")
    print()
    print("| service, java -jar against | runs | CPU per request × | middle half | req/s a core gives × "
          "| the service, µs a request (kernel) | the other, µs a request (kernel) |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    result = {}
    for row, label in labels:
        if row not in ratios:
            continue
        low, mid, high = quartiles(ratios[row])
        result[row] = (1 / mid, mid)
        service, service_kernel, other, other_kernel = (median(column) for column in zip(*costs[row]))
        print(f"| {label} | {len(ratios[row])} | {mid:.2f} | {low:.2f}–{high:.2f} | {1 / mid:.2f} "
              f"| {number(service, 1)} ({number(service_kernel, 1)}) | {number(other, 1)} ({number(other_kernel, 1)}) |")
    return result


STALL_MS = 50  # a run in which the host stalled a core longer than this measures the host


def latency(labels, gatling):
    by = {}
    for row, _round, *figures in gatling:
        by.setdefault(row, []).append([float(x) for x in figures])
    clean = {row: [r for r in runs if r[9] <= STALL_MS] for row, runs in by.items()}
    rows = {row: [statistics.median(column) for column in zip(*(clean[row] or runs))] for row, runs in by.items()}
    floor, nginx = rows.get(FLOOR), rows.get(NGINX)
    rounds = max((len(v) for v in by.values()), default=0)
    print(f"{rounds} run(s) a row, round-robin over the rows. Host stall: the longest time the machine "
          "itself stopped the server's core or the load's during a run's measured requests (bench/hiccups.py, "
          f"a real-time thread that wakes every 10 ms; on this VM, the hypervisor). A run with a stall over "
          f"{STALL_MS} ms measures the host: the figures are medians of the runs without one (undisturbed), "
          "or of all runs, marked *, when every run had one. Rate achieved: the rate at which the measured "
          "requests started. Short: runs that fell short of 98 % of the rate asked (the generator, not the "
          "server, was late) or had a KO.")
    print()
    print("| server | rate asked /s | rate achieved /s | KO | short | undisturbed | p50 ms | p99 ms | p99.9 ms "
          "| max ms | p99 of each run (host stall ms) | p99 × floor | p99.9 × floor | p99 × nginx | p99.9 × nginx |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|--:|")
    for row, label in labels:
        g = rows.get(row)
        if g is None:
            continue
        asked, achieved, _requests, _ok, ko, p50, p99, p999, top = g[:9]
        runs = by[row]
        short = sum(1 for r in runs if r[1] < 0.98 * r[0] or r[4] > 0)
        mark = "" if clean[row] else "*"
        each = ", ".join(f"{number(r[6])} ({number(r[9])})" for r in runs)
        print(f"| {label} | {number(asked)} | {number(achieved, 1)} | {number(ko)} | {short} of {len(runs)} "
              f"| {len(clean[row])} of {len(runs)} | {number(p50)}{mark} | {number(p99)}{mark} | {number(p999)}{mark} "
              f"| {number(top)}{mark} | {each} "
              f"| {ratio(p99, floor and floor[6])} | {ratio(p999, floor and floor[7])} "
              f"| {ratio(p99, nginx and nginx[6])} | {ratio(p999, nginx and nginx[7])} |")
    return rows


def targets(medians, ratios, gatling, pairs):
    """Issue 9, section 2: the default launch against the floor with headers and the stock controller, c=64.
    Head to head where it ran, else the rounds."""
    g_service, g_floor = gatling.get("service-default"), gatling.get(FLOOR)
    for reference, (rps, cpu) in pairs.items():
        ratios[64, SERVICE, reference, 0], ratios[64, SERVICE, reference, 1] = rps, cpu
    checks = [
        ("req/s ≥ 0.95× the floor's, c=64", ratios.get((64, "service-default", FLOOR, 0)), 0.95, True),
        ("CPU per request ≤ 1.1× the floor's, c=64", ratios.get((64, "service-default", FLOOR, 1)), 1.1, False),
        ("p99 at the fixed rate ≤ 1.3× the floor's (undisturbed medians)", g_service and g_floor and g_floor[6] and g_service[6] / g_floor[6],
         1.3, False),
        ("req/s ≥ 2.5× the stock controller's, c=64", ratios.get((64, "service-default", "stock", 0)), 2.5, True),
    ]
    if not any(value for _, value, _, _ in checks):
        return
    print("### Issue 9's targets")
    print()
    print("| target (default launch) | measured | met |")
    print("|---|--:|---|")
    for name, value, bound, at_least in checks:
        met = "-" if not value else ("yes" if (value >= bound if at_least else value <= bound) else "no")
        print(f"| {name} | {'-' if not value else f'{value:.2f}×'} | {met} |")
    if pairs:
        print()
        print("The req/s and CPU targets are read from the head-to-head runs (req/s: what a core gives).")


def main():
    labels = [tuple(line.rstrip("\n").split("\t", 1)) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    runs, gatling = read(sys.argv[2]), read(sys.argv[3])
    pairs = read(sys.argv[4]) if len(sys.argv) > 4 else []
    medians, ratios, rows, head = {}, {}, {}, {}
    if runs:
        print("### Throughput, closed loop (wrk -t1)")
        print()
        medians, ratios = throughput(labels, runs)
        print()
    if pairs:
        print("### Head to head (wrk -t1, c=64)")
        print()
        head = head_to_head(labels, pairs)
        print()
    if gatling:
        print("### Latency at a fixed arrival rate, open model (Gatling)")
        print()
        rows = latency(labels, gatling)
        print()
    targets(medians, ratios, rows, head)


if __name__ == "__main__":
    main()
