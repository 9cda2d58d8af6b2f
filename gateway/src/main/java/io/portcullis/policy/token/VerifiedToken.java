package io.portcullis.policy.token;

import java.time.Instant;

/** The claims of a JWT whose signature, type and times were checked. Holds no token text. */
public record VerifiedToken(TokenType type, String subject, String jti, Instant issuedAt, Instant expiresAt,
                            String credentialVersion, String family) {
}
