"""Where a request's CPU goes, from JFR execution samples (bench/results/profiles/*.jfr).

  jfr print --events jdk.ExecutionSample --stack-depth 120 X.jfr > X.txt
  python3 bench/profile-breakdown.py X.txt...

A sample inside one of Tomcat's phases (writing the head, writing the body, reading the request,
recycling) counts for that phase, whoever called it; any other sample counts for the first of
the application's or Spring's frames from the leaf up (its own code), else for Tomcat's rest.
"""
import collections
import re
import sys

PHASES = [
    ("Tomcat: writing the response head (each header encoded)", r"org\.apache\.coyote\.http11\.Http11Processor\.prepareResponse"),
    ("Tomcat: writing the body, flushing to the socket", r"org\.apache\.catalina\.connector\.OutputBuffer\.(close|flush|doFlush|realWriteBytes)|org\.apache\.coyote\.http11\.Http11OutputBuffer\.(end|flushBuffer)"),
    ("Tomcat: reading and parsing the request", r"org\.apache\.coyote\.http11\.Http11InputBuffer\.|org\.apache\.catalina\.connector\.CoyoteAdapter\.postParseRequest|org\.apache\.coyote\.AbstractProcessor\.parseHost"),
    ("Tomcat: recycling the request and response", r".*\.recycle$"),
]
OWNERS = [
    ("negotiation (Accept, Accept-Encoding, If-None-Match)", r"news\.summit\.web\.(MediaTypeNegotiation|ContentCoding|Preconditions)"),
    ("setting headers (the servlet API, or as bytes: EncodedHeaders)", r"org\.apache\.catalina\.connector\.(Response|ResponseFacade)\.(addHeader|setHeader|setStatus|setContentType|setContentLength)|news\.summit\.web\.EncodedHeaders\.addTo"),
    ("the fast path's own code (route lookup, attributes, writer)", r"news\.summit\.web\.(RenderedResourcesFilter|NegotiatedResource|Representation)"),
    ("security and CORS headers filter", r"news\.summit\.web\.ResponseHeadersFilter"),
    ("metrics (RequestMetricsFilter, Micrometer)", r"news\.summit\.web\.RequestMetricsFilter|io\.micrometer"),
    ("Spring's filters, OncePerRequestFilter, the filter chain", r"org\.springframework|org\.apache\.catalina\.core\.ApplicationFilterChain"),
]
REST = "Tomcat: valves, container, processor loop, poller; the JVM"

for path in sys.argv[1:]:
    events = open(path).read().split("jdk.ExecutionSample")
    stacks = [s for s in (re.findall(r"^\s+([\w.$<>]+)\(", e, flags=re.M) for e in events) if s]
    counts = collections.Counter()
    for stack in stacks:
        phase = next((name for name, rx in PHASES if any(re.match(rx, f) for f in stack)), None)
        if phase is None:
            phase = next((name for f in stack for name, rx in OWNERS if re.match(rx, f)), REST)
        counts[phase] += 1
    print(f"{path}: {len(stacks)} samples")
    for name, _ in PHASES + OWNERS + [(REST, None)]:
        print(f"  {counts[name] * 100 / len(stacks):5.1f} %  {name}")
