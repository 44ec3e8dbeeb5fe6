#!/usr/bin/env python3
"""deploy/check.sh's probes and verdicts, by named field (Python's standard library only).

deploy/check.sh does the steps (the runbook's, the load, the flood); this program makes the
requests whose answers it judges (through curl, for HTTP/2), samples what the servers hold, and
reads the records of the run by field name: nginx's access log (JSON, deploy/edge.conf),
bench/load.sh's summary and trace (JSON), unitctl's events (JSON lines: each start, signal and
exit of a unit, with the exit status `wait` gave it) and the drain probe's records. Each verdict
prints one line ending in "ok" or "FAIL", appends {"scenario", "ok", "lost", "line"} to
$CHECK_RESULTS, and exits 1 when it fails; `total` prints "lost requests: N" and exits 1 when
any request was lost or any verdict failed.

    check.py steps DOC N...            the runbook's `sh` blocks of steps N (docs/operations.md)
    check.py etag|cache|http2|client-address|certificate ...   probes, each its verdict
    check.py drain-probe|sample ...    run in the background while a scenario runs
    check.py slowloris-turns ...       the flood on and off in turns, while a load runs
    check.py rolling|slowloris|kill ... verdicts from the records of a scenario
    check.py total
"""

import argparse
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

KO_MILLIS = 10_000  # bench/load.sh: a KO counts at the request timeout
LARGE = "/swagger-ui/swagger-ui-bundle.js"  # by far the largest response, 1.5 MB
HOP_HEADERS = {"date", "server", "connection", "keep-alive", "transfer-encoding", "strict-transport-security",
               "x-cache-status"}


# --- results ---------------------------------------------------------------------------------------

def verdict(scenario, ok, lost, line):
    print(f"{line}: {'ok' if ok else 'FAIL'}", flush=True)
    results = os.environ.get("CHECK_RESULTS")
    if results:
        with open(results, "a") as out:
            out.write(json.dumps({"scenario": scenario, "ok": bool(ok), "lost": lost, "line": line}) + "\n")
    return 0 if ok else 1


def read_jsonl(path):
    path = Path(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def p99(latencies):
    """The latency at rank ceil(0.99 n) of the sorted values, as the Gatling simulation ranks them."""
    if not latencies:
        return 0
    ordered = sorted(latencies)
    rank = max(1, -(-99 * len(ordered) // 100))
    return ordered[rank - 1]


# --- requests through curl ---------------------------------------------------------------------------

@dataclass
class Response:
    url: str
    status: int
    version: str
    headers: dict = field(default_factory=dict)  # lower-case name -> list of values
    body: bytes = b""
    error: str = ""

    def header(self, name):
        values = self.headers.get(name.lower())
        return values[-1] if values else None

    @property
    def answered(self):
        return not self.error and 0 < self.status < 500


class Client:
    """curl, one process a request; every answer from the edge is counted for HSTS."""

    def __init__(self, resolve=(), interface=None):
        self.resolve = resolve or []
        self.interface = interface
        self.edge_responses = 0
        self.edge_without_hsts = []
        self.failed = 0

    def get(self, url, headers=(), http2=False, edge=False):
        with tempfile.TemporaryDirectory() as tmp:
            command = ["curl", "-sS", "--max-time", "10", "-o", f"{tmp}/body", "-D", f"{tmp}/head", "-w", "%{json}"]
            command += ["--http2"] if http2 else ["--http1.1"]
            for entry in self.resolve:
                command += ["--resolve", entry]
            if self.interface:
                command += ["--interface", self.interface]
            for name, value in headers:
                command += ["-H", f"{name}: {value}"]
            result = subprocess.run(command + [url], capture_output=True, text=True)
            info = json.loads(result.stdout or "{}")
            response = Response(url, int(info.get("http_code") or 0), str(info.get("http_version", "")),
                                 error=(result.stderr.strip() if result.returncode else ""))
            head = Path(f"{tmp}/head")
            if head.exists():
                # the last head: curl writes one per response received (a redirect is not followed)
                block = head.read_bytes().decode("latin-1").replace("\r\n", "\n").strip().split("\n\n")[-1]
                for line in block.split("\n")[1:]:
                    name, _, value = line.partition(":")
                    response.headers.setdefault(name.strip().lower(), []).append(value.strip())
            body = Path(f"{tmp}/body")
            response.body = body.read_bytes() if body.exists() else b""
        if not response.answered:
            self.failed += 1
        if edge and url.startswith("https:") and response.status:
            self.edge_responses += 1
            if not response.header("strict-transport-security"):
                self.edge_without_hsts.append(url)
        return response

    def hsts(self):
        return f"Strict-Transport-Security on {self.edge_responses - len(self.edge_without_hsts)}/{self.edge_responses} edge responses"


def service_headers(response):
    return sorted((n, v) for n, vs in response.headers.items() if n not in HOP_HEADERS for v in vs)


# --- the runbook --------------------------------------------------------------------------------------

def steps(args):
    """Prints the `sh` blocks of the numbered steps asked for, in order ("### 3. ..." headings)."""
    step = None
    block = None
    wanted = set(args.numbers)
    for line in Path(args.doc).read_text().splitlines():
        heading = re.match(r"^#{2,4} (\d+)\. ", line)
        if heading and block is None:
            step = heading.group(1)
        elif block is None and line.strip() == "```sh":
            block = []
        elif block is not None and line.strip() == "```":
            if step in wanted:
                print(f"# --- step {step}\n" + "\n".join(block))
            block = None
        elif block is not None:
            block.append(line)
    return 0


# --- (iii) ETags across replicas -------------------------------------------------------------------------

REPRESENTED = [("/", "application/json"), ("/api/article", "application/json"), ("/api/article", "text/plain"),
               ("/api/article/paragraphs/3", "application/json"), ("/api/article/paragraphs/3", "text/plain")]


def etag(args):
    """A's tag sent to B must get a 304; a tag that does not match (made up, or another
    representation's) a 200 with B's bytes, the same as A's; and B's tag must be A's."""
    client = Client()
    bad = []
    checks = 0
    for path, accept in REPRESENTED:
        a = client.get(args.a + path, [("Accept", accept)])
        b = client.get(args.b + path, [("Accept", accept)])
        tag = a.header("etag")
        other = client.get(args.a + path, [("Accept", "text/markdown" if accept != "text/markdown" else "text/plain")])
        cases = [("A's tag", tag, 304), ('"made-up"', '"made-up"', 200), ("another representation's tag",
                                                                              other.header("etag"), 200)]
        checks += 1
        if not (a.status == 200 and b.status == 200 and tag and b.header("etag") == tag and a.body == b.body):
            bad.append(f"{path} {accept}: A {a.status} {tag}, B {b.status} {b.header('etag')}")
        for label, sent, expected in cases:
            if sent is None or sent == tag and expected != 304:
                continue
            checks += 1
            answer = client.get(args.b + path, [("Accept", accept), ("If-None-Match", sent)])
            if answer.status != expected or (expected == 200 and answer.body != a.body):
                bad.append(f"{path} {accept} with {label}: B answered {answer.status}, not {expected}")
    return verdict("iii", not bad and client.failed == 0, client.failed,
                   f"(iii) ETags across replicas: {checks - len(bad)}/{checks} checks as expected"
                   f" (A's tag 304 at B, tags that do not match 200 with A's bytes, the same tag at both)"
                   + (f"; not: {'; '.join(bad)}" if bad else ""))


# --- (v) the cache ----------------------------------------------------------------------------------------

ACCEPTS = ["application/json", "text/plain", "text/markdown", "application/ld+json"]


def cache(args):
    """32 rounds of the 8 representations of /api/article through the edge over HTTP/2: each the
    replica's bytes and ETag for what was asked, and over 90 % cache hits after the first round."""
    client = Client(resolve=args.resolve)
    expected = {}
    for accept in ACCEPTS:
        for gzip in (False, True):
            headers = [("Accept", accept)] + ([("Accept-Encoding", "gzip")] if gzip else [])
            expected[(accept, gzip)] = client.get(args.replica + "/api/article", headers)
    right = 0
    hits = after = 0
    wrong = []
    for i in range(32 * 8):
        accept, gzip = ACCEPTS[i % 4], bool(i // 4 % 2)
        headers = [("Accept", accept)] + ([("Accept-Encoding", "gzip")] if gzip else [])
        r = client.get(args.edge + "/api/article", headers, http2=True, edge=True)
        want = expected[(accept, gzip)]
        kind = (r.header("content-type") or "").split(";")[0]
        wrong_in = [what for what, bad in (
            (f"HTTP/{r.version}", r.version != "2"), (f"status {r.status}", r.status != 200),
            (f"type {kind}", kind != accept),
            (f"encoding {r.header('content-encoding')}", (r.header("content-encoding") == "gzip") != gzip),
            (f"ETag {r.header('etag')}, the replica's {want.header('etag')}", r.header("etag") != want.header("etag")),
            (f"a body unlike the replica's ({len(r.body)} and {len(want.body)} bytes)", r.body != want.body)) if bad]
        right += not wrong_in
        if wrong_in and len(wrong) < 3:
            wrong.append(f"#{i} {accept}{' gzip' if gzip else ''}: {', '.join(wrong_in)}")
        if i >= 8:
            after += 1
            hits += r.header("x-cache-status") == "HIT"
    total = 32 * 8
    ok = right == total and hits * 10 > after * 9 and not client.edge_without_hsts and client.failed == 0
    return verdict("v", ok, client.failed,
                   f"(v) cache, 4 Accept x 2 Accept-Encoding alternating over HTTP/2: {right}/{total} with the"
                   f" replica's bytes and ETag for what was asked; {hits}/{after} hits after warm-up"
                   f" ({100 * hits / after:.1f} %); {client.hsts()}" + (f"; not: {'; '.join(wrong)}" if wrong else ""))


# --- (vi) HTTP/2, headers, HSTS, the redirect --------------------------------------------------------------

def http2(args):
    client = Client(resolve=args.resolve)
    good = total = 0
    bad = []
    for path in ("/", "/api/article", "/api/article/metadata", "/api/article/paragraphs/3"):
        for encoding in ("identity", "gzip"):
            total += 1
            headers = [("Accept-Encoding", encoding)]
            edge = client.get(args.edge + path, headers, http2=True, edge=True)
            replica = client.get(args.replica + path, headers)
            if (edge.version == "2" and edge.status == replica.status == 200 and edge.body == replica.body
                    and edge.header("etag") and service_headers(edge) == service_headers(replica)):
                good += 1
            else:
                bad.append(f"{path} {encoding}: HTTP/{edge.version} {edge.status}")
            if replica.header("strict-transport-security"):
                bad.append(f"{path}: Strict-Transport-Security from the replica")
    plain = client.get(args.edge.replace("https:", "http:") + "/api/article?x=1")
    redirect = plain.status == 301 and plain.header("location") == args.edge + "/api/article?x=1"
    if not redirect:
        bad.append(f"port 80 answered {plain.status} {plain.header('location')}")
    ok = good == total and redirect and not client.edge_without_hsts and client.failed == 0 and not bad
    return verdict("vi", ok, client.failed,
                   f"(vi) HTTP/2 over TLS: {good}/{total} with the bytes, ETag and headers of HTTP/1.1 from a"
                   f" replica; {client.hsts()}, none from the replicas; port 80: {plain.status} to"
                   f" {plain.header('location')}" + (f"; not: {'; '.join(bad)}" if bad else ""))


# --- the client's address -----------------------------------------------------------------------------------

def client_address(args):
    """A request from another address through the edge, with a forged X-Forwarded-For: the edge
    logs the peer, and the replica's access log the same address, from the edge's header."""
    client = Client(resolve=args.resolve, interface=args.source)
    path = f"/client-address-{os.getpid()}-{time.time_ns()}"
    response = client.get(args.edge + path, [("X-Forwarded-For", "198.51.100.66")], edge=True)
    deadline = time.time() + 5
    logged = edge_logged = None
    while time.time() < deadline and not (logged and edge_logged):
        for log in args.service_log:
            for line in Path(log).read_text(errors="replace").splitlines():
                if f"GET {path} " in line:
                    logged = line.split(" : ", 1)[-1].split(" ", 1)[0]
        for record in read_jsonl(args.edge_log):
            if record.get("uri") == path:
                edge_logged = record.get("remote_addr")
        time.sleep(0.1)
    lost = 0 if response.status == 404 else 1  # a path of its own: the API's 404
    ok = response.status == 404 and logged == args.source and edge_logged == args.source
    return verdict("client-address", ok, lost,
                   f"(address) a request from {args.source} through the edge with a forged X-Forwarded-For:"
                   f" the edge logged {edge_logged}, the replica's access log {logged}")


# --- the certificate -------------------------------------------------------------------------------------------

def certificate(args):
    """The certificate the edge serves, verified against the system's trust store (the chain must
    reach a trusted root), and its serial number, which must be the one expected."""
    context = ssl.create_default_context()
    try:
        with socket.create_connection((args.address, 443), timeout=10) as raw:
            with context.wrap_socket(raw, server_hostname=args.host) as tls:
                served = tls.getpeercert()
        serial, error = served.get("serialNumber", ""), ""
    except (OSError, ssl.SSLError) as ex:
        serial, error = "", str(ex)
    ok = serial.upper() == args.serial.upper() and not error
    return verdict("certificate", ok, 0,
                   f"(certificate) {args.label}: the edge serves serial {serial or error}, verified to a trusted"
                   f" root (expected {args.serial})")


# --- the drain probe ------------------------------------------------------------------------------------------

def pipelined_for(length):
    """Enough pipelined requests that their responses outgrow the kernel's buffers with one to
    spare (as GracefulShutdownIT): the server is then blocked writing, inside the servlet."""
    try:
        largest = int(Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2])
    except (OSError, IndexError, ValueError):
        largest = 4 << 20
    return (largest + (1 << 20)) // length + 2


def read_responses(sock, expected, count):
    """Reads pipelined responses until EOF, a reset, or all count: how many came whole, and
    whether anything was cut (a partial response, a wrong byte, a status other than 200)."""
    data = b""
    ended = "all"
    whole = 0
    cut = False
    while whole < count:
        try:
            chunk = sock.recv(1 << 16)
        except socket.timeout:
            ended = "timeout"
            break
        except OSError:
            ended = "reset"
            break
        if not chunk:
            ended = "eof"
            break
        data += chunk
        while True:
            head_end = data.find(b"\r\n\r\n")
            if head_end < 0:
                break
            head = data[:head_end].decode("latin-1")
            length = re.search(r"(?im)^content-length:\s*(\d+)", head)
            if not length:
                cut = True
                break
            end = head_end + 4 + int(length.group(1))
            if len(data) < end:
                break
            if not head.startswith("HTTP/1.1 200") or data[head_end + 4:end] != expected:
                cut = True
            whole += 1
            data = data[end:]
    if data or ended in ("reset", "timeout"):
        cut = True
    return whole, cut, ended


def drain_probe(args):
    """Connections straight to a replica, each with requests for the largest response pipelined
    and left unread for a while, over and over, two at a time and staggered, so that one is
    always in flight (a servlet blocked writing) when a SIGTERM comes. Each connection's record
    says when it was held and whether what came back was whole."""
    expected = None
    while expected is None and not Path(args.stop_file).exists():
        response = Client().get(f"http://127.0.0.1:{args.port}{LARGE}")
        expected = response.body if response.status == 200 else None
        time.sleep(0 if expected else 0.5)
    if expected is None:
        return 0
    count = pipelined_for(len(expected))
    request = f"GET {LARGE} HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n\r\n".encode() * count
    lock = threading.Lock()

    def loop(offset):
        time.sleep(offset)
        while not Path(args.stop_file).exists():
            record = {"port": args.port, "pipelined": count, "opened": time.time()}
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.settimeout(20)
            try:
                sock.connect(("127.0.0.1", args.port))
            except OSError as ex:
                record.update(refused=str(ex))
                sock.close()
                time.sleep(0.3)
                continue
            with sock:
                sock.sendall(request)
                record["held_from"] = time.time()
                time.sleep(args.hold)
                record["read_from"] = time.time()
                # Read at the speed of a normal client now: the small buffer only had to block the
                # server while held, and 4 KB at a time would cost both sides a system call a page.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
                whole, cut, ended = read_responses(sock, expected, count)
            record.update(closed=time.time(), whole_responses=whole, cut=cut, ended=ended)
            with lock, open(args.out, "a") as out:
                out.write(json.dumps(record) + "\n")

    threads = [threading.Thread(target=loop, args=(i * args.hold / 2,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 0


# --- sampling: connections held at the edge, the jar each unit runs ---------------------------------------------

def established(port):
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[1].endswith(f":{port:04X}") and fields[3] == "01":
                count += 1
    return count


def unit_jar(state_dir, unit):
    try:
        pid = json.loads((Path(state_dir) / f"{unit}.json").read_text()).get("main_pid")
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return os.path.basename(words[words.index(b"-jar") + 1].decode())
    except (OSError, ValueError, TypeError, IndexError, json.JSONDecodeError):
        return None


def sample(args):
    """Every half second until the stop file appears: the connections established to the
    port, and the jar each unit's main process runs."""
    with open(args.out, "a") as out:
        while not Path(args.stop_file).exists():
            record = {"time": time.time(), "established": established(args.port),
                      "jars": {unit: unit_jar(args.units_state, unit) for unit in args.unit}}
            out.write(json.dumps(record) + "\n")
            out.flush()
            time.sleep(0.5)
    return 0


# --- (ii) the slowloris turns --------------------------------------------------------------------------------

def slowloris_turns(args):
    """Windows without and with the flood in turns, while a load runs: records each window's
    kind and bounds. The flood opens its connections (the window opens at 90 % of them) (TLS handshakes: CPU on both sides) at the
    normal priority, outside any window, then holds them at the lowest (SCHED_IDLE) during its
    window: an attacker's CPU is not the measuring client's."""
    with open(args.windows, "a") as out:
        for _ in range(args.turns):
            window(out, "without", args.seconds)
            flood = subprocess.Popen(args.flood, start_new_session=True, stdout=open(args.flood_log, "a"),
                                     stderr=subprocess.STDOUT)
            deadline = time.time() + 120
            while established(args.port) < 0.9 * args.connections:
                if flood.poll() is not None or time.time() > deadline:
                    if flood.poll() is None:
                        os.killpg(flood.pid, signal.SIGKILL)
                    print(f"check.py: the flood holds {established(args.port)} connections after 120 s, not"
                          f" {args.connections}; see {args.flood_log}", file=sys.stderr)
                    return 2
                time.sleep(0.2)
            subprocess.run(["chrt", "--idle", "--all-tasks", "--pid", "0", str(flood.pid)], check=True)
            window(out, "with", args.seconds)
            os.killpg(flood.pid, signal.SIGTERM)
            flood.wait()
            time.sleep(1)  # nginx closes the flood's connections: in neither window
    return 0


def window(out, kind, seconds):
    start = time.time()
    time.sleep(seconds)
    out.write(json.dumps({"kind": kind, "from": start, "to": time.time()}) + "\n")
    out.flush()


# --- verdicts from the records of a scenario ----------------------------------------------------------------

def load_summary(path):
    summary = json.loads(Path(path).read_text())
    summary["lost"] = summary["ko"] + summary["warmup_ko"]
    return summary


def edge_requests(path):
    """nginx's records, each with its start and the replicas tried in order."""
    records = []
    for record in read_jsonl(path):
        record["start"] = record["msec"] - record["request_time"]
        record["tried"] = [u for u in re.split(r",\s*|\s+:\s+", record.get("upstream", "")) if u]
        records.append(record)
    return records


def unit_events(path, unit):
    return [e for e in read_jsonl(path) if e["unit"] == unit]


def rolling(args):
    """The upgrade, run while the load ran: nothing lost; each replica stopped by SIGTERM exited
    143 (drained) and served again; the connection in flight at each SIGTERM came back whole."""
    load = load_summary(args.summary)
    requests = edge_requests(args.edge_log)
    probes = read_jsonl(args.drain)
    cut = [p for p in probes if p.get("cut")]
    lines = []
    ok = load["lost"] == 0 and not cut
    stopped = 0
    for unit, port in (pair.split("=") for pair in args.replica):
        events = unit_events(args.events, unit)
        signals = [e for e in events if e["event"] == "signal" and e["signal"] == "SIGTERM"
                   and load["from_ms"] / 1000 <= e["time"] <= load["to_ms"] / 1000]
        if not signals:
            ok = False
            lines.append(f"{unit}: no SIGTERM during the load")
            continue
        stopped += 1
        sigterm = signals[-1]["time"]
        exited = next((e for e in events if e["event"] == "exited" and e["time"] >= sigterm), None)
        started = next((e for e in events if e["event"] == "started" and e["time"] >= sigterm), None)
        # In flight: held (the replica blocked writing, its buffers full) when the SIGTERM came.
        in_flight = [p for p in probes if p["port"] == int(port) and p.get("held_from", 1e20) < sigterm < p.get("read_from", 0)]
        drained = [p for p in in_flight if not p["cut"] and p["whole_responses"] >= 1]
        served = started and any(r["status"] == 200 and r["tried"] and r["tried"][-1].endswith(f":{port}")
                                 and r["start"] > started["time"] for r in requests)
        status = exited and exited.get("status")
        unit_ok = status == 143 and exited.get("exit_code") == 143 and bool(in_flight) and len(drained) == len(in_flight) and served
        ok = ok and unit_ok
        lines.append(f"{unit} exit {status} ({exited.get('exit_code', exited.get('signal')) if exited else 'none'}) "
                     f"{(exited['time'] - sigterm) if exited else 0:.1f} s after SIGTERM, in flight at SIGTERM"
                     f" {len(in_flight)} slow download(s), whole {len(drained)}; served again: {'yes' if served else 'no'}")
    jars = [s["jars"] for s in read_jsonl(args.samples)]
    side_by_side = any(len({j for j in sample.values() if j}) == 2 for sample in jars)
    ok = ok and side_by_side and stopped == len(args.replica)
    return verdict("i", ok, load["lost"],
                   f"(i) upgrade one replica at a time at {load['rate_asked']:g} req/s: {'; '.join(lines)};"
                   f" two jars side by side: {'yes' if side_by_side else 'no'}; cut downloads {len(cut)} of"
                   f" {len(probes)}; KO {load['ko']} of {load['requests']} (warm-up {load['warmup_ko']} of"
                   f" {load['warmup_requests']})")


def slowloris(args):
    load = load_summary(args.summary)
    windows = read_jsonl(args.windows)
    samples = read_jsonl(args.samples)
    latencies = {"without": [], "with": []}
    for request in read_jsonl(args.trace):
        start = request["start_ms"] / 1000
        for w in windows:
            if w["from"] <= start < w["to"]:
                latencies[w["kind"]].append(request["latency_ms"] if request["ok"] else KO_MILLIS)
                break
    # nginx cuts every slow head after 10 s and the flood opens it again at once, so the count
    # dips in waves; what counts is what it held most of each window: the median of its samples.
    held = []
    for w in windows:
        counts = sorted(s["established"] for s in samples if w["from"] <= s["time"] < w["to"])
        if w["kind"] == "with":
            held.append(counts[len(counts) // 2] if counts else 0)
    p0, p1 = p99(latencies["without"]), p99(latencies["with"])
    n0, n1 = len(latencies["without"]), len(latencies["with"])
    held_least = min(held) if held else 0
    dropped = sum(1 for r in read_jsonl(args.edge_log) if r["status"] == 408 and r["msec"] > windows[0]["from"])
    ok = (n0 and n1 and p1 <= 2 * p0 and load["lost"] == 0 and len(held) == args.turns
          and held_least >= 0.75 * args.connections)
    return verdict("ii", ok, load["lost"],
                   f"(ii) slowloris over TLS at {load['rate_asked']:g} req/s, {args.turns} turns without and with it:"
                   f" p99 {p0} ms without ({n0} requests), {p1} ms with ({n1} requests) ({p1 / max(p0, 1):.2f}x, at"
                   f" most 2x); the flood held a median of at least {held_least} connections in every window with it"
                   f" (of {args.connections}, at least 3/4; sampled every 0.5 s); nginx cut {dropped} slow heads; KO {load['ko']}"
                   f" of {load['requests']} (warm-up {load['warmup_ko']})")


def sigkill(args):
    """SIGKILL to a unit's main process, as the kernel's OOM killer would send it."""
    pid = json.loads((Path(args.units_state) / f"{args.unit}.json").read_text())["main_pid"]
    os.kill(pid, signal.SIGKILL)
    Path(args.out).write_text(json.dumps({"unit": args.unit, "pid": pid, "time": time.time()}))
    return 0


def kill(args):
    """After the SIGKILL: the exit status the supervisor saw, every later request answered (by
    the other replica, or by this one once restarted), and the unit started again by itself."""
    load = load_summary(args.summary)
    killed = json.loads(Path(args.killed).read_text())
    at, port = killed["time"], args.port
    events = unit_events(args.events, killed["unit"])
    exited = next((e for e in events if e["event"] == "exited" and e["pid"] == killed["pid"]), {})
    restarted = next((e for e in events if e["event"] == "started" and e["time"] > at), None)
    requests = edge_requests(args.edge_log)
    window = [r for r in requests if r["method"] == "GET" and load["from_ms"] / 1000 - 1 <= r["start"]]
    in_flight = sum(1 for r in window if r["start"] <= at <= r["msec"] and any(t.endswith(f":{port}") for t in r["tried"]))
    later = [r for r in window if r["start"] > at and r["uri"] != "/readyz"]
    answered = [r for r in later if 200 <= r["status"] < 400]
    retried = sum(1 for r in answered if len(r["tried"]) > 1)
    back = restarted and any(r["tried"] and r["tried"][-1].endswith(f":{port}") and r["status"] == 200
                             and r["start"] > restarted["time"] for r in later)
    ok = (exited.get("status") == 137 and exited.get("signal") == "SIGKILL" and later and len(answered) == len(later)
          and load["lost"] <= in_flight and back)
    return verdict("iv", ok, load["lost"],
                   f"(iv) SIGKILL of {killed['unit']} at {load['rate_asked']:g} req/s: exit {exited.get('status')}"
                   f" ({exited.get('signal', exited.get('exit_code'))}); {len(answered)}/{len(later)} later requests"
                   f" answered ({retried} after a failed try on it); restarted by its supervisor"
                   f" {(restarted['time'] - at) if restarted else 0:.1f} s later (Restart=always) and serving again:"
                   f" {'yes' if back else 'no'}; lost {load['lost']} (in flight on it: {in_flight})")


def rollback(args):
    """After the rollback: each unit runs the jar its environment file names, and is ready."""
    lines = []
    ok = True
    for unit, env in (pair.split("=", 1) for pair in args.unit):
        settings = dict(line.split("=", 1) for line in Path(env).read_text().splitlines() if "=" in line)
        named = os.path.basename(settings["SUMMIT_JAR"])
        running = unit_jar(args.units_state, unit)
        ready = Client().get(f"http://127.0.0.1:{settings['SERVER_PORT']}/readyz").status == 200
        ok = ok and running == named and ready
        lines.append(f"{unit} runs {running} ({'ready' if ready else 'not ready'})")
    return verdict("rollback", ok, 0, f"(rollback) {'; '.join(lines)}")


def verify(args):
    """systemd-analyze verify: a broken setting is only a warning to it ("ignoring"), so any
    output at all fails, as well as its exit status."""
    result = subprocess.run(["systemd-analyze", "verify"] + args.units, capture_output=True, text=True)
    output = (result.stdout + result.stderr).strip()
    ok = result.returncode == 0 and not output
    return verdict("units", ok, 0, f"(units) systemd-analyze verify {' '.join(args.units)}: exit"
                                   f" {result.returncode}{', ' + output if output else ', nothing to say'}")


def total(args):
    results = read_jsonl(args.results)
    lost = sum(r["lost"] for r in results)
    failed = [r["scenario"] for r in results if not r["ok"]]
    if failed:
        print(f"failed: {', '.join(failed)}")
    print(f"lost requests: {lost}")
    return 1 if lost or failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name, function, *options):
        sub = commands.add_parser(name)
        for option in options:
            flags, kwargs = (option, {}) if isinstance(option, str) else option
            sub.add_argument(*flags.split(), **kwargs)
        sub.set_defaults(function=function)

    command("steps", steps, "doc", ("numbers", {"nargs": "+"}))
    command("etag", etag, "--a", "--b")
    command("cache", cache, "--edge", "--replica", ("--resolve", {"action": "append"}))
    command("http2", http2, "--edge", "--replica", ("--resolve", {"action": "append"}))
    command("client-address", client_address, "--edge", ("--resolve", {"action": "append"}), "--source", "--edge-log",
            ("--service-log", {"nargs": "+"}))
    command("certificate", certificate, "--address", "--host", "--serial", "--label")
    command("drain-probe", drain_probe, ("--port", {"type": int}), "--out", "--stop-file",
            ("--hold", {"type": float, "default": 4.0}))
    command("sample", sample, ("--port", {"type": int}), "--out", "--stop-file", "--units-state",
            ("--unit", {"action": "append", "default": []}))
    command("slowloris-turns", slowloris_turns, ("--turns", {"type": int}), ("--seconds", {"type": float}),
            ("--port", {"type": int}), ("--connections", {"type": int}), "--windows", "--flood-log",
            ("--flood", {"nargs": argparse.REMAINDER}))
    command("rolling", rolling, "--summary", "--edge-log", "--events", "--drain", "--samples",
            ("--replica", {"action": "append"}))
    command("slowloris", slowloris, "--summary", "--trace", "--windows", "--samples", "--edge-log",
            ("--turns", {"type": int}), ("--connections", {"type": int}))
    command("sigkill", sigkill, "--unit", "--units-state", "--out")
    command("kill", kill, "--summary", "--killed", "--events", "--edge-log", "--port")
    command("rollback", rollback, "--units-state", ("--unit", {"action": "append"}))
    command("verify", verify, ("units", {"nargs": "+"}))
    command("total", total, "results")
    args = parser.parse_args()
    return args.function(args)


if __name__ == "__main__":
    sys.exit(main())
