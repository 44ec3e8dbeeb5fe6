package news.summit.article;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.MultiValueMap;

/**
 * What a client asks of the paragraphs, read strictly from its request: numbers in ASCII digits
 * only and without leading zeros (one spelling, so one URL, for each), each known parameter at
 * most once, search text of bounded length. Anything else is an
 * {@link InvalidParameterValueException} that says what was wrong.
 *
 * @param text the search text, or {@code null} to list every paragraph
 */
record ParagraphQuery(int offset, int limit, @Nullable String text) {

    static final int DEFAULT_LIMIT = 20;

    static final int MAX_LIMIT = 100;

    static final int MAX_TEXT_LENGTH = 200;

    /** The query of {@code GET /api/article/paragraphs}, from its raw parameters. */
    static ParagraphQuery of(MultiValueMap<String, String> parameters) {
        return new ParagraphQuery(wholeNumber("offset", parameters.get("offset"), 0, 0, Integer.MAX_VALUE),
                wholeNumber("limit", parameters.get("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT),
                text("q", parameters.get("q")));
    }

    /** The number in {@code GET /api/article/paragraphs/{number}}. */
    static int paragraphNumber(String value) {
        return wholeNumber("Paragraph number", value, 1, Integer.MAX_VALUE);
    }

    /** The same, or -1 when it is not one (the fast path leaves the error to the controller). */
    static int paragraphNumberOrNone(String value) {
        return parseWholeNumber(value, 1, Integer.MAX_VALUE);
    }

    static String notAWholeNumber(String name, int min, int max) {
        return "%s must be a whole number from %d to %d, written in ASCII digits without leading zeros."
            .formatted(name, min, max);
    }

    /** The single value of a query parameter, or {@code null} when it is absent. */
    private static @Nullable String single(String name, @Nullable List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidParameterValueException(
                    "The query parameter '%s' is given %d times; give it once.".formatted(name, values.size()));
        }
        return values.get(0);
    }

    private static int wholeNumber(String name, @Nullable List<String> values, int defaultValue, int min, int max) {
        String value = single(name, values);
        return (value != null) ? wholeNumber(name, value, min, max) : defaultValue;
    }

    private static int wholeNumber(String name, String value, int min, int max) {
        int number = parseWholeNumber(value, min, max);
        if (number < 0) {
            throw new InvalidParameterValueException(notAWholeNumber(name, min, max));
        }
        return number;
    }

    /**
     * A whole number from {@code min} (0 or more) to {@code max}, written in ASCII digits only,
     * without a leading zero; -1 when the value is not one.
     */
    private static int parseWholeNumber(String value, int min, int max) {
        if (value.isEmpty() || (value.length() > 1 && value.charAt(0) == '0')) {
            return -1;
        }
        long number = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            number = number * 10 + (c - '0');
            if (c < '0' || c > '9' || number > max) {
                return -1;
            }
        }
        return (number < min) ? -1 : (int) number;
    }

    /** Search text: whitespace collapsed as in the article, 1 to {@link #MAX_TEXT_LENGTH} code points. */
    private static @Nullable String text(String name, @Nullable List<String> values) {
        String value = single(name, values);
        if (value == null) {
            return null;
        }
        String text = ArticleParser.collapseWhitespace(value);
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > MAX_TEXT_LENGTH) {
            throw new InvalidParameterValueException(
                    "%s must have 1 to %d characters besides leading and trailing spaces; it has %d."
                        .formatted(name, MAX_TEXT_LENGTH, length));
        }
        return text;
    }

}
