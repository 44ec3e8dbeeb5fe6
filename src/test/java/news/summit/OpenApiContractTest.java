package news.summit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import news.summit.web.WireRestTestClient;
import news.summit.web.WireRestTestClientConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.ExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every response the running service gives, for each endpoint, representation and error case,
 * is one the OpenAPI document declares: its status, its media type, its headers, and a body
 * that validates against the declared schema (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
class OpenApiContractTest {

    private static final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @Autowired
    private RestTestClient client;

    @Autowired
    private JsonMapper json;

    private JsonNode document;

    @BeforeEach
    void readTheDocument() {
        this.document = this.json.readTree(get("/v3/api-docs", Map.of()).getResponseBodyContent());
    }

    static Stream<Arguments> responses() {
        return Stream.of(arguments("/", Map.of()), arguments("/api/article", Map.of()),
                arguments("/api/article", Map.of("Accept", "text/plain")),
                arguments("/api/article", Map.of("Accept", "text/markdown")),
                arguments("/api/article", Map.of("Accept", "application/ld+json")),
                arguments("/api/article", Map.of("Accept", "image/png")),
                arguments("/api/article/metadata", Map.of()),
                arguments("/api/article/metadata", Map.of("Accept", "text/plain")),
                arguments("/api/article/paragraphs", Map.of()),
                arguments("/api/article/paragraphs?q=Beijing&limit=1", Map.of()),
                arguments("/api/article/paragraphs?offset=100", Map.of()),
                arguments("/api/article/paragraphs?limit=0", Map.of()),
                arguments("/api/article/paragraphs?q=a&q=b", Map.of()),
                arguments("/api/article/paragraphs/3", Map.of()),
                arguments("/api/article/paragraphs/3", Map.of("Accept", "text/plain")),
                arguments("/api/article/paragraphs/9", Map.of()),
                arguments("/api/article/paragraphs/abc", Map.of()),
                arguments("/api/article/paragraphs/3", Map.of("If-None-Match", "*")),
                arguments("/api/article", Map.of("If-None-Match", "*")));
    }

    @ParameterizedTest(name = "GET {0} {1}")
    @MethodSource("responses")
    void responseIsDeclaredByTheDocument(String uri, Map<String, String> headers) {
        ExchangeResult response = get(uri, headers);
        int status = response.getStatus().value();
        JsonNode declared = operation(URI.create(uri).getPath()).path("responses").path(String.valueOf(status));
        assertThat(declared.isMissingNode()).as("status %d is declared", status).isFalse();
        for (Map.Entry<String, JsonNode> header : declared.path("headers").properties()) {
            if (header.getValue().path("required").asBoolean()) {
                assertThat(response.getResponseHeaders().getFirst(header.getKey()))
                    .as("required header %s", header.getKey())
                    .isNotNull();
            }
        }
        if (status == 304) {
            assertThat(response.getResponseBodyContent()).isEmpty();
            return;
        }
        MediaType contentType = response.getResponseHeaders().getContentType();
        JsonNode content = declaredContent(declared.path("content"), contentType);
        assertThat(content).as("media type %s is declared", contentType).isNotNull();
        JsonNode body = contentType.getSubtype().endsWith("json") ? this.json.readTree(response.getResponseBodyContent())
                : this.json.getNodeFactory().stringNode(new String(response.getResponseBodyContent(), StandardCharsets.UTF_8));
        assertThat(validate(content.path("schema"), body)).as("body validates against the declared schema").isEmpty();
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("undocumentedPaths")
    void errorsOutsideTheOperationsAreDeclaredProblems(String uri) {
        ExchangeResult response = get(uri, Map.of());
        assertThat(response.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = this.json.createObjectNode().put("$ref", "#/components/schemas/ProblemDetail");
        assertThat(validate(problem, this.json.readTree(response.getResponseBodyContent()))).isEmpty();
    }

    @Test
    void theValidatorRejectsABodyThatBreaksTheSchema() {
        JsonNode article = this.json.createObjectNode().put("$ref", "#/components/schemas/Article");
        assertThat(validate(article, this.json.readTree("{\"title\": 1}"))).isNotEmpty();
    }

    static Stream<String> undocumentedPaths() {
        return Stream.of("/nope", "/error", "/api/article/");
    }

    /** The GET operation whose path template matches {@code path}. */
    private JsonNode operation(String path) {
        for (Map.Entry<String, JsonNode> entry : this.document.path("paths").properties()) {
            String pattern = entry.getKey().replaceAll("\\{[^/]+}", "[^/]+");
            if (path.matches(pattern)) {
                return entry.getValue().path("get");
            }
        }
        throw new AssertionError("No operation in the document for " + path);
    }

    private static JsonNode declaredContent(JsonNode content, MediaType actual) {
        for (Map.Entry<String, JsonNode> entry : content.properties()) {
            if (MediaType.parseMediaType(entry.getKey()).equalsTypeAndSubtype(actual)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private List<String> validate(JsonNode schema, JsonNode instance) {
        ObjectNode root = this.json.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("allOf", this.json.createArrayNode().add(schema));
        root.set("components", this.document.path("components"));
        List<String> errors = new ArrayList<>();
        for (Error error : schemas.getSchema(root).validate(instance)) {
            errors.add(error.toString());
        }
        return errors;
    }

    private ExchangeResult get(String uri, Map<String, String> headers) {
        String[] fields = headers.entrySet()
            .stream()
            .flatMap((header) -> Stream.of(header.getKey(), header.getValue()))
            .toArray(String[]::new);
        return WireRestTestClient.get(this.client, uri, fields).getExchangeResult();
    }

}
