package news.summit.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every request that reaches the application, the fast path's included, into
 * {@code http.server.requests}: a Prometheus histogram whose buckets resolve sub-millisecond
 * times, tagged by route template (never the raw path), method, status, outcome,
 * representation and content coding. Each distinct set of tags gets its meter once and keeps
 * it, so a request costs a map lookup and a record; and every tag takes a bounded set of values,
 * so neither random paths nor search text nor invented methods can grow the scrape.
 * <p>
 * Spring MVC's own observation filter would time the same requests, but it costs more than the
 * fast path's whole answer and sees no route for it.
 */
final class RequestMetricsFilter implements Filter {

    private static final String ROUTE = RequestMetricsFilter.class.getName() + ".route";

    private static final String REPRESENTATION = RequestMetricsFilter.class.getName() + ".representation";

    private static final String CODING = RequestMetricsFilter.class.getName() + ".coding";

    static final String METRIC = "http.server.requests";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE",
            "TRACE", "CONNECT");

    /** From 50 µs, what a fast-path answer takes on a busy core, to a slow client's 10 s. */
    private static final Duration[] BUCKETS = { Duration.ofNanos(50_000), Duration.ofNanos(100_000),
            Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    private final MeterRegistry registry;

    private final ConcurrentMap<Tags, Timer> timers = new ConcurrentHashMap<>();

    private record Tags(String route, String method, int status, String representation, String coding) {
    }

    RequestMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The route template of the fast path's answer (Spring MVC's is its handler mapping's). */
    static void setRoute(ServletRequest request, String template) {
        request.setAttribute(ROUTE, template);
    }

    /** The representation sent (json, text, markdown, ld+json) and its content coding (gzip, identity). */
    static void setRepresentation(ServletRequest request, String representation, String coding) {
        request.setAttribute(REPRESENTATION, representation);
        request.setAttribute(CODING, coding);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        }
        finally {
            HttpServletRequest http = (HttpServletRequest) request;
            int status = failed ? 500 : ((HttpServletResponse) response).getStatus();
            timer(new Tags(route(http, status), method(http.getMethod()), status,
                    attribute(http, REPRESENTATION), attribute(http, CODING)))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(Tags tags) {
        Timer timer = this.timers.get(tags);
        return (timer != null) ? timer : this.timers.computeIfAbsent(tags, this::register);
    }

    private Timer register(Tags tags) {
        return Timer.builder(METRIC)
            .description("HTTP requests answered, by route template, method, status and representation")
            .tag("uri", tags.route())
            .tag("method", tags.method())
            .tag("status", String.valueOf(tags.status()))
            .tag("outcome", outcome(tags.status()))
            .tag("representation", tags.representation())
            .tag("coding", tags.coding())
            .serviceLevelObjectives(BUCKETS)
            .register(this.registry);
    }

    private static String route(HttpServletRequest request, int status) {
        Object route = request.getAttribute(ROUTE);
        if (route == null) {
            route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        }
        if (route != null) {
            return route.toString();
        }
        return (status == 404) ? "NOT_FOUND" : "UNKNOWN";
    }

    private static String method(String method) {
        return METHODS.contains(method) ? method : "OTHER";
    }

    private static String attribute(HttpServletRequest request, String name) {
        Object value = request.getAttribute(name);
        return (value != null) ? value.toString() : "none";
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

}
