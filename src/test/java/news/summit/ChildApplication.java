package news.summit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.fail;

/**
 * The application in a JVM of its own, as an operator starts it: for what only a whole process
 * shows (its exit status, its signals, its heap limit). Its output goes to a file, so that no read
 * can block; every wait is bounded by {@link #LIMIT}, and {@link #close()} destroys the process
 * and any it started, whatever happened.
 */
public final class ChildApplication implements AutoCloseable {

    /** Far more than a start or a stop takes on a loaded two-core machine (5 to 15 s). */
    public static final Duration LIMIT = Duration.ofSeconds(90);

    private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

    private final Process process;

    private final Path output;

    private ChildApplication(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts the application on random ports.
     * @param jvmOptions flags for the JVM, such as {@code -Xmx64m}
     * @param arguments application arguments, such as {@code --article.location=...}
     */
    public static ChildApplication launch(List<String> jvmOptions, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SummitApplication.class.getName(),
                "--server.port=0", "--management.server.port=0"));
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("child-application-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
            return new ChildApplication(process, output);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Starts the application and waits until it has started, both its ports serving. */
    public static ChildApplication start(List<String> jvmOptions, String... arguments) throws InterruptedException {
        ChildApplication application = launch(jvmOptions, arguments);
        try {
            application.awaitOutput("Started " + SummitApplication.class.getSimpleName() + " in");
            return application;
        }
        catch (Throwable ex) {
            application.close();
            throw ex;
        }
    }

    public Process process() {
        return this.process;
    }

    /** The public port: the first Tomcat to start. */
    public int port() {
        return startedPort(1);
    }

    /** The management port: the second Tomcat to start, after the public one. */
    public int managementPort() {
        return startedPort(2);
    }

    private int startedPort(int nth) {
        Matcher started = STARTED.matcher(output());
        for (int i = 0; i < nth; i++) {
            if (!started.find()) {
                fail("Tomcat number %d has not started; the output:%n%s", nth, output());
            }
        }
        return Integer.parseInt(started.group(1));
    }


    /** Everything the process has written so far. */
    public String output() {
        try {
            return Files.readString(this.output, StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Whether the process ended within {@link #LIMIT}; its output is then complete. */
    public boolean awaitExit() throws InterruptedException {
        return this.process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
    }

    public void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!output().contains(text)) {
            if (!this.process.isAlive() && !output().contains(text)) {
                fail("The application exited (%d) before '%s'; its output:%n%s", this.process.exitValue(), text,
                        output());
            }
            if (System.nanoTime() > deadline) {
                fail("No '%s' within %s; output:%n%s", text, LIMIT, output());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        this.process.descendants().forEach(ProcessHandle::destroyForcibly);
        this.process.destroyForcibly().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
        try {
            Files.deleteIfExists(this.output);
        }
        catch (IOException ex) {
            // Left in the temp directory.
        }
    }

}
