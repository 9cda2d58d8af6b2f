package io.portcullis.gateway.console;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.parse.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ops console in real headless Chromium on the management port, after generated traffic and with a refused policy
 * edit waiting: the charts have data points, the route table lists the policy's routes in order, an explain link shows
 * exactly the CLI's lines, and the refused edit its position. Takes a screenshot into target/console.png.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleBrowserIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final Path POLICY = ConsoleFixture.policy(harness);
    static final String EXPLAINED = "?method=DELETE&path=/api/articles/7&user=bob";
    static String goodPolicy;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ConsoleFixture.properties(registry, POLICY);
    }

    @BeforeAll
    static void browser() throws Exception {
        Process install = new ProcessBuilder("../bin/install-browser").inheritIO().start();
        assertThat(install.waitFor(10, TimeUnit.MINUTES) && install.exitValue() == 0)
                .as("bin/install-browser installs Debian's chromium").isTrue();
        goodPolicy = Files.readString(POLICY.resolve("policy.yaml"));
    }

    @AfterAll
    static void stop() throws IOException {
        Files.writeString(POLICY.resolve("policy.yaml"), goodPolicy);
        harness.stop();
    }

    /**
     * Traffic of every kind the charts show, spread over a few samples, then an edit that is refused; waits until the
     * console can see both.
     */
    private void trafficAndARefusedEdit() throws IOException, InterruptedException {
        String token = harness.accessToken(Users.ALICE);
        for (int i = 0; i < 6; i++) {
            harness.send(port, "GET", "/public/x");
            harness.send(port, "GET", "/api/posts/1");
            harness.send(port, "DELETE", "/api/posts/1");
            harness.send(port, "GET", "/api/users/1/profile", "Authorization", "Bearer " + token);
            harness.send(port, "GET", "/api/users/2/profile", "Authorization", "Bearer " + token);
            harness.send(port, "GET", "/limited/x");
            harness.send(port, "GET", "/down/x");
            harness.send(port, "GET", "/nowhere");
            Thread.sleep(i * 150L);
        }
        Files.writeString(POLICY.resolve("policy.yaml"),
                goodPolicy.replace("    permission: IsOwner(id) | IsAdminUser", "    permision: IsOwner(id)"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                harness.send(managementPort, "GET", "/console/api/reload").body().contains("permision")
                        && harness.send(managementPort, "GET", "/console/api/traffic").body().contains("upstream_refused"));
    }

    private String chromium(String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory("chromium"), "--virtual-time-budget=8000"));
        command.addAll(List.of(extra));
        command.add("http://127.0.0.1:" + managementPort + "/console/" + EXPLAINED);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }

    /** The CLI reads the files, the console explains with the serving (last good) policy: the CLI gets that one. */
    private static String cliExplain() throws IOException {
        return ConsoleFixture.cliExplain(writeGood(), "--method", "DELETE", "--path", "/api/articles/7", "--user", "bob");
    }

    private static List<String> all(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }

    @Test
    void consoleShowsChartDataRoutesTheCliExplanationAndTheRefusedEditsPosition() throws Exception {
        trafficAndARefusedEdit();
        List<String> policyRoutes = PolicyLoader.load(writeGood()).policy().routes().stream().map(Route::id).toList();

        String dom = chromium("--dump-dom");

        for (String chart : List.of("requests", "latency", "refusals", "throttle", "upstream")) {
            assertThat(all("id=\"chart-" + chart + "\"[^>]*data-points=\"(\\d+)\"", dom)).as(chart)
                    .singleElement().satisfies(points -> assertThat(Integer.parseInt(points)).isPositive());
        }
        assertThat(all("<tr data-route=\"([^\"]+)\"", dom)).isEqualTo(policyRoutes);
        assertThat(all("(?s)<pre id=\"explain-steps\">(.*?)</pre>", dom)).singleElement()
                .satisfies(steps -> assertThat(unescape(steps).lines().toList()).isEqualTo(cliExplain().lines().toList()));
        assertThat(dom).contains("<span class=\"position\">policy.yaml:26:5</span>: unknown key 'permision'");
        assertThat(dom).contains("data-source=\"policy\" data-stale=\"true\"");
    }

    private static Path writeGood() throws IOException {
        Path good = Files.createTempDirectory("policy");
        Files.writeString(good.resolve("policy.yaml"), goodPolicy);
        Files.copy(POLICY.resolve("users.yaml"), good.resolve("users.yaml"));
        return good;
    }

    @Test
    void consoleScreenshotIsTaken() throws Exception {
        trafficAndARefusedEdit();
        Path screenshot = Path.of("target/console.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        chromium("--screenshot=" + screenshot, "--window-size=1280,1300", "--hide-scrollbars");

        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }
}
