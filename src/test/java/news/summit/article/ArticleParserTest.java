package news.summit.article;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArticleParserTest {

    private final ArticleParser parser = new ArticleParser("en");

    @Test
    void seedParsesToTitleAndEightParagraphsWithTheirCounts() throws IOException {
        byte[] seed = seed();
        Article article = this.parser.parse(seed, "summit.txt");
        assertThat(article.title())
            .isEqualTo("Xi jinping and vladimir putin vow joint efforts to \u201crejuvenate\u201d their countries.");
        assertThat(article.paragraphs()).extracting(Paragraph::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(article.paragraphs()).extracting(Paragraph::wordCount)
            .containsExactly(43, 35, 33, 23, 40, 25, 48, 26);
        assertThat(article.paragraphs().get(7).text()).startsWith("Putin\u2019s visit to China")
            .endsWith("global power dynamics.");
        assertThat(article.metadata()).isEqualTo(new ArticleMetadata(article.title(), "Chinese President Xi Jinping "
                + "and Russian counterpart Vladimir Putin convened in Beijing for talks aimed at fortifying their "
                + "nations\u2019 ties and fostering mutual development.", "en", 8, 273, 1932, 2,
                "7723b85e2fe84a8e9cabb2d00a39efe29b7336f25291ccb04f65ed9d997c329c", "summit.txt", null, null, List.of(),
                null));
    }

    @Test
    void crlfLineEndingsParseLikeLf() {
        assertThat(parse("Title\r\n\r\nOne\r\ntwo.\r\n\r\nThree.\r\n").paragraphs()).extracting(Paragraph::text)
            .containsExactly("One two.", "Three.");
    }

    @Test
    void leadingByteOrderMarkIsNotPartOfTheTitle() {
        assertThat(parse("\uFEFFTitle\n\nBody.").title()).isEqualTo("Title");
    }

    @Test
    void wrappedLinesJoinWithOneSpace() {
        assertThat(parse("Title\n\nA paragraph\nwrapped over\nthree lines.").paragraphs())
            .containsExactly(new Paragraph(1, "A paragraph wrapped over three lines.", 6));
    }

    @Test
    void manyBlankLinesAndWhitespaceOnlyLinesSeparateOnce() {
        assertThat(parse("\n\n  \nTitle\n\n\n \t \n\nOne.\n\n\n\nTwo.\n\n\n").paragraphs()).extracting(Paragraph::text)
            .containsExactly("One.", "Two.");
    }

    @Test
    void runsOfWhitespaceCollapseAndParagraphsAreTrimmed() {
        Article article = parse("  Spaced \t title  \n\n  Trailing   spaces\t \u2003here.   \n");
        assertThat(article.title()).isEqualTo("Spaced title");
        assertThat(article.paragraphs().get(0).text()).isEqualTo("Trailing spaces here.");
    }

    @Test
    void noBreakSpaceJoinsWordsAsWcDoes() {
        assertThat(parse("T\n\n10\u00a0km away").metadata().wordCount()).isEqualTo(2);
    }

    @Test
    void lastParagraphNeedsNoFinalNewline() {
        assertThat(parse("Title\n\nLast words").paragraphs()).extracting(Paragraph::text).containsExactly("Last words");
    }

    @Test
    void lineAfterTitleWithoutBlankLineStartsTheFirstParagraph() {
        Article article = parse("Title\nFirst.\n\nSecond.");
        assertThat(article.title()).isEqualTo("Title");
        assertThat(article.paragraphs()).extracting(Paragraph::text).containsExactly("First.", "Second.");
    }

    @Test
    void characterCountCountsCodePointsNotUtf16Units() {
        ArticleMetadata metadata = parse("T\n\n\uD83D\uDE00 ok").metadata();
        assertThat(metadata.characterCount()).isEqualTo(4);
        assertThat(metadata.wordCount()).isEqualTo(2);
    }

    @Test
    void readingTimeRoundsUpAndIsAtLeastOneMinute() {
        assertThat(parse("T\n\nOne.").metadata().readingTimeMinutes()).isEqualTo(1);
        assertThat(parse("T\n\n" + "word ".repeat(238)).metadata().readingTimeMinutes()).isEqualTo(1);
        assertThat(parse("T\n\n" + "word ".repeat(239)).metadata().readingTimeMinutes()).isEqualTo(2);
    }

    @Test
    void emptySourceIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse(new byte[0], "a.txt"))
            .withMessage("it is empty");
    }

    @Test
    void whitespaceOnlySourceIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse(" \n\r\n\t\n"))
            .withMessage("it holds only whitespace, no title");
    }

    @Test
    void titleWithoutParagraphIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("Only a title\n\n\n"))
            .withMessage("it has a title but no paragraph after it");
    }

    @Test
    void invalidUtf8IsRefusedWithItsOffset() {
        byte[] latin1 = "Title\n\nCaf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse(latin1, "a.txt"))
            .withMessage("it is not valid UTF-8 (bad byte at offset 10)");
    }

    @Test
    void truncatedMultiByteSequenceIsRefused() {
        byte[] truncated = { 'T', '\n', '\n', 'x', (byte) 0xE2, (byte) 0x80 };
        assertThatIllegalArgumentException().isThrownBy(() -> this.parser.parse(truncated, "a.txt"))
            .withMessageStartingWith("it is not valid UTF-8");
    }

    @Test
    void paragraphsCannotBeChangedThroughTheArticle() {
        List<Paragraph> paragraphs = parse("T\n\nOne.").paragraphs();
        assertThat(paragraphs).isUnmodifiable();
    }

    private Article parse(String text) {
        return this.parser.parse(text.getBytes(StandardCharsets.UTF_8), "test.txt");
    }

    static byte[] seed() throws IOException {
        try (InputStream in = ArticleParserTest.class.getResourceAsStream("/articles/summit.txt")) {
            return in.readAllBytes();
        }
    }

}
