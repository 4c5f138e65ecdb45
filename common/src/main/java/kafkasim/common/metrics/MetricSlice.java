package kafkasim.common.metrics;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * What one subtask of a path counted in (part of) one second: the messages that completed the path in that
 * second. A second that straddles a checkpoint appears in two records, each with its part; readers add them up.
 *
 * @param windowStartMs start of the second, epoch ms, a whole second (the slice's event time)
 * @param windowMs      length of the window, ms ({@link #WINDOW_MS} by contract)
 * @param received      messages that completed the path in the window
 * @param lost          seqs the path found missing
 * @param duplicates    seqs the path saw again
 * @param latencyUs     base64 compressed HdrHistogram ({@link Histograms}) of completion time − sentAtUs, µs, with
 *                      exactly {@code received} values
 * @param counters      the path-specific counters
 */
public record MetricSlice(long windowStartMs, long windowMs, long received, long lost, long duplicates,
                          String latencyUs, PathCounters counters) {
    /** Length of a slice's window, ms. */
    public static final long WINDOW_MS = 1000;

    public MetricSlice {
        if (windowStartMs < 0 || windowMs <= 0 || received < 0 || lost < 0 || duplicates < 0) {
            throw new IllegalArgumentException("bad slice: windowStartMs " + windowStartMs + ", windowMs " + windowMs
                    + ", received " + received + ", lost " + lost + ", duplicates " + duplicates);
        }
        Objects.requireNonNull(latencyUs, "latencyUs");
        Objects.requireNonNull(counters, "counters");
    }

    /** A one-second slice whose latency histogram is encoded from {@code latencyUs}. */
    public static MetricSlice of(long windowStartMs, long lost, long duplicates, Histogram latencyUs,
                                 PathCounters counters) {
        return new MetricSlice(windowStartMs, WINDOW_MS, latencyUs.getTotalCount(), lost, duplicates,
                Histograms.encode(latencyUs), counters);
    }

    /** The latency histogram, decoded (a fresh copy on every call). */
    public Histogram latencyHistogram() {
        return Histograms.decode(latencyUs);
    }
}
