package io.portcullis.deploy;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.FreePort;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.RedisHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 18 item 3: a real Prometheus (Debian's, unpacked by bin/install-prometheus) scrapes a running gateway's
 * management port, and after traffic every expression of deploy/grafana/portcullis-dashboard.json, Grafana's variables
 * substituted, returns at least one series. With Redis, as compose runs it (the store panel needs it).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardPrometheusIntegrationTest {

    static final Path DASHBOARD = Path.of("../deploy/grafana/portcullis-dashboard.json");
    static final GatewayHarness harness = new GatewayHarness();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Grafana's variables as a dashboard with every instance and route selected, over a short scrape interval. */
    static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "10s", "$__range", "5m",
            "$instance", ".*", "$route", ".*");
    static Process prometheus;
    static int prometheusPort;

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("console", Map.of("upstream", harness.upstreamUrl(),
                "refused", "http://127.0.0.1:" + FreePort.find())).toString());
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
        registry.add("redis.url", () -> RedisHarness.shared().url());
        registry.add("portcullis.store.key-prefix", RedisHarness::keyPrefix);
    }

    @BeforeAll
    static void installPrometheus() throws Exception {
        Process install = new ProcessBuilder("../bin/install-prometheus").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String binary = new String(install.getInputStream().readAllBytes()).strip();
        assertThat(install.waitFor(10, TimeUnit.MINUTES) && install.exitValue() == 0)
                .as("bin/install-prometheus unpacks Debian's prometheus").isTrue();
        System.setProperty("portcullis.test.prometheus", binary);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
        harness.stop();
    }

    /** Prometheus on a free loopback port, scraping this gateway's management port every second. */
    private void startPrometheus() throws IOException {
        Path dir = Files.createTempDirectory("prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: portcullis
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(managementPort));
        prometheusPort = FreePort.find();
        prometheus = new ProcessBuilder(System.getProperty("portcullis.test.prometheus"),
                "--config.file=" + dir.resolve("prometheus.yml"), "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    }

    /** One of each kind of request the dashboard draws: forwarded, refused, throttled, failed upstream, bad token. */
    private void traffic() {
        String token = harness.accessToken(Users.ALICE);
        harness.send(port, "GET", "/public/x");
        harness.send(port, "GET", "/api/users/1/profile", "Authorization", "Bearer " + token);
        harness.send(port, "GET", "/api/users/2/profile", "Authorization", "Bearer " + token);
        harness.send(port, "GET", "/api/users/2/profile");
        harness.send(port, "GET", "/api/users/2/profile", "Authorization", "Bearer not.a.token");
        harness.send(port, "GET", "/limited/x");
        harness.send(port, "GET", "/down/x");
        harness.send(port, "GET", "/nowhere");
    }

    /** Each panel's expressions and each variable's {@code label_values(metric, label)} as the query it stands for. */
    static Map<String, String> expressions() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                expressions.put(panel.get("title").asString() + " " + target.get("refId").asString(), target.get("expr").asString());
            }
        }
        Pattern labelValues = Pattern.compile("label_values\\((.+), (\\w+)\\)");
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.get("type").asString().equals("query")) {
                Matcher matcher = labelValues.matcher(variable.get("definition").asString());
                assertThat(matcher.matches()).as(variable.get("definition").asString()).isTrue();
                expressions.put("variable " + variable.get("name").asString(),
                        "count by (" + matcher.group(2) + ") (" + matcher.group(1) + ")");
            }
        }
        return expressions;
    }

    static String substitute(String expression) {
        String result = expression;
        for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
            result = result.replace(variable.getKey(), variable.getValue());
        }
        assertThat(result).as("every Grafana variable substituted").doesNotContain("$");
        return result;
    }

    private static int seriesOf(String expression) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort
                + "/api/v1/query?query=" + URLEncoder.encode(expression, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(expression + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("data").get("result").size();
    }

    @Test
    void everyDashboardExpressionReturnsASeriesFromARealPrometheusAfterTraffic() throws Exception {
        Map<String, String> expressions = expressions();
        assertThat(expressions).hasSizeGreaterThan(10);
        startPrometheus();

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            traffic();
            List<String> empty = new ArrayList<>();
            for (Map.Entry<String, String> expression : expressions.entrySet()) {
                if (seriesOf(substitute(expression.getValue())) == 0) {
                    empty.add(expression.getKey() + ": " + substitute(expression.getValue()));
                }
            }
            assertThat(empty).as("expressions without a series").isEmpty();
        });
    }
}
