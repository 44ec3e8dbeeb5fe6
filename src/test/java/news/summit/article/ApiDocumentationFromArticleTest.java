package news.summit.article;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI description of another, two-paragraph article: nothing of the summit article is left. */
@SpringBootTest(properties = "article.location=classpath:articles/two-paragraphs.txt")
@AutoConfigureMockMvc
class ApiDocumentationFromArticleTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    private MockMvcTester mvc;

    private JsonNode apiDocs() {
        return json.readTree(this.mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsByteArray());
    }

    @Test
    void titleAndDescriptionNameTheArticleServed() {
        JsonNode info = apiDocs().get("info");
        assertThat(info.get("title").asString()).contains("Harbour lights return to Lisbon");
        assertThat(info.get("description").asString()).contains("Harbour lights return to Lisbon")
            .contains("2 paragraphs")
            .doesNotContain("Putin", "summit");
        assertThat(info.get("license").get("identifier").asString()).isEqualTo("Apache-2.0");
    }

    @Test
    void noCredentialsAreNeededAndTheDescriptionSaysSo() {
        JsonNode security = apiDocs().get("security");
        assertThat(security.isArray()).isTrue();
        assertThat(security).hasSize(1);
        assertThat(security.get(0).isEmpty()).as("an empty requirement: no authentication").isTrue();
    }

    @Test
    void examplesAreThisArticlesOwnResponses() {
        JsonNode paragraph = apiDocs().get("paths").get("/api/article/paragraphs/{number}").get("get");
        assertThat(paragraph.get("parameters").get(0).get("example").asInt()).isEqualTo(1);
        JsonNode ok = paragraph.get("responses").get("200").get("content");
        assertThat(ok.get("application/json").get("example").get("text").asString())
            .startsWith("Fishermen welcomed the restored lighthouse");
        assertThat(ok.get("text/plain;charset=UTF-8").get("example").asString()).startsWith("Fishermen");
        JsonNode notFound = paragraph.get("responses").get("404").get("content").get("application/problem+json")
            .get("example");
        assertThat(notFound.get("detail").asString())
            .isEqualTo("Paragraph 3 does not exist; this article has paragraphs 1 to 2.");
        assertThat(notFound.get("instance").asString()).isEqualTo("/api/article/paragraphs/3");

        JsonNode search = apiDocs().get("paths").get("/api/article/paragraphs").get("get");
        assertThat(search.get("parameters").findValuesAsString("example")).contains("Fishermen");
        assertThat(search.get("responses").get("200").get("content").get("application/json").get("example")
            .get("total").asInt()).isEqualTo(1);
        assertThat(apiDocs().toString()).doesNotContain("Beijing", "Putin");
    }

}
