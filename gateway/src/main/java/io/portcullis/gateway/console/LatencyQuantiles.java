package io.portcullis.gateway.console;

/** A quantile from cumulative histogram buckets, interpolated inside its bucket as Prometheus's histogram_quantile. */
final class LatencyQuantiles {

    private LatencyQuantiles() {
    }

    /**
     * {@code cumulative[i]} counts the values at most {@code bounds[i]} (ascending). Null when nothing was counted;
     * values above the last bound count as that bound.
     */
    static Double quantile(double q, double[] bounds, double[] cumulative) {
        if (cumulative.length == 0 || cumulative[cumulative.length - 1] <= 0) {
            return null;
        }
        double rank = q * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= rank) {
                double lowerBound = i == 0 ? 0 : bounds[i - 1];
                double lowerCount = i == 0 ? 0 : cumulative[i - 1];
                double inBucket = cumulative[i] - lowerCount;
                double fraction = inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket;
                return Math.round((lowerBound + (bounds[i] - lowerBound) * fraction) * 1000) / 1000.0;
            }
        }
        return bounds[bounds.length - 1];
    }
}
