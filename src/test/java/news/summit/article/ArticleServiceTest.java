package news.summit.article;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
        ParagraphPage page = this.service.paragraphs(2, 3, null);
        assertThat(page.total()).isEqualTo(8);
        assertThat(page.paragraphs()).extracting(Paragraph::number).containsExactly(3, 4, 5);
        assertThat(page.paragraphs()).allSatisfy((p) -> assertThat(p.matches()).isNull());
    }

    @Test
    void offsetPastTheEndGivesAnEmptyPage() {
        ParagraphPage page = this.service.paragraphs(Integer.MAX_VALUE, 100, null);
        assertThat(page.total()).isEqualTo(8);
        assertThat(page.paragraphs()).isEmpty();
    }

    @Test
    void searchIsCaseInsensitiveAndListsEachMatchInUtf16Offsets() {
        ParagraphPage page = this.service.paragraphs(0, 20, "BEIJING");
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
        Paragraph seventh = this.service.paragraphs(0, 20, "western").paragraphs().get(0);
        assertThat(seventh.number()).isEqualTo(7);
        assertThat(seventh.matches()).hasSize(2)
            .allSatisfy((m) -> assertThat(seventh.text().substring(m.start(), m.end())).isEqualTo("Western"));
    }

    @Test
    void searchTreatsTheQueryAsTextNotAPattern() {
        assertThat(this.service.paragraphs(0, 20, ".*").total()).isZero();
        assertThat(this.service.paragraphs(0, 20, "U.S.").total()).isEqualTo(1);
    }

    @Test
    void searchPagesItsResults() {
        ParagraphPage page = this.service.paragraphs(1, 1, "putin");
        assertThat(page.total()).isEqualTo(6);
        assertThat(page.paragraphs()).extracting(Paragraph::number).containsExactly(2);
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
    void invalidSourceIsNamedWithTheParserReason(@TempDir Path directory) throws Exception {
        Path file = Files.write(directory.resolve("title-only.txt"), "Title only\n".getBytes());
        assertThatExceptionOfType(ArticleSourceException.class)
            .isThrownBy(() -> service("file:" + file))
            .withMessage("Cannot serve the article from 'file:" + file
                    + "': it has a title but no paragraph after it.");
    }

    @Test
    void fileLocationServesAnotherArticleWithOnlyItsFileName(@TempDir Path directory) throws Exception {
        Path file = Files.write(directory.resolve("other.txt"), "Other\n\nText.".getBytes());
        ArticleMetadata metadata = service("file:" + file).article().metadata();
        assertThat(metadata.title()).isEqualTo("Other");
        assertThat(metadata.source()).isEqualTo("other.txt");
    }

    private static ArticleService service(String location) {
        return new ArticleService(new ArticleProperties(location, "en", Duration.ofHours(1)),
                new DefaultResourceLoader());
    }

}
