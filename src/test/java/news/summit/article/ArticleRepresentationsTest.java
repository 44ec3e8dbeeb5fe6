package news.summit.article;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import news.summit.web.NegotiatedResource;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ArticleRepresentationsTest {

    @Test
    void markdownEscapesWhatWouldOtherwiseBeFormatting() {
        Article article = new ArticleParser("en").parse(
                "A *bold* title\n\n# not a heading\n\n1. not a list, [not a link](x) <b>\\</b>"
                    .getBytes(StandardCharsets.UTF_8), "a.txt");
        assertThat(ArticleRepresentations.markdown(article)).isEqualTo("# A \\*bold\\* title\n\n\\# not a heading\n\n"
                + "1\\. not a list, \\[not a link\\](x) \\<b\\>\\\\\\</b\\>\n");
    }

    @Test
    void cacheMaxAgeIsASetting() throws IOException {
        ArticleProperties properties = new ArticleProperties("classpath:articles/summit.txt", "en",
                Duration.ofMinutes(5), null, null, List.of(), null);
        ArticleRepresentations representations = representations(properties);
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(representations.metadata().write(new MockHttpServletRequest("GET", "/"), response))
            .isEqualTo(NegotiatedResource.Outcome.WRITTEN);
        assertThat(response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("max-age=300, public");
        assertThat(response.getHeaders(HttpHeaders.VARY)).isEqualTo(List.of("Accept"));
    }

    /**
     * Each publication setting is in the bytes of the JSON and JSON-LD representations, and the
     * byline and dates in the readable ones too: changing one changes their ETags.
     */
    @Test
    void eachPublicationSettingChangesTheETagsOfTheRepresentationsThatShowIt() throws IOException {
        Map<String, String> none = articleETags(null, null, List.of(), null);
        List<Map<String, String>> dated = List.of(articleETags("2024-05-16T09:00:00+08:00", null, List.of(), null),
                articleETags("2024-05-16T09:00:00+08:00", "2024-05-17T10:30:00+08:00", List.of(), null),
                articleETags(null, null, List.of("Jane Doe"), null));
        for (Map<String, String> eTags : dated) {
            assertThat(eTags).allSatisfy((type, eTag) -> assertThat(eTag).as(type).isNotEqualTo(none.get(type)));
        }
        Map<String, String> linked = articleETags(null, null, List.of(), "https://news.example/summit");
        assertThat(linked.get("application/json")).isNotEqualTo(none.get("application/json"));
        assertThat(linked.get("application/ld+json")).isNotEqualTo(none.get("application/ld+json"));
    }

    /** The ETag of each representation of the whole article, by media type, under these settings. */
    private static Map<String, String> articleETags(@Nullable String published, @Nullable String modified,
            List<String> authors, @Nullable String url) throws IOException {
        ArticleProperties properties = new ArticleProperties("classpath:articles/summit.txt", "en",
                Duration.ofHours(1), published, modified, authors, url);
        ArticleRepresentations representations = representations(properties);
        Map<String, String> eTags = new TreeMap<>();
        for (String type : List.of("application/json", "text/plain", "text/markdown", "application/ld+json")) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/article");
            request.addHeader(HttpHeaders.ACCEPT, type);
            MockHttpServletResponse response = new MockHttpServletResponse();
            representations.article().write(request, response);
            eTags.put(type, response.getHeader(HttpHeaders.ETAG));
        }
        return eTags;
    }

    /** The representations of the article under these settings, rendered as the application renders them. */
    private static ArticleRepresentations representations(ArticleProperties properties) {
        return new ArticleRepresentations(new ArticleService(properties, new DefaultResourceLoader()), properties,
                JsonMapper.shared());
    }

}
