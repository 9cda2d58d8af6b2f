package io.portcullis.gateway.tokens;

import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The embedded default: token state in this process only (one instance). Bounded: expired entries are swept when the
 * bound is reached, and when it is still full the store refuses new state (fail closed, never forgets a revocation).
 */
public final class MemoryTokenStore implements TokenStore {

    private static final String REVOKED = "revoked";

    /** A rotated refresh token, and when (this store's clock): the start of its reuse interval. */
    private record Spent(Instant at) {
        /** Zero graces nothing, even if the clock stepped back. */
        boolean within(Duration interval, Instant now) {
            return !interval.isZero() && now.isBefore(at.plus(interval));
        }
    }

    private record Entry(Object value, Instant expiresAt) {
        boolean expired(Instant now) {
            return expiresAt != null && !now.isBefore(expiresAt);
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Set<String>> opaqueByUser = new HashMap<>();
    private final Clock clock;
    private final int maxEntries;

    public MemoryTokenStore(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public Mono<Rotation> rotate(String jti, String family, Instant expiresAt, Instant familyExpiresAt, Duration reuseInterval) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                Object state = live(refreshKey(family, jti));
                if (live(familyKey(family)) != null || REVOKED.equals(state)) {
                    return Rotation.REVOKED;
                }
                Instant now = clock.instant();
                if (state == null) {
                    put(refreshKey(family, jti), new Spent(now), expiresAt);
                    return Rotation.ROTATED;
                }
                if (state instanceof Spent spent && spent.within(reuseInterval, now)) {
                    return Rotation.GRACED;
                }
                put(familyKey(family), REVOKED, familyExpiresAt);
                return Rotation.REUSED;
            }
        });
    }

    @Override
    public Mono<Boolean> usable(String jti, String family) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return live(refreshKey(family, jti)) == null && live(familyKey(family)) == null;
            }
        });
    }

    @Override
    public Mono<Void> revoke(String jti, Instant expiresAt, String family, Instant familyExpiresAt) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                put(refreshKey(family, jti), REVOKED, expiresAt);
                put(familyKey(family), REVOKED, familyExpiresAt);
            }
        });
    }

    @Override
    public Mono<Void> saveOpaque(String keyHash, OpaqueToken token) {
        return Mono.fromRunnable(() -> {
            synchronized (this) {
                put(opaqueKey(keyHash), token, token.expiresAt());
                opaqueByUser.computeIfAbsent(token.userId(), u -> new HashSet<>()).add(keyHash);
            }
        });
    }

    @Override
    public Mono<OpaqueToken> findOpaque(String keyHash) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                return (OpaqueToken) live(opaqueKey(keyHash));
            }
        });
    }

    @Override
    public Mono<Boolean> deleteOpaque(String keyHash) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                Entry removed = entries.remove(opaqueKey(keyHash));
                if (removed != null) {
                    Set<String> hashes = opaqueByUser.get(((OpaqueToken) removed.value()).userId());
                    if (hashes != null) {
                        hashes.remove(keyHash);
                    }
                }
                return removed != null && !removed.expired(clock.instant());
            }
        });
    }

    @Override
    public Mono<Long> deleteAllOpaque(String userId) {
        return Mono.fromCallable(() -> {
            synchronized (this) {
                Set<String> hashes = opaqueByUser.remove(userId);
                long deleted = 0;
                for (String hash : hashes == null ? Set.<String>of() : hashes) {
                    Entry removed = entries.remove(opaqueKey(hash));
                    deleted += removed != null && !removed.expired(clock.instant()) ? 1 : 0;
                }
                return deleted;
            }
        });
    }

    /** Live entries, for tests of the bound. */
    synchronized int size() {
        return entries.size();
    }

    private Object live(String key) {
        Entry entry = entries.get(key);
        if (entry == null || entry.expired(clock.instant())) {
            return null;
        }
        return entry.value();
    }

    private void put(String key, Object value, Instant expiresAt) {
        if (entries.size() >= maxEntries && !entries.containsKey(key)) {
            sweep();
            if (entries.size() >= maxEntries) {
                throw new StoreUnavailableException("in-memory token store is full (" + maxEntries + " entries)", null);
            }
        }
        entries.put(key, new Entry(value, expiresAt));
    }

    private void sweep() {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> entry = it.next();
            if (entry.getValue().expired(now)) {
                it.remove();
                if (entry.getValue().value() instanceof OpaqueToken token) {
                    Set<String> hashes = opaqueByUser.get(token.userId());
                    if (hashes != null) {
                        hashes.remove(entry.getKey().substring("ot:".length()));
                    }
                }
            }
        }
    }

    private static String refreshKey(String family, String jti) {
        return "rt:" + family + ":" + jti;
    }

    private static String familyKey(String family) {
        return "fam:" + family;
    }

    private static String opaqueKey(String keyHash) {
        return "ot:" + keyHash;
    }
}
