package news.summit.article;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The article over real HTTP, checked against the seed file read independently of the parser. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ArticleHttpTest {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Test
    void articleEqualsTheSeedParagraphByParagraph() throws Exception {
        HttpResponse<byte[]> response = get("/api/article");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode article = json.readTree(response.body());
        List<String> seed = seedBlocks();
        assertThat(article.get("title").asString()).isEqualTo(seed.get(0));
        List<String> served = new ArrayList<>();
        article.get("paragraphs").forEach((p) -> served.add(p.get("text").asString()));
        assertThat(served).containsExactlyElementsOf(seed.subList(1, seed.size()));
    }

    @Test
    void curlyQuotesArriveAsUtf8() throws Exception {
        String body = new String(get("/api/article/metadata").body(), StandardCharsets.UTF_8);
        assertThat(body).contains("to \u201crejuvenate\u201d their countries.");
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

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build();
        return this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The seed's title and paragraphs: its blocks between blank lines, each on one line. */
    static List<String> seedBlocks() throws IOException {
        String text = new String(ArticleParserTest.seed(), StandardCharsets.UTF_8);
        return Arrays.stream(text.split("\n\n")).map((block) -> block.replace('\n', ' ').strip()).toList();
    }

}
