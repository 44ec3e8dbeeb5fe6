package news.summit.article;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Maps HTTP to {@link ArticleService}; the service owns the rules. */
@RestController
class ArticleController {

    private final ArticleService service;

    /** What {@code GET /} answers: where each resource is. */
    record Index(String title, Map<String, String> links) {
    }

    ArticleController(ArticleService service) {
        this.service = service;
    }

    @GetMapping("/")
    Index index() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("article", "/api/article");
        links.put("metadata", "/api/article/metadata");
        links.put("paragraphs", "/api/article/paragraphs");
        links.put("paragraph", "/api/article/paragraphs/{number}");
        links.put("openapi", "/v3/api-docs");
        links.put("health", "/actuator/health");
        return new Index(this.service.article().title(), links);
    }

    @GetMapping("/api/article")
    Article article() {
        return this.service.article();
    }

    @GetMapping("/api/article/metadata")
    ArticleMetadata metadata() {
        return this.service.article().metadata();
    }

    @GetMapping("/api/article/paragraphs")
    ParagraphPage paragraphs(@RequestParam MultiValueMap<String, String> query) {
        // The raw values: a known parameter given twice is an error, and "q=a,b" is one value.
        return this.service.paragraphs(
                InvalidParameterException.wholeNumber("offset", query.get("offset"), 0, 0, Integer.MAX_VALUE),
                InvalidParameterException.wholeNumber("limit", query.get("limit"), ArticleService.DEFAULT_LIMIT, 1,
                        ArticleService.MAX_LIMIT),
                InvalidParameterException.searchText("q", query.get("q"), ArticleService.MAX_QUERY_LENGTH));
    }

    @GetMapping("/api/article/paragraphs/{number}")
    Paragraph paragraph(@PathVariable String number) {
        return this.service.paragraph(InvalidParameterException.wholeNumber("Paragraph number", number, 1,
                Integer.MAX_VALUE));
    }

}
