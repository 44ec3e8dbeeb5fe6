package news.summit.web;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness goes down while the connector holds {@code server.tomcat.max-connections} (a small
 * limit here), and comes back when connections close.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.tomcat.max-connections=20")
@Import(WireRestTestClientConfiguration.class)
class ConnectorReadinessIT {

    @LocalServerPort
    private int port;

    @Autowired
    private RestTestClient client;

    @Autowired
    private ConnectorHealthIndicator connector;

    @Test
    void readinessIsOutOfServiceWhileEveryConnectionIsTaken() throws IOException, InterruptedException {
        assertThat(this.connector.health(false).getStatus()).isEqualTo(Status.UP);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                sockets.add(new Socket("127.0.0.1", this.port));
            }
            assertThat(statusWithin(Duration.ofSeconds(5), Status.OUT_OF_SERVICE)).isEqualTo(Status.OUT_OF_SERVICE);
        }
        finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertThat(statusWithin(Duration.ofSeconds(5), Status.UP)).isEqualTo(Status.UP);
        this.client.get().uri("/api/article/metadata").exchange().expectStatus().isOk();
    }

    /** Polls until the connector reports {@code expected} or the time is up; the last status seen. */
    private Status statusWithin(Duration limit, Status expected) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        Status status = this.connector.health(false).getStatus();
        while (!status.equals(expected) && System.nanoTime() < end) {
            Thread.sleep(20);
            status = this.connector.health(false).getStatus();
        }
        return status;
    }

}
