package io.portcullis.policy.model;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One external token issuer of policy.yaml {@code issuers:} (DESIGN.md "External token issuers"): whose tokens
 * ({@code issuer}, the {@code iss} they carry; null = none), how they are verified ({@code algorithms} with the HS256
 * secret named by {@code secretEnv}, or the keys of {@code jwksUrl} or of the issuer's OpenID discovery document) and
 * whom they speak for ({@code userClaim}, looked up in the user store or taken from the token's claims). Holds the
 * name of the secret's environment variable, never the secret.
 */
public record Issuer(String id, String issuer, List<String> algorithms, String secretEnv, URI jwksUrl,
                     boolean discovery, boolean allowHttp, Duration jwksRefresh, String audience, String userClaim,
                     Identities users, ClaimNames claims) {

    /** Every algorithm an issuer may list; HS256 is never mixed with the others in one issuer. */
    public static final List<String> ALGORITHMS = List.of("HS256", "RS256", "RS384", "RS512", "ES256", "ES384", "PS256");
    public static final String HMAC = "HS256";
    public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(5);
    /** The {@code X-Auth-Issuer} of the gateway's own tokens and of every other scheme: no issuer may take this id. */
    public static final String OWN_ID = "portcullis";

    /** {@code users:}: where the identity behind a token comes from. */
    public enum Identities {
        /** The user must exist and be active in the user store, as for the gateway's own tokens. */
        LOCAL,
        /** The token alone says who it is: no entry in the user store. */
        CLAIMS
    }

    /**
     * {@code claims:} of a {@code users: claims} issuer. {@code username} names the claim (default: the user id),
     * {@code roles} a dotted path into the claims (none: no roles), {@code adminRole} the role that makes an admin
     * (none: nobody is).
     */
    public record ClaimNames(String username, String roles, String adminRole) {
        public static final ClaimNames NONE = new ClaimNames(null, null, null);
    }

    public Issuer {
        Objects.requireNonNull(id, "id");
        algorithms = List.copyOf(algorithms);
        jwksRefresh = jwksRefresh == null ? DEFAULT_JWKS_REFRESH : jwksRefresh;
        claims = claims == null ? ClaimNames.NONE : claims;
    }

    /** Verified with a shared secret (HS256) rather than published keys. */
    public boolean hmac() {
        return algorithms.contains(HMAC);
    }
}
