package io.portcullis.gateway.throttle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Whether the shared store answered lately, for health and for skipping it briefly after a failure: while Redis
 * hangs rather than refuses, every request would otherwise wait the whole deadline. Logs each outage once, at its
 * start and end, never per request.
 */
final class StoreStatus {

    private static final Logger log = LoggerFactory.getLogger(StoreStatus.class);

    private final long retryNanos;
    private final LongSupplier nanos;
    private final Clock clock;
    private final AtomicLong failures = new AtomicLong();
    private volatile long retryAt;
    private volatile Instant failingSince;
    private volatile String lastError;

    StoreStatus(long retryNanos, LongSupplier nanos, Clock clock) {
        this.retryNanos = retryNanos;
        this.nanos = nanos;
        this.clock = clock;
    }

    /** False for a short while after a failure: requests go straight to the failure policy. */
    boolean shouldTry() {
        return failingSince == null || nanos.getAsLong() - retryAt >= 0;
    }

    void succeeded() {
        if (failingSince != null) {
            log.info("throttle store reachable again after {} failed calls; shared limits apply", failures.get());
            failingSince = null;
        }
    }

    void failed(Throwable error, String storeFailure) {
        failures.incrementAndGet();
        lastError = error.getClass().getSimpleName();
        retryAt = nanos.getAsLong() + retryNanos;
        if (failingSince == null) {
            failingSince = clock.instant();
            log.warn("throttle store unreachable ({}): applying store_failure: {} until it answers", lastError, storeFailure);
        }
    }

    long retryMillis() {
        return retryNanos / 1_000_000L;
    }

    boolean available() {
        return failingSince == null;
    }

    Instant failingSince() {
        return failingSince;
    }

    long failures() {
        return failures.get();
    }

    String lastError() {
        return lastError;
    }
}
