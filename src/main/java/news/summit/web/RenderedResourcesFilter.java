package news.summit.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The fast path for resources rendered once: a GET or HEAD of one of their exact paths is
 * answered from the rendered bytes before Spring MVC, which would spend more time mapping the
 * request than there is work in it (bench/: about 1.6 times the requests per second). Anything
 * else, another spelling of the path or an {@code Accept} nothing satisfies, goes on to Spring
 * MVC, whose controller answers the same resources the same way.
 */
public class RenderedResourcesFilter extends OncePerRequestFilter {

    private final Map<String, NegotiatedResource> resources;

    public RenderedResourcesFilter(Map<String, NegotiatedResource> resources) {
        this.resources = Map.copyOf(resources);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        NegotiatedResource resource = ("GET".equals(method) || "HEAD".equals(method))
                ? this.resources.get(request.getRequestURI()) : null;
        if (resource == null || !resource.write(request, response)) {
            chain.doFilter(request, response);
        }
    }

}
