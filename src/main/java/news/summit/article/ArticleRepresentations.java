package news.summit.article;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import news.summit.web.NegotiatedResource;
import news.summit.web.Representation;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import static java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME;

/**
 * Every representation of every fixed resource, rendered once at startup, so a request
 * serialises and hashes nothing. Paragraph list pages depend on the query and are rendered per
 * request through the same path.
 */
@Component
class ArticleRepresentations {

    static final MediaType TEXT_PLAIN = MediaType.parseMediaType("text/plain;charset=UTF-8");

    static final MediaType TEXT_MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

    static final MediaType APPLICATION_LD_JSON = MediaType.parseMediaType("application/ld+json");

    /**
     * Escaped wherever they stand: emphasis, code, links, HTML and autolinks, entity references
     * ({@code &amp;} stays literal), a heading's closing {@code #}s, code fences and strikethrough.
     */
    private static final Pattern MARKDOWN_INLINE = Pattern.compile("([\\\\`*_\\[\\]<>&#~])");

    /** Escaped where a paragraph starts: list items, block quotes, breaks and underlines, tables. */
    private static final Pattern MARKDOWN_BLOCK_START = Pattern.compile("^([+\\-=>|])");

    private static final Pattern MARKDOWN_ORDERED_LIST = Pattern.compile("^(\\d+)([.)])");

    /** What {@code GET /} answers: the title, and where each resource is. */
    @Schema(requiredProperties = { "title", "links" })
    record Index(String title, Map<String, String> links) {

        static final Map<String, String> LINKS = resourceLinks();

        private static Map<String, String> resourceLinks() {
            Map<String, String> links = new LinkedHashMap<>();
            links.put("article", ArticleController.ARTICLE);
            links.put("metadata", ArticleController.METADATA);
            links.put("paragraphs", ArticleController.PARAGRAPHS);
            links.put("paragraph", ArticleController.PARAGRAPH);
            links.put("openapi", "/v3/api-docs");
            links.put("health", "/readyz");
            return Collections.unmodifiableMap(links);
        }

    }

    /**
     * The JSON-LD representation: a schema.org NewsArticle, its reading time in ISO 8601; the
     * publication facts the settings give, each absent when its setting is.
     */
    @Schema(requiredProperties = { "@context", "@type", "headline", "description", "articleBody", "wordCount",
            "inLanguage", "timeRequired" })
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record NewsArticle(@JsonProperty("@context") String context, @JsonProperty("@type") String type,
            String headline, String description, String articleBody,
            @Schema(minimum = "1", maximum = "2147483647") int wordCount, String inLanguage, String timeRequired,
            @Nullable OffsetDateTime datePublished, @Nullable OffsetDateTime dateModified, List<Person> author,
            @Schema(format = "uri") @Nullable URI url, @Schema(format = "uri") @Nullable URI mainEntityOfPage) {

        /** A schema.org Person, by name. */
        @Schema(requiredProperties = { "@type", "name" })
        record Person(@JsonProperty("@type") String type, String name) {
        }

    }

    private final JsonMapper json;

    private final CacheControl cacheControl;

    private final @Nullable Instant lastModified;

    private final NegotiatedResource index;

    private final NegotiatedResource article;

    private final NegotiatedResource metadata;

    private final List<NegotiatedResource> paragraphs;

    ArticleRepresentations(ArticleService service, ArticleProperties properties, JsonMapper json) {
        this.json = json;
        this.cacheControl = CacheControl.maxAge(properties.cacheMaxAge()).cachePublic();
        Article article = service.article();
        Publication publication = article.metadata().publication();
        this.lastModified = publication.lastModified();
        this.index = resource(null, json(new Index(article.title(), Index.LINKS)));
        URI canonical = publication.url();
        this.article = resource((canonical != null) ? link(canonical.toString(), "canonical") : null, json(article),
                text(TEXT_PLAIN, plainText(article)),
                text(TEXT_MARKDOWN, markdown(article)), Representation.of(APPLICATION_LD_JSON, jsonLd(article)));
        this.metadata = resource(null, json(article.metadata()));
        int last = article.paragraphs().size();
        List<NegotiatedResource> paragraphs = new ArrayList<>(last);
        for (Paragraph paragraph : article.paragraphs()) {
            paragraphs.add(resource(paragraphLinks(paragraph.number(), last), json(paragraph),
                    text(TEXT_PLAIN, paragraph.text() + "\n")));
        }
        this.paragraphs = List.copyOf(paragraphs);
    }

    NegotiatedResource index() {
        return this.index;
    }

    NegotiatedResource article() {
        return this.article;
    }

    NegotiatedResource metadata() {
        return this.metadata;
    }

    /** The paragraph numbered {@code number}, which the service has checked exists. */
    NegotiatedResource paragraph(int number) {
        return this.paragraphs.get(number - 1);
    }

    NegotiatedResource page(ParagraphPage page) {
        return resource(pageLinks(page), json(page));
    }

    private NegotiatedResource resource(@Nullable String link, Representation... representations) {
        return new NegotiatedResource(List.of(representations), this.cacheControl, link, this.lastModified);
    }

    private Representation json(Object value) {
        return Representation.of(MediaType.APPLICATION_JSON, this.json.writeValueAsBytes(value));
    }

    private static Representation text(MediaType type, String text) {
        return Representation.of(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The title, a blank line, the byline and dates when set (each a line), the paragraphs
     * separated by blank lines, a final newline.
     */
    static String plainText(Article article) {
        StringJoiner text = new StringJoiner("\n\n", "", "\n");
        text.add(article.title());
        String credits = credits(article.metadata().publication(), "\n");
        if (!credits.isEmpty()) {
            text.add(credits);
        }
        article.paragraphs().forEach((paragraph) -> text.add(paragraph.text()));
        return text.toString();
    }

    /** The same, with the title as a heading and the text escaped so it reads as written. */
    static String markdown(Article article) {
        StringJoiner markdown = new StringJoiner("\n\n", "", "\n");
        markdown.add("# " + escapeMarkdown(article.title()));
        // Two spaces end a line within the paragraph: the byline and the dates stay apart.
        String credits = credits(article.metadata().publication(), "  \n");
        if (!credits.isEmpty()) {
            markdown.add(escapeMarkdown(credits));
        }
        article.paragraphs().forEach((paragraph) -> markdown.add(escapeMarkdown(paragraph.text())));
        return markdown.toString();
    }

    /** "By A and B", then "Published ..., updated ...", each when set, joined by a line break. */
    private static String credits(Publication publication, String lineBreak) {
        List<String> lines = new ArrayList<>();
        if (!publication.authors().isEmpty()) {
            lines.add("By " + publication.byline());
        }
        List<String> dates = new ArrayList<>();
        if (publication.published() != null) {
            dates.add("Published " + ISO_OFFSET_DATE_TIME.format(publication.published()));
        }
        if (publication.modified() != null) {
            dates.add((dates.isEmpty() ? "Updated " : "updated ") + ISO_OFFSET_DATE_TIME.format(publication.modified()));
        }
        if (!dates.isEmpty()) {
            lines.add(String.join(", ", dates));
        }
        return String.join(lineBreak, lines);
    }

    private static String escapeMarkdown(String text) {
        String inline = MARKDOWN_INLINE.matcher(text).replaceAll("\\\\$1");
        String block = MARKDOWN_BLOCK_START.matcher(inline).replaceFirst("\\\\$1");
        return MARKDOWN_ORDERED_LIST.matcher(block).replaceFirst("$1\\\\$2");
    }

    /** A schema.org NewsArticle. */
    private byte[] jsonLd(Article article) {
        ArticleMetadata metadata = article.metadata();
        return this.json.writeValueAsBytes(new NewsArticle("https://schema.org", "NewsArticle", article.title(),
                metadata.excerpt(), String.join("\n\n", article.paragraphs().stream().map(Paragraph::text).toList()),
                metadata.wordCount(), metadata.language(), "PT" + metadata.readingTimeMinutes() + "M",
                metadata.published(), metadata.modified(),
                metadata.authors().stream().map((name) -> new NewsArticle.Person("Person", name)).toList(),
                metadata.url(), metadata.url()));
    }

    private static String paragraphLinks(int number, int last) {
        List<String> links = new ArrayList<>();
        if (number > 1) {
            links.add(link(ArticleController.PARAGRAPHS + "/" + (number - 1), "prev"));
        }
        if (number < last) {
            links.add(link(ArticleController.PARAGRAPHS + "/" + (number + 1), "next"));
        }
        links.add(link(ArticleController.PARAGRAPHS + "/1", "first"));
        links.add(link(ArticleController.PARAGRAPHS + "/" + last, "last"));
        links.add(link(ArticleController.PARAGRAPHS, "collection"));
        return String.join(", ", links);
    }

    private static @Nullable String pageLinks(ParagraphPage page) {
        List<String> links = new ArrayList<>();
        if (page.offset() > 0) {
            // Past the end, the previous page is the last one that has paragraphs.
            links.add(link(pageUri(Math.max(0, Math.min(page.offset(), page.total()) - page.limit()), page), "prev"));
        }
        if ((long) page.offset() + page.limit() < page.total()) {
            links.add(link(pageUri(page.offset() + page.limit(), page), "next"));
        }
        return links.isEmpty() ? null : String.join(", ", links);
    }

    /** Values are encoded strictly: nothing a client sends can end the URI or the header. */
    private static String pageUri(int offset, ParagraphPage page) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(ArticleController.PARAGRAPHS)
            .queryParam("offset", offset)
            .queryParam("limit", page.limit());
        if (page.query() == null) {
            return uri.build().toUriString();
        }
        return uri.queryParam("q", "{q}").encode().buildAndExpand(page.query()).toUriString();
    }

    private static String link(String uri, String relation) {
        return "<" + uri + ">; rel=\"" + relation + "\"";
    }

}
