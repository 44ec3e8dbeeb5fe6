package news.summit.article;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * One paragraph, numbered from 1.
 *
 * @param matches where a search matched, in UTF-16 offsets into {@code text}; {@code null}
 * (and not serialized) outside search results
 */
@Schema(requiredProperties = { "number", "text", "wordCount" })
record Paragraph(@Schema(minimum = "1", maximum = "2147483647") int number, String text,
        @Schema(minimum = "1", maximum = "2147483647") int wordCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable List<Match> matches) {

    Paragraph(int number, String text, int wordCount) {
        this(number, text, wordCount, null);
    }

    Paragraph {
        matches = (matches != null) ? List.copyOf(matches) : null;
    }

    Paragraph withMatches(List<Match> matches) {
        return new Paragraph(this.number, this.text, this.wordCount, matches);
    }

    /** A match of a search query: {@code start} inclusive, {@code end} exclusive. */
    @Schema(requiredProperties = { "start", "end" })
    record Match(@Schema(minimum = "0", maximum = "2147483647") int start,
            @Schema(minimum = "1", maximum = "2147483647") int end) {
    }

}
