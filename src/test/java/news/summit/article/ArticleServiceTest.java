package news.summit.article;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ArticleServiceTest {

    private final ArticleService service = service("classpath:articles/summit.txt");

    @Test
    void servesTheBundledArticle() {
        assertThat(this.service.article().metadata().paragraphCount()).isEqualTo(8);
        assertThat(this.service.article().metadata().source()).isEqualTo("summit.txt");
    }

    @Test
    void paragraphNumbersStartAtOne() {
        assertThat(this.service.paragraph(1).text()).startsWith("Chinese President Xi Jinping");
        assertThat(this.service.paragraph(8).text()).startsWith("Putin\u2019s visit to China");
    }

    @Test
    void paragraphPastTheLastIsNotFoundWithTheRangeInTheDetail() {
        assertThatExceptionOfType(ParagraphNotFoundException.class).isThrownBy(() -> this.service.paragraph(9))
            .satisfies((ex) -> {
                assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                assertThat(ex.getBody().getDetail())
                    .isEqualTo("Paragraph 9 does not exist; this article has paragraphs 1 to 8.");
            });
    }

    @Test
    void pageHoldsLimitParagraphsFromOffsetAndTheTotal() {
        ParagraphPage page = this.service.paragraphs(new ParagraphQuery(2, 3, null));
        assertThat(page.total()).isEqualTo(8);
        assertThat(page.paragraphs()).extracting(Paragraph::number).containsExactly(3, 4, 5);
        assertThat(page.paragraphs()).allSatisfy((p) -> assertThat(p.matches()).isNull());
    }

    @Test
    void offsetPastTheEndGivesAnEmptyPage() {
        ParagraphPage page = this.service.paragraphs(new ParagraphQuery(Integer.MAX_VALUE, 100, null));
        assertThat(page.total()).isEqualTo(8);
        assertThat(page.paragraphs()).isEmpty();
    }

    @Test
    void searchIsCaseInsensitiveAndListsEachMatchInUtf16Offsets() {
        ParagraphPage page = this.service.paragraphs(new ParagraphQuery(0, 20, "BEIJING"));
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.query()).isEqualTo("BEIJING");
        Paragraph first = page.paragraphs().get(0);
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.matches()).hasSize(1);
        Paragraph.Match match = first.matches().get(0);
        assertThat(first.text().substring(match.start(), match.end())).isEqualTo("Beijing");
    }

    @Test
    void searchFindsEveryOccurrenceWithinAParagraph() {
        Paragraph seventh = this.service.paragraphs(new ParagraphQuery(0, 20, "western")).paragraphs().get(0);
        assertThat(seventh.number()).isEqualTo(7);
        assertThat(seventh.matches()).hasSize(2)
            .allSatisfy((m) -> assertThat(seventh.text().substring(m.start(), m.end())).isEqualTo("Western"));
    }

    @Test
    void searchTreatsTheQueryAsTextNotAPattern() {
        assertThat(this.service.paragraphs(new ParagraphQuery(0, 20, ".*")).total()).isZero();
        assertThat(this.service.paragraphs(new ParagraphQuery(0, 20, "U.S.")).total()).isEqualTo(1);
    }

    @Test
    void searchPagesItsResults() {
        ParagraphPage page = this.service.paragraphs(new ParagraphQuery(1, 1, "putin"));
        assertThat(page.total()).isEqualTo(6);
        assertThat(page.paragraphs()).extracting(Paragraph::number).containsExactly(2);
    }

    @Test
    void searchFoldsTypographicAndAsciiFormsAndKeepsOffsetsIntoTheOriginal() {
        // The article writes Xi\u2019s; a keyboard types Xi's.
        ParagraphPage page = this.service.paragraphs(new ParagraphQuery(0, 20, "Xi's sentiments"));
        assertThat(page.total()).isEqualTo(1);
        Paragraph found = page.paragraphs().get(0);
        Paragraph.Match match = found.matches().get(0);
        assertThat(found.text().substring(match.start(), match.end())).isEqualTo("Xi\u2019s sentiments");
        assertThat(this.service.paragraphs(new ParagraphQuery(0, 20, "Xi\u02BCs")).total()).isEqualTo(1);
    }

    @Test
    void foldingMapsQuotesDashesAndSpacesToAsciiOneCharacterEach() {
        String typographic = "\u2018a\u2019 \u201cb\u201d c\u2013d\u2014e\u00a0f\u2009g\u02bc";
        assertThat(ArticleService.fold(typographic)).isEqualTo("'a' \"b\" c-d-e f g'").hasSameSizeAs(typographic);
    }

    @Test
    void bareFilePathIsLookedUpOnTheClasspathAndTheMessageSuggestsFile(@TempDir Path directory) throws IOException {
        Path article = Files.writeString(directory.resolve("mine.txt"), "Title\n\nText.\n");
        assertThatExceptionOfType(ArticleSourceException.class).isThrownBy(() -> service(article.toString()))
            .withMessageContaining("does not exist on the classpath")
            .withMessageContaining("write file:" + article);
        assertThat(service("file:" + article).article().title()).isEqualTo("Title");
    }

    @Test
    void missingLocationIsNamedWithTheReason() {
        assertThatExceptionOfType(ArticleSourceException.class)
            .isThrownBy(() -> service("classpath:articles/missing.txt"))
            .withMessage("Cannot serve the article from 'classpath:articles/missing.txt': it does not exist.");
    }

    @Test
    void unreadableLocationIsNamedWithTheReason(@TempDir Path directory) {
        assertThatExceptionOfType(ArticleSourceException.class)
            .isThrownBy(() -> service("file:" + directory))
            .withMessage("Cannot serve the article from 'file:" + directory + "': it is not a readable file.");
    }

    @Test
    void invalidSourceIsNamedWithTheParserReason(@TempDir Path directory) throws IOException {
        Path file = Files.write(directory.resolve("title-only.txt"), "Title only\n".getBytes());
        assertThatExceptionOfType(ArticleSourceException.class)
            .isThrownBy(() -> service("file:" + file))
            .withMessage("Cannot serve the article from 'file:" + file
                    + "': it has a title but no paragraph after it.");
    }

    @Test
    void fileLocationServesAnotherArticleWithOnlyItsFileName(@TempDir Path directory) throws IOException {
        Path file = Files.write(directory.resolve("other.txt"), "Other\n\nText.".getBytes());
        ArticleMetadata metadata = service("file:" + file).article().metadata();
        assertThat(metadata.title()).isEqualTo("Other");
        assertThat(metadata.source()).isEqualTo("other.txt");
    }

    private static ArticleService service(String location) {
        return new ArticleService(new ArticleProperties(location, "en", Duration.ofHours(1), null, null, List.of(), null),
                new DefaultResourceLoader());
    }

}
