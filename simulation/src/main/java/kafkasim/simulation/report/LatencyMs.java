package kafkasim.simulation.report;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, read from a merged µs histogram (never averaged). */
public record LatencyMs(long count, double p50, double p90, double p99, double p999, double max) {
    /** Percentiles of a µs histogram, in ms. */
    public static LatencyMs of(Histogram us) {
        if (us.getTotalCount() == 0) {
            return new LatencyMs(0, 0, 0, 0, 0, 0);
        }
        return new LatencyMs(us.getTotalCount(), ms(us.getValueAtPercentile(50)), ms(us.getValueAtPercentile(90)),
                ms(us.getValueAtPercentile(99)), ms(us.getValueAtPercentile(99.9)), ms(us.getMaxValue()));
    }

    private static double ms(long us) {
        return Math.round(us / 10.0) / 100.0; // µs → ms with 2 decimals
    }
}
