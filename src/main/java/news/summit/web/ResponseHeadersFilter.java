package news.summit.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers every response carries, errors included: no content sniffing, no referrer, a
 * policy that lets API responses load nothing and be framed nowhere (Swagger UI's pages load
 * their own scripts and styles), and CORS.
 * <p>
 * CORS: any origin may read, never with credentials. {@code Access-Control-Allow-Origin: *}
 * goes on every response, so a cached one serves every origin and nothing varies by
 * {@code Origin}. A preflight for a method other than GET, HEAD or OPTIONS is refused with a
 * 403 problem.
 */
class ResponseHeadersFilter extends OncePerRequestFilter implements Ordered {

    /** Before Spring's {@code RequestContextFilter} (-105), so the fast path after it can skip that. */
    static final int ORDER = -110;

    private static final String API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

    /** Swagger UI's pages run its own scripts and styles, and call the API from the page. */
    private static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    private static final String EXPOSED_HEADERS = "ETag, Link, Repr-Digest";

    private static final EncodedHeaders API_HEADERS = headers(API_CONTENT_SECURITY_POLICY);

    private static final EncodedHeaders SWAGGER_UI_HEADERS = headers(SWAGGER_UI_CONTENT_SECURITY_POLICY);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EncodedHeaders headers = request.getRequestURI().startsWith("/swagger-ui") ? SWAGGER_UI_HEADERS : API_HEADERS;
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            headers.setOn(response);
            chain.doFilter(request, response);
            return;
        }
        headers.addTo(request, response);
        String preflightMethod = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (!"OPTIONS".equals(request.getMethod()) || request.getHeader(HttpHeaders.ORIGIN) == null
                || preflightMethod == null) {
            chain.doFilter(request, "OPTIONS".equals(request.getMethod()) ? new WithoutEmptyHeaders(response) : response);
        }
        else if (Problems.ALLOWED_METHODS.contains(HttpMethod.valueOf(preflightMethod))) {
            response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, Problems.ALLOW);
            String requestHeaders = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            if (requestHeaders != null) {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requestHeaders);
                response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
            }
            response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400");
            response.setStatus(HttpStatus.NO_CONTENT.value());
        }
        else {
            response.sendError(HttpStatus.FORBIDDEN.value());
        }
    }

    /** Before any filter that answers a request itself, such as {@link RenderedResourcesFilter}. */
    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Errors Tomcat forwards to the error page (a refused TRACE) are responses too. */
    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /**
     * Spring MVC's answer to OPTIONS sends {@code Accept-Patch} even when nothing here takes
     * PATCH; an empty header says nothing, so it is left out.
     */
    private static final class WithoutEmptyHeaders extends HttpServletResponseWrapper {

        WithoutEmptyHeaders(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, @Nullable String value) {
            if (value != null && !value.isEmpty()) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, @Nullable String value) {
            if (value != null && !value.isEmpty()) {
                super.addHeader(name, value);
            }
        }

    }

    private static EncodedHeaders headers(String contentSecurityPolicy) {
        return new EncodedHeaders(List.of(Map.entry("X-Content-Type-Options", "nosniff"),
                Map.entry("Referrer-Policy", "no-referrer"),
                Map.entry("Content-Security-Policy", contentSecurityPolicy),
                Map.entry(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
                Map.entry(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS)));
    }

    /** Also for the responses Tomcat writes itself, which no filter sees. */
    static void apply(HttpServletResponse response) {
        API_HEADERS.setOn(response);
    }

}
