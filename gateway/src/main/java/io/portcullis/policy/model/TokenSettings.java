package io.portcullis.policy.model;

import java.time.Duration;
import java.util.List;

/**
 * policy.yaml {@code tokens:}: SimpleJWT's settings. {@code apiTokenLifetime} null means opaque tokens never expire.
 * {@code refreshReuseInterval}: how long after its rotation a refresh token may be presented again without being
 * taken for a stolen one (DESIGN.md "A refresh that failed can be retried"); zero = never.
 */
public record TokenSettings(String algorithm, Duration accessLifetime, Duration refreshLifetime,
                            boolean rotateRefreshTokens, boolean blacklistAfterRotation, String issuer,
                            String audience, Duration leeway, List<String> userClaims, Duration apiTokenLifetime,
                            boolean cookies, Duration refreshReuseInterval) {

    public static final TokenSettings DEFAULTS = new TokenSettings("HS256", Duration.ofMinutes(15), Duration.ofDays(7),
            true, true, "portcullis", null, Duration.ofSeconds(30), List.of(), null, false, Duration.ofSeconds(30));

    public TokenSettings {
        userClaims = List.copyOf(userClaims);
    }

    public TokenSettings withRefreshReuseInterval(Duration interval) {
        return new TokenSettings(algorithm, accessLifetime, refreshLifetime, rotateRefreshTokens, blacklistAfterRotation,
                issuer, audience, leeway, userClaims, apiTokenLifetime, cookies, interval);
    }
}
