package news.summit.web;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * The fast path: a GET or HEAD of a {@link RenderedResources rendered resource} is answered
 * before Spring MVC, which would spend more time mapping the request than there is work in it.
 * Anything else (another spelling of a path, a number that is not a paragraph's, an
 * {@code Accept} that nothing satisfies, a failed {@code If-Match}) goes on to Spring MVC, whose
 * controller answers it with the same resources and the same writer, or with its problem.
 */
final class RenderedResourcesFilter implements Filter {

    private final Supplier<RenderedResources> resources;

    /**
     * @param resources asked for at the first request: the filter starts with Tomcat, before the
     * application's beans, and an article that cannot be served must fail the start on its own
     * terms (its failure analysis), not as a failure of Tomcat's context
     */
    RenderedResourcesFilter(ObjectProvider<RenderedResources> resources) {
        this.resources = SingletonSupplier.of(resources::getObject);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        RenderedResources.Route route = this.resources.get().find(request.getRequestURI());
        if (route != null) {
            // Whatever answers, the request is counted by its route.
            RequestMetricsFilter.setRoute(request, route.template());
            String method = request.getMethod();
            if (("GET".equals(method) || "HEAD".equals(method))
                    && route.resource().write(request, response) == NegotiatedResource.Outcome.WRITTEN) {
                return;
            }
        }
        chain.doFilter(request, response);
    }

}
