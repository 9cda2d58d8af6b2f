package io.portcullis.gateway.authn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The schemes this build provides, by policy.yaml name. */
public final class Authenticators {

    private final Map<String, Authenticator> byScheme = new LinkedHashMap<>();

    public Authenticators(List<Authenticator> authenticators) {
        authenticators.forEach(a -> byScheme.put(a.scheme(), a));
    }

    public Optional<Authenticator> get(String scheme) {
        return Optional.ofNullable(byScheme.get(scheme));
    }

    public boolean provides(String scheme) {
        return byScheme.containsKey(scheme);
    }

    /**
     * The challenge of the first configured scheme (DRF's get_authenticate_header asks only the first authenticator),
     * or null when it has none.
     */
    public String challenge(List<String> configured) {
        Authenticator first = configured.isEmpty() ? null : byScheme.get(configured.get(0));
        return first == null ? null : first.challenge();
    }
}
