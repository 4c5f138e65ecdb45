package kafkasim.common.metrics;

import java.util.List;
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
 * @param gaps          which seqs {@code lost} counts: the gaps found in the window, per device
 * @param filled        seqs of earlier gaps that arrived late in the window (counted in {@code received}, not in
 *                      {@code duplicates}); readers take them out of the gaps
 */
public record MetricSlice(long windowStartMs, long windowMs, long received, long lost, long duplicates,
                          String latencyUs, PathCounters counters, List<SeqRange> gaps, List<SeqRange> filled) {
    /** Length of a slice's window, ms. */
    public static final long WINDOW_MS = 1000;

    public MetricSlice {
        if (windowStartMs < 0 || windowMs <= 0 || received < 0 || lost < 0 || duplicates < 0) {
            throw new IllegalArgumentException("bad slice: windowStartMs " + windowStartMs + ", windowMs " + windowMs
                    + ", received " + received + ", lost " + lost + ", duplicates " + duplicates);
        }
        Objects.requireNonNull(latencyUs, "latencyUs");
        Objects.requireNonNull(counters, "counters");
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
        filled = filled == null ? List.of() : List.copyOf(filled);
        long inGaps = gaps.stream().mapToLong(SeqRange::size).sum();
        if (!gaps.isEmpty() && inGaps != lost) {
            throw new IllegalArgumentException("the gaps hold " + inGaps + " seqs, but lost is " + lost);
        }
    }

    /** A slice without seq ranges (lost counted only). */
    public MetricSlice(long windowStartMs, long windowMs, long received, long lost, long duplicates,
                       String latencyUs, PathCounters counters) {
        this(windowStartMs, windowMs, received, lost, duplicates, latencyUs, counters, List.of(), List.of());
    }

    /** A one-second slice whose latency histogram is encoded from {@code latencyUs}. */
    public static MetricSlice of(long windowStartMs, long lost, long duplicates, Histogram latencyUs,
                                 PathCounters counters) {
        return new MetricSlice(windowStartMs, WINDOW_MS, latencyUs.getTotalCount(), lost, duplicates,
                Histograms.encode(latencyUs), counters);
    }

    /** As {@link #of(long, long, long, Histogram, PathCounters)}, with the seq ranges behind {@code lost}. */
    public static MetricSlice of(long windowStartMs, long lost, long duplicates, Histogram latencyUs,
                                 PathCounters counters, List<SeqRange> gaps, List<SeqRange> filled) {
        return new MetricSlice(windowStartMs, WINDOW_MS, latencyUs.getTotalCount(), lost, duplicates,
                Histograms.encode(latencyUs), counters, gaps, filled);
    }

    /** The latency histogram, decoded (a fresh copy on every call). */
    public Histogram latencyHistogram() {
        return Histograms.decode(latencyUs);
    }
}
