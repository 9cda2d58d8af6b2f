package io.portcullis.policy.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class JwtIssuerTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";
    private static final SigningKeys KEYS = SigningKeys.hmac(SECRET);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final String HASH = "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    private static TokenSettings withUserClaims(List<String> userClaims) {
        TokenSettings d = TokenSettings.DEFAULTS;
        return new TokenSettings(d.algorithm(), d.accessLifetime(), d.refreshLifetime(), d.rotateRefreshTokens(),
                d.blacklistAfterRotation(), d.issuer(), d.audience(), d.leeway(), userClaims, d.apiTokenLifetime(),
                d.cookies(), d.refreshReuseInterval());
    }

    private static User user(Map<String, String> claims) {
        return new User("alice", "1", HASH, List.of(), false, true, claims);
    }

    private static Jws<Claims> parse(String token) {
        return Jwts.parser().verifyWith(Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8)))
                .clock(() -> java.util.Date.from(T0)).build().parseSignedClaims(token);
    }

    @Test
    void issueWhenHmacThenHs256WithKid() {
        String token = new JwtIssuer(KEYS, CLOCK).issue(user(Map.of()), TokenType.ACCESS, TokenSettings.DEFAULTS);

        assertThat(parse(token).getHeader().getAlgorithm()).isEqualTo("HS256");
        assertThat(parse(token).getHeader().getKeyId()).isEqualTo("hs256");
    }

    @Test
    void issueWhenTheKeysAreSwappedThenTheNextTokenNamesTheNewSigningKid() {
        SigningKeys before = SigningKeys.ephemeral("ES256");
        SigningKeys after = SigningKeys.ephemeral("ES256");
        AtomicReference<SigningKeys> keys = new AtomicReference<>(before);
        JwtIssuer issuer = new JwtIssuer(keys::get, CLOCK);
        issuer.issue(user(Map.of()), TokenType.ACCESS, TokenSettings.DEFAULTS);

        keys.set(after);
        String token = issuer.issue(user(Map.of()), TokenType.ACCESS, TokenSettings.DEFAULTS);

        PublicKey newKey = (PublicKey) after.verificationKey(after.signingKid()).orElseThrow();
        assertThat(Jwts.parser().verifyWith(newKey).clock(() -> java.util.Date.from(T0)).build()
                .parseSignedClaims(token).getHeader().getKeyId()).isEqualTo(after.signingKid());
    }

    @Test
    void issueWhenAccessTokenThenCarriesConfiguredUserClaims() {
        String token = new JwtIssuer(KEYS, CLOCK).issue(user(Map.of("org", "acme", "team", "blue")), TokenType.ACCESS,
                withUserClaims(List.of("org")));

        assertThat(parse(token).getPayload()).containsEntry("org", "acme").doesNotContainKey("team");
    }

    @Test
    void issueWhenRefreshTokenThenCarriesNoUserClaims() {
        String token = new JwtIssuer(KEYS, CLOCK).issue(user(Map.of("org", "acme")), TokenType.REFRESH,
                withUserClaims(List.of("org")));

        assertThat(parse(token).getPayload()).doesNotContainKey("org");
    }

    @Test
    void issueWhenUserLacksAConfiguredClaimThenClaimAbsent() {
        String token = new JwtIssuer(KEYS, CLOCK).issue(user(Map.of()), TokenType.ACCESS, withUserClaims(List.of("org")));

        assertThat(parse(token).getPayload()).doesNotContainKey("org");
    }

    @Test
    void issueWhenUserClaimNamedLikeAReservedClaimThenReservedClaimKept() {
        String token = new JwtIssuer(KEYS, CLOCK).issue(user(Map.of("sub", "2", "token_type", "refresh")),
                TokenType.ACCESS, withUserClaims(List.of("sub", "token_type")));

        assertThat(parse(token).getPayload()).containsEntry("sub", "1").containsEntry("token_type", "access");
    }

    @Test
    void issueWhenTokenThenCarriesCredentialVersionOfThePasswordHash() {
        User alice = user(Map.of());
        String token = new JwtIssuer(KEYS, CLOCK).issue(alice, TokenType.ACCESS, TokenSettings.DEFAULTS);

        assertThat(parse(token).getPayload()).containsEntry(CredentialVersion.CLAIM, CredentialVersion.of(alice));
    }

    @Test
    void issueWhenIssuerConfiguredThenIssClaim() {
        String token = new JwtIssuer(KEYS, CLOCK).issue(user(Map.of()), TokenType.ACCESS, TokenSettings.DEFAULTS);

        assertThat(parse(token).getPayload().getIssuer()).isEqualTo("portcullis");
    }

    @Test
    void issueWhenTokenThenPasswordHashNeverInside() {
        String token = new JwtIssuer(KEYS, CLOCK).issue(user(Map.of()), TokenType.ACCESS, TokenSettings.DEFAULTS);

        assertThat(parse(token).getPayload().values()).noneMatch(value -> String.valueOf(value).contains("N9qo8"));
    }
}
