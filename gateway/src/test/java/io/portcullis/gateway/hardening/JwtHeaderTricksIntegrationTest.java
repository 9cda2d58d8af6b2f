package io.portcullis.gateway.hardening;

import io.jsonwebtoken.Jwts;
import io.portcullis.gateway.GatewayApplication;
import io.portcullis.gateway.support.GatewayHarness;
import io.portcullis.gateway.support.GatewayHarness.Users;
import io.portcullis.gateway.support.PolicyFixture;
import io.portcullis.gateway.support.SimpleJwtAnswers;
import io.portcullis.policy.token.CredentialVersion;
import io.portcullis.policy.token.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT header and payload tricks end to end (issue 6 item 3) against an HS256 gateway: each token would make the
 * anonymous attacker the admin {@code root} (id 99) if accepted. Each gets SimpleJWT's 401 and reaches no upstream.
 */
// Closed after the class: a unique context, and the fork must exit within surefire's 30 s of System.exit.
@DirtiesContext
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtHeaderTricksIntegrationTest {

    static final GatewayHarness harness = new GatewayHarness();
    static final String TOKEN_NOT_VALID = SimpleJwtAnswers.bearerRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED);
    static final KeyPair ATTACKER = TestKeys.rsa(2048);

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        var dir = PolicyFixture.write("bypass", Map.of("upstream", harness.upstreamUrl()));
        registry.add("portcullis.policy.dir", dir::toString);
        registry.add("portcullis.jwt.secret", () -> GatewayHarness.JWT_SECRET);
        registry.add("management.server.port", () -> "0");
    }

    @AfterAll
    static void stopUpstream() {
        harness.stop();
    }

    @BeforeEach
    void resetUpstream() {
        harness.upstream().resetRequests();
    }

    /** The payload of a genuine access token of root, as JSON with the given extra members appended. */
    private static String rootPayload(String extra) {
        long now = Instant.now().getEpochSecond();
        return "{\"token_type\":\"access\",\"jti\":\"j-" + System.nanoTime() + "\",\"sub\":\"99\",\"iss\":\"portcullis\","
                + "\"" + CredentialVersion.CLAIM + "\":\"" + CredentialVersion.of(Users.ROOT) + "\","
                + "\"iat\":" + now + ",\"exp\":" + (now + 300) + extra + "}";
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs exactly these JSON texts with HS256 and {@code key}: what the gateway's own secret would sign. */
    private static String hs256(String header, String payload, byte[] key) {
        return signedAsSpelled(b64(header) + "." + b64(payload), key);
    }

    /** Signs the signing input exactly as spelled (padded or not) with HS256 and {@code key}. */
    private static String signedAsSpelled(String signingInput, byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Spellings of one validly signed token that only a lenient base64url decoder reads (RFC 7515 wants unpadded
     * base64url): each would carry {@code payload} if accepted.
     */
    static Stream<Arguments> lenientSpellings(String payload) {
        byte[] secret = GatewayHarness.JWT_SECRET.getBytes(StandardCharsets.UTF_8);
        String valid = withSecret("{\"alg\":\"HS256\"}", payload);
        String padded = payload.replaceFirst("}$", ",\"p\":\"x\"}");
        while (padded.length() % 3 != 1) {
            padded = padded.replace("\"p\":\"", "\"p\":\"x");
        }
        String[] parts = valid.split("\\.");
        String lastBitSet = parts[2].substring(0, 42) + (char) (parts[2].charAt(42) + 1);
        return Stream.of(
                trick("signature with '=' padding", valid + "="),
                trick("payload with '=' padding, validly signed", signedAsSpelled(parts[0] + "."
                        + Base64.getUrlEncoder().encodeToString(padded.getBytes(StandardCharsets.UTF_8)), secret)),
                trick("header with '=' padding, validly signed", signedAsSpelled(Base64.getUrlEncoder()
                        .encodeToString("{\"alg\":\"HS256\"} ".getBytes(StandardCharsets.UTF_8)) + "." + parts[1], secret)),
                trick("signature whose unused last bits are set", parts[0] + "." + parts[1] + "." + lastBitSet));
    }

    private static String withSecret(String header, String payload) {
        return hs256(header, payload, GatewayHarness.JWT_SECRET.getBytes(StandardCharsets.UTF_8));
    }

    private static Arguments trick(String name, String token) {
        return Arguments.of(Named.of(name, token));
    }

    static Stream<Arguments> tricks() {
        Instant now = Instant.now();
        String rs256 = Jwts.builder().header().keyId("attacker").and().claim("token_type", "access").id("rs")
                .subject("99").issuer("portcullis").claim(CredentialVersion.CLAIM, CredentialVersion.of(Users.ROOT))
                .issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(300)))
                .signWith(ATTACKER.getPrivate(), Jwts.SIG.RS256).compact();
        String jwk = "{\"kty\":\"oct\",\"k\":\"" + b64("attacker-secret-0123456789-0123456789") + "\"}";
        return Stream.concat(Stream.of(
                trick("alg none without a signature", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(rootPayload("")) + "."),
                trick("alg None (mixed case)", b64("{\"alg\":\"None\"}") + "." + b64(rootPayload("")) + "."),
                trick("RS256 signed with the attacker's own key", rs256),
                trick("HS512 with the gateway's secret", hs512(rootPayload(""))),
                trick("kid path traversal to /dev/null, signed with an empty-file key",
                        hs256("{\"alg\":\"HS256\",\"kid\":\"../../../../../../dev/null\"}", rootPayload(""), new byte[32])),
                trick("kid SQL injection, signed with a guessed key",
                        hs256("{\"alg\":\"HS256\",\"kid\":\"x' UNION SELECT 'key'--\"}", rootPayload(""),
                                "key".repeat(11).getBytes(StandardCharsets.UTF_8))),
                trick("jwk header embedding the attacker's key, signed with it",
                        hs256("{\"alg\":\"HS256\",\"jwk\":" + jwk + "}", rootPayload(""),
                                "attacker-secret-0123456789-0123456789".getBytes(StandardCharsets.UTF_8))),
                trick("jku header, validly signed", withSecret("{\"alg\":\"HS256\",\"jku\":\"http://127.0.0.1:1/jwks\"}", rootPayload(""))),
                trick("x5u header, validly signed", withSecret("{\"alg\":\"HS256\",\"x5u\":\"http://127.0.0.1:1/cert\"}", rootPayload(""))),
                trick("unknown crit extension, validly signed",
                        withSecret("{\"alg\":\"HS256\",\"crit\":[\"x-portcullis\"],\"x-portcullis\":1}", rootPayload(""))),
                trick("duplicate alg in the header, validly signed", withSecret("{\"alg\":\"none\",\"alg\":\"HS256\"}", rootPayload(""))),
                trick("duplicate sub in the payload, validly signed",
                        withSecret("{\"alg\":\"HS256\"}", rootPayload(",\"sub\":\"99\"").replace("\"sub\":\"99\"", "\"sub\":\"2\"")
                                .replaceFirst(",\"sub\":\"2\"}$", ",\"sub\":\"99\"}"))),
                trick("exp as a string, validly signed", withSecret("{\"alg\":\"HS256\"}",
                        rootPayload("").replaceAll("\"exp\":(\\d+)", "\"exp\":\"$1\""))),
                trick("iat as a string, validly signed", withSecret("{\"alg\":\"HS256\"}",
                        rootPayload("").replaceAll("\"iat\":(\\d+)", "\"iat\":\"$1\""))),
                trick("exp as a fraction far in the future, validly signed", withSecret("{\"alg\":\"HS256\"}",
                        rootPayload("").replaceAll("\"exp\":(\\d+)", "\"exp\":1e400"))),
                trick("refresh token presented as access", withSecret("{\"alg\":\"HS256\"}",
                        rootPayload("").replace("\"token_type\":\"access\"", "\"token_type\":\"refresh\"")))),
                lenientSpellings(rootPayload("")));
    }

    static Stream<Arguments> lenientlySpelledRefreshTokens() {
        String payload = rootPayload("").replace("\"token_type\":\"access\"", "\"token_type\":\"refresh\"");
        String valid = withSecret("{\"alg\":\"HS256\"}", payload);
        return Stream.concat(lenientSpellings(payload), Stream.of(
                trick("signature with a space inside", valid.substring(0, valid.length() - 5) + " " + valid.substring(valid.length() - 5))));
    }

    private static String hs512(String payload) {
        String signingInput = b64("{\"alg\":\"HS512\"}") + "." + b64(payload);
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(GatewayHarness.JWT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tricks")
    void forgedOrAmbiguousTokenGets401AndReachesNoUpstream(String token) {
        HttpResponse<String> response = harness.send(port, "GET", "/admin/x", "Authorization", "Bearer " + token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isIn(TOKEN_NOT_VALID, SimpleJwtAnswers.bearerRefused(SimpleJwtAnswers.WRONG_TYPE));
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lenientlySpelledRefreshTokens")
    void lenientlySpelledTokenIsRefusedAtEveryTokenEndpoint(String refresh) {
        for (String endpoint : List.of("/auth/token/verify/", "/auth/token/refresh/", "/auth/token/blacklist/")) {
            String field = endpoint.endsWith("verify/") ? "token" : "refresh";
            HttpResponse<String> response = harness.postJson(port, endpoint, "{\"" + field + "\":\"" + refresh + "\"}");

            assertThat(response.statusCode()).as(endpoint).isEqualTo(401);
            // the token endpoints name the reason as SimpleJWT's do; authentication answers TOKEN_NOT_VALID
            assertThat(response.body()).as(endpoint)
                    .isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
        }
    }

    @Test
    void validlySignedTokenOver8KbIsRefusedByVerify() {
        String token = withSecret("{\"alg\":\"HS256\"}", rootPayload(",\"pad\":\"" + "x".repeat(9000) + "\""));

        HttpResponse<String> response = harness.postJson(port, "/auth/token/verify/", "{\"token\":\"" + token + "\"}");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(SimpleJwtAnswers.endpointRefused(SimpleJwtAnswers.INVALID_OR_EXPIRED));
    }

    @Test
    void tokenTooLargeForTheHeaderBlockIsRefusedByTheServerAndReachesNoUpstream() {
        String token = withSecret("{\"alg\":\"HS256\"}", rootPayload(",\"pad\":\"" + "x".repeat(9000) + "\""));

        assertThat(harness.send(port, "GET", "/admin/x", "Authorization", "Bearer " + token).statusCode()).isEqualTo(431);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void theSameHandMadeTokenWithoutTricksIsAccepted() {
        HttpResponse<String> response = harness.send(port, "GET", "/admin/x", "Authorization",
                "Bearer " + withSecret("{\"alg\":\"HS256\"}", rootPayload("")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(harness.upstream().findAll(anyRequestedFor(anyUrl())).get(0).getHeader("X-Auth-User-Id")).isEqualTo("99");
    }
}
