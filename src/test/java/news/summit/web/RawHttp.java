package news.summit.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Sends a request byte for byte over a socket, as HTTP client libraries will not: malformed
 * request lines, unnormalised paths, bad encodings, oversized or half-sent heads. Everything a
 * client can send goes through {@code RestTestClient} instead.
 */
public final class RawHttp {

    /** How long a read waits for the server: a test that expects an answer fails, not hangs. */
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private RawHttp() {
    }

    /** A request with {@code Host} and {@code Connection: close} after the given head lines. */
    public static Response get(int port, String requestLine, String... headers) {
        StringBuilder request = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("Connection: close\r\n\r\n");
        return send(port, request.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the bytes as they are and reads the one response up to the end of the connection. */
    public static Response send(int port, byte[] request) {
        try {
            return Response.read(new ByteArrayInputStream(sendForAll(port, request)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Sends the bytes as they are (pipelined requests, for one) and returns every byte the server
     * sends until it closes the connection, for {@link Response#read} to take apart.
     */
    public static byte[] sendForAll(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return readAll(socket.getInputStream());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            in.transferTo(bytes);
        }
        catch (IOException ex) {
            // A reset after the response was sent still leaves a response to read.
            if (bytes.size() == 0) {
                throw ex;
            }
        }
        return bytes.toByteArray();
    }

    /**
     * Status, headers (by name, in the order they first came), and the body with any chunked
     * framing removed.
     */
    public record Response(int status, HttpHeaders headers, byte[] body) {

        public @Nullable String header(String name) {
            return this.headers.getFirst(name);
        }

        public String text() {
            return new String(this.body, StandardCharsets.UTF_8);
        }

        /**
         * Reads one response off the stream and no further, so that the next pipelined response
         * can follow: its body framed by Content-Length, chunked, or else by the end of the stream
         * (never a body after 204 or 304; this reader sends no HEAD).
         * A response cut short is an {@link EOFException}.
         */
        public static Response read(InputStream in) throws IOException {
            List<String> head = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                head.add(line);
            }
            int status = Integer.parseInt(head.get(0).split(" ")[1]);
            HttpHeaders headers = new HttpHeaders();
            for (String line : head.subList(1, head.size())) {
                int colon = line.indexOf(':');
                headers.add(line.substring(0, colon), line.substring(colon + 1).trim());
            }
            Response response = new Response(status, headers, new byte[0]);
            String encoding = response.header("Transfer-Encoding");
            String length = response.header("Content-Length");
            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
            }
            else if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                body = dechunk(in);
            }
            else if (length != null) {
                body = exactly(in, Integer.parseInt(length));
            }
            else {
                body = in.readAllBytes();
            }
            return new Response(status, headers, body);
        }

        private static byte[] dechunk(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailer fields: none expected, none kept
                    }
                    return body.toByteArray();
                }
                body.writeBytes(exactly(in, size));
                line(in);
            }
        }

        private static byte[] exactly(InputStream in, int length) throws IOException {
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new EOFException("Body cut short: " + bytes.length + " of " + length + " bytes");
            }
            return bytes;
        }

        /** One line without its CRLF; the end of the stream before it ends is an EOFException. */
        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int previous = -1, next = in.read(); ; previous = next, next = in.read()) {
                if (next < 0) {
                    throw new EOFException("Response head cut short after " + line.size() + " bytes");
                }
                if (previous == '\r' && next == '\n') {
                    byte[] bytes = line.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                }
                line.write(next);
            }
        }

    }

}
