package io.portcullis.gateway.users;

import io.portcullis.gateway.support.DjangoDatabase;
import io.portcullis.gateway.support.GatewayHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "User store in a database", schema django, written once and run against each server: the users, groups
 * and DRF tokens are made by the real Django, and everything is observed through the gateway and what the upstream
 * received. The policy's cache is {@link #CACHE}.
 */
abstract class DjangoUsersContract {

    static final Duration CACHE = Duration.ofSeconds(3);
    static final String BATCH_API_KEY = "test-api-key-for-batch-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    UserStores stores;

    abstract DjangoDatabase database();

    abstract GatewayHarness harness();

    static Map<String, String> fixture(GatewayHarness harness) {
        return Map.of("upstream", harness.upstreamUrl(), "cache", CACHE.toSeconds() + "s");
    }

    @Test
    void aDjangoUserLogsInWithTheirPasswordAndTheUpstreamSeesTheirDjangoIdentity() {
        String name = user(Map.of("groups", List.of("editor", "reviewers"), "is_staff", true, "email", "e@example.com"));
        String access = login(name, "pw-" + name).get("access").asString();

        HttpResponse<String> response = get("/staff/" + name, "Authorization", "Bearer " + access);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        harness().upstream().verify(getRequestedFor(urlEqualTo("/staff/" + name))
                .withHeader("X-Auth-Username", equalTo(name))
                .withHeader("X-Auth-Roles", equalTo("editor,reviewers"))
                .withHeader("X-Auth-Admin", equalTo("true"))
                .withHeader("X-Auth-Scheme", equalTo("jwt"))
                .withHeader("X-Auth-Claim-Email", equalTo("e@example.com")));
    }

    @Test
    void theForwardedUserIdIsDjangosPrimaryKey() {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        JsonNode made = database().apply(userOp(name, Map.of()));
        String access = login(name, "pw-" + name).get("access").asString();

        get("/api/id/" + name, "Authorization", "Bearer " + access);

        harness().upstream().verify(getRequestedFor(urlEqualTo("/api/id/" + name))
                .withHeader("X-Auth-User-Id", equalTo(made.path("ids").path(name).asString())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pbkdf2_sha256", "pbkdf2_sha1", "argon2", "bcrypt_sha256", "bcrypt"})
    void passwordsHashedByEachDjangoHasherLogIn(String hasher) {
        String name = user(Map.of("hasher", hasher));

        assertThat(postLogin(name, "pw-" + name).statusCode()).isEqualTo(200);
        assertThat(postLogin(name, "wrong-" + name).statusCode()).isEqualTo(401);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        String name = user(Map.of());

        HttpResponse<String> wrong = postLogin(name, "not-the-password");
        HttpResponse<String> unknown = postLogin("nobody-" + name, "not-the-password");

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
    }

    @Test
    void aDrfTokenKeyIsAnAuthorizationTokenCredential() {
        String name = user(Map.of("groups", List.of("editor")));
        String key = database().apply(Map.of("op", "token", "username", name)).path("tokens").path(name).asString();

        HttpResponse<String> response = get("/api/drf/" + name, "Authorization", "Token " + key);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        harness().upstream().verify(getRequestedFor(urlEqualTo("/api/drf/" + name))
                .withHeader("X-Auth-Username", equalTo(name)).withHeader("X-Auth-Scheme", equalTo("token")));
    }

    @Test
    void basicAuthenticationAndTheGatewaysOwnOpaqueTokensUseTheDjangoPassword() {
        String name = user(Map.of());
        String basic = Base64.getEncoder().encodeToString((name + ":pw-" + name).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> apiToken = harness().postJson(port, "/auth/api-token/",
                "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "\"}");

        assertThat(get("/api/basic", "Authorization", "Basic " + basic).statusCode()).isEqualTo(200);
        assertThat(apiToken.statusCode()).as(apiToken.body()).isEqualTo(200);
        String opaque = JSON.readTree(apiToken.body()).get("token").asString();
        assertThat(get("/api/opaque", "Authorization", "Token " + opaque).statusCode()).isEqualTo(200);
    }

    @Test
    void anApiKeyInUsersYamlActsAsItsDatabaseUser() {
        if (!database().apply(Map.of("op", "exists", "username", "batch")).path("exists").asBoolean()) {
            database().apply(userOp("batch", Map.of()));
        }

        HttpResponse<String> response = get("/api/batch", "X-API-Key", BATCH_API_KEY);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        harness().upstream().verify(getRequestedFor(urlEqualTo("/api/batch")).withHeader("X-Auth-Username", equalTo("batch")));
    }

    @Test
    void anInactiveDjangoUserCannotLogIn() {
        String name = user(Map.of("is_active", false));

        assertThat(postLogin(name, "pw-" + name).statusCode()).isEqualTo(401);
    }

    @Test
    void deactivatingAUserInTheDatabaseRefusesEveryCredentialWithinTheCache() {
        String name = user(Map.of());
        String key = database().apply(Map.of("op", "token", "username", name)).path("tokens").path(name).asString();
        String access = login(name, "pw-" + name).get("access").asString();
        String basic = Base64.getEncoder().encodeToString((name + ":pw-" + name).getBytes(StandardCharsets.UTF_8));
        assertThat(get("/api/x", "Authorization", "Token " + key).statusCode()).isEqualTo(200);

        database().apply(Map.of("op", "set_active", "username", name, "active", false));

        assertThat(refusedWithinCache("Authorization", "Bearer " + access)).isTrue();
        assertThat(refusedWithinCache("Authorization", "Token " + key)).isTrue();
        assertThat(refusedWithinCache("Authorization", "Basic " + basic)).isTrue();
        assertThat(postLogin(name, "pw-" + name).statusCode()).isEqualTo(401);
    }

    @Test
    void aPasswordChangedInTheDatabaseRefusesTheGatewaysTokensIssuedBeforeWithinTheCache() {
        String name = user(Map.of());
        String access = login(name, "pw-" + name).get("access").asString();
        assertThat(get("/api/x", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);

        database().apply(Map.of("op", "set_password", "username", name, "password", "new-" + name));

        assertThat(refusedWithinCache("Authorization", "Bearer " + access)).isTrue();
        assertThat(postLogin(name, "new-" + name).statusCode()).isEqualTo(200);
    }

    @Test
    void aCachedUserIsServedWithoutAnyDatabaseQuery() {
        String name = user(Map.of());
        String key = database().apply(Map.of("op", "token", "username", name)).path("tokens").path(name).asString();
        String access = login(name, "pw-" + name).get("access").asString();
        assertThat(get("/api/warm", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
        assertThat(get("/api/warm", "Authorization", "Token " + key).statusCode()).isEqualTo(200);
        long before = stores.databaseQueries();

        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/warm", "Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
            assertThat(get("/api/warm", "Authorization", "Token " + key).statusCode()).isEqualTo(200);
        }

        assertThat(stores.databaseQueries()).isEqualTo(before);
    }

    /** True when a request with this credential is refused (401) no later than the cache's life plus a margin. */
    private boolean refusedWithinCache(String header, String value) {
        Instant deadline = Instant.now().plus(CACHE).plusSeconds(2);
        while (Instant.now().isBefore(deadline)) {
            if (get("/api/x", header, value).statusCode() == 401) {
                return true;
            }
            sleep(200);
        }
        return false;
    }

    /** A new Django user {@code u...} with the password {@code pw-<name>} and {@code fields} (Django's create_user). */
    String user(Map<String, Object> fields) {
        String name = "u" + UUID.randomUUID().toString().substring(0, 8);
        database().apply(userOp(name, fields));
        return name;
    }

    static Map<String, Object> userOp(String name, Map<String, Object> fields) {
        Map<String, Object> op = new HashMap<>(fields);
        op.put("op", "user");
        op.put("username", name);
        op.put("password", "pw-" + name);
        return op;
    }

    JsonNode login(String username, String password) {
        HttpResponse<String> response = postLogin(username, password);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    HttpResponse<String> postLogin(String username, String password) {
        return harness().postJson(port, "/auth/token/", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    HttpResponse<String> get(String path, String... headers) {
        return harness().send(port, "GET", path, headers);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
