package io.portcullis.gateway.tokens;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.SimpleJwtAnswers;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.token.CredentialVersion;
import io.portcullis.policy.token.JwtIssuer;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TestKeys;
import io.portcullis.policy.token.TokenType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** A gateway started with RS256 key files: JWKS, rotation, and no HS256 token of any kind (DESIGN.md "Token endpoints"). */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final KeyPair OLD = TestKeys.rsa(2048);
    static final KeyPair NEW = TestKeys.rsa(2048);
    static final Path KEYS = TestKeys.directory(Map.of("2024-01", TestKeys.pkcs8(OLD), "2025-06", TestKeys.pkcs1(NEW)));
    static final String TOKEN_NOT_VALID = SimpleJwtAnswers.bearerRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Path policy = PolicyFixture.write("keys", Map.of("upstream", harness.upstreamUrl()));
        registry.add("portcullis.policy.dir", policy::toString);
        registry.add("portcullis.jwt.keys.dir", KEYS::toString);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstreamAndDeleteKeys() throws IOException {
        harness.stop();
        TestKeys.deleteDirectory(KEYS);
    }

    @BeforeEach
    void resetUpstream() {
        harness.upstream().resetRequests();
    }

    private HttpResponse<String> getApi(String token) {
        return harness.send(port, "GET", "/api/things", "Authorization", "Bearer " + token);
    }

    private static String accessToken(SigningKeys keys) {
        return new JwtIssuer(keys, Clock.systemUTC()).issue(Users.ALICE, TokenType.ACCESS, TokenSettings.DEFAULTS);
    }

    @Test
    void jwksPublishesEveryPublicKeyAndNoPrivatePart() {
        HttpResponse<String> response = harness.send(port, "GET", "/auth/jwks.json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).contains("\"kid\":\"2024-01\"", "\"kid\":\"2025-06\"", "\"alg\":\"RS256\"",
                "\"use\":\"sig\"", "\"kty\":\"RSA\"").doesNotContain("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"qi\"");
        assertThat(Jwks.setParser().build().parse(response.body()).getKeys())
                .extracting(jwk -> (Object) jwk.toKey()).containsExactlyInAnyOrder(OLD.getPublic(), NEW.getPublic());
    }

    @Test
    void jwksAnswersOnlyGet() {
        assertThat(harness.sendWithBody(port, "POST", "/auth/jwks.json", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    void tokenSignedWithTheNewestKeyIsAcceptedOnARoute() {
        HttpResponse<String> response = getApi(accessToken(SigningKeys.fromDirectory(KEYS, "RS256")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0).getHeader("X-Auth-User-Id")).isEqualTo("1");
    }

    @Test
    void tokenSignedWithAnOlderKeyIsStillAccepted() throws IOException {
        Path onlyOld = Files.createTempDirectory("portcullis-old-key");
        Path file = TestKeys.write(onlyOld, "2024-01", TestKeys.pkcs8(OLD));
        SigningKeys old = SigningKeys.fromDirectory(onlyOld, "RS256");
        Files.delete(file);
        Files.delete(onlyOld);

        assertThat(getApi(accessToken(old)).statusCode()).isEqualTo(200);
    }

    @Test
    void hs256TokenIsRefusedWithTokenNotValid() {
        HttpResponse<String> response = getApi(harness.accessToken(Users.ALICE));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(TOKEN_NOT_VALID);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void hs256TokenKeyedWithThePublicKeyIsRefused() {
        Instant now = Instant.now();
        String forged = Jwts.builder().header().keyId("2025-06").and()
                .claim("token_type", "access").id("forged").subject("1").issuer("portcullis")
                .claim(CredentialVersion.CLAIM, CredentialVersion.of(Users.ALICE))
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(300)))
                .signWith(Keys.hmacShaKeyFor(NEW.getPublic().getEncoded()), Jwts.SIG.HS256).compact();

        HttpResponse<String> response = getApi(forged);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(TOKEN_NOT_VALID);
    }

    @Test
    void loginIssuesTokensSignedWithTheNewestKey() {
        HttpResponse<String> login = harness.postJson(port, "/auth/token/",
                "{\"username\":\"alice\",\"password\":\"alice-password\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        String access = login.body().replaceAll(".*\"access\":\"([^\"]+)\".*", "$1");

        var parsed = Jwts.parser().verifyWith(NEW.getPublic()).build().parseSignedClaims(access);

        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo("RS256");
        assertThat(parsed.getHeader().getKeyId()).isEqualTo("2025-06");
        assertThat(getApi(access).statusCode()).isEqualTo(200);
    }
}
