package news.summit.article;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A path or query parameter that is malformed, out of bounds or ambiguous. Its static methods
 * read parameters strictly: numbers in ASCII digits only, each known parameter at most once.
 */
class InvalidParameterException extends ErrorResponseException {

    InvalidParameterException(String detail) {
        super(HttpStatus.BAD_REQUEST, ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail), null);
        getBody().setTitle("Invalid parameter");
    }

    /** The single value of a query parameter, or {@code null} when it is absent. */
    static @Nullable String single(String name, @Nullable List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidParameterException(
                    "The query parameter '%s' is given %d times; give it once.".formatted(name, values.size()));
        }
        return values.get(0);
    }

    /** A whole number from {@code min} to {@code max}, written in ASCII digits only. */
    static int wholeNumber(String name, String value, int min, int max) {
        long number = 0;
        boolean valid = !value.isEmpty();
        for (int i = 0; valid && i < value.length(); i++) {
            char c = value.charAt(i);
            number = number * 10 + (c - '0');
            valid = c >= '0' && c <= '9' && number <= max;
        }
        if (!valid || number < min || number > max) {
            throw new InvalidParameterException(notAWholeNumber(name, min, max));
        }
        return (int) number;
    }

    static String notAWholeNumber(String name, int min, int max) {
        return "%s must be a whole number from %d to %d, written in ASCII digits.".formatted(name, min, max);
    }

    static int wholeNumber(String name, @Nullable List<String> values, int defaultValue, int min, int max) {
        String value = single(name, values);
        return (value != null) ? wholeNumber(name, value, min, max) : defaultValue;
    }

    /** Search text: whitespace collapsed as in the article, 1 to {@code maxLength} code points. */
    static @Nullable String searchText(String name, @Nullable List<String> values, int maxLength) {
        String value = single(name, values);
        if (value == null) {
            return null;
        }
        String text = ArticleParser.collapseWhitespace(value);
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > maxLength) {
            throw new InvalidParameterException(
                    "%s must have 1 to %d characters besides leading and trailing spaces; it has %d."
                        .formatted(name, maxLength, length));
        }
        return text;
    }

}
