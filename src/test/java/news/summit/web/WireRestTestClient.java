package news.summit.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

/**
 * What these tests need of Spring's {@link RestTestClient} beyond its defaults, in one place.
 * <p>
 * The client: the JDK's, on HTTP/1.1 without transparent compression. By default it offers an
 * h2c upgrade ({@code Connection}, {@code Upgrade}, {@code HTTP2-Settings}) and, since Spring
 * Framework 7, asks for gzip on every request, inflates the body and drops
 * {@code Content-Encoding}: it would hide the very bytes and headers these tests are about. Here
 * a request carries the fields it is given and those every request has (Host, User-Agent, the
 * JDK's {@code Content-Length: 0}, RestTestClient's request id); a response arrives as the server
 * sent it; and every wait is bounded.
 * <p>
 * The request: a target sent as written, not a URI template that would percent-encode its
 * {@code %} again, and header fields as name-value pairs, as a table of requests holds them.
 * The response is Spring's, for AssertJ ({@code assertThat(response).hasStatus(...)}) and for
 * its {@link RestTestClientResponse#getExchangeResult() exchange}: status, headers, bytes.
 */
public final class WireRestTestClient {

    /** Far longer than any answer takes on a loaded two-core machine: a hung server fails the test instead. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private WireRestTestClient() {
    }

    /** A builder of such clients, each request bounded by {@code timeout}; its base URL is the caller's. */
    public static RestTestClient.Builder<?> builder(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
        requestFactory.enableCompression(false);
        requestFactory.setReadTimeout(timeout);
        return RestTestClient.bindToServer(requestFactory);
    }

    /** A client of a server on this machine, such as the management port or an application in its own JVM. */
    public static RestTestClient onPort(int port) {
        return builder(TIMEOUT).baseUrl("http://127.0.0.1:" + port).build();
    }

    /** A GET of {@code target}, as written, with {@code fields} as name, value, name, value... */
    public static RestTestClientResponse get(RestTestClient client, String target, String... fields) {
        return exchange(client, HttpMethod.GET, target, fields);
    }

    /** A request for {@code target}, as written, with {@code fields} as name, value, name, value... */
    public static RestTestClientResponse exchange(RestTestClient client, HttpMethod method, String target,
            String... fields) {
        if (fields.length % 2 != 0) {
            throw new IllegalArgumentException("Header fields come as name-value pairs: " + String.join(", ", fields));
        }
        return RestTestClientResponse.from(client.method(method).uri(URI.create(target)).headers((headers) -> {
            for (int i = 0; i < fields.length; i += 2) {
                headers.add(fields[i], fields[i + 1]);
            }
        }).exchange());
    }

}
