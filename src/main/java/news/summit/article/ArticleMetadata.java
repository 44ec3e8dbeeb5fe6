package news.summit.article;

/** Facts derived from the source text; API.md defines each one. */
record ArticleMetadata(String title, String language, int paragraphCount, int wordCount,
        int characterCount, int readingTimeMinutes, String sha256, String source) {
}
