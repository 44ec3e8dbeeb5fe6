package news.summit.article;

import io.swagger.v3.oas.annotations.media.Schema;

/** Facts derived from the source text; API.md defines each one. */
@Schema(requiredProperties = { "title", "language", "paragraphCount", "wordCount", "characterCount",
        "readingTimeMinutes", "sha256", "source" })
record ArticleMetadata(String title, String language, int paragraphCount, int wordCount,
        int characterCount, int readingTimeMinutes, String sha256, String source) {
}
