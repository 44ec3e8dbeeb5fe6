package news.summit.article;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.servers.Server;
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
 * times: the validators and caching headers, CORS, 304, 400, 406 and 500, and examples that are
 * the real responses, taken from the rendered representations.
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
        // Relative: the API is wherever this document was fetched from, https behind the proxy included.
        openApi.servers(List.of(new Server().url("/")
            .description("The deployment that served this document.")
            .extensions(Map.<String, Object>of("x-internal", false))));
        Schema<?> problem = openApi.getComponents().getSchemas().get("ProblemDetail");
        if (problem != null) {
            // Spring writes a ProblemDetail's extra properties as members, never as "properties".
            problem.getProperties().remove("properties");
            problem.setRequired(List.of("title", "status", "detail"));
            // RFC 9457 3.1: "type" and "instance" are URI references; instance is the request path.
            problem.getProperties().get("type").setFormat("uri-reference");
            problem.getProperties().get("instance").setFormat("uri-reference");
            problem.getProperties().get("status").minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599));
        }
        openApi.tags(List.of(new Tag().name(TAG).description("The article, its metadata and its paragraphs.")));
        // The real responses, for paragraph 3 and a search page, are the examples.
        Map<String, NegotiatedResource> examples = new HashMap<>(this.representations.byPath());
        examples.put(ArticleRepresentations.PARAGRAPHS_PATH,
                this.representations.page(this.service.paragraphs(0, 1, "Beijing")));
        openApi.getPaths().forEach((path, item) -> {
            String examplePath = path.replace("{number}", "3");
            if (item.getGet() != null && examples.containsKey(examplePath)) {
                document(item.getGet(), examples.get(examplePath), examplePath, link(path));
            }
        });
    }

    private void document(Operation operation, NegotiatedResource resource, String examplePath,
            @Nullable Header link) {
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
                            + String.join(", ", resource.representations()
                                .stream()
                                .map((representation) -> representation.mediaType().toString())
                                .toList()) + ".", examplePath))
            .addApiResponse("500", problem("A bug on our side, with a generic detail; the log has the rest."));
        // Tomcat refuses a malformed request line, headers or percent-encoding on any path.
        operation.getResponses().computeIfAbsent("400", (status) -> problem("The request line, headers or "
                + "percent-encoding are malformed, or the request line and headers are larger than 8 KB."));
        ApiResponse invalid = operation.getResponses().get("400");
        if (invalid.getContent().get(PROBLEM_JSON).getExample() == null && examplePath.contains("paragraphs")) {
            boolean list = examplePath.equals(ArticleRepresentations.PARAGRAPHS_PATH);
            invalid.getContent().get(PROBLEM_JSON).setExample(problemExample(
                    new InvalidParameterException(InvalidParameterException.notAWholeNumber(
                            list ? "limit" : "Paragraph number", 1, list ? ArticleService.MAX_LIMIT : Integer.MAX_VALUE))
                        .getBody(),
                    list ? examplePath : ArticleRepresentations.PARAGRAPHS_PATH + "/abc"));
        }
        if (operation.getResponses().containsKey("404")) {
            operation.getResponses().get("404").getContent().get(PROBLEM_JSON)
                .setExample(problemExample(new ParagraphNotFoundException(9, 8).getBody(),
                        ArticleRepresentations.PARAGRAPHS_PATH + "/9"));
        }
        // ResponseHeadersFilter: any origin may read every response, errors and 304 included.
        Header anyOrigin = new Header().description("*: any origin may read the response, never with credentials.")
            .required(true)
            .schema(new StringSchema()._const("*"));
        operation.getResponses().values()
            .forEach((response) -> response.addHeaderObject("Access-Control-Allow-Origin", anyOrigin));
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
                : new String(bytes, StandardCharsets.UTF_8);
    }

    private static ApiResponse problem(String description, HttpStatus status, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        ApiResponse response = problem(description);
        response.getContent().get(PROBLEM_JSON).setExample(problemExample(problem, instance));
        return response;
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description)
            .content(new Content().addMediaType(PROBLEM_JSON,
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/ProblemDetail"))));
    }

    private static Map<String, Object> problemExample(ProblemDetail problem, String instance) {
        return Map.of("title", problem.getTitle(), "status", problem.getStatus(), "detail", problem.getDetail(),
                "instance", instance);
    }

    private static Header header(String description) {
        return new Header().description(description).required(true).schema(new StringSchema());
    }

}
