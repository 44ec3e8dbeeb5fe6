package news.summit;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.fail;

/**
 * A program outside the JVM that a test needs (Chromium, Spectral). Without it the test is
 * skipped locally, its reason on the console ({@link SkipReasonPrinter}); under {@code CI=true},
 * where {@code .ci/run} installs every tool, a missing one is a failure, never a silent skip.
 */
public final class RequiredTool {

    private RequiredTool() {
    }

    /**
     * Returns normally when {@code executable} can be run; otherwise skips the test, or fails it
     * under {@code CI=true}.
     * @param install how to install it, for the message
     */
    public static void assumeInstalled(Path executable, String install) {
        if (Files.isExecutable(executable)) {
            return;
        }
        String missing = executable + " is not installed (" + install + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(missing + ": CI=true, so this test fails instead of skipping");
        }
        Assumptions.abort(missing + ", so this test is skipped; under CI=true it fails");
    }

}
