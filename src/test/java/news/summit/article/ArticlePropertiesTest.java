package news.summit.article;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArticlePropertiesTest {

    @Test
    void publicationIsWhatTheSettingsSay() {
        Publication publication = settings("2024-05-16T09:00:00+08:00", "2024-05-17T10:30:00+08:00",
                List.of("Jane Doe", "John Roe"), "https://news.example/summit").publication();
        assertThat(publication.published()).isEqualTo(OffsetDateTime.parse("2024-05-16T09:00:00+08:00"));
        assertThat(publication.modified()).isEqualTo(OffsetDateTime.parse("2024-05-17T10:30:00+08:00"));
        assertThat(publication.lastModified()).isEqualTo(Instant.parse("2024-05-17T02:30:00Z"));
        assertThat(publication.byline()).isEqualTo("Jane Doe and John Roe");
        assertThat(publication.url()).isEqualTo(URI.create("https://news.example/summit"));
    }

    @Test
    void withoutSettingsThereIsNoPublicationFact() {
        assertThat(settings(null, null, List.of(), null).publication()).isEqualTo(Publication.NONE);
        assertThat(Publication.NONE.lastModified()).isNull();
    }

    @Test
    void lastModifiedIsThePublicationWhenNeverModified() {
        assertThat(settings("2024-05-16T09:00:00+08:00", null, List.of(), null).publication().lastModified())
            .isEqualTo(Instant.parse("2024-05-16T01:00:00Z"));
    }

    @Test
    void bylineReadsAsABylineDoes() {
        assertThat(new Publication(null, null, List.of("A", "B", "C"), null).byline()).isEqualTo("A, B and C");
        assertThat(new Publication(null, null, List.of("A"), null).byline()).isEqualTo("A");
    }

    @ParameterizedTest
    @ValueSource(strings = { "yesterday", "2024-05-16", "2024-05-16T09:00:00", "16 May 2024" })
    void aDateTimeWithoutAnOffsetIsRefusedNamingTheSetting(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(value, null, List.of(), null))
            .withMessage("article.published must be an ISO 8601 date-time with an offset, such as "
                    + "2024-05-16T09:00:00+08:00, not '" + value + "'");
    }

    @Test
    void modifiedBeforePublishedIsRefused() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> settings("2024-05-16T09:00:00+08:00", "2024-05-16T08:59:59+08:00", List.of(), null))
            .withMessage("article.modified (2024-05-16T08:59:59+08:00) must not be before article.published "
                    + "(2024-05-16T09:00:00+08:00)");
    }

    @ParameterizedTest
    @ValueSource(strings = { "news.example/summit", "/summit", "ftp://news.example/summit", "https://", "not a url",
            "https://news.example/summit#top" })
    void aUrlThatIsNotAnAbsoluteWebAddressIsRefused(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(null, null, List.of(), value))
            .withMessageStartingWith("article.url must be an absolute http or https URL");
    }

    @Test
    void anEmptyAuthorIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> settings(null, null, List.of("Jane", " "), null))
            .withMessage("article.authors must not hold an empty name");
    }

    private static ArticleProperties settings(@Nullable String published, @Nullable String modified,
            List<String> authors, @Nullable String url) {
        return new ArticleProperties("classpath:articles/summit.txt", "en", Duration.ofHours(1), published, modified,
                authors, url);
    }

}
