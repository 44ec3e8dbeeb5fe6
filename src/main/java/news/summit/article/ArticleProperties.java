package news.summit.article;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings of the article feature. The source holds none of the publication facts, so they come
 * from here, each optional: none is ever invented. A bad value stops the start with one line
 * ({@link ArticleSettingsFailureAnalyzer}).
 *
 * @param location any Spring resource string naming the UTF-8 source text
 * @param language the article's language tag, served as metadata
 * @param cacheMaxAge how long clients and shared caches may reuse a response
 * @param published when it was first published: an ISO 8601 date-time with an offset
 * @param modified when it was last changed, not before {@code published}: the same form
 * @param authors the names of its authors, in byline order
 * @param url its canonical address: an absolute http or https URL
 */
@ConfigurationProperties("article")
record ArticleProperties(
        @DefaultValue("classpath:articles/summit.txt") String location,
        @DefaultValue("en") String language,
        @DefaultValue("1h") Duration cacheMaxAge,
        @Nullable String published,
        @Nullable String modified,
        @DefaultValue List<String> authors,
        @Nullable String url) {

    ArticleProperties {
        Assert.hasText(location, "article.location must not be empty");
        Assert.isTrue(language.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"),
                () -> "article.language must be a language tag such as 'en', not '" + language + "'");
        Assert.isTrue(!cacheMaxAge.isNegative(), "article.cache-max-age must not be negative");
        authors = List.copyOf(authors);
        Assert.isTrue(authors.stream().noneMatch(String::isBlank), "article.authors must not hold an empty name");
        OffsetDateTime first = dateTime("article.published", published);
        OffsetDateTime last = dateTime("article.modified", modified);
        Assert.isTrue(first == null || last == null || !last.isBefore(first),
                () -> "article.modified (" + modified + ") must not be before article.published (" + published + ")");
        canonicalUrl(url);
    }

    /** The publication facts these settings give. */
    Publication publication() {
        return new Publication(dateTime("article.published", this.published),
                dateTime("article.modified", this.modified), this.authors, canonicalUrl(this.url));
    }

    private static @Nullable OffsetDateTime dateTime(String name, @Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw new IllegalArgumentException(name + " must be an ISO 8601 date-time with an offset, such as "
                    + "2024-05-16T09:00:00+08:00, not '" + value + "'", ex);
        }
    }

    private static @Nullable URI canonicalUrl(@Nullable String value) {
        if (value == null) {
            return null;
        }
        String problem = "article.url must be an absolute http or https URL, such as https://news.example/summit, "
                + "not '" + value + "'";
        try {
            URI uri = new URI(value);
            Assert.isTrue(("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getFragment() == null, problem);
            return uri;
        }
        catch (URISyntaxException ex) {
            throw new IllegalArgumentException(problem, ex);
        }
    }

}
