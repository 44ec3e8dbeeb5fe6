package news.summit.article;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Service;
import org.springframework.util.ResourceUtils;

/**
 * Owns the article: reads and validates its source once, at startup, and answers every
 * question about it from memory.
 */
@Service
class ArticleService {

    /** A source larger than this is a mistake (a wrong path, a device), not an article. */
    static final int MAX_SOURCE_BYTES = 8 * 1024 * 1024;

    private final Article article;

    /** Each paragraph's text as search compares it ({@link #fold}), by position. */
    private final List<String> folded;

    ArticleService(ArticleProperties properties, ResourceLoader resourceLoader) {
        this.article = load(resourceLoader, properties.location(), new ArticleParser(properties.language()))
            .withPublication(properties.publication());
        this.folded = this.article.paragraphs().stream().map((paragraph) -> fold(paragraph.text())).toList();
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
     * One page of the paragraphs that contain the query's text, or of all paragraphs when it
     * has none.
     */
    ParagraphPage paragraphs(ParagraphQuery query) {
        List<Paragraph> found = (query.text() != null) ? search(query.text()) : this.article.paragraphs();
        int from = Math.min(query.offset(), found.size());
        int to = Math.min(from + query.limit(), found.size());
        return new ParagraphPage(found.size(), query.offset(), query.limit(), query.text(), found.subList(from, to));
    }

    /**
     * The paragraphs that contain {@code text}, compared case-insensitively and {@link #fold
     * folded}, each with where it matched in its original text.
     */
    private List<Paragraph> search(String text) {
        Matcher matcher = Pattern.compile(Pattern.quote(fold(text)), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
            .matcher("");
        List<Paragraph> found = new ArrayList<>();
        for (Paragraph paragraph : this.article.paragraphs()) {
            List<Paragraph.Match> matches = new ArrayList<>();
            matcher.reset(this.folded.get(paragraph.number() - 1));
            while (matcher.find()) {
                matches.add(new Paragraph.Match(matcher.start(), matcher.end()));
            }
            if (!matches.isEmpty()) {
                found.add(paragraph.withMatches(matches));
            }
        }
        return found;
    }

    /**
     * The text as search compares it: typographic apostrophes and quotes, dashes and every kind
     * of space written as their ASCII forms, so what a keyboard types finds what typesetting
     * wrote. Each character stays one UTF-16 unit, so offsets into the folded text are offsets
     * into the original.
     */
    static String fold(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = switch (chars[i]) {
                case '\u2018', '\u2019', '\u201B', '\u02BC', '\u2032' -> '\'';
                case '\u201C', '\u201D', '\u201F', '\u2033' -> '"';
                case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212' -> '-';
                default -> Character.isSpaceChar(chars[i]) ? ' ' : chars[i];
            };
        }
        return new String(chars);
    }

    private static Article load(ResourceLoader resourceLoader, String location, ArticleParser parser) {
        // Without a prefix, the classpath, whatever kind of application context this is.
        Resource resource = resourceLoader.getResource(
                ResourceUtils.isUrl(location) ? location : ResourceLoader.CLASSPATH_URL_PREFIX + location);
        if (!resource.exists()) {
            throw new ArticleSourceException(location, notFound(location), null);
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

    /** A location without a prefix names a classpath resource, which a file path rarely is. */
    private static String notFound(String location) {
        if (ResourceUtils.isUrl(location)) {
            return "it does not exist";
        }
        String hint = new File(location).isFile() ? "; there is a file at that path: to read it, write file:" + location
                : "; to read a file, write file: before its path";
        return "it does not exist on the classpath, where a location without a prefix is looked up" + hint;
    }

}
