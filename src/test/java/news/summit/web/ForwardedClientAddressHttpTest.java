package news.summit.web;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.NestedTestConfiguration;
import org.springframework.test.context.NestedTestConfiguration.EnclosingConfiguration;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The client's address in the access log behind the edge: taken from {@code X-Forwarded-For}
 * when the request comes from a trusted proxy (Tomcat's RemoteIpValve, by default loopback and
 * the private ranges), never when it comes from any other peer. These requests come from
 * loopback; the nested class leaves loopback out of the trusted range.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "logging.level.news.summit.access=info")
@Import(WireRestTestClientConfiguration.class)
@ExtendWith(OutputCaptureExtension.class)
class ForwardedClientAddressHttpTest {

    private static final String CLIENT = "203.0.113.7";

    @Autowired
    private RestTestClient client;

    @Test
    void xForwardedForFromATrustedProxyIsTheLoggedClientAddress(CapturedOutput output) throws InterruptedException {
        String path = requestForwardedFor(this.client, CLIENT);
        assertThat(accessLogLine(output, path)).startsWith(CLIENT + " ");
    }

    @Nested
    @NestedTestConfiguration(EnclosingConfiguration.OVERRIDE)
    @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
            "logging.level.news.summit.access=info", "server.tomcat.remoteip.internal-proxies=10\\.1\\.2\\.3" })
    @Import(WireRestTestClientConfiguration.class)
    @ExtendWith(OutputCaptureExtension.class)
    class FromAPeerOutsideTheTrustedRange {

        @Autowired
        private RestTestClient client;

        @Test
        void xForwardedForIsIgnoredAndThePeerIsLogged(CapturedOutput output) throws InterruptedException {
            String path = requestForwardedFor(this.client, CLIENT);
            assertThat(accessLogLine(output, path)).startsWith("127.0.0.1 ").doesNotContain(CLIENT);
        }

    }

    /** A request for a path of its own (a 404), so that its access log line is known by it. */
    private static String requestForwardedFor(RestTestClient client, String address) {
        String path = "/client-address-" + UUID.randomUUID();
        client.get().uri(path).header("X-Forwarded-For", address).exchange().expectStatus().isNotFound();
        return path;
    }

    /** The access log line of the request for that path: logged once the response is sent, so waited for. */
    private static String accessLogLine(CapturedOutput output, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output.getOut().split("\n")) {
                if (line.contains("GET " + path + " ")) {
                    return line.substring(line.indexOf(": ") + 2);
                }
            }
            Thread.sleep(20);
        }
        return fail("no access log line for " + path + " within 5 s");
    }

}
