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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    void readinessIsOutOfServiceWhileEveryConnectionIsTaken() throws IOException {
        RestTestClient management = WireRestTestClient.onPort(this.managementPort);
        assertThat(WireRestTestClient.get(management, READINESS)).hasStatusOk();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                sockets.add(new Socket("127.0.0.1", this.port));
            }
            await().atMost(SETTLE).untilAsserted(() -> assertThat(WireRestTestClient.get(management, READINESS))
                .hasStatus(503)
                .bodyJson()
                .extractingPath("$.status")
                .isEqualTo("OUT_OF_SERVICE"));
        }
        finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        await().atMost(SETTLE).untilAsserted(() -> assertThat(WireRestTestClient.get(management, READINESS))
            .hasStatusOk()
            .bodyJson()
            .extractingPath("$.status")
            .isEqualTo("UP"));
        assertThat(WireRestTestClient.get(this.client, "/api/article/metadata")).hasStatusOk();
    }

}
