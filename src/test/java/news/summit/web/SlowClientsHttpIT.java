package news.summit.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
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
import org.springframework.http.client.JdkClientHttpRequestFactory;
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

    private static final int HALF_SENT = 300;

    /** Far below connection-timeout (10 s), the pause after which the server may close a half-sent head. */
    private static final Duration HELD_READ_TIMEOUT = Duration.ofSeconds(1);

    /** What the next client may wait, at most, for its answer on a loaded two-core machine. */
    private static final Duration NEXT_CLIENT_BOUND = Duration.ofSeconds(5);

    @LocalServerPort
    private int port;

    @Autowired
    private RestTestClient client;

    @Autowired
    private WebServerApplicationContext context;

    @Autowired
    private MeterRegistry registry;

    @AfterEach
    void theServiceStillAnswers(CapturedOutput output) {
        this.client.get().uri("/api/article/metadata").exchange().expectStatus().isOk();
        assertThat(output.getAll()).doesNotContain(" ERROR ", "OutOfMemoryError");
    }

    /**
     * 300 clients each send a request head and stop before its end. The server must hold all of
     * them (a read that times out, not one that finds the connection closed or answered), count
     * them among its connections, and answer the next client all the same, within a bound.
     */
    @Test
    void threeHundredHalfSentHeadsAreHeldWhileTheNextClientIsAnswered() throws IOException {
        List<SocketChannel> slow = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < HALF_SENT; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", this.port));
                channel.write(ByteBuffer.wrap("GET /api/article HTTP/1.1\r\nHost: x\r\nX-Slow: a"
                    .getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                slow.add(channel);
            }
            boundedClient().get()
                .uri("/api/article/paragraphs/1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.number")
                .isEqualTo(1);

            // A connection the server closed or answered would be readable (EOF, or bytes).
            assertThat(selector.select(HELD_READ_TIMEOUT.toMillis())).as("half-sent heads closed or answered")
                .isZero();
            assertThat(this.registry.get("tomcat.connections.current").gauge().value())
                .as("connections the server holds").isGreaterThanOrEqualTo(HALF_SENT);
        }
        finally {
            for (SocketChannel channel : slow) {
                channel.close();
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

    /** A fresh client (its own connection) that gives up after {@link #NEXT_CLIENT_BOUND}. */
    private RestTestClient boundedClient() {
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(NEXT_CLIENT_BOUND).build());
        requestFactory.setReadTimeout(NEXT_CLIENT_BOUND);
        return RestTestClient.bindToServer(requestFactory).baseUrl("http://127.0.0.1:" + this.port).build();
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
