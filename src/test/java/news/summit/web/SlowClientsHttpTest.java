package news.summit.web;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The open internet's floods in miniature, over real sockets: clients that hold a request head
 * half sent, and requests with many header fields. The service answers the next client all the
 * same, and logs nothing at ERROR.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SlowClientsHttpTest {

    @LocalServerPort
    private int port;

    @AfterEach
    void theServiceStillAnswers(CapturedOutput output) {
        assertThat(RawHttp.get(this.port, "GET /api/article/metadata HTTP/1.1").status()).isEqualTo(200);
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
            RawHttp.Response response = RawHttp.get(this.port, "GET /api/article/paragraphs/1 HTTP/1.1");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).startsWith("{\"number\":1,");
            assertThat(slow).allSatisfy((socket) -> assertThat(socket.isClosed()).isFalse());
        }
        finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** Tomcat's limit is 100 header fields, Host and Connection included; the 101st is a 400 problem. */
    @Test
    void oneHundredHeaderFieldsAreAnsweredAndTheHundredAndFirstIsRefused() {
        RawHttp.Response hundred = RawHttp.get(this.port, "GET /api/article/metadata HTTP/1.1", fields(98));
        assertThat(hundred.status()).isEqualTo(200);
        assertThat(hundred.header("Content-Type")).isEqualTo("application/json");
        RawHttp.Response hundredAndOne = RawHttp.get(this.port, "GET /api/article/metadata HTTP/1.1", fields(99));
        assertThat(hundredAndOne.status()).isEqualTo(400);
        assertThat(hundredAndOne.header("Content-Type")).isEqualTo("application/problem+json");
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
