package io.portcullis.gateway.issuers;

import java.time.Instant;
import java.util.List;

/**
 * What one issuer's key fetching last did, for health details and tests; holds no key material.
 *
 * @param issuerId      the policy's {@code id}
 * @param source        where keys come from now: the jwks_url, the discovered jwks_uri, or the discovery document
 * @param kids          the kids of the keys in use (empty until a first success; "(none)" for a key without a kid)
 * @param lastSuccess   when keys were last fetched, or null if never
 * @param lastFailure   when a fetch last failed, or null if never
 * @param failureReason why it failed (a status, a timeout, a size, a parse failure), or null if never
 */
public record JwksStatus(String issuerId, String source, List<String> kids, Instant lastSuccess, Instant lastFailure,
                         String failureReason) {

    static JwksStatus initial(String issuerId, String source) {
        return new JwksStatus(issuerId, source, List.of(), null, null, null);
    }

    JwksStatus succeeded(String source, List<String> kids, Instant at) {
        return new JwksStatus(issuerId, source, List.copyOf(kids), at, lastFailure, failureReason);
    }

    JwksStatus failed(String source, Instant at, String reason) {
        return new JwksStatus(issuerId, source, kids, lastSuccess, at, reason);
    }
}
