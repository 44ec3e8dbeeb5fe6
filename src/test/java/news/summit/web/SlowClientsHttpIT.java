package news.summit.web;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open internet's floods in miniature, over real sockets: clients that hold a request head
 * half sent, and requests with many header fields. The service answers the next client all the
 * same, and logs nothing at ERROR.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class SlowClientsHttpIT {

    @LocalServerPort
    private int port;

    @Autowired
    private RestTestClient client;

    @Autowired
    private WebServerApplicationContext context;

    @AfterEach
    void theServiceStillAnswers(CapturedOutput output) {
        this.client.get().uri("/api/article/metadata").exchange().expectStatus().isOk();
        assertThat(output.getAll()).doesNotContain(" ERROR ", "OutOfMemoryError");
    }

    @Test
    void threeHundredHalfSentHeadsDoNotKeepTheNextClientWaiting() throws IOException {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", this.port);
                socket.getOutputStream().write("GET /api/article HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            this.client.get()
                .uri("/api/article/paragraphs/1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.number")
                .isEqualTo(1);
            assertThat(slow).allSatisfy((socket) -> assertThat(socket.isClosed()).isFalse());
        }
        finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * The connector's limit on header fields (Tomcat's {@code maxHeaderCount}, Host and Connection
     * included, read from the running server): that many are answered, one more is a 400 problem.
     */
    @Test
    void asManyHeaderFieldsAsTheLimitAreAnsweredAndOneMoreIsRefused() {
        int limit = maxHeaderCount();
        assertThat(limit).as("a limit is set").isPositive();
        RawHttp.Response atTheLimit = RawHttp.get(this.port, "GET /api/article/metadata HTTP/1.1", fields(limit - 2));
        assertThat(atTheLimit.status()).isEqualTo(200);
        assertThat(atTheLimit.header("Content-Type")).isEqualTo("application/json");
        RawHttp.Response pastTheLimit = RawHttp.get(this.port, "GET /api/article/metadata HTTP/1.1", fields(limit - 1));
        assertThat(pastTheLimit.status()).isEqualTo(400);
        assertThat(pastTheLimit.header("Content-Type")).isEqualTo("application/problem+json");
    }

    private int maxHeaderCount() {
        TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
        return ((AbstractHttp11Protocol<?>) server.getTomcat().getConnector().getProtocolHandler()).getMaxHeaderCount();
    }

    /** Header lines beside the Host and Connection that {@link RawHttp#get} adds. */
    private static String[] fields(int count) {
        String[] headers = new String[count];
        for (int i = 0; i < count; i++) {
            headers[i] = "X-Field-" + i + ": value " + i;
        }
        return headers;
    }

}
