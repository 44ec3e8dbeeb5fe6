package news.summit.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the {@link SecurityHeaders} on every response, errors included (it runs for error
 * dispatches too), and answers CORS preflights: GET, HEAD and OPTIONS are allowed from any origin;
 * a preflight for another method is refused with a 403 problem.
 */
class ResponseHeadersFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EncodedHeaders headers = SecurityHeaders.forPath(request.getRequestURI());
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

}
