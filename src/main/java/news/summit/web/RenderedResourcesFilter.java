package news.summit.web;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The fast path for resources rendered once: a GET or HEAD of one of their exact paths is
 * answered from the rendered bytes before Spring MVC, which would spend more time mapping the
 * request than there is work in it (bench/: about 1.6 times the requests per second). Anything
 * else, another spelling of the path or an {@code Accept} nothing satisfies, goes on to Spring
 * MVC, whose controller answers the same resources the same way.
 */
public class RenderedResourcesFilter extends OncePerRequestFilter {

    private final Supplier<Map<String, NegotiatedResource>> resources;

    /**
     * @param resources the resources by exact path, asked for once, at the first request: the
     * filter starts with Tomcat, before the application's beans, and a resource that cannot be
     * built must fail the startup on its own terms, not as a Tomcat context failure
     */
    public RenderedResourcesFilter(Supplier<Map<String, NegotiatedResource>> resources) {
        this.resources = SingletonSupplier.of(() -> Map.copyOf(resources.get()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        NegotiatedResource resource = ("GET".equals(method) || "HEAD".equals(method))
                ? this.resources.get().get(request.getRequestURI()) : null;
        if (resource == null || !resource.write(request, response)) {
            chain.doFilter(request, response);
        }
    }

}
