package news.summit.article;

import java.util.List;

/** The parsed article: its title, what is derived from it, and its paragraphs in order. */
record Article(String title, ArticleMetadata metadata, List<Paragraph> paragraphs) {

    Article {
        paragraphs = List.copyOf(paragraphs);
    }

}
