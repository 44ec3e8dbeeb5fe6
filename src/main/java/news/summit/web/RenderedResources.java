package news.summit.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The resources whose answer depends on their path alone, each registered once by the feature
 * that renders it, by path or by path template. {@link RenderedResourcesFilter} answers them
 * before Spring MVC; the OpenAPI description takes its examples from them.
 */
public final class RenderedResources {

    /** The resource for a template's path variables; {@code null} when there is none at those values. */
    @FunctionalInterface
    public interface Resolver {

        @Nullable NegotiatedResource resolve(Map<String, String> variables);

    }

    /** A resource and the route (a path, or a template such as {@code /a/{id}}) it was found by. */
    public record Route(String template, NegotiatedResource resource) {
    }

    private record Template(PathPattern pattern, Resolver resolver) {
    }

    private final Map<String, NegotiatedResource> paths;

    private final List<Template> templates;

    private RenderedResources(Map<String, NegotiatedResource> paths, List<Template> templates) {
        this.paths = Map.copyOf(paths);
        this.templates = List.copyOf(templates);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The resource at a path exactly as a client sent it (no other spelling), or {@code null}
     * when there is none: Spring MVC then answers the request.
     */
    public @Nullable Route find(String path) {
        NegotiatedResource resource = this.paths.get(path);
        if (resource != null) {
            return new Route(path, resource);
        }
        if (this.templates.isEmpty()) {
            return null;
        }
        PathContainer container = PathContainer.parsePath(path);
        for (Template template : this.templates) {
            PathPattern.PathMatchInfo match = template.pattern().matchAndExtract(container);
            if (match != null) {
                NegotiatedResource resolved = template.resolver().resolve(match.getUriVariables());
                return (resolved != null) ? new Route(template.pattern().getPatternString(), resolved) : null;
            }
        }
        return null;
    }

    public static final class Builder {

        private final Map<String, NegotiatedResource> paths = new HashMap<>();

        private final List<Template> templates = new ArrayList<>();

        private Builder() {
        }

        /** A resource at a literal path. */
        public Builder path(String path, NegotiatedResource resource) {
            if (this.paths.putIfAbsent(path, resource) != null) {
                throw new IllegalArgumentException("Registered twice: " + path);
            }
            return this;
        }

        /** Resources at the paths a template such as {@code /paragraphs/{number}} matches. */
        public Builder template(String template, Resolver resolver) {
            this.templates.add(new Template(PathPatternParser.defaultInstance.parse(template), resolver));
            return this;
        }

        public RenderedResources build() {
            return new RenderedResources(this.paths, this.templates);
        }

    }

}
