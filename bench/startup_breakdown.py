#!/usr/bin/env python3
"""Where a start goes: the service's against a stock Spring Boot app's (bench/stock), step by step.

    bench/startup-breakdown.sh [--runs 3] [--java JAVA_HOME] [--out FILE]

Each application is extracted from its jar (-Djarmode=tools extract) and started by
bench/StartupSteps.java, on its own classpath, with Spring's BufferingApplicationStartup and
-Xlog:class+load, one at a time, alternating, RUNS times each. For each it reports (medians over
the runs): the JVM's uptime when the start ended, the classes loaded (and how many came from a
CDS/AOT archive), the time in each of Spring Boot's phases, and the beans whose creation took
longest (their own time, less the beans they created inside it), grouped by where they come from
(an auto-configuration of Spring Boot, springdoc, Micrometer, the service's own code...). Writes
bench/results/startup-breakdown.md and .json; exits non-zero when an application fails to start.
"""
import argparse
import collections
import dataclasses
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
STOCK_METADATA = {"title": "t", "language": "en", "paragraphCount": 1, "wordCount": 1, "characterCount": 1,
                  "readingTimeMinutes": 1, "sha256": "0", "source": "summit.txt"}


@dataclasses.dataclass
class Step:
    id: int
    parent: int | None
    name: str
    micros: int
    tags: dict


@dataclasses.dataclass
class Run:
    app: str
    started_ms: int
    classes_loaded: int
    classes_from_archive: int
    phases_ms: dict
    bean_self_ms: dict      # bean name -> its own creation time, ms
    bean_origin: dict       # bean name -> where it comes from


class Failure(Exception):
    pass


def extract(jar, into):
    subprocess.run(["java", "-Djarmode=tools", "-jar", str(jar), "extract", "--destination", str(into)], check=True,
                   stdout=subprocess.DEVNULL)
    thin = into / jar.name
    with zipfile.ZipFile(jar) as z:
        manifest = z.read("META-INF/MANIFEST.MF").decode()
    start_class = re.search(r"^Start-Class: (\S+)", manifest, re.MULTILINE).group(1)
    classpath = f"{thin}:{into / 'lib'}/*"
    subprocess.run(["javac", "-nowarn", "-cp", classpath, "-d", str(into / "probe"), str(BENCH / "StartupSteps.java")],
                   check=True)
    return start_class, f"{into / 'probe'}:{classpath}"


def origin(bean_type, factory_type):
    """Where a bean comes from: the auto-configuration (or configuration class) that defines it, else its own class."""
    defined_by = factory_type if factory_type != "-" else bean_type
    defined_by = defined_by.split("$")[0]
    if defined_by.startswith("news.summit"):
        return "the application: " + defined_by.rsplit(".", 1)[-1]
    if "springdoc" in defined_by:
        return "springdoc: " + defined_by.rsplit(".", 1)[-1]
    if "AutoConfiguration" in defined_by or "Configuration" in defined_by:
        return "auto-configuration: " + defined_by.rsplit(".", 1)[-1]
    return "framework: " + defined_by.rsplit(".", 1)[-1]


def run_once(app, java, start_class, classpath, workdir, arguments):
    log = workdir / "classes.log"
    command = [str(java), f"-Xlog:class+load=info:file={log}", "-cp", classpath, "StartupSteps", start_class,
               "--server.port=0", "--management.server.port=0", "--spring.main.banner-mode=off",
               "--logging.level.root=warn", *arguments]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=workdir)
    if result.returncode != 0 or "started\t" not in result.stdout:
        raise Failure(f"{app} did not start ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    steps, started, defined = [], 0, {}
    for line in result.stdout.splitlines():
        fields = line.split("\t")
        if fields[0] == "bean":
            defined[fields[1]] = origin(fields[2], fields[3])
        elif fields[0] == "step":
            tags = dict(field.split("=", 1) for field in fields[5:] if "=" in field)
            parent = int(fields[2]) if fields[2] not in ("null", "") else None
            steps.append(Step(int(fields[1]), parent, fields[3], int(fields[4]), tags))
        elif fields[0] == "started":
            started = int(fields[1])
    loaded = log.read_text(errors="replace").splitlines()
    from_archive = sum(1 for line in loaded if "shared objects file" in line or "source: shared" in line)
    return summarize(app, steps, defined, started, len(loaded), from_archive)


def summarize(app, steps, defined, started, loaded, from_archive):
    children = collections.defaultdict(int)
    for step in steps:
        if step.parent is not None:
            children[step.parent] += step.micros
    phases = collections.defaultdict(float)
    bean_self, bean_origin = collections.defaultdict(float), {}
    for step in steps:
        if step.parent is None:
            phases[step.name] += step.micros / 1000
        if step.name == "spring.beans.instantiate":
            bean = step.tags.get("beanName", "?")
            bean_self[bean] += max(0, step.micros - children[step.id]) / 1000
            bean_origin[bean] = defined.get(bean, "framework: " + bean)
    return Run(app, started, loaded, from_archive, dict(phases), dict(bean_self), bean_origin)


def median_of(runs, key):
    return statistics.median(key(run) for run in runs)


def report(by_app, top):
    apps = list(by_app)
    lines = ["| | " + " | ".join(apps) + " |", "|---|" + "--:|" * len(apps)]
    lines.append("| JVM uptime when the start ended, ms | " + " | ".join(
        f"{median_of(by_app[a], lambda r: r.started_ms):,.0f}" for a in apps) + " |")
    lines.append("| classes loaded (from a CDS/AOT archive) | " + " | ".join(
        f"{median_of(by_app[a], lambda r: r.classes_loaded):,.0f} ({median_of(by_app[a], lambda r: r.classes_from_archive):,.0f})"
        for a in apps) + " |")
    phases = sorted({p for a in apps for r in by_app[a] for p in r.phases_ms})
    for phase in phases:
        lines.append(f"| {phase}, ms | " + " | ".join(
            f"{median_of(by_app[a], lambda r: r.phases_ms.get(phase, 0)):,.0f}" for a in apps) + " |")
    def group_ms(run, group):
        return sum(t for b, t in run.bean_self_ms.items() if run.bean_origin[b] == group)
    groups = {o for a in apps for r in by_app[a] for o in r.bean_origin.values()}
    ranked = sorted(groups, key=lambda g: -max(median_of(by_app[a], lambda r: group_ms(r, g)) for a in apps))
    lines += ["", f"The beans' own creation time by what defines them, the {top} largest (medians, ms):", "",
              "| defined by | " + " | ".join(apps) + " |", "|---|" + "--:|" * len(apps)]
    for group in ranked[:top]:
        lines.append(f"| {group} | " + " | ".join(
            f"{median_of(by_app[a], lambda r: group_ms(r, group)):,.0f}" for a in apps) + " |")
    for app in apps:
        beans = collections.defaultdict(list)
        for run in by_app[app]:
            for bean, ms in run.bean_self_ms.items():
                beans[bean].append(ms)
        ranked = sorted(beans.items(), key=lambda kv: -statistics.median(kv[1]))[:top]
        lines += ["", f"The {top} beans of {app} whose own creation took longest (medians, ms):", "",
                  "| bean | from | ms |", "|---|---|--:|"]
        lines += [f"| `{bean}` | {by_app[app][0].bean_origin.get(bean, '?')} | {statistics.median(ms):,.1f} |"
                  for bean, ms in ranked]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--java", default=os.environ.get("JAVA_HOME", ""))
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "startup-breakdown.md")
    args = parser.parse_args()
    java = Path(args.java) / "bin" / "java" if args.java else Path(shutil.which("java"))
    service = sorted(ROOT.glob("target/summit-article-api-*.jar"))
    if not service:
        sys.exit("bench/startup-breakdown.sh: no jar in target/; build it first: mvn -B -DskipTests package")
    stock = sorted((BENCH / "stock" / "target").glob("summit-bench-stock-*.jar"))
    if not stock:
        subprocess.run(["mvn", "-q", "-B", "-f", str(BENCH / "stock" / "pom.xml"), "package"], check=True)
        stock = sorted((BENCH / "stock" / "target").glob("summit-bench-stock-*.jar"))
    with tempfile.TemporaryDirectory(prefix="summit-startup-") as tmp:
        tmp = Path(tmp)
        metadata = tmp / "metadata.json"
        metadata.write_text(json.dumps(STOCK_METADATA))
        apps = {"service": (service[-1], []), "stock": (stock[-1], [f"--stock.metadata={metadata}"])}
        prepared = {}
        for app, (jar, arguments) in apps.items():
            start_class, classpath = extract(jar, tmp / app)
            prepared[app] = (start_class, classpath, tmp / app, arguments)
        by_app = {app: [] for app in apps}
        try:
            for _ in range(args.runs):
                for app, (start_class, classpath, workdir, arguments) in prepared.items():
                    by_app[app].append(run_once(app, java, start_class, classpath, workdir, arguments))
        except Failure as failure:
            sys.exit(f"bench/startup-breakdown.sh: {failure}")
    version = subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    table = (f"Starts alternated, {args.runs} of each, medians; {version}; "
             f"`bench/startup-breakdown.sh --runs {args.runs}`.\n\n" + report(by_app, args.top))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table)
    args.out.with_suffix(".json").write_text(json.dumps({a: [dataclasses.asdict(r) for r in runs]
                                                         for a, runs in by_app.items()}, indent=1))
    print(table)


if __name__ == "__main__":
    main()
