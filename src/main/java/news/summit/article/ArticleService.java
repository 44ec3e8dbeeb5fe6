package news.summit.article;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Service;

/**
 * Owns the article: reads and validates its source once, at startup, and answers every
 * question about it from memory.
 */
@Service
class ArticleService {

    static final int DEFAULT_LIMIT = 20;

    static final int MAX_LIMIT = 100;

    static final int MAX_QUERY_LENGTH = 200;

    /** A source larger than this is a mistake (a wrong path, a device), not an article. */
    static final int MAX_SOURCE_BYTES = 8 * 1024 * 1024;

    private final Article article;

    ArticleService(ArticleProperties properties, ResourceLoader resourceLoader) {
        this.article = load(resourceLoader, properties.location(), new ArticleParser(properties.language()));
    }

    Article article() {
        return this.article;
    }

    Paragraph paragraph(int number) {
        List<Paragraph> paragraphs = this.article.paragraphs();
        if (number < 1 || number > paragraphs.size()) {
            throw new ParagraphNotFoundException(number, paragraphs.size());
        }
        return paragraphs.get(number - 1);
    }

    /**
     * One page of the paragraphs that contain {@code query} (compared case-insensitively), or
     * of all paragraphs when {@code query} is {@code null}.
     */
    ParagraphPage paragraphs(int offset, int limit, @Nullable String query) {
        List<Paragraph> found = (query != null) ? search(query) : this.article.paragraphs();
        int from = Math.min(offset, found.size());
        int to = Math.min(from + limit, found.size());
        return new ParagraphPage(found.size(), offset, limit, query, found.subList(from, to));
    }

    private List<Paragraph> search(String query) {
        Matcher matcher = Pattern.compile(Pattern.quote(query), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
            .matcher("");
        List<Paragraph> found = new ArrayList<>();
        for (Paragraph paragraph : this.article.paragraphs()) {
            List<Paragraph.Match> matches = new ArrayList<>();
            matcher.reset(paragraph.text());
            while (matcher.find()) {
                matches.add(new Paragraph.Match(matcher.start(), matcher.end()));
            }
            if (!matches.isEmpty()) {
                found.add(paragraph.withMatches(matches));
            }
        }
        return found;
    }

    private static Article load(ResourceLoader resourceLoader, String location, ArticleParser parser) {
        Resource resource = resourceLoader.getResource(location);
        if (!resource.exists()) {
            throw new ArticleSourceException(location, "it does not exist", null);
        }
        if (!resource.isReadable()) {
            throw new ArticleSourceException(location, "it is not a readable file", null);
        }
        byte[] bytes;
        try (InputStream in = resource.getInputStream()) {
            bytes = in.readNBytes(MAX_SOURCE_BYTES + 1);
        }
        catch (IOException ex) {
            throw new ArticleSourceException(location, "it cannot be read (" + ex.getMessage() + ")", ex);
        }
        if (bytes.length > MAX_SOURCE_BYTES) {
            throw new ArticleSourceException(location, "it is larger than " + MAX_SOURCE_BYTES + " bytes", null);
        }
        String name = (resource.getFilename() != null) ? resource.getFilename() : "article.txt";
        try {
            return parser.parse(bytes, name);
        }
        catch (IllegalArgumentException ex) {
            throw new ArticleSourceException(location, ex.getMessage(), ex);
        }
    }

}
