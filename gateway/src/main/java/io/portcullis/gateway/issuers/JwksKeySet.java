package io.portcullis.gateway.issuers;

import java.security.Key;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The usable keys of one JWKS as fetched, in document order; immutable, so lookups need no lock. */
record JwksKeySet(List<JwksKey> keys) {

    JwksKeySet {
        keys = List.copyOf(keys);
    }

    /**
     * The one key that verifies {@code algorithm} for a token naming {@code kid}, else empty. When the set names kids,
     * a token's kid must be one of them; a token without a kid (or a set without kids) is served only when exactly one
     * key verifies the algorithm, since picking one of several would be a guess.
     */
    Optional<Key> find(String kid, String algorithm) {
        boolean byKid = kid != null && keys.stream().anyMatch(key -> key.kid() != null);
        List<JwksKey> candidates = keys.stream()
                .filter(key -> key.verifies(algorithm))
                .filter(key -> !byKid || kid.equals(key.kid()))
                .toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0).key()) : Optional.empty();
    }

    List<String> kids() {
        return keys.stream().map(key -> Objects.requireNonNullElse(key.kid(), "(none)")).toList();
    }

    @Override
    public String toString() {
        return "JwksKeySet" + keys;
    }
}
