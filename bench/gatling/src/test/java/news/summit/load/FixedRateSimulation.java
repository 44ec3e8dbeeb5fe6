package news.summit.load;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.roundRobinSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.PrintWriter;
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
 *   <li>{@code trace}: a file to write every measured request to at the end, a line each:
 *       when it started (ms since the epoch) and its latency in ms, or {@code KO}; for figures
 *       over parts of a run, such as deploy/check.sh's windows with and without a flood
 * </ul>
 *
 * <p>Successive requests cycle through every combination of path, {@code Accept} value and
 * encoding, each combination a request name of its own in the report. A request is OK when it is
 * answered within 10 s with 200 (or 304, the answer to a conditional request).
 *
 * <p>Why a warm-up: Gatling's own JVM starts cold, and on one core its JIT compilers compete with
 * the load for some ten seconds: at 5,000 requests a second, the first seconds after a 5-second
 * warm-up still had 180 ms maxima, against 10 ms later on, and without any warm-up the first second
 * or two take hundreds of milliseconds at any rate, which is all of the p99 of a one-minute run.
 * The warm-up rises from 1% of the rate to the rate, so that the cold JVM is not flooded, and the
 * constant rate follows in the same injection, without a pause.
 *
 * <p>What is measured: the requests that start after the warm-up, in a histogram of this
 * simulation's own ({@code responseTimeInMillis}), printed at the end as
 * {@code measured: requests=N ok=N ko=N p50=MS p99=MS p999=MS max=MS}. Gatling's own report counts
 * the warm-up too. Not silent warm-up requests and a second scenario, as before: at the switch,
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
 * 3 seconds are that signature ({@code nstat TcpExtListenOverflows} counts the overflows). At the
 * end, the simulation prints the rate at which the measured requests really started, to compare
 * with the one asked, and when the first and the last of them started (ms since the epoch, to
 * line up with other records of the run, such as bench/hiccups.py's):
 * {@code arrivals: N in S s, rate=R/s, from=MS to=MS}.
 */
public class FixedRateSimulation extends Simulation {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

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

    private final AtomicLong arrivals = new AtomicLong();
    private final AtomicLong firstArrival = new AtomicLong(Long.MAX_VALUE); // System.nanoTime()
    private final AtomicLong lastArrival = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong injectionStart = new AtomicLong(Long.MAX_VALUE);
    private final long epochMillisAtNanoZero = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    /** Measured requests by whole milliseconds (the last slot: the request timeout or longer). */
    private final AtomicLongArray histogram = new AtomicLongArray((int) REQUEST_TIMEOUT.toMillis() + 1);
    private final AtomicLong failures = new AtomicLong();
    /** With {@code trace}: each measured request's start (System.nanoTime()) and ms, -1 for a KO. */
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
            if (started - injectionStart.get() < warmupNanos) {
                return session;
            }
            arrivals.incrementAndGet();
            firstArrival.accumulateAndGet(started, Math::min);
            lastArrival.accumulateAndGet(started, Math::max);
            boolean ok = !session.isFailed() && session.contains("ms");
            if (ok) {
                histogram.incrementAndGet(Math.min(session.getInt("ms"), histogram.length() - 1));
            } else {
                failures.incrementAndGet();
            }
            if (!trace.isEmpty()) {
                traced.add(new long[] {started, ok ? session.getInt("ms") : -1});
            }
            return session;
        });

        setUp(scenario("fixed rate").exec(start, cycle(), record)
                .injectOpen(rampUsersPerSec(rate / 100).to(rate).during(warmup),
                        constantUsersPerSec(rate).during(duration)))
                .protocols(protocol);
    }

    @Override
    public void after() {
        if (!trace.isEmpty()) {
            writeTrace();
        }
        double seconds = (lastArrival.get() - firstArrival.get()) / 1e9;
        System.out.printf(Locale.ROOT, "arrivals: %d in %.3f s, rate=%.1f/s, from=%d to=%d%n",
                arrivals.get(), seconds, (arrivals.get() - 1) / seconds,
                this.epochMillisAtNanoZero + firstArrival.get() / 1_000_000,
                this.epochMillisAtNanoZero + lastArrival.get() / 1_000_000);
        long ok = 0;
        for (int ms = 0; ms < histogram.length(); ms++) {
            ok += histogram.get(ms);
        }
        System.out.printf(Locale.ROOT, "measured: requests=%d ok=%d ko=%d p50=%d p99=%d p999=%d max=%d%n",
                ok + failures.get(), ok, failures.get(), percentile(ok, 0.5), percentile(ok, 0.99),
                percentile(ok, 0.999), percentile(ok, 1.0));
    }

    private void writeTrace() {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(trace)))) {
            for (long[] request : traced) {
                out.printf(Locale.ROOT, "%d %s%n", this.epochMillisAtNanoZero + request[0] / 1_000_000,
                        (request[1] < 0) ? "KO" : String.valueOf(request[1]));
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The OK requests' latency at or under which the given fraction of them were answered, ms. */
    private int percentile(long ok, double fraction) {
        long rank = Math.max(1, (long) Math.ceil(fraction * ok));
        long seen = 0;
        for (int ms = 0; ms < histogram.length(); ms++) {
            seen += histogram.get(ms);
            if (seen >= rank) {
                return ms;
            }
        }
        return 0;
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
