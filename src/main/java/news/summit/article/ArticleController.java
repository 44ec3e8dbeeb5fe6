package news.summit.article;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import news.summit.web.NegotiatedResource;

import org.springframework.http.ProblemDetail;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.stereotype.Controller;

/**
 * Maps HTTP to the article: the service owns the rules, {@link ArticleRepresentations} holds
 * the rendered bytes, and each resource negotiates its own response. The routes are declared
 * here, once, as these constants: the mappings, the fast path's registrations
 * ({@link ArticleRoutes}), the index and the links use them. The annotations describe each
 * operation for the OpenAPI document; {@link ArticleApiDocumentation} adds what all share.
 */
@Tag(name = ArticleApiDocumentation.TAG)
@Controller
class ArticleController {

    static final String INDEX = "/";

    static final String ARTICLE = "/api/article";

    static final String METADATA = ARTICLE + "/metadata";

    static final String PARAGRAPHS = ARTICLE + "/paragraphs";

    static final String PARAGRAPH = PARAGRAPHS + "/{number}";

    private final ArticleService service;

    private final ArticleRepresentations representations;

    ArticleController(ArticleService service, ArticleRepresentations representations) {
        this.service = service;
        this.representations = representations;
    }

    @Operation(summary = "Index", description = "The article's title and the path of every resource.")
    @ApiResponse(responseCode = "200", description = "The index.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ArticleRepresentations.Index.class)))
    @GetMapping(INDEX)
    NegotiatedResource index() {
        return this.representations.index();
    }

    @Operation(summary = "The whole article",
            description = "Title, metadata and paragraphs as JSON; or, by Accept, the readable text, Markdown, "
                    + "or a schema.org NewsArticle in JSON-LD.")
    @ApiResponse(responseCode = "200", description = "The article in the representation Accept prefers.", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = Article.class)),
            @Content(mediaType = "text/plain;charset=UTF-8", schema = @Schema(type = "string")),
            @Content(mediaType = "text/markdown;charset=UTF-8", schema = @Schema(type = "string")),
            @Content(mediaType = "application/ld+json", schema = @Schema(implementation = ArticleRepresentations.NewsArticle.class)) })
    @GetMapping(ARTICLE)
    NegotiatedResource article() {
        return this.representations.article();
    }

    @Operation(summary = "The article's metadata", description = "Counts, reading time and checksum, "
            + "each derived from the source text.")
    @ApiResponse(responseCode = "200", description = "The metadata.", content = @Content(
            mediaType = "application/json", schema = @Schema(implementation = ArticleMetadata.class)))
    @GetMapping(METADATA)
    NegotiatedResource metadata() {
        return this.representations.metadata();
    }

    @Operation(summary = "Page through or search the paragraphs",
            description = "A page of the paragraphs, or of those containing q (compared case-insensitively, with "
                    + "typographic quotes, dashes and spaces matching their ASCII forms), with the UTF-16 offsets of "
                    + "each match. The Link header points to the next and previous pages.")
    @Parameter(name = "offset", in = ParameterIn.QUERY, description = "How many matching paragraphs to skip.",
            schema = @Schema(type = "integer", format = "int32", minimum = "0", maximum = "2147483647",
                    defaultValue = "0"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "How many paragraphs a page holds at most.",
            schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "100",
                    defaultValue = "20"))
    @Parameter(name = "q", in = ParameterIn.QUERY, description = "Text to search for; leading and trailing spaces "
            + "are ignored and runs of spaces count as one.",
            schema = @Schema(type = "string", minLength = 1, maxLength = 200))
    @ApiResponse(responseCode = "200", description = "One page.", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = ParagraphPage.class)))
    @ApiResponse(responseCode = "400", description = "offset, limit or q is malformed, out of bounds or repeated.",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(PARAGRAPHS)
    NegotiatedResource paragraphs(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> query) {
        // The raw values: a known parameter given twice is an error, and "q=a,b" is one value.
        return this.representations.page(this.service.paragraphs(ParagraphQuery.of(query)));
    }

    @Operation(summary = "One paragraph", description = "The paragraph at a position, from 1, as JSON or "
            + "as text. The Link header points to its neighbours, the first, the last and the collection.")
    @ApiResponse(responseCode = "200", description = "The paragraph.", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = Paragraph.class)),
            @Content(mediaType = "text/plain;charset=UTF-8", schema = @Schema(type = "string")) })
    @ApiResponse(responseCode = "400", description = "The number is not a whole number from 1 in ASCII digits.",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "404", description = "There is no paragraph at that number.",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(PARAGRAPH)
    NegotiatedResource paragraph(@Parameter(description = "The paragraph's position, from 1.", schema = @Schema(
            type = "integer", format = "int32", minimum = "1", maximum = "2147483647")) @PathVariable String number) {
        Paragraph paragraph = this.service.paragraph(ParagraphQuery.paragraphNumber(number));
        return this.representations.paragraph(paragraph.number());
    }

}
