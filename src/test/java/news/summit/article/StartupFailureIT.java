package news.summit.article;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import news.summit.SummitApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as an operator starts it, in its own JVM: a bad source stops it cold. Should
 * a regression let it start, the test fails after {@link #LIMIT} instead of waiting for an exit
 * that never comes; the JVM is destroyed whatever happens.
 */
class StartupFailureIT {

    /** Far more than a failed startup takes on a loaded two-core machine (about 5 s). */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    private Path directory;

    @Test
    void missingLocationFailsWithOneClearLineAndNoListeningPort() throws IOException, InterruptedException {
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

    /**
     * Runs the application until it exits by itself, for at most {@link #LIMIT}. Its output goes
     * to a file, so no read can block; the process and any it started are destroyed in the end.
     */
    private Failure start(String location) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = this.directory.resolve("application.log");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SummitApplication.class.getName(), "--article.location=" + location, "--server.port=0",
                "--management.server.port=0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        try {
            boolean exited = process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(exited).as("exits by itself within %s; its output:%n%s", LIMIT, output).isTrue();
            return new Failure(process.exitValue(), output);
        }
        finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private record Failure(int exitCode, String output) {
    }

}
