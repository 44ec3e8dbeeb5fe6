package news.summit.article;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

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
                Duration.ofMinutes(5));
        ArticleRepresentations representations = new ArticleRepresentations(
                new ArticleService(properties, new DefaultResourceLoader()), properties, JsonMapper.shared());
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(representations.metadata().write(new MockHttpServletRequest("GET", "/"), response))
            .isEqualTo(NegotiatedResource.Outcome.WRITTEN);
        assertThat(response.getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("max-age=300, public");
        assertThat(response.getHeaders(HttpHeaders.VARY)).isEqualTo(List.of("Accept"));
    }

}
