package io.portcullis.gateway.tokens;

import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.Instant;

/**
 * Token state shared by every gateway instance: spent and blacklisted refresh tokens, revoked token families and
 * opaque tokens. Every entry expires when the credential it is about would have, so nothing grows forever. Every
 * method fails with {@link StoreUnavailableException} when the store cannot answer in time; none completes empty
 * unless documented.
 */
public interface TokenStore {

    /**
     * Atomically spends refresh token {@code jti} of {@code family}: exactly one of concurrent callers gets
     * {@link Rotation#ROTATED}; a later one gets {@link Rotation#GRACED} while less than {@code reuseInterval} has
     * passed since that rotation (the store's clock), else {@link Rotation#REUSED} and the family is revoked until
     * {@code familyExpiresAt}. A blacklisted token or a revoked family always gets {@link Rotation#REVOKED}.
     */
    Mono<Rotation> rotate(String jti, String family, Instant expiresAt, Instant familyExpiresAt, Duration reuseInterval);

    /** Emits true when refresh token {@code jti} is neither spent nor blacklisted and its family is not revoked. */
    Mono<Boolean> usable(String jti, String family);

    /** Blacklists {@code jti} and revokes its {@code family}, each until its expiry. */
    Mono<Void> revoke(String jti, Instant expiresAt, String family, Instant familyExpiresAt);

    Mono<Void> saveOpaque(String keyHash, OpaqueToken token);

    /** The token stored under {@code keyHash}; completes empty when there is none. */
    Mono<OpaqueToken> findOpaque(String keyHash);

    /** Emits true when a token was deleted. */
    Mono<Boolean> deleteOpaque(String keyHash);

    /** Deletes every opaque token of {@code userId}; emits how many. */
    Mono<Long> deleteAllOpaque(String userId);
}
