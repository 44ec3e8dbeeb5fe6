package news.summit.article;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

import news.summit.web.NegotiatedResource;
import news.summit.web.Problems;
import news.summit.web.RenderedResources;
import news.summit.web.Representation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
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

    private final RenderedResources resources;

    private final JsonMapper json;

    private final @Nullable BuildProperties build;

    ArticleApiDocumentation(ArticleService service, ArticleRepresentations representations,
            RenderedResources resources, JsonMapper json, ObjectProvider<BuildProperties> build) {
        this.service = service;
        this.representations = representations;
        this.resources = resources;
        this.json = json;
        this.build = build.getIfAvailable();
    }

    @Override
    public void customise(OpenAPI openApi) {
        Article article = this.service.article();
        ArticleMetadata metadata = article.metadata();
        openApi.info(new Info().title("Article API: " + article.title())
            .version((this.build != null) ? this.build.getVersion() : "dev")
            .description("One news article: %s (%d paragraphs, %d words). Its metadata and paragraphs, "
                .formatted(article.title(), metadata.paragraphCount(), metadata.wordCount())
                    + "with paging, search and content negotiation. Every error is an RFC 9457 problem. "
                    + "No credentials are needed: every operation is open to anyone.")
            .license(new License().name("Apache License 2.0").identifier("Apache-2.0")));
        // An empty requirement: no authentication, said explicitly.
        openApi.security(List.of(new SecurityRequirement()));
        // Relative: the API is wherever this document was fetched from, https behind the proxy included.
        openApi.servers(List.of(new Server().url("/")
            .description("The deployment that served this document.")
            .extensions(Map.<String, Object>of("x-internal", false))));
        Schema<?> problem = openApi.getComponents().getSchemas().get("ProblemDetail");
        if (problem != null) {
            // Spring writes a ProblemDetail's extra properties as members, never as "properties".
            problem.getProperties().remove("properties");
            problem.setRequired(List.of("title", "status", "detail", "instance"));
            // RFC 9457 3.1: "type" and "instance" are URI references; instance is the request path.
            problem.getProperties().get("type").setFormat("uri-reference");
            problem.getProperties().get("instance").setFormat("uri-reference");
            problem.getProperties().get("status").minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599));
        }
        openApi.tags(List.of(new Tag().name(TAG).description("The article, its metadata and its paragraphs.")));
        // The examples are real responses of the article served: its middle paragraph, and a
        // search for a word of its first paragraph.
        int last = metadata.paragraphCount();
        int number = (last + 1) / 2;
        String word = searchExample(article);
        openApi.getPaths().forEach((path, item) -> {
            if (item.getGet() == null) {
                return;
            }
            String examplePath = path.replace("{number}", String.valueOf(number));
            NegotiatedResource example = path.equals(ArticleController.PARAGRAPHS)
                    ? this.representations.page(this.service.paragraphs(new ParagraphQuery(0, 1, word)))
                    : rendered(examplePath);
            if (example != null) {
                document(item.getGet(), example, examplePath, link(path), last);
            }
            for (Parameter parameter : (item.getGet().getParameters() != null) ? item.getGet().getParameters()
                    : List.<Parameter>of()) {
                switch (parameter.getName()) {
                    case "number" -> parameter.setExample(number);
                    case "q" -> parameter.setExample(word);
                    default -> {
                    }
                }
            }
        });
    }

    private @Nullable NegotiatedResource rendered(String path) {
        RenderedResources.Route route = this.resources.find(path);
        return (route != null) ? route.resource() : null;
    }

    /** The first word of four letters or more in the first paragraph; failing that, its first word. */
    private static String searchExample(Article article) {
        String[] words = article.paragraphs().get(0).text().split(" ");
        for (String word : words) {
            if (word.length() >= 4 && word.chars().allMatch(Character::isLetter)) {
                return word;
            }
        }
        return words[0];
    }

    private void document(Operation operation, NegotiatedResource resource, String examplePath,
            @Nullable Header link, int lastParagraph) {
        ApiResponse ok = operation.getResponses().get("200");
        ok.addHeaderObject("ETag", header("A strong validator of the bytes sent; send it back in If-None-Match "
                    + "or If-Match."))
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
            .addApiResponse("406", problem("No representation matches the Accept header.",
                    Problems.notAcceptable(resource.mediaTypes(), examplePath)))
            .addApiResponse("412", problem("If-Match names no current ETag of the representation chosen (a weak "
                    + "tag never matches); evaluated before If-None-Match.", Problems.preconditionFailed(examplePath)))
            .addApiResponse("500", problem("A bug on our side, with a generic detail; the log has the rest."));
        // Tomcat refuses a malformed request line, headers or percent-encoding on any path.
        operation.getResponses().computeIfAbsent("400", (status) -> problem("The request line, headers or "
                + "percent-encoding are malformed, or the request line and headers are too large."));
        ApiResponse invalid = operation.getResponses().get("400");
        if (invalid.getContent().get(PROBLEM_JSON).getExample() == null && examplePath.contains("paragraphs")) {
            boolean list = examplePath.equals(ArticleController.PARAGRAPHS);
            invalid.getContent().get(PROBLEM_JSON).setExample(problemExample(
                    new InvalidParameterValueException(ParagraphQuery.notAWholeNumber(list ? "limit" : "Paragraph number",
                            1, list ? ParagraphQuery.MAX_LIMIT : Integer.MAX_VALUE)).getBody(),
                    list ? examplePath : ArticleController.PARAGRAPHS + "/abc"));
        }
        if (operation.getResponses().containsKey("404")) {
            operation.getResponses().get("404").getContent().get(PROBLEM_JSON)
                .setExample(problemExample(new ParagraphNotFoundException(lastParagraph + 1, lastParagraph).getBody(),
                        ArticleController.PARAGRAPHS + "/" + (lastParagraph + 1)));
        }
        // ResponseHeadersFilter: any origin may read every response, errors and 304 included.
        Header anyOrigin = new Header().description("*: any origin may read the response, never with credentials.")
            .required(true)
            .schema(new StringSchema()._const("*"));
        operation.getResponses().values()
            .forEach((response) -> response.addHeaderObject("Access-Control-Allow-Origin", anyOrigin));
    }

    private static @Nullable Header link(String path) {
        if (path.equals(ArticleController.PARAGRAPHS)) {
            return header("RFC 8288 links to the next and previous pages, where they exist.").required(false);
        }
        if (path.equals(ArticleController.PARAGRAPH)) {
            return header("RFC 8288 links to the previous and next paragraphs, the first, the last and the "
                    + "collection.");
        }
        return null;
    }

    private Object example(Representation representation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            representation.writeTo(out);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        byte[] bytes = out.toByteArray();
        String subtype = representation.mediaType().getSubtype();
        return subtype.endsWith("json") ? this.json.readValue(bytes, Object.class)
                : new String(bytes, StandardCharsets.UTF_8);
    }

    private static ApiResponse problem(String description, ProblemDetail problem) {
        ApiResponse response = problem(description);
        response.getContent().get(PROBLEM_JSON)
            .setExample(problemExample(problem, String.valueOf(problem.getInstance())));
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
