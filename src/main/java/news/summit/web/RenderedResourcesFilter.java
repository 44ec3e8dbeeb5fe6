package news.summit.web;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * The fast path: a GET or HEAD of a resource that depends on its path alone is answered before
 * Spring MVC, which would spend more time mapping the request than there is work in it. Its
 * routes are the controllers' own: every {@code @GetMapping} method that returns a
 * {@link NegotiatedResource} and takes nothing but path variables. A literal path is looked up
 * as sent; a path with variables is matched against its pattern and the method called with
 * them. Anything else (another spelling of a literal path, a method that throws, an
 * {@code Accept} that nothing satisfies) goes on to Spring MVC, which answers it through the
 * same controller method and the same writer.
 */
public class RenderedResourcesFilter implements Filter, Ordered {

    private final Supplier<Routes> routes;

    /**
     * @param handlerMapping Spring MVC's mapping, asked for once, at the first request: the
     * filter starts with Tomcat, before the application's beans, and a resource that cannot be
     * built must fail the startup on its own terms, not as a Tomcat context failure
     */
    public RenderedResourcesFilter(Supplier<RequestMappingHandlerMapping> handlerMapping) {
        this.routes = SingletonSupplier.of(() -> new Routes(handlerMapping.get()));
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        Route route = this.routes.get().route(request.getRequestURI());
        if (route != null) {
            // Whatever answers, the request is counted by its route (RequestMetricsFilter).
            request.setAttribute(RequestMetricsFilter.ROUTE, route.template());
            String method = request.getMethod();
            if (("GET".equals(method) || "HEAD".equals(method)) && route.resource().write(request, response)) {
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The resource the fast path serves at a path as sent, or {@code null} when it serves none there. */
    public @Nullable NegotiatedResource resource(String path) {
        Route route = this.routes.get().route(path);
        return (route != null) ? route.resource() : null;
    }

    /** A resource and the route template it was found by. */
    private record Route(String template, NegotiatedResource resource) {
    }

    /**
     * Right after {@link ResponseHeadersFilter}, and before Spring's {@code RequestContextFilter},
     * whose thread-bound request the fast path has no use for. A plain filter, for requests only
     * (not error dispatches): nothing to do in {@code OncePerRequestFilter}'s bookkeeping.
     */
    @Override
    public int getOrder() {
        return ResponseHeadersFilter.ORDER + 1;
    }

    /** The fast path's routes, read from the controllers' mappings. */
    private static final class Routes {

        private final Map<String, Route> literal = new HashMap<>();

        private final List<Template> templates = new ArrayList<>();

        private record Template(PathPattern pattern, Object controller, Method method, String[] variables) {
        }

        Routes(RequestMappingHandlerMapping handlerMapping) {
            handlerMapping.getHandlerMethods().forEach((info, handler) -> {
                String[] variables = pathVariables(info, handler);
                if (variables == null || info.getPathPatternsCondition() == null) {
                    return;
                }
                Object controller = handlerMapping.getApplicationContext().getBean((String) handler.getBean());
                handler.getMethod().setAccessible(true);
                for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                    Template template = new Template(pattern, controller, handler.getMethod(), variables);
                    if (variables.length == 0 && !pattern.hasPatternSyntax()) {
                        this.literal.put(pattern.getPatternString(),
                                new Route(pattern.getPatternString(), invoke(template, Map.of())));
                    }
                    else {
                        this.templates.add(template);
                    }
                }
            });
        }

        @Nullable Route route(String path) {
            Route route = this.literal.get(path);
            if (route != null || this.templates.isEmpty()) {
                return route;
            }
            PathContainer container = PathContainer.parsePath(path);
            for (Template template : this.templates) {
                PathPattern.PathMatchInfo match = template.pattern().matchAndExtract(container);
                if (match != null) {
                    try {
                        return new Route(template.pattern().getPatternString(),
                                invoke(template, match.getUriVariables()));
                    }
                    catch (IllegalStateException ex) {
                        return null; // Spring MVC answers it, as the controller says.
                    }
                }
            }
            return null;
        }

        /**
         * The names of the path variables that are the method's only parameters, or
         * {@code null} when the mapping is not one for the fast path.
         */
        private static String @Nullable [] pathVariables(RequestMappingInfo info, HandlerMethod handler) {
            Method method = handler.getMethod();
            if (!NegotiatedResource.class.isAssignableFrom(method.getReturnType())
                    || !info.getMethodsCondition().getMethods().contains(RequestMethod.GET)
                    || !info.getParamsCondition().isEmpty() || !info.getHeadersCondition().isEmpty()
                    || !info.getConsumesCondition().isEmpty() || !info.getProducesCondition().isEmpty()
                    || !(handler.getBean() instanceof String)) {
                return null;
            }
            Parameter[] parameters = method.getParameters();
            String[] variables = new String[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                PathVariable variable = parameters[i].getAnnotation(PathVariable.class);
                if (variable == null || parameters[i].getType() != String.class) {
                    return null;
                }
                variables[i] = !variable.value().isEmpty() ? variable.value() : parameters[i].getName();
            }
            return variables;
        }

        private static NegotiatedResource invoke(Template template, Map<String, String> uriVariables) {
            Object[] arguments = new Object[template.variables().length];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = uriVariables.get(template.variables()[i]);
            }
            try {
                return (NegotiatedResource) template.method().invoke(template.controller(), arguments);
            }
            catch (InvocationTargetException | IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }

    }

}
