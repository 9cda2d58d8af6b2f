package io.portcullis.gateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One counter name with two tags, each distinct pair of values resolved once: Micrometer's own lookup builds, sorts
 * and compares the tags on every call, which the gateway would pay on every request. The values are route ids,
 * outcomes, scopes, schemes and reasons: sets bounded by the policy and the code.
 */
final class TaggedCounters {

    private final MeterRegistry registry;
    private final String name;
    private final String firstTag;
    private final String secondTag;
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();

    TaggedCounters(MeterRegistry registry, String name, String firstTag, String secondTag) {
        this.registry = registry;
        this.name = name;
        this.firstTag = firstTag;
        this.secondTag = secondTag;
    }

    void increment(String first, String second) {
        Map<String, Counter> byFirst = counters.get(first);
        if (byFirst == null) {
            byFirst = counters.computeIfAbsent(first, key -> new ConcurrentHashMap<>());
        }
        Counter counter = byFirst.get(second);
        if (counter == null) {
            counter = byFirst.computeIfAbsent(second, key -> registry.counter(name, firstTag, first, secondTag, key));
        }
        counter.increment();
    }
}
