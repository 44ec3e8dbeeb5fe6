import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floods an internet-facing server meets, against one host and port on loopback; each stops
 * by itself and prints one summary line.
 *
 * <pre>
 * java bench/Flood.java idle      --port P --connections 10000 --duration 60
 * java bench/Flood.java slowloris --port P --connections 2000 --interval 5 --duration 120 [--tls true]
 * java bench/Flood.java trickle   --port P --connections 10000 --interval 1 --duration 45 --limit 4096 --fields 32
 * java bench/Flood.java pipeline  --port P --requests 1000
 * java bench/Flood.java search    --port P --requests 20000 --clients 8
 * </pre>
 *
 * idle: connections that send nothing; slowloris: connections that send a request head one byte
 * per interval and never finish it; trickle: connections that send one header line per interval,
 * each line the same size, until the head has {@code fields} fields and just under {@code limit}
 * bytes (the server's limits: the largest head it must hold), then nothing more. All three open a
 * new connection for each one the server closes, as an attacker would, and keep the count up for
 * the whole duration. pipeline: requests written
 * back to back on one connection before any answer is read. search: distinct {@code q} values
 * from several keep-alive clients. Options: --host (127.0.0.1), --path (/api/article/metadata).
 * slowloris with --tls true: each connection completes a TLS handshake (any certificate is
 * accepted), then trickles its head inside TLS, as against an edge that terminates TLS.
 */
class Flood {

    private static final byte[] SLOW_HEAD = "GET /api/article HTTP/1.1\r\nHost: x\r\nX-Slow: "
        .getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(options.get("port"));
        InetSocketAddress address = new InetSocketAddress(host, port);
        switch (args[0]) {
            case "idle" -> hold(address, number(options, "connections", 10000), 0,
                    number(options, "duration", 60), "idle", (sent) -> null);
            case "slowloris" -> {
                if (Boolean.parseBoolean(options.get("tls"))) {
                    TlsSlowloris.hold(address, number(options, "connections", 2000), number(options, "interval", 5),
                            number(options, "duration", 120), SLOW_HEAD);
                }
                else {
                    hold(address, number(options, "connections", 2000), number(options, "interval", 5),
                            number(options, "duration", 120), "slowloris", Flood::slowlorisByte);
                }
            }
            case "trickle" -> hold(address, number(options, "connections", 10000), number(options, "interval", 1),
                    number(options, "duration", 45), "trickle",
                    trickle(number(options, "limit", 4096), number(options, "fields", 32)));
            case "pipeline" -> pipeline(address, options.getOrDefault("path", "/api/article/metadata"),
                    number(options, "requests", 1000));
            case "search" -> search(host, port, number(options, "requests", 20000), number(options, "clients", 8));
            default -> throw new IllegalArgumentException("unknown flood: " + args[0]);
        }
    }

    private static int number(Map<String, String> options, String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    /** The next byte of a slowloris head: the head, then one header value that never ends. */
    private static byte[] slowlorisByte(int sent) {
        return new byte[] { (sent < SLOW_HEAD.length) ? SLOW_HEAD[sent] : (byte) 'a' };
    }

    /**
     * The next line of a head that grows to {@code fields} fields (Host included) and just under
     * {@code limit} bytes, one line at a time; {@code null} once it is that large.
     */
    private static Head trickle(int limit, int fields) {
        byte[] start = "GET /api/article HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII);
        int width = (limit - start.length - 8) / (fields - 1);
        byte[] line = ("X-Trickle: " + "a".repeat(width - 13) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        return (sent) -> (sent == 0) ? start : (sent + line.length <= start.length + (fields - 1) * line.length) ? line
                : null;
    }

    /** What a connection sends next, given how many bytes it has sent; {@code null}: nothing more. */
    private interface Head {

        byte[] next(int sent);

    }

    /**
     * Keeps {@code count} connections open; each sends the first part of its {@code head} once
     * connected, then one more part per interval.
     */
    private static void hold(InetSocketAddress address, int count, int interval, int seconds, String name, Head head)
            throws IOException {
        Map<SocketChannel, Integer> sent = new HashMap<>();
        int opened = 0;
        int closedByServer = 0;
        int failed = 0;
        int peak = 0;
        ByteBuffer sink = ByteBuffer.allocate(4096);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long nextByte = System.nanoTime() + interval * 1_000_000_000L;
        try (Selector selector = Selector.open()) {
            while (System.nanoTime() < end) {
                // Top up, a few hundred at a time so that the accept queue is not the only thing measured.
                for (int i = 0; sent.size() < count && i < 500; i++) {
                    SocketChannel channel = SocketChannel.open();
                    channel.configureBlocking(false);
                    try {
                        channel.connect(address);
                    }
                    catch (IOException ex) { // refused at once: the server is gone; say so at the end
                        failed++;
                        channel.close();
                        break;
                    }
                    channel.register(selector, SelectionKey.OP_CONNECT);
                    sent.put(channel, 0);
                    opened++;
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    try {
                        if (key.isConnectable()) {
                            channel.finishConnect();
                            key.interestOps(SelectionKey.OP_READ);
                            send(channel, head, sent);
                        }
                        else if (key.isReadable()) {
                            sink.clear();
                            if (channel.read(sink) < 0) {
                                closedByServer++;
                                sent.remove(channel);
                                channel.close();
                            }
                        }
                    }
                    catch (IOException ex) {
                        failed++;
                        sent.remove(channel);
                        channel.close();
                    }
                }
                selector.selectedKeys().clear();
                peak = Math.max(peak, sent.size());
                if (interval > 0 && System.nanoTime() >= nextByte) {
                    nextByte += interval * 1_000_000_000L;
                    for (SocketChannel channel : new ArrayList<>(sent.keySet())) {
                        if (channel.isConnected()) {
                            try {
                                send(channel, head, sent);
                            }
                            catch (IOException ex) {
                                failed++;
                                sent.remove(channel);
                                channel.close();
                            }
                        }
                    }
                }
            }
            for (SocketChannel channel : sent.keySet()) {
                channel.close();
            }
        }
        System.out.printf("flood %s: held up to %d connections, opened %d, closed by the server %d, failed %d%n",
                name, peak, opened, closedByServer, failed);
    }

    /** Writes the connection's next part, if any (a few hundred bytes at most: the socket takes them whole). */
    private static void send(SocketChannel channel, Head head, Map<SocketChannel, Integer> sent) throws IOException {
        byte[] next = head.next(sent.get(channel));
        if (next != null) {
            channel.write(ByteBuffer.wrap(next));
            sent.merge(channel, next.length, Integer::sum);
        }
    }

    /** Writes every request before reading any answer, then counts the answers' status codes. */
    private static void pipeline(InetSocketAddress address, String path, int requests) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= requests; i++) {
            all.append("GET ").append(path).append(" HTTP/1.1\r\nHost: x\r\n")
                .append((i == requests) ? "Connection: close\r\n" : "")
                .append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, 5000);
            socket.setSoTimeout(30_000);
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(all.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                catch (IOException ex) {
                    System.err.println("pipeline: writing stopped: " + ex.getMessage());
                }
            });
            writer.start();
            Map<String, Integer> statuses = new HashMap<>();
            InputStream in = socket.getInputStream();
            byte[] response = in.readAllBytes();
            writer.join();
            String text = new String(response, StandardCharsets.ISO_8859_1);
            for (int at = text.indexOf("HTTP/1.1 "); at >= 0; at = text.indexOf("HTTP/1.1 ", at + 1)) {
                statuses.merge(text.substring(at + 9, at + 12), 1, Integer::sum);
            }
            System.out.printf("flood pipeline: %d requests on one connection, answers by status %s%n", requests,
                    statuses);
        }
    }

    /** Distinct searches from {@code clients} keep-alive clients; counts the answers' status codes. */
    private static void search(String host, int port, int requests, int clients) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest
                        .newBuilder(URI.create("http://" + host + ":" + port + "/api/article/paragraphs?q=w" + i))
                        .timeout(Duration.ofSeconds(10))
                        .build();
                    int status;
                    try {
                        status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    }
                    catch (IOException ex) {
                        status = -1;
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    statuses.computeIfAbsent(status, (s) -> new AtomicInteger()).incrementAndGet();
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("flood search: %d distinct q from %d clients, answers by status %s (-1: I/O error)%n",
                requests, clients, statuses);
    }

}

/**
 * The slowloris inside TLS: a thread per connection, which connects, completes the handshake,
 * then writes one more byte of the head each interval; a read with the interval as its timeout
 * is the wait, and sees at once when the server closes the connection, which is then opened again.
 * TLS 1.2, as a thrifty attacker would choose: its sessions resume without a key exchange, so
 * reopening costs both sides little (a TLS 1.3 handshake from this JVM costs about six times as
 * much CPU), and an edge that cuts slow heads after 10 s sees 2,000 connections reopened 200
 * times a second.
 */
class TlsSlowloris {

    static void hold(InetSocketAddress address, int count, int interval, int seconds, byte[] head)
            throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] { new TrustAll() }, null);
        javax.net.ssl.SSLSocketFactory factory = context.getSocketFactory();
        AtomicInteger held = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closedByServer = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            Thread thread = new Thread(null, () -> {
                while (System.nanoTime() < end) {
                    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) factory.createSocket()) {
                        socket.setEnabledProtocols(new String[] { "TLSv1.2" });
                        socket.connect(address, 10_000);
                        socket.setSoTimeout(interval * 1000);
                        socket.startHandshake();
                        opened.incrementAndGet();
                        peak.accumulateAndGet(held.incrementAndGet(), Math::max);
                        try {
                            OutputStream out = socket.getOutputStream();
                            InputStream in = socket.getInputStream();
                            for (int at = 0; System.nanoTime() < end; at++) {
                                out.write((at < head.length) ? head[at] : 'a');
                                out.flush();
                                try {
                                    if (in.read() < 0) {
                                        closedByServer.incrementAndGet();
                                        break;
                                    }
                                }
                                catch (java.net.SocketTimeoutException ex) {
                                    // the interval is over: the next byte
                                }
                            }
                        }
                        finally {
                            held.decrementAndGet();
                        }
                    }
                    catch (IOException ex) {
                        failed.incrementAndGet();
                        try {
                            Thread.sleep(100);
                        }
                        catch (InterruptedException interrupted) {
                            return;
                        }
                    }
                }
            }, "slowloris-" + c, 256 * 1024);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf("flood slowloris over TLS: held up to %d connections, opened %d, closed by the server %d, "
                + "failed %d%n", peak.get(), opened.get(), closedByServer.get(), failed.get());
    }

    /** Any certificate: the flood attacks the edge, it does not trust it. */
    private static final class TrustAll implements javax.net.ssl.X509TrustManager {

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }

    }

}
