#!/usr/bin/env python3
"""The benchmark: the article service beside what it is built on, every row measured the same way.

    bench/bench.py run                          (bench/run.sh)   the rows below, every section
    bench/bench.py ab BEFORE.jar AFTER.jar [RUNS]                 (bench/ab.sh)  a change's cost a request
    bench/bench.py ab --startup BEFORE.jar AFTER.jar [STARTS]     its startup, starts alternated
    bench/bench.py costs [JAR [RUNS]]           (bench/costs.sh) operations settings, as ab measures a flag
    bench/bench.py soak                         (bench/soak.sh)  the recommended launch at a fixed rate, long

The rows (ROWS below; more from BENCH_EXTRA_ROWS), all serving the same URL with the same bytes:
nginx with the body from memory, a bare embedded Tomcat (bench/floor) with the service's headers
and with only Content-Type and Content-Length, a stock Spring MVC controller (bench/stock), the
service by `java -jar` and by deploy/run.sh. Every server runs on core 0, every load generator
on core 1 (taskset). Sections, in this order (BENCH_SECTIONS):

  throughput  wrk -t1 at each connection count, each row alone, rounds going round-robin over
              the rows after the warm-up: req/s, the server's CPU time a request from /proc
              (utime + stime, and the kernel's part, stime), wrk's p99
  pairs       head to head: the service (java -jar) and each other row loaded at once on core 0,
              a wrk -c64 on each: the ratio of their CPU a request, from side-by-side runs only
  syscalls    strace -c -f on each row during a wrk -c64 run: system calls a request, by name
  latency     Gatling (bench/load.sh) at one fixed arrival rate, the service and each other row
              loaded at once (two load.sh at the same time): p99 and KOs, a KO at its timeout
  startup     exec to the first 200, the launches alternated start by start
  memory      deploy/run.sh's RSS after start, after load, holding idle connections

Verdicts that fail: the run exits 1, and writes its report to bench/results/failed.* instead of
the usual files, when a row answers other bytes or headers than the service's (but Date, Server,
Connection, Keep-Alive), before or after the load; when wrk reports a socket error or a status
of 400 or more; when a row's server dies; when a row opens a file a request (strace); when
Gatling counts a KO (which also voids the latency verdicts). A target missed is a result, not a
failure: the report says so.

Results: bench/results/latest.json (one record a row: role, server, cpu_us_per_request,
kernel_us_per_request, requests_per_second, p99_ms, syscalls_per_request, connections, ...),
latest-run.json (every run's figures) and latest.md (bench/report.py renders it from
latest-run.json) for a full run; quick.* for BENCH_QUICK=1; partial.* for anything less than a
full run.

Settings (environment; seconds as 10 or 10s). Defaults of a full run, then of BENCH_QUICK=1:
  BENCH_URL (/api/article/metadata)   the path every row serves (the stock row serves only that one)
  BENCH_CONNS ("8 64 256 1024")       wrk's connection counts
  BENCH_DURATION (10; 2)  BENCH_ROUNDS (3; 1)   one wrk run; rounds over the rows
  BENCH_WARMUP (150; 5)   wrk -c64 on each JVM row first, in 10 s parts whose CPU a request is
                          kept (the warm-up curve); nginx: 5 s. On its one core the stock
                          controller's CPU a request falls for some 130 s, the service's some 60 s
  BENCH_PAIRS (5; 1)      BENCH_PAIR_DURATION (10; 2)     head-to-head runs a pair, seconds a run
  BENCH_STRACE_SECONDS (5; 2)
  BENCH_RATE (1000; 300)  Gatling's rate on each of the two servers of a latency run, req/s. Two
                          Gatlings share the load core: at 1,500/s each on this VM, with other
                          jobs running, they fell behind (1,189/s achieved) and requests timed out
  BENCH_GATLING_DURATION (20; 5)  BENCH_GATLING_WARMUP (10; 10)  BENCH_GATLING_ROUNDS (3; 1)
  BENCH_STARTUP_RUNS (5; 1)  BENCH_MEM_LOAD (60; 5)  BENCH_IDLE (10000)  BENCH_IDLE_SECONDS (30; 5)
  BENCH_SECTIONS ("throughput pairs syscalls latency startup memory")
  BENCH_ROWS              the rows to run, by key (default: all); service-default always runs
  BENCH_EXTRA_ROWS        a JSON file: a list of rows as in ROWS, e.g.
                          [{"key": "service-vt", "role": "service", "server": "service, virtual threads",
                            "command": ["{java}", "-jar", "{jar}", "--server.port={port}",
                                        "--management.server.port={management_port}",
                                        "--spring.threads.virtual.enabled=true"]}]
                          bench/rows/nginx-files.json: nginx serving the body from a file, as
                          tuned for a small hot one and as by default (which fails: it opens
                          the file for every request)
  BENCH_PORT (29000)      rows on PORT + i, their management ports on PORT + 50 + i; startup and
                          memory on PORT + 20 (and PORT + 70)
  BENCH_APP_DIR (this tree)   the project whose jar and deploy/run.sh are measured
  BENCH_JAR               the jar (default: BENCH_APP_DIR/target/summit-article-api-*.jar, built
                          with mvn when BENCH_APP_DIR is this tree and has none)
  BENCH_JAVA_HOME         the JDK of every JVM row ({java}; default: that of the java on PATH)
  BENCH_JAVA25_HOME (/usr/lib/jvm/temurin-25-jdk-amd64)  startup, and rows that name {java25}
  BENCH_OUT               the Markdown report; its .json and -run.json beside it
Needs: java, mvn, wrk, nginx, strace, python3, taskset, ss; two cores or more.
"""
import dataclasses
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import report
import startup

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
SERVER_CPU = "0"
HZ = os.sysconf("SC_CLK_TCK")
IGNORED_HEADERS = {"date", "server", "connection", "keep-alive"}
CONTENT_HEADERS = {"content-type", "content-length"}
REFERENCE = "service-default"
PAIR_CONNECTIONS = 64
OPENS = {"open", "openat", "openat2", "creat"}
OPENS_PER_REQUEST_LIMIT = 0.5  # a JVM opens some 20 files a second of its own (cgroup and /proc reads)
STRACE_SHOWN = 0.01  # system calls a request below this are summed, not named
ALL_SECTIONS = ["throughput", "pairs", "syscalls", "latency", "startup", "memory"]
STOCK_PATH = "/api/article/metadata"


class BenchFailure(Exception):
    """A property of the measurement broke: its figures cannot be trusted."""


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def quartiles(values):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None, None
    if len(values) == 1:
        return values[0], values[0]
    low, _, high = statistics.quantiles(values, n=4, method="inclusive")
    return low, high


# --- settings --------------------------------------------------------------------------------------

def seconds_of(name, default):
    """A positive whole number from the environment (seconds may end in s)."""
    value = os.environ.get(name, str(default)).removesuffix("s")
    if not value.isdigit() or int(value) <= 0:
        raise SystemExit(f"bench: {name} must be a whole number of seconds: {value}")
    return int(value)


COUNTS = {  # Settings' field: its environment variable, its value in a full run and with BENCH_QUICK=1
    "duration": ("BENCH_DURATION", 10, 2),
    "rounds": ("BENCH_ROUNDS", 3, 1),
    "warmup": ("BENCH_WARMUP", 150, 5),
    "pairs": ("BENCH_PAIRS", 5, 1),
    "pair_duration": ("BENCH_PAIR_DURATION", 10, 2),
    "strace_seconds": ("BENCH_STRACE_SECONDS", 5, 2),
    "rate": ("BENCH_RATE", 1000, 300),
    "gatling_duration": ("BENCH_GATLING_DURATION", 20, 5),
    "gatling_warmup": ("BENCH_GATLING_WARMUP", 10, 10),  # Gatling's own JIT: shorter, and its p99 is its own
    "gatling_rounds": ("BENCH_GATLING_ROUNDS", 3, 1),
    "startup_runs": ("BENCH_STARTUP_RUNS", 5, 1),
    "memory_load": ("BENCH_MEM_LOAD", 60, 5),
    "idle": ("BENCH_IDLE", 10000, 10000),
    "idle_seconds": ("BENCH_IDLE_SECONDS", 30, 5),
}


@dataclass
class Settings:
    quick: bool
    url: str
    connections: list
    duration: int
    rounds: int
    warmup: int
    pairs: int
    pair_duration: int
    strace_seconds: int
    rate: int
    gatling_duration: int
    gatling_warmup: int
    gatling_rounds: int
    startup_runs: int
    memory_load: int
    idle: int
    idle_seconds: int
    sections: list
    rows: list
    extra_rows: str
    port: int
    app_dir: str
    jar: str
    java_home: str
    java25_home: str
    out: str
    load_cpus: str

    @classmethod
    def from_environment(cls):
        quick = os.environ.get("BENCH_QUICK") == "1"
        java = shutil.which("java") or sys.exit("bench: no java on PATH")
        cpus = os.cpu_count() or 1
        if cpus < 2:
            raise SystemExit("bench: needs two cores: the servers on core 0, the load on the others")
        sections = os.environ.get("BENCH_SECTIONS", " ".join(ALL_SECTIONS)).split()
        unknown = [s for s in sections if s not in ALL_SECTIONS]
        if unknown:
            raise SystemExit(f"bench: unknown sections {unknown}; known: {ALL_SECTIONS}")
        url = os.environ.get("BENCH_URL", "/api/article/metadata")
        if not url.startswith("/"):
            raise SystemExit(f"bench: BENCH_URL must be a path: {url}")
        return cls(
            quick=quick, url=url,
            connections=[int(c) for c in os.environ.get("BENCH_CONNS", "8 64 256 1024").split()],
            **{name: seconds_of(variable, short if quick else full) for name, (variable, full, short) in COUNTS.items()},
            sections=sections,
            rows=os.environ.get("BENCH_ROWS", "").split(),
            extra_rows=os.environ.get("BENCH_EXTRA_ROWS", ""),
            port=int(os.environ.get("BENCH_PORT", "29000")),
            app_dir=str(Path(os.environ.get("BENCH_APP_DIR", ROOT)).resolve()),
            jar=os.environ.get("BENCH_JAR", ""),
            java_home=os.environ.get("BENCH_JAVA_HOME") or str(Path(java).resolve().parent.parent),
            java25_home=os.environ.get("BENCH_JAVA25_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"),
            out=os.environ.get("BENCH_OUT", ""),
            load_cpus="1" if cpus == 2 else f"1-{cpus - 1}",
        )

    def public(self):
        """The settings as the report shows them."""
        return {k: v for k, v in dataclasses.asdict(self).items() if k not in ("out",)}


# --- rows ------------------------------------------------------------------------------------------

@dataclass
class Row:
    """A server measured. The command and env are templates: {java}, {java25}, {jar}, {port},
    {management_port}, {path}, {body}, {content_type}, {headers} (the service's headers but the
    content ones, a "Name: value" line each), {metadata} (the service's metadata JSON),
    {floor_classpath}, {stock_jar}, {app_dir}, {java_home}, {java25_home}, {tmp}, {key}.
    answers: "service" (the service's bytes and headers) or "content" (its bytes, and of its
    headers only Content-Type and Content-Length). jit: warmed up BENCH_WARMUP seconds first.
    path: the only path it serves, if it cannot serve any other. A row of role nginx gets its
    config generated in {tmp}/nginx-{key}/nginx.conf, its body served as nginx_body says."""
    key: str
    role: str
    server: str
    command: list
    env: dict = field(default_factory=dict)
    answers: str = "service"
    jit: bool = True
    path: str = ""
    nginx_body: str = "return"  # role nginx: a key of NGINX_BODIES
    port: int = 0  # set by the run: BENCH_PORT + its index


SERVICE_PORTS = ["--server.port={port}", "--management.server.port={management_port}"]
NGINX = ["nginx", "-p", "{tmp}/nginx-{key}", "-e", "{tmp}/nginx-{key}/error.log", "-c", "{tmp}/nginx-{key}/nginx.conf"]
FLOOR = ["{java}", "-cp", "{floor_classpath}", "news.summit.floor.Floor", "{port}", "{body}", "{content_type}"]
ROWS = [
    Row("nginx", "nginx", "nginx, 1 worker, the body from memory (return 200)", NGINX, jit=False),
    Row("floor-headers", "floor", "bare Tomcat, one servlet, the service's headers", FLOOR + ["{headers}"]),
    Row("floor-bare", "floor", "bare Tomcat, one servlet, Content-Type and Content-Length only", FLOOR,
        answers="content"),
    Row("stock", "stock", "stock Spring MVC controller (a record Jackson renders)",
        ["{java}", "-jar", "{stock_jar}", "--server.port={port}", "--stock.metadata={metadata}",
         "--stock.headers={headers}", "--stock.path={path}"], path=STOCK_PATH),
    Row(REFERENCE, "service", "service, java -jar", ["{java}", "-jar", "{jar}"] + SERVICE_PORTS),
    Row("service-recommended", "service", "service, deploy/run.sh", ["{app_dir}/deploy/run.sh"] + SERVICE_PORTS,
        env={"JAVA_HOME": "{java_home}", "SUMMIT_JAR": "{jar}", "SUMMIT_APP_DIR": "{tmp}/app-{key}"}),
]


def rows_of(settings):
    rows = list(ROWS)
    if settings.extra_rows:
        with open(settings.extra_rows, encoding="utf-8") as f:
            rows += [Row(**spec) for spec in json.load(f)]
    keys = [row.key for row in rows]
    duplicates = {k for k in keys if keys.count(k) > 1}
    if duplicates:
        raise SystemExit(f"bench: rows named twice: {sorted(duplicates)}")
    if settings.rows:
        missing = set(settings.rows) - set(keys)
        if missing:
            raise SystemExit(f"bench: no such rows: {sorted(missing)}; rows: {keys}")
        rows = [row for row in rows if row.key in settings.rows or row.key == REFERENCE]
    return rows


# --- /proc -----------------------------------------------------------------------------------------

@dataclass
class CpuTime:
    ticks: int  # utime + stime
    kernel_ticks: int  # stime


def process_cpu(pids):
    total = kernel = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
        total += utime + stime
        kernel += stime
    return CpuTime(total, kernel)


@dataclass
class CoreTime:
    busy: int
    all: int


def core_time(cpus):
    """Clock ticks of the given cores (a taskset list such as 0 or 1-3) since boot, from /proc/stat."""
    first, _, last = cpus.partition("-")
    wanted = {f"cpu{i}" for i in range(int(first), int(last or first) + 1)}
    busy = every = 0
    with open("/proc/stat", encoding="ascii") as f:
        for line in f:
            name, *ticks = line.split()
            if name in wanted:
                user, nice, system, idle, iowait, irq, softirq, steal = (int(t) for t in ticks[:8])
                busy += user + nice + system + irq + softirq + steal
                every += user + nice + system + idle + iowait + irq + softirq + steal
    return CoreTime(busy, every)


@dataclass
class CoreSample:
    """The cores' ticks and the servers' CPU ticks at one moment."""
    server_core: CoreTime
    load_cores: CoreTime
    servers_ticks: int


def sample_cores(settings, servers):
    return CoreSample(core_time(SERVER_CPU), core_time(settings.load_cpus),
                      sum(process_cpu(server.pids()).ticks for server in servers))


def core_shares(before, after):
    """How busy the load cores were between two samples, and how much of the server's core went to
    other processes than the servers, both in percent."""
    load = (after.load_cores.busy - before.load_cores.busy) / max(after.load_cores.all - before.load_cores.all, 1)
    others = ((after.server_core.busy - before.server_core.busy) - (after.servers_ticks - before.servers_ticks)) \
        / max(after.server_core.all - before.server_core.all, 1)
    return load * 100, max(0.0, others * 100)


def children_of(pid):
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                    if int(f.read().rpartition(")")[2].split()[1]) == pid:
                        found.append(int(entry))
            except (FileNotFoundError, ProcessLookupError):
                pass
    return found


def rss_kb(pids):
    total = 0
    for pid in pids:
        try:
            total += startup.rss_kb(pid)
        except FileNotFoundError:
            pass
    return total


# --- processes -------------------------------------------------------------------------------------

def port_in_use(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class Server:
    """A process this run started (a server on core 0, or a tool), in a process group of its own,
    and the port it answers on (0 for a tool)."""
    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    def pids(self):
        """The process and its children (nginx: master and worker)."""
        return [self.process.pid] + children_of(self.process.pid)

    def alive(self):
        return self.process.poll() is None

    def require_alive(self):
        if not self.alive():
            raise BenchFailure(f"{self.name} (pid {self.process.pid}) died, exit status {self.process.returncode}; "
                               f"see {self.log_path}")

    def signal_group(self, signum):
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass

    def stop(self):
        """TERM to its group (nginx's worker, load.sh's Maven and Gatling), KILL after 15 s."""
        self.signal_group(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.signal_group(signal.SIGKILL)
            self.process.wait()


class Processes:
    """Everything this run starts, stopped when it ends, whatever happens."""

    def __init__(self):
        self.started = []

    def start(self, name, command, log_path, cpus=None, env=None, port=0):
        """command (on the given cores), its output appended to log_path."""
        pin = ["taskset", "-c", cpus] if cpus else []
        with open(log_path, "ab") as out:
            process = subprocess.Popen(pin + command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                       start_new_session=True)
        server = Server(name, port, process, log_path)
        self.started.append(server)
        return server

    def start_server(self, name, command, env, port, path, log_path, timeout=300):
        """command on core 0 until path on port answers 200; fails fast if it exits first. 300 s:
        deploy/run.sh's first start extracts the jar and trains its archive on that one core, which
        took over 120 s with other jobs on it."""
        if port_in_use(port):
            raise BenchFailure(f"port {port} is in use (set BENCH_PORT)")
        server = self.start(name, command, log_path, SERVER_CPU, env, port)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if startup.status(port, path) == b"200":
                return server
            if not server.alive():
                raise BenchFailure(f"{name} exited ({server.process.returncode}) while starting; see {log_path}")
            time.sleep(0.2)
        raise BenchFailure(f"{name}: no 200 on {path} within {timeout} s; see {log_path}")

    def stop_all(self):
        for server in reversed(self.started):
            if server.alive():
                server.signal_group(signal.SIGTERM)
        for server in reversed(self.started):
            server.stop()


# --- answers ---------------------------------------------------------------------------------------

@dataclass
class Answer:
    status: int
    headers: list  # (name as the server wrote it, value)
    body: bytes

    def compared(self, content_only=False):
        """The headers that every row must send alike, names in lower case, sorted."""
        kept = [(n.lower(), v) for n, v in self.headers if n.lower() not in IGNORED_HEADERS]
        return sorted((n, v) for n, v in kept if n in CONTENT_HEADERS or not content_only)

    def header(self, name):
        return next((v for n, v in self.headers if n.lower() == name), None)


def fetch(port, path):
    """GET path as wrk sends it: a Host header and nothing else."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return Answer(response.status, response.getheaders(), response.read())
    except OSError as error:
        raise BenchFailure(f"GET {path} on port {port}: {error}") from error
    finally:
        connection.close()


def answer_problems(expected, actual, content_only):
    """What differs between a row's answer and the service's (empty: the same)."""
    problems = []
    if actual.status != 200:
        problems.append(f"status {actual.status}")
    if actual.body != expected.body:
        at = next((i for i, (a, b) in enumerate(zip(actual.body, expected.body)) if a != b),
                  min(len(actual.body), len(expected.body)))
        problems.append(f"other bytes ({len(actual.body)} B against {len(expected.body)} B, first difference at byte {at})")
    want, got = expected.compared(content_only), actual.compared()
    missing = [f"{n}: {v}" for n, v in want if (n, v) not in got]
    extra = [f"{n}: {v}" for n, v in got if (n, v) not in want]
    if missing:
        problems.append("without " + "; ".join(missing))
    if extra:
        problems.append("with " + "; ".join(extra))
    return problems


# --- load generators -------------------------------------------------------------------------------

@dataclass
class WrkReport:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    p999_ms: float
    connect_errors: int
    read_errors: int
    write_errors: int
    timeouts: int
    bad_status: int

    @property
    def socket_errors(self):
        return self.connect_errors + self.read_errors + self.write_errors + self.timeouts


def wrk_command(settings, port, connections, seconds):
    return ["taskset", "-c", settings.load_cpus, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
            "-s", str(BENCH / "wrk-report.lua"), f"http://127.0.0.1:{port}{settings.url}"]


def wrk_report(output, log_path, what):
    with open(log_path, "a", encoding="utf-8") as f:
        f.write(f"### {what}\n{output}\n")
    line = next((line for line in output.splitlines() if line.startswith("wrk-report: ")), None)
    if line is None:
        raise BenchFailure(f"wrk gave no figures for {what}; see {log_path}")
    return WrkReport(**json.loads(line.removeprefix("wrk-report: ")))


@dataclass
class GatlingSummary:
    """bench/load.sh --summary: the measured requests (a KO at the timeout) and the warm-up's."""
    requests: int
    ok: int
    ko: int
    warmup_requests: int
    warmup_ko: int
    rate_asked: float
    rate_achieved: float
    p50_ms: int
    p99_ms: int
    p999_ms: int
    max_ms: int
    from_ms: int
    to_ms: int
    report: str


# --- measurements ----------------------------------------------------------------------------------

@dataclass
class Measurement:
    """One wrk run on one row, maybe beside others loaded at once."""
    row: str
    connections: int
    label: str  # "round 2", or the pair and its run
    requests: int
    seconds: float
    requests_per_second: float
    cpu_us_per_request: float
    kernel_us_per_request: float
    p50_ms: float
    p99_ms: float
    p999_ms: float
    load_core_busy_percent: float
    others_on_server_core_percent: float


@dataclass
class SyscallCount:
    row: str
    requests: int
    seconds: float
    calls: dict  # name: calls during the run

    @property
    def per_request(self):
        return sum(self.calls.values()) / self.requests if self.requests else None


def strace_calls(path):
    """The calls column of strace -c's table, by system call, read by its header's names."""
    calls, columns = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if words[:2] == ["%", "time"]:
                columns = ["% time"] + words[2:]
                continue
            if columns is None or not words or words[0].startswith("-") or words[-1] == "total":
                continue
            values = dict(zip(columns[:4], words[:4]))  # % time, seconds, usecs/call, calls
            calls[words[-1]] = int(values["calls"])  # errors, when there are any, come after calls
    if columns is None or "calls" not in columns:
        raise BenchFailure(f"no strace -c table in {path}")
    return calls


@dataclass
class LatencyRun:
    row: str
    pair: str
    round: int
    rate: int
    requests: int
    ko: int
    warmup_requests: int
    warmup_ko: int
    rate_achieved: float
    p50_ms: int
    p99_ms: int
    p999_ms: int
    max_ms: int
    host_stall_ms: int
    load_core_busy_percent: float  # all of it: both Gatlings, their Maven, anything else
    others_on_server_core_percent: float
    report: str


@dataclass
class WarmupPart:
    row: str
    part: int
    seconds: int
    requests_per_second: float
    cpu_us_per_request: float


@dataclass
class Launch:
    key: str
    label: str
    command: list
    env: dict
    jdk: str
    trained: bool  # deploy/run.sh: a first, untimed start extracts the jar and trains its archive


@dataclass
class StartupRun:
    launch: str
    cycle: int
    ms: float
    rss_mb: float


def measure_together(settings, servers, connections, seconds, label, log_path):
    """One wrk run on each (key, server) at once, each on the load cores; the servers share core 0.
    A socket error, a status of 400 or more, or a server gone fails the run."""
    before = [process_cpu(server.pids()) for _, server in servers]
    cores = sample_cores(settings, [server for _, server in servers])
    runs = [subprocess.Popen(wrk_command(settings, server.port, connections, seconds), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for _, server in servers]
    outputs = [run.communicate()[0] for run in runs]
    after = [process_cpu(server.pids()) for _, server in servers]
    load_busy, others = core_shares(cores, sample_cores(settings, [server for _, server in servers]))
    measurements = []
    for (key, server), output, b, a in zip(servers, outputs, before, after):
        server.require_alive()
        w = wrk_report(output, log_path, f"{key} c={connections} {label}")
        if w.socket_errors or w.bad_status:
            raise BenchFailure(f"{key} c={connections} {label}: wrk counted {w.socket_errors} socket errors "
                               f"(connect {w.connect_errors}, read {w.read_errors}, write {w.write_errors}, "
                               f"timeout {w.timeouts}) and {w.bad_status} answers of status 400 or more; see {log_path}")
        if not w.requests:
            raise BenchFailure(f"{key} c={connections} {label}: no request answered; see {log_path}")
        measurements.append(Measurement(
            row=key, connections=connections, label=label, requests=w.requests, seconds=w.seconds,
            requests_per_second=w.requests / w.seconds,
            cpu_us_per_request=(a.ticks - b.ticks) / HZ * 1e6 / w.requests,
            kernel_us_per_request=(a.kernel_ticks - b.kernel_ticks) / HZ * 1e6 / w.requests,
            p50_ms=w.p50_ms, p99_ms=w.p99_ms, p999_ms=w.p999_ms,
            load_core_busy_percent=load_busy, others_on_server_core_percent=others))
    return measurements


# --- the run ---------------------------------------------------------------------------------------

class Bench:
    def __init__(self, settings, processes, tmp, logs):
        self.settings = settings
        self.processes = processes
        self.tmp = tmp
        self.logs = logs
        self.rows = rows_of(settings)
        self.servers = {}
        self.reference_answer = None
        self.failures = []
        self.notes = []
        self.doc = {"throughput": [], "head_to_head": [], "syscalls": [], "latency": [], "warmup": [],
                    "startup": [], "launches": [], "memory": None, "checks": {}}
        self.content_type = None
        self.java = f"{settings.java_home}/bin/java"
        self.java25 = f"{settings.java25_home}/bin/java"

    # --- what is measured ---------------------------------------------------------------------------
    def prepare(self):
        s = self.settings
        self.jar = self.service_jar()
        for module in ("floor", "stock"):
            log(f"building bench/{module}")
            self.run_logged(["mvn", "-q", "-B", "-f", str(BENCH / module / "pom.xml"), "package"],
                            self.logs / f"build-{module}.log", f"bench/{module}: build failed")
        self.floor_classpath = f"{BENCH}/floor/target/classes:{BENCH}/floor/target/lib/*"
        self.stock_jar = str(next((BENCH / "stock" / "target").glob("summit-bench-stock-*.jar")))
        self.tomcat = next((BENCH / "floor" / "target" / "lib").glob("tomcat-embed-core-*.jar")).stem
        rows = []
        for row in self.rows:
            if row.path and row.path != s.url.partition("?")[0]:
                self.notes.append(f"{row.key} left out: it serves {row.path} only, and BENCH_URL is {s.url}")
            else:
                rows.append(row)
        self.rows = rows
        for i, row in enumerate(self.rows):
            row.port = s.port + i
        if len(self.rows) > 20:
            raise SystemExit("bench: at most 20 rows (ports PORT to PORT + 19)")

    def service_jar(self):
        s = self.settings
        source = s.jar or built_jar(Path(s.app_dir))
        if not source:
            if Path(s.app_dir) != ROOT:
                raise SystemExit(f"bench: no jar in {s.app_dir}/target: build it there or set BENCH_JAR")
            log("building the service: mvn -q -B -DskipTests package")
            self.run_logged(["mvn", "-q", "-B", "-DskipTests", "package"], self.logs / "build.log", "build failed",
                            cwd=ROOT)
            return self.service_jar()
        jar = self.tmp / Path(source).name
        shutil.copy(source, jar)  # a rebuild of the tree during the run changes nothing here
        tree = subprocess.run(["git", "-C", s.app_dir, "log", "-1", "--format=%h of %cd", "--date=short"],
                              capture_output=True, text=True).stdout.strip() or "not a git tree"
        dirty = subprocess.run(["git", "-C", s.app_dir, "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        built = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(source)))
        self.doc["jar"] = f"{source}, built {built}; its tree at {tree}{', with uncommitted changes' if dirty else ''}"
        return str(jar)

    def run_logged(self, command, log_path, failure, cwd=None):
        with open(log_path, "wb") as out:
            if subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd).returncode != 0:
                raise BenchFailure(f"{failure}; see {log_path}")

    def template(self, row, port, management_port):
        return {"java": self.java, "java25": self.java25, "jar": self.jar, "port": port,
                "management_port": management_port, "path": self.settings.url.partition("?")[0],
                "body": self.tmp / "body", "content_type": self.content_type, "headers": self.tmp / "headers",
                "metadata": self.tmp / "metadata.json", "floor_classpath": self.floor_classpath,
                "stock_jar": self.stock_jar, "app_dir": self.settings.app_dir, "java_home": self.settings.java_home,
                "java25_home": self.settings.java25_home, "tmp": self.tmp, "key": row.key}

    def command_of(self, row, port, management_port):
        values = self.template(row, port, management_port)
        command = [str(part).format(**values) for part in row.command]
        env = dict(os.environ, **{k: str(v).format(**values) for k, v in row.env.items()})
        return command, env

    def start_row(self, row):
        log(f"starting {row.key} on port {row.port}")
        command, env = self.command_of(row, row.port, row.port + 50)
        self.servers[row.key] = self.processes.start_server(row.key, command, env, row.port, self.settings.url,
                                                            self.logs / f"{row.key}.log")

    def capture_reference(self):
        """The service's answer, which every other row is to send; its headers and metadata as files."""
        reference = next(row for row in self.rows if row.key == REFERENCE)
        self.start_row(reference)
        self.reference_answer = fetch(reference.port, self.settings.url)
        if self.reference_answer.status != 200:
            raise BenchFailure(f"the service answers {self.reference_answer.status} on {self.settings.url}")
        self.content_type = self.reference_answer.header("content-type")
        (self.tmp / "body").write_bytes(self.reference_answer.body)
        (self.tmp / "headers").write_text("".join(
            f"{n}: {v}\n" for n, v in self.reference_answer.headers
            if n.lower() not in IGNORED_HEADERS | CONTENT_HEADERS | {"transfer-encoding"}), encoding="latin-1")
        (self.tmp / "metadata.json").write_bytes(fetch(reference.port, STOCK_PATH).body)
        (self.logs / "service.head").write_text("".join(f"{n}: {v}\n" for n, v in self.reference_answer.headers))

    def start_rows(self):
        self.capture_reference()
        for row in self.rows:
            if row.role == "nginx":
                nginx_dir = self.tmp / f"nginx-{row.key}"
                (nginx_dir / "tmp").mkdir(parents=True, exist_ok=True)
                conf = nginx_conf(row.port, self.settings.url, self.reference_answer.body, self.content_type,
                                  (self.tmp / "headers").read_text(encoding="latin-1"), nginx_dir, row.nginx_body)
                (nginx_dir / "nginx.conf").write_text(conf, encoding="utf-8")
                nginx_dir.chmod(0o755)
                shutil.copy(nginx_dir / "nginx.conf", self.logs / f"{row.key}.conf")
        for row in self.rows:
            if row.key != REFERENCE:
                self.start_row(row)
        self.check_answers("at start")

    def check_answers(self, when):
        """Every row's answer against the service's: a wrong byte or header fails the run."""
        for row in self.rows:
            self.servers[row.key].require_alive()
            actual = fetch(row.port, self.settings.url)
            problems = answer_problems(self.reference_answer, actual, row.answers == "content")
            if problems:
                (self.logs / f"{row.key}.answer").write_bytes(
                    "".join(f"{n}: {v}\n" for n, v in actual.headers).encode("latin-1") + b"\n" + actual.body)
                raise BenchFailure(f"{row.key} {when}: not the service's answer: {', '.join(problems)}; "
                                   f"its answer: {self.logs / (row.key + '.answer')}")
            self.doc["checks"][row.key] = ("same bytes, same headers" if row.answers == "service"
                                           else "same bytes; of the service's headers only Content-Type and Content-Length")
        log(f"answers {when}: every row sends the service's bytes and headers")

    # --- load ----------------------------------------------------------------------------------------
    def together(self, keys, connections, seconds, label, what="wrk"):
        return measure_together(self.settings, [(k, self.servers[k]) for k in keys], connections, seconds, label,
                                self.logs / f"{what}.log")

    def warm_up(self):
        s = self.settings
        for row in self.rows:
            total = s.warmup if row.jit else min(5, s.warmup)
            part, done, n = min(10, total), 0, 0
            log(f"warm-up: {row.key}, {total} s at {PAIR_CONNECTIONS} connections")
            while done < total:
                seconds = min(part, total - done)
                n += 1
                m, = self.together([row.key], PAIR_CONNECTIONS, seconds, f"warm-up part {n}", what="warmup")
                self.doc["warmup"].append(WarmupPart(row.key, n, seconds, m.requests_per_second, m.cpu_us_per_request))
                done += seconds

    def throughput(self):
        s = self.settings
        keys = [row.key for row in self.rows]
        for connections in s.connections:
            for r in range(s.rounds):
                for k in range(len(keys)):
                    key = keys[(k + r) % len(keys)]
                    m, = self.together([key], connections, s.duration, f"round {r + 1}")
                    self.doc["throughput"].append(m)
                    log(f"c={connections} round {r + 1}, {key}: {m.requests_per_second:,.0f} req/s, "
                        f"{m.cpu_us_per_request:.1f} µs CPU a request ({m.kernel_us_per_request:.1f} kernel), "
                        f"p99 {m.p99_ms:.2f} ms")
                self.require_all_alive()

    def pairs(self):
        s = self.settings
        for row in self.rows:
            if row.key == REFERENCE:
                continue
            log(f"head to head: {REFERENCE} and {row.key} at once, {s.pairs} runs of {s.pair_duration} s")
            for p in range(s.pairs):
                ms = self.together([REFERENCE, row.key], PAIR_CONNECTIONS, s.pair_duration, f"{row.key} run {p + 1}")
                self.doc["head_to_head"].extend(ms)
                log(f"  run {p + 1}: {ms[0].cpu_us_per_request:.1f} against {ms[1].cpu_us_per_request:.1f} µs a request: "
                    f"{ms[0].cpu_us_per_request / ms[1].cpu_us_per_request:.2f}")
            self.require_all_alive()

    def syscalls(self):
        s = self.settings
        for row in self.rows:
            server = self.servers[row.key]
            out = self.tmp / f"strace.{row.key}"
            command = ["strace", "-c", "-f", "-o", str(out)]
            for pid in server.pids():
                command += ["-p", str(pid)]
            tracer = self.processes.start("strace", command, self.logs / "strace.log", s.load_cpus)
            time.sleep(1)  # attached to every thread
            result = subprocess.run(wrk_command(s, server.port, PAIR_CONNECTIONS, s.strace_seconds),
                                    capture_output=True, text=True)
            tracer.process.send_signal(signal.SIGINT)  # strace detaches and writes its table
            tracer.process.wait(30)
            server.require_alive()
            w = wrk_report(result.stdout + result.stderr, self.logs / "strace-wrk.log", f"{row.key} under strace")
            if w.socket_errors or w.bad_status or not w.requests:
                raise BenchFailure(f"{row.key} under strace: {w.socket_errors} socket errors, {w.bad_status} bad "
                                   f"statuses, {w.requests} requests; see {self.logs / 'strace-wrk.log'}")
            shutil.copy(out, self.logs / f"strace.{row.key}.txt")
            count = SyscallCount(row.key, w.requests, w.seconds, strace_calls(out))
            self.doc["syscalls"].append(count)
            opens = sum(n for name, n in count.calls.items() if name in OPENS) / w.requests
            log(f"syscalls: {row.key}: {count.per_request:.2f} a request under strace ({w.requests} requests); "
                f"opens {opens:.4f} a request")
            if opens >= OPENS_PER_REQUEST_LIMIT:
                self.failures.append(f"{row.key} opens a file a request ({opens:.2f} open calls a request under "
                                     f"strace): not a server at its best; see {self.logs / f'strace.{row.key}.txt'}")
        self.check_answers("after strace")

    def latency(self):
        s = self.settings
        rate = s.rate
        self.doc["latency_rate"] = {"rate": rate}
        others = [row.key for row in self.rows if row.key != REFERENCE]
        for r in range(s.gatling_rounds):
            for k in range(len(others)):
                other = others[(k + r) % len(others)]
                self.gatling_pair(other, rate, r + 1)
            self.require_all_alive()
        ko = sum(run.ko + run.warmup_ko for run in self.doc["latency"])
        if ko:
            self.failures.append(f"Gatling counted {ko} KO over the latency runs (see the latency table): the latency "
                                 "verdicts are void; if the load core could not keep the rate (rate achieved), a "
                                 "lower BENCH_RATE")
        self.check_answers("after the latency runs")

    def gatling_pair(self, other, rate, round_):
        """The service and another row at the same fixed rate at once, a load.sh each; the host's stalls beside."""
        s = self.settings
        pair = f"{REFERENCE}+{other}"
        log(f"latency: {pair} at {rate}/s each, round {round_}")
        meters = []
        for core in {SERVER_CPU, s.load_cpus.partition("-")[0]}:
            path = self.tmp / f"hiccups.{core}.jsonl"
            meters.append((path, self.processes.start("hiccups", [sys.executable, str(BENCH / "hiccups.py"), core, str(path)],
                                                      self.logs / "hiccups.log")))
        loads = []
        servers = [self.servers[REFERENCE], self.servers[other]]
        cores = sample_cores(s, servers)
        for i, key in enumerate([REFERENCE, other]):
            summary = self.tmp / f"gatling.{key}.json"
            summary.unlink(missing_ok=True)
            command = [str(BENCH / "load.sh"), "--url", f"http://127.0.0.1:{self.servers[key].port}",
                       "--paths", s.url, "--rate", str(rate), "--duration", str(s.gatling_duration),
                       "--warmup", str(s.gatling_warmup), "--cpus", s.load_cpus, "--name", f"bench-{key}",
                       "--summary", str(summary)]
            loads.append((key, summary, self.processes.start("bench/load.sh", command, self.logs / "gatling.log")))
            if i == 0:
                time.sleep(0.3)  # Gatling names its report folder by the millisecond: never the same twice
        for key, _summary, load in loads:
            if load.process.wait() != 0:
                raise BenchFailure(f"bench/load.sh failed on {key} (exit {load.process.returncode}); "
                                   f"see {self.logs / 'gatling.log'}")
        load_busy, others = core_shares(cores, sample_cores(s, servers))
        for _path, meter in meters:
            meter.stop()
        stalls = []
        for path, _meter in meters:
            with open(path, encoding="utf-8") as f:
                stalls += [json.loads(line) for line in f if line.strip()]
        for key, summary_path, _load in loads:
            self.servers[key].require_alive()
            with open(summary_path, encoding="utf-8") as f:
                g = GatlingSummary(**json.load(f))
            stall = max((x["stall_ms"] for x in stalls if g.from_ms <= x["end_ms"] and
                         x["end_ms"] - x["stall_ms"] <= g.to_ms + 1000), default=0)
            run = LatencyRun(row=key, pair=pair, round=round_, rate=rate, requests=g.requests, ko=g.ko,
                             warmup_requests=g.warmup_requests, warmup_ko=g.warmup_ko, rate_achieved=g.rate_achieved,
                             p50_ms=g.p50_ms, p99_ms=g.p99_ms, p999_ms=g.p999_ms, max_ms=g.max_ms,
                             host_stall_ms=stall, load_core_busy_percent=load_busy,
                             others_on_server_core_percent=others, report=g.report)
            self.doc["latency"].append(run)
            log(f"  {key}: {g.requests} requests at {g.rate_achieved:.0f}/s, KO {g.ko} (+{g.warmup_ko} in the warm-up), "
                f"p99 {g.p99_ms} ms, max {g.max_ms} ms; the host's longest stall {stall} ms; load core {load_busy:.0f} % busy, "
                f"others {others:.0f} % of core 0")

    def require_all_alive(self):
        for row in self.rows:
            self.servers[row.key].require_alive()

    def rss_after_load(self):
        self.doc["rss_mb"] = {row.key: round(rss_kb(self.servers[row.key].pids()) / 1024) for row in self.rows}

    def stop_rows(self):
        for server in self.servers.values():
            server.stop()

    # --- startup, memory --------------------------------------------------------------------------------
    def launches(self):
        s = self.settings
        port = s.port + 20
        service = SERVICE_PORTS
        jdks = [("17", self.java, s.java_home)]
        if Path(self.java25).is_file():
            jdks.append(("25", self.java25, s.java25_home))
        else:
            self.notes.append(f"startup: no Java 25 at {s.java25_home}, its launches left out")
        launches = []
        stock = next((row for row in ROWS if row.key == "stock"))
        for version, java, home in jdks:
            launches.append(Launch(f"stock-java{version}", f"stock Spring MVC app, Java {version}, java -jar",
                                   [java] + stock.command[1:], {}, version, False))
            launches.append(Launch(f"service-java{version}", f"service, Java {version}, java -jar",
                                   [java, "-jar", "{jar}"] + service, {}, version, False))
            launches.append(Launch(f"recommended-java{version}", f"service, Java {version}, deploy/run.sh",
                                   ["{app_dir}/deploy/run.sh"] + service,
                                   {"JAVA_HOME": home, "SUMMIT_JAR": "{jar}", "SUMMIT_APP_DIR": "{tmp}/startup-" + version},
                                   version, True))
        return port, launches

    def startup(self):
        s = self.settings
        port, launches = self.launches()
        row = Row("startup", "startup", "", [])
        values = dict(self.template(row, port, port + 50), path=STOCK_PATH)
        resolved = []
        for launch in launches:
            command = [str(part).format(**values) for part in launch.command]
            env = dict(os.environ, **{k: str(v).format(**values) for k, v in launch.env.items()})
            resolved.append((launch, command, env))
            self.doc["launches"].append(launch)
        for launch, command, env in resolved:
            if launch.trained:
                log(f"startup: {launch.label}: the first start extracts the jar and trains its archive (not timed)")
                self.first_200(command, env, port)
        for cycle in range(s.startup_runs):
            for launch, command, env in resolved:
                started = self.first_200(command, env, port)
                self.doc["startup"].append(StartupRun(launch.key, cycle + 1, started.ms, started.rss_kb / 1024))
                log(f"startup {cycle + 1}: {launch.label}: {started.ms:,.0f} ms")

    def first_200(self, command, env, port):
        if port_in_use(port):
            raise BenchFailure(f"port {port} is in use (set BENCH_PORT)")
        try:
            return startup.first_200(command, port, STOCK_PATH, 180, self.logs / "startup.log", env=env)
        except startup.StartupFailed as failure:
            raise BenchFailure(f"startup: {failure}") from failure

    def memory(self):
        s = self.settings
        port = s.port + 20
        recommended = next(row for row in ROWS if row.key == "service-recommended")
        row = dataclasses.replace(recommended, key="memory")
        command, env = self.command_of(row, port, port + 50)
        log("memory: deploy/run.sh on core 0")
        server = self.processes.start_server("memory", command, env, port, s.url, self.logs / "memory.log")
        time.sleep(2)
        after_start = rss_kb([server.process.pid])
        log(f"memory: {s.memory_load} s of wrk at {PAIR_CONNECTIONS} connections")
        self.servers["memory"] = server
        m, = self.together(["memory"], PAIR_CONNECTIONS, s.memory_load, "memory")
        after_load = rss_kb([server.process.pid])
        log(f"memory: {s.idle} idle connections for {s.idle_seconds} s (bench/Flood.java idle)")
        flood_log = self.logs / "flood.log"
        flood = self.processes.start("Flood.java", [self.java, str(BENCH / "Flood.java"), "idle", "--port", str(port),
                                                    "--connections", str(s.idle), "--duration", str(s.idle_seconds)],
                                     flood_log, s.load_cpus)
        peak = held = tick = 0
        while flood.alive():
            peak = max(peak, rss_kb([server.process.pid]))
            if tick % 4 == 0:
                ss = subprocess.run(["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
                                    capture_output=True, text=True).stdout
                held = max(held, len(ss.splitlines()))
            tick += 1
            time.sleep(0.5)
        server.require_alive()
        answer = fetch(port, s.url)
        if answer_problems(self.reference_answer, answer, False):
            raise BenchFailure("memory: after the idle connections, not the service's answer")
        self.doc["memory"] = {
            "after_start_mb": round(after_start / 1024), "after_load_mb": round(after_load / 1024),
            "load_requests_per_second": round(m.requests_per_second), "idle_connections": s.idle,
            "idle_seconds": s.idle_seconds, "peak_holding_them_mb": round(peak / 1024), "connections_held": held,
            "after_them_mb": round(rss_kb([server.process.pid]) / 1024),
            "flood": flood_log.read_text(errors="replace").strip().splitlines()[-1:] or [""],
        }
        server.stop()


# --- nginx -----------------------------------------------------------------------------------------

NGINX_BODIES = {  # how an nginx row serves the body: its location's directives
    # from memory: no file opened, read or stat'ed a request (2 system calls: recvfrom, writev)
    "return": [],
    # a static file as its users tune it for a small hot one: the descriptor cached, read into
    # the response's buffer (recvfrom, pread64, writev)
    "open_file_cache": ["sendfile off;", "open_file_cache max=16 inactive=1h;", "open_file_cache_valid 1h;"],
    # a static file as nginx's defaults serve it: opened, stat'ed, sent and closed a request
    "sendfile": ["sendfile on;"],
}


def nginx_conf(port, url, body, content_type, headers, directory, mode):
    """nginx as its users configure it for a small hot answer: one worker (one core), the body as
    NGINX_BODIES[mode] says, the service's headers by add_header, no access log (the service writes
    none by default)."""
    path = url.partition("?")[0]
    lines = [
        "worker_processes 1;",
        "worker_rlimit_nofile 20000;",
        f"pid {directory}/nginx.pid;",
        "daemon off;",
        "events { worker_connections 16384; }",
        "http {",
        "  access_log off;",
        *(f"  {t}_temp_path {directory}/tmp/{t};" for t in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")),
        "  keepalive_requests 1000; # as the service's Tomcat",
        "  server_tokens off;",
        "  types { }",
        f'  default_type "{content_type}";',
        "  server {",
        f"    listen 127.0.0.1:{port} backlog=4096; # the service's accept queue",
        f"    location = {path} {{",
    ]
    if mode == "return":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BenchFailure(f"nginx serves the body from its config, which needs UTF-8: {error}") from error
        if "$" in text:
            raise BenchFailure("a $ in the body, which nginx's return would take for a variable")
        quoted = text.replace("\\", "\\\\").replace("'", "\\'")
        serve = [f"return 200 '{quoted}';"]
    else:
        (directory / "body").write_bytes(body)
        # the service sends no ETag, Last-Modified or Accept-Ranges of a file; its own ETag comes by add_header
        serve = NGINX_BODIES[mode] + ["etag off;", "max_ranges 0;", 'add_header Last-Modified "";',
                                      f"alias {directory}/body;"]
    for line in headers.splitlines():
        name, _, value = line.partition(": ")
        if "$" in value:
            raise BenchFailure(f"a $ in a header value, which nginx would take for a variable: {line}")
        lines.append(f'      add_header {name} "{value.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}";')
    lines += [f"      {directive}" for directive in serve] + ["    }", "  }", "}", ""]
    return "\n".join(lines)


# --- the report's records --------------------------------------------------------------------------

def row_records(doc, rows):
    """latest.json: one record a row, for people and programs alike (issue 21 adds rows)."""
    records = []
    head = doc["head_to_head"]
    for row in rows:
        alone = [m for m in doc["throughput"] if m.row == row.key and m.connections == PAIR_CONNECTIONS]
        calls = next((c for c in doc["syscalls"] if c.row == row.key), None)
        latency = [r for r in doc["latency"] if r.row == row.key]
        runs = sorted({m.label for m in head if m.row == row.key and row.key != REFERENCE})
        ratios = []
        for label in runs:
            mine = next(m for m in head if m.label == label and m.row == row.key)
            service = next(m for m in head if m.label == label and m.row == REFERENCE)
            ratios.append(service.cpu_us_per_request / mine.cpu_us_per_request)
        p99_ratios = []
        for run in latency:
            if row.key != REFERENCE:
                service = next(r for r in doc["latency"] if r.pair == run.pair and r.round == run.round and r.row == REFERENCE)
                p99_ratios.append(service.p99_ms / run.p99_ms if run.p99_ms else None)
        launch = {"stock": "stock-java17", REFERENCE: "service-java17", "service-recommended": "recommended-java17"}
        starts = [r.ms for r in doc["startup"] if r.launch == launch.get(row.key)]
        low, high = quartiles(ratios)
        record = {
            "key": row.key, "role": row.role, "server": row.server,
            "connections": PAIR_CONNECTIONS,
            "requests_per_second": rounded(median([m.requests_per_second for m in alone]), 0),
            "cpu_us_per_request": rounded(median([m.cpu_us_per_request for m in alone]), 1),
            "kernel_us_per_request": rounded(median([m.kernel_us_per_request for m in alone]), 1),
            "p99_ms": median([r.p99_ms for r in latency]),
            "syscalls_per_request": rounded(calls.per_request, 2) if calls else None,
            "wrk_p99_ms": rounded(median([m.p99_ms for m in alone]), 2),
            "throughput_rounds": len(alone),
            "service_cpu_ratio": rounded(median(ratios), 3),
            "service_cpu_ratio_middle_half": [rounded(low, 3), rounded(high, 3)] if ratios else None,
            "head_to_head_runs": len(ratios),
            "head_to_head_cpu_us_per_request": rounded(median([m.cpu_us_per_request for m in head if m.row == row.key]), 1),
            "head_to_head_kernel_us_per_request": rounded(median([m.kernel_us_per_request for m in head if m.row == row.key]), 1),
            "syscalls": {name: round(n / calls.requests, 3) for name, n in sorted(calls.calls.items(), key=lambda c: -c[1])
                         if n / calls.requests >= STRACE_SHOWN} if calls else None,
            "latency_rate_per_second": doc.get("latency_rate", {}).get("rate") if latency else None,
            "latency_runs": len(latency),
            "ko": sum(r.ko + r.warmup_ko for r in latency) if latency else None,
            "service_p99_ratio": rounded(median(p99_ratios), 2),
            "startup_ms": rounded(median(starts), 0),
            "rss_mb_after_load": doc.get("rss_mb", {}).get(row.key),
            "answer": doc["checks"].get(row.key),
            "warmup_cpu_us_per_request": [round(w.cpu_us_per_request, 1) for w in doc["warmup"] if w.row == row.key],
        }
        records.append(record)
    return records


def rounded(value, digits):
    return None if value is None else round(value, digits)


def targets(doc, records):
    """The targets of issues 9 and 21, each from side-by-side runs; a KO voids the latency one."""
    by_key = {r["key"]: r for r in records}

    def ratio_to(key):
        r = by_key.get(key)
        return r and r["service_cpu_ratio"]

    def startup_ratio(numerator, denominator):
        cycles = {}
        for run in doc["startup"]:
            cycles.setdefault(run.cycle, {})[run.launch] = run.ms
        values = [c[numerator] / c[denominator] for c in cycles.values() if numerator in c and denominator in c]
        return rounded(median(values), 2)

    ko = sum(r.ko + r.warmup_ko for r in doc["latency"])
    floor_p99 = by_key.get("floor-headers", {}).get("service_p99_ratio")
    return [
        {"target": "CPU a request ≤ 1.9× nginx's (head to head)", "measured": ratio_to("nginx"), "bound": 1.9,
         "source": "issue 21"},
        {"target": "CPU a request ≤ 1.1× the bare Tomcat's with the service's headers (head to head)",
         "measured": ratio_to("floor-headers"), "bound": 1.1, "source": "issue 9"},
        {"target": "p99 at the fixed rate ≤ 1.3× the bare Tomcat's, both loaded at once",
         "measured": None if ko else floor_p99, "bound": 1.3, "source": "issue 9",
         "void": f"{ko} KO" if ko else None},
        {"target": "java -jar to the first 200 ≤ 1.15× the stock app's, Java 17 (alternated)",
         "measured": startup_ratio("service-java17", "stock-java17"), "bound": 1.15, "source": "issue 21"},
        {"target": "java -jar to the first 200 ≤ 1.15× the stock app's, Java 25 (alternated)",
         "measured": startup_ratio("service-java25", "stock-java25"), "bound": 1.15, "source": "issue 21"},
        {"target": "deploy/run.sh to the first 200 ≤ 0.25× java -jar, Java 25 (alternated)",
         "measured": startup_ratio("recommended-java25", "service-java25"), "bound": 0.25, "source": "issue 21"},
    ]


def machine():
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                  if line.startswith("model name")), "?")
    memory = next((int(line.split()[1]) for line in open("/proc/meminfo", encoding="ascii")
                   if line.startswith("MemTotal:")), 0)
    return f"{model}, {os.cpu_count()} cores, {memory / 1048576:.0f} GiB, Linux {os.uname().release}"


def version_of(command, lines=(0,)):
    """The given lines of a tool's version output (java: the first and the third)."""
    env = {k: v for k, v in os.environ.items() if k != "JAVA_TOOL_OPTIONS"}
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    output = (result.stdout + result.stderr).splitlines()
    return " ".join(output[i].strip() for i in lines if i < len(output))


def json_default(value):
    if dataclasses.is_dataclass(value):
        return dataclasses.asdict(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value))


def write_results(doc, records, out_md, failed):
    stem = out_md.with_suffix("")
    RESULTS.mkdir(exist_ok=True)
    run_json = Path(f"{stem}-run.json")
    run_json.write_text(json.dumps(doc, default=json_default, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    markdown = report.render(json.loads(run_json.read_text(encoding="utf-8")))
    out_md.write_text(markdown, encoding="utf-8")
    print(markdown)
    log(f"wrote {out_md}, {stem.with_suffix('.json')} and {run_json}{' (the run FAILED)' if failed else ''}")


# --- commands --------------------------------------------------------------------------------------

def command_run():
    settings = Settings.from_environment()
    for tool in ("mvn", "wrk", "nginx", "strace", "taskset", "ss"):
        if not shutil.which(tool):
            raise SystemExit(f"bench: {tool} is missing (Debian: apt-get install -y wrk nginx strace ...)")
    full = set(settings.sections) == set(ALL_SECTIONS) and not settings.rows and not settings.extra_rows
    name = "quick" if settings.quick else ("latest" if full else "partial")
    out_md = Path(settings.out) if settings.out else RESULTS / f"{name}.md"
    logs = RESULTS / "logs" / out_md.stem
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    tmp = Path(tempfile.mkdtemp(prefix="summit-bench."))
    tmp.chmod(0o755)  # nginx's worker runs as another user
    (tmp / "jvm").mkdir()
    # Tomcat's work directories in the run's own folder
    os.environ["JAVA_TOOL_OPTIONS"] = f"-Djava.io.tmpdir={tmp}/jvm {os.environ.get('JAVA_TOOL_OPTIONS', '')}".strip()
    os.environ.pop("JAVA_OPTS", None)  # deploy/run.sh runs with its own flags only
    raise_limit()
    processes = Processes()
    bench = Bench(settings, processes, tmp, logs)
    began = time.monotonic()
    doc = bench.doc
    doc.update(title=f"summit-article-api benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}", quick=settings.quick,
               settings=settings.public(), machine=machine(), sections=settings.sections, url=settings.url,
               opens_per_request_limit=OPENS_PER_REQUEST_LIMIT)
    failed = None
    try:
        bench.prepare()
        doc["rows"] = [dataclasses.asdict(row) for row in bench.rows]
        loaded = [s for s in ("throughput", "pairs", "syscalls", "latency") if s in settings.sections]
        if loaded:
            bench.start_rows()
            doc["body_bytes"], doc["content_type"] = len(bench.reference_answer.body), bench.content_type
            bench.warm_up()
            for section in loaded:
                getattr(bench, section)()
            bench.check_answers("after the load")
            bench.rss_after_load()
            bench.stop_rows()
        if "startup" in settings.sections or "memory" in settings.sections:
            if bench.reference_answer is None:
                bench.capture_reference()
                bench.stop_rows()
            if "startup" in settings.sections:
                bench.startup()
            if "memory" in settings.sections:
                bench.memory()
    except BenchFailure as failure:
        failed = str(failure)
        log(f"FAILED: {failure}")
    except KeyboardInterrupt:
        log("interrupted")
        raise
    finally:
        processes.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    failures = ([failed] if failed else []) + bench.failures
    doc.update(failures=failures, notes=bench.notes, duration_s=round(time.monotonic() - began),
               tools=tools(bench), logs=str(logs.relative_to(ROOT)) if logs.is_relative_to(ROOT) else str(logs))
    records = row_records(doc, bench.rows)
    doc["records"] = records
    doc["targets"] = targets(doc, records)
    if failures:
        out_md = RESULTS / "failed.md"
    write_results(doc, records, out_md, bool(failures))
    for failure in failures:
        log(f"FAILED: {failure}")
    return 1 if failures else 0


def built_jar(app_dir):
    """The service's jar in app_dir/target, the newest if an older build's is left there; "" when none."""
    jars = [p for p in (app_dir / "target").glob("summit-article-api-*.jar") if not p.name.endswith("-plain.jar")]
    return str(max(jars, key=lambda p: p.stat().st_mtime)) if jars else ""


@dataclass
class AbSettings:
    """bench.py ab's and costs': AB_PORT (and the three ports after it), AB_WARMUP."""
    port: int
    warmup: int


def ab_settings():
    """The benchmark's settings with AB_URL, and ab's own."""
    settings = Settings.from_environment()
    settings.url = os.environ.get("AB_URL", "/api/article/metadata")
    return settings, AbSettings(int(os.environ.get("AB_PORT", "29500")), seconds_of("AB_WARMUP", 110))


def ab_setup(args, usage):
    """What bench.py ab shares between its two modes: the settings, each side's JVM flags, a folder for logs."""
    settings, ab = ab_settings()
    flags = (os.environ.get("AB_BEFORE_OPTS", "").split(), os.environ.get("AB_AFTER_OPTS", "").split())
    if len(args) < 2 or not all(Path(jar).is_file() for jar in args[:2]):
        print(usage, file=sys.stderr)
        raise SystemExit(2)
    logs = Path(tempfile.mkdtemp(prefix="summit-ab."))
    return settings, ab, flags, logs


AB_USAGE = """bench/ab.sh BEFORE.jar AFTER.jar [RUNS]            what a change costs a request (RUNS: 6)
bench/ab.sh --startup BEFORE.jar AFTER.jar [STARTS] what it costs a start (STARTS: 11)
  AB_URL (/api/article/metadata)  AB_PORT (29500, and the three ports after it)
  AB_WARMUP (110): seconds of load on both after the first 10 s, before the runs
  AB_BEFORE_OPTS, AB_AFTER_OPTS: JVM flags of each side (the same jar twice measures a flag)"""


@dataclass
class CpuComparison:
    ratios: list  # after / before, CPU a request, run by run
    cold_ratio: float  # in the first 10 s of load

    def summary(self):
        low, high = quartiles(self.ratios)
        return {"cpu_ratio": round(median(self.ratios), 4), "middle_half": [round(low, 4), round(high, 4)],
                "runs": [round(r, 4) for r in self.ratios], "cold_ratio": round(self.cold_ratio, 4)}


def compare_cpu(settings, ab, jars, flags, runs, logs):
    """Two jars of the service (java -jar) loaded at once on core 0, a wrk -c64 on each on core 1:
    the ratio of their CPU a request, after two minutes of that load warm both JITs (the first 10 s
    reported apart, as cold). Both must send the same bytes and headers (but Date ...), before and
    after; a socket error, a status of 400 or more, or a server gone raises BenchFailure."""
    processes = Processes()
    java = f"{settings.java_home}/bin/java"
    try:
        servers = []
        for i, (name, jar) in enumerate(zip(("before", "after"), jars)):
            p = ab.port + 2 * i
            command = [java, *flags[i], "-jar", jar, f"--server.port={p}", f"--management.server.port={p + 1}"]
            servers.append((name, processes.start_server(name, command, None, p, settings.url, logs / f"{name}.log")))
        answers = [fetch(server.port, settings.url) for _, server in servers]
        problems = answer_problems(answers[0], answers[1], False)
        if problems:
            raise BenchFailure(f"after does not answer as before: {', '.join(problems)}")
        cold = measure_together(settings, servers, PAIR_CONNECTIONS, 10, "cold", logs / "wrk.log")
        cold_ratio = cold[1].cpu_us_per_request / cold[0].cpu_us_per_request
        print(f"cold, the first 10 s of load: before {cold[0].cpu_us_per_request:.1f} µs, after "
              f"{cold[1].cpu_us_per_request:.1f} µs a request: after / before {cold_ratio:.3f}", flush=True)
        log(f"warming both up: {ab.warmup} s more")
        measure_together(settings, servers, PAIR_CONNECTIONS, ab.warmup, "warm-up", logs / "wrk.log")
        ratios = []
        for r in range(runs):
            before, after = measure_together(settings, servers, PAIR_CONNECTIONS, 10, f"run {r + 1}", logs / "wrk.log")
            ratios.append(after.cpu_us_per_request / before.cpu_us_per_request)
            print(f"run {r + 1}: before {before.cpu_us_per_request:.1f} µs, after {after.cpu_us_per_request:.1f} µs "
                  f"a request: after / before {ratios[-1]:.3f}", flush=True)
        for name, server in servers:
            problems = answer_problems(answers[0], fetch(server.port, settings.url), False)
            if problems:
                raise BenchFailure(f"{name} after the load: not the answer it gave before: {', '.join(problems)}")
        return CpuComparison(ratios, cold_ratio)
    finally:
        processes.stop_all()


def command_ab(args):
    """bench/ab.sh: prints a line a run, the median, and one JSON line ("ab: {...}") for programs."""
    if args[:1] == ["--startup"]:
        return command_ab_startup(args[1:])
    settings, ab, flags, logs = ab_setup(args, AB_USAGE)
    try:
        comparison = compare_cpu(settings, ab, args[:2], flags, int(args[2]) if len(args) > 2 else 6, logs)
    except BenchFailure as failure:
        print(f"ab: FAILED: {failure}", file=sys.stderr)
        return 1
    summary = comparison.summary()
    low, high = summary["middle_half"]
    print(f"median: after / before {summary['cpu_ratio']:.3f} of the CPU a request (middle half {low:.3f}–{high:.3f}), "
          f"so {1 / summary['cpu_ratio']:.2f}x what a core gives")
    print("ab: " + json.dumps(summary))
    shutil.rmtree(logs, ignore_errors=True)
    return 0


COST_VARIANTS = [  # what an operations setting costs a request, against the same jar without it
    ("no request metrics", ["-Dmanagement.metrics.enable.http.server.requests=false"]),
    ("the access log on", ["-Dlogging.level.news.summit.access=info"]),
]


def command_costs(args):
    """bench/costs.sh: each of COST_VARIANTS against the default, as bench/ab.sh measures a flag
    (the same jar twice, both loaded at once on core 0); writes bench/results/costs.md."""
    settings, ab = ab_settings()
    jar = args[0] if args else built_jar(ROOT)
    if not jar or not Path(jar).is_file():
        print("bench/costs.sh [JAR]   (default: target/summit-article-api-*.jar; build it first)", file=sys.stderr)
        return 2
    runs = int(args[1]) if len(args) > 1 else 6
    logs = Path(tempfile.mkdtemp(prefix="summit-costs."))
    rows = []
    try:
        for name, flags in COST_VARIANTS:
            log(f"costs: {name} ({' '.join(flags)})")
            summary = compare_cpu(settings, ab, [jar, jar], ([], flags), runs, logs).summary()
            low, high = summary["middle_half"]
            rows.append((name, f"`{' '.join(flags)}`", f"{summary['cpu_ratio']:.3f}", f"{low:.3f}–{high:.3f}",
                         f"{summary['cold_ratio']:.3f}"))
    except BenchFailure as failure:
        print(f"costs: FAILED: {failure}", file=sys.stderr)
        return 1
    text = "\n".join([
        f"# What operations settings cost a request ({time.strftime('%Y-%m-%d %H:%M %Z')})", "",
        f"`bench/costs.sh`: each variant against the same jar without it, both loaded at once on core 0 (a wrk -c64 on "
        f"each on core 1), after {10 + ab.warmup} s of that load; {runs} runs of 10 s; cold: the first 10 s. {machine()}; "
        f"jar {jar}.", "",
        report.table([("variant", "l"), ("JVM flags", "l"), ("CPU a request × the default", "r"), ("middle half", "r"),
                      ("cold", "r")], rows), ""])
    (RESULTS / "costs.md").write_text(text, encoding="utf-8")
    print(text)
    shutil.rmtree(logs, ignore_errors=True)
    return 0


def command_ab_startup(args):
    """Two jars started alternately, start by start (the order swapped every cycle), unpinned:
    exec to the first 200 on AB_URL, the median of the ratios within a cycle."""
    settings, ab, flags, logs = ab_setup(args, AB_USAGE)
    port = ab.port
    starts = int(args[2]) if len(args) > 2 else 11
    java = f"{settings.java_home}/bin/java"
    commands = [[java, *flags[i], "-jar", jar, f"--server.port={port}", f"--management.server.port={port + 1}"]
                for i, jar in enumerate(args[:2])]
    times = ([], [])
    try:
        for cycle in range(starts):
            for i in ((0, 1) if cycle % 2 == 0 else (1, 0)):
                if port_in_use(port):
                    raise BenchFailure(f"port {port} is in use (set AB_PORT)")
                started = startup.first_200(commands[i], port, settings.url, 180, logs / "startup.log")
                times[i].append(started.ms)
            print(f"cycle {cycle + 1}: before {times[0][-1]:,.0f} ms, after {times[1][-1]:,.0f} ms: after / before "
                  f"{times[1][-1] / times[0][-1]:.3f}", flush=True)
    except (BenchFailure, startup.StartupFailed) as failure:
        print(f"ab: FAILED: {failure}", file=sys.stderr)
        return 1
    ratios = [a / b for a, b in zip(times[1], times[0])]
    low, high = quartiles(ratios)
    print(f"median: before {median(times[0]):,.0f} ms, after {median(times[1]):,.0f} ms; after / before "
          f"{median(ratios):.3f} (middle half {low:.3f}–{high:.3f})")
    print("ab: " + json.dumps({"startup_ratio": round(median(ratios), 4), "middle_half": [round(low, 4), round(high, 4)],
                               "before_ms": [round(t) for t in times[0]], "after_ms": [round(t) for t in times[1]]}))
    shutil.rmtree(logs, ignore_errors=True)
    return 0


@dataclass
class SoakSettings:
    rates: list
    step: int
    seconds: int
    rate: int
    port: int
    paths: str
    p99_bound_ms: int = 10


def gatling_summary(port, paths, rate, seconds, name, logs, cpus, processes, warmup=10):
    """One bench/load.sh run; its --summary as a GatlingSummary."""
    summary = logs / f"{name}.json"
    load = processes.start("bench/load.sh", [str(BENCH / "load.sh"), "--url", f"http://127.0.0.1:{port}", "--paths", paths,
                                             "--rate", str(rate), "--duration", str(seconds), "--warmup", str(warmup),
                                             "--cpus", cpus, "--name", name, "--summary", str(summary)],
                           logs / "gatling.log")
    if load.process.wait() != 0:
        raise BenchFailure(f"bench/load.sh failed ({load.process.returncode}); see {logs / 'gatling.log'}")
    with open(summary, encoding="utf-8") as f:
        return GatlingSummary(**json.load(f))


GC_PAUSE = re.compile(r"^\[(?P<epoch_ms>\d+)ms\].* (?P<before>\d+)M->(?P<after>\d+)M\(\d+M\) (?P<pause>[\d.]+)ms$")


def command_soak(_args):
    """bench/soak.sh: the recommended launch (deploy/run.sh, core 0) under Gatling at a fixed rate
    (core 1): the highest rate of SOAK_RATES whose p99 stays within 10 ms with no KO, then a soak
    at it, sampling RSS every 5 s and logging GCs. Fails on a KO in the soak, the server's death,
    or another answer after it than before. Writes bench/results/soak.md."""
    settings = Settings.from_environment()
    soak = SoakSettings(rates=[int(r) for r in os.environ.get("SOAK_RATES", "1000 2000 3000 4000 5000").split()],
                        step=seconds_of("SOAK_STEP", 30), seconds=seconds_of("SOAK_SECONDS", 600),
                        rate=int(os.environ.get("SOAK_RATE", "0")), port=int(os.environ.get("SOAK_PORT", "29560")),
                        paths=os.environ.get("SOAK_PATHS", "/api/article,/api/article/metadata,/api/article/paragraphs/3"))
    out = RESULTS / "soak"
    out.mkdir(parents=True, exist_ok=True)
    gc_log = out / "gc.log"
    gc_log.unlink(missing_ok=True)
    jar = built_jar(ROOT)
    if not jar:
        print("bench/soak.sh: no jar; build it first: mvn -B package", file=sys.stderr)
        return 2
    processes = Processes()
    tmp = Path(tempfile.mkdtemp(prefix="summit-soak."))
    env = dict(os.environ, JAVA_OPTS=f"-Xlog:gc:file={gc_log}:timemillis", SUMMIT_JAR=jar, SUMMIT_APP_DIR=str(tmp / "app"))
    paths = soak.paths.split(",")
    try:
        server = processes.start_server("deploy/run.sh", [str(ROOT / "deploy" / "run.sh"), f"--server.port={soak.port}",
                                                          f"--management.server.port={soak.port + 50}"],
                                        env, soak.port, paths[0], out / "server.log")
        answers = {path: fetch(soak.port, path) for path in paths}
        settings.url = paths[0]
        for path in paths:  # its JIT warm, as a server on the internet is when load comes
            settings.url = path
            measure_together(settings, [("soak", server)], 16, 10, f"warm-up {path}", out / "wrk.log")
        rate, steps = soak.rate, []
        if not rate:
            for candidate in soak.rates:
                g = gatling_summary(soak.port, soak.paths, candidate, soak.step, f"step-{candidate}", out,
                                    settings.load_cpus, processes)
                steps.append((candidate, g))
                log(f"soak: step {candidate}/s: p99 {g.p99_ms} ms, KO {g.ko + g.warmup_ko}")
                if g.p99_ms > soak.p99_bound_ms or g.ko or g.warmup_ko:
                    break
                rate = candidate
            if not rate:
                raise BenchFailure(f"no rate kept p99 within {soak.p99_bound_ms} ms")
        rss, sampling = [], True
        start = time.time()
        log(f"soak: {rate}/s for {soak.seconds} s")
        load = processes.start("bench/load.sh", [str(BENCH / "load.sh"), "--url", f"http://127.0.0.1:{soak.port}",
                                                 "--paths", soak.paths, "--rate", str(rate), "--duration", str(soak.seconds),
                                                 "--cpus", settings.load_cpus, "--name", "soak",
                                                 "--summary", str(out / "soak.json")], out / "gatling.log")
        while sampling:
            server.require_alive()
            rss.append((time.time(), rss_kb([server.process.pid]) / 1024))
            sampling = load.alive()
            time.sleep(5)
        if load.process.returncode != 0:
            raise BenchFailure(f"bench/load.sh failed; see {out / 'gatling.log'}")
        with open(out / "soak.json", encoding="utf-8") as f:
            g = GatlingSummary(**json.load(f))
        server.require_alive()
        for path, before in answers.items():
            problems = answer_problems(before, fetch(soak.port, path), False)
            if problems:
                raise BenchFailure(f"after the soak, {path} answers otherwise: {', '.join(problems)}")
    except BenchFailure as failure:
        print(f"soak: FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        processes.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)
    pauses = []
    for line in gc_log.read_text(encoding="utf-8", errors="replace").splitlines():
        m = GC_PAUSE.match(line)
        if m:
            pauses.append((int(m["epoch_ms"]) / 1000, int(m["after"]), float(m["pause"])))
    first, end = start + 10, start + 10 + soak.seconds  # the load's warm-up comes first

    def window(t0, t1):
        peak = max((mb for t, mb in rss if t0 <= t < t1), default=None)
        after = [a for t, a, _ in pauses if t0 <= t < t1]
        return peak, (statistics.mean(after) if after else None), len(after)

    head, tail = window(first, first + 60), window(end - 60, end)
    text = "\n".join([
        f"# Soak of the recommended launch ({time.strftime('%Y-%m-%d %H:%M %Z')})", "",
        f"`bench/soak.sh`: deploy/run.sh on core 0, warmed; Gatling on core {settings.load_cpus} at {rate}/s over "
        f"{soak.paths} for {soak.seconds} s. {machine()}.", "",
        *(["Steps: " + ", ".join(f"{r}/s p99 {g.p99_ms} ms, KO {g.ko + g.warmup_ko}" for r, g in steps), ""] if steps else []),
        report.table([("rate", "r"), ("requests", "r"), ("KO", "r"), ("p50 ms", "r"), ("p99 ms", "r"), ("p99.9 ms", "r"),
                      ("max ms", "r"), ("RSS max, first / last minute, MB", "r"),
                      ("heap after GC, first / last minute, MB (GCs)", "r"), ("longest GC pause in the soak, ms", "r")],
                     [(f"{rate}/s", f"{g.requests:,}", g.ko + g.warmup_ko, g.p50_ms, g.p99_ms, g.p999_ms, g.max_ms,
                       f"{report.number(head[0])} / {report.number(tail[0])}",
                       f"{report.number(head[1], 1)} ({head[2]}) / {report.number(tail[1], 1)} ({tail[2]})",
                       report.number(max((p for t, _, p in pauses if first <= t < end), default=None), 1))]), ""])
    (RESULTS / "soak.md").write_text(text, encoding="utf-8")
    print(text)
    if g.ko or g.warmup_ko:
        print(f"soak: FAILED: {g.ko + g.warmup_ko} KO", file=sys.stderr)
        return 1
    return 0


def tools(bench):
    s = bench.settings
    found = {"java": version_of([bench.java, "-version"], (0, 2)), "nginx": version_of(["nginx", "-v"]),
             "wrk": version_of(["wrk", "-v"]), "strace": version_of(["strace", "-V"])}
    if Path(bench.java25).is_file():
        found["java25"] = version_of([bench.java25, "-version"], (0, 2))
    if hasattr(bench, "tomcat"):
        found["tomcat"] = bench.tomcat
    found["jar"] = bench.doc.get("jar", s.jar)
    return found


def raise_limit():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    commands = {"run": lambda: command_run(), "ab": lambda: command_ab(sys.argv[2:]),
                "costs": lambda: command_costs(sys.argv[2:]), "soak": lambda: command_soak(sys.argv[2:])}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return commands[sys.argv[1]]()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
