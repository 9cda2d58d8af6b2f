package io.portcullis.gateway.console;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One interval of traffic, every count as a rate per second: requests by outcome ({@code forwarded}, {@code 401},
 * {@code 5xx}...), refusals by reason id (upstream failures apart, in {@code upstreamErrors}), throttle decisions by
 * {@code "scope result"}, and the upstream latency's p50 and p99 in milliseconds (null without proxied requests).
 */
public record TrafficSample(Instant at, Map<String, Double> requests, Map<String, Double> refusals,
                            Map<String, Double> upstreamErrors, Map<String, Double> throttle, Double p50Ms, Double p99Ms) {

    private static final String UPSTREAM_REASON = "upstream_";

    static TrafficSample between(MeterTotals before, MeterTotals after, Instant at) {
        double seconds = Math.max(1e-3, (after.nanos() - before.nanos()) / 1e9);
        Map<String, Double> refusals = new TreeMap<>();
        Map<String, Double> upstreamErrors = new TreeMap<>();
        rates(before.refusals(), after.refusals(), seconds).forEach((reason, rate) ->
                (reason.startsWith(UPSTREAM_REASON) ? upstreamErrors : refusals).put(reason, rate));
        double[] counts = latencyDelta(before, after);
        return new TrafficSample(at, rates(before.outcomes(), after.outcomes(), seconds), refusals, upstreamErrors,
                rates(before.throttle(), after.throttle(), seconds),
                LatencyQuantiles.quantile(0.5, after.latencyBoundsMs(), counts),
                LatencyQuantiles.quantile(0.99, after.latencyBoundsMs(), counts));
    }

    /** Only what moved: a key with no new count in the interval is left out. */
    private static Map<String, Double> rates(Map<String, Double> before, Map<String, Double> after, double seconds) {
        Map<String, Double> rates = new TreeMap<>();
        after.forEach((key, total) -> {
            double delta = total - before.getOrDefault(key, 0.0);
            if (delta > 0) {
                rates.put(key, Math.round(delta / seconds * 1000) / 1000.0);
            }
        });
        return rates;
    }

    /** Per bucket, what was added in the interval; a bucket bound seen only now started from zero. */
    private static double[] latencyDelta(MeterTotals before, MeterTotals after) {
        Map<Double, Double> previous = new HashMap<>();
        for (int i = 0; i < before.latencyBoundsMs().length; i++) {
            previous.put(before.latencyBoundsMs()[i], before.latencyCounts()[i]);
        }
        double[] delta = new double[after.latencyCounts().length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = Math.max(0, after.latencyCounts()[i] - previous.getOrDefault(after.latencyBoundsMs()[i], 0.0));
        }
        return delta;
    }
}
