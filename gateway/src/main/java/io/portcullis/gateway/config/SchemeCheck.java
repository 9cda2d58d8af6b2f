package io.portcullis.gateway.config;

import io.portcullis.gateway.authn.Authenticators;
import io.portcullis.policy.PolicySnapshot;

/** A policy may only list authentication schemes this build provides; anything else stops loading. */
final class SchemeCheck {

    private SchemeCheck() {
    }

    static void requireProvided(PolicySnapshot snapshot, Authenticators authenticators) {
        for (String scheme : snapshot.policy().authentication()) {
            if (!authenticators.provides(scheme)) {
                throw new IllegalStateException("policy.yaml: authentication scheme '" + scheme
                        + "' is not provided by this gateway build");
            }
        }
    }
}
