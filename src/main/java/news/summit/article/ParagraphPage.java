package news.summit.article;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One page of the paragraph list.
 *
 * @param total how many paragraphs match, before paging
 * @param query the search text, or {@code null} when the list is not searched
 */
@Schema(requiredProperties = { "total", "offset", "limit", "query", "paragraphs" })
record ParagraphPage(@Schema(minimum = "0", maximum = "2147483647") int total,
        @Schema(minimum = "0", maximum = "2147483647") int offset,
        @Schema(minimum = "1", maximum = "100") int limit, @Schema(types = { "string", "null" }) @Nullable String query,
        @ArraySchema(maxItems = 100) List<Paragraph> paragraphs) {

    ParagraphPage {
        paragraphs = List.copyOf(paragraphs);
    }

}
