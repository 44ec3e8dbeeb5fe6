package news.summit.article;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import news.summit.web.WireRestTestClient;
import news.summit.web.WireRestTestClientConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.assertj.RestTestClientResponse;

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

    private static final List<String> ARTICLE_RESOURCES = List.of("/", "/api/article", "/api/article/metadata",
            "/api/article/paragraphs", "/api/article/paragraphs/3");

    @Autowired
    private RestTestClient client;

    @Test
    void metadataCarriesTheSettings() {
        assertThat(get("/api/article/metadata")).bodyJson().satisfies((json) -> {
            json.assertThat().extractingPath("$.published").isEqualTo("2024-05-16T09:00:00+08:00");
            json.assertThat().extractingPath("$.modified").isEqualTo("2024-05-17T10:30:00+08:00");
            json.assertThat().extractingPath("$.authors").isEqualTo(List.of("Jane Doe", "John Roe"));
            json.assertThat().extractingPath("$.url").isEqualTo("https://news.example/summit");
        });
    }

    @Test
    void jsonLdCarriesThemAsSchemaOrgNames() {
        assertThat(get("/api/article", "Accept", "application/ld+json")).bodyJson().satisfies((json) -> {
            json.assertThat().extractingPath("$.datePublished").isEqualTo("2024-05-16T09:00:00+08:00");
            json.assertThat().extractingPath("$.dateModified").isEqualTo("2024-05-17T10:30:00+08:00");
            json.assertThat()
                .extractingPath("$.author")
                .isEqualTo(List.of(Map.of("@type", "Person", "name", "Jane Doe"),
                        Map.of("@type", "Person", "name", "John Roe")));
            json.assertThat().extractingPath("$.url").isEqualTo("https://news.example/summit");
            json.assertThat().extractingPath("$.mainEntityOfPage").isEqualTo("https://news.example/summit");
            json.assertThat()
                .extractingPath("$.description")
                .asString()
                .startsWith("Chinese President Xi Jinping")
                .endsWith("mutual development.");
        });
    }

    @ParameterizedTest
    @FieldSource("ARTICLE_RESOURCES")
    void everyArticleResourceSendsLastModifiedFromTheModifiedDate(String path) {
        assertThat(get(path)).hasStatusOk().hasHeader("Last-Modified", LAST_MODIFIED);
    }

    @ParameterizedTest
    @FieldSource("ARTICLE_RESOURCES")
    void ifModifiedSinceNotOlderAnswers304AndADayEarlier200(String path) {
        assertThat(get(path, "If-Modified-Since", LAST_MODIFIED)).hasStatus(304)
            .hasHeader("Last-Modified", LAST_MODIFIED);
        assertThat(get(path, "If-Modified-Since", "Fri, 17 May 2024 02:31:00 GMT")).hasStatus(304);
        assertThat(get(path, "If-Modified-Since", "Thu, 16 May 2024 02:30:00 GMT")).hasStatusOk();
        assertThat(get(path, "If-Modified-Since", "last week")).hasStatusOk();
    }

    /** RFC 9110 13.2.2: If-None-Match decides alone when present; If-Modified-Since is then ignored. */
    @Test
    void ifModifiedSinceIsIgnoredBesideIfNoneMatch() {
        assertThat(get("/api/article", "If-None-Match", "\"other\"", "If-Modified-Since", LAST_MODIFIED))
            .hasStatusOk();
    }

    @Test
    void theWholeArticleLinksToItsCanonicalUrl() {
        assertThat(get("/api/article")).hasHeader("Link", "<https://news.example/summit>; rel=\"canonical\"");
        assertThat(get("/api/article/metadata")).hasStatusOk().doesNotContainHeader("Link");
    }

    @Test
    void readableRepresentationsShowTheBylineAndDates() {
        assertThat(get("/api/article", "Accept", "text/plain")).bodyText()
            .startsWith("Xi jinping and vladimir putin vow joint efforts to \u201crejuvenate\u201d their "
                    + "countries.\n\nBy Jane Doe and John Roe\nPublished 2024-05-16T09:00:00+08:00, updated "
                    + "2024-05-17T10:30:00+08:00\n\nChinese President");
        assertThat(get("/api/article", "Accept", "text/markdown")).bodyText()
            .contains("\n\nBy Jane Doe and John Roe  \nPublished 2024-05-16T09:00:00+08:00, updated "
                    + "2024-05-17T10:30:00+08:00\n\nChinese President");
    }

    private RestTestClientResponse get(String target, String... fields) {
        return WireRestTestClient.get(this.client, target, fields);
    }

}
