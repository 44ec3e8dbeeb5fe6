package news.summit.article;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a bad {@code article.*} setting as one line (what is wrong and what it must be, from
 * {@link ArticleProperties}) instead of Spring Boot's report of a failed binding.
 */
class ArticleSettingsFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

    /** Before Spring Boot's own analyzer of failed bindings, which would take the failure first. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        if (!name.equals("article") && !name.startsWith("article.")) {
            return null;
        }
        // A value ArticleProperties refused names its setting; one that could not even be converted has a property.
        IllegalArgumentException invalid = findCause(cause, IllegalArgumentException.class);
        String reason = (invalid != null) ? invalid.getMessage() : rootFailure.getMessage();
        ConfigurationProperty property = cause.getProperty();
        String description = (property != null) ? "Cannot start: the setting %s is '%s': %s."
            .formatted(property.getName(), property.getValue(), reason) : "Cannot start: " + reason + ".";
        return new FailureAnalysis(description,
                "Correct the article.* setting named above (docs/api.md, \"Settings\"), or remove it.", cause);
    }

}
