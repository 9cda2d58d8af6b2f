package io.portcullis.policy.model;

import java.time.Duration;
import java.util.List;

/** policy.yaml {@code tokens:}: SimpleJWT's settings. {@code apiTokenLifetime} null means opaque tokens never expire. */
public record TokenSettings(String algorithm, Duration accessLifetime, Duration refreshLifetime,
                            boolean rotateRefreshTokens, boolean blacklistAfterRotation, String issuer,
                            String audience, Duration leeway, List<String> userClaims, Duration apiTokenLifetime,
                            boolean cookies) {

    public static final TokenSettings DEFAULTS = new TokenSettings("HS256", Duration.ofMinutes(15), Duration.ofDays(7),
            true, true, "portcullis", null, Duration.ofSeconds(30), List.of(), null, false);

    public TokenSettings {
        userClaims = List.copyOf(userClaims);
    }
}
