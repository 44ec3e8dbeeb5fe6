package news.summit.article;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import news.summit.SummitApplication;

import static org.assertj.core.api.Assertions.assertThat;

/** The application as an operator starts it, in its own JVM: a bad source stops it cold. */
class StartupFailureTest {

    @Test
    void missingLocationFailsWithOneClearLineAndNoListeningPort(@TempDir Path directory) throws Exception {
        Path missing = directory.resolve("missing.txt");
        Failure failure = start("file:" + missing);
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output())
            .contains("Cannot serve the article from 'file:" + missing + "': it does not exist.")
            .contains("APPLICATION FAILED TO START")
            .doesNotContain("Tomcat started on port")
            .doesNotContain("\tat ");
    }

    @Test
    void invalidUtf8FailsNamingTheReason(@TempDir Path directory) throws Exception {
        Path latin1 = Files.write(directory.resolve("latin1.txt"),
                "Title\n\nCaf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        Failure failure = start("file:" + latin1);
        assertThat(failure.exitCode()).isNotZero();
        assertThat(failure.output()).contains("': it is not valid UTF-8 (bad byte at offset 10).");
    }

    private static Failure start(String location) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SummitApplication.class.getName(), "--article.location=" + location, "--server.port=0")
            .redirectErrorStream(true)
            .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits by itself").isTrue();
        return new Failure(process.exitValue(), output);
    }

    private record Failure(int exitCode, String output) {
    }

}
