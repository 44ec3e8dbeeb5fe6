package news.summit;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The API and Swagger UI as headless Chromium shows them: Debian's {@code /usr/bin/chromium},
 * driven as a process ({@code --dump-dom} prints the DOM once the page has loaded), never a
 * downloaded browser. Each run gets a fresh profile, a bounded time and is killed if it
 * overruns. Where Chromium is not installed the tests are skipped, or fail under {@code CI=true}
 * ({@link RequiredTool}); {@code .ci/run} installs it.
 * <p>
 * Swagger UI renders with JavaScript after fetching {@code /v3/api-docs}; a virtual time budget
 * lets it finish first (virtual time stands still while a fetch is pending, so this waits for the
 * page, not for the clock). Chromium logs the page's console to stderr, where a
 * Content-Security-Policy violation shows up.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class BrowserIT {

    /** Debian's Chromium; {@code -Dchromium=PATH} names another (or none, to see the skip). */
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));

    private static final long TIMEOUT_SECONDS = 60;

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--no-first-run",
            "--enable-logging=stderr", "--v=0");

    private static final String TITLE = "Xi jinping and vladimir putin vow joint efforts to \u201crejuvenate\u201d their countries.";

    private static final Pattern PRE = Pattern.compile("<pre[^>]*>(.*?)</pre>", Pattern.DOTALL);

    private static final Pattern DATA_PATH = Pattern.compile("data-path=\"([^\"]*)\"");

    private static final Pattern CSP_MESSAGE = Pattern.compile("Content Security Policy|Refused to",
            Pattern.CASE_INSENSITIVE);

    private static final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    /** Per test rather than per class: Surefire reports a class-level assumption as no tests at all. */
    @BeforeEach
    void chromiumIsInstalled() {
        RequiredTool.assumeInstalled(CHROMIUM, "apt-get install -y chromium; .ci/run does");
    }

    @Test
    void articleShowsItsJsonWithTheCurlyQuotesIntact() throws Exception {
        Page page = open("http://localhost:" + port + "/api/article");

        assertThat(page.dom()).contains("\"title\":\"" + TITLE + "\"").doesNotContain("\u00e2\u20ac");
        Matcher pre = PRE.matcher(page.dom());
        assertThat(pre.find()).as("the JSON in a <pre>: %s", page.dom()).isTrue();
        JsonNode article = json.readTree(unescapeHtml(pre.group(1)));
        assertThat(article.get("title").asString()).isEqualTo(TITLE);
        assertThat(article.get("paragraphs").size()).isEqualTo(8);
    }

    @Test
    void swaggerUiListsTheArticleEndpointsOnceRendered() throws Exception {
        Page page = open("http://localhost:" + port + "/swagger-ui.html", "--virtual-time-budget=10000");

        List<String> paths = new ArrayList<>();
        Matcher path = DATA_PATH.matcher(page.dom());
        while (path.find()) {
            paths.add(path.group(1));
        }
        assertThat(paths).as("the operations Swagger UI rendered; console: %s", page.console())
            .contains("/api/article", "/api/article/metadata", "/api/article/paragraphs",
                    "/api/article/paragraphs/{number}");
    }

    @Test
    void swaggerUiLoadsWithinItsContentSecurityPolicy() throws Exception {
        Page page = open("http://localhost:" + port + "/swagger-ui.html", "--virtual-time-budget=10000");

        assertThat(page.console()).filteredOn((line) -> CSP_MESSAGE.matcher(line).find()).isEmpty();
        assertThat(page.dom()).as("Swagger UI rendered its operations").contains("opblock-summary-path");
    }

    /** Without this, a Chromium that stopped logging the console would pass the test above vacuously. */
    @Test
    void consoleShowsAContentSecurityPolicyViolation() throws Exception {
        String html = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">"
                + "<script>document.title = 'ran'</script>";
        Page page = open("data:text/html," + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20"));

        assertThat(page.console()).anyMatch((line) -> CSP_MESSAGE.matcher(line).find());
    }

    private static String unescapeHtml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** Loads the URL in a fresh headless Chromium: the DOM it printed and the console lines it logged. */
    private static Page open(String url, String... extraFlags) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path out = Files.createTempFile("chromium-dom-", ".html");
        Path err = Files.createTempFile("chromium-log-", ".txt");
        List<String> command = new ArrayList<>();
        command.add(CHROMIUM.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(List.of(extraFlags));
        command.add("--dump-dom");
        command.add(url);
        Process chromium = new ProcessBuilder(command).redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
        try {
            chromium.getOutputStream().close();
            if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                fail("Chromium did not finish %s within %d s; its log ends: %s", url, TIMEOUT_SECONDS,
                        tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
            String log = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(chromium.exitValue()).as("Chromium's exit code; its log ends: %s", tail(log)).isZero();
            return new Page(Files.readString(out, StandardCharsets.UTF_8), consoleLines(log));
        }
        finally {
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
            chromium.onExit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            deleteQuietly(profile);
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Chromium logs each console message as one entry ({@code [...:CONSOLE...] "message", source: url}). */
    private static List<String> consoleLines(String log) {
        List<String> lines = new ArrayList<>();
        for (String entry : log.split("\n(?=\\[)")) {
            if (entry.contains(":CONSOLE")) {
                lines.add(entry);
            }
        }
        return lines;
    }

    /** The end of Chromium's log, without its harmless complaints about the missing D-Bus. */
    private static String tail(String log) {
        String relevant = log.lines()
            .filter((line) -> !line.contains("dbus") && !line.contains("D-Bus"))
            .collect(Collectors.joining("\n"));
        return relevant.substring(Math.max(0, relevant.length() - 2000));
    }

    /** Best effort: a Chromium helper still exiting may hold a file in the profile for a moment. */
    private static void deleteQuietly(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
        }
        catch (IOException ex) {
            // Left in the temp directory.
        }
    }

    private record Page(String dom, List<String> console) {
    }

}
