package news.summit.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemDetailsAdviceTest {

    private final MockMvcTester mvc = MockMvcTester.create(MockMvcBuilders.standaloneSetup(new FailingController())
        .setControllerAdvice(new ProblemDetailsAdvice())
        .build());

    @Test
    void unexpectedExceptionAnswersGeneric500WithoutInternals() {
        assertThat(this.mvc.get().uri("/fail")).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
            .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
            .hasHeader("Cache-Control", "no-store")
            .bodyText()
            .contains("\"detail\":\"The server could not answer this request. Try again later.\"")
            .doesNotContain("secret", "IllegalStateException", "FailingController");
    }

    /** Nested in a test class, so component scanning leaves it out: only this test maps it. */
    @RestController
    static class FailingController {

        @GetMapping("/fail")
        String fail() {
            throw new IllegalStateException("secret /etc/passwd");
        }

    }

}
