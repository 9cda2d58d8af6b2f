package io.portcullis.policy.token;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.portcullis.policy.model.TokenSettings;
import io.portcullis.policy.model.User;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;

/** Signs SimpleJWT-shaped tokens: {@code token_type}, {@code jti}, {@code sub}, {@code iat}, {@code exp}, {@code kid}. */
public final class JwtIssuer {

    public static final String FAMILY_CLAIM = "fam";

    private final Supplier<SigningKeys> keys;
    private final Clock clock;

    public JwtIssuer(SigningKeys keys, Clock clock) {
        this(() -> keys, clock);
    }

    /** Signs with the keys {@code keys} gives at the time of each token (they change when the keys directory does). */
    public JwtIssuer(Supplier<SigningKeys> keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        TokenRandom.seed(); // built at start-up: the ids it mints later draw on a seeded generator
    }

    /** A signed token of {@code type} for {@code user}, in a family of its own. */
    public String issue(User user, TokenType type, TokenSettings settings) {
        return issue(user, type, settings, newId());
    }

    /**
     * A signed token of {@code type} for {@code user}; access tokens carry the user's {@code user_claims}. Every token of
     * one login shares {@code family} ({@code fam} claim), so reuse of a rotated refresh token can revoke them all.
     */
    public String issue(User user, TokenType type, TokenSettings settings, String family) {
        Duration lifetime = type == TokenType.ACCESS ? settings.accessLifetime() : settings.refreshLifetime();
        Instant now = clock.instant();
        SigningKeys signing = keys.get(); // one key set for the whole token: its kid names the key that signs it
        JwtBuilder builder = Jwts.builder()
                .header().keyId(signing.signingKid()).and()
                .claim("token_type", type.claim())
                .id(newId())
                .claim(FAMILY_CLAIM, family)
                .subject(user.id())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(lifetime)))
                .claim(CredentialVersion.CLAIM, CredentialVersion.of(user));
        if (settings.issuer() != null) {
            builder.issuer(settings.issuer());
        }
        if (settings.audience() != null) {
            builder.audience().add(settings.audience()).and();
        }
        if (type == TokenType.ACCESS) {
            for (String claim : settings.userClaims()) {
                String value = user.claims().get(claim);
                if (value != null && !JwtVerifier.RESERVED_CLAIMS.contains(claim)) {
                    builder.claim(claim, value);
                }
            }
        }
        return signing.sign(builder).compact();
    }

    /** A new random id (128 bits, hex): for {@code jti} and token families. */
    public static String newId() {
        return TokenRandom.hex(16);
    }
}
