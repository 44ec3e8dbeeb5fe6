package news.summit.article;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import news.summit.web.NegotiatedResource;
import news.summit.web.Representation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * What every operation of the OpenAPI document shares, added once instead of annotated five
 * times: the validators and caching headers, 304 and 406, and examples that are the real
 * responses, taken from the rendered representations.
 */
@Component
class ArticleApiDocumentation implements OpenApiCustomizer {

    static final String TAG = "Article";

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final ArticleService service;

    private final ArticleRepresentations representations;

    private final JsonMapper json;

    private final @Nullable BuildProperties build;

    ArticleApiDocumentation(ArticleService service, ArticleRepresentations representations, JsonMapper json,
            ObjectProvider<BuildProperties> build) {
        this.service = service;
        this.representations = representations;
        this.json = json;
        this.build = build.getIfAvailable();
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.info(new Info().title("Summit article API")
            .version((this.build != null) ? this.build.getVersion() : "dev")
            .description("One news article, the Xi\u2013Putin summit article: its metadata and paragraphs, with "
                    + "paging, search and content negotiation. Every error is an RFC 9457 problem."));
        Schema<?> problem = openApi.getComponents().getSchemas().get("ProblemDetail");
        if (problem != null) {
            // Spring writes a ProblemDetail's extra properties as members, never as "properties".
            problem.getProperties().remove("properties");
            problem.setRequired(List.of("title", "status", "detail"));
        }
        openApi.tags(List.of(new Tag().name(TAG).description("The article, its metadata and its paragraphs.")));
        Map<String, NegotiatedResource> examples = Map.of("/", this.representations.index(), "/api/article",
                this.representations.article(), "/api/article/metadata", this.representations.metadata(),
                ArticleRepresentations.PARAGRAPHS_PATH,
                this.representations.page(this.service.paragraphs(0, 1, "Beijing")),
                ArticleRepresentations.PARAGRAPHS_PATH + "/{number}", this.representations.paragraph(3));
        examples.forEach((path, resource) -> {
            PathItem item = openApi.getPaths().get(path);
            if (item != null && item.getGet() != null) {
                document(item.getGet(), resource, link(path));
            }
        });
    }

    private void document(Operation operation, NegotiatedResource resource, @Nullable Header link) {
        ApiResponse ok = operation.getResponses().get("200");
        ok.addHeaderObject("ETag", header("A strong validator of the bytes sent; send it back in If-None-Match."))
            .addHeaderObject("Cache-Control", header("public, max-age=N (setting article.cache-max-age)."))
            .addHeaderObject("Repr-Digest", header("RFC 9530: sha-256 of the bytes sent."))
            .addHeaderObject("Vary", header("Accept, and Accept-Encoding where a gzip form exists."));
        if (link != null) {
            ok.addHeaderObject("Link", link);
        }
        for (Representation representation : resource.representations()) {
            MediaType content = ok.getContent().get(representation.mediaType().toString());
            if (content != null) {
                content.setExample(example(representation));
            }
        }
        operation.getResponses()
            .addApiResponse("304", new ApiResponse().description("Not modified: If-None-Match holds the current ETag.")
                .addHeaderObject("ETag", header("The current validator.")))
            .addApiResponse("406", problem("No representation matches the Accept header.", HttpStatus.NOT_ACCEPTABLE,
                    "No representation of this resource matches the Accept header; it is available as "
                            + "application/json."));
        if (operation.getResponses().containsKey("404")) {
            operation.getResponses().get("404").getContent().get(PROBLEM_JSON)
                .setExample(problemExample(new ParagraphNotFoundException(9, 8).getBody(), "/api/article/paragraphs/9"));
        }
    }

    private static @Nullable Header link(String path) {
        if (path.equals(ArticleRepresentations.PARAGRAPHS_PATH)) {
            return header("RFC 8288 links to the next and previous pages, where they exist.").required(false);
        }
        if (path.equals(ArticleRepresentations.PARAGRAPHS_PATH + "/{number}")) {
            return header("RFC 8288 links to the previous and next paragraphs, the first, the last and the "
                    + "collection.");
        }
        return null;
    }

    private Object example(Representation representation) {
        byte[] bytes = representation.identity().bytes();
        String subtype = representation.mediaType().getSubtype();
        return subtype.endsWith("json") ? this.json.readValue(bytes, Object.class)
                : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ApiResponse problem(String description, HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return new ApiResponse().description(description)
            .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))
                .example(problemExample(problem, "/api/article"))));
    }

    private static Map<String, Object> problemExample(ProblemDetail problem, String instance) {
        return Map.of("title", problem.getTitle(), "status", problem.getStatus(), "detail", problem.getDetail(),
                "instance", instance);
    }

    private static Header header(String description) {
        return new Header().description(description).required(true).schema(new StringSchema());
    }

}
