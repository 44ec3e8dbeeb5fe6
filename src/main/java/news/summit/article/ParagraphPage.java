package news.summit.article;

import java.util.List;

/**
 * One page of the paragraph list.
 *
 * @param total how many paragraphs match, before paging
 * @param query the search text, or {@code null} when the list is not searched
 */
record ParagraphPage(int total, int offset, int limit, String query, List<Paragraph> paragraphs) {

    ParagraphPage {
        paragraphs = List.copyOf(paragraphs);
    }

}
