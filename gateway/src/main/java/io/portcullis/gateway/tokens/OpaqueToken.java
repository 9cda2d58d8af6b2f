package io.portcullis.gateway.tokens;

import java.time.Instant;

/**
 * What is stored for a DRF-style opaque token, under the SHA-256 of its key (the key itself is never stored).
 * {@code expiresAt} null means it never expires; {@code credentialVersion} ties it to the user's password hash.
 */
public record OpaqueToken(String userId, Instant createdAt, Instant expiresAt, String credentialVersion) {

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
