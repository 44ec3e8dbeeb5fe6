package news.summit.web;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PreconditionsTest {

    private static final String CURRENT = "\"abc\"";

    @ParameterizedTest(name = "If-None-Match: {0} matches: {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE                 | false
            '"abc"'              | true
            'W/"abc"'            | true
            '"x", "abc"'         | true
            '"x", W/"y"'         | false
            '*'                  | true
            'abc'                | false
            '"ab'                | false
            '"ABC"'              | false
            """)
    void ifNoneMatchComparesWeaklyAndStarMatchesAny(String ifNoneMatch, boolean matches) {
        assertThat(Preconditions.ifNoneMatchMatches((ifNoneMatch != null) ? List.of(ifNoneMatch) : List.of(), CURRENT))
            .isEqualTo(matches);
    }

}
