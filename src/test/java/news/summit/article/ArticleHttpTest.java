package news.summit.article;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import news.summit.web.WireRestTestClientConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article resources over real HTTP, as curl, browsers and caches see them, through
 * {@link RestTestClient} (the bytes as sent: {@link WireRestTestClientConfiguration}). Expected
 * bodies come from the seed file, read independently of the parser.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
class ArticleHttpTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    @Autowired
    private RestTestClient client;

    @Test
    void articleEqualsTheSeedParagraphByParagraph() throws IOException {
        Response response = get("/api/article");
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
    void curlyQuotesArriveAsUtf8() {
        assertThat(text(get("/api/article/metadata"))).contains("to \u201crejuvenate\u201d their countries.");
    }

    @Test
    void everyParagraphIsServedAtItsNumber() throws IOException {
        List<String> seed = seedBlocks();
        for (int number = 1; number < seed.size(); number++) {
            JsonNode paragraph = json.readTree(get("/api/article/paragraphs/" + number).body());
            assertThat(paragraph.get("number").asInt()).isEqualTo(number);
            assertThat(paragraph.get("text").asString()).isEqualTo(seed.get(number));
        }
    }

    @Test
    void plainTextIsTheSeedWithAFinalNewline() throws IOException {
        Response response = get("/api/article", "Accept", "text/plain");
        assertThat(header(response, "Content-Type")).isEqualTo("text/plain;charset=UTF-8");
        assertThat(text(response)).isEqualTo(new String(ArticleParserTest.seed(), StandardCharsets.UTF_8) + "\n");
    }

    @Test
    void markdownIsTheTitleAsHeadingAndTheParagraphs() throws IOException {
        Response response = get("/api/article", "Accept", "text/markdown");
        assertThat(header(response, "Content-Type")).isEqualTo("text/markdown;charset=UTF-8");
        List<String> seed = seedBlocks();
        assertThat(text(response)).isEqualTo("# " + seed.get(0) + "\n\n"
                + String.join("\n\n", seed.subList(1, seed.size())) + "\n");
    }

    @Test
    void jsonLdIsASchemaOrgNewsArticle() throws IOException {
        Response response = get("/api/article", "Accept", "application/ld+json");
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
    void paragraphAsPlainTextIsItsTextAndANewline() throws IOException {
        Response response = get("/api/article/paragraphs/4", "Accept", "text/plain");
        assertThat(text(response)).isEqualTo(seedBlocks().get(4) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = { BROWSER_ACCEPT, "*/*", "application/*", "application/json", "text/html, */*;q=0.1" })
    void browsersAndWildcardsGetJson(String accept) {
        Response response = get("/api/article", "Accept", accept);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
    }

    @Test
    void qualityValuesAreHonoured() {
        assertThat(header(get("/api/article", "Accept", "application/json;q=0, */*"), "Content-Type"))
            .isEqualTo("text/plain;charset=UTF-8");
        assertThat(header(get("/api/article", "Accept", "text/plain;q=0.5, text/markdown"), "Content-Type"))
            .isEqualTo("text/markdown;charset=UTF-8");
        assertThat(header(get("/api/article", "Accept", "text/*;q=0.9, text/plain;q=0.1"), "Content-Type"))
            .isEqualTo("text/markdown;charset=UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json;q=0", "image/png", "text/markdown" })
    void nothingAcceptableAnswers406Problem(String accept) {
        String path = accept.equals("text/markdown") ? "/api/article/metadata" : "/api/article";
        Response response = get(path, "Accept", accept);
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(text(response)).contains("\"status\":406");
    }

    @Test
    void everyArticleResourceCarriesValidatorsCachingAndVary() {
        for (String path : List.of("/", "/api/article", "/api/article/metadata", "/api/article/paragraphs",
                "/api/article/paragraphs/1")) {
            Response response = get(path);
            assertThat(header(response, "ETag")).as(path).matches("\"[0-9a-f]{32}\"");
            assertThat(header(response, "Cache-Control")).as(path).isEqualTo("max-age=3600, public");
            assertThat(vary(response)).as(path).contains("Accept");
            assertThat(header(response, "Repr-Digest")).as(path).isEqualTo(digest(response.body()));
        }
    }

    /** The ETag is the first 128 bits of the body's SHA-256, in hex: the same bytes, the same tag, anywhere. */
    @ParameterizedTest
    @ValueSource(strings = { "application/json", "text/plain", "text/markdown", "application/ld+json" })
    void eTagIsDerivedFromTheBytesAndDiffersPerRepresentation(String accept) {
        Response response = get("/api/article", "Accept", accept);
        String sha256 = HexFormat.of().formatHex(sha256(response.body()));
        assertThat(header(response, "ETag")).isEqualTo("\"" + sha256.substring(0, 32) + "\"");
        assertThat(header(get("/api/article", "Accept", accept.equals("text/plain") ? "application/json"
                : "text/plain"), "ETag")).isNotEqualTo(header(response, "ETag"));
    }

    /** If-Match holds for * or the current tag, compared strongly, on every resource, whichever path answers it. */
    @ParameterizedTest
    @ValueSource(strings = { "%s", "*", "\"nope\", %s" })
    void ifMatchThatHoldsAnswers200(String form) {
        for (String path : List.of("/", "/api/article", "/api/article/metadata", "/api/article/paragraphs",
                "/api/article/paragraphs/3")) {
            String eTag = header(get(path), "ETag");
            Response response = get(path, "If-Match", form.formatted(eTag));
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(header(response, "ETag")).as(path).isEqualTo(eTag);
        }
    }

    /**
     * A tag that does not match, a weak one (never matched strongly) or garbage: 412, evaluated
     * before If-None-Match, which would have answered 304 (RFC 9110 13.2.2).
     */
    @ParameterizedTest
    @ValueSource(strings = { "\"nope\"", "W/%s", "garbage", "\"nope\", W/%s" })
    void ifMatchThatFailsAnswers412ProblemBeforeA304(String form) {
        for (String path : List.of("/", "/api/article", "/api/article/metadata", "/api/article/paragraphs",
                "/api/article/paragraphs/3")) {
            String eTag = header(get(path), "ETag");
            Response response = get(path, "If-Match", form.formatted(eTag), "If-None-Match", eTag);
            assertThat(response.statusCode()).as(path).isEqualTo(412);
            assertThat(header(response, "Content-Type")).as(path).isEqualTo("application/problem+json");
            assertThat(header(response, "Cache-Control")).as(path).isEqualTo("no-store");
            JsonNode problem = json.readTree(response.body());
            assertThat(problem.get("status").asInt()).isEqualTo(412);
            assertThat(problem.get("instance").asString()).isEqualTo(path);
            assertThat(problem.get("detail").asString()).contains("If-Match");
        }
    }

    /** One URL per paragraph: a leading zero is the same 400 as a sign. */
    @ParameterizedTest
    @ValueSource(strings = { "01", "003", "+1" })
    void paragraphNumberWithALeadingZeroOrSignAnswers400(String number) {
        Response response = get("/api/article/paragraphs/" + number);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(header(response, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(json.readTree(response.body()).get("detail").asString()).isEqualTo(
                "Paragraph number must be a whole number from 1 to 2147483647, written in ASCII digits without "
                        + "leading zeros.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "%s", "\"nope\", %s", "W/%s", "*", "\"a\",W/%s , \"b\"" })
    void matchingIfNoneMatchAnswers304WithTheETagAndNoBody(String form) {
        String eTag = header(get("/api/article"), "ETag");
        Response response = get("/api/article", "If-None-Match", form.formatted(eTag));
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(header(response, "ETag")).isEqualTo(eTag);
        assertThat(header(response, "Cache-Control")).isEqualTo("max-age=3600, public");
        assertThat(header(response, "Repr-Digest")).as("describes bytes not sent").isNull();
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"nope\"", "garbage", "\"unterminated", "W/", "," })
    void otherIfNoneMatchAnswers200(String value) {
        assertThat(get("/api/article", "If-None-Match", value).statusCode()).isEqualTo(200);
    }

    @Test
    void gzipIsSentWhenAcceptedWithItsOwnETagAndDigest() {
        Response identity = get("/api/article");
        Response gzip = get("/api/article", "Accept-Encoding", "gzip, deflate, br");
        assertThat(header(gzip, "Content-Encoding")).isEqualTo("gzip");
        assertThat(vary(gzip)).contains("Accept", "Accept-Encoding");
        assertThat(gunzip(gzip.body())).isEqualTo(identity.body());
        assertThat(header(gzip, "ETag")).isNotEqualTo(header(identity, "ETag"));
        assertThat(header(gzip, "Repr-Digest")).isEqualTo(digest(gzip.body()));
        Response revalidated = get("/api/article", "Accept-Encoding", "gzip", "If-None-Match",
                header(gzip, "ETag"));
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(get("/api/article", "If-None-Match", header(gzip, "ETag")).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "gzip;q=0", "identity", "br", "*;q=0", "gzip;q=bogus" })
    void gzipIsNotSentWhenNotAccepted(String acceptEncoding) {
        assertThat(get("/api/article", "Accept-Encoding", acceptEncoding).headers().getFirst("Content-Encoding"))
            .isNull();
    }

    @Test
    void smallBodiesAreNotCompressed() {
        Response response = get("/api/article/paragraphs/4", "Accept-Encoding", "gzip");
        assertThat(header(response, "Content-Encoding")).isNull();
        assertThat(vary(response)).doesNotContain("Accept-Encoding");
    }

    @Test
    void paragraphLinksToItsNeighboursAndCollection() {
        assertThat(header(get("/api/article/paragraphs/3"), "Link")).isEqualTo(
                "</api/article/paragraphs/2>; rel=\"prev\", </api/article/paragraphs/4>; rel=\"next\", "
                        + "</api/article/paragraphs/1>; rel=\"first\", </api/article/paragraphs/8>; rel=\"last\", "
                        + "</api/article/paragraphs>; rel=\"collection\"");
        assertThat(header(get("/api/article/paragraphs/1"), "Link")).doesNotContain("rel=\"prev\"");
        assertThat(header(get("/api/article/paragraphs/8"), "Link")).doesNotContain("rel=\"next\"");
    }

    @Test
    void listPagesLinkToNextAndPrevWithQueryValuesEncoded() {
        Response response = get("/api/article/paragraphs?q=%E2%80%99s&offset=1&limit=1");
        assertThat(header(response, "Link")).isEqualTo(
                "</api/article/paragraphs?offset=0&limit=1&q=%E2%80%99s>; rel=\"prev\", "
                        + "</api/article/paragraphs?offset=2&limit=1&q=%E2%80%99s>; rel=\"next\"");
        // Matches nothing, so only "prev" (offset 1): the value must not end the URI, the field or the header.
        String hostile = header(get("/api/article/paragraphs?q=%2C%3E%22%26x%3D1%0D%0AX:1&offset=1&limit=1"), "Link");
        assertThat(hostile).isEqualTo("</api/article/paragraphs?offset=0&limit=1&q=%2C%3E%22%26x%3D1%20X%3A1>; rel=\"prev\"");
        assertThat(header(get("/api/article/paragraphs"), "Link")).isNull();
    }

    @Test
    void headAnswersTheGetHeadersWithoutABody() {
        Response get = get("/api/article", "Accept-Encoding", "gzip");
        Response response = exchange(HttpMethod.HEAD, "/api/article", "Accept-Encoding", "gzip");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        for (String name : List.of("Content-Type", "Content-Length", "Content-Encoding", "ETag", "Repr-Digest",
                "Cache-Control", "Vary", "X-Content-Type-Options", "Content-Security-Policy")) {
            assertThat(response.headers().getOrEmpty(name)).as(name).isEqualTo(get.headers().getOrEmpty(name));
        }
    }

    /**
     * "/api/article" takes the fast path (RenderedResourcesFilter, which looks literal routes up as
     * sent), "/api/article;v=1" Spring MVC (which ignores path parameters).
     */
    @ParameterizedTest
    @ValueSource(strings = { "", "Accept:text/plain", "Accept-Encoding:gzip", "If-None-Match:*",
            "Accept:application/json;q=0.5, text/*;q=0.4" })
    void fastPathAndSpringMvcAnswerAlike(String header) {
        String[] request = header.isEmpty() ? new String[0] : header.split(":", 2);
        Response fast = get("/api/article", request);
        Response mvc = get("/api/article;v=1", request);
        assertThat(fast.statusCode()).isEqualTo(mvc.statusCode());
        assertThat(fast.body()).isEqualTo(mvc.body());
        Map<String, List<String>> fastHeaders = headersBesidesDate(fast);
        Map<String, List<String>> mvcHeaders = headersBesidesDate(mvc);
        assertThat(fastHeaders).containsKey("etag");
        assertThat(fastHeaders).isEqualTo(mvcHeaders);
    }

    @Test
    void anyOriginMayReadWithoutCredentials() {
        Response response = get("/api/article", "Origin", "https://reader.example");
        assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(header(response, "Access-Control-Expose-Headers")).isEqualTo("ETag, Link, Repr-Digest");
        assertThat(header(response, "Access-Control-Allow-Credentials")).isNull();
        assertThat(vary(response)).doesNotContain("Origin");
    }

    @Test
    void preflightAllowsReadingMethodsOnly() {
        Response allowed = options("/api/article", "GET");
        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(header(allowed, "Access-Control-Allow-Methods")).isEqualTo("GET,HEAD,OPTIONS");
        assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("*");
        Response refused = options("/api/article", "DELETE");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(header(refused, "Content-Type")).isEqualTo("application/problem+json");
        assertThat(header(refused, "Access-Control-Allow-Methods")).isNull();
    }

    @Test
    void securityHeadersAreOnSuccessesAndErrorsAlike() {
        for (String path : List.of("/api/article", "/api/article/paragraphs/99", "/nope")) {
            Response response = get(path);
            assertThat(header(response, "X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(header(response, "Referrer-Policy")).as(path).isEqualTo("no-referrer");
            assertThat(header(response, "Content-Security-Policy")).as(path)
                .isEqualTo("default-src 'none'; frame-ancestors 'none'");
            assertThat(header(response, "Server")).as(path).isNull();
        }
        assertThat(header(get("/nope"), "Cache-Control")).isEqualTo("no-store");
    }

    private Response options(String path, String method) {
        return exchange(HttpMethod.OPTIONS, path, "Origin", "https://reader.example", "Access-Control-Request-Method",
                method);
    }

    private Response get(String path, String... headers) {
        return exchange(HttpMethod.GET, path, headers);
    }

    /** The path is sent as written (a relative URI, not a template): {@code %E2%80%99} stays as it is. */
    private Response exchange(HttpMethod method, String path, String... headers) {
        EntityExchangeResult<byte[]> result = this.client.method(method)
            .uri(URI.create(path))
            .headers((request) -> {
                for (int i = 0; i < headers.length; i += 2) {
                    request.add(headers[i], headers[i + 1]);
                }
            })
            .exchange()
            .returnResult(byte[].class);
        byte[] body = result.getResponseBody();
        return new Response(result.getStatus().value(), result.getResponseHeaders(),
                (body != null) ? body : new byte[0]);
    }

    private static Map<String, List<String>> headersBesidesDate(Response response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        headers.remove("date");
        return headers;
    }

    private static String header(Response response, String name) {
        return response.headers().getFirst(name);
    }

    /** The Vary field's values, however many lines carry them. */
    private static List<String> vary(Response response) {
        return response.headers()
            .getOrEmpty("Vary")
            .stream()
            .flatMap((line) -> Arrays.stream(line.split(",")))
            .map(String::trim)
            .toList();
    }

    private static String text(Response response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String digest(byte[] bytes) {
        return "sha-256=:" + Base64.getEncoder().encodeToString(sha256(bytes)) + ":";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Status, headers and body bytes (empty when there is none), as they came over the wire. */
    private record Response(int statusCode, HttpHeaders headers, byte[] body) {
    }

    /** The seed's title and paragraphs: its blocks between blank lines, each on one line. */
    static List<String> seedBlocks() throws IOException {
        String text = new String(ArticleParserTest.seed(), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n\n")).map((block) -> block.replace('\n', ' ').strip()).toList();
    }

}
