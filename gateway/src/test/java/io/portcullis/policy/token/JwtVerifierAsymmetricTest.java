package io.portcullis.policy.token;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RS256/ES256 tokens: rotation, kid as a lookup key only, and no algorithm confusion (RFC 8725 section 2.1). */
class JwtVerifierAsymmetricTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final User ALICE = new User("alice", "1", "{bcrypt}x", List.of(), false, true, Map.of());
    private static final KeyPair OLD = TestKeys.rsa(2048);
    private static final KeyPair NEW = TestKeys.rsa(2048);
    private static final KeyPair EC = TestKeys.ec("secp256r1");
    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private SigningKeys rotated() {
        TestKeys.write(dir, "2024-01", TestKeys.pkcs8(OLD));
        TestKeys.write(dir, "2025-06", TestKeys.pkcs1(NEW));
        return SigningKeys.fromDirectory(dir, "RS256");
    }

    private static String issue(SigningKeys keys) {
        return new JwtIssuer(keys, CLOCK).issue(ALICE, TokenType.ACCESS, TokenSettings.DEFAULTS);
    }

    private static VerifiedToken verify(SigningKeys keys, String token) throws InvalidTokenException {
        return new JwtVerifier(keys, TokenSettings.DEFAULTS, CLOCK).verify(token, TokenType.ACCESS);
    }

    /** A well-formed access token for ALICE with the given {@code kid} header, not yet signed. */
    private static JwtBuilder claims(String kid) {
        return Jwts.builder().header().keyId(kid).and()
                .claim("token_type", "access").id("j1").subject("1").issuer("portcullis")
                .issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(60)));
    }

    private static String forged(String kid, PrivateKey key) {
        return claims(kid).signWith(key, Jwts.SIG.RS256).compact();
    }

    private static String forgedHs256(String kid, byte[] secret) {
        return claims(kid).signWith(Keys.hmacShaKeyFor(secret), Jwts.SIG.HS256).compact();
    }

    @Test
    void verifyWhenTokenOfNewestKeyThenAccepted() throws InvalidTokenException {
        SigningKeys keys = rotated();

        String token = issue(keys);

        assertThat(Jwts.parser().verifyWith(NEW.getPublic()).clock(() -> Date.from(NOW)).build().parseSignedClaims(token).getHeader().getKeyId())
                .isEqualTo("2025-06");
        assertThat(verify(keys, token).subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenTokenOfOlderKeyThenStillAccepted() throws InvalidTokenException {
        TestKeys.write(dir, "2024-01", TestKeys.pkcs8(OLD));
        String token = issue(SigningKeys.fromDirectory(dir, "RS256"));

        assertThat(verify(rotated(), token).subject()).isEqualTo("1");
    }

    @ParameterizedTest(name = "RSA {0} bits")
    @ValueSource(ints = {3072, 4096})
    void issueWhenRsaKeyLargerThan2048BitsThenStillRs256(int bits) throws InvalidTokenException {
        TestKeys.write(dir, "big", TestKeys.pkcs8(TestKeys.rsa(bits)));
        SigningKeys keys = SigningKeys.fromDirectory(dir, "RS256");

        String token = issue(keys);

        assertThat(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')))))
                .contains("\"alg\":\"RS256\"");
        assertThat(verify(keys, token).subject()).isEqualTo("1");
    }

    @Test
    void issueWhenHmacSecretIsLongThenStillHs256() throws InvalidTokenException {
        SigningKeys keys = SigningKeys.hmac("x".repeat(100));

        String token = issue(keys);

        assertThat(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')))))
                .contains("\"alg\":\"HS256\"");
        assertThat(verify(keys, token).subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenEs256TokenThenAccepted() throws InvalidTokenException {
        TestKeys.write(dir, "ec1", TestKeys.sec1(EC));
        SigningKeys keys = SigningKeys.fromDirectory(dir, "ES256");

        assertThat(verify(keys, issue(keys)).subject()).isEqualTo("1");
    }

    @Test
    void verifyWhenEphemeralRs256OrEs256ThenRoundTrips() throws InvalidTokenException {
        SigningKeys rs = SigningKeys.ephemeral("RS256");
        SigningKeys es = SigningKeys.ephemeral("ES256");

        assertThat(verify(rs, issue(rs)).subject()).isEqualTo("1");
        assertThat(verify(es, issue(es)).subject()).isEqualTo("1");
        assertThat(rs.signingKid()).startsWith("ephemeral-");
    }

    @Test
    void verifyWhenKidUnknownThenRefused() {
        SigningKeys keys = rotated();

        assertThatThrownBy(() -> verify(keys, forged("2026-01", TestKeys.rsa(2048).getPrivate())))
                .isInstanceOf(InvalidTokenException.class).hasMessage("token_bad_signature");
    }

    @Test
    void verifyWhenKidMissingThenRefused() {
        SigningKeys keys = rotated();

        assertThatThrownBy(() -> verify(keys, forged(null, NEW.getPrivate())))
                .hasMessage("token_bad_signature");
    }

    @Test
    void verifyWhenKidIsAPathToAKeyOutsideTheDirectoryThenRefused() throws Exception {
        KeyPair outside = TestKeys.rsa(2048);
        Path keysDir = Files.createDirectory(dir.resolve("keys"));
        TestKeys.write(keysDir, "k1", TestKeys.pkcs8(NEW));
        TestKeys.write(dir, "evil", TestKeys.pkcs8(outside));
        SigningKeys keys = SigningKeys.fromDirectory(keysDir, "RS256");

        assertThatThrownBy(() -> verify(keys, forged("../evil", outside.getPrivate())))
                .hasMessage("token_bad_signature");
        assertThatThrownBy(() -> verify(keys, forged("../evil.pem", outside.getPrivate())))
                .hasMessage("token_bad_signature");
    }

    @Test
    void verifyWhenKidNamesAnotherKeyThanTheSignerThenRefused() {
        SigningKeys keys = rotated();

        assertThatThrownBy(() -> verify(keys, forged("2025-06", OLD.getPrivate())))
                .hasMessage("token_bad_signature");
    }

    @Test
    void verifyWhenHs256TokenKeyedWithThePublicKeyThenRefused() {
        SigningKeys keys = rotated();
        byte[] der = NEW.getPublic().getEncoded();
        byte[] pem = TestKeys.pem("PUBLIC KEY", der).getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> verify(keys, forgedHs256("2025-06", der)))
                .hasMessage("token_bad_signature");
        assertThatThrownBy(() -> verify(keys, forgedHs256("2025-06", pem)))
                .hasMessage("token_bad_signature");
    }

    @Test
    void verifyWhenHs256TokenAndRs256ConfiguredThenRefused() {
        SigningKeys keys = rotated();

        assertThatThrownBy(() -> verify(keys, issue(SigningKeys.hmac(SECRET)))).hasMessage("token_bad_signature");
    }

    @Test
    void verifyWhenRs256TokenAndHs256ConfiguredThenRefused() {
        String token = issue(rotated());

        assertThatThrownBy(() -> verify(SigningKeys.hmac(SECRET), token)).hasMessage("token_bad_signature");
    }

    @Test
    void verifyWhenEs256TokenAndRs256ConfiguredThenRefused() {
        TestKeys.write(dir, "2025-06", TestKeys.pkcs8(EC));
        String token = issue(SigningKeys.fromDirectory(dir, "ES256"));
        Path other = dir.resolve("rsa");

        SigningKeys rsa = SigningKeys.fromDirectory(createWith(other, "2025-06", NEW), "RS256");

        assertThatThrownBy(() -> verify(rsa, token)).hasMessage("token_bad_signature");
    }

    private static Path createWith(Path dir, String kid, KeyPair pair) {
        try {
            Files.createDirectory(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TestKeys.write(dir, kid, TestKeys.pkcs8(pair));
        return dir;
    }
}
