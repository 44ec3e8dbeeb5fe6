package news.summit.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class MediaTypeNegotiationTest {

    private static final List<MediaType> AVAILABLE = List.of(MediaType.APPLICATION_JSON,
            MediaType.parseMediaType("text/plain;charset=UTF-8"),
            MediaType.parseMediaType("text/markdown;charset=UTF-8"));

    @ParameterizedTest(name = "Accept: {0} chooses {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE                                  | application/json
            ''                                    | application/json
            */*                                   | application/json
            text/*                                | text/plain
            text/markdown                         | text/markdown
            'text/plain;q=0.5, text/markdown'     | text/markdown
            'text/*;q=0.9, text/plain;q=0'        | text/markdown
            'application/json;q=0, */*'           | text/plain
            'text/markdown;q=0.5, text/plain;q=0.5' | text/plain
            'foo, text/markdown'                  | text/markdown
            'TEXT/MARKDOWN'                       | text/markdown
            image/png                             | NONE
            '*/*;q=0'                             | NONE
            ';;;, foo/'                           | NONE
            """)
    void choosesByTheMostSpecificRangeThenTheServersOrder(String accept, String chosen) {
        int index = MediaTypeNegotiation.choose(AVAILABLE, (accept != null) ? List.of(accept) : List.of());
        assertThat((index >= 0) ? AVAILABLE.get(index).getType() + "/" + AVAILABLE.get(index).getSubtype() : null)
            .isEqualTo(chosen);
    }

    /**
     * {@code text/plain;q=0} alone accepts nothing and {@code text/*} alone chooses text/plain;
     * only read as one list do they choose text/markdown.
     */
    @Test
    void severalAcceptHeadersCountAsOneList() {
        assertThat(MediaTypeNegotiation.choose(AVAILABLE, List.of("text/plain;q=0", "text/*"))).isEqualTo(2);
    }

}
