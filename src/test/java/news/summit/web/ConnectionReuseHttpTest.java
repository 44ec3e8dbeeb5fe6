package news.summit.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat reuses a connection's request and response objects, headers included, from one request
 * to the next. Headers handed to it as bytes ({@link EncodedHeaders}) must come out the same
 * whatever the responses before them on the connection were: errors, 304s, other resources,
 * either path.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
class ConnectionReuseHttpTest {

    /**
     * Responses of every shape, each with a different number and order of headers (no 400: Tomcat
     * closes the connection after one).
     */
    private static final List<String> REQUESTS = List.of("GET /api/article HTTP/1.1",
            "GET /api/article HTTP/1.1\r\nAccept-Encoding: gzip", "GET /nope HTTP/1.1",
            "GET /api/article/paragraphs/99 HTTP/1.1", "GET /api/article/metadata HTTP/1.1",
            "GET /api/article HTTP/1.1\r\nIf-None-Match: *", "GET /api/article HTTP/1.1\r\nAccept: image/png",
            "OPTIONS /api/article HTTP/1.1", "GET /api/article;v=1 HTTP/1.1\r\nAccept: text/plain",
            "GET /api/article/paragraphs/2 HTTP/1.1", "GET /api/article/paragraphs?q=Putin HTTP/1.1");

    private static final Set<String> CONNECTION_HEADERS = Set.of("date", "connection", "keep-alive");

    @LocalServerPort
    private int port;

    @Test
    void everyResponseOnAKeptAliveConnectionIsTheOneAFreshConnectionGets() throws IOException {
        List<RawHttp.Response> fresh = new ArrayList<>();
        for (String request : REQUESTS) {
            fresh.add(RawHttp.send(this.port, (request + "\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        }
        StringBuilder pipelined = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            REQUESTS.forEach((request) -> pipelined.append(request).append("\r\nHost: localhost\r\n\r\n"));
        }
        pipelined.append("GET /livez HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        ByteArrayInputStream reused = new ByteArrayInputStream(
                RawHttp.sendForAll(this.port, pipelined.toString().getBytes(StandardCharsets.UTF_8)));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < REQUESTS.size(); i++) {
                RawHttp.Response response = RawHttp.Response.read(reused);
                String request = REQUESTS.get(i) + " (round " + (round + 1) + ")";
                assertThat(response.status()).as(request).isEqualTo(fresh.get(i).status());
                assertThat(withoutDateAndConnection(response)).as(request)
                    .isEqualTo(withoutDateAndConnection(fresh.get(i)));
                assertThat(response.body()).as(request).isEqualTo(fresh.get(i).body());
            }
        }
    }

    /** Each header's name and values, in the order the names came, but those that describe the connection. */
    private static List<String> withoutDateAndConnection(RawHttp.Response response) {
        return response.headers()
            .headerSet()
            .stream()
            .filter((header) -> !CONNECTION_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT)))
            .map((header) -> header.getKey() + ": " + header.getValue())
            .toList();
    }

}
