package io.portcullis.policy.token;

import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JwtVerifierTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final SigningKeys KEYS = SigningKeys.hmac(SECRET);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final long T0_SECONDS = T0.getEpochSecond();
    private static final User ALICE = new User("alice", "1",
            "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", List.of("editor"), false, true,
            Map.of("org", "acme"));
    private static final String VALID_HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static TokenSettings withIssuerAndAudience(String issuer, String audience) {
        TokenSettings d = TokenSettings.DEFAULTS;
        return new TokenSettings(d.algorithm(), d.accessLifetime(), d.refreshLifetime(), d.rotateRefreshTokens(),
                d.blacklistAfterRotation(), issuer, audience, d.leeway(), d.userClaims(), d.apiTokenLifetime(),
                d.cookies(), d.refreshReuseInterval());
    }

    private static String issue(TokenType type, Instant now) {
        return new JwtIssuer(KEYS, at(now)).issue(ALICE, type, TokenSettings.DEFAULTS);
    }

    private static String issue(TokenType type, TokenSettings settings) {
        return new JwtIssuer(KEYS, at(T0)).issue(ALICE, type, settings);
    }

    private static VerifiedToken verifyAt(Instant now, String token, TokenType expected) throws InvalidTokenException {
        return new JwtVerifier(KEYS, TokenSettings.DEFAULTS, at(now)).verify(token, expected);
    }

    private static InvalidTokenException refusal(JwtVerifier verifier, String token, TokenType expected) {
        InvalidTokenException error = catchThrowableOfType(InvalidTokenException.class,
                () -> verifier.verify(token, expected));
        assertThat(error).as("token must be refused").isNotNull();
        return error;
    }

    private static InvalidTokenException refusal(String token) {
        return refusal(new JwtVerifier(KEYS, TokenSettings.DEFAULTS, at(T0)), token, TokenType.ACCESS);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A token signed by hand, so that headers and algorithms the issuer never writes can be tried. */
    private static String handSigned(String header, String payload, String macAlgorithm, byte[] secret) {
        String signingInput = base64(header) + "." + base64(payload);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(secret, macAlgorithm));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String handSigned(String header, String payload) {
        return handSigned(header, payload, "HmacSHA256", SECRET.getBytes(StandardCharsets.UTF_8));
    }

    private static String accessPayload() {
        return "{\"token_type\":\"access\",\"jti\":\"j1\",\"sub\":\"1\",\"iss\":\"portcullis\",\"iat\":" + T0_SECONDS
                + ",\"exp\":" + (T0_SECONDS + 900) + "}";
    }

    // ---- round trips

    @Test
    void verifyWhenAccessTokenJustIssuedThenSubjectIsUserId() throws Exception {
        VerifiedToken token = verifyAt(T0, issue(TokenType.ACCESS, T0), TokenType.ACCESS);

        assertThat(token.subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenAccessTokenJustIssuedThenTimesAreIssuersTimes() throws Exception {
        VerifiedToken token = verifyAt(T0, issue(TokenType.ACCESS, T0), TokenType.ACCESS);

        assertThat(token.issuedAt()).isEqualTo(T0);
        assertThat(token.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void verifyWhenAccessTokenJustIssuedThenTypeAndJtiAndCredentialVersion() throws Exception {
        VerifiedToken token = verifyAt(T0, issue(TokenType.ACCESS, T0), TokenType.ACCESS);

        assertThat(token.type()).isEqualTo(TokenType.ACCESS);
        assertThat(token.jti()).matches("[0-9a-f]{32}");
        assertThat(token.credentialVersion()).isEqualTo(CredentialVersion.of(ALICE));
    }

    @Test
    void verifyWhenRefreshTokenJustIssuedThenLivesRefreshLifetime() throws Exception {
        VerifiedToken token = verifyAt(T0, issue(TokenType.REFRESH, T0), TokenType.REFRESH);

        assertThat(token.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(7)));
    }

    @Test
    void issueWhenCalledTwiceThenEachTokenHasItsOwnJti() throws Exception {
        VerifiedToken first = verifyAt(T0, issue(TokenType.ACCESS, T0), TokenType.ACCESS);
        VerifiedToken second = verifyAt(T0, issue(TokenType.ACCESS, T0), TokenType.ACCESS);

        assertThat(first.jti()).isNotEqualTo(second.jti());
    }

    @Test
    void verifyWhenAudienceConfiguredAndTokenCarriesItThenAccepted() throws Exception {
        TokenSettings settings = withIssuerAndAudience("portcullis", "legacy-apis");
        String token = issue(TokenType.ACCESS, settings);

        VerifiedToken verified = new JwtVerifier(KEYS, settings, at(T0)).verify(token, TokenType.ACCESS);

        assertThat(verified.subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenNoIssuerConfiguredAnywhereThenAccepted() throws Exception {
        TokenSettings settings = withIssuerAndAudience(null, null);
        String token = issue(TokenType.ACCESS, settings);

        VerifiedToken verified = new JwtVerifier(KEYS, settings, at(T0)).verify(token, TokenType.ACCESS);

        assertThat(verified.subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenHmacTokenHasAnyKidThenKidIsIgnored() throws Exception {
        String token = handSigned("{\"alg\":\"HS256\",\"kid\":\"../../etc/passwd\"}", accessPayload());

        assertThat(verifyAt(T0, token, TokenType.ACCESS).jti()).isEqualTo("j1");
    }

    @Test
    void verifyWhenHmacTokenHasNoKidThenAccepted() throws Exception {
        String token = handSigned(VALID_HEADER, accessPayload());

        assertThat(verifyAt(T0, token, TokenType.ACCESS).subject()).isEqualTo("1");
    }

    // ---- time

    @Test
    void verifyWhenExpiredBeyondLeewayThenTokenExpired() {
        String token = issue(TokenType.ACCESS, T0);
        JwtVerifier verifier = new JwtVerifier(KEYS, TokenSettings.DEFAULTS, at(T0.plus(Duration.ofMinutes(15)).plusSeconds(31)));

        assertThat(refusal(verifier, token, TokenType.ACCESS).reason()).isEqualTo("token_expired");
    }

    @Test
    void verifyWhenExpiredLongAgoThenTokenExpired() {
        String token = issue(TokenType.ACCESS, T0);
        JwtVerifier verifier = new JwtVerifier(KEYS, TokenSettings.DEFAULTS, at(T0.plus(Duration.ofDays(1))));

        assertThat(refusal(verifier, token, TokenType.ACCESS).reason()).isEqualTo("token_expired");
    }

    @Test
    void verifyWhenExpiredWithinLeewayThenAccepted() throws Exception {
        String token = issue(TokenType.ACCESS, T0);

        VerifiedToken verified = verifyAt(T0.plus(Duration.ofMinutes(15)).plusSeconds(29), token, TokenType.ACCESS);

        assertThat(verified.subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenIssuedInTheFutureBeyondLeewayThenRefused() {
        String token = issue(TokenType.ACCESS, T0.plusSeconds(31));

        assertThat(refusal(token).reason()).isEqualTo("token_issued_in_future");
    }

    @Test
    void verifyWhenIssuedInTheFutureWithinLeewayThenAccepted() throws Exception {
        String token = issue(TokenType.ACCESS, T0.plusSeconds(29));

        assertThat(verifyAt(T0, token, TokenType.ACCESS).subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenNotBeforeInTheFutureThenNotYetValid() {
        String token = handSigned(VALID_HEADER, accessPayload().replace("}", ",\"nbf\":" + (T0_SECONDS + 600) + "}"));

        assertThat(refusal(token).reason()).isEqualTo("token_not_yet_valid");
    }

    @Test
    void verifyWhenLeewayZeroThenOneSecondPastExpiryRefused() {
        TokenSettings d = TokenSettings.DEFAULTS;
        TokenSettings strict = new TokenSettings(d.algorithm(), d.accessLifetime(), d.refreshLifetime(),
                d.rotateRefreshTokens(), d.blacklistAfterRotation(), d.issuer(), d.audience(), Duration.ZERO,
                d.userClaims(), d.apiTokenLifetime(), d.cookies(), d.refreshReuseInterval());
        String token = issue(TokenType.ACCESS, T0);
        JwtVerifier verifier = new JwtVerifier(KEYS, strict, at(T0.plus(Duration.ofMinutes(15)).plusSeconds(1)));

        assertThat(refusal(verifier, token, TokenType.ACCESS).reason()).isEqualTo("token_expired");
    }

    // ---- type

    @Test
    void verifyWhenRefreshTokenUsedAsAccessTokenThenWrongType() {
        String token = issue(TokenType.REFRESH, T0);

        assertThat(refusal(token).reason()).isEqualTo("token_wrong_type");
    }

    @Test
    void verifyWhenAccessTokenUsedAsRefreshTokenThenWrongType() {
        String token = issue(TokenType.ACCESS, T0);
        JwtVerifier verifier = new JwtVerifier(KEYS, TokenSettings.DEFAULTS, at(T0));

        assertThat(refusal(verifier, token, TokenType.REFRESH).reason()).isEqualTo("token_wrong_type");
    }

    @Test
    void verifyWhenTokenTypeMissingThenWrongType() {
        String token = handSigned(VALID_HEADER, accessPayload().replace("\"token_type\":\"access\",", ""));

        assertThat(refusal(token).reason()).isEqualTo("token_wrong_type");
    }

    // ---- signature and algorithm

    @Test
    void verifyWhenPayloadTamperedThenBadSignature() {
        String[] parts = issue(TokenType.ACCESS, T0).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = parts[0] + "." + base64(payload.replace("\"sub\":\"1\"", "\"sub\":\"2\"")) + "." + parts[2];

        assertThat(refusal(forged).reason()).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenSignatureRemovedThenRefused() {
        String token = issue(TokenType.ACCESS, T0);
        String unsigned = token.substring(0, token.lastIndexOf('.') + 1);

        assertThat(refusal(unsigned).reason()).isEqualTo("token_malformed");
    }

    @Test
    void verifyWhenSignedWithAnotherKeyThenBadSignature() {
        String token = new JwtIssuer(SigningKeys.hmac("another-secret-of-thirty-two-b!!"), at(T0))
                .issue(ALICE, TokenType.ACCESS, TokenSettings.DEFAULTS);

        assertThat(refusal(token).reason()).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenSignedWithEphemeralKeyOfAnotherProcessThenBadSignature() {
        String token = new JwtIssuer(SigningKeys.ephemeral(), at(T0)).issue(ALICE, TokenType.ACCESS, TokenSettings.DEFAULTS);

        assertThat(refusal(token).reason()).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenAlgNoneWithoutSignatureThenRefused() {
        String token = base64("{\"alg\":\"none\"}") + "." + base64(accessPayload()) + ".";

        assertThat(refusal(token).reason()).isEqualTo("token_rejected");
    }

    @Test
    void verifyWhenAlgNoneWithValidLookingSignatureThenRefused() {
        String signed = handSigned(VALID_HEADER, accessPayload());
        String token = base64("{\"alg\":\"none\"}") + "." + base64(accessPayload()) + signed.substring(signed.lastIndexOf('.'));

        assertThat(refusal(token).reason()).isEqualTo("token_rejected");
    }

    @Test
    void verifyWhenUnsecuredTokenWithoutSignaturePartThenRefused() {
        String token = base64("{\"alg\":\"none\"}") + "." + base64(accessPayload());

        assertThat(refusal(token).reason()).isEqualTo("token_malformed");
    }

    @Test
    void verifyWhenSignedWithHs512AndTheSameSecretThenBadSignature() {
        String token = handSigned("{\"alg\":\"HS512\"}", accessPayload(), "HmacSHA512",
                SECRET.getBytes(StandardCharsets.UTF_8));

        assertThat(refusal(token).reason()).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenSignedWithHs384AndTheSameSecretThenBadSignature() {
        String token = handSigned("{\"alg\":\"HS384\"}", accessPayload(), "HmacSHA384",
                SECRET.getBytes(StandardCharsets.UTF_8));

        assertThat(refusal(token).reason()).isEqualTo("token_bad_signature");
    }

    @Test
    void verifyWhenHeaderClaimsRs256ButHmacSignedThenBadSignature() {
        String token = handSigned("{\"alg\":\"RS256\"}", accessPayload());

        assertThat(refusal(token).reason()).isEqualTo("token_bad_signature");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"alg\":\"HS256\",\"jku\":\"https://evil.example/jwks.json\"}",
            "{\"alg\":\"HS256\",\"x5u\":\"https://evil.example/cert.pem\"}",
            "{\"alg\":\"HS256\",\"x5c\":[\"MIIBszCCAVmgAwIBAgIUa\"]}",
            "{\"alg\":\"HS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY\"}}",
            "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}"})
    void verifyWhenHeaderPointsAtAKeyThenRefusedEvenWithAValidSignature(String header) {
        String token = handSigned(header, accessPayload());

        assertThat(refusal(token).reason()).isIn("token_bad_signature", "token_malformed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jku", "x5u"})
    void verifyWhenKeyUrlHeaderPresentThenBadSignature(String name) {
        String token = handSigned("{\"alg\":\"HS256\",\"" + name + "\":\"https://evil.example/keys\"}", accessPayload());

        assertThat(refusal(token).reason()).isEqualTo("token_bad_signature");
    }

    // ---- issuer and audience

    @Test
    void verifyWhenIssuerDiffersThenWrongIssuer() {
        String token = issue(TokenType.ACCESS, withIssuerAndAudience("someone-else", null));

        assertThat(refusal(token).reason()).isEqualTo("token_wrong_iss");
    }

    @Test
    void verifyWhenIssuerConfiguredAndTokenHasNoneThenWrongIssuer() {
        String token = issue(TokenType.ACCESS, withIssuerAndAudience(null, null));

        assertThat(refusal(token).reason()).isEqualTo("token_wrong_iss");
    }

    @Test
    void verifyWhenAudienceConfiguredAndTokenHasAnotherThenWrongAudience() {
        String token = issue(TokenType.ACCESS, withIssuerAndAudience("portcullis", "other-apis"));
        JwtVerifier verifier = new JwtVerifier(KEYS, withIssuerAndAudience("portcullis", "legacy-apis"), at(T0));

        assertThat(refusal(verifier, token, TokenType.ACCESS).reason()).isEqualTo("token_wrong_aud");
    }

    @Test
    void verifyWhenAudienceConfiguredAndTokenHasNoneThenWrongAudience() {
        String token = issue(TokenType.ACCESS, T0);
        JwtVerifier verifier = new JwtVerifier(KEYS, withIssuerAndAudience("portcullis", "legacy-apis"), at(T0));

        assertThat(refusal(verifier, token, TokenType.ACCESS).reason()).isEqualTo("token_wrong_aud");
    }

    // ---- shape

    @Test
    void verifyWhenLongerThanLimitThenTooLongBeforeParsing() {
        String token = "a".repeat(JwtVerifier.MAX_TOKEN_LENGTH + 1);

        assertThat(refusal(token).reason()).isEqualTo("token_too_long");
    }

    @Test
    void verifyWhenValidlySignedButLongerThanLimitThenTooLong() {
        String token = handSigned(VALID_HEADER, accessPayload().replace("}", ",\"pad\":\"" + "x".repeat(9000) + "\"}"));

        assertThat(refusal(token).reason()).isEqualTo("token_too_long");
    }

    /** Signs the signing input exactly as spelled (padded or not), as a lenient issuer would. */
    private static String signedAsSpelled(String header, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String signingInput = header + "." + payload;
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The payload, padded: a member of the right length makes its base64url end in "==". */
    private static String paddedPayload() {
        String payload = accessPayload().replace("}", ",\"p\":\"x\"}");
        while (payload.getBytes(StandardCharsets.UTF_8).length % 3 != 1) {
            payload = payload.replace("\"p\":\"", "\"p\":\"x");
        }
        return Base64.getUrlEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    }

    /** One more than the canonical value in the bits beyond the data: the same bytes to a lenient decoder. */
    private static String nonCanonicalLast(String segment) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = segment.charAt(segment.length() - 1);
        return segment.substring(0, segment.length() - 1) + alphabet.charAt(alphabet.indexOf(last) + 1);
    }

    static Stream<Arguments> lenientSpellings() {
        String valid = handSigned(VALID_HEADER, accessPayload());
        String[] parts = valid.split("\\.");
        String paddedHeader = Base64.getUrlEncoder().encodeToString("{\"alg\":\"HS256\"} ".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                spelling("signature with '=' padding", valid + "="),
                spelling("signature with '==' padding", valid + "=="),
                spelling("payload with '=' padding, validly signed", signedAsSpelled(parts[0], paddedPayload())),
                spelling("header with '=' padding, validly signed", signedAsSpelled(paddedHeader, parts[1])),
                spelling("payload in the '+' '/' alphabet, validly signed", signedAsSpelled(parts[0],
                        Base64.getEncoder().withoutPadding().encodeToString(
                                accessPayload().replace("}", ",\"p\":\"~~~???\"}").getBytes(StandardCharsets.UTF_8)))),
                spelling("signature with a space inside", parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + " "
                        + parts[2].substring(10)),
                spelling("payload with a line break inside", parts[0] + "." + parts[1].substring(0, 8) + "\n"
                        + parts[1].substring(8) + "." + parts[2]),
                spelling("trailing space", valid + " "),
                spelling("leading tab", "\t" + valid),
                spelling("signature whose unused last bits are set", parts[0] + "." + parts[1] + "." + nonCanonicalLast(parts[2])),
                spelling("a fourth segment", valid + ".e30"));
    }

    private static Arguments spelling(String name, String token) {
        return Arguments.of(Named.of(name, token));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lenientSpellings")
    void verifyWhenNotStrictUnpaddedBase64UrlThenMalformed(String token) {
        assertThat(refusal(token).reason()).isEqualTo("token_malformed");
    }

    @Test
    void verifyWhenStrictSpellingOfTheSameTokenThenAccepted() throws Exception {
        assertThat(verifyAt(T0, handSigned(VALID_HEADER, accessPayload()), TokenType.ACCESS).subject()).isEqualTo("1");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..", "eyJ.eyJ.eyJ"})
    void verifyWhenNotAJwtThenRefused(String token) {
        assertThat(refusal(token).reason()).isIn("token_malformed", "token_rejected", "token_bad_signature");
    }

    @Test
    void verifyWhenJtiMissingThenMissingClaim() {
        String token = handSigned(VALID_HEADER, accessPayload().replace("\"jti\":\"j1\",", ""));

        assertThat(refusal(token).reason()).isEqualTo("token_missing_claim");
    }

    @Test
    void verifyWhenSubjectMissingThenMissingClaim() {
        String token = handSigned(VALID_HEADER, accessPayload().replace("\"sub\":\"1\",", ""));

        assertThat(refusal(token).reason()).isEqualTo("token_missing_claim");
    }

    @Test
    void verifyWhenIssuedAtMissingThenMissingClaim() {
        String token = handSigned(VALID_HEADER, accessPayload().replace("\"iat\":" + T0_SECONDS + ",", ""));

        assertThat(refusal(token).reason()).isEqualTo("token_missing_claim");
    }

    @Test
    void verifyWhenExpiryMissingThenMissingClaim() {
        String token = handSigned(VALID_HEADER, accessPayload().replace(",\"exp\":" + (T0_SECONDS + 900), ""));

        assertThat(refusal(token).reason()).isEqualTo("token_missing_claim");
    }

    @Test
    void refusalWhenThrownThenMessageIsOnlyTheReason() {
        String token = issue(TokenType.REFRESH, T0);

        assertThat(refusal(token)).hasMessage("token_wrong_type");
    }
}
