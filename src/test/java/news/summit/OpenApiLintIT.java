package news.summit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import news.summit.web.WireRestTestClientConfiguration;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document, as a client fetches it, passes Spectral with the repository's
 * {@code .spectral.yaml} (spectral:oas and the OWASP API Security ruleset): no error, no warning.
 * Spectral and the ruleset come from {@code lint/}, installed by {@code npm ci --prefix lint}; it
 * lints offline, every ruleset read from {@code lint/node_modules}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@Import(WireRestTestClientConfiguration.class)
class OpenApiLintIT {

    private static final Path SPECTRAL = Path.of("lint", "node_modules", ".bin", "spectral");

    private static final Path DOCUMENT = Path.of("target", "openapi.json");

    private static final Path FINDINGS = Path.of("target", "openapi-lint.json");

    private static final Path LOG = Path.of("target", "openapi-lint.log");

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Spectral's severities, by their number in its JSON output. */
    private static final List<String> SEVERITIES = List.of("error", "warning", "info", "hint");

    @Autowired
    private RestTestClient client;

    @Test
    void theDocumentHasNoSpectralErrorsOrWarnings() throws IOException, InterruptedException {
        RequiredTool.assumeInstalled(SPECTRAL, "npm ci --prefix lint");
        Files.createDirectories(DOCUMENT.getParent());
        Files.write(DOCUMENT, fetchDocument());

        Files.deleteIfExists(FINDINGS);
        Process spectral = new ProcessBuilder(SPECTRAL.toString(), "lint", "--ruleset", ".spectral.yaml",
                "--fail-severity=warn", "-f", "json", "-o", FINDINGS.toString(), DOCUMENT.toString())
            .redirectErrorStream(true)
            .redirectOutput(LOG.toFile())
            .start();
        boolean finished;
        try {
            finished = spectral.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        finally {
            spectral.descendants().forEach(ProcessHandle::destroyForcibly);
            spectral.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(finished).as("spectral finished within %s; it wrote:%n%s", TIMEOUT, log).isTrue();
        // 0: nothing is a warning or worse; 1: something is; 2: spectral itself failed (and wrote no findings).
        assertThat(spectral.exitValue()).as("spectral's exit code; it wrote:%n%s", log).isIn(0, 1);

        List<String> findings = errorsAndWarnings(Files.readString(FINDINGS, StandardCharsets.UTF_8));
        assertThat(findings).as("spectral errors and warnings in %s (rules: .spectral.yaml)", DOCUMENT).isEmpty();
        assertThat(spectral.exitValue()).as("spectral's exit code; it wrote:%n%s", log).isZero();
    }

    private byte[] fetchDocument() {
        return this.client.get().uri("/v3/api-docs").exchangeSuccessfully().returnResult(byte[].class).getResponseBody();
    }

    /** One line per finding of severity warning or worse: severity, rule, JSON path, message. */
    private static List<String> errorsAndWarnings(String json) {
        List<String> findings = new ArrayList<>();
        for (JsonNode finding : JsonMapper.builder().build().readTree(json)) {
            int severity = finding.get("severity").asInt();
            if (severity <= 1) {
                List<String> path = new ArrayList<>();
                finding.get("path").forEach((segment) -> path.add(segment.asString()));
                findings.add("%s %s at %s: %s".formatted(SEVERITIES.get(severity), finding.get("code").asString(),
                        String.join(" > ", path), finding.get("message").asString()));
            }
        }
        return findings;
    }

}
