package news.summit.article;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.json.AbstractJsonContentAssert;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI description of another, two-paragraph article: nothing of the summit article is left. */
@SpringBootTest(properties = "article.location=classpath:articles/two-paragraphs.txt")
@AutoConfigureMockMvc
class ApiDocumentationFromArticleTest {

    private static final String PARAGRAPH = "$.paths['/api/article/paragraphs/{number}'].get";

    private static final String PARAGRAPHS = "$.paths['/api/article/paragraphs'].get";

    @Autowired
    private MockMvcTester mvc;

    private AbstractJsonContentAssert<?> apiDocs() {
        return assertThat(this.mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyJson();
    }

    @Test
    void nothingOfTheSummitArticleIsLeft() {
        assertThat(this.mvc.get().uri("/v3/api-docs")).hasStatusOk().bodyText().doesNotContain("Beijing", "Putin");
    }

    @Test
    void titleAndDescriptionNameTheArticleServed() {
        apiDocs().satisfies((json) -> {
            json.assertThat().extractingPath("$.info.title").asString().contains("Harbour lights return to Lisbon");
            json.assertThat()
                .extractingPath("$.info.description")
                .asString()
                .contains("Harbour lights return to Lisbon", "2 paragraphs")
                .doesNotContain("Putin", "summit");
            json.assertThat().extractingPath("$.info.license.identifier").isEqualTo("Apache-2.0");
        });
    }

    @Test
    void noCredentialsAreNeededAndTheDescriptionSaysSo() {
        apiDocs().satisfies((json) -> {
            json.assertThat().extractingPath("$.security").as("one empty requirement: no authentication")
                .isEqualTo(List.of(Map.of()));
            json.assertThat().doesNotHavePath("$.components.securitySchemes");
            json.assertThat()
                .extractingPath("$.info.description")
                .asString()
                .contains("No credentials are needed: every operation is open to anyone.");
        });
    }

    @Test
    void examplesAreThisArticlesOwnResponses() {
        apiDocs().satisfies((json) -> {
            json.assertThat().extractingPath(PARAGRAPH + ".parameters[0].example").isEqualTo(1);
            json.assertThat()
                .extractingPath(PARAGRAPH + ".responses.200.content['application/json'].example.text")
                .asString()
                .startsWith("Fishermen welcomed the restored lighthouse");
            json.assertThat()
                .extractingPath(PARAGRAPH + ".responses.200.content['text/plain;charset=UTF-8'].example")
                .asString()
                .startsWith("Fishermen");
            json.assertThat()
                .extractingPath(PARAGRAPH + ".responses.404.content['application/problem+json'].example")
                .isEqualTo(Map.of("title", "Paragraph not found", "status", 404, "detail",
                        "Paragraph 3 does not exist; this article has paragraphs 1 to 2.", "instance",
                        "/api/article/paragraphs/3"));
            json.assertThat()
                .extractingPath(PARAGRAPHS + ".parameters[?(@.name == 'q')].example")
                .isEqualTo(List.of("Fishermen"));
            json.assertThat()
                .extractingPath(PARAGRAPHS + ".responses.200.content['application/json'].example.total")
                .isEqualTo(1);
        });
    }

}
