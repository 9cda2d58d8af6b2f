package io.portcullis.policy.token;

import java.security.Key;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The verification keys of one external token issuer: a shared secret, or the JWKS it publishes as last fetched.
 * Lookups never do I/O; only {@link #refreshForUnknownKid()} may, and it is rate-limited by the implementation.
 */
public interface IssuerKeys {

    /**
     * The key that verifies a token whose header names {@code kid} (may be null) and {@code algorithm}, or empty when
     * no key of this issuer matches both.
     *
     * @throws IssuerUnavailableException while this issuer's keys have never been obtained
     */
    Optional<Key> find(String kid, String algorithm) throws IssuerUnavailableException;

    /**
     * A token named a {@code kid} this issuer does not have: fetch again if the last such fetch is old enough (at most
     * once per 30 s), else do nothing. Completes with {@code true} when the keys changed; never completes exceptionally.
     */
    CompletionStage<Boolean> refreshForUnknownKid();
}
