package news.summit.article;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import news.summit.ChildApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as an operator starts it, in its own JVM: a bad source stops it cold. Should
 * a regression let it start, the test fails after {@link ChildApplication#LIMIT} instead of
 * waiting for an exit that never comes; the JVM is destroyed whatever happens.
 */
class StartupFailureIT {

    @TempDir
    private Path directory;

    @Test
    void missingLocationFailsWithOneClearLineAndNoListeningPort() throws InterruptedException {
        Path missing = this.directory.resolve("missing.txt");
        Failure failure = start("file:" + missing);
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output())
            .contains("Cannot serve the article from 'file:" + missing + "': it does not exist.")
            .contains("APPLICATION FAILED TO START")
            .doesNotContain("Tomcat started on port")
            .doesNotContain("\tat ");
    }

    @Test
    void invalidUtf8FailsNamingTheReason() throws IOException, InterruptedException {
        Path latin1 = Files.write(this.directory.resolve("latin1.txt"),
                "Title\n\nCaf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        Failure failure = start("file:" + latin1);
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output()).contains("': it is not valid UTF-8 (bad byte at offset 10).");
    }

    @Test
    void publicationDateThatIsNotOneFailsWithOneClearLine() throws InterruptedException {
        Failure failure = startWith("--article.published=yesterday");
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output()).contains("Cannot start: article.published must be an ISO 8601 date-time with "
                + "an offset, such as 2024-05-16T09:00:00+08:00, not 'yesterday'.")
            .doesNotContain("Tomcat started on port")
            .doesNotContain("\tat ");
    }

    @Test
    void modifiedBeforePublishedFailsWithOneClearLine() throws InterruptedException {
        Failure failure = startWith("--article.published=2024-05-16T09:00:00+08:00",
                "--article.modified=2024-05-15T09:00:00+08:00");
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output()).contains("Cannot start: article.modified (2024-05-15T09:00:00+08:00) must not "
                + "be before article.published (2024-05-16T09:00:00+08:00).");
    }

    /** Runs the application until it exits by itself, for at most {@link ChildApplication#LIMIT}. */
    private Failure start(String location) throws InterruptedException {
        return startWith("--article.location=" + location);
    }

    private Failure startWith(String... arguments) throws InterruptedException {
        try (ChildApplication application = ChildApplication.launch(List.of(), arguments)) {
            boolean exited = application.awaitExit();
            assertThat(exited).as("exits by itself within %s; its output:%n%s", ChildApplication.LIMIT,
                    application.output()).isTrue();
            return new Failure(application.process().exitValue(), application.output());
        }
    }

    private record Failure(int exitCode, String output) {
    }

}
