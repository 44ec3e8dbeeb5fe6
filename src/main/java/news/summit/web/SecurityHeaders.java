package news.summit.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * The headers every response carries, errors included, whichever layer writes it: no content
 * sniffing, no referrer, a policy that lets API responses load nothing and be framed nowhere
 * (Swagger UI's pages load their own scripts and styles), and CORS's read permission for any
 * origin, never with credentials ({@code *} on every response, so that a cached one serves every
 * origin and nothing varies by {@code Origin}).
 */
final class SecurityHeaders {

    static final String EXPOSED_HEADERS = "ETag, Link, Repr-Digest";

    private static final String SWAGGER_UI = "/swagger-ui";

    private static final EncodedHeaders API = headers("default-src 'none'; frame-ancestors 'none'");

    /** Swagger UI's pages run its own scripts and styles, and call the API from the page. */
    private static final EncodedHeaders SWAGGER_UI_PAGES = headers(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");

    private SecurityHeaders() {
    }

    /** The headers of a response to a request for this path. */
    static EncodedHeaders forPath(String requestUri) {
        return requestUri.startsWith(SWAGGER_UI) ? SWAGGER_UI_PAGES : API;
    }

    /** Sets them on a response that may have some already (an error Tomcat or the error page writes). */
    static void setOn(HttpServletResponse response) {
        API.setOn(response);
    }

    private static EncodedHeaders headers(String contentSecurityPolicy) {
        return new EncodedHeaders(List.of(Map.entry("X-Content-Type-Options", "nosniff"),
                Map.entry("Referrer-Policy", "no-referrer"),
                Map.entry("Content-Security-Policy", contentSecurityPolicy),
                Map.entry(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                Map.entry(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS)));
    }

}
