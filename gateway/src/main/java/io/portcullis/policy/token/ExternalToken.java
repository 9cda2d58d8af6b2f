package io.portcullis.policy.token;

import java.time.Instant;
import java.util.Map;

/**
 * A verified JWT of an external issuer: who issued it ({@code issuerId}, the policy's id), whom it speaks for
 * ({@code userId}, its {@code user_claim} as a string) and its claims, for {@code users: claims} identities.
 */
public record ExternalToken(String issuerId, String userId, Map<String, Object> claims, Instant expiresAt) {

    public ExternalToken {
        claims = Map.copyOf(claims);
    }

    /** Claims may carry personal data: only the issuer and the user id are printed. */
    @Override
    public String toString() {
        return "ExternalToken[issuer=" + issuerId + ", user=" + userId + "]";
    }
}
