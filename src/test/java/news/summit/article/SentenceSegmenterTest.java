package news.summit.article;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceSegmenterTest {

    private final SentenceSegmenter english = new SentenceSegmenter(Locale.ENGLISH);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Mr. Smith went to Washington. He said hi.|Mr. Smith went to Washington.",
            "Talks with the U.S. Secretary of State continued. Then more.|Talks with the U.S. Secretary of State continued.",
            "He met Dr. Jones at 3 p.m. Monday. Then he left.|He met Dr. Jones at 3 p.m. Monday.",
            "John F. Kennedy spoke. Crowds cheered.|John F. Kennedy spoke.",
            "Is it over? Yes.|Is it over?",
            "One sentence without a full stop|One sentence without a full stop",
            "Prices rose 2.5 percent. Then fell.|Prices rose 2.5 percent." })
    void firstSentenceEndsAtItsEndNotAtAnAbbreviation(String text, String first) {
        assertThat(this.english.firstSentence(text)).isEqualTo(first);
    }

    @Test
    void otherLanguagesAreSegmentedByTheirOwnRules() {
        assertThat(new SentenceSegmenter(Locale.GERMAN).firstSentence("Es regnet. Dann nicht.")).isEqualTo("Es regnet.");
    }

}
