package io.portcullis.gateway.users;

import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.DjangoDatabase;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.PolicyFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code schema: custom} on PostgreSQL: an app's own tables (not Django's), read with the policy's named-parameter
 * queries; roles from an array column, another column as a claim, tokens from a table of the app's own. The password
 * is a Spring Security {@code {bcrypt}} value, which the custom schema accepts beside Django's.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomUsersPostgresIntegrationTest {

    static final GatewayHarness HARNESS = new GatewayHarness();
    static final DjangoDatabase DATABASE = DjangoDatabase.create(DjangoDatabase.POSTGRES_SERVER);
    static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("portcullis.policy.dir", () -> PolicyFixture.write("sql-custom", Map.of("upstream", HARNESS.upstreamUrl())).toString());
        registry.add("PORTCULLIS_USERS_DATABASE_URL", DATABASE::url);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @BeforeAll
    static void appTables() {
        String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode("dana-password");
        DATABASE.apply(
                Map.of("op", "sql", "statement", "CREATE TABLE people (id text PRIMARY KEY, login text UNIQUE, pw text, "
                        + "enabled boolean, staff boolean, role_list text[], dept text)"),
                Map.of("op", "sql", "statement", "CREATE TABLE api_tokens (secret text PRIMARY KEY, person_id text)"),
                Map.of("op", "sql", "statement", "INSERT INTO people VALUES ('emp-7', 'dana', %s, true, true, "
                        + "ARRAY['editor', 'billing'], 'finance')", "params", List.of(hash)),
                Map.of("op", "sql", "statement", "INSERT INTO api_tokens VALUES (%s, 'emp-7')", "params", List.of(TOKEN)));
    }

    @AfterAll
    static void dropDatabase() {
        HARNESS.stop();
        DATABASE.close();
    }

    @Test
    void aUserOfTheAppsOwnTablesLogsInAndTheUpstreamSeesTheQueriedIdentity() {
        HttpResponse<String> login = login("dana", "dana-password");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String access = JSON.readTree(login.body()).get("access").asString();

        HttpResponse<String> response = HARNESS.send(port, "GET", "/api/custom", "Authorization", "Bearer " + access);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        HARNESS.upstream().verify(getRequestedFor(urlEqualTo("/api/custom"))
                .withHeader("X-Auth-User-Id", equalTo("emp-7"))
                .withHeader("X-Auth-Username", equalTo("dana"))
                .withHeader("X-Auth-Roles", equalTo("editor,billing"))
                .withHeader("X-Auth-Admin", equalTo("true"))
                .withHeader("X-Auth-Claim-Dept", equalTo("finance")));
    }

    @Test
    void theByTokenQueryMakesTheAppsTokensCredentials() {
        HttpResponse<String> response = HARNESS.send(port, "GET", "/api/custom-token", "Authorization", "Token " + TOKEN);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        HARNESS.upstream().verify(getRequestedFor(urlEqualTo("/api/custom-token")).withHeader("X-Auth-User-Id", equalTo("emp-7")));
    }

    @Test
    void aUsernameWrittenAsSqlIsOnlyEverAValue() {
        assertThat(login("dana' OR '1'='1", "dana-password").statusCode()).isEqualTo(401);
        assertThat(login("x' UNION SELECT id, login, pw, enabled, staff, role_list, dept FROM people --", "dana-password")
                .statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> login(String username, String password) {
        return HARNESS.postJson(port, "/auth/token/", JSON.writeValueAsString(Map.of("username", username, "password", password)));
    }
}
