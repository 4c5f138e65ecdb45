package kafkasim.common.metrics;

import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The one fold of metric slices, for every reader: the counts add up and the latency histograms (µs) merge, so
 * percentiles are those of every latency the slices recorded, never averages of percentiles. The orchestrator folds
 * a path's slices with it (the whole run, after the warm-up, a window); the report job one (path, window).
 * <p>
 * Mutable while it folds (one thread at a time); {@link #copy()} for a snapshot. The histogram grows as slices
 * arrive ({@link Histograms#createResizable()}): the senders' bucket layout, so the merged percentiles equal those
 * of one histogram that recorded every value.
 */
public final class SliceTotals {
    /** How many values {@link #counts()} holds. */
    public static final int COUNTS = 8;

    private long received;
    private long lost;
    private long duplicates;
    private PathCounters counters = PathCounters.ZERO;
    private final Histogram latencyUs;

    /** Nothing folded yet. */
    public SliceTotals() {
        this(Histograms.createResizable());
    }

    private SliceTotals(Histogram latencyUs) {
        this.latencyUs = latencyUs;
    }

    /** The totals of {@code slices}. */
    public static SliceTotals of(Iterable<MetricSlice> slices) {
        SliceTotals t = new SliceTotals();
        slices.forEach(t::add);
        return t;
    }

    /**
     * Totals as a serializer wrote them: {@code counts} in {@link #counts()}'s order and the merged histogram (taken,
     * not copied; made to grow as more is added).
     */
    public static SliceTotals restore(long[] counts, Histogram latencyUs) {
        if (counts.length != COUNTS) {
            throw new IllegalArgumentException("expected " + COUNTS + " counts, got " + counts.length);
        }
        Objects.requireNonNull(latencyUs, "latencyUs").setAutoResize(true);
        SliceTotals t = new SliceTotals(latencyUs);
        t.received = counts[0];
        t.lost = counts[1];
        t.duplicates = counts[2];
        t.counters = new PathCounters(counts[3], counts[4], counts[5], counts[6], counts[7]);
        return t;
    }

    /** Folds one slice in (its histogram is decoded here: the codec validated it, so this cannot fail). */
    public void add(MetricSlice s) {
        received += s.received();
        lost += s.lost();
        duplicates += s.duplicates();
        counters = counters.plus(s.counters());
        if (s.received() > 0) {
            latencyUs.add(s.latencyHistogram()); // an empty slice's histogram adds nothing: not decoded
        }
    }

    /** Folds other totals in (the union of both folds' slices). */
    public void add(SliceTotals o) {
        received += o.received;
        lost += o.lost;
        duplicates += o.duplicates;
        counters = counters.plus(o.counters);
        latencyUs.add(o.latencyUs);
    }

    /** A deep copy: folding on into either leaves the other as it is. */
    public SliceTotals copy() {
        SliceTotals c = new SliceTotals();
        c.add(this);
        return c;
    }

    /**
     * The counts in a fixed order, what a serializer writes: received, lost, duplicates, alerts, truePositives,
     * falsePositives, falseNegatives, replayed (see {@link #restore}).
     */
    public long[] counts() {
        return new long[] {received, lost, duplicates, counters.alerts(), counters.truePositives(),
                counters.falsePositives(), counters.falseNegatives(), counters.replayed()};
    }

    /** Messages that completed the path. */
    public long received() {
        return received;
    }

    /** Seqs the path found missing. */
    public long lost() {
        return lost;
    }

    /** Seqs the path saw again. */
    public long duplicates() {
        return duplicates;
    }

    /** The path-specific counters, summed. */
    public PathCounters counters() {
        return counters;
    }

    /** The merged latency histogram, µs (a live view: do not modify it). */
    public Histogram latencyUs() {
        return latencyUs;
    }
}
