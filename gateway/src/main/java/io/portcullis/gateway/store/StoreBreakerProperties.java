package io.portcullis.gateway.store;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowSynchronizationStrategy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * When Redis counts as unavailable ({@code portcullis.store.breaker.*}, process settings): the breaker opens when at
 * least {@code failureRate} percent of the last {@code window} calls failed or timed out (once {@code minimumCalls}
 * were made), stays open {@code openFor}, then lets {@code probes} calls through and closes if they succeed. One slow
 * call never opens it, and a slow call that still answers in time is a success.
 *
 * @param openFor      how long nothing is sent after the breaker opened (also the {@code Retry-After} of
 *                     {@code store_failure: deny})
 * @param window       how many recent calls are judged
 * @param minimumCalls how many calls the window needs before it can open
 * @param failureRate  percent of failed calls that opens it
 * @param probes       calls let through while half open
 * @param startupWait  how long start-up waits for the first connection attempt, so the first requests are exact
 * @param unansweredFor how long calls may time out with no call answered at all before Redis counts as unavailable
 *                     (timeouts alone never count towards {@code failureRate}: a slow Redis is not an unavailable one)
 */
@ConfigurationProperties("portcullis.store.breaker")
public record StoreBreakerProperties(Duration openFor, Integer window, Integer minimumCalls, Integer failureRate,
                                     Integer probes, Duration startupWait, Duration unansweredFor) {

    public static final Duration DEFAULT_UNANSWERED_FOR = Duration.ofSeconds(1);

    public StoreBreakerProperties {
        openFor = openFor == null ? Duration.ofSeconds(1) : openFor;
        window = window == null ? 10 : window;
        minimumCalls = minimumCalls == null ? 5 : minimumCalls;
        failureRate = failureRate == null ? 50 : failureRate;
        probes = probes == null ? 3 : probes;
        startupWait = startupWait == null ? Duration.ofSeconds(2) : startupWait;
        unansweredFor = unansweredFor == null ? DEFAULT_UNANSWERED_FOR : unansweredFor;
    }

    /** The defaults. */
    public static StoreBreakerProperties defaults() {
        return new StoreBreakerProperties(null, null, null, null, null, null, null);
    }

    /**
     * The resilience4j configuration: a count-based window, lock-free (it is updated on the event loops); no
     * scheduler thread (the first call after {@code openFor} moves it to half open); no stack traces on refusals.
     */
    public CircuitBreakerConfig config() {
        return CircuitBreakerConfig.custom()
                .slidingWindow(window, minimumCalls, SlidingWindowType.COUNT_BASED, SlidingWindowSynchronizationStrategy.LOCK_FREE)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(probes)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .ignoreExceptions(TimeoutException.class)
                .build();
    }
}
