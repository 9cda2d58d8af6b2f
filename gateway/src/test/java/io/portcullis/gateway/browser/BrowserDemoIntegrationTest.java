package io.portcullis.gateway.browser;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page (demo/wiremock/__files/demo/index.html) in real headless Chromium, same-origin through the gateway:
 * log in (cookies), read, write without and with the CSRF token, log out. Takes a screenshot into target/.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrowserDemoIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final Path PAGE = Path.of("../demo/wiremock/__files/demo/index.html");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("browser", java.util.Map.of("upstream", harness.upstreamUrl())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @BeforeAll
    static void browserAndPage() throws Exception {
        Process install = new ProcessBuilder("../bin/install-browser").inheritIO().start();
        assertThat(install.waitFor(10, TimeUnit.MINUTES) && install.exitValue() == 0)
                .as("bin/install-browser installs Debian's chromium").isTrue();
        harness.upstream().stubFor(get(urlPathEqualTo("/demo/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html; charset=utf-8").withBody(Files.readString(PAGE))));
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    private String chromium(Path profile, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=20000"));
        command.addAll(List.of(extra));
        command.add("http://localhost:" + port + "/demo/?auto");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }

    @Test
    void demoPageLogsInCallsTheApiWithCookiesAndCsrfAndLogsOut() throws Exception {
        String dom = chromium(Files.createTempDirectory("chromium"), "--dump-dom");

        assertThat(dom).contains("login: 200 (expected 200)")
                .contains("read with cookie: 200 (expected 200)")
                .contains("write without CSRF token: 403 (expected 403)")
                .contains("write with CSRF token: 200 (expected 200)")
                .contains("logout: 200 (expected 200)")
                .contains("write after logout: 401 (expected 401)")
                .contains("ALL STEPS PASSED");
    }

    @Test
    void demoPageScreenshotIsTaken() throws Exception {
        Path screenshot = Path.of("target/browser-demo.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        chromium(Files.createTempDirectory("chromium"), "--screenshot=" + screenshot, "--window-size=900,700");

        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(1000);
    }
}
