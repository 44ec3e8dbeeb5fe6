#!/usr/bin/env python3
"""The heap that open connections pin in the recommended launch, state by state.

    bench/connection-heap.sh [--connections N] [--port P] [--states idle,keep-alive,head-lines,head-fields]

Starts deploy/run.sh on core 0 (its flags, its limits), then for each state opens N connections
from this process (on core 1), holds them in that state, and reads the live heap from
`jcmd GC.class_histogram` (which runs a full collection first) before and after: the difference
over N is what one connection pins. The states:

  idle         connected, nothing sent
  keep-alive   one request answered, the connection kept open and idle
  head-lines   a request head grown to the header size limit in 199-byte lines, never finished
  head-fields  a head at the limit in as many fields as the server accepts (found by asking it),
               the worst legal head: every field is a header object of its own

Heads are measured before the connection timeout closes them (the server's connection-timeout
pause after the last byte): all N heads are sent within a few seconds and the histogram is taken
at once. Writes one JSON record per state to stdout (and --out FILE), and exits non-zero when the
server dies, refuses a connection, or closes a held one before it is measured.
"""
import argparse
import dataclasses
import json
import os
import re
import resource
import selectors
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclasses.dataclass
class Measurement:
    state: str
    connections: int
    head_bytes: int
    header_fields: int
    heap_before_bytes: int
    heap_after_bytes: int
    heap_per_connection_bytes: int
    largest_per_connection: dict
    rss_after_kb: int
    server_connections: int


class Failure(Exception):
    pass


def live_heap(pid):
    """Live heap bytes after a full collection, in all and by class, from jcmd's class histogram."""
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    total = re.search(r"^Total\s+\d+\s+(\d+)\s*$", out, re.MULTILINE)
    if not total:
        raise Failure(f"no total in jcmd's histogram:\n{out[-2000:]}")
    classes = {m.group(2): int(m.group(1)) for m in re.finditer(r"^\s*\d+:\s+\d+\s+(\d+)\s+(\S+)", out, re.MULTILINE)}
    return int(total.group(1)), classes


def rss_kb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise Failure(f"process {pid} is gone")


def server_connections(port):
    """Established connections to the server's port, from /proc/net/tcp and tcp6 (state 01)."""
    local = f":{port:04X}"
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(local) and fields[3] == "01":
                count += 1
    return count


def heads(limit, max_fields, state):
    """The bytes of a request head that stops just short of its end, at most limit bytes."""
    start = b"GET /api/article HTTP/1.1\r\nHost: localhost\r\n"
    if state == "head-lines":
        line = b"X-Filler: " + b"a" * 187 + b"\r\n"  # 199 bytes
        count = (limit - len(start) - 16) // len(line)
    else:  # head-fields: the fields the server accepts (Host is one), sharing the bytes left
        count = max_fields - 1
        width = (limit - len(start) - 16) // count
        line = b"X-F: " + b"a" * (width - 7) + b"\r\n"
    return start + line * count, count + 1


def hold(port, n, payload, answer_first):
    """n connections, each sent payload (and, with answer_first, read its whole response first)."""
    sockets = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        if answer_first:
            s.sendall(b"GET /api/article/metadata HTTP/1.1\r\nHost: localhost\r\n\r\n")
            read_response(s)
        elif payload:
            s.sendall(payload)
        s.setblocking(False)
        sockets.append(s)
    return sockets


def read_response(s):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(4096)
        if not chunk:
            raise Failure("the server closed a connection before answering")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?im)^content-length:\s*(\d+)", head).group(1))
    while len(body) < length:
        body += s.recv(4096)
    if not head.startswith(b"HTTP/1.1 200"):
        raise Failure(f"not a 200: {head[:80]!r}")


def most_fields(port):
    """The most header fields (Host included) in a head the server answers with 200, from 2 to 1000."""
    def answered(fields):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            extra = b"".join(b"X-F%d: a\r\n" % i for i in range(fields - 2))
            s.sendall(b"GET /api/article/metadata HTTP/1.1\r\nHost: localhost\r\n" + extra
                      + b"Connection: close\r\n\r\n")
            return s.recv(12).startswith(b"HTTP/1.1 200")
    low, high = 2, 1000
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if answered(middle) else (low, middle - 1)
    return low


def none_closed(sockets):
    """Whether every held connection is still open: nothing readable (EOF or bytes) within 0.2 s."""
    with selectors.DefaultSelector() as selector:
        for s in sockets:
            selector.register(s, selectors.EVENT_READ)
        return not selector.select(0.2)


def jar_property(jar, name, default):
    with zipfile.ZipFile(jar) as z:
        for line in z.read("BOOT-INF/classes/application.properties").decode().splitlines():
            if line.startswith(name + "="):
                return line.split("=", 1)[1].strip()
    return default


def size_bytes(text):
    number, unit = re.fullmatch(r"(\d+)\s*(KB|MB|B)?", text).groups()
    return int(number) * {"KB": 1024, "MB": 1024 * 1024, None: 1, "B": 1}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--port", type=int, default=18300)
    parser.add_argument("--states", default="idle,keep-alive,head-lines,head-fields")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    jars = sorted((ROOT / "target").glob("summit-article-api-*.jar"))
    if not jars:
        sys.exit("bench/connection-heap.sh: no jar in target/; build it first: mvn -B -DskipTests package")
    limit = size_bytes(jar_property(jars[-1], "server.max-http-request-header-size", "8KB"))
    os.sched_setaffinity(0, {1})
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    server = subprocess.Popen(["taskset", "-c", "0", str(ROOT / "deploy" / "run.sh"), f"--server.port={args.port}",
                               f"--management.server.port={args.port + 1}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    records = []
    try:
        wait_ready(server, args.port)
        for _ in range(2000):  # every code path of an answer run a few times, as on a warm server
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/api/article/metadata").read()
        max_fields = most_fields(args.port)
        for state in args.states.split(","):
            records.append(measure(server.pid, args.port, args.connections, state, limit, max_fields))
            print(json.dumps(dataclasses.asdict(records[-1])), flush=True)
            time.sleep(2)
            if server.poll() is not None:
                raise Failure(f"the server exited ({server.returncode})")
    except Failure as failure:
        sys.exit(f"bench/connection-heap.sh: {failure}")
    finally:
        server.terminate()
        server.wait(timeout=60)
    if args.out:
        args.out.write_text(json.dumps([dataclasses.asdict(r) for r in records], indent=2) + "\n")


def wait_ready(server, port):
    for _ in range(240):
        if server.poll() is not None:
            raise Failure(f"the server exited while starting ({server.returncode})")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise Failure("the server did not get ready within 120 s")


def measure(pid, port, n, state, limit, max_fields):
    payload, fields = (b"", 0)
    if state.startswith("head-"):
        payload, fields = heads(limit, max_fields, state)
    before, classes_before = live_heap(pid)
    sockets = hold(port, n, payload, state == "keep-alive")
    try:
        time.sleep(1)
        after, classes_after = live_heap(pid)
        growth = {name: (size - classes_before.get(name, 0)) / n for name, size in classes_after.items()}
        largest = {name: round(per) for name, per in sorted(growth.items(), key=lambda kv: -kv[1])[:8]}
        held = server_connections(port)
        if not none_closed(sockets):
            raise Failure(f"{state}: the server closed or answered held connections before they were measured")
        return Measurement(state, n, len(payload), fields, before, after, round((after - before) / n), largest,
                           rss_kb(pid), held)
    finally:
        for s in sockets:
            s.close()


if __name__ == "__main__":
    main()
