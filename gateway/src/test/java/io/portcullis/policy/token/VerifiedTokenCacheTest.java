package io.portcullis.policy.token;

import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class VerifiedTokenCacheTest {

    private static final SigningKeys KEYS = SigningKeys.hmac("0123456789abcdef0123456789abcdef");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final User ALICE = new User("alice", "1",
            "{bcrypt}$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", List.of("editor"), false, true,
            Map.of());
    /** Access lifetime 15 min, leeway 30 s (TokenSettings.DEFAULTS); valid up to and including exp + leeway, as jjwt. */
    private static final Instant LAST_VALID = T0.plus(TokenSettings.DEFAULTS.accessLifetime())
            .plus(TokenSettings.DEFAULTS.leeway());

    private final MovableClock clock = new MovableClock(T0);

    private static String issue(TokenType type, Instant at) {
        return new JwtIssuer(KEYS, Clock.fixed(at, ZoneOffset.UTC)).issue(ALICE, type, TokenSettings.DEFAULTS);
    }

    private JwtVerifier verifier(int cacheSize) {
        return new JwtVerifier(KEYS, TokenSettings.DEFAULTS, clock, cacheSize);
    }

    private static String reason(JwtVerifier verifier, String token, TokenType expected) {
        InvalidTokenException error = catchThrowableOfType(InvalidTokenException.class,
                () -> verifier.verify(token, expected));
        assertThat(error).as("token must be refused").isNotNull();
        return error.reason();
    }

    @Test
    void aTokenVerifiedOnceIsAnsweredFromTheCache() throws Exception {
        JwtVerifier verifier = verifier(100);
        String token = issue(TokenType.ACCESS, T0);

        VerifiedToken first = verifier.verify(token, TokenType.ACCESS);

        assertThat(verifier.verify(token, TokenType.ACCESS)).isSameAs(first);
    }

    @Test
    void withoutACacheEveryCallVerifiesAgain() throws Exception {
        JwtVerifier verifier = verifier(0);
        String token = issue(TokenType.ACCESS, T0);

        VerifiedToken first = verifier.verify(token, TokenType.ACCESS);

        assertThat(verifier.verify(token, TokenType.ACCESS)).isNotSameAs(first).isEqualTo(first);
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpiresWithLeeway() throws Exception {
        JwtVerifier verifier = verifier(100);
        String token = issue(TokenType.ACCESS, T0);
        verifier.verify(token, TokenType.ACCESS);

        clock.set(LAST_VALID);
        assertThat(verifier.verify(token, TokenType.ACCESS).subject()).isEqualTo("1");

        clock.set(LAST_VALID.plusSeconds(1));
        assertThat(reason(verifier, token, TokenType.ACCESS)).isEqualTo("token_expired");
    }

    @Test
    void aCachedTokenOfTheWrongTypeIsStillRefused() throws Exception {
        JwtVerifier verifier = verifier(100);
        String access = issue(TokenType.ACCESS, T0);
        verifier.verify(access, TokenType.ACCESS);

        assertThat(reason(verifier, access, TokenType.REFRESH)).isEqualTo("token_wrong_type");
    }

    @Test
    void aTamperedCopyOfACachedTokenIsVerifiedAndRefused() throws Exception {
        JwtVerifier verifier = verifier(100);
        String token = issue(TokenType.ACCESS, T0);
        verifier.verify(token, TokenType.ACCESS);
        // the signature's first character (its last one carries padding bits that base64 decoding may ignore)
        int at = token.lastIndexOf('.') + 1;
        String tampered = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        assertThat(reason(verifier, tampered, TokenType.ACCESS)).isEqualTo("token_bad_signature");
    }

    @Test
    void refusedTokensAreNeverRemembered() throws Exception {
        JwtVerifier verifier = verifier(100);
        String expired = issue(TokenType.ACCESS, T0.minus(Duration.ofDays(1)));

        assertThat(reason(verifier, expired, TokenType.ACCESS)).isEqualTo("token_expired");
        assertThat(reason(verifier, "a.b.c", TokenType.ACCESS)).isEqualTo("token_malformed");
        assertThat(verifier.cachedTokens()).isZero();

        verifier.verify(issue(TokenType.ACCESS, T0));
        assertThat(verifier.cachedTokens()).isEqualTo(1);
    }

    @Test
    void theCacheHoldsNoMoreThanItsBound() {
        VerifiedTokenCache<VerifiedToken> cache = new VerifiedTokenCache<>(5, clock, Duration.ofSeconds(30), VerifiedToken::expiresAt);
        VerifiedToken verified = new VerifiedToken(TokenType.ACCESS, "1", "jti", T0, T0.plusSeconds(600), null, "jti");

        for (int i = 0; i < 200; i++) {
            cache.put("token-" + i, verified);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(5);
    }

    @Test
    void anEntryIsNotKeptPastItsTokensExpiry() {
        VerifiedTokenCache<VerifiedToken> cache = new VerifiedTokenCache<>(5, clock, Duration.ofSeconds(30), VerifiedToken::expiresAt);
        VerifiedToken lapsed = new VerifiedToken(TokenType.ACCESS, "1", "jti", T0.minusSeconds(600), T0.minusSeconds(30),
                null, "jti");

        cache.put("lapsed", lapsed);

        assertThat(cache.get("lapsed")).isNull();
        assertThat(cache.size()).isZero();
    }
}
