package news.summit.stock;

import java.io.File;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * Spring MVC as a tutorial uses it: a {@code @RestController} whose handler returns a record,
 * which Jackson renders on every request. The record holds the service's article metadata, read
 * at startup from the file {@code stock.metadata} (the service's own answer, captured by
 * bench/run.sh), and is served at {@code stock.path}.
 */
@SpringBootApplication
@RestController
public class StockApplication {

    record ArticleMetadata(String title, String language, int paragraphCount, int wordCount, int characterCount,
            int readingTimeMinutes, String sha256, String source) {
    }

    private final ArticleMetadata metadata;

    StockApplication(JsonMapper mapper, @Value("${stock.metadata}") File metadata) {
        this.metadata = mapper.readValue(metadata, ArticleMetadata.class);
    }

    @GetMapping("${stock.path:/api/article/metadata}")
    ArticleMetadata metadata() {
        return this.metadata;
    }

    public static void main(String[] args) {
        SpringApplication.run(StockApplication.class, args);
    }

}
