package news.summit.article;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports an unservable article as one line instead of a stack trace. */
class ArticleSourceFailureAnalyzer extends AbstractFailureAnalyzer<ArticleSourceException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ArticleSourceException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set article.location to a readable, non-empty UTF-8 text file (classpath:… or file:…) "
                        + "whose first line is the title, followed by at least one paragraph.",
                cause);
    }

}
