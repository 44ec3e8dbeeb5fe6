package news.summit.article;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import news.summit.web.WireRestTestClient;
import news.summit.web.WireRestTestClientConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;
import org.springframework.web.context.support.ServletRequestHandledEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The article resources over real HTTP, as curl, browsers and caches see them, through
 * {@link RestTestClient} (the bytes as sent: {@link WireRestTestClient}). Expected bodies come
 * from the seed file, read independently of the parser.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
class ArticleHttpTest {

    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    /** A resource of each kind: the index, the article, the metadata, a list page, a paragraph. */
    private static final List<String> RESOURCES = List.of("/", "/api/article", "/api/article/metadata",
            "/api/article/paragraphs", "/api/article/paragraphs/3");

    @Autowired
    private RestTestClient client;

    @Autowired
    private ConfigurableApplicationContext context;

    @Test
    void articleEqualsTheSeedParagraphByParagraph() throws IOException {
        List<String> seed = seedBlocks();
        assertThat(get("/api/article")).hasStatusOk()
            .hasHeader("Content-Type", "application/json")
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$.title").isEqualTo(seed.get(0));
                json.assertThat().extractingPath("$.paragraphs[*].text").isEqualTo(seed.subList(1, seed.size()));
            });
    }

    @Test
    void curlyQuotesArriveAsUtf8() {
        byte[] quoted = "to \u201crejuvenate\u201d their countries.".getBytes(StandardCharsets.UTF_8);
        assertThat(get("/api/article/metadata")).body().containsSequence(quoted);
    }

    @Test
    void everyParagraphIsServedAtItsNumber() throws IOException {
        List<String> seed = seedBlocks();
        for (int number = 1; number < seed.size(); number++) {
            int expected = number;
            assertThat(get("/api/article/paragraphs/" + number)).hasStatusOk().bodyJson().satisfies((json) -> {
                json.assertThat().extractingPath("$.number").isEqualTo(expected);
                json.assertThat().extractingPath("$.text").isEqualTo(seed.get(expected));
            });
        }
    }

    @Test
    void plainTextIsTheSeedWithAFinalNewline() throws IOException {
        assertThat(get("/api/article", "Accept", "text/plain")).hasHeader("Content-Type", "text/plain;charset=UTF-8")
            .hasBodyTextEqualTo(new String(ArticleParserTest.seed(), StandardCharsets.UTF_8) + "\n");
    }

    @Test
    void markdownIsTheTitleAsHeadingAndTheParagraphs() throws IOException {
        List<String> seed = seedBlocks();
        assertThat(get("/api/article", "Accept", "text/markdown"))
            .hasHeader("Content-Type", "text/markdown;charset=UTF-8")
            .hasBodyTextEqualTo("# " + seed.get(0) + "\n\n" + String.join("\n\n", seed.subList(1, seed.size())) + "\n");
    }

    @Test
    void jsonLdIsASchemaOrgNewsArticle() throws IOException {
        List<String> seed = seedBlocks();
        assertThat(get("/api/article", "Accept", "application/ld+json")).hasHeader("Content-Type", "application/ld+json")
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$['@context']").isEqualTo("https://schema.org");
                json.assertThat().extractingPath("$['@type']").isEqualTo("NewsArticle");
                json.assertThat().extractingPath("$.headline").isEqualTo(seed.get(0));
                json.assertThat().extractingPath("$.articleBody")
                    .isEqualTo(String.join("\n\n", seed.subList(1, seed.size())));
                json.assertThat().extractingPath("$.wordCount").isEqualTo(273);
                json.assertThat().extractingPath("$.inLanguage").isEqualTo("en");
                json.assertThat().extractingPath("$.timeRequired").isEqualTo("PT2M");
            });
    }

    @Test
    void paragraphAsPlainTextIsItsTextAndANewline() throws IOException {
        assertThat(get("/api/article/paragraphs/4", "Accept", "text/plain"))
            .hasHeader("Content-Type", "text/plain;charset=UTF-8")
            .hasBodyTextEqualTo(seedBlocks().get(4) + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = { BROWSER_ACCEPT, "*/*", "application/*", "application/json", "text/html, */*;q=0.1" })
    void browsersAndWildcardsGetJson(String accept) {
        assertThat(get("/api/article", "Accept", accept)).hasStatusOk().hasHeader("Content-Type", "application/json");
    }

    @Test
    void qualityValuesAreHonoured() {
        assertThat(get("/api/article", "Accept", "application/json;q=0, */*")).hasHeader("Content-Type",
                "text/plain;charset=UTF-8");
        assertThat(get("/api/article", "Accept", "text/plain;q=0.5, text/markdown")).hasHeader("Content-Type",
                "text/markdown;charset=UTF-8");
        assertThat(get("/api/article", "Accept", "text/*;q=0.9, text/plain;q=0.1")).hasHeader("Content-Type",
                "text/markdown;charset=UTF-8");
    }

    @ParameterizedTest
    @ValueSource(strings = { "application/json;q=0", "image/png", "text/markdown" })
    void nothingAcceptableAnswers406Problem(String accept) {
        String path = accept.equals("text/markdown") ? "/api/article/metadata" : "/api/article";
        assertThat(get(path, "Accept", accept)).hasStatus(406)
            .hasHeader("Content-Type", "application/problem+json")
            .bodyJson()
            .extractingPath("$.status")
            .isEqualTo(406);
    }

    @ParameterizedTest
    @FieldSource("RESOURCES")
    void everyArticleResourceCarriesValidatorsCachingAndVary(String path) {
        RestTestClientResponse response = get(path);
        assertThat(response).hasStatusOk()
            .hasHeader("Cache-Control", "max-age=3600, public")
            .hasHeader("Repr-Digest", digest(body(response)));
        assertThat(eTag(response)).matches("\"[0-9a-f]{32}\"");
        assertThat(headers(response).getVary()).contains("Accept");
    }

    /** The ETag is the first 128 bits of the body's SHA-256, in hex: the same bytes, the same tag, anywhere. */
    @ParameterizedTest
    @ValueSource(strings = { "application/json", "text/plain", "text/markdown", "application/ld+json" })
    void eTagIsDerivedFromTheBytesAndDiffersPerRepresentation(String accept) {
        RestTestClientResponse response = get("/api/article", "Accept", accept);
        String sha256 = HexFormat.of().formatHex(sha256(body(response)));
        assertThat(response).hasHeader("ETag", "\"" + sha256.substring(0, 32) + "\"");
        String other = accept.equals("text/plain") ? "application/json" : "text/plain";
        assertThat(eTag(get("/api/article", "Accept", other))).isNotEqualTo(eTag(response));
    }

    /** If-Match holds for * or the current tag, compared strongly, on every resource, whichever path answers it. */
    @ParameterizedTest(name = "{0} If-Match: {1}")
    @MethodSource
    void ifMatchThatHoldsAnswers200(String path, String form) {
        String eTag = eTag(get(path));
        assertThat(get(path, "If-Match", form.formatted(eTag))).hasStatusOk().hasHeader("ETag", eTag);
    }

    static Stream<Arguments> ifMatchThatHoldsAnswers200() {
        return onEveryResource("%s", "*", "\"nope\", %s");
    }

    /**
     * A tag that does not match, a weak one (never matched strongly) or garbage: 412, evaluated
     * before If-None-Match, which would have answered 304 (RFC 9110 13.2.2).
     */
    @ParameterizedTest(name = "{0} If-Match: {1}")
    @MethodSource
    void ifMatchThatFailsAnswers412ProblemBeforeA304(String path, String form) {
        String eTag = eTag(get(path));
        assertThat(get(path, "If-Match", form.formatted(eTag), "If-None-Match", eTag)).hasStatus(412)
            .hasHeader("Content-Type", "application/problem+json")
            .hasHeader("Cache-Control", "no-store")
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$.status").isEqualTo(412);
                json.assertThat().extractingPath("$.instance").isEqualTo(path);
                json.assertThat().extractingPath("$.detail").asString().contains("If-Match");
            });
    }

    static Stream<Arguments> ifMatchThatFailsAnswers412ProblemBeforeA304() {
        return onEveryResource("\"nope\"", "W/%s", "garbage", "\"nope\", W/%s");
    }

    /** Each resource with each {@code If-Match} form, where {@code %s} stands for its current ETag. */
    private static Stream<Arguments> onEveryResource(String... forms) {
        return RESOURCES.stream().flatMap((path) -> Stream.of(forms).map((form) -> arguments(path, form)));
    }

    /** One URL per paragraph: a leading zero is the same 400 as a sign. */
    @ParameterizedTest
    @ValueSource(strings = { "01", "003", "+1" })
    void paragraphNumberWithALeadingZeroOrSignAnswers400(String number) {
        assertThat(get("/api/article/paragraphs/" + number)).hasStatus(400)
            .hasHeader("Content-Type", "application/problem+json")
            .bodyJson()
            .extractingPath("$.detail")
            .isEqualTo("Paragraph number must be a whole number from 1 to 2147483647, written in ASCII digits "
                    + "without leading zeros.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "%s", "\"nope\", %s", "W/%s", "*", "\"a\",W/%s , \"b\"" })
    void matchingIfNoneMatchAnswers304WithTheETagAndNoBody(String form) {
        String eTag = eTag(get("/api/article"));
        RestTestClientResponse response = get("/api/article", "If-None-Match", form.formatted(eTag));
        assertThat(response).hasStatus(304)
            .hasHeader("ETag", eTag)
            .hasHeader("Cache-Control", "max-age=3600, public")
            .doesNotContainHeader("Repr-Digest");
        assertThat(response).body().isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "\"nope\"", "garbage", "\"unterminated", "W/", "," })
    void otherIfNoneMatchAnswers200(String value) {
        assertThat(get("/api/article", "If-None-Match", value)).hasStatusOk();
    }

    @Test
    void gzipIsSentWhenAcceptedWithItsOwnETagAndDigest() {
        RestTestClientResponse identity = get("/api/article");
        RestTestClientResponse gzip = get("/api/article", "Accept-Encoding", "gzip, deflate, br");
        assertThat(gzip).hasHeader("Content-Encoding", "gzip").hasHeader("Repr-Digest", digest(body(gzip)));
        assertThat(headers(gzip).getVary()).contains("Accept", "Accept-Encoding");
        assertThat(gunzip(body(gzip))).isEqualTo(body(identity));
        assertThat(eTag(gzip)).isNotEqualTo(eTag(identity));
        assertThat(get("/api/article", "Accept-Encoding", "gzip", "If-None-Match", eTag(gzip))).hasStatus(304);
        assertThat(get("/api/article", "If-None-Match", eTag(gzip))).hasStatusOk();
    }

    @ParameterizedTest
    @ValueSource(strings = { "gzip;q=0", "identity", "br", "*;q=0", "gzip;q=bogus" })
    void gzipIsNotSentWhenNotAccepted(String acceptEncoding) throws IOException {
        assertThat(get("/api/article", "Accept-Encoding", acceptEncoding)).hasStatusOk()
            .doesNotContainHeader("Content-Encoding")
            .bodyJson()
            .extractingPath("$.title")
            .isEqualTo(seedBlocks().get(0));
    }

    @Test
    void smallBodiesAreNotCompressed() {
        RestTestClientResponse response = get("/api/article/paragraphs/4", "Accept-Encoding", "gzip");
        assertThat(response).hasStatusOk().doesNotContainHeader("Content-Encoding");
        assertThat(headers(response).getVary()).doesNotContain("Accept-Encoding");
    }

    @Test
    void paragraphLinksToItsNeighboursAndCollection() {
        assertThat(get("/api/article/paragraphs/3")).hasHeader("Link",
                "</api/article/paragraphs/2>; rel=\"prev\", </api/article/paragraphs/4>; rel=\"next\", "
                        + "</api/article/paragraphs/1>; rel=\"first\", </api/article/paragraphs/8>; rel=\"last\", "
                        + "</api/article/paragraphs>; rel=\"collection\"");
        assertThat(headers(get("/api/article/paragraphs/1")).getFirst("Link")).doesNotContain("rel=\"prev\"");
        assertThat(headers(get("/api/article/paragraphs/8")).getFirst("Link")).doesNotContain("rel=\"next\"");
    }

    @Test
    void listPagesLinkToNextAndPrevWithQueryValuesEncoded() {
        assertThat(get("/api/article/paragraphs?q=%E2%80%99s&offset=1&limit=1")).hasHeader("Link",
                "</api/article/paragraphs?offset=0&limit=1&q=%E2%80%99s>; rel=\"prev\", "
                        + "</api/article/paragraphs?offset=2&limit=1&q=%E2%80%99s>; rel=\"next\"");
        // Matches nothing, so only "prev" (offset 1): the value must not end the URI, the field or the header.
        assertThat(get("/api/article/paragraphs?q=%2C%3E%22%26x%3D1%0D%0AX:1&offset=1&limit=1")).hasHeader("Link",
                "</api/article/paragraphs?offset=0&limit=1&q=%2C%3E%22%26x%3D1%20X%3A1>; rel=\"prev\"");
        assertThat(get("/api/article/paragraphs")).hasStatusOk().doesNotContainHeader("Link");
    }

    @Test
    void headAnswersTheGetHeadersWithoutABody() {
        HttpHeaders get = headers(get("/api/article", "Accept-Encoding", "gzip"));
        RestTestClientResponse head = WireRestTestClient.exchange(this.client, HttpMethod.HEAD, "/api/article",
                "Accept-Encoding", "gzip");
        assertThat(head).hasStatusOk().body().isEmpty();
        for (String name : List.of("Content-Type", "Content-Length", "Content-Encoding", "ETag", "Repr-Digest",
                "Cache-Control", "Vary", "X-Content-Type-Options", "Content-Security-Policy")) {
            assertThat(headers(head).getOrEmpty(name)).as(name).isNotEmpty().isEqualTo(get.getOrEmpty(name));
        }
    }

    /**
     * "/api/article" takes the fast path (RenderedResourcesFilter, which looks literal routes up as
     * sent), "/api/article;v=1" Spring MVC (which ignores path parameters), as the
     * DispatcherServlet's own report of the requests it handled shows.
     */
    @ParameterizedTest
    @ValueSource(strings = { "", "Accept:text/plain", "Accept-Encoding:gzip", "If-None-Match:*",
            "Accept:application/json;q=0.5, text/*;q=0.4" })
    void fastPathAndSpringMvcAnswerAlike(String header) {
        String[] fields = header.isEmpty() ? new String[0] : header.split(":", 2);
        List<String> handledBySpringMvc = new CopyOnWriteArrayList<>();
        ApplicationListener<ApplicationEvent> listener = (event) -> {
            if (event instanceof ServletRequestHandledEvent handled) {
                handledBySpringMvc.add(handled.getRequestUrl());
            }
        };
        this.context.addApplicationListener(listener);
        try {
            RestTestClientResponse fast = get("/api/article", fields);
            RestTestClientResponse mvc = get("/api/article;v=1", fields);
            // The DispatcherServlet reports a request once it has written the response.
            await().atMost(WireRestTestClient.TIMEOUT).until(() -> handledBySpringMvc.contains("/api/article;v=1"));
            assertThat(handledBySpringMvc).as("requests Spring MVC handled").doesNotContain("/api/article");
            assertThat(fast.getExchangeResult().getStatus()).isEqualTo(mvc.getExchangeResult().getStatus());
            assertThat(body(fast)).isEqualTo(body(mvc));
            assertThat(headersBesidesDate(fast)).containsKey("etag").isEqualTo(headersBesidesDate(mvc));
        }
        finally {
            this.context.removeApplicationListener(listener);
        }
    }

    @Test
    void anyOriginMayReadWithoutCredentials() {
        RestTestClientResponse response = get("/api/article", "Origin", "https://reader.example");
        assertThat(response).hasHeader("Access-Control-Allow-Origin", "*")
            .hasHeader("Access-Control-Expose-Headers", "ETag, Link, Repr-Digest")
            .doesNotContainHeader("Access-Control-Allow-Credentials");
        assertThat(headers(response).getVary()).doesNotContain("Origin");
    }

    @Test
    void preflightAllowsReadingMethodsOnly() {
        assertThat(preflight("/api/article", "GET")).hasStatus(204)
            .hasHeader("Access-Control-Allow-Methods", "GET,HEAD,OPTIONS")
            .hasHeader("Access-Control-Allow-Origin", "*");
        assertThat(preflight("/api/article", "DELETE")).hasStatus(403)
            .hasHeader("Content-Type", "application/problem+json")
            .doesNotContainHeader("Access-Control-Allow-Methods");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/article", "/api/article/paragraphs/99", "/nope" })
    void securityHeadersAreOnSuccessesAndErrorsAlike(String path) {
        assertThat(get(path)).hasHeader("X-Content-Type-Options", "nosniff")
            .hasHeader("Referrer-Policy", "no-referrer")
            .hasHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
            .doesNotContainHeader("Server");
    }

    private RestTestClientResponse preflight(String path, String method) {
        return WireRestTestClient.exchange(this.client, HttpMethod.OPTIONS, path, "Origin", "https://reader.example",
                "Access-Control-Request-Method", method);
    }

    private RestTestClientResponse get(String target, String... fields) {
        return WireRestTestClient.get(this.client, target, fields);
    }

    private static HttpHeaders headers(RestTestClientResponse response) {
        return response.getExchangeResult().getResponseHeaders();
    }

    private static String eTag(RestTestClientResponse response) {
        return headers(response).getETag();
    }

    private static byte[] body(RestTestClientResponse response) {
        return response.getExchangeResult().getResponseBodyContent();
    }

    private static Map<String, List<String>> headersBesidesDate(RestTestClientResponse response) {
        Map<String, List<String>> headers = new TreeMap<>();
        headers(response).forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        headers.remove("date");
        return headers;
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

    /** The seed's title and paragraphs: its blocks between blank lines, each on one line. */
    static List<String> seedBlocks() throws IOException {
        String text = new String(ArticleParserTest.seed(), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n\n")).map((block) -> block.replace('\n', ' ').strip()).toList();
    }

}
