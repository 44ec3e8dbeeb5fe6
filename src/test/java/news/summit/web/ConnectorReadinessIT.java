package news.summit.web;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness, as the management port answers it to a load balancer, goes down while the public
 * connector holds {@code server.tomcat.max-connections} (a small limit here), and comes back when
 * connections close.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.tomcat.max-connections=20")
@Import(WireRestTestClientConfiguration.class)
class ConnectorReadinessIT {

    private static final String READINESS = "/actuator/health/readiness";

    /** How long the connector's count may take to follow the sockets, on a loaded two-core machine. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private RestTestClient client;

    @Test
    void readinessIsOutOfServiceWhileEveryConnectionIsTaken() throws IOException, InterruptedException {
        RestTestClient management = WireRestTestClient.onPort(this.managementPort);
        assertThat(WireRestTestClient.get(management, READINESS)).hasStatusOk();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                sockets.add(new Socket("127.0.0.1", this.port));
            }
            assertThat(readinessOnceItAnswers(management, 503)).hasStatus(503)
                .bodyJson()
                .extractingPath("$.status")
                .isEqualTo("OUT_OF_SERVICE");
        }
        finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(readinessOnceItAnswers(management, 200)).hasStatusOk()
            .bodyJson()
            .extractingPath("$.status")
            .isEqualTo("UP");
        assertThat(WireRestTestClient.get(this.client, "/api/article/metadata")).hasStatusOk();
    }

    /** Asks for readiness until it answers {@code status} or {@link #SETTLE} has passed; the last answer. */
    private static RestTestClientResponse readinessOnceItAnswers(RestTestClient management, int status)
            throws InterruptedException {
        long end = System.nanoTime() + SETTLE.toNanos();
        RestTestClientResponse readiness = WireRestTestClient.get(management, READINESS);
        while (readiness.getExchangeResult().getStatus().value() != status && System.nanoTime() < end) {
            Thread.sleep(20);
            readiness = WireRestTestClient.get(management, READINESS);
        }
        return readiness;
    }

}
