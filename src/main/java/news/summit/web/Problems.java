package news.summit.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The one factory of this API's errors: every layer that answers one (the MVC advice, the error
 * page, Tomcat's error report valve, the OpenAPI examples) takes its status, title, detail,
 * {@code instance} and headers from here, so the same error reads the same from every layer.
 * Each detail speaks in the client's terms.
 */
public final class Problems {

    /** What every resource of this API answers to, in the one form every {@code Allow} header takes. */
    static final List<HttpMethod> ALLOWED_METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    static final String ALLOW = ALLOWED_METHODS.stream().map(HttpMethod::name).collect(Collectors.joining(","));

    private static final String ALLOWED_IN_WORDS = "GET, HEAD and OPTIONS";

    private Problems() {
    }

    /** A problem of the API's own, such as an invalid parameter. */
    public static ProblemDetail of(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    /** The problem for a status, with the detail this API gives it wherever it arises. */
    static ProblemDetail forStatus(int status, @Nullable String method, @Nullable String requestUri) {
        HttpStatus known = HttpStatus.resolve(status);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status),
                (status == 405 && method != null) ? methodNotAllowed(method) : detail(status));
        problem.setTitle((known != null) ? known.getReasonPhrase() : "Error");
        problem.setInstance(instance(requestUri));
        return problem;
    }

    /**
     * A 404 for the request. On the management port its detail names what that port serves (its
     * endpoints, and health's probes), as the API's names the index.
     */
    static ProblemDetail notFound(HttpServletRequest request, @Nullable String requestUri) {
        ProblemDetail problem = forStatus(404, request.getMethod(), requestUri);
        WebApplicationContext context = RequestContextUtils.findWebApplicationContext(request);
        PathMappedEndpoints endpoints = (context != null
                && WebServerApplicationContext.hasServerNamespace(context, "management"))
                        ? context.getBeanProvider(PathMappedEndpoints.class).getIfAvailable() : null;
        if (endpoints != null) {
            List<String> paths = endpoints.getAllPaths().stream()
                .flatMap((path) -> path.endsWith("/health")
                        ? Stream.of(path, path + "/liveness", path + "/readiness") : Stream.of(path))
                .sorted()
                .toList();
            problem.setDetail("There is no resource at this path. This port serves " + String.join(", ", paths)
                    + ".");
        }
        return problem;
    }

    /** A 406, naming what the resource is available as. */
    public static ProblemDetail notAcceptable(List<MediaType> available, @Nullable String requestUri) {
        ProblemDetail problem = forStatus(406, null, requestUri);
        problem.setDetail(notAcceptableDetail(available));
        return problem;
    }

    /** A 412: If-Match names no current entity tag. */
    public static ProblemDetail preconditionFailed(@Nullable String requestUri) {
        return forStatus(412, null, requestUri);
    }

    static String notAcceptableDetail(List<MediaType> available) {
        return detail(406) + "; it is available as "
                + available.stream().map(MediaType::toString).collect(Collectors.joining(", ")) + ".";
    }

    static String methodNotAllowed(String method) {
        return "The method %s is not allowed here; the API answers %s.".formatted(method, ALLOWED_IN_WORDS);
    }

    static String unreadableQuery() {
        return "The query string cannot be read: each parameter must be percent-encoded UTF-8, and there may be "
                + "at most 1000 of them.";
    }

    /**
     * The headers of every problem: its media type, {@code no-store} (a problem is about one
     * request; no cache may keep it) and, for a 405, {@code Allow}.
     */
    static HttpHeaders headers(HttpStatusCode status) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setCacheControl(CacheControl.noStore());
        if (status.value() == 405) {
            headers.set(HttpHeaders.ALLOW, ALLOW);
        }
        return headers;
    }

    /** A problem as the response to send. */
    static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
        HttpStatusCode status = HttpStatusCode.valueOf(problem.getStatus());
        return ResponseEntity.status(status).headers(headers(status)).body(problem);
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
            case 400 -> "The request is malformed or too large. Check the request line (HTTP/1.1), the headers "
                    + "(their size and number are limited) and the percent-encoding of the path and query; "
                    + "encoded slashes, NUL bytes and paths that climb above the root are refused.";
            case 403 -> "This cross-origin request is not allowed: any origin may use " + ALLOWED_IN_WORDS
                    + ", without credentials.";
            case 404 -> "There is no resource at this path. GET / lists the resources this API serves.";
            case 405 -> "This method is not allowed here; the API answers " + ALLOWED_IN_WORDS + ".";
            case 406 -> "No representation of this resource matches the Accept header";
            case 408 -> "The request took too long to arrive.";
            case 412 -> "If-Match names no current entity tag of this resource: fetch it again for its ETag.";
            case 413 -> "The request body is too large; this API takes no request body.";
            case 414 -> "The request URI is too long.";
            case 431 -> "The request headers are too large.";
            case 501 -> "The request uses a transfer coding that this server does not implement.";
            default -> (status >= 500) ? "The server could not answer this request. Try again later."
                    : "The request cannot be answered.";
        };
    }

    /**
     * The request path as a URI reference. A malformed target is kept recognisable: what a URI
     * may not hold is percent-encoded. Where there is no path (a request line too long to read,
     * or a target that is not a path, as in {@code CONNECT host:port}), a URN names this
     * occurrence instead (RFC 9457 3.1.5), so that every problem has an instance.
     */
    static URI instance(@Nullable String requestUri) {
        if (requestUri == null || !requestUri.startsWith("/")) {
            return URI.create("urn:uuid:" + UUID.randomUUID());
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
