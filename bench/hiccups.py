#!/usr/bin/env python3
"""The host's stalls on one core while a measurement runs, as jHiccup measures a platform's.

    hiccups.py CORE OUTFILE

Pins itself to CORE at the highest real-time priority (SCHED_FIFO 99, so that nothing of ours
delays it), then sleeps 10 ms at a time until SIGTERM or SIGINT; every wake-up later than asked
is a stall of the machine under it: the hypervisor took the core (steal), or the kernel ran
something it could not preempt. It writes one JSON line to OUTFILE for every stall of 5 ms or more:

    {"end_ms": <when it ended, ms since the epoch>, "stall_ms": <how long>}

It costs 100 wake-ups a second. Without the privilege for SCHED_FIFO it runs at normal priority,
and then also counts the waits for the servers' threads on that core.
"""
import os
import signal
import sys
import time

PERIOD = 0.010


def main():
    core, outfile = int(sys.argv[1]), sys.argv[2]
    os.sched_setaffinity(0, {core})
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(99))
    except PermissionError:
        pass
    running = True

    def stop(*_):
        nonlocal running
        running = False

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with open(outfile, "w", encoding="utf-8", buffering=1) as out:
        before = time.monotonic()
        while running:
            time.sleep(PERIOD)
            now = time.monotonic()
            late = now - before - PERIOD
            before = now
            if late >= 0.005:
                out.write(f'{{"end_ms": {time.time() * 1000:.0f}, "stall_ms": {late * 1000:.0f}}}\n')


if __name__ == "__main__":
    main()
