package io.portcullis.gateway.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyQuantilesTest {

    private static final double[] BOUNDS = {10, 20, 50, 100};

    @Test
    void quantileWhenNothingCountedThenNull() {
        assertThat(LatencyQuantiles.quantile(0.5, BOUNDS, new double[]{0, 0, 0, 0})).isNull();
        assertThat(LatencyQuantiles.quantile(0.5, new double[0], new double[0])).isNull();
    }

    @Test
    void quantileWhenRankFallsInsideABucketThenInterpolatesAsHistogramQuantile() {
        // 10 values: 4 up to 10 ms, 4 more up to 20 ms, 2 more up to 50 ms; the median is the 5th: 1/4 into (10, 20]
        double[] cumulative = {4, 8, 10, 10};

        assertThat(LatencyQuantiles.quantile(0.5, BOUNDS, cumulative)).isEqualTo(12.5);
        assertThat(LatencyQuantiles.quantile(0.99, BOUNDS, cumulative)).isEqualTo(48.5);
    }

    @Test
    void quantileWhenRankInFirstBucketThenInterpolatesFromZero() {
        assertThat(LatencyQuantiles.quantile(0.5, BOUNDS, new double[]{10, 10, 10, 10})).isEqualTo(5.0);
    }
}
