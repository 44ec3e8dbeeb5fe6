package news.summit.article;

import org.jspecify.annotations.Nullable;

/**
 * The article's source cannot be served whole, so the application must not start.
 * {@link ArticleSourceFailureAnalyzer} turns it into one clear line.
 */
class ArticleSourceException extends RuntimeException {

    ArticleSourceException(String location, String reason, @Nullable Throwable cause) {
        super("Cannot serve the article from '" + location + "': " + reason + ".", cause);
    }

}
