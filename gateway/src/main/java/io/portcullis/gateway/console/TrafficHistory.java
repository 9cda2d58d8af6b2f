package io.portcullis.gateway.console;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The last {@code window} of traffic for the ops console, one {@link TrafficSample} per {@code interval}, read from the
 * request meters (not from requests: the request path pays nothing for it). Oldest samples drop off; memory stays
 * bounded by {@code window / interval} samples.
 */
public final class TrafficHistory implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrafficHistory.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration interval;
    private final int capacity;
    private final Deque<TrafficSample> samples;
    private MeterTotals last;
    private ScheduledExecutorService sampler;

    public TrafficHistory(MeterRegistry registry, Clock clock, Duration interval, Duration window) {
        this.registry = registry;
        this.clock = clock;
        this.interval = interval;
        this.capacity = (int) Math.max(1, window.toMillis() / interval.toMillis());
        this.samples = new ArrayDeque<>(capacity);
    }

    public Duration interval() {
        return interval;
    }

    /** Oldest first. */
    public synchronized List<TrafficSample> samples() {
        return List.copyOf(samples);
    }

    /** Closes the current interval: one sample of what the meters counted since the previous call. */
    synchronized void sample() {
        MeterTotals now = MeterTotals.read(registry, System.nanoTime());
        if (last != null) {
            if (samples.size() == capacity) {
                samples.removeFirst();
            }
            samples.addLast(TrafficSample.between(last, now, clock.instant()));
        }
        last = now;
    }

    /** A failed reading costs one sample, never the sampler: an exception would end the scheduled task. */
    private void sampleOrLog() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.warn("console traffic sample skipped: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        sampler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "portcullis-console-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sample();
        sampler.scheduleAtFixedRate(this::sampleOrLog, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
            sampler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return sampler != null;
    }
}
