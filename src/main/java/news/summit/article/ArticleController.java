package news.summit.article;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Maps HTTP to the article: the service owns the rules, {@link ArticleRepresentations} holds
 * the rendered bytes, and each resource negotiates its own response.
 */
@RestController
class ArticleController {

    private final ArticleService service;

    private final ArticleRepresentations representations;

    ArticleController(ArticleService service, ArticleRepresentations representations) {
        this.service = service;
        this.representations = representations;
    }

    @GetMapping("/")
    ResponseEntity<byte[]> index(@RequestHeader HttpHeaders request) throws HttpMediaTypeNotAcceptableException {
        return this.representations.index().respond(request);
    }

    @GetMapping("/api/article")
    ResponseEntity<byte[]> article(@RequestHeader HttpHeaders request) throws HttpMediaTypeNotAcceptableException {
        return this.representations.article().respond(request);
    }

    @GetMapping("/api/article/metadata")
    ResponseEntity<byte[]> metadata(@RequestHeader HttpHeaders request) throws HttpMediaTypeNotAcceptableException {
        return this.representations.metadata().respond(request);
    }

    @GetMapping(ArticleRepresentations.PARAGRAPHS_PATH)
    ResponseEntity<byte[]> paragraphs(@RequestParam MultiValueMap<String, String> query,
            @RequestHeader HttpHeaders request) throws HttpMediaTypeNotAcceptableException {
        // The raw values: a known parameter given twice is an error, and "q=a,b" is one value.
        ParagraphPage page = this.service.paragraphs(
                InvalidParameterException.wholeNumber("offset", query.get("offset"), 0, 0, Integer.MAX_VALUE),
                InvalidParameterException.wholeNumber("limit", query.get("limit"), ArticleService.DEFAULT_LIMIT, 1,
                        ArticleService.MAX_LIMIT),
                InvalidParameterException.searchText("q", query.get("q"), ArticleService.MAX_QUERY_LENGTH));
        return this.representations.page(page).respond(request);
    }

    @GetMapping(ArticleRepresentations.PARAGRAPHS_PATH + "/{number}")
    ResponseEntity<byte[]> paragraph(@PathVariable String number, @RequestHeader HttpHeaders request)
            throws HttpMediaTypeNotAcceptableException {
        Paragraph paragraph = this.service.paragraph(
                InvalidParameterException.wholeNumber("Paragraph number", number, 1, Integer.MAX_VALUE));
        return this.representations.paragraph(paragraph.number()).respond(request);
    }

}
