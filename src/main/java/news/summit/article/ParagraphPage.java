package news.summit.article;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One page of the paragraph list.
 *
 * @param total how many paragraphs match, before paging
 * @param query the search text, or {@code null} when the list is not searched
 */
@Schema(requiredProperties = { "total", "offset", "limit", "query", "paragraphs" })
record ParagraphPage(int total, int offset, int limit, @Schema(types = { "string", "null" }) String query, List<Paragraph> paragraphs) {

    ParagraphPage {
        paragraphs = List.copyOf(paragraphs);
    }

}
