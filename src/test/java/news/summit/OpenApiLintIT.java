package news.summit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
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

    /**
     * A document that breaks a rule of each ruleset: an operation without a description
     * (spectral:oas), and without a 400, 422 or 4XX answer for invalid input (OWASP).
     */
    private static final String CANARY = """
            {"openapi": "3.1.0",
             "info": {"title": "Canary", "version": "1", "description": "Breaks the rules on purpose."},
             "servers": [{"url": "/", "x-internal": false}],
             "paths": {"/x": {"get": {"responses": {"200": {"description": "OK"}}}}}}
            """;

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Spectral's severities, by their number in its JSON output. */
    private static final List<String> SEVERITIES = List.of("error", "warning", "info", "hint");

    @Autowired
    private RestTestClient client;

    @Autowired
    private JsonMapper json;

    @BeforeEach
    void spectralIsInstalled() throws IOException {
        RequiredTool.assumeInstalled(SPECTRAL, "npm ci --prefix lint");
        Files.createDirectories(DOCUMENT.getParent());
    }

    @Test
    void theDocumentHasNoSpectralErrorsOrWarnings() throws IOException, InterruptedException {
        Files.write(DOCUMENT, fetchDocument());
        Lint lint = lint(DOCUMENT);
        assertThat(lint.errorsAndWarnings()).as("spectral errors and warnings in %s (rules: .spectral.yaml)", DOCUMENT)
            .isEmpty();
        assertThat(lint.exitCode()).as("spectral's exit code; it wrote:%n%s", lint.log()).isZero();
    }

    /** Without this, rules that no longer load (either ruleset) would pass the test above vacuously. */
    @Test
    void spectralFindsWhatADocumentBreakingBothRulesetsGetsWrong() throws IOException, InterruptedException {
        Path canary = DOCUMENT.resolveSibling("openapi-canary.json");
        Files.writeString(canary, CANARY);
        assertThat(lint(canary).errorsAndWarnings()).as("spectral errors and warnings in %s", canary)
            .anyMatch((finding) -> finding.startsWith("warning operation-description "))
            .anyMatch((finding) -> finding.startsWith("warning owasp:api8:2023-define-error-validation "));
    }

    private byte[] fetchDocument() {
        return this.client.get().uri("/v3/api-docs").exchangeSuccessfully().returnResult(byte[].class).getResponseBody();
    }

    /**
     * Lints a document with {@code .spectral.yaml}, its findings and log in {@code target/} beside it,
     * for at most {@link #TIMEOUT}.
     */
    private Lint lint(Path document) throws IOException, InterruptedException {
        String name = document.getFileName().toString().replaceFirst("\\.json$", "");
        Path findings = document.resolveSibling(name + "-lint.json");
        Path log = document.resolveSibling(name + "-lint.log");
        Files.deleteIfExists(findings);
        Process spectral = new ProcessBuilder(SPECTRAL.toString(), "lint", "--ruleset", ".spectral.yaml",
                "--fail-severity=warn", "-f", "json", "-o", findings.toString(), document.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
        boolean finished;
        try {
            finished = spectral.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        finally {
            spectral.descendants().forEach(ProcessHandle::destroyForcibly);
            spectral.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("spectral finished within %s; it wrote:%n%s", TIMEOUT, output).isTrue();
        // 0: nothing is a warning or worse; 1: something is; 2: spectral itself failed (and wrote no findings).
        assertThat(spectral.exitValue()).as("spectral's exit code; it wrote:%n%s", output).isIn(0, 1);
        return new Lint(spectral.exitValue(), errorsAndWarnings(Files.readString(findings, StandardCharsets.UTF_8)),
                output);
    }

    /** One line per finding of severity warning or worse: severity, rule, JSON path, message. */
    private List<String> errorsAndWarnings(String report) {
        List<String> findings = new ArrayList<>();
        for (JsonNode finding : this.json.readTree(report)) {
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

    /** What Spectral said of a document: its exit code, its errors and warnings, and its log. */
    private record Lint(int exitCode, List<String> errorsAndWarnings, String log) {
    }

}
