package news.summit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Memory bounded by construction: the production launch's limits, scaled down, against more
 * connections than they admit, each with a request head grown to the largest the server accepts
 * (the most header fields, nearly the most bytes: the most heap a connection can pin). Past
 * {@code server.tomcat.max-connections}, connections wait in the accept queue; the heap holds
 * what Tomcat admitted, so the process lives and answers once the flood ends.
 * <p>
 * The scaling keeps production's budget: the heap is {@link #APPLICATION_MB} for the application
 * itself plus an eighth of what production's heap ({@code deploy/run.sh}) has beyond that, and
 * max-connections an eighth of production's ({@code application.properties}). A production
 * max-connections the heap cannot hold fails here as it would under a flood, with
 * {@code -XX:+ExitOnOutOfMemoryError} as in production.
 */
class ConnectionFloodIT {

    private static final int SCALE = 8;

    /** The application's own live set and a young generation for its garbage, never scaled. */
    private static final int APPLICATION_MB = 40;

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void headsGrownToTheLimitPastCapacityNeitherEndTheProcessNorKeepItFromAnsweringAfter() throws Exception {
        int maxConnections = Integer.parseInt(ApplicationSetting.of("server.tomcat.max-connections")) / SCALE;
        int heapMb = APPLICATION_MB + (productionHeapMb() - APPLICATION_MB) / SCALE;
        int headLimit = (int) DataSize.parse(ApplicationSetting.of("server.max-http-request-header-size")).toBytes();
        try (ChildApplication application = ChildApplication.start(
                List.of("-Xmx" + heapMb + "m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                "--server.tomcat.max-connections=" + maxConnections)) {
            int port = application.port();
            byte[] head = largestHead(headLimit, mostHeaderFields(port));
            List<SocketChannel> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 2 * maxConnections; i++) {
                    SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                    channel.write(ByteBuffer.wrap(head));
                    flood.add(channel);
                }
                awaitConnectionsHeld(application, maxConnections);
                assertThat(application.process().isAlive()).as("alive holding %d heads of %d bytes; output:%n%s",
                        maxConnections, head.length, application.output()).isTrue();
            }
            finally {
                for (SocketChannel channel : flood) {
                    channel.close();
                }
            }
            HttpResponse<String> after = HttpClient.newBuilder().connectTimeout(BOUND).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/article/metadata"))
                    .timeout(BOUND)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(application.output()).doesNotContain("OutOfMemoryError").doesNotContain(" ERROR ");
        }
    }

    /** Waits until the server's own metric counts max-connections connections, its heads read. */
    private static void awaitConnectionsHeld(ChildApplication application, int maxConnections) throws Exception {
        URI metrics = URI.create("http://127.0.0.1:" + application.managementPort() + "/actuator/prometheus");
        Pattern current = Pattern.compile("^tomcat_connections_current_connections\\{[^}]*\\} (\\S+)$",
                Pattern.MULTILINE);
        HttpClient client = HttpClient.newBuilder().connectTimeout(BOUND).build();
        long deadline = System.nanoTime() + BOUND.toNanos();
        String scrape = "";
        while (System.nanoTime() < deadline && application.process().isAlive()) {
            try {
                scrape = client.send(HttpRequest.newBuilder(metrics).timeout(BOUND).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            catch (IOException ex) {
                scrape = ex.toString(); // The process may be exiting: the loop's condition says.
            }
            Matcher matcher = current.matcher(scrape);
            if (matcher.find() && Double.parseDouble(matcher.group(1)) >= maxConnections) {
                return;
            }
            Thread.sleep(100);
        }
        fail("The server did not hold %d connections within %s (alive: %s); last scrape:%n%s%noutput:%n%s",
                maxConnections, BOUND, application.process().isAlive(), scrape, application.output());
    }

    /** A head that stops just short of its end, with {@code fields} fields and at most {@code limit} bytes. */
    private static byte[] largestHead(int limit, int fields) {
        String start = "GET /api/article HTTP/1.1\r\nHost: localhost\r\n";
        int width = (limit - start.length() - 16) / (fields - 1);
        String line = "X-Flood: " + "a".repeat(width - 11) + "\r\n";
        return (start + line.repeat(fields - 1)).getBytes(StandardCharsets.US_ASCII);
    }

    /** The most header fields (Host included) the server answers with 200, asked of the server itself. */
    private static int mostHeaderFields(int port) throws IOException {
        int low = 2;
        int high = 1000;
        while (low < high) {
            int middle = (low + high + 1) / 2;
            if (answered(port, middle)) {
                low = middle;
            }
            else {
                high = middle - 1;
            }
        }
        return low;
    }

    private static boolean answered(int port, int fields) throws IOException {
        StringBuilder request = new StringBuilder("GET /api/article/metadata HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < fields - 2; i++) {
            request.append("X-F").append(i).append(": a\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) BOUND.toMillis());
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(12), StandardCharsets.US_ASCII).equals("HTTP/1.1 200");
        }
    }

    /** The -Xmx of the production launch, in MB. */
    private static int productionHeapMb() throws IOException {
        Matcher xmx = Pattern.compile("-Xmx(\\d+)m\\b").matcher(Files.readString(Path.of("deploy", "run.sh")));
        assertThat(xmx.find()).as("an -Xmx in MB in deploy/run.sh").isTrue();
        return Integer.parseInt(xmx.group(1));
    }

}
