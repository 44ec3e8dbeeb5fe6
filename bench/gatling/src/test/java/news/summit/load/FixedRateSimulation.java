package news.summit.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.roundRobinSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load at a fixed arrival rate (open model): {@code rate} new virtual users a second for
 * {@code duration} seconds, each sending one GET. Arrivals do not wait for responses, so a slow
 * server makes requests queue up and shows in the latency percentiles, where a closed-loop tool
 * (wrk) would just send less.
 *
 * <p>Settings, as system properties ({@code -Dname=value}):
 * <ul>
 *   <li>{@code baseUrl}: the server (default {@code http://127.0.0.1:8080}); for https, any
 *       certificate is accepted, such as a self-signed one on loopback
 *       ({@code gatling.ssl.useInsecureTrustManager} in gatling.conf)
 *   <li>{@code rate}: requests a second (default 100)
 *   <li>{@code duration}: seconds measured (default 60)
 *   <li>{@code warmup}: seconds (1 or more) of load rising to {@code rate} before, not reported
 *       (default 10)
 *   <li>{@code paths}: comma-separated paths (default {@code /api/article/metadata})
 *   <li>{@code accepts}: comma-separated {@code Accept} values (default: no {@code Accept} header)
 *   <li>{@code gzip}: {@code false} (default: no {@code Accept-Encoding}), {@code true}
 *       ({@code Accept-Encoding: gzip}) or {@code alternate} (half of the requests each way)
 *   <li>{@code http2}: {@code true} to speak HTTP/2, negotiated by TLS (ALPN): https only
 *   <li>{@code summary}: a file for the run's figures, one JSON object (below); without it,
 *       the object is printed on a line of its own after {@code summary: }
 *   <li>{@code until}: a file whose appearance ends the run early (Gatling's stopLoadGenerator):
 *       no request starts after it, and {@code duration} is then a bound
 *   <li>{@code trace}: a file to write every measured request to at the end, one JSON object a
 *       line: {@code {"start_ms": ..., "latency_ms": ..., "ok": true}}, the start in ms since the
 *       epoch; for figures over parts of a run, such as deploy/check.sh's windows with and
 *       without a flood
 * </ul>
 *
 * <p>Successive requests cycle through every combination of path, {@code Accept} value and
 * encoding, each combination a request name of its own in the report. A request is OK when it is
 * answered within 10 s with 200 (or 304, the answer to a conditional request); any other is a KO,
 * and counts in the percentiles at the timeout, 10,000 ms, however fast it failed: a server that
 * refuses or times out never looks faster than one that answers.
 *
 * <p>Why a warm-up: Gatling's own JVM starts cold, and on one core its JIT compilers compete with
 * the load for some ten seconds: at 5,000 requests a second, the first seconds after a 5-second
 * warm-up still had 180 ms maxima, against 10 ms later on, and without any warm-up the first second
 * or two take hundreds of milliseconds at any rate, which is all of the p99 of a one-minute run.
 * The warm-up rises from 1% of the rate to the rate, so that the cold JVM is not flooded, and the
 * constant rate follows in the same injection, without a pause.
 *
 * <p>What is measured: the requests that start after the warm-up, in a histogram of this
 * simulation's own ({@code responseTimeInMillis}). The summary has their {@code requests},
 * {@code ok} and {@code ko}; {@code p50_ms}, {@code p99_ms}, {@code p999_ms} and {@code max_ms};
 * {@code rate_asked} and {@code rate_achieved} (the rate at which they really started);
 * {@code from_ms} and {@code to_ms} (when the first and the last of them started, ms since the
 * epoch, to line up with other records of the run, such as bench/hiccups.py's); and the warm-up's
 * own {@code warmup_requests} and {@code warmup_ko}, requests lost all the same. Gatling's own
 * report counts the warm-up with the rest. Not silent warm-up requests and a second scenario, as before: at the switch,
 * Gatling's first reported requests ran its statistics code cold, and on its one core that stalled
 * its arrivals for a second, which was the p99 of every row, nginx's included.
 *
 * <p>Connections are shared by all virtual users, as in a client's connection pool, rather than
 * one new TCP connection per request. But Gatling's pool has no upper bound: a request that finds
 * no idle connection opens one, so the pool grows to the most requests ever in flight and stays
 * that size. Observed on a 2-core machine, Gatling pinned to one core and the service to the other
 * (bench/load.sh --cpus 1): at 2,000 and 5,000 requests a second the arrivals kept the rate, the
 * pool settled at 143 and 300 to 600 connections, p99 was 4 and 17 to 41 ms, and Gatling used
 * about 60% of its core at 5,000/s. But when other jobs took CPU from it at 5,000/s, or at 6,500
 * and 8,000/s, the run collapsed: a stall opened hundreds of connections at once, the service's
 * listen queue overflowed, the dropped SYNs were retried only after 1 s and 3 s, more requests
 * piled up meanwhile, and the pool passed 8,000 connections, with a quarter to half of the
 * requests timing out and arrivals falling to 1,700 to 4,500/s. Latencies in steps of about 1 and
 * 3 seconds are that signature ({@code nstat TcpExtListenOverflows} counts the overflows), and
 * {@code rate_achieved} below {@code rate_asked} its sign in the summary.
 */
public class FixedRateSimulation extends Simulation {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The latency a KO counts with: the timeout, whatever ended it. */
    private static final int KO_MILLIS = (int) REQUEST_TIMEOUT.toMillis();

    private final String baseUrl = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private final double rate = Double.parseDouble(System.getProperty("rate", "100"));
    private final long duration = Long.parseLong(System.getProperty("duration", "60"));
    private final long warmup = Long.parseLong(System.getProperty("warmup", "10"));
    private final List<String> paths = list(System.getProperty("paths", "/api/article/metadata"));
    private final List<String> accepts = list(System.getProperty("accepts", ""));
    private final List<Boolean> gzips = switch (System.getProperty("gzip", "false")) {
        case "false" -> List.of(false);
        case "true" -> List.of(true);
        case "alternate" -> List.of(false, true);
        default -> throw new IllegalArgumentException("gzip must be true, false or alternate");
    };
    private final boolean http2 = Boolean.getBoolean("http2");
    private final String trace = System.getProperty("trace", "");

    private final String summary = System.getProperty("summary", "");
    private final String until = System.getProperty("until", "");

    private final AtomicLong injectionStart = new AtomicLong(Long.MAX_VALUE); // System.nanoTime()
    private final long epochMillisAtNanoZero = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    private final Tally warmupTally = new Tally();
    private final Tally measuredTally = new Tally();
    /** With {@code trace}: each measured request's start (System.nanoTime()) and ms, the timeout for a KO. */
    private final Queue<long[]> traced = new ConcurrentLinkedQueue<>();

    {
        HttpProtocolBuilder protocol = http.baseUrl(baseUrl).shareConnections();
        if (http2) {
            protocol = protocol.enableHttp2();
        }
        long warmupNanos = warmup * 1_000_000_000L;
        ChainBuilder start = exec(session -> {
            long now = System.nanoTime();
            injectionStart.accumulateAndGet(now, Math::min);
            return session.set("start", now);
        });
        ChainBuilder record = exec(session -> {
            long started = session.getLong("start");
            boolean ok = !session.isFailed() && session.contains("ms");
            int ms = ok ? Math.min(session.getInt("ms"), KO_MILLIS) : KO_MILLIS;
            if (started - injectionStart.get() < warmupNanos) {
                warmupTally.add(started, ok, ms);
                return session;
            }
            measuredTally.add(started, ok, ms);
            if (!trace.isEmpty()) {
                traced.add(new long[] {started, ms, ok ? 1 : 0});
            }
            return session;
        });

        ChainBuilder stop = stopLoadGeneratorIf("the file " + until + " exists",
                session -> !until.isEmpty() && Files.exists(Path.of(until)));
        setUp(scenario("fixed rate").exec(stop, start, cycle(), record)
                .injectOpen(rampUsersPerSec(rate / 100).to(rate).during(warmup),
                        constantUsersPerSec(rate).during(duration)))
                .protocols(protocol);
    }

    @Override
    public void after() {
        if (!trace.isEmpty()) {
            writeTrace();
        }
        Tally m = measuredTally;
        boolean any = m.requests() > 0;
        double seconds = (m.lastStart.get() - m.firstStart.get()) / 1e9;
        double achieved = (m.requests() > 1 && seconds > 0) ? (m.requests() - 1) / seconds : 0.0;
        String json = String.format(Locale.ROOT, "{\"requests\": %d, \"ok\": %d, \"ko\": %d, "
                + "\"warmup_requests\": %d, \"warmup_ko\": %d, \"rate_asked\": %s, \"rate_achieved\": %.1f, "
                + "\"p50_ms\": %d, \"p99_ms\": %d, \"p999_ms\": %d, \"max_ms\": %d, \"from_ms\": %d, "
                + "\"to_ms\": %d}%n", m.requests(), m.ok(), m.ko.get(), warmupTally.requests(), warmupTally.ko.get(),
                rate, achieved, m.percentile(0.5), m.percentile(0.99), m.percentile(0.999), m.percentile(1.0),
                any ? epochMillis(m.firstStart.get()) : 0, any ? epochMillis(m.lastStart.get()) : 0);
        if (summary.isEmpty()) {
            System.out.print("summary: " + json);
        }
        else {
            write(summary, json);
        }
    }

    private long epochMillis(long nanoTime) {
        return this.epochMillisAtNanoZero + nanoTime / 1_000_000;
    }

    private void writeTrace() {
        StringBuilder lines = new StringBuilder();
        for (long[] request : traced) {
            lines.append(String.format(Locale.ROOT, "{\"start_ms\": %d, \"latency_ms\": %d, \"ok\": %b}%n",
                    epochMillis(request[0]), request[1], request[2] == 1));
        }
        write(trace, lines.toString());
    }

    private static void write(String file, String text) {
        try {
            Files.writeString(Path.of(file), text);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The requests that started in one part of the run (warm-up or measured): how many, their
     * latencies by whole milliseconds, a KO in the last slot (the timeout), so that a server that
     * times out never looks faster than one that answers.
     */
    private static final class Tally {

        private final AtomicLongArray histogram = new AtomicLongArray(KO_MILLIS + 1);
        private final AtomicLong ko = new AtomicLong();
        private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE); // System.nanoTime()
        private final AtomicLong lastStart = new AtomicLong(Long.MIN_VALUE);

        void add(long started, boolean ok, int ms) {
            histogram.incrementAndGet(ms);
            if (!ok) {
                ko.incrementAndGet();
            }
            firstStart.accumulateAndGet(started, Math::min);
            lastStart.accumulateAndGet(started, Math::max);
        }

        long requests() {
            long requests = 0;
            for (int ms = 0; ms < histogram.length(); ms++) {
                requests += histogram.get(ms);
            }
            return requests;
        }

        long ok() {
            return requests() - ko.get();
        }

        /** The latency at or under which the given fraction of the requests were answered, ms. */
        int percentile(double fraction) {
            long rank = Math.max(1, (long) Math.ceil(fraction * requests()));
            long seen = 0;
            for (int ms = 0; ms < histogram.length(); ms++) {
                seen += histogram.get(ms);
                if (seen >= rank) {
                    return ms;
                }
            }
            return 0;
        }

    }

    /** One request a user, in turn for every combination of path, Accept value and encoding. */
    private ChainBuilder cycle() {
        List<ChainBuilder> requests = new ArrayList<>();
        for (String path : paths) {
            for (String accept : accepts.isEmpty() ? Arrays.asList((String) null) : accepts) {
                for (boolean gzip : gzips) {
                    HttpRequestActionBuilder request = request(path, accept, gzip);
                    requests.add(exec(request));
                }
            }
        }
        return requests.size() == 1 ? requests.get(0) : roundRobinSwitch().on(requests); // it needs two
    }

    private static HttpRequestActionBuilder request(String path, String accept, boolean gzip) {
        String name = path + (accept == null ? "" : " " + accept) + (gzip ? " gzip" : "");
        HttpRequestActionBuilder request = http(name).get(path)
                .requestTimeout(REQUEST_TIMEOUT)
                .check(status().in(200, 304), responseTimeInMillis().saveAs("ms"));
        if (accept != null) {
            request = request.header("Accept", accept);
        }
        return gzip ? request.header("Accept-Encoding", "gzip") : request;
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
