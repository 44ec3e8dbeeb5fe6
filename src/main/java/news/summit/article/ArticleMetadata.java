package news.summit.article;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What is known of the article, docs/api.md defines each field: facts derived from the source
 * text (counts, the excerpt, the checksum), then the publication facts the settings give
 * ({@link Publication}), each absent when its setting is.
 */
@Schema(requiredProperties = { "title", "excerpt", "language", "paragraphCount", "wordCount", "characterCount",
        "readingTimeMinutes", "sha256", "source" })
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record ArticleMetadata(String title,
        @Schema(description = "The first sentence of the first paragraph.") String excerpt, String language,
        @Schema(minimum = "1", maximum = "2147483647") int paragraphCount,
        @Schema(minimum = "1", maximum = "2147483647") int wordCount,
        @Schema(minimum = "1", maximum = "2147483647") int characterCount,
        @Schema(minimum = "1", maximum = "2147483647") int readingTimeMinutes, String sha256, String source,
        @Schema(description = "When it was first published (setting article.published); absent when not set.")
        @Nullable OffsetDateTime published,
        @Schema(description = "When it last changed (setting article.modified); absent when not set.")
        @Nullable OffsetDateTime modified,
        @Schema(description = "Its authors, in byline order (setting article.authors); absent when not set.")
        List<String> authors,
        @Schema(description = "Its canonical URL (setting article.url); absent when not set.", format = "uri")
        @Nullable URI url) {

    ArticleMetadata {
        authors = List.copyOf(authors);
    }

    /** The same facts of the text, with what the settings say of its publication. */
    ArticleMetadata withPublication(Publication publication) {
        return new ArticleMetadata(this.title, this.excerpt, this.language, this.paragraphCount, this.wordCount,
                this.characterCount, this.readingTimeMinutes, this.sha256, this.source, publication.published(),
                publication.modified(), publication.authors(), publication.url());
    }

    Publication publication() {
        return new Publication(this.published, this.modified, this.authors, this.url);
    }

}
