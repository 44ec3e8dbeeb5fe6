package news.summit.web;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentCodingTest {

    @ParameterizedTest(name = "Accept-Encoding: {0} takes gzip: {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            NONE                     | false
            ''                       | false
            gzip                     | true
            GZIP                     | true
            x-gzip                   | true
            'br, gzip;q=0.5'         | true
            'deflate, br'            | false
            'gzip;q=0'               | false
            'gzip;q=0.000'           | false
            'gzip;q=0.001'           | true
            'gzip;q=1.0'             | true
            'gzip;q=2'               | false
            'gzip;q=abc'             | false
            '*'                      | true
            '*;q=0'                  | false
            'gzip;q=0, *'            | false
            'gzip, *;q=0'            | true
            identity                 | false
            """)
    void acceptsGzipOnlyWithAPositiveQuality(String acceptEncoding, boolean gzip) {
        assertThat(ContentCoding.acceptsGzip((acceptEncoding != null) ? List.of(acceptEncoding) : List.of()))
            .isEqualTo(gzip);
    }

}
