#!/usr/bin/env python3
"""systemctl for a machine whose PID 1 is not systemd, such as CI's container.

deploy/check.sh puts it first on PATH as `systemctl`, so that it runs the runbook's commands
(docs/operations.md) as they are written. It reads the installed unit files as systemd does
(/etc/systemd/system, then /lib/systemd/system; a template for an instance; drop-ins in
<unit>.d/ and <template>.d/) and starts each unit's processes as the unit says:

- Type=exec or simple: ExecStart under a supervisor of its own, which waits for it and records
  how it ended (its exit code, or the signal that ended it, and the status the shell's `wait`
  would give: 143 after SIGTERM, 137 after SIGKILL), then starts it again as Restart= and
  RestartSec= say, unless it is being stopped.
- Type=forking: ExecStartPre and ExecStart, which leaves a daemon; its PID from PIDFile=.
- User=, Group= (with the user's groups), Environment=, EnvironmentFile= (a file's settings win,
  as in systemd), a clean environment otherwise (PATH, HOME, USER, LOGNAME, SHELL),
  WorkingDirectory= (/ by default), LimitNOFILE=, CacheDirectory= (created, owned by the user,
  $CACHE_DIRECTORY set), the specifiers %i %I %n %N %p %%.
- Stopping: KillSignal= (SIGTERM by default) to the main process's session, SIGKILL after
  TimeoutStopSec=; ExecStop= first for a forking unit. ExecReload= for reload.

Not emulated, and said so in the unit's log at each start: resource control (MemoryMax=),
sandboxing (ProtectSystem=, PrivateTmp=, NoNewPrivileges=...), StartLimit*, ordering and
dependencies. `systemd-analyze verify` checks the unit file itself.

Verbs: daemon-reload, enable [--now], disable [--now], start, stop, restart, reload,
reload-or-restart, is-active. State, a log per unit (what the journal would hold) and
events.jsonl (one JSON object per start, signal and exit) are in $UNITCTL_STATE
(default /run/unitctl).
"""

import json
import os
import pwd
import grp
import resource
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

UNIT_PATHS = [Path("/etc/systemd/system"), Path("/run/systemd/system"), Path("/lib/systemd/system"),
              Path("/usr/lib/systemd/system")]
LIST_SETTINGS = {"Environment", "EnvironmentFile", "ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload",
                 "ExecStop", "ExecStopPost", "SuccessExitStatus", "CacheDirectory"}
EMULATED = LIST_SETTINGS | {"Type", "User", "Group", "WorkingDirectory", "LimitNOFILE", "Restart", "RestartSec",
                            "KillSignal", "TimeoutStopSec", "PIDFile", "Description", "Documentation",
                            "WantedBy", "After", "Wants", "Requires", "Before"}
STATE = Path(os.environ.get("UNITCTL_STATE", "/run/unitctl"))
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class UnitError(Exception):
    pass


@dataclass
class Unit:
    name: str
    settings: dict = field(default_factory=dict)  # "Section.Key" -> list of values, in order

    def get(self, key, default=None):
        values = self.settings.get(key)
        return values[-1] if values else default

    def all(self, key):
        return self.settings.get(key, [])

    @property
    def service(self):
        return {k.split(".", 1)[1]: v for k, v in self.settings.items() if k.startswith("Service.")}


def find_unit(name):
    """The unit's file and drop-ins, as systemd looks them up (the first unit file found wins)."""
    if "." not in name:
        name += ".service"
    stem, suffix = name.rsplit(".", 1)
    template = f"{stem.split('@', 1)[0]}@.{suffix}" if "@" in stem else None
    candidates = [name] + ([template] if template else [])
    unit_file = None
    for directory in UNIT_PATHS:
        for candidate in candidates:
            if (directory / candidate).is_file():
                unit_file = directory / candidate
                break
        if unit_file:
            break
    if unit_file is None:
        raise UnitError(f"Unit {name} not found.")
    dropins = {}
    for directory in reversed(UNIT_PATHS):  # /etc last: it wins for files of the same name
        for candidate in candidates:
            for conf in sorted((directory / f"{candidate}.d").glob("*.conf")):
                dropins[conf.name] = conf
    return name, unit_file, [dropins[n] for n in sorted(dropins)]


def specifiers(text, name):
    stem = name.rsplit(".", 1)[0]
    prefix, _, instance = stem.partition("@")
    values = {"i": instance, "I": instance, "n": name, "N": stem, "p": prefix, "%": "%"}
    out, i = [], 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text):
            spec = text[i + 1]
            if spec not in values:
                raise UnitError(f"{name}: specifier %{spec} is not emulated")
            out.append(values[spec])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def load(name):
    name, unit_file, dropins = find_unit(name)
    unit = Unit(name)
    for path in [unit_file] + dropins:
        section = None
        pending = ""
        for raw in path.read_text().splitlines():
            line = pending + raw.strip()
            pending = ""
            if line.endswith("\\"):
                pending = line[:-1] + " "
                continue
            if not line or line[0] in "#;":
                continue
            if line.startswith("["):
                section = line.strip("[]")
                continue
            key, _, value = line.partition("=")
            key = f"{section}.{key.strip()}"
            value = specifiers(value.strip(), name)
            if key.split(".", 1)[1] in LIST_SETTINGS:
                if value == "":
                    unit.settings[key] = []  # an empty assignment resets the list, as in systemd
                else:
                    unit.settings.setdefault(key, []).append(value)
            else:
                unit.settings[key] = [value]
    return unit


def environment(unit):
    env = {"PATH": DEFAULT_PATH}
    user = unit.get("Service.User")
    if user:
        entry = pwd.getpwnam(user)
        env.update(HOME=entry.pw_dir, USER=user, LOGNAME=user, SHELL=entry.pw_shell)
    for directory in cache_directories(unit):
        env["CACHE_DIRECTORY"] = str(directory)
    for assignment in unit.all("Service.Environment"):
        for word in shlex.split(assignment):
            key, _, value = word.partition("=")
            env[key] = value
    for file in unit.all("Service.EnvironmentFile"):
        optional = file.startswith("-")
        path = Path(file.lstrip("-"))
        if not path.is_file():
            if optional:
                continue
            raise UnitError(f"{unit.name}: EnvironmentFile {path} not found")
        for line in path.read_text().splitlines():
            line = line.strip()
            if line and line[0] not in "#;":
                key, _, value = line.partition("=")
                words = shlex.split(value) if value.strip() else [""]
                env[key.strip()] = " ".join(words)
    return env


def cache_directories(unit):
    return [Path("/var/cache") / d for value in unit.all("Service.CacheDirectory") for d in value.split()]


def command(unit, line, env):
    """An Exec line's words, its leading '-' (failure ignored) apart; ${NAME} expanded from env."""
    ignore = line.startswith("-")
    line = line.lstrip("-")
    if line[:1] in "@+!:":
        raise UnitError(f"{unit.name}: the prefix {line[0]} of an Exec line is not emulated")
    words = []
    for word in shlex.split(line):
        for key, value in env.items():
            word = word.replace("${" + key + "}", value)
        words.append(word)
    return ignore, words


def credentials(unit):
    user = unit.get("Service.User")
    group = unit.get("Service.Group")
    if not user:
        return None
    entry = pwd.getpwnam(user)
    gid = grp.getgrnam(group).gr_gid if group else entry.pw_gid
    return user, entry.pw_uid, gid


def preexec(unit):
    ids = credentials(unit)
    nofile = file_limit(unit)
    workdir = unit.get("Service.WorkingDirectory", "/")

    def setup():
        os.setsid()
        os.umask(0o022)
        if nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, nofile)
        if ids:
            user, uid, gid = ids
            os.setgid(gid)
            os.initgroups(user, gid)
            os.setuid(uid)
        os.chdir(workdir.lstrip("-~") or "/")

    return setup


def file_limit(unit):
    """LimitNOFILE= as (soft, hard); within this process's own hard limit, which a container
    without CAP_SYS_RESOURCE cannot raise (systemd, as PID 1, could): said in the unit's log."""
    value = unit.get("Service.LimitNOFILE")
    if not value:
        return None
    soft, _, hard = value.partition(":")
    soft, hard = int(soft), int(hard or soft)
    ceiling = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard > ceiling:
        with log_file(unit.name) as log:
            log.write(f"unitctl: {unit.name}: LimitNOFILE={value} is above this host's hard limit,"
                      f" {ceiling}, which only systemd could raise: {ceiling}\n".encode())
    return min(soft, ceiling), min(hard, ceiling)


def state_file(name):
    return STATE / f"{name}.json"


def read_state(name):
    try:
        return json.loads(state_file(name).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def write_state(name, **values):
    state = read_state(name)
    state.update(values)
    tmp = state_file(name).with_suffix(".tmp")
    tmp.write_text(json.dumps(state))
    tmp.replace(state_file(name))


def event(name, kind, **values):
    with open(STATE / "events.jsonl", "a") as out:
        out.write(json.dumps({"time": time.time(), "unit": name, "event": kind, **values}) + "\n")


def alive(pid):
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie is not running
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def log_file(name):
    return open(STATE / f"{name}.log", "ab")


def not_emulated(unit):
    ignored = sorted({k.split(".", 1)[1] for k in unit.settings} - EMULATED)
    return f"unitctl: {unit.name}: not emulated: {', '.join(ignored)}\n".encode() if ignored else b""


def prepare(unit):
    ids = credentials(unit)
    for directory in cache_directories(unit):
        directory.mkdir(parents=True, exist_ok=True)
        if ids:
            os.chown(directory, ids[1], ids[2])


def seconds(value, default):
    if value is None:
        return default
    value = value.strip()
    for suffix, factor in (("ms", 0.001), ("min", 60), ("s", 1)):
        if value.endswith(suffix):
            return float(value[: -len(suffix)]) * factor
    return float(value)


def exit_status(returncode):
    """How a process ended: its exit code, or the signal that ended it, and the shell's `wait` status."""
    if returncode < 0:
        return {"signal": signal.Signals(-returncode).name, "status": 128 - returncode}
    return {"exit_code": returncode, "status": returncode}


def supervise(name):
    """The life of a Type=exec or simple unit's main process, run detached by `start`."""
    unit = load(name)
    kill_signal = signal.Signals[unit.get("Service.KillSignal", "SIGTERM")]
    timeout = seconds(unit.get("Service.TimeoutStopSec"), 90)
    stopping = None  # when the stop began
    child = None

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = time.time()
        if child and child.returncode is None:
            event(name, "signal", pid=child.pid, signal=kill_signal.name)
            os.killpg(child.pid, kill_signal)

    signal.signal(signal.SIGTERM, stop)
    restart = unit.get("Service.Restart", "no")
    success = {int(s) for v in unit.all("Service.SuccessExitStatus") for s in v.split() if s.isdigit()} | {0}
    while stopping is None:
        env = environment(unit)
        _ignore, words = command(unit, unit.get("Service.ExecStart"), env)
        with log_file(name) as log:
            log.write(not_emulated(unit))
            log.flush()
            child = subprocess.Popen(words, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                     preexec_fn=preexec(unit))
        write_state(name, main_pid=child.pid)
        event(name, "started", pid=child.pid, command=words)
        killed = False
        while True:
            try:
                returncode = child.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                if stopping is not None and not killed and time.time() > stopping + timeout:
                    event(name, "signal", pid=child.pid, signal="SIGKILL", reason="TimeoutStopSec")
                    os.killpg(child.pid, signal.SIGKILL)
                    killed = True
        ended = exit_status(returncode)
        event(name, "exited", pid=child.pid, **ended)
        write_state(name, main_pid=None)
        clean = ended.get("exit_code") in success or ended.get("signal") in {"SIGTERM", "SIGHUP", "SIGINT", "SIGPIPE"}
        if stopping is not None or restart == "no" or (restart == "on-failure" and clean):
            break
        pause = seconds(unit.get("Service.RestartSec"), 0.1)
        event(name, "restarting", after_seconds=pause)
        deadline = time.time() + pause
        while stopping is None and time.time() < deadline:
            time.sleep(0.05)
    write_state(name, supervisor=None)


def start(name):
    unit = load(name)
    name = unit.name
    if is_active(name):
        return
    prepare(unit)
    kind = unit.get("Service.Type", "simple")
    if kind in ("exec", "simple"):
        if not unit.get("Service.ExecStart"):
            raise UnitError(f"{name}: no ExecStart")
        state_file(name).unlink(missing_ok=True)
        with log_file(name) as log:  # the supervisor's own errors, if any, beside the unit's output
            supervisor = subprocess.Popen([sys.executable, __file__, "_supervise", name], start_new_session=True,
                                          stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        write_state(name, supervisor=supervisor.pid)
        deadline = time.time() + 10
        while not read_state(name).get("main_pid"):
            if supervisor.poll() is not None or time.time() > deadline:
                raise UnitError(f"{name}: its process did not start; see {STATE / (name + '.log')}")
            time.sleep(0.05)
    elif kind == "forking":
        env = environment(unit)
        for key in ("Service.ExecStartPre", "Service.ExecStart"):
            for line in unit.all(key):
                run(unit, line, env)
        pid_file = Path(unit.get("Service.PIDFile"))
        deadline = time.time() + 10
        while not pid_file.is_file() and time.time() < deadline:
            time.sleep(0.05)
        pid = int(pid_file.read_text().strip())
        write_state(name, main_pid=pid)
        event(name, "started", pid=pid)
    else:
        raise UnitError(f"{name}: Type={kind} is not emulated")


def run(unit, line, env):
    ignore, words = command(unit, line, env)
    with log_file(unit.name) as log:
        result = subprocess.run(words, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                preexec_fn=preexec(unit))
    if result.returncode and not ignore:
        raise UnitError(f"{unit.name}: {' '.join(words)} exited {result.returncode}; "
                        f"see {STATE / (unit.name + '.log')}")


def stop(name):
    unit = load(name)
    name = unit.name
    state = read_state(name)
    supervisor = state.get("supervisor")
    if supervisor and alive(supervisor):
        os.kill(supervisor, signal.SIGTERM)
        deadline = time.time() + seconds(unit.get("Service.TimeoutStopSec"), 90) + 10
        while alive(supervisor):
            if time.time() > deadline:
                raise UnitError(f"{name}: its supervisor did not end")
            time.sleep(0.05)
        return
    pid = state.get("main_pid")
    if not alive(pid):
        return
    env = environment(unit)
    for line in unit.all("Service.ExecStop"):
        run(unit, line, env)
    deadline = time.time() + seconds(unit.get("Service.TimeoutStopSec"), 90)
    if alive(pid):
        os.kill(pid, signal.Signals[unit.get("Service.KillSignal", "SIGTERM")])
    while alive(pid) and time.time() < deadline:
        time.sleep(0.05)
    if alive(pid):
        os.kill(pid, signal.SIGKILL)
    event(name, "stopped", pid=pid)
    write_state(name, main_pid=None)


def reload(name):
    unit = load(name)
    if not is_active(unit.name):
        raise UnitError(f"{unit.name} is not active, cannot reload.")
    env = environment(unit)
    lines = unit.all("Service.ExecReload")
    if not lines:
        raise UnitError(f"{unit.name}: no ExecReload")
    for line in lines:
        run(unit, line, env)
    event(unit.name, "reloaded")


def is_active(name):
    name = find_unit(name)[0]
    state = read_state(name)
    return alive(state.get("supervisor")) or alive(state.get("main_pid"))


def main(argv):
    STATE.mkdir(parents=True, exist_ok=True)
    if argv[:1] == ["_supervise"]:
        supervise(argv[1])
        return 0
    args = [a for a in argv if not a.startswith("-")]
    flags = [a for a in argv if a.startswith("-")]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    verb, units = args[0], args[1:]
    if verb == "daemon-reload":
        return 0
    if verb in ("enable", "disable"):  # at boot there is none here; --now acts at once
        if "--now" in flags:
            for unit in units:
                (start if verb == "enable" else stop)(unit)
        return 0
    if verb == "is-active":
        active = all(is_active(unit) for unit in units)
        print("active" if active else "inactive")
        return 0 if active else 3
    if verb not in VERBS:
        print(f"unitctl: {' '.join(argv)}: not emulated", file=sys.stderr)
        return 2
    for unit in units:
        VERBS[verb](unit)
    return 0


def restart(name):
    stop(name)
    start(name)


def reload_or_restart(name):
    (reload if is_active(name) else start)(name)


VERBS = {"start": start, "stop": stop, "restart": restart, "reload": reload, "reload-or-restart": reload_or_restart}


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except UnitError as error:
        print(f"unitctl: {error}", file=sys.stderr)
        sys.exit(1)
