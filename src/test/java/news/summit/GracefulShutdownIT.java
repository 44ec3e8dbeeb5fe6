package news.summit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import news.summit.web.RawHttp;

import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * SIGTERM, as an orchestrator sends it, to the application in its own JVM while a slow client
 * is being served ({@code server.shutdown=graceful}).
 * <p>
 * What graceful shutdown protects: Spring Boot's Tomcat {@code GracefulShutdown} pauses the
 * connector, closes the listening socket, and then waits while any servlet is still allocated
 * (a request between the start of the filter chain and its return) or any async request is
 * in progress, for at most {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s). A
 * request is "in flight" only in that sense. This API's responses are small precomputed bytes
 * written in microseconds; on loopback the kernel buffers megabytes, so even Swagger UI's
 * 1.5 MB script is handed over at once, and a client that merely reads slowly is not in flight
 * (it still gets its bytes from the kernel after the JVM is gone). The only way a client keeps
 * a servlet busy here is to leave more unread than the socket buffers hold: this test pipelines
 * requests for that script and reads none until after the SIGTERM, and first checks in a thread
 * dump ({@code jcmd} of the running JDK) that a Tomcat worker is blocked writing to it inside
 * the servlet, so the request is in flight by construction, not by timing.
 * <p>
 * What it does not protect: a request whose head is still arriving at SIGTERM, and a new
 * request on an idle keep-alive connection; Tomcat closes both without a response (a client
 * must retry them elsewhere), as it does with pipelined requests not yet started.
 * <p>
 * The exit code is 143 (128 + SIGTERM), the JVM's after a stop by SIGTERM: the shutdown hook
 * drained the requests; a service manager counts it as success ({@code SuccessExitStatus=143}).
 */
class GracefulShutdownIT {

    private static final long WAIT_SECONDS = 60;

    /** Swagger UI's script: by far the largest response, 1.5 MB. */
    private static final String LARGE = "/swagger-ui/swagger-ui-bundle.js";

    /** Tomcat's requests per connection, as application.properties sets it. */
    private static final int MAX_KEEP_ALIVE_REQUESTS = Integer.parseInt(
            ApplicationSetting.of("server.tomcat.max-keep-alive-requests"));

    @Test
    void sigtermLetsTheRequestInFlightFinishServesNothingNewAndExits() throws Exception {
        ChildApplication application = ChildApplication.start(List.of());
        try (application) {
            int port = application.port();
            RestTestClient client = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
            byte[] article = client.get().uri("/api/article").exchangeSuccessfully().returnResult(byte[].class)
                .getResponseBody();
            byte[] large = client.get().uri(LARGE).exchangeSuccessfully().returnResult(byte[].class).getResponseBody();
            int pipelined = requestsOutgrowingSocketBuffers(large.length);

            try (Socket slow = connect(port, 4096); Socket halfSent = connect(port, 0);
                    Socket keptAlive = connect(port, 0)) {
                send(slow, ("GET " + LARGE + " HTTP/1.1\r\nHost: localhost\r\n\r\n").repeat(pipelined));
                send(halfSent, "GET /api/article HTTP/1.1\r\nHost: localhost\r\n");
                send(keptAlive, "GET /api/article HTTP/1.1\r\nHost: localhost\r\n\r\n");
                InputStream keptAliveIn = new BufferedInputStream(keptAlive.getInputStream());
                RawHttp.Response first = RawHttp.Response.read(keptAliveIn);
                assertThat(first.status()).isEqualTo(200);
                assertThat(first.body()).isEqualTo(article);
                awaitWorkerBlockedWritingInsideTheServlet(application.process());

                application.process().toHandle().destroy();

                awaitRefused(port);
                assertThat(application.process().isAlive()).as("still serving the request in flight").isTrue();
                assertThat(application.output()).doesNotContain("Graceful shutdown complete");
                send(halfSent, "\r\n");
                assertThat(readToEnd(halfSent.getInputStream())).as("a request head completed after SIGTERM")
                    .isEmpty();
                send(keptAlive, "GET /api/article HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(readToEnd(keptAliveIn)).as("a new request on a kept-alive connection after SIGTERM")
                    .isEmpty();

                List<RawHttp.Response> responses = readResponses(new BufferedInputStream(slow.getInputStream()));
                assertThat(responses).as("responses, in flight at SIGTERM or before, then no new ones")
                    .hasSizeBetween(1, pipelined - 1)
                    .allSatisfy((response) -> {
                        assertThat(response.status()).isEqualTo(200);
                        assertThat(response.body()).isEqualTo(large);
                    });
            }

            assertThat(application.awaitExit()).as("exits by itself").isTrue();
            assertThat(application.process().exitValue()).as("stopped by SIGTERM, drained").isEqualTo(143);
            assertThat(application.output()).contains("Commencing graceful shutdown")
                .contains("Graceful shutdown complete")
                .doesNotContain("Graceful shutdown aborted")
                .doesNotContain("\tat ");
        }
    }

    /**
     * Enough pipelined requests that their responses outgrow the kernel's buffering with one to
     * spare: on Linux a socket's send buffer grows to at most tcp_wmem's maximum (4 MiB by
     * default), plus the client's small receive buffer and Tomcat's own few KB.
     */
    private static int requestsOutgrowingSocketBuffers(int responseLength) throws IOException {
        long maxSendBuffer = 4L << 20;
        Path tcpWmem = Path.of("/proc/sys/net/ipv4/tcp_wmem");
        if (Files.isReadable(tcpWmem)) {
            // Not Files.readString: it trusts the size /proc reports and reads too little.
            try (InputStream in = Files.newInputStream(tcpWmem)) {
                String[] minDefaultMax = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
                maxSendBuffer = Long.parseLong(minDefaultMax[2]);
            }
        }
        long margin = 1L << 20;
        int requests = (int) ((maxSendBuffer + margin) / responseLength) + 2;
        assertThat(requests).as("within server.tomcat.max-keep-alive-requests").isLessThan(MAX_KEEP_ALIVE_REQUESTS);
        return requests;
    }


    private static Socket connect(int port, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Connects until the listening socket is gone; pausing Tomcat and closing it are not logged. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            try {
                new Socket("127.0.0.1", port).close();
            }
            catch (ConnectException ex) {
                return;
            }
            catch (IOException ex) {
                // Accepted and then reset as the listening socket closed: try again.
            }
            Thread.sleep(10);
        }
        fail("New connections were still accepted " + WAIT_SECONDS + " s after SIGTERM");
    }

    /** Whatever arrives until the server closes the connection (a reset counts as closing). */
    private static byte[] readToEnd(InputStream in) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            in.transferTo(bytes);
        }
        catch (SocketTimeoutException ex) {
            fail("The connection stayed open " + WAIT_SECONDS + " s after " + bytes.size() + " bytes");
        }
        catch (IOException ex) {
            // Reset: the server closed with our bytes unread.
        }
        return bytes.toByteArray();
    }

    /** Complete responses up to the end of the connection; a truncated one fails. */
    private static List<RawHttp.Response> readResponses(InputStream in) throws IOException {
        List<RawHttp.Response> responses = new ArrayList<>();
        while (true) {
            in.mark(1);
            int next;
            try {
                next = in.read();
            }
            catch (IOException ex) {
                return responses; // reset between responses: nothing was cut short
            }
            if (next < 0) {
                return responses;
            }
            in.reset();
            responses.add(RawHttp.Response.read(in));
        }
    }

    /**
     * Waits until a thread dump shows a Tomcat worker inside the servlet (what graceful shutdown
     * counts as active) blocked writing to a client that does not read.
     */
    private static void awaitWorkerBlockedWritingInsideTheServlet(Process application) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        String dump = "";
        while (System.nanoTime() < deadline) {
            dump = threadDump(jcmd, application);
            for (String thread : dump.split("\\R\\s*\\R")) {
                if (thread.contains("org.apache.catalina.core.StandardWrapperValve.invoke")
                        && thread.contains("org.apache.tomcat.util.net.SocketWrapperBase.writeBlocking")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        fail("No worker blocked writing inside the servlet in " + WAIT_SECONDS + " s; last dump:%n%s", dump);
    }

    /** jcmd's Thread.print, its output in a file so that no read can block; bounded and destroyed. */
    private static String threadDump(String jcmd, Process application) throws IOException, InterruptedException {
        Path out = Files.createTempFile("thread-dump-", ".txt");
        Process threadPrint = new ProcessBuilder(jcmd, Long.toString(application.pid()), "Thread.print")
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
        try {
            assertThat(threadPrint.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).as("jcmd finished").isTrue();
            return Files.readString(out, StandardCharsets.UTF_8);
        }
        finally {
            threadPrint.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

}
