package io.portcullis.gateway.users;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.DjangoDatabase;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.PrivatePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md "User store in a database", database down: a private PostgreSQL is really stopped mid-test. Cached users
 * keep working until their entry expires; logins and users not in the cache get 503 store_unavailable at once (never a
 * 500, never a hang); once the database is back, the same gateway serves again without a restart.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatabaseOutageIntegrationTest {

    static final Duration CACHE = Duration.ofSeconds(3);
    static final String UNAVAILABLE = "{\"detail\":\"Service temporarily unavailable.\",\"code\":\"store_unavailable\"}";
    /** Far longer than the gateway's 2 s look-up deadline: an answer later than this is a hang. */
    static final Duration NO_HANG = Duration.ofSeconds(8);
    static final GatewayHarness HARNESS = new GatewayHarness();
    static final PrivatePostgres SERVER = PrivatePostgres.start();
    static final DjangoDatabase DATABASE = DjangoDatabase.create(SERVER.serverUrl());
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("sql-users",
                Map.of("upstream", HARNESS.upstreamUrl(), "cache", CACHE.toSeconds() + "s")).toString());
        registry.add("PORTCULLIS_USERS_DATABASE_URL", DATABASE::url);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopAll() {
        HARNESS.stop();
        SERVER.close();
    }

    @Test
    void cachedUsersKeepWorkingOthersGet503AndTheGatewayRecoversWhenTheDatabaseIsBack() {
        String key = DATABASE.apply(DjangoUsersContract.userOp("cached", Map.of()), DjangoUsersContract.userOp("uncached", Map.of()),
                Map.of("op", "token", "username", "uncached")).path("tokens").path("uncached").asString();
        String access = JSON.readTree(login("cached", "pw-cached").body()).get("access").asString();
        assertThat(get("Authorization", "Bearer " + access).statusCode()).isEqualTo(200);

        SERVER.halt();
        try {
            assertThat(get("Authorization", "Bearer " + access).statusCode()).as("cached user").isEqualTo(200);
            assertUnavailable(() -> login("uncached", "pw-uncached"));
            assertUnavailable(() -> get("Authorization", "Token " + key));
            assertThat(unavailableWithin(CACHE.plusSeconds(3), () -> get("Authorization", "Bearer " + access)))
                    .as("the cached user once the entry expired").isTrue();
        } finally {
            SERVER.resume();
        }

        assertThat(servedWithin(Duration.ofSeconds(10), () -> login("uncached", "pw-uncached"))).isTrue();
        assertThat(get("Authorization", "Token " + key).statusCode()).isEqualTo(200);
        assertThat(get("Authorization", "Bearer " + access).statusCode()).isEqualTo(200);
    }

    private static void assertUnavailable(Supplier<HttpResponse<String>> request) {
        HttpResponse<String> response = request.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.body()).isEqualTo(UNAVAILABLE);
    }

    private static boolean unavailableWithin(Duration within, Supplier<HttpResponse<String>> request) {
        return within(within, request, 503);
    }

    private static boolean servedWithin(Duration within, Supplier<HttpResponse<String>> request) {
        return within(within, request, 200);
    }

    private static boolean within(Duration within, Supplier<HttpResponse<String>> request, int status) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = request.get();
            assertThat(response.statusCode()).as("never a 500: " + response.body()).isNotEqualTo(500);
            if (response.statusCode() == status) {
                return true;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private HttpResponse<String> login(String username, String password) {
        return HARNESS.sendWithin(NO_HANG, port, "POST", "/auth/token/",
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", "Content-Type", "application/json");
    }

    private HttpResponse<String> get(String... headers) {
        return HARNESS.sendWithin(NO_HANG, port, "GET", "/api/outage", null, headers);
    }
}
