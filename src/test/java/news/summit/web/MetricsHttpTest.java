package news.summit.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import news.summit.ApplicationSetting;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The management port's Prometheus scrape counts what the public port answered, exactly, by
 * route template, method, status and representation, and stays bounded whatever clients send.
 * Each test compares the scrape before and after its own requests, so the requests of other
 * tests in the same context do not count.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
class MetricsHttpTest {

    private static final Pattern SERIES = Pattern
        .compile("^http_server_requests_seconds_count\\{(.*)\\} ([0-9.E]+)$", Pattern.MULTILINE);

    private static final Pattern TOMCAT = Pattern.compile("^(tomcat_\\w+)\\{name=\"(.*)\"\\} ([0-9.E]+)$",
            Pattern.MULTILINE);

    @Autowired
    private RestTestClient client;

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void knownMixIsCountedExactlyPerSeries() {
        String eTag = send(HttpMethod.GET, "/api/article").getResponseHeaders().getETag();
        Map<String, Double> before = series();
        for (int i = 0; i < 3; i++) {
            send(HttpMethod.GET, "/api/article/metadata");
        }
        send(HttpMethod.GET, "/api/article", "If-None-Match", eTag);
        send(HttpMethod.GET, "/api/article", "If-None-Match", eTag);
        send(HttpMethod.GET, "/api/article", "Accept-Encoding", "gzip");
        send(HttpMethod.GET, "/api/article", "Accept", "text/plain");
        send(HttpMethod.GET, "/api/article", "Accept", "text/markdown");
        send(HttpMethod.HEAD, "/api/article", "Accept", "application/ld+json");
        send(HttpMethod.GET, "/api/article/paragraphs/2");
        send(HttpMethod.GET, "/api/article/paragraphs/02");
        send(HttpMethod.GET, "/api/article", "If-Match", "\"nope\"");
        send(HttpMethod.GET, "/api/article/paragraphs/9");
        send(HttpMethod.GET, "/api/article/paragraphs?q=putin", "Accept-Encoding", "gzip");
        send(HttpMethod.GET, "/nope");
        send(HttpMethod.GET, "/actuator/prometheus");
        send(HttpMethod.POST, "/api/article");
        send(HttpMethod.GET, "/api/article", "Accept", "image/png");

        Map<String, Double> counted = difference(before, series());
        assertThat(counted).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry(series("/api/article/metadata", "GET", 200, "json", "identity"), 3.0),
                Map.entry(series("/api/article", "GET", 304, "json", "identity"), 2.0),
                Map.entry(series("/api/article", "GET", 200, "json", "gzip"), 1.0),
                Map.entry(series("/api/article", "GET", 200, "text", "identity"), 1.0),
                Map.entry(series("/api/article", "GET", 200, "markdown", "identity"), 1.0),
                Map.entry(series("/api/article", "HEAD", 200, "ld+json", "identity"), 1.0),
                Map.entry(series("/api/article/paragraphs/{number}", "GET", 200, "json", "identity"), 1.0),
                Map.entry(series("/api/article/paragraphs/{number}", "GET", 400, "none", "none"), 1.0),
                Map.entry(series("/api/article", "GET", 412, "none", "none"), 1.0),
                Map.entry(series("/api/article/paragraphs/{number}", "GET", 404, "none", "none"), 1.0),
                Map.entry(series("/api/article/paragraphs", "GET", 200, "json", "gzip"), 1.0),
                Map.entry(series("NOT_FOUND", "GET", 404, "none", "none"), 2.0),
                Map.entry(series("/api/article", "POST", 405, "none", "none"), 1.0),
                Map.entry(series("/api/article", "GET", 406, "none", "none"), 1.0)));
    }

    @Test
    void publicPortAnswersNoManagementEndpoint() {
        for (String path : new String[] { "/actuator", "/actuator/prometheus", "/actuator/health", "/actuator/info",
                "/actuator/env" }) {
            EntityExchangeResult<byte[]> response = send(HttpMethod.GET, path);
            assertThat(response.getStatus().value()).as(path).isEqualTo(404);
            assertThat(response.getResponseHeaders().getContentType()).hasToString("application/problem+json");
        }
        assertThat(send(HttpMethod.GET, "/livez").getStatus().value()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/readyz").getStatus().value()).isEqualTo(200);
    }

    @Test
    void managementPortAnswersHealthInfoAndPrometheusOnly() {
        assertThat(management("/actuator/health").getStatus().value()).isEqualTo(200);
        assertThat(management("/actuator/health/readiness").getStatus().value()).isEqualTo(200);
        assertThat(management("/actuator/info").getStatus().value()).isEqualTo(200);
        assertThat(management("/actuator/prometheus").getStatus().value()).isEqualTo(200);
        for (String path : new String[] { "/actuator", "/actuator/env", "/actuator/metrics", "/actuator/beans",
                "/api/article" }) {
            EntityExchangeResult<byte[]> response = management(path);
            assertThat(response.getStatus().value()).as(path).isEqualTo(404);
            assertThat(new String(response.getResponseBody(), StandardCharsets.UTF_8)).as(path)
                .contains("\"detail\":\"There is no resource at this path. This port serves /actuator/health, "
                        + "/actuator/health/liveness, /actuator/health/readiness, /actuator/info, "
                        + "/actuator/prometheus.\"");
        }
    }

    @Test
    void distinctSearchTextsAndUnknownPathsDoNotGrowTheScrape() {
        send(HttpMethod.GET, "/api/article/paragraphs?q=first");
        send(HttpMethod.GET, "/no/such/path/first");
        int seriesBefore = series().size();
        for (int i = 0; i < 1000; i++) {
            send(HttpMethod.GET, "/api/article/paragraphs?q=text" + i);
            send(HttpMethod.GET, "/no/such/path/" + i);
        }
        Map<String, Double> after = series();
        assertThat(after).hasSize(seriesBefore);
        assertThat(after.get(series("NOT_FOUND", "GET", 404, "none", "none"))).isGreaterThanOrEqualTo(1001);
    }

    @Test
    void tomcatMetricsDescribeThePublicConnector() throws InterruptedException {
        Map<String, Double> before = tomcat();
        for (int i = 0; i < 5; i++) {
            send(HttpMethod.GET, "/api/article/metadata");
        }
        send(HttpMethod.GET, "/nope");
        // Tomcat counts a request once its response is written, so the client may be a moment ahead.
        Map<String, Double> after = tomcat();
        for (int i = 0; i < 50 && after.get("tomcat_global_request_seconds_count")
                - before.get("tomcat_global_request_seconds_count") < 6; i++) {
            Thread.sleep(100);
            after = tomcat();
        }
        assertThat(after).containsEntry("tomcat_threads_config_max_threads", 32.0)
            .containsEntry("tomcat_connections_config_max_connections",
                    Double.valueOf(ApplicationSetting.of("server.tomcat.max-connections")))
            .containsKeys("tomcat_threads_busy_threads", "tomcat_threads_current_threads",
                    "tomcat_connections_current_connections",
                    "tomcat_global_received_bytes_total", "tomcat_global_request_seconds_sum",
                    "tomcat_global_request_max_seconds");
        assertThat(difference(before, after)).containsEntry("tomcat_global_request_seconds_count", 6.0)
            .containsEntry("tomcat_global_error_total", 1.0)
            .hasEntrySatisfying("tomcat_global_sent_bytes_total", (sent) -> assertThat(sent).isGreaterThan(5 * 290));
    }

    private EntityExchangeResult<byte[]> send(HttpMethod method, String path, String... header) {
        return this.client.method(method)
            .uri(URI.create(path))
            .headers((headers) -> {
                if (header.length == 2) {
                    headers.set(header[0], header[1]);
                }
            })
            .exchange()
            .returnResult(byte[].class);
    }

    private EntityExchangeResult<byte[]> management(String path) {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory();
        return RestTestClient.bindToServer(requestFactory)
            .baseUrl("http://127.0.0.1:" + this.managementPort)
            .build()
            .get()
            .uri(path)
            .exchange()
            .returnResult(byte[].class);
    }

    /** The request counters of the scrape, by their labels. */
    private Map<String, Double> series() {
        EntityExchangeResult<byte[]> scrape = management("/actuator/prometheus");
        assertThat(scrape.getStatus().value()).isEqualTo(200);
        Map<String, Double> series = new TreeMap<>();
        Matcher matcher = SERIES.matcher(new String(scrape.getResponseBody()));
        while (matcher.find()) {
            series.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return series;
    }

    /** The Tomcat metrics of the scrape, by name; all of them are the public connector's. */
    private Map<String, Double> tomcat() {
        Map<String, Double> metrics = new TreeMap<>();
        Matcher matcher = TOMCAT.matcher(new String(management("/actuator/prometheus").getResponseBody()));
        while (matcher.find()) {
            assertThat(matcher.group(2)).startsWith("http-nio-").endsWith("-" + this.port);
            metrics.put(matcher.group(1), Double.parseDouble(matcher.group(3)));
        }
        return metrics;
    }

    private static Map<String, Double> difference(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> difference = new TreeMap<>();
        after.forEach((labels, count) -> {
            double added = count - before.getOrDefault(labels, 0.0);
            if (added != 0) {
                difference.put(labels, added);
            }
        });
        return difference;
    }

    /** The labels of one series, as Prometheus writes them (sorted by name). */
    private static String series(String uri, String method, int status, String representation, String coding) {
        String outcome = switch (status / 100) {
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            default -> "CLIENT_ERROR";
        };
        return "coding=\"%s\",method=\"%s\",outcome=\"%s\",representation=\"%s\",status=\"%d\",uri=\"%s\""
            .formatted(coding, method, outcome, representation, status, uri);
    }

}
