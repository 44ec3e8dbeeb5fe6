package news.summit.article;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** The parsed article: its title, what is derived from it, and its paragraphs in order. */
@Schema(requiredProperties = { "title", "metadata", "paragraphs" })
record Article(String title, ArticleMetadata metadata, List<Paragraph> paragraphs) {

    Article {
        paragraphs = List.copyOf(paragraphs);
    }

    Article withPublication(Publication publication) {
        return new Article(this.title, this.metadata.withPublication(publication), this.paragraphs);
    }

}
