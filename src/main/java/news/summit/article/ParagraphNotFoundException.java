package news.summit.article;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A paragraph number past the last. */
class ParagraphNotFoundException extends ErrorResponseException {

    ParagraphNotFoundException(int number, int last) {
        super(HttpStatus.NOT_FOUND, ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "Paragraph %d does not exist; this article has paragraphs 1 to %d.".formatted(number, last)), null);
        getBody().setTitle("Paragraph not found");
    }

}
