package io.portcullis.gateway.throttle;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Process settings of the limiter ({@code portcullis.throttle.*}); the rates themselves are policy.
 *
 * @param timeout       deadline of every call to the shared store; past it {@code store_failure} applies
 * @param retryInterval after a failed call, how long requests skip the shared store before trying it again
 * @param instances     how many gateway instances share the rates: under {@code store_failure: local} each one
 *                      admits {@code count / instances} per key while Redis is away
 * @param maxKeys       bound on the keys the in-memory limiter holds (least recently used are forgotten)
 * @param maxSlots      bound on the request times it holds over all keys (8 bytes each)
 */
@ConfigurationProperties("portcullis.throttle")
public record ThrottleProperties(Duration timeout, Duration retryInterval, Integer instances, Integer maxKeys,
                                 Long maxSlots) {

    public ThrottleProperties {
        timeout = timeout == null ? Duration.ofMillis(50) : timeout;
        retryInterval = retryInterval == null ? Duration.ofSeconds(1) : retryInterval;
        instances = instances == null || instances < 1 ? 1 : instances;
        maxKeys = maxKeys == null ? 100_000 : maxKeys;
        maxSlots = maxSlots == null ? 2_000_000L : maxSlots;
    }
}
