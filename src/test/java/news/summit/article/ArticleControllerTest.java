package news.summit.article;

import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(ArticleController.class)
@Import({ ArticleService.class, ArticleRepresentations.class })
@EnableConfigurationProperties(ArticleProperties.class)
class ArticleControllerTest {

    @Autowired
    private MockMvcTester mvc;

    @Test
    void articleHasTitleMetadataAndParagraphs() {
        assertThat(this.mvc.get().uri("/api/article")).hasStatusOk()
            .hasContentType(MediaType.APPLICATION_JSON)
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$.title").asString().contains("\u201crejuvenate\u201d");
                json.assertThat().extractingPath("$.metadata.wordCount").isEqualTo(273);
                json.assertThat().extractingPath("$.paragraphs.length()").isEqualTo(8);
                json.assertThat().extractingPath("$.paragraphs[0].number").isEqualTo(1);
                json.assertThat().extractingPath("$.paragraphs[0].wordCount").isEqualTo(43);
            });
    }

    @Test
    void metadataHasExactlyTheFieldsOfTheContractAndNoPublicationFactWithoutSettings() {
        assertThat(this.mvc.get().uri("/api/article/metadata")).hasStatusOk()
            .doesNotContainHeader("Last-Modified")
            .bodyJson()
            .isStrictlyEqualTo("""
                    {"title":"Xi jinping and vladimir putin vow joint efforts to \u201crejuvenate\u201d their countries.",
                     "excerpt":"Chinese President Xi Jinping and Russian counterpart Vladimir Putin convened in \
                    Beijing for talks aimed at fortifying their nations\u2019 ties and fostering mutual development.",
                     "language":"en","paragraphCount":8,"wordCount":273,"characterCount":1932,
                     "readingTimeMinutes":2,
                     "sha256":"7723b85e2fe84a8e9cabb2d00a39efe29b7336f25291ccb04f65ed9d997c329c",
                     "source":"summit.txt"}""");
    }

    @Test
    void paragraphHasNumberTextAndWordCountOnly() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs/4")).hasStatusOk()
            .bodyJson()
            .isStrictlyEqualTo("""
                    {"number":4,"text":"Putin echoed Xi\u2019s sentiments, emphasizing the stabilizing influence of \
                    their cooperation and stressing that their partnership is not aimed against any other nation.",
                    "wordCount":23}""");
    }

    @Test
    void indexLinksToEveryResource() {
        assertThat(this.mvc.get().uri("/")).hasStatusOk()
            .bodyJson()
            .extractingPath("$.links")
            .isEqualTo(Map.of("article", "/api/article", "metadata", "/api/article/metadata",
                    "paragraphs", "/api/article/paragraphs", "paragraph", "/api/article/paragraphs/{number}",
                    "openapi", "/v3/api-docs", "health", "/readyz"));
    }

    @Test
    void paragraphListDefaultsToTheFirstTwentyWithNullQuery() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs")).hasStatusOk()
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$.total").isEqualTo(8);
                json.assertThat().extractingPath("$.offset").isEqualTo(0);
                json.assertThat().extractingPath("$.limit").isEqualTo(20);
                json.assertThat().extractingPath("$.query").isNull();
                json.assertThat().extractingPath("$.paragraphs.length()").isEqualTo(8);
                json.assertThat().doesNotHavePath("$.paragraphs[0].matches");
            });
    }

    @Test
    void searchResultsCarryMatchOffsets() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs?q=  great   hall ")).hasStatusOk()
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$.query").isEqualTo("great hall");
                json.assertThat().extractingPath("$.total").isEqualTo(1);
                json.assertThat().extractingPath("$.paragraphs[0].number").isEqualTo(3);
                json.assertThat().extractingPath("$.paragraphs[0].matches[0].start").isEqualTo(32);
                json.assertThat().extractingPath("$.paragraphs[0].matches[0].end").isEqualTo(42);
            });
    }

    @Test
    void pastTheEndPreviousLinkPointsToTheLastPageWithParagraphs() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs?offset=100&limit=3")).hasStatusOk()
            .hasHeader("Link", "</api/article/paragraphs?offset=5&limit=3>; rel=\"prev\"")
            .bodyJson()
            .extractingPath("$.paragraphs.length()")
            .isEqualTo(0);
        assertThat(this.mvc.get().uri("/api/article/paragraphs?offset=5&limit=3")).bodyJson()
            .extractingPath("$.paragraphs.length()")
            .isEqualTo(3);
    }

    @Test
    void searchTextMayHoldCommas() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs?q=Ukraine, Asia")).hasStatusOk()
            .bodyJson()
            .extractingPath("$.total")
            .isEqualTo(1);
    }

    @Test
    void unknownQueryParametersAreIgnored() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs?foo=1&foo=2&limit=2")).hasStatusOk()
            .bodyJson()
            .extractingPath("$.paragraphs.length()")
            .isEqualTo(2);
    }

    /**
     * Each number goes to the server as written: {@code uri(URI)} sends the path as it is, where
     * {@code uri(String)} would encode {@code %} again and the server would see {@code %D9%A3},
     * not the Arabic-Indic digit three. The request URI the server saw proves it.
     */
    @ParameterizedTest
    @ValueSource(strings = { "0", "-1", "+1", "01", "007", "1.0", "0x1", "1e3", "abc", "2147483648", "99999999999",
            "%D9%A3", "%D9%A1%D9%A2", "%DB%B3", "%E0%A5%A9", "%EF%BC%91", "1%EF%BC%92", "%F0%9D%9F%91", "%C2%B9",
            "%20", "1%20" })
    void paragraphNumberThatIsNotAPositiveAsciiIntegerAnswers400(String number) {
        String path = "/api/article/paragraphs/" + number;
        MvcTestResult result = this.mvc.get().uri(URI.create(path)).exchange();
        assertThat(result.getRequest().getRequestURI()).as("the path the server saw").isEqualTo(path);
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$.instance").isEqualTo(path);
                json.assertThat().extractingPath("$.detail").isEqualTo(
                        "Paragraph number must be a whole number from 1 to 2147483647, written in ASCII digits "
                                + "without leading zeros.");
            });
    }

    @Test
    void paragraphPastTheLastAnswers404WithProblemDetail() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs/2147483647")).hasStatus(HttpStatus.NOT_FOUND)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson()
            .satisfies((json) -> {
                json.assertThat().extractingPath("$.status").isEqualTo(404);
                json.assertThat().extractingPath("$.title").isEqualTo("Paragraph not found");
                json.assertThat().extractingPath("$.instance").isEqualTo("/api/article/paragraphs/2147483647");
                json.assertThat().extractingPath("$.detail")
                    .isEqualTo("Paragraph 2147483647 does not exist; this article has paragraphs 1 to 8.");
            });
    }

    /** Sent as written, like the paragraph numbers above: {@code %D9%A3} is the Arabic-Indic digit three. */
    @ParameterizedTest
    @ValueSource(strings = { "offset=-1", "offset=", "offset=x", "offset=2147483648", "limit=0", "limit=101", "limit=05",
            "offset=00",
            "limit=", "limit=%D9%A3", "limit=%EF%BC%95", "offset=%D9%A1", "q=", "q=%20%20%20", "offset=1&offset=2",
            "limit=5&limit=5", "q=a&q=b" })
    void malformedOutOfBoundsOrRepeatedListParameterAnswers400(String query) {
        MvcTestResult result = this.mvc.get().uri(URI.create("/api/article/paragraphs?" + query)).exchange();
        assertThat(result.getRequest().getQueryString()).as("the query the server saw").isEqualTo(query);
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .bodyJson()
            .extractingPath("$.detail")
            .asString()
            .isNotBlank();
    }

    @Test
    void queryLongerThan200CharactersAnswers400() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs").param("q", "\uD83D\uDE00".repeat(201)))
            .hasStatus(HttpStatus.BAD_REQUEST)
            .bodyJson()
            .extractingPath("$.detail")
            .isEqualTo("q must have 1 to 200 characters besides leading and trailing spaces; it has 201.");
        assertThat(this.mvc.get().uri("/api/article/paragraphs").param("q", "\uD83D\uDE00".repeat(200)))
            .hasStatusOk();
    }

    @Test
    void repeatedParameterDetailSaysSo() {
        assertThat(this.mvc.get().uri("/api/article/paragraphs?limit=1&limit=2")).bodyJson()
            .extractingPath("$.detail")
            .isEqualTo("The query parameter 'limit' is given 2 times; give it once.");
    }

    @Test
    void postAnswers405WithAllow() {
        assertThat(this.mvc.post().uri("/api/article")).hasStatus(HttpStatus.METHOD_NOT_ALLOWED)
            .hasHeader("Allow", "GET,HEAD,OPTIONS")
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

}
