package io.portcullis.policy.model;

import java.util.List;

/** policy.yaml {@code identity:}: how the identity is forwarded upstream. */
public record IdentitySettings(String headerPrefix, List<String> forwardClaims, boolean forwardAuthorization) {

    public static final IdentitySettings DEFAULTS = new IdentitySettings("X-Auth-", List.of(), false);

    public IdentitySettings {
        forwardClaims = List.copyOf(forwardClaims);
    }
}
