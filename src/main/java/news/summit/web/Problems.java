package news.summit.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problem details of errors that reach no controller: a request the servlet container
 * refused, or a status sent without a body. Each detail speaks in the client's terms.
 */
final class Problems {

    /** What every resource of this API answers to; the {@code Allow} header of every 405. */
    static final String ALLOWED_METHODS = "GET, HEAD, OPTIONS";

    private Problems() {
    }

    static ProblemDetail forStatus(int status, @Nullable String requestUri) {
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail(status));
        problem.setTitle((known != null) ? known.getReasonPhrase() : "Error");
        problem.setInstance(instance(requestUri));
        return problem;
    }

    /**
     * The status to answer for one Tomcat chose: what a client sent is never a server error,
     * save 501 for a transfer coding Tomcat does not know (RFC 9112 6.1).
     */
    static int clientStatus(int status, @Nullable String method) {
        if (status == 501 && "CONNECT".equals(method)) {
            return 405;
        }
        return (status == 505) ? 400 : status;
    }

    static String detail(int status) {
        return switch (status) {
            case 400 -> "The request is malformed. Check the request line (HTTP/1.1), the headers and the "
                    + "percent-encoding of the path and query; encoded slashes, NUL bytes and paths that climb "
                    + "above the root are refused, and the request line and headers must fit in 8 KB.";
            case 403 -> "This cross-origin request is not allowed: any origin may use " + ALLOWED_METHODS
                    + ", without credentials.";
            case 404 -> "There is no resource at this path. GET / lists the resources this API serves.";
            case 405 -> "This method is not allowed here; the API answers " + ALLOWED_METHODS + ".";
            case 406 -> "No representation of this resource matches the Accept header.";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request body is too large; this API takes no request body.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            case 501 -> "The request uses a transfer coding that this server does not implement.";
            default -> (status >= 500) ? "The server could not answer this request. Try again later."
                    : "The request cannot be answered.";
        };
    }

    /**
     * The request path as a URI reference, or {@code null} when there is none (or the target is
     * not a path, as in {@code CONNECT host:port}). A malformed
     * target is kept recognisable: what a URI may not hold is percent-encoded.
     */
    static @Nullable URI instance(@Nullable String requestUri) {
        if (requestUri == null || !requestUri.startsWith("/")) {
            return null;
        }
        StringBuilder safe = new StringBuilder();
        byte[] bytes = requestUri.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean escape = (b == '%') ? !isEscape(bytes, i) : !isUriCharacter(b);
            safe.append(escape ? "%%%02X".formatted(b) : String.valueOf((char) b));
        }
        return URI.create(safe.toString());
    }

    private static boolean isEscape(byte[] bytes, int i) {
        return i + 2 < bytes.length && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0;
    }

    private static boolean isUriCharacter(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || "-._~!$&'()*+,;=:@/".indexOf(b) >= 0;
    }

}
