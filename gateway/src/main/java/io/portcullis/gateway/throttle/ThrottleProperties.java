package io.portcullis.gateway.throttle;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Process settings of the limiter ({@code portcullis.throttle.*}); the rates, {@code store_timeout} and
 * {@code store_failure} are policy, and when the shared store counts as unavailable is the breaker's
 * ({@code portcullis.store.breaker.*}).
 *
 * @param instances     how many gateway instances share the rates: under {@code store_failure: local} each one
 *                      admits {@code count / instances} per key while Redis is away
 * @param maxKeys       bound on the keys the in-memory limiter holds (least recently used are forgotten)
 * @param maxSlots      bound on the request times it holds over all keys (8 bytes each)
 */
@ConfigurationProperties("portcullis.throttle")
public record ThrottleProperties(Integer instances, Integer maxKeys, Long maxSlots) {

    public ThrottleProperties {
        instances = instances == null || instances < 1 ? 1 : instances;
        maxKeys = maxKeys == null ? 100_000 : maxKeys;
        maxSlots = maxSlots == null ? 2_000_000L : maxSlots;
    }
}
