package news.summit.article;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article resources over real HTTP, as curl, browsers and caches see them. Expected bodies
 * come from the seed file, read independently of the parser.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ArticleHttpTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Test
    void articleEqualsTheSeedParagraphByParagraph() throws Exception {
        HttpResponse<byte[]> response = get("/api/article");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
        JsonNode article = json.readTree(response.body());
        List<String> seed = seedBlocks();
        assertThat(article.get("title").asString()).isEqualTo(seed.get(0));
        List<String> served = new ArrayList<>();
        article.get("paragraphs").forEach((p) -> served.add(p.get("text").asString()));
        assertThat(served).containsExactlyElementsOf(seed.subList(1, seed.size()));
    }

    @Test
    void curlyQuotesArriveAsUtf8() throws Exception {
        assertThat(text(get("/api/article/metadata"))).contains("to \u201crejuvenate\u201d their countries.");
    }

    @Test
    void everyParagraphIsServedAtItsNumber() throws Exception {
        List<String> seed = seedBlocks();
        for (int number = 1; number < seed.size(); number++) {
            JsonNode paragraph = json.readTree(get("/api/article/paragraphs/" + number).body());
            assertThat(paragraph.get("number").asInt()).isEqualTo(number);
            assertThat(paragraph.get("text").asString()).isEqualTo(seed.get(number));
        }
    }

    @Test
    void plainTextIsTheSeedWithAFinalNewline() throws Exception {
        HttpResponse<byte[]> response = get("/api/article", "Accept", "text/plain");
        assertThat(header(response, "Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(text(response)).isEqualTo(new String(ArticleParserTest.seed(), StandardCharsets.UTF_8) + "\n");
    }

    @Test
    void markdownIsTheTitleAsHeadingAndTheParagraphs() throws Exception {
        HttpResponse<byte[]> response = get("/api/article", "Accept", "text/markdown");
        assertThat(header(response, "Content-Type")).isEqualTo("text/markdown;charset=UTF-8");
        List<String> seed = seedBlocks();
        assertThat(text(response)).isEqualTo("# " + seed.get(0) + "\n\n"
                + String.join("\n\n", seed.subList(1, seed.size())) + "\n");
    }

    @Test
    void jsonLdIsASchemaOrgNewsArticle() throws Exception {
        HttpResponse<byte[]> response = get("/api/article", "Accept", "application/ld+json");
        assertThat(header(response, "Content-Type")).isEqualTo("application/ld+json");
        JsonNode article = json.readTree(response.body());
        List<String> seed = seedBlocks();
        assertThat(article.get("@context").asString()).isEqualTo("https://schema.org");
        assertThat(article.get("@type").asString()).isEqualTo("NewsArticle");
        assertThat(article.get("headline").asString()).isEqualTo(seed.get(0));
        assertThat(article.get("articleBody").asString())
            .isEqualTo(String.join("\n\n", seed.subList(1, seed.size())));
        assertThat(article.get("wordCount").asInt()).isEqualTo(273);
        assertThat(article.get("inLanguage").asString()).isEqualTo("en");
        assertThat(article.get("timeRequired").asString()).isEqualTo("PT2M");
    }

    @Test
    void paragraphAsPlainTextIsItsTextAndANewline() throws Exception {
        HttpResponse<byte[]> response = get("/api/article/paragraphs/4", "Accept", "text/plain");
        assertThat(text(response)).isEqualTo(seedBlocks().get(4) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = { BROWSER_ACCEPT, "*/*", "application/*", "application/json", "text/html, */*;q=0.1" })
    void browsersAndWildcardsGetJson(String accept) throws Exception {
        HttpResponse<byte[]> response = get("/api/article", "Accept", accept);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
    }

    @Test
    void qualityValuesAreHonoured() throws Exception {
        assertThat(header(get("/api/article", "Accept", "application/json;q=0, */*"), "Content-Type"))
            .isEqualTo("text/plain;charset=UTF-8");
        assertThat(header(get("/api/article", "Accept", "text/plain;q=0.5, text/markdown"), "Content-Type"))
            .isEqualTo("text/markdown;charset=UTF-8");
        assertThat(header(get("/api/article", "Accept", "text/*;q=0.9, text/plain;q=0.1"), "Content-Type"))
            .isEqualTo("text/markdown;charset=UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json;q=0", "image/png", "text/markdown" })
    void nothingAcceptableAnswers406Problem(String accept) throws Exception {
        String path = accept.equals("text/markdown") ? "/api/article/metadata" : "/api/article";
        HttpResponse<byte[]> response = get(path, "Accept", accept);
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(text(response)).contains("\"status\":406");
    }

    @Test
    void everyArticleResourceCarriesValidatorsCachingAndVary() throws Exception {
        for (String path : List.of("/", "/api/article", "/api/article/metadata", "/api/article/paragraphs",
                "/api/article/paragraphs/1")) {
            HttpResponse<byte[]> response = get(path);
            assertThat(header(response, "ETag")).as(path).matches("\"[0-9a-f]{32}\"");
            assertThat(header(response, "Cache-Control")).as(path).isEqualTo("max-age=3600, public");
            assertThat(vary(response)).as(path).contains("Accept");
            assertThat(header(response, "Repr-Digest")).as(path).isEqualTo(digest(response.body()));
        }
    }

    @Test
    void eTagIsDerivedFromTheBytesAndDiffersPerRepresentation() throws Exception {
        String json1 = header(get("/api/article"), "ETag");
        String json2 = header(get("/api/article"), "ETag");
        String text = header(get("/api/article", "Accept", "text/plain"), "ETag");
        assertThat(json1).isEqualTo(json2).isNotEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = { "%s", "\"nope\", %s", "W/%s", "*", "\"a\",W/%s , \"b\"" })
    void matchingIfNoneMatchAnswers304WithTheETagAndNoBody(String form) throws Exception {
        String eTag = header(get("/api/article"), "ETag");
        HttpResponse<byte[]> response = get("/api/article", "If-None-Match", form.formatted(eTag));
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(header(response, "ETag")).isEqualTo(eTag);
        assertThat(header(response, "Cache-Control")).isEqualTo("max-age=3600, public");
        assertThat(response.headers().firstValue("Repr-Digest")).as("describes bytes not sent").isEmpty();
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"nope\"", "garbage", "\"unterminated", "W/", "," })
    void otherIfNoneMatchAnswers200(String value) throws Exception {
        assertThat(get("/api/article", "If-None-Match", value).statusCode()).isEqualTo(200);
    }

    @Test
    void gzipIsSentWhenAcceptedWithItsOwnETagAndDigest() throws Exception {
        HttpResponse<byte[]> identity = get("/api/article");
        HttpResponse<byte[]> gzip = get("/api/article", "Accept-Encoding", "gzip, deflate, br");
        assertThat(header(gzip, "Content-Encoding")).isEqualTo("gzip");
        assertThat(vary(gzip)).contains("Accept", "Accept-Encoding");
        assertThat(gunzip(gzip.body())).isEqualTo(identity.body());
        assertThat(header(gzip, "ETag")).isNotEqualTo(header(identity, "ETag"));
        assertThat(header(gzip, "Repr-Digest")).isEqualTo(digest(gzip.body()));
        HttpResponse<byte[]> revalidated = get("/api/article", "Accept-Encoding", "gzip", "If-None-Match",
                header(gzip, "ETag"));
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(get("/api/article", "If-None-Match", header(gzip, "ETag")).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "gzip;q=0", "identity", "br", "*;q=0", "gzip;q=bogus" })
    void gzipIsNotSentWhenNotAccepted(String acceptEncoding) throws Exception {
        assertThat(get("/api/article", "Accept-Encoding", acceptEncoding).headers().firstValue("Content-Encoding"))
            .isEmpty();
    }

    @Test
    void smallBodiesAreNotCompressed() throws Exception {
        HttpResponse<byte[]> response = get("/api/article/paragraphs/4", "Accept-Encoding", "gzip");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(vary(response)).doesNotContain("Accept-Encoding");
    }

    @Test
    void paragraphLinksToItsNeighboursAndCollection() throws Exception {
        assertThat(header(get("/api/article/paragraphs/3"), "Link")).isEqualTo(
                "</api/article/paragraphs/2>; rel=\"prev\", </api/article/paragraphs/4>; rel=\"next\", "
                        + "</api/article/paragraphs/1>; rel=\"first\", </api/article/paragraphs/8>; rel=\"last\", "
                        + "</api/article/paragraphs>; rel=\"collection\"");
        assertThat(header(get("/api/article/paragraphs/1"), "Link")).doesNotContain("rel=\"prev\"");
        assertThat(header(get("/api/article/paragraphs/8"), "Link")).doesNotContain("rel=\"next\"");
    }

    @Test
    void listPagesLinkToNextAndPrevWithQueryValuesEncoded() throws Exception {
        HttpResponse<byte[]> response = get("/api/article/paragraphs?q=%E2%80%99s&offset=1&limit=1");
        assertThat(header(response, "Link")).isEqualTo(
                "</api/article/paragraphs?offset=0&limit=1&q=%E2%80%99s>; rel=\"prev\", "
                        + "</api/article/paragraphs?offset=2&limit=1&q=%E2%80%99s>; rel=\"next\"");
        String hostile = get("/api/article/paragraphs?q=%2C%3E%22%26x%3D1%0D%0AX:1&limit=1").headers()
            .firstValue("Link")
            .orElse("");
        assertThat(hostile).doesNotContain("\r", "\n", "\"&", ">\"");
        assertThat(header(get("/api/article/paragraphs"), "Link")).isNull();
    }

    @Test
    void headAnswersTheGetHeadersWithoutABody() throws Exception {
        HttpResponse<byte[]> get = get("/api/article", "Accept-Encoding", "gzip");
        HttpRequest head = request("/api/article", "Accept-Encoding", "gzip")
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .build();
        HttpResponse<byte[]> response = this.client.send(head, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        for (String name : List.of("Content-Type", "Content-Length", "Content-Encoding", "ETag", "Repr-Digest",
                "Cache-Control", "Vary", "X-Content-Type-Options", "Content-Security-Policy")) {
            assertThat(response.headers().allValues(name)).as(name).isEqualTo(get.headers().allValues(name));
        }
    }

    /**
     * "/api/article" takes the fast path (RenderedResourcesFilter, which looks literal routes up as
     * sent), "/api/article;v=1" Spring MVC (which ignores path parameters).
     */
    @ParameterizedTest
    @ValueSource(strings = { "", "Accept:text/plain", "Accept-Encoding:gzip", "If-None-Match:*",
            "Accept:application/json;q=0.5, text/*;q=0.4" })
    void fastPathAndSpringMvcAnswerAlike(String header) throws Exception {
        String[] request = header.isEmpty() ? new String[0] : header.split(":", 2);
        HttpResponse<byte[]> fast = get("/api/article", request);
        HttpResponse<byte[]> mvc = get("/api/article;v=1", request);
        assertThat(fast.statusCode()).isEqualTo(mvc.statusCode());
        assertThat(fast.body()).isEqualTo(mvc.body());
        Map<String, List<String>> fastHeaders = new TreeMap<>(fast.headers().map());
        Map<String, List<String>> mvcHeaders = new TreeMap<>(mvc.headers().map());
        fastHeaders.remove("date");
        mvcHeaders.remove("date");
        assertThat(fastHeaders).isEqualTo(mvcHeaders);
    }

    @Test
    void anyOriginMayReadWithoutCredentials() throws Exception {
        HttpResponse<byte[]> response = get("/api/article", "Origin", "https://reader.example");
        assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(response, "Access-Control-Expose-Headers")).isEqualTo("ETag, Link, Repr-Digest");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(vary(response)).doesNotContain("Origin");
    }

    @Test
    void preflightAllowsReadingMethodsOnly() throws Exception {
        HttpResponse<byte[]> allowed = options("/api/article", "GET");
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(header(allowed, "Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,OPTIONS");
        assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("*");
        HttpResponse<byte[]> refused = options("/api/article", "DELETE");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(header(refused, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(header(refused, "Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void securityHeadersAreOnSuccessesAndErrorsAlike() throws Exception {
        for (String path : List.of("/api/article", "/api/article/paragraphs/99", "/nope")) {
            HttpResponse<byte[]> response = get(path);
            assertThat(header(response, "X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(header(response, "Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(header(response, "Content-Security-Policy")).as(path)
                .isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(response.headers().firstValue("Server")).as(path).isEmpty();
        }
        assertThat(header(get("/nope"), "Cache-Control")).isEqualTo("no-store");
    }

    private HttpResponse<byte[]> options(String path, String method) throws IOException, InterruptedException {
        HttpRequest request = request(path, "Origin", "https://reader.example", "Access-Control-Request-Method",
                method)
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build();
        return this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        return this.client.send(request(path, headers).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The Vary field's values, however many lines carry them. */
    private static List<String> vary(HttpResponse<?> response) {
        return response.headers()
            .allValues("Vary")
            .stream()
            .flatMap((line) -> Arrays.stream(line.split(",")))
            .map(String::trim)
            .toList();
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String digest(byte[] bytes) throws Exception {
        return "sha-256=:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes))
                + ":";
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    /** The seed's title and paragraphs: its blocks between blank lines, each on one line. */
    static List<String> seedBlocks() throws IOException {
        String text = new String(ArticleParserTest.seed(), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n\n")).map((block) -> block.replace('\n', ' ').strip()).toList();
    }

}
