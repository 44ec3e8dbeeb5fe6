package news.summit.article;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import news.summit.web.WireRestTestClientConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publication facts the settings give, as clients and caches see them: in the metadata and
 * JSON-LD, as Last-Modified with If-Modified-Since, as the canonical link, and in the readable
 * representations.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "article.published=2024-05-16T09:00:00+08:00", "article.modified=2024-05-17T10:30:00+08:00",
        "article.authors=Jane Doe,John Roe", "article.url=https://news.example/summit" })
@Import(WireRestTestClientConfiguration.class)
class PublicationHttpTest {

    private static final String LAST_MODIFIED = "Fri, 17 May 2024 02:30:00 GMT";

    private static final String[] ARTICLE_RESOURCES = { "/", "/api/article", "/api/article/metadata",
            "/api/article/paragraphs", "/api/article/paragraphs/3" };

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    private RestTestClient client;

    @Test
    void metadataCarriesTheSettings() {
        JsonNode metadata = json.readTree(get("/api/article/metadata").getResponseBody());
        assertThat(metadata.get("published").asString()).isEqualTo("2024-05-16T09:00:00+08:00");
        assertThat(metadata.get("modified").asString()).isEqualTo("2024-05-17T10:30:00+08:00");
        assertThat(metadata.get("authors").toString()).isEqualTo("[\"Jane Doe\",\"John Roe\"]");
        assertThat(metadata.get("url").asString()).isEqualTo("https://news.example/summit");
    }

    @Test
    void jsonLdCarriesThemAsSchemaOrgNames() {
        JsonNode article = json.readTree(get("/api/article", "Accept", "application/ld+json").getResponseBody());
        assertThat(article.get("datePublished").asString()).isEqualTo("2024-05-16T09:00:00+08:00");
        assertThat(article.get("dateModified").asString()).isEqualTo("2024-05-17T10:30:00+08:00");
        assertThat(article.get("author").toString())
            .isEqualTo("[{\"@type\":\"Person\",\"name\":\"Jane Doe\"},{\"@type\":\"Person\",\"name\":\"John Roe\"}]");
        assertThat(article.get("url").asString()).isEqualTo("https://news.example/summit");
        assertThat(article.get("mainEntityOfPage").asString()).isEqualTo("https://news.example/summit");
        assertThat(article.get("description").asString()).startsWith("Chinese President Xi Jinping").endsWith(
                "mutual development.");
    }

    @Test
    void everyArticleResourceSendsLastModifiedFromTheModifiedDate() {
        for (String path : ARTICLE_RESOURCES) {
            assertThat(get(path).getResponseHeaders().getFirst("Last-Modified")).as(path).isEqualTo(LAST_MODIFIED);
        }
    }

    @Test
    void ifModifiedSinceNotOlderAnswers304AndADayEarlier200() {
        for (String path : ARTICLE_RESOURCES) {
            EntityExchangeResult<byte[]> same = get(path, "If-Modified-Since", LAST_MODIFIED);
            assertThat(same.getStatus().value()).as(path).isEqualTo(304);
            assertThat(same.getResponseHeaders().getFirst("Last-Modified")).as(path).isEqualTo(LAST_MODIFIED);
            assertThat(get(path, "If-Modified-Since", "Fri, 17 May 2024 02:31:00 GMT").getStatus().value()).as(path)
                .isEqualTo(304);
            assertThat(get(path, "If-Modified-Since", "Thu, 16 May 2024 02:30:00 GMT").getStatus().value()).as(path)
                .isEqualTo(200);
            assertThat(get(path, "If-Modified-Since", "last week").getStatus().value()).as(path).isEqualTo(200);
        }
    }

    /** RFC 9110 13.2.2: If-None-Match decides alone when present; If-Modified-Since is then ignored. */
    @Test
    void ifModifiedSinceIsIgnoredBesideIfNoneMatch() {
        EntityExchangeResult<byte[]> response = this.client.get()
            .uri("/api/article")
            .header("If-None-Match", "\"other\"")
            .header("If-Modified-Since", LAST_MODIFIED)
            .exchange()
            .returnResult(byte[].class);
        assertThat(response.getStatus().value()).isEqualTo(200);
    }

    @Test
    void theWholeArticleLinksToItsCanonicalUrl() {
        assertThat(get("/api/article").getResponseHeaders().getFirst("Link"))
            .isEqualTo("<https://news.example/summit>; rel=\"canonical\"");
        assertThat(get("/api/article/metadata").getResponseHeaders().getFirst("Link")).isNull();
    }

    @Test
    void readableRepresentationsShowTheBylineAndDates() {
        String text = new String(get("/api/article", "Accept", "text/plain").getResponseBody(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("Xi jinping and vladimir putin vow joint efforts to \u201crejuvenate\u201d their "
                + "countries.\n\nBy Jane Doe and John Roe\nPublished 2024-05-16T09:00:00+08:00, updated "
                + "2024-05-17T10:30:00+08:00\n\nChinese President");
        String markdown = new String(get("/api/article", "Accept", "text/markdown").getResponseBody(),
                StandardCharsets.UTF_8);
        assertThat(markdown).contains("\n\nBy Jane Doe and John Roe  \nPublished 2024-05-16T09:00:00+08:00, updated "
                + "2024-05-17T10:30:00+08:00\n\nChinese President");
    }

    private EntityExchangeResult<byte[]> get(String path, String... header) {
        return this.client.get()
            .uri(URI.create(path))
            .headers((headers) -> {
                if (header.length == 2) {
                    headers.add(header[0], header[1]);
                }
            })
            .exchange()
            .returnResult(byte[].class);
    }

}
