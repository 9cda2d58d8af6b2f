package io.portcullis.gateway.console;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.RawHttp;
import io.portcullis.policy.expr.PermissionPrinter;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Route;
import io.portcullis.policy.parse.PolicyLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 18 item 2: the ops console's JSON on the management port, and nothing of it on the public port. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final Path POLICY = ConsoleFixture.policy(harness);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ConsoleFixture.properties(registry, POLICY);
        registry.add("portcullis.console.hosts", () -> "console.ops.internal");
    }

    @AfterAll
    static void stop() {
        harness.stop();
    }

    private JsonNode management(String path) {
        HttpResponse<String> response = harness.send(managementPort, "GET", path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @Test
    void routeTableEqualsTheServingPolicy() throws Exception {
        Policy policy = PolicyLoader.load(POLICY).policy();

        JsonNode routes = management("/console/api/policy").get("routes");

        assertThat(routes.size()).isEqualTo(policy.routes().size());
        for (int i = 0; i < routes.size(); i++) {
            Route route = policy.routes().get(i);
            JsonNode row = routes.get(i);
            assertThat(row.get("id").asString()).isEqualTo(route.id());
            assertThat(row.get("paths").valueStream().map(JsonNode::asString).toList()).isEqualTo(route.paths());
            assertThat(row.get("permission").asString()).isEqualTo(PermissionPrinter.print(route.permission()));
            assertThat(row.get("upstream").asString()).isEqualTo(route.upstream().toString());
            assertThat(row.get("throttle").valueStream().map(scope -> scope.get("scope").asString()).toList())
                    .isEqualTo(route.throttle());
            assertThat(row.get("methods").size()).isEqualTo(route.methods().size());
            route.methods().forEach((method, permission) ->
                    assertThat(row.get("methods").get(method).asString()).isEqualTo(PermissionPrinter.print(permission)));
        }
        assertThat(routes.get(3).get("throttle").get(0).get("rate").asString()).isEqualTo("2/minute");
    }

    @Test
    void usersAppearByNameOnlyAndNoHashLeavesTheConsole() {
        String body = harness.send(managementPort, "GET", "/console/api/policy").body();

        assertThat(JSON.readTree(body).get("users").valueStream().map(JsonNode::asString).toList())
                .containsExactly("alice", "bob", "carol", "root");
        assertThat(body).doesNotContain("$2a$").doesNotContain("bcrypt").doesNotContain(GatewayHarness.JWT_SECRET);
    }

    @ParameterizedTest(name = "{0} {1} as {2}: {3}")
    @CsvSource({
            "DELETE, /api/posts/1, alice, 200",
            "DELETE, /api/articles/7, bob, 403",
            "GET, /api/users/2/profile, '', 401",
            "GET, /api/users/2/profile, bob, 200",
            "PUT, /api/posts/../users/1/x, alice, 200",
            "GET, /nowhere, '', 404",
            "GET, /api/posts/1, carol, 401",
            "GET, /api/posts/1, nobody, 401",
            "get, /api/posts/1, '', 405",
            "GET, /public/%2e%2e/x, '', 400",
    })
    void explainAnswersExactlyAsTheCli(String method, String path, String user, int status) {
        String cli = user.isEmpty() ? ConsoleFixture.cliExplain(POLICY, "--method", method, "--path", path, "--anonymous")
                : ConsoleFixture.cliExplain(POLICY, "--method", method, "--path", path, "--user", user);

        JsonNode explanation = management("/console/api/explain?method=" + method + "&path="
                + URLEncoder.encode(path, StandardCharsets.UTF_8) + (user.isEmpty() ? "" : "&user=" + user));

        assertThat(explanation.get("steps").valueStream().map(JsonNode::asString).toList())
                .isEqualTo(cli.lines().toList());
        assertThat(explanation.get("status").asInt()).isEqualTo(status);
    }

    @Test
    void explainWithoutMethodOrPathIsABadRequest() {
        HttpResponse<String> response = harness.send(managementPort, "GET", "/console/api/explain?path=/x");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"detail\"");
    }

    @Test
    void publicPortAnswersTheConsoleAsAnyUnknownPath() {
        for (String path : List.of("/console/", "/console", "/console/api/policy", "/console/console.js")) {
            HttpResponse<String> response = harness.send(port, "GET", path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).isEqualTo("{\"detail\":\"Not found.\"}");
        }
    }

    @ParameterizedTest
    @CsvSource({"attacker.example, 403", "localhost, 200", "127.0.0.1, 200", "[::1], 200", "console.ops.internal, 200"})
    void consoleAnswersOnlyToLoopbackNamesIpLiteralsAndConfiguredHosts(String host, int status) {
        RawHttp.Response response = RawHttp.sendExactly(managementPort, "GET /console/api/policy HTTP/1.1\r\nHost: " + host
                + ":" + managementPort + "\r\nConnection: close\r\n\r\n");

        assertThat(response.status()).isEqualTo(status);
    }

    @Test
    void consolePageAndAssetsComeFromTheJarWithAStrictContentSecurityPolicy() {
        HttpResponse<String> page = harness.send(managementPort, "GET", "/console/");
        HttpResponse<String> script = harness.send(managementPort, "GET", "/console/console.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(page.body()).contains("console.js").doesNotContain("http://").doesNotContain("https://");
        assertThat(script.statusCode()).isEqualTo(200);
        // the SVG namespace is a name, not a place anything is fetched from
        assertThat(script.body().replace("\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void trafficSamplesCountOutcomesRefusalsThrottleAndUpstreamErrors() {
        String token = harness.accessToken(Users.ALICE);
        for (int i = 0; i < 5; i++) {
            harness.send(port, "GET", "/public/x");
            harness.send(port, "GET", "/api/users/2/profile");
            harness.send(port, "GET", "/api/users/1/profile", "Authorization", "Bearer " + token);
            harness.send(port, "GET", "/limited/x");
            harness.send(port, "GET", "/down/x");
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode samples = management("/console/api/traffic").get("samples");
            assertThat(samples.valueStream().anyMatch(s -> s.get("requests").has("forwarded"))).isTrue();
            assertThat(samples.valueStream().anyMatch(s -> s.get("requests").has("401"))).isTrue();
            assertThat(samples.valueStream().anyMatch(s -> s.get("refusals").has("not_authenticated"))).isTrue();
            assertThat(samples.valueStream().anyMatch(s -> s.get("refusals").has("throttled:tight"))).isTrue();
            assertThat(samples.valueStream().anyMatch(s -> s.get("throttle").has("tight throttled"))).isTrue();
            assertThat(samples.valueStream().anyMatch(s -> s.get("throttle").has("burst admitted"))).isTrue();
            assertThat(samples.valueStream().anyMatch(s -> s.get("upstreamErrors").has("upstream_refused"))).isTrue();
            assertThat(samples.valueStream().anyMatch(s -> s.get("p50Ms").isNumber() && s.get("p99Ms").isNumber())).isTrue();
        });
    }

    @Test
    void refusedEditShowsItsFileLineAndColumn() throws Exception {
        Path file = POLICY.resolve("policy.yaml");
        String good = Files.readString(file);
        try {
            Files.writeString(file, good.replace("    permission: IsOwner(id) | IsAdminUser", "    permision: IsOwner(id)"));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode policy = management("/console/api/reload").get(0);
                assertThat(policy.get("source").asString()).isEqualTo("policy");
                assertThat(policy.get("refusedAt").isString()).isTrue();
                assertThat(policy.get("errors").get(0).asString()).startsWith("policy.yaml:26:5: unknown key 'permision'");
            });
        } finally {
            Files.writeString(file, good);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(management("/console/api/reload").get(0).get("errors").isEmpty()).isTrue());
        }
    }

    @Test
    void tokenEndpointsAndJwksAnswerOnlyOnThePublicPortNeverOnTheManagementPort() {
        String login = "{\"username\":\"alice\",\"password\":\"alice-password\"}";

        assertThat(harness.sendWithBody(managementPort, "POST", "/auth/token/", login, "Content-Type", "application/json")
                .statusCode()).isEqualTo(404);
        assertThat(harness.send(managementPort, "GET", "/auth/jwks.json").statusCode()).isEqualTo(404);
        assertThat(harness.sendWithBody(port, "POST", "/auth/token/", login, "Content-Type", "application/json")
                .statusCode()).isEqualTo(200);
    }
}
