package io.portcullis.gateway.config;

import io.portcullis.policy.PolicySnapshot;
import io.portcullis.policy.token.SigningKeys;

/**
 * The signing algorithm is chosen at start-up (the keys directory is re-read for that algorithm only), so a reload may
 * not change {@code tokens.algorithm}: the edit is refused (and the last good policy keeps serving) rather than
 * leaving the policy saying one algorithm while keys of another sign and verify.
 */
final class AlgorithmCheck {

    private AlgorithmCheck() {
    }

    static void requireSame(PolicySnapshot snapshot, SigningKeys keys) {
        String wanted = snapshot.policy().tokens().algorithm();
        if (!wanted.equals(keys.algorithm())) {
            throw new IllegalStateException("tokens.algorithm changed from " + keys.algorithm() + " to " + wanted
                    + "; the signing algorithm is chosen at start-up: restart the gateway to change it");
        }
    }
}
