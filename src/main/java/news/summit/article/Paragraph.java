package news.summit.article;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One paragraph, numbered from 1.
 *
 * @param matches where a search matched, in UTF-16 offsets into {@code text}; {@code null}
 * (and not serialized) outside search results
 */
record Paragraph(int number, String text, int wordCount,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Match> matches) {

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
    record Match(int start, int end) {
    }

}
