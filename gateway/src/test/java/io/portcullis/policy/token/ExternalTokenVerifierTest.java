package io.portcullis.policy.token;

import io.jsonwebtoken.Jwts;
import io.portcullis.policy.model.Issuer;
import io.portcullis.policy.model.Issuer.ClaimNames;
import io.portcullis.policy.model.Issuer.Identities;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.portcullis.policy.token.ExternalTokenMint.sign;
import static io.portcullis.policy.token.ExternalTokenMint.simpleJwtClaims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One issuer's verifier: its algorithms and keys alone, and the claims DESIGN.md "External token issuers" checks. */
class ExternalTokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String SECRET = "a-django-signing-key-of-at-least-32-bytes";
    private static final SecretKeySpec HMAC = new SecretKeySpec(SECRET.getBytes(), "HmacSHA256");
    private static final KeyPair RSA = TestKeys.rsa(2048);
    private static final KeyPair OTHER_RSA = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");
    private static final String SSO_ISS = "https://sso.example.com";

    private static final Issuer DJANGO = new Issuer("django", null, List.of("HS256"), "KEY", null, false, false, null,
            null, "user_id", Identities.LOCAL, null);
    private static final Issuer SSO = new Issuer("sso", SSO_ISS, List.of("RS256", "ES256", "PS256"), null, null, true,
            false, null, "legacy-apis", "sub", Identities.CLAIMS, ClaimNames.NONE);

    private final MovableClock clock = new MovableClock(NOW);
    private final TestIssuerKeys ssoKeys = new TestIssuerKeys("sso").with("k1", "RS256", RSA.getPublic())
            .with("e1", "ES256", EC.getPublic()).with("p1", "PS256", RSA.getPublic());
    private final ExternalTokenVerifier django = new ExternalTokenVerifier(DJANGO, new SecretIssuerKeys(SECRET),
            Duration.ofSeconds(30), clock);
    private final ExternalTokenVerifier sso = new ExternalTokenVerifier(SSO, ssoKeys, Duration.ofSeconds(30), clock);

    private static Map<String, Object> ssoClaims() {
        return Map.of("iss", SSO_ISS, "sub", "u-42", "aud", "legacy-apis", "exp", NOW.plusSeconds(300).getEpochSecond(),
                "iat", NOW.getEpochSecond());
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(claims);
        if (value == null) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return copy;
    }

    private static String djangoToken(Map<String, Object> claims) {
        return sign(claims, null, HMAC, Jwts.SIG.HS256);
    }

    private static String reason(ExternalTokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return "accepted";
        } catch (InvalidTokenException e) {
            return e.reason();
        } catch (IssuerUnavailableException e) {
            return "unavailable";
        }
    }

    @Test
    void verifyWhenSimpleJwtIntegerUserIdThenItsDecimalString() throws Exception {
        ExternalToken token = django.verify(djangoToken(simpleJwtClaims(NOW, 1)));

        assertThat(token.userId()).isEqualTo("1");
        assertThat(token.issuerId()).isEqualTo("django");
    }

    @Test
    void verifyWhenUserIdIsAStringThenAsIs() throws Exception {
        assertThat(django.verify(djangoToken(simpleJwtClaims(NOW, "alice"))).userId()).isEqualTo("alice");
    }

    @Test
    void verifyWhenUserIdIsBeyondLongThenItsDecimalString() throws Exception {
        BigInteger big = new BigInteger("123456789012345678901234567890");

        assertThat(django.verify(djangoToken(simpleJwtClaims(NOW, big))).userId()).isEqualTo(big.toString());
    }

    @Test
    void verifyWhenIntegerSubIsTheUserClaimThenItsDecimalString() throws Exception {
        Issuer bySub = new Issuer("django", "https://django.example", List.of("HS256"), "KEY", null, false, false, null,
                null, "sub", Identities.LOCAL, null);
        ExternalTokenVerifier verifier = new ExternalTokenVerifier(bySub, new SecretIssuerKeys(SECRET),
                Duration.ofSeconds(30), clock);
        Map<String, Object> claims = with(with(simpleJwtClaims(NOW, null), "sub", 7), "iss", "https://django.example");

        assertThat(verifier.verify(djangoToken(claims)).userId()).isEqualTo("7");
    }

    @Test
    void verifyWhenUserIdIsAFloatThenRefused() {
        assertThat(reason(django, djangoToken(simpleJwtClaims(NOW, 1.0)))).isEqualTo("token_no_user_id");
    }

    @Test
    void verifyWhenUserIdIsABooleanThenRefused() {
        assertThat(reason(django, djangoToken(simpleJwtClaims(NOW, true)))).isEqualTo("token_no_user_id");
    }

    @Test
    void verifyWhenUserIdIsAnObjectThenRefused() {
        assertThat(reason(django, djangoToken(simpleJwtClaims(NOW, Map.of("id", 1))))).isEqualTo("token_no_user_id");
    }

    @Test
    void verifyWhenUserIdIsMissingThenRefused() {
        assertThat(reason(django, djangoToken(simpleJwtClaims(NOW, null)))).isEqualTo("token_no_user_id");
    }

    @Test
    void verifyWhenFloatSubThenRefused() {
        Map<String, Object> claims = with(simpleJwtClaims(NOW, 1), "sub", 7.5);

        assertThat(reason(django, djangoToken(claims))).isEqualTo("token_malformed");
    }

    @Test
    void verifyWhenTokenTypeIsRefreshThenRefused() {
        assertThat(reason(django, djangoToken(with(simpleJwtClaims(NOW, 1), "token_type", "refresh"))))
                .isEqualTo("token_wrong_type");
    }

    @Test
    void verifyWhenNoTokenTypeThenAccepted() {
        assertThat(reason(django, djangoToken(with(simpleJwtClaims(NOW, 1), "token_type", null)))).isEqualTo("accepted");
    }

    @Test
    void verifyWhenNoExpThenRefused() {
        assertThat(reason(django, djangoToken(with(simpleJwtClaims(NOW, 1), "exp", null)))).isEqualTo("token_missing_claim");
    }

    @Test
    void verifyWhenExpiredBeyondLeewayThenRefused() {
        String token = djangoToken(simpleJwtClaims(NOW, 1));
        clock.advance(Duration.ofSeconds(331));

        assertThat(reason(django, token)).isEqualTo("token_expired");
    }

    @Test
    void verifyWhenCachedTokenExpiresThenRefused() throws Exception {
        String token = djangoToken(simpleJwtClaims(NOW, 1));
        django.verify(token);
        clock.advance(Duration.ofSeconds(331));

        assertThat(reason(django, token)).isEqualTo("token_expired");
    }

    @Test
    void verifyWhenExpiredWithinLeewayThenAccepted() {
        String token = djangoToken(simpleJwtClaims(NOW, 1));
        clock.advance(Duration.ofSeconds(320));

        assertThat(reason(django, token)).isEqualTo("accepted");
    }

    @Test
    void verifyWhenNotBeforeIsLaterThanLeewayThenRefused() {
        Map<String, Object> claims = with(simpleJwtClaims(NOW, 1), "nbf", NOW.plusSeconds(60).getEpochSecond());

        assertThat(reason(django, djangoToken(claims))).isEqualTo("token_not_yet_valid");
    }

    @Test
    void verifyWhenIssuedInTheFutureBeyondLeewayThenRefused() {
        Map<String, Object> claims = with(simpleJwtClaims(NOW, 1), "iat", NOW.plusSeconds(60).getEpochSecond());

        assertThat(reason(django, djangoToken(claims))).isEqualTo("token_issued_in_future");
    }

    @Test
    void verifyWhenIssuedWithinLeewayAheadThenAccepted() {
        Map<String, Object> claims = with(simpleJwtClaims(NOW, 1), "iat", NOW.plusSeconds(20).getEpochSecond());

        assertThat(reason(django, djangoToken(claims))).isEqualTo("accepted");
    }

    @Test
    void verifyWhenExpIsAStringThenRefused() {
        Map<String, Object> claims = with(simpleJwtClaims(NOW, 1), "exp", "1999999999");

        assertThat(reason(django, djangoToken(claims))).isNotEqualTo("accepted");
    }

    @Test
    void verifyWhenSignedWithAnotherSecretThenRefused() {
        SecretKeySpec other = new SecretKeySpec("another-signing-key-of-at-least-32-bytes".getBytes(), "HmacSHA256");

        assertThat(reason(django, sign(simpleJwtClaims(NOW, 1), null, other, Jwts.SIG.HS256)))
                .isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenIssDiffersFromTheIssuersThenRefused() {
        assertThat(reason(django, djangoToken(with(simpleJwtClaims(NOW, 1), "iss", "https://elsewhere"))))
                .isEqualTo("token_wrong_iss");
    }

    @Test
    void verifyWhenRs256ThenAccepted() throws Exception {
        ExternalToken token = sso.verify(sign(ssoClaims(), "k1", RSA.getPrivate(), Jwts.SIG.RS256));

        assertThat(token.userId()).isEqualTo("u-42");
        assertThat(token.claims()).containsEntry("aud", java.util.Set.of("legacy-apis"));
    }

    @Test
    void verifyWhenEs256ThenAccepted() {
        assertThat(reason(sso, sign(ssoClaims(), "e1", EC.getPrivate(), Jwts.SIG.ES256))).isEqualTo("accepted");
    }

    @Test
    void verifyWhenPs256ThenAccepted() {
        assertThat(reason(sso, sign(ssoClaims(), "p1", RSA.getPrivate(), Jwts.SIG.PS256))).isEqualTo("accepted");
    }

    @Test
    void verifyWhenAudienceIsAnotherThenRefused() {
        String token = sign(with(ssoClaims(), "aud", "other-apis"), "k1", RSA.getPrivate(), Jwts.SIG.RS256);

        assertThat(reason(sso, token)).isEqualTo("token_wrong_aud");
    }

    @Test
    void verifyWhenAudienceListIncludesOursThenAccepted() {
        String token = sign(with(ssoClaims(), "aud", List.of("x", "legacy-apis")), "k1", RSA.getPrivate(), Jwts.SIG.RS256);

        assertThat(reason(sso, token)).isEqualTo("accepted");
    }

    @Test
    void verifyWhenAudienceMissingThenRefused() {
        String token = sign(with(ssoClaims(), "aud", null), "k1", RSA.getPrivate(), Jwts.SIG.RS256);

        assertThat(reason(sso, token)).isEqualTo("token_wrong_aud");
    }

    @Test
    void verifyWhenHs256TokenCarriesTheRsaIssuersIssThenRefused() {
        SecretKeySpec publicKeyAsSecret = new SecretKeySpec(RSA.getPublic().getEncoded(), "HmacSHA256");
        String token = sign(ssoClaims(), "k1", publicKeyAsSecret, Jwts.SIG.HS256);

        assertThat(reason(sso, token)).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenAlgorithmNotListedThenRefused() {
        String token = sign(ssoClaims(), "k1", RSA.getPrivate(), Jwts.SIG.RS512);

        assertThat(reason(sso, token)).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenKeySourceHandsAPublicKeyForHs256ThenNeverUsedAsSecret() {
        Issuer hmacIssuer = new Issuer("mixed", SSO_ISS, List.of("HS256"), "KEY", null, false, false, null, null,
                "sub", Identities.CLAIMS, null);
        TestIssuerKeys confused = new TestIssuerKeys("mixed").with("k1", "HS256", RSA.getPublic());
        ExternalTokenVerifier verifier = new ExternalTokenVerifier(hmacIssuer, confused, Duration.ofSeconds(30), clock);
        SecretKeySpec publicKeyAsSecret = new SecretKeySpec(RSA.getPublic().getEncoded(), "HmacSHA256");

        assertThat(reason(verifier, sign(with(ssoClaims(), "aud", null), "k1", publicKeyAsSecret, Jwts.SIG.HS256)))
                .isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenKidIsAnotherIssuersThenUnknownKid() {
        String token = sign(ssoClaims(), "other-issuers-kid", OTHER_RSA.getPrivate(), Jwts.SIG.RS256);

        assertThat(reason(sso, token)).isEqualTo(ExternalTokenVerifier.UNKNOWN_KID);
    }

    @Test
    void verifyWhenKidNamesAKeyOfAnotherAlgorithmThenUnknownKid() {
        String token = sign(ssoClaims(), "e1", RSA.getPrivate(), Jwts.SIG.RS256);

        assertThat(reason(sso, token)).isEqualTo(ExternalTokenVerifier.UNKNOWN_KID);
    }

    @Test
    void verifyWhenSignedByAnotherKeyUnderAKnownKidThenRefused() {
        String token = sign(ssoClaims(), "k1", OTHER_RSA.getPrivate(), Jwts.SIG.RS256);

        assertThat(reason(sso, token)).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenRawHeaderIsPlainThenAccepted() {
        String token = ExternalTokenMint.rs256(Map.of("alg", "RS256", "kid", "k1"), ssoClaims(), RSA.getPrivate());

        assertThat(reason(sso, token)).isEqualTo("accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u", "jwk", "x5c", "crit"})
    void verifyWhenHeaderPointsElsewhereThenRefused(String header) {
        Object value = switch (header) {
            case "jku", "x5u" -> "https://attacker.example/keys";
            case "jwk" -> Map.of("kty", "oct", "k", "c2VjcmV0");
            default -> List.of("exp");
        };
        String token = ExternalTokenMint.rs256(Map.of("alg", "RS256", "kid", "k1", header, value), ssoClaims(),
                RSA.getPrivate());

        assertThat(reason(sso, token)).isNotEqualTo("accepted");
    }

    @Test
    void verifyWhenUnsignedThenRefused() {
        String unsigned = Jwts.builder().claims(ssoClaims()).compact();

        assertThat(reason(sso, unsigned)).isNotEqualTo("accepted");
    }

    @Test
    void verifyWhenKeysNeverFetchedThenUnavailable() {
        ssoKeys.unavailable();

        assertThat(reason(sso, sign(ssoClaims(), "k1", RSA.getPrivate(), Jwts.SIG.RS256))).isEqualTo("unavailable");
    }

    @Test
    void verifyWhenCachedTokensKeyIsRemovedThenRefused() throws Exception {
        String token = sign(ssoClaims(), "k1", RSA.getPrivate(), Jwts.SIG.RS256);
        sso.verify(token);
        ssoKeys.remove("k1");

        assertThat(reason(sso, token)).isEqualTo(ExternalTokenVerifier.UNKNOWN_KID);
    }

    @Test
    void verifyWhenAnotherIssuersVerifierGetsTheTokenThenRefused() throws Exception {
        String token = djangoToken(simpleJwtClaims(NOW, 1));
        django.verify(token);

        assertThat(reason(sso, token)).isNotEqualTo("accepted");
    }

    @Test
    void toStringNeverPrintsClaims() throws Exception {
        ExternalToken token = django.verify(djangoToken(with(simpleJwtClaims(NOW, 1), "email", "a@example.com")));

        assertThat(token.toString()).doesNotContain("a@example.com");
    }
}
