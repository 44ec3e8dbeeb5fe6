package news.summit.web;

import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every row of API.md's error table, over a real socket: each answers its status with a
 * problem+json body that says what was wrong and leaks nothing of the server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ErrorResponsesHttpTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    static Stream<Arguments> errorTable() {
        String bigHeader = "X-Big: " + "a".repeat(10 * 1024);
        String longUri = longUri();
        return Stream.of(
                arguments("paragraph number not an integer", "GET /api/article/paragraphs/abc HTTP/1.1", "", 400),
                arguments("paragraph number zero", "GET /api/article/paragraphs/0 HTTP/1.1", "", 400),
                arguments("paragraph number signed", "GET /api/article/paragraphs/+1 HTTP/1.1", "", 400),
                arguments("paragraph number past int", "GET /api/article/paragraphs/2147483648 HTTP/1.1", "", 400),
                arguments("paragraph number in Arabic-Indic digits", "GET /api/article/paragraphs/%D9%A3 HTTP/1.1",
                        "", 400),
                arguments("paragraph past the last", "GET /api/article/paragraphs/9 HTTP/1.1", "", 404),
                arguments("offset negative", "GET /api/article/paragraphs?offset=-1 HTTP/1.1", "", 400),
                arguments("limit too large", "GET /api/article/paragraphs?limit=101 HTTP/1.1", "", 400),
                arguments("limit repeated", "GET /api/article/paragraphs?limit=1&limit=2 HTTP/1.1", "", 400),
                arguments("q empty", "GET /api/article/paragraphs?q= HTTP/1.1", "", 400),
                arguments("q not UTF-8", "GET /api/article/paragraphs?q=%FF HTTP/1.1", "", 400),
                arguments("q bad percent-encoding", "GET /api/article/paragraphs?q=%zz HTTP/1.1", "", 400),
                arguments("unknown path", "GET /nope HTTP/1.1", "", 404),
                arguments("unknown path from a browser", "GET /nope HTTP/1.1", "Accept: text/html", 404),
                arguments("error page requested directly", "GET /error HTTP/1.1", "", 404),
                arguments("POST", "POST /api/article HTTP/1.1", "Content-Length: 0", 405),
                arguments("DELETE", "DELETE /api/article/paragraphs/1 HTTP/1.1", "", 405),
                arguments("TRACE", "TRACE /api/article HTTP/1.1", "", 405),
                arguments("Accept nothing served", "GET /api/article HTTP/1.1", "Accept: image/png", 406),
                arguments("malformed request line", "GARBAGE", "", 400),
                arguments("bad percent-encoding", "GET /api/article/%zz HTTP/1.1", "", 400),
                arguments("encoded slash", "GET /api/article%2Fparagraphs HTTP/1.1", "", 400),
                arguments("encoded NUL", "GET /api/article%00 HTTP/1.1", "", 400),
                arguments("encoded traversal", "GET /api/%2e%2e/%2e%2e/etc/passwd HTTP/1.1", "", 400),
                arguments("plain traversal", "GET /../../etc/passwd HTTP/1.1", "", 400),
                arguments("header too large", "GET /api/article HTTP/1.1", bigHeader, 400),
                arguments("URI too large", longUri, "", 400),
                arguments("unknown transfer coding", "GET /api/article HTTP/1.1", "Transfer-Encoding: gzip2", 501));
    }

    private static String longUri() {
        return "GET /api/article?pad=" + "a".repeat(10 * 1024) + " HTTP/1.1";
    }

    @ParameterizedTest(name = "{0}: {3}")
    @MethodSource("errorTable")
    void errorAnswersProblemJsonWithoutLeaks(String name, String requestLine, String header, int status,
            CapturedOutput output) {
        RawHttp.Response response = header.isEmpty() ? RawHttp.get(this.port, requestLine)
                : RawHttp.get(this.port, requestLine, header);
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Server")).isNull();
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (!requestLine.equals("GARBAGE") && !requestLine.equals(longUri())) {
            assertThat(problem.get("instance").asString()).startsWith("/");
        }
        assertThat(response.text()).doesNotContain("Exception", "at java.", "Tomcat", "tomcat", "org.springframework",
                "org.apache", "jakarta.", "<html", "/work/", "/tmp/");
        if (status == 405) {
            assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS");
        }
        assertThat(output.getAll()).doesNotContain(" ERROR ");
    }

}
