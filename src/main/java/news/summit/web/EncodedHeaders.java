package news.summit.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Fixed response headers, encoded once. A header set through the servlet API is a pair of
 * strings that Tomcat encodes again on every response, with a new {@code CharsetEncoder} for the
 * name and another for the value ({@code MessageBytes.toBytes}): for the nine headers of an
 * answer here, 6 to 8 % of a request's CPU (README, "Performance"). These go into Tomcat's
 * own list of the response's headers as bytes instead, which {@link Exposer}, a valve, hands to
 * the application for each request. Where it has not (a mock response, an error dispatch that
 * must replace rather than add), they go through the servlet API.
 */
final class EncodedHeaders {

    /** The request attribute that holds Tomcat's headers of the response. */
    static final String ATTRIBUTE = EncodedHeaders.class.getName();

    private final List<Map.Entry<String, String>> headers;

    private final byte[][] names;

    private final byte[][] values;

    /** @param headers names and values in the order they are sent, each in ISO-8859-1 */
    EncodedHeaders(List<Map.Entry<String, String>> headers) {
        this.headers = List.copyOf(headers);
        this.names = this.headers.stream().map((header) -> encode(header.getKey())).toArray(byte[][]::new);
        this.values = this.headers.stream().map((header) -> encode(header.getValue())).toArray(byte[][]::new);
    }

    /** Adds the headers to a response that has none of them yet. */
    void addTo(ServletRequest request, HttpServletResponse response) {
        if (!(request.getAttribute(ATTRIBUTE) instanceof MimeHeaders tomcat)) {
            this.headers.forEach((header) -> response.addHeader(header.getKey(), header.getValue()));
            return;
        }
        for (int i = 0; i < this.names.length; i++) {
            // Copies: Tomcat recycles a header's buffer and may write another value into it.
            byte[] name = this.names[i].clone();
            byte[] value = this.values[i].clone();
            tomcat.addValue(name, 0, name.length).setBytes(value, 0, value.length);
        }
    }

    /** Replaces the headers' values on a response that may have them already. */
    void setOn(HttpServletResponse response) {
        this.headers.forEach((header) -> response.setHeader(header.getKey(), header.getValue()));
    }

    private static byte[] encode(String text) {
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException("Not a header in ISO-8859-1: " + text);
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Hands the application Tomcat's headers of each response, as the request attribute {@link #ATTRIBUTE}. */
    static final class Exposer extends ValveBase {

        Exposer() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            request.setAttribute(ATTRIBUTE, response.getCoyoteResponse().getMimeHeaders());
            getNext().invoke(request, response);
        }

    }

}
