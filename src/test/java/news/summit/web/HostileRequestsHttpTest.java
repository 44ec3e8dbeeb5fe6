package news.summit.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error table of docs/api.md and a hostile client's requests: through
 * {@link RestTestClient} where a client can send them as written, byte for byte over a socket
 * where none would. Every row answers its status; every error is problem+json that says what
 * was wrong and leaks nothing of the server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestsHttpTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final String[] LEAKS = { "Exception", "at java.", "Tomcat", "tomcat", "org.springframework",
            "org.apache", "jakarta.", "<html", "/work/", "/tmp/", "news.summit" };

    @LocalServerPort
    private int port;

    @Autowired
    private RestTestClient client;

    /**
     * A request line, optional extra header lines, and the status it must answer. A row that an
     * HTTP client can send goes through {@link RestTestClient}; a raw one (a malformed request
     * line, a target or header no client library sends as written) goes over a socket.
     */
    record Row(String name, String requestLine, List<String> headers, int status, boolean raw) {

        static Row of(String name, int status, String requestLine, String... headers) {
            return new Row(name, requestLine, List.of(headers), status, false);
        }

        static Row raw(String name, int status, String requestLine, String... headers) {
            return new Row(name, requestLine, List.of(headers), status, true);
        }

        @Override
        public String toString() {
            return this.name + " -> " + this.status + (this.raw ? " (raw)" : "");
        }

    }

    static List<Row> table() {
        // 1,001 parameters (Tomcat reads at most 1,000) in 2 KB, within the 4 KB head.
        String thousandAndOne = "p&".repeat(1000) + "p";
        List<Row> rows = new ArrayList<>(List.of(
                // docs/api.md's error table
                Row.of("paragraph number not an integer", 400, "GET /api/article/paragraphs/abc HTTP/1.1"),
                Row.of("paragraph number zero", 400, "GET /api/article/paragraphs/0 HTTP/1.1"),
                Row.of("paragraph number negative", 400, "GET /api/article/paragraphs/-1 HTTP/1.1"),
                Row.of("paragraph number signed", 400, "GET /api/article/paragraphs/+1 HTTP/1.1"),
                Row.of("paragraph number hexadecimal", 400, "GET /api/article/paragraphs/0x1 HTTP/1.1"),
                Row.of("paragraph number with exponent", 400, "GET /api/article/paragraphs/1e3 HTTP/1.1"),
                Row.of("paragraph number past int", 400, "GET /api/article/paragraphs/2147483648 HTTP/1.1"),
                Row.of("paragraph number in Arabic-Indic digits", 400, "GET /api/article/paragraphs/%D9%A3 HTTP/1.1"),
                Row.of("paragraph number in fullwidth digits", 400, "GET /api/article/paragraphs/%EF%BC%91 HTTP/1.1"),
                Row.of("paragraph past the last", 404, "GET /api/article/paragraphs/9 HTTP/1.1"),
                Row.of("paragraph at int max", 404, "GET /api/article/paragraphs/2147483647 HTTP/1.1"),
                Row.of("offset negative", 400, "GET /api/article/paragraphs?offset=-1 HTTP/1.1"),
                Row.of("offset past int", 400, "GET /api/article/paragraphs?offset=99999999999 HTTP/1.1"),
                Row.of("offset empty", 400, "GET /api/article/paragraphs?offset= HTTP/1.1"),
                Row.of("limit zero", 400, "GET /api/article/paragraphs?limit=0 HTTP/1.1"),
                Row.of("limit too large", 400, "GET /api/article/paragraphs?limit=101 HTTP/1.1"),
                Row.of("limit fractional", 400, "GET /api/article/paragraphs?limit=1.5 HTTP/1.1"),
                Row.of("limit a space", 400, "GET /api/article/paragraphs?limit=%20 HTTP/1.1"),
                Row.of("q empty", 400, "GET /api/article/paragraphs?q= HTTP/1.1"),
                Row.of("q without a value", 400, "GET /api/article/paragraphs?q HTTP/1.1"),
                Row.of("q only spaces", 400, "GET /api/article/paragraphs?q=%20%20%20 HTTP/1.1"),
                Row.of("q of 201 characters", 400, "GET /api/article/paragraphs?q=" + "a".repeat(201) + " HTTP/1.1"),
                Row.of("q not UTF-8", 400, "GET /api/article/paragraphs?q=%FF HTTP/1.1"),
                Row.raw("q bad percent-encoding", 400, "GET /api/article/paragraphs?q=%zz HTTP/1.1"),
                Row.of("offset given twice", 400, "GET /api/article/paragraphs?offset=1&offset=1 HTTP/1.1"),
                Row.of("limit given twice", 400, "GET /api/article/paragraphs?limit=1&limit=2 HTTP/1.1"),
                Row.of("q given twice", 400, "GET /api/article/paragraphs?q=a&q=b HTTP/1.1"),
                Row.of("1001 parameters", 400, "GET /api/article/paragraphs?" + thousandAndOne + " HTTP/1.1"),
                Row.of("unknown path", 404, "GET /nope HTTP/1.1"),
                Row.of("unknown path from a browser", 404, "GET /nope HTTP/1.1", "Accept: text/html"),
                Row.of("trailing slash", 404, "GET /api/article/ HTTP/1.1"),
                Row.of("double-encoded traversal", 404, "GET /api/%252e%252e/x HTTP/1.1"),
                Row.of("error page requested directly", 404, "GET /error HTTP/1.1"),
                Row.of("POST", 405, "POST /api/article HTTP/1.1"),
                Row.of("PUT", 405, "PUT /api/article/paragraphs/1 HTTP/1.1"),
                Row.of("DELETE", 405, "DELETE /api/article/paragraphs/1 HTTP/1.1"),
                Row.of("PATCH", 405, "PATCH /api/article/metadata HTTP/1.1"),
                Row.of("TRACE", 405, "TRACE /api/article HTTP/1.1"),
                Row.raw("CONNECT", 405, "CONNECT localhost:80 HTTP/1.1"),
                Row.of("made-up method", 405, "FOO /api/article HTTP/1.1"),
                Row.of("Accept nothing served", 406, "GET /api/article HTTP/1.1", "Accept: image/png"),
                Row.of("Accept JSON with q=0", 406, "GET /api/article HTTP/1.1", "Accept: application/json;q=0"),
                Row.of("Accept malformed", 406, "GET /api/article HTTP/1.1", "Accept: ;;;"),
                Row.of("Accept with a bad q", 406, "GET /api/article HTTP/1.1", "Accept: application/json;q=abc"),
                Row.of("Accept huge", 406, "GET /api/article HTTP/1.1", "Accept: " + "x/y;q=0.5, ".repeat(300)),
                Row.of("Accept text on metadata", 406, "GET /api/article/metadata HTTP/1.1", "Accept: text/plain"),
                Row.raw("malformed request line", 400, "GARBAGE"),
                Row.raw("HTTP/2.0 request line", 400, "GET /api/article HTTP/2.0"),
                Row.raw("absolute URI of another host", 400, "GET http://evil.example/api/article HTTP/1.1"),
                Row.raw("fragment in target", 400, "GET /api/article#x HTTP/1.1"),
                Row.raw("bad percent-encoding", 400, "GET /api/article/%zz HTTP/1.1"),
                Row.of("encoded slash", 400, "GET /api/article%2Fparagraphs HTTP/1.1"),
                Row.of("encoded NUL", 400, "GET /api/article%00 HTTP/1.1"),
                Row.of("encoded traversal", 400, "GET /api/%2e%2e/%2e%2e/etc/passwd HTTP/1.1"),
                Row.raw("plain traversal", 400, "GET /../../etc/passwd HTTP/1.1"),
                Row.of("overlong UTF-8 dots", 400, "GET /api/%C0%AE%C0%AE/x HTTP/1.1"),
                Row.raw("backslash", 400, "GET /api\\article HTTP/1.1"),
                Row.of("header too large", 400, "GET /api/article HTTP/1.1", "X-Big: " + "a".repeat(10 * 1024)),
                Row.of("URI too large", 400, "GET /api/article?pad=" + "a".repeat(10 * 1024) + " HTTP/1.1"),
                Row.raw("header without colon", 400, "GET /api/article HTTP/1.1", "NoColon"),
                Row.raw("control character in header", 400, "GET /api/article HTTP/1.1", "X-A: a\u0001b"),
                Row.raw("two Host headers", 400, "GET /api/article HTTP/1.1", "Host: other"),
                Row.raw("bad Content-Length", 400, "GET /api/article HTTP/1.1", "Content-Length: abc"),
                Row.raw("unknown transfer coding", 501, "GET /api/article HTTP/1.1", "Transfer-Encoding: gzip2"),
                // Hostile but harmless: answered normally
                Row.of("CORS preflight for DELETE", 403, "OPTIONS /api/article HTTP/1.1", "Origin: https://x.example",
                        "Access-Control-Request-Method: DELETE"),
                Row.of("Origin null", 200, "GET /api/article HTTP/1.1", "Origin: null"),
                Row.of("Origin not a URL", 200, "GET /api/article HTTP/1.1", "Origin: not a url <script>"),
                Row.of("If-None-Match garbage", 200, "GET /api/article HTTP/1.1", "If-None-Match: garbage"),
                Row.of("If-None-Match unterminated", 200, "GET /api/article HTTP/1.1", "If-None-Match: \"abc"),
                Row.of("If-None-Match lone W/", 200, "GET /api/article HTTP/1.1", "If-None-Match: W/"),
                Row.of("If-None-Match long list", 200, "GET /api/article HTTP/1.1",
                        "If-None-Match: " + "\"x\", ".repeat(500) + "\"y\""),
                Row.of("If-Modified-Since garbage", 200, "GET /api/article HTTP/1.1", "If-Modified-Since: yesterday"),
                Row.of("Accept-Encoding garbage", 200, "GET /api/article HTTP/1.1", "Accept-Encoding: ;;q=x,,"),
                Row.of("paragraph with leading zeros", 400, "GET /api/article/paragraphs/007 HTTP/1.1"),
                Row.of("unknown parameter twice", 200, "GET /api/article/paragraphs?foo=1&foo=2 HTTP/1.1"),
                Row.of("empty query parameters", 200, "GET /api/article/paragraphs?&&x& HTTP/1.1"),
                Row.of("parameter without a name", 400, "GET /api/article/paragraphs?=1 HTTP/1.1"),
                Row.of("q with markup", 200, "GET /api/article/paragraphs?q=%3Cscript%3E HTTP/1.1"),
                Row.of("q with CR LF", 200, "GET /api/article/paragraphs?q=Putin%0D%0AX-Injected:%201 HTTP/1.1"),
                Row.of("offset past the end", 200, "GET /api/article/paragraphs?offset=2147483647 HTTP/1.1"),
                Row.of("unread parameters beyond 1000", 200, "GET /api/article?" + thousandAndOne + " HTTP/1.1"),
                Row.raw("HTTP/1.0 without Host", 200, "GET /api/article HTTP/1.0")));
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void rowAnswersItsStatusWithoutLeaks(Row row, CapturedOutput output) {
        Answer answer = send(row);
        assertThat(answer.status()).isEqualTo(row.status());
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Server")).isNull();
        assertThat(answer.text()).doesNotContain(LEAKS);
        if (row.status() >= 400) {
            assertIsProblem(answer, row);
        }
        assertThat(output.getAll()).doesNotContain(" ERROR ", "Exception");
    }

    @Test
    void afterTheWholeTableTheArticleIsServedUnchangedAndNothingLoggedAnError(CapturedOutput output) {
        EntityExchangeResult<byte[]> before = article();
        List<Row> rows = table();
        rows.forEach(this::send);
        EntityExchangeResult<byte[]> after = article();
        assertThat(rows).filteredOn(Row::raw).isNotEmpty();
        assertThat(rows).filteredOn((row) -> !row.raw()).isNotEmpty();
        assertThat(after.getResponseBody()).isEqualTo(before.getResponseBody());
        assertThat(after.getResponseHeaders().getETag()).isEqualTo(before.getResponseHeaders().getETag());
        assertThat(output.getAll()).doesNotContain(" ERROR ", "Exception");
    }

    private EntityExchangeResult<byte[]> article() {
        return this.client.get().uri("/api/article").exchangeSuccessfully().returnResult(byte[].class);
    }

    private Answer send(Row row) {
        if (row.raw()) {
            return Answer.of(sendRaw(row));
        }
        String[] requestLine = row.requestLine().split(" ");
        String target = requestLine[1];
        EntityExchangeResult<byte[]> result = this.client.method(HttpMethod.valueOf(requestLine[0]))
            .uri(URI.create(target))
            .headers((headers) -> row.headers().forEach((header) -> {
                String[] field = header.split(":", 2);
                headers.add(field[0].trim(), field[1].trim());
            }))
            .exchange()
            .returnResult(byte[].class);
        URI sent = result.getUrl();
        assertThat(sent.getRawPath() + ((sent.getRawQuery() != null) ? "?" + sent.getRawQuery() : ""))
            .as("the target as the row writes it")
            .isEqualTo(target);
        byte[] body = result.getResponseBody();
        return new Answer(result.getStatus().value(), result.getResponseHeaders(), (body != null) ? body : new byte[0]);
    }

    private RawHttp.Response sendRaw(Row row) {
        if (row.requestLine().endsWith("HTTP/1.0")) {
            return RawHttp.send(this.port, (row.requestLine() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return RawHttp.get(this.port, row.requestLine(), row.headers().toArray(String[]::new));
    }

    private static void assertIsProblem(Answer answer, Row row) {
        assertThat(answer.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(row.status());
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        // Every problem has an instance: the path, or for a request whose path was never read, a URN.
        String instance = problem.get("instance").asString();
        if (!instance.startsWith("/")) {
            assertThat(instance).matches("urn:uuid:[0-9a-f-]{36}");
            assertThat(row.status()).as("only a request without a readable path").isIn(400, 405);
        }
        if (row.status() == 405) {
            assertThat(answer.header("Allow")).isEqualTo("GET,HEAD,OPTIONS");
            // The method the client sent, whichever layer refused it (Tomcat refuses TRACE itself).
            assertThat(problem.get("detail").asString())
                .startsWith("The method " + row.requestLine().split(" ")[0] + " is not allowed here");
        }
    }

    /** A response, whichever way its request went. */
    private record Answer(int status, HttpHeaders headers, byte[] body) {

        static Answer of(RawHttp.Response response) {
            HttpHeaders headers = new HttpHeaders();
            response.headers().forEach((header) -> headers.add(header[0], header[1]));
            return new Answer(response.status(), headers, response.body());
        }

        String header(String name) {
            return this.headers.getFirst(name);
        }

        String text() {
            return new String(this.body, StandardCharsets.UTF_8);
        }

    }

}
