package io.portcullis.policy.decide;

import io.jsonwebtoken.Jwts;
import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.model.Policy;
import io.portcullis.policy.model.Users;
import io.portcullis.policy.parse.EnvironmentVariables;
import io.portcullis.policy.parse.PolicyReader;
import io.portcullis.policy.parse.Problem;
import io.portcullis.policy.parse.UsersReader;
import io.portcullis.policy.token.ExternalTokenMint;
import io.portcullis.policy.token.JwtIssuer;
import io.portcullis.policy.token.SigningKeys;
import io.portcullis.policy.token.TestKeys;
import io.portcullis.policy.token.TokenType;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code explain --token}: which issuer a token goes to, whether it passes, and as whom; the gateway's rules. */
class TokenExplainerTest {

    private static final String SECRET = "a-django-signing-key-of-at-least-32-bytes";
    private static final String OWN_SECRET = "the-gateways-own-secret-0123456789-abcdef";
    private static final EnvironmentVariables ENV = Map.of("DJANGO_JWT_SIGNING_KEY", SECRET)::get;
    private static final Clock CLOCK = Clock.systemUTC();
    private static final PolicySnapshot SNAPSHOT = snapshot();

    private static PolicySnapshot snapshot() {
        List<Problem> problems = new ArrayList<>();
        Policy policy = PolicyReader.read("policy.yaml", """
                version: 1
                routes:
                  - id: users
                    path: /api/users/{id}/**
                    upstream: http://legacy:8080
                    permission: IsOwner(id)
                issuers:
                  - id: django
                    issuer: null
                    algorithms: [HS256]
                    secret_env: DJANGO_JWT_SIGNING_KEY
                    user_claim: user_id
                  - id: sso
                    issuer: https://sso.example.com
                    discovery: true
                    algorithms: [RS256]
                    user_claim: sub
                    users: claims
                """, problems, ENV).orElseThrow();
        Users users = UsersReader.read("users.yaml", """
                users:
                  - username: alice
                    id: "1"
                    password: "{bcrypt}$2a$10$a4BDQajU6PwPPLAv1I5XOec4/TQWWCH/91wpHf1wXBn4bL5D6m8oW"
                  - username: carol
                    id: "3"
                    password: "{bcrypt}$2a$10$hfZDZ/iNLypw6yp.Y7PXqOPh7aMUT0Gvo8JHyyCasnB2ui5xUbvjS"
                    active: false
                """, problems).orElseThrow();
        assertThat(problems).isEmpty();
        return PolicySnapshot.of(policy, users);
    }

    private static String django(Object userId) {
        return ExternalTokenMint.sign(ExternalTokenMint.simpleJwtClaims(Instant.now(), userId), null,
                new SecretKeySpec(SECRET.getBytes(), "HmacSHA256"), Jwts.SIG.HS256);
    }

    private static Explanation explain(String path, String token, SigningKeys ownKeys) {
        return Explainer.explain(SNAPSHOT, "GET", path, steps -> TokenExplainer.who(SNAPSHOT, token, ownKeys, ENV, CLOCK, steps));
    }

    @Test
    void explainWhenSimpleJwtTokenThenIssuerUserAndAnswer() {
        Explanation explanation = explain("/api/users/1/x", django(1), null);

        assertThat(explanation.status()).isEqualTo(200);
        assertThat(explanation.steps()).contains("issuer  django (iss none, HS256)", "user    alice (id 1, roles [], admin false)");
    }

    @Test
    void explainWhenExternalUserUnknownThen401UserNotFound() {
        Explanation explanation = explain("/api/users/1/x", django(404), null);

        assertThat(explanation.status()).isEqualTo(401);
        assertThat(explanation.reason()).isEqualTo("user_not_found");
    }

    @Test
    void explainWhenExternalUserInactiveThen401UserInactive() {
        assertThat(explain("/api/users/3/x", django(3), null).reason()).isEqualTo("user_inactive");
    }

    @Test
    void explainWhenSignedWithAnotherSecretThenRefusedWithTheReason() {
        String forged = ExternalTokenMint.sign(ExternalTokenMint.simpleJwtClaims(Instant.now(), 1), null,
                new SecretKeySpec(OWN_SECRET.getBytes(), "HmacSHA256"), Jwts.SIG.HS256);

        Explanation explanation = explain("/api/users/1/x", forged, null);

        assertThat(explanation.status()).isEqualTo(401);
        assertThat(explanation.steps()).contains("token   refused: token_bad_signature");
    }

    @Test
    void explainWhenIssNamesNoIssuerThenRefusedBeforeVerification() {
        Map<String, Object> claims = new java.util.HashMap<>(ExternalTokenMint.simpleJwtClaims(Instant.now(), 1));
        claims.put("iss", "https://elsewhere.example");
        String token = ExternalTokenMint.sign(claims, null, new SecretKeySpec(SECRET.getBytes(), "HmacSHA256"),
                Jwts.SIG.HS256);

        assertThat(explain("/api/users/1/x", token, null).reason()).isEqualTo("token_unknown_issuer");
    }

    @Test
    void explainWhenPublicKeyIssuerThenNamedButNotCheckedOffline() {
        Map<String, Object> claims = new java.util.HashMap<>(ExternalTokenMint.simpleJwtClaims(Instant.now(), 1));
        claims.put("iss", "https://sso.example.com");
        String token = ExternalTokenMint.sign(claims, "k1", TestKeys.rsa(2048).getPrivate(), Jwts.SIG.RS256);

        Explanation explanation = explain("/api/users/1/x", token, null);

        assertThat(explanation.status()).isZero();
        assertThat(explanation.steps()).contains("issuer  sso (iss https://sso.example.com, RS256)");
    }

    @Test
    void explainWhenOwnTokenAndKeysAtHandThenAcceptedAsPortcullis() {
        SigningKeys keys = SigningKeys.hmac(OWN_SECRET);
        String token = new JwtIssuer(keys, CLOCK).issue(SNAPSHOT.users().byId("1").orElseThrow(), TokenType.ACCESS,
                SNAPSHOT.policy().tokens());

        Explanation explanation = explain("/api/users/1/x", token, keys);

        assertThat(explanation.status()).isEqualTo(200);
        assertThat(explanation.steps()).contains("issuer  portcullis (the gateway's own tokens)");
    }

    @Test
    void explainWhenOwnTokenWithoutKeysThenNotChecked() {
        SigningKeys keys = SigningKeys.hmac(OWN_SECRET);
        String token = new JwtIssuer(keys, CLOCK).issue(SNAPSHOT.users().byId("1").orElseThrow(), TokenType.ACCESS,
                SNAPSHOT.policy().tokens());

        assertThat(explain("/api/users/1/x", token, null).reason()).isEqualTo("not_checked_offline");
    }
}
