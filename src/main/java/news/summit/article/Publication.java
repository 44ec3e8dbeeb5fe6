package news.summit.article;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * When, by whom and where the article was published, as the settings give it
 * ({@link ArticleProperties}); each part optional.
 *
 * @param url the article's canonical address
 */
record Publication(@Nullable OffsetDateTime published, @Nullable OffsetDateTime modified, List<String> authors,
        @Nullable URI url) {

    static final Publication NONE = new Publication(null, null, List.of(), null);

    Publication {
        authors = List.copyOf(authors);
    }

    /** What {@code Last-Modified} says: when it last changed, else when it was published; else nothing. */
    @Nullable Instant lastModified() {
        OffsetDateTime last = (this.modified != null) ? this.modified : this.published;
        return (last != null) ? last.toInstant() : null;
    }

    /** The authors as a byline reads them: "A", "A and B", "A, B and C"; empty when there are none. */
    String byline() {
        int n = this.authors.size();
        return (n < 2) ? String.join("", this.authors)
                : String.join(", ", this.authors.subList(0, n - 1)) + " and " + this.authors.get(n - 1);
    }

}
