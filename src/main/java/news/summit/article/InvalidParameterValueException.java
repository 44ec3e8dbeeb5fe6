package news.summit.article;

import news.summit.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A path or query parameter that is malformed, out of bounds or ambiguous ({@link ParagraphQuery}). */
class InvalidParameterValueException extends ErrorResponseException {

    InvalidParameterValueException(String detail) {
        super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "Invalid parameter", detail), null);
    }

}
