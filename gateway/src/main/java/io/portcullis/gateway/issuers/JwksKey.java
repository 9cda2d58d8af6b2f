package io.portcullis.gateway.issuers;

import java.security.PublicKey;
import java.util.Set;

/**
 * One public key of an issuer's JWKS and the algorithms it may verify: those of the policy that fit its type and size
 * and, when the JWK names an {@code alg}, that one alone (RFC 7517 section 4.4).
 *
 * @param kid        the JWK's {@code kid}, or null when it has none
 * @param key        an RSA (at least 2048 bits) or EC (P-256, P-384) public key
 * @param algorithms never empty
 */
record JwksKey(String kid, PublicKey key, Set<String> algorithms) {

    JwksKey {
        algorithms = Set.copyOf(algorithms);
    }

    boolean verifies(String algorithm) {
        return algorithms.contains(algorithm);
    }

    @Override
    public String toString() {
        return "JwksKey[kid=" + kid + ", algorithms=" + algorithms + "]";
    }
}
