package news.summit.web;

import java.util.List;
import java.util.Map;

import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EncodedHeadersTest {

    private static final String ETAG = "\"e154baf2219ee775d6c1efe3ae304ba4\"";

    private final EncodedHeaders headers = new EncodedHeaders(
            List.of(Map.entry("ETag", ETAG), Map.entry("Vary", "Accept"), Map.entry("Vary", "Accept-Encoding")));

    private final MockHttpServletRequest request = new MockHttpServletRequest();

    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void goToTomcatsHeadersInOrderWhenTheValveHandedThemOver() {
        MimeHeaders tomcat = new MimeHeaders();
        this.request.setAttribute(EncodedHeaders.ATTRIBUTE, tomcat);
        this.headers.addTo(this.request, this.response);
        assertThat(tomcat.size()).isEqualTo(3);
        assertThat(tomcat.getName(0).toString()).isEqualTo("ETag");
        assertThat(tomcat.getValue(0).toString()).isEqualTo(ETAG);
        assertThat(tomcat.getValue(2).toString()).isEqualTo("Accept-Encoding");
        assertThat(this.response.getHeaderNames()).isEmpty();
    }

    /**
     * Tomcat keeps a recycled header's buffer and writes the next number it is given into it
     * (Content-Length, when that header lands in the same place on the next response).
     */
    @Test
    void staySameWhenTomcatWritesIntoARecycledHeader() {
        MimeHeaders tomcat = new MimeHeaders();
        this.request.setAttribute(EncodedHeaders.ATTRIBUTE, tomcat);
        this.headers.addTo(this.request, this.response);
        tomcat.recycle();
        tomcat.setValue("Content-Length").setLong(0);
        tomcat.recycle();
        this.headers.addTo(this.request, this.response);
        assertThat(tomcat.getHeader("ETag")).isEqualTo(ETAG);
    }

    @Test
    void goThroughTheServletApiElsewhere() {
        this.headers.addTo(this.request, this.response);
        assertThat(this.response.getHeader("ETag")).isEqualTo(ETAG);
        assertThat(this.response.getHeaders("Vary")).containsExactly("Accept", "Accept-Encoding");
    }

    @Test
    void replaceWhatAResponseHasWhenSet() {
        this.response.setHeader("ETag", "\"old\"");
        new EncodedHeaders(List.of(Map.entry("ETag", ETAG))).setOn(this.response);
        assertThat(this.response.getHeaders("ETag")).containsExactly(ETAG);
    }

    @Test
    void refuseWhatIsNotIso88591() {
        assertThatIllegalArgumentException().isThrownBy(() -> new EncodedHeaders(List.of(Map.entry("Link", "</a>; title=\"€\""))));
    }

}
