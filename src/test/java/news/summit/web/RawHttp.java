package news.summit.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Sends a request byte for byte over a socket, as HTTP client libraries will not: unnormalised
 * paths, bad encodings, oversized headers. Reads one response to the end of the connection.
 */
public final class RawHttp {

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

    public static Response send(int port, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return Response.parse(readAll(socket.getInputStream()));
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

    /** Status, headers in order, and the body with any chunked framing removed. */
    public record Response(int status, List<String[]> headers, byte[] body) {

        public String header(String name) {
            return this.headers.stream()
                .filter((h) -> h[0].equalsIgnoreCase(name))
                .map((h) -> h[1])
                .findFirst()
                .orElse(null);
        }

        public String text() {
            return new String(this.body, StandardCharsets.UTF_8);
        }

        static Response parse(byte[] raw) {
            int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
            if (end < 0) {
                throw new IllegalStateException("No complete response head in " + raw.length + " bytes");
            }
            String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            List<String[]> headers = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new String[] { lines[i].substring(0, colon), lines[i].substring(colon + 1).trim() });
            }
            byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
            Response response = new Response(status, headers, body);
            String encoding = response.header("Transfer-Encoding");
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
                return new Response(status, headers, dechunk(body));
            }
            return response;
        }

        private static byte[] dechunk(byte[] chunked) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int position = 0;
            while (true) {
                int lineEnd = indexOf(chunked, "\r\n".getBytes(StandardCharsets.US_ASCII), position);
                String sizeLine = new String(chunked, position, lineEnd - position, StandardCharsets.US_ASCII);
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    return body.toByteArray();
                }
                body.write(chunked, lineEnd + 2, size);
                position = lineEnd + 2 + size + 2;
            }
        }

        private static int indexOf(byte[] haystack, byte[] needle, int from) {
            outer: for (int i = from; i <= haystack.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (haystack[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

    }

}
