package news.summit.stock;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.json.JsonMapper;

/**
 * Spring MVC as the guides write it (gs-rest-service): a {@code @RestController} whose handler
 * returns a record, which Jackson renders on every request. The record holds the service's
 * article metadata, read at startup from the file {@code stock.metadata}; the handler adds the
 * service's headers, one {@code Name: value} line each in the file {@code stock.headers} (both
 * captured from the service by bench/bench.py; without stock.headers, none); it is served at
 * {@code stock.path}.
 *
 * <p>The headers go on the {@code HttpServletResponse}, not in a {@code ResponseEntity}: Spring
 * flushes a {@code ResponseEntity}'s response after its body (HttpEntityMethodProcessor), so
 * Tomcat sends it chunked, where the service sends a Content-Length, and bench/bench.py requires
 * every row to send the service's headers.
 */
@SpringBootApplication
@RestController
public class StockApplication {

    /**
     * The service's ArticleMetadata, field by field, the publication facts absent when not set:
     * bench/bench.py fails the row if the bytes differ.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ArticleMetadata(String title, String excerpt, String language, int paragraphCount, int wordCount,
            int characterCount, int readingTimeMinutes, String sha256, String source, OffsetDateTime published,
            OffsetDateTime modified, List<String> authors, URI url) {
    }

    private final ArticleMetadata metadata;

    private final HttpHeaders headers = new HttpHeaders();

    StockApplication(JsonMapper mapper, @Value("${stock.metadata}") Path metadata,
            @Value("${stock.headers:}") String headers) throws IOException {
        this.metadata = mapper.readValue(metadata.toFile(), ArticleMetadata.class);
        for (String line : headers.isEmpty() ? List.<String>of() : Files.readAllLines(Path.of(headers))) {
            if (!line.isBlank()) {
                String[] header = line.split(": ", 2);
                this.headers.add(header[0], header[1]);
            }
        }
    }

    @GetMapping("${stock.path:/api/article/metadata}")
    ArticleMetadata metadata(HttpServletResponse response) {
        this.headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        return this.metadata;
    }

    public static void main(String[] args) {
        SpringApplication.run(StockApplication.class, args);
    }

}
