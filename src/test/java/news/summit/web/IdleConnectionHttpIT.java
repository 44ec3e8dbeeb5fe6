package news.summit.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection that sends nothing is closed after {@code server.tomcat.connection-timeout}, so
 * idle clients cannot hold the connections forever. The timeout is shortened here to keep the
 * test quick; application.properties sets the real one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.tomcat.connection-timeout=2s")
@Import(WireRestTestClientConfiguration.class)
class IdleConnectionHttpIT {

    @LocalServerPort
    private int port;

    @Autowired
    private RestTestClient client;

    @Value("${server.tomcat.connection-timeout}")
    private Duration timeout;

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheConnectionTimeout() throws IOException {
        try (Socket idle = new Socket("127.0.0.1", this.port)) {
            idle.setSoTimeout((int) this.timeout.plusSeconds(20).toMillis());
            long start = System.nanoTime();
            InputStream in = idle.getInputStream();
            int read = in.read();
            Duration open = Duration.ofNanos(System.nanoTime() - start);
            assertThat(read).as("closed without a response").isEqualTo(-1);
            assertThat(open).as("not before the timeout").isGreaterThanOrEqualTo(this.timeout.minusMillis(100));
        }
        this.client.get().uri("/api/article/metadata").exchange().expectStatus().isOk();
    }

}
