package io.portcullis.gateway.console;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficSampleTest {

    private static final long TEN_SECONDS = 10_000_000_000L;

    private static MeterTotals totals(long nanos, Map<String, Double> outcomes, Map<String, Double> refusals, double[] latency) {
        return new MeterTotals(nanos, outcomes, refusals, Map.of(), new double[]{10, 100}, latency);
    }

    @Test
    void betweenWhenCountersGrewThenRatesPerSecondOfWhatMovedOnly() {
        MeterTotals before = totals(0, Map.of("forwarded", 100.0, "401", 7.0), Map.of(), new double[]{0, 0});
        MeterTotals after = totals(TEN_SECONDS, Map.of("forwarded", 150.0, "401", 7.0, "429", 5.0), Map.of(), new double[]{0, 0});

        TrafficSample sample = TrafficSample.between(before, after, Instant.EPOCH);

        assertThat(sample.requests()).containsExactlyInAnyOrderEntriesOf(Map.of("forwarded", 5.0, "429", 0.5));
    }

    @Test
    void betweenWhenUpstreamReasonsThenTheyAreUpstreamErrorsNotRefusals() {
        MeterTotals before = totals(0, Map.of(), Map.of(), new double[]{0, 0});
        MeterTotals after = totals(TEN_SECONDS, Map.of(), Map.of("upstream_refused", 10.0, "not_authenticated", 20.0), new double[]{0, 0});

        TrafficSample sample = TrafficSample.between(before, after, Instant.EPOCH);

        assertThat(sample.refusals()).containsExactlyEntriesOf(Map.of("not_authenticated", 2.0));
        assertThat(sample.upstreamErrors()).containsExactlyEntriesOf(Map.of("upstream_refused", 1.0));
    }

    @Test
    void betweenWhenLatencyHistogramGrewThenQuantilesOfTheIntervalOnly() {
        // before: 100 slow requests (all above 10 ms); in the interval: 10 fast ones, all within 10 ms
        MeterTotals before = totals(0, Map.of(), Map.of(), new double[]{0, 100});
        MeterTotals after = totals(TEN_SECONDS, Map.of(), Map.of(), new double[]{10, 110});

        TrafficSample sample = TrafficSample.between(before, after, Instant.EPOCH);

        assertThat(sample.p50Ms()).isEqualTo(5.0);
        assertThat(sample.p99Ms()).isEqualTo(9.9);
    }

    @Test
    void betweenWhenNoProxiedRequestThenNoLatency() {
        MeterTotals same = totals(0, Map.of(), Map.of(), new double[]{3, 3});

        assertThat(TrafficSample.between(same, totals(TEN_SECONDS, Map.of(), Map.of(), new double[]{3, 3}), Instant.EPOCH).p50Ms()).isNull();
    }
}
