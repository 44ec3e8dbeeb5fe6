#!/usr/bin/env python3
"""Start a server and time it from just before exec to its first HTTP 200.

    startup.py PORT PATH TIMEOUT_SECONDS LOGFILE -- COMMAND...

Prints {"ms": ..., "rss_kb": ...} (VmRSS at that moment) and then stops the server; bench/bench.py
calls first_200() for its startup section and bench/ab.sh --startup.
Polls with one small raw-socket request every ~10 ms (a curl per poll would cost a core on a
2-core machine and slow the very startup being measured).
"""
import json
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass


class StartupFailed(Exception):
    pass


@dataclass
class Start:
    ms: float
    rss_kb: int


def status(port, path):
    """The status code of GET path, or None while nothing answers."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.settimeout(2)
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            parts = s.recv(32).split(b" ", 2)
            return parts[1] if len(parts) > 1 else None
    except OSError:
        return None


def rss_kb(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        return int(next((line.split()[1] for line in f if line.startswith("VmRSS:")), "0"))


def first_200(command, port, path, timeout, logfile, env=None):
    """Starts command, returns a Start at its first 200 on path, and stops it (TERM, then KILL after 15 s)."""
    with open(logfile, "ab") as log:
        start = time.monotonic()
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        try:
            while time.monotonic() - start < timeout:
                if status(port, path) == b"200":
                    return Start((time.monotonic() - start) * 1000, rss_kb(server.pid))
                if server.poll() is not None:
                    raise StartupFailed(f"{command[0]} exited ({server.returncode}) before a 200; see {logfile}")
                time.sleep(0.01)
            raise StartupFailed(f"{command[0]}: no 200 within {timeout:.0f} s; see {logfile}")
        finally:
            if server.poll() is None:
                server.terminate()
                try:
                    server.wait(15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()


def main():
    port, path, timeout, logfile = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), sys.argv[4]
    command = sys.argv[sys.argv.index("--") + 1:]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` stops the server
    try:
        started = first_200(command, port, path, timeout, logfile)
    except StartupFailed as failure:
        print(f"startup.py: {failure}", file=sys.stderr)
        return 1
    print(json.dumps({"ms": round(started.ms), "rss_kb": started.rss_kb}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
