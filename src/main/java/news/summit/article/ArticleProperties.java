package news.summit.article;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings of the article feature.
 *
 * @param location any Spring resource string naming the UTF-8 source text
 * @param language the article's language tag, served as metadata
 * @param cacheMaxAge how long clients and shared caches may reuse a response
 */
@ConfigurationProperties("article")
record ArticleProperties(
        @DefaultValue("classpath:articles/summit.txt") String location,
        @DefaultValue("en") String language,
        @DefaultValue("1h") Duration cacheMaxAge) {

    ArticleProperties {
        Assert.hasText(location, "article.location must not be empty");
        Assert.isTrue(language.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*"),
                () -> "article.language must be a language tag such as 'en', not '" + language + "'");
        Assert.isTrue(!cacheMaxAge.isNegative(), "article.cache-max-age must not be negative");
    }

}
