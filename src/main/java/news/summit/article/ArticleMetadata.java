package news.summit.article;

import io.swagger.v3.oas.annotations.media.Schema;

/** Facts derived from the source text; docs/api.md defines each one. */
@Schema(requiredProperties = { "title", "language", "paragraphCount", "wordCount", "characterCount",
        "readingTimeMinutes", "sha256", "source" })
record ArticleMetadata(String title, String language,
        @Schema(minimum = "1", maximum = "2147483647") int paragraphCount,
        @Schema(minimum = "1", maximum = "2147483647") int wordCount,
        @Schema(minimum = "1", maximum = "2147483647") int characterCount,
        @Schema(minimum = "1", maximum = "2147483647") int readingTimeMinutes, String sha256, String source) {
}
