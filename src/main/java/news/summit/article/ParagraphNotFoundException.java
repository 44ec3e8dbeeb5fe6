package news.summit.article;

import news.summit.web.Problems;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A paragraph number past the last. */
class ParagraphNotFoundException extends ErrorResponseException {

    ParagraphNotFoundException(int number, int last) {
        super(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "Paragraph not found",
                "Paragraph %d does not exist; this article has paragraphs 1 to %d.".formatted(number, last)), null);
    }

}
