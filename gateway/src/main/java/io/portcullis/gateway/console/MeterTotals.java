package io.portcullis.gateway.console;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.portcullis.gateway.observe.RequestObserver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The gateway's request meters read at one instant: cumulative counts per outcome, refusal reason and throttle
 * decision, and the upstream latency histogram (cumulative buckets, upper bounds in milliseconds). The difference of
 * two readings is one {@link TrafficSample}.
 */
record MeterTotals(long nanos, Map<String, Double> outcomes, Map<String, Double> refusals, Map<String, Double> throttle,
                   double[] latencyBoundsMs, double[] latencyCounts) {

    static final String REQUESTS = "portcullis.requests";
    static final String THROTTLE = "portcullis.throttle.decisions";
    static final String UPSTREAM_LATENCY = "portcullis.upstream.latency";

    static MeterTotals read(MeterRegistry registry, long nanos) {
        Map<String, Double> outcomes = sum(registry, REQUESTS, counter -> counter.getId().getTag("outcome"));
        Map<String, Double> refusals = sum(registry, RequestObserver.REFUSALS, counter -> counter.getId().getTag("reason"));
        Map<String, Double> throttle = sum(registry, THROTTLE,
                counter -> counter.getId().getTag("scope") + " " + counter.getId().getTag("result"));
        Map<Double, Double> buckets = new TreeMap<>();
        for (Timer timer : registry.find(UPSTREAM_LATENCY).timers()) {
            for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
                buckets.merge(bucket.bucket(TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
            }
        }
        double[] bounds = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] counts = buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new MeterTotals(nanos, outcomes, refusals, throttle, bounds, counts);
    }

    private static Map<String, Double> sum(MeterRegistry registry, String name, Function<Counter, String> key) {
        Map<String, Double> totals = new TreeMap<>();
        for (Counter counter : registry.find(name).counters()) {
            totals.merge(key.apply(counter), counter.count(), Double::sum);
        }
        return totals;
    }
}
