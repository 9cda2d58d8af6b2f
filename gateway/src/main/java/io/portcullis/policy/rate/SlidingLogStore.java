package io.portcullis.policy.rate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-process limiter: one {@link SlidingLog} per key, exact DRF semantics (at most N admitted in any window of
 * the period, sliding), all or nothing across the keys of one request. Memory is bounded whatever the clients do: at
 * most {@code maxKeys} keys and {@code maxSlots} stored times in all; past either bound the least recently used keys
 * are forgotten (so a client rotating a million addresses evicts its own stale keys, not the active ones). A
 * forgotten key starts afresh: under that pressure the limit holds per key only while the key stays in memory.
 * Thread-safe: one lock, held for a few map operations per request.
 */
public final class SlidingLogStore {

    private final int maxKeys;
    private final long maxSlots;
    private final LinkedHashMap<String, SlidingLog> logs = new LinkedHashMap<>(1024, 0.75f, true);
    private long slots;

    public SlidingLogStore(int maxKeys, long maxSlots) {
        if (maxKeys < 1 || maxSlots < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxKeys = maxKeys;
        this.maxSlots = maxSlots;
    }

    /**
     * Records a request at {@code nowMillis} under every key if every key admits it, else under none. One decision
     * per key, in order; a key that would admit reports what it has left even when another key refused.
     */
    public synchronized List<RateDecision> acquire(List<ThrottleKey> keys, long nowMillis) {
        SlidingLog[] found = new SlidingLog[keys.size()];
        boolean allowed = true;
        for (int i = 0; i < keys.size(); i++) {
            ThrottleKey key = keys.get(i);
            found[i] = pruned(key, nowMillis);
            allowed &= found[i] == null || found[i].size() < key.rate().count();
        }
        List<RateDecision> decisions = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            decisions.add(allowed ? admit(keys.get(i), found[i], nowMillis) : decide(keys.get(i), found[i], nowMillis));
        }
        evictBeyondBounds();
        return decisions;
    }

    /** Keys held now. */
    public synchronized int size() {
        return logs.size();
    }

    /** Time slots allocated now, over all keys (8 bytes each). */
    public synchronized long slots() {
        return slots;
    }

    private SlidingLog pruned(ThrottleKey key, long now) {
        SlidingLog log = logs.get(key.key());
        if (log == null) {
            return null;
        }
        slots -= log.capacity();
        log.prune(now, key.rate().period().toMillis());
        log.keepNewest(key.rate().count());
        if (log.size() == 0) {
            logs.remove(key.key());
            return null;
        }
        slots += log.capacity();
        return log;
    }

    private RateDecision admit(ThrottleKey key, SlidingLog found, long now) {
        SlidingLog log = found;
        if (log == null) {
            log = new SlidingLog();
            logs.put(key.key(), log);
        } else {
            slots -= log.capacity();
        }
        log.add(now);
        slots += log.capacity();
        Rate rate = key.rate();
        return RateDecision.admitted(rate.count(), rate.count() - log.size(), log.oldest() + rate.period().toMillis() - now);
    }

    private static RateDecision decide(ThrottleKey key, SlidingLog log, long now) {
        Rate rate = key.rate();
        long period = rate.period().toMillis();
        if (log == null) {
            return RateDecision.admitted(rate.count(), rate.count(), 0);
        }
        long reset = log.oldest() + period - now;
        if (log.size() < rate.count()) {
            return RateDecision.admitted(rate.count(), rate.count() - log.size(), reset);
        }
        // Admitted again once the count-th newest request leaves the window (DRF's wait when history is full).
        return RateDecision.refused(rate.count(), reset, log.newest(rate.count() - 1) + period - now);
    }

    private void evictBeyondBounds() {
        Iterator<Map.Entry<String, SlidingLog>> eldest = logs.entrySet().iterator();
        while ((logs.size() > maxKeys || slots > maxSlots) && eldest.hasNext()) {
            slots -= eldest.next().getValue().capacity();
            eldest.remove();
        }
    }
}
