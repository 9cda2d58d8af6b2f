package io.portcullis.policy.token;

import java.security.Key;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test stand-in for a JWKS source: public keys by kid, each for one algorithm, that the test can add, remove, or make
 * unavailable; {@link #refreshForUnknownKid()} publishes the keys the test staged and counts its calls.
 */
public final class TestIssuerKeys implements IssuerKeys {

    private record Entry(String algorithm, Key key) {
    }

    private final String issuerId;
    private final Map<String, Entry> keys = new ConcurrentHashMap<>();
    private final Map<String, Entry> staged = new ConcurrentHashMap<>();
    private volatile boolean available = true;
    private volatile int refreshes;

    public TestIssuerKeys(String issuerId) {
        this.issuerId = issuerId;
    }

    public TestIssuerKeys with(String kid, String algorithm, Key key) {
        keys.put(kid, new Entry(algorithm, key));
        return this;
    }

    /** Published by the next {@link #refreshForUnknownKid()}, as a JWKS that rotated at the provider. */
    public TestIssuerKeys staged(String kid, String algorithm, Key key) {
        staged.put(kid, new Entry(algorithm, key));
        return this;
    }

    public void remove(String kid) {
        keys.remove(kid);
    }

    public TestIssuerKeys unavailable() {
        available = false;
        return this;
    }

    public int refreshes() {
        return refreshes;
    }

    @Override
    public Optional<Key> find(String kid, String algorithm) throws IssuerUnavailableException {
        if (!available) {
            throw new IssuerUnavailableException(issuerId);
        }
        Entry entry = kid == null ? null : keys.get(kid);
        return entry != null && entry.algorithm().equals(algorithm) ? Optional.of(entry.key()) : Optional.empty();
    }

    @Override
    public CompletionStage<Boolean> refreshForUnknownKid() {
        refreshes++;
        boolean changed = !staged.isEmpty();
        keys.putAll(staged);
        staged.clear();
        return CompletableFuture.completedFuture(changed);
    }
}
