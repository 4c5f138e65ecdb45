package kafkasim.jobs.report;

import java.util.BitSet;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.HdrHistogram.Histogram;

/**
 * The state of one (path, window): sums of the counters, the set of subtasks that reported, and one merged
 * latency histogram. Percentiles are computed from the merged histogram only when the window fires, so they are
 * exact percentiles of the union of all recorded latencies (never averages of percentiles).
 *
 * <p>The histogram auto-resizes and starts small (the senders' histograms track up to one hour, which would cost
 * ~190 KB per window if allocated up front); its bucket layout (1 µs lowest unit, 3 significant digits) equals the
 * senders', so merged percentiles equal those of one histogram that recorded every value.
 *
 * <p>Mutable on purpose (an accumulator); serialized by {@link WindowAccumulatorSerializer}.
 */
public final class WindowAccumulator {
    long received;
    long lost;
    long duplicates;
    long alerts;
    long truePositives;
    long falsePositives;
    long falseNegatives;
    long replayed;
    /** Metric slices merged (for tests and diagnostics). */
    long records;
    BitSet subtasks = new BitSet();
    Histogram latencyUs = newHistogram();

    static Histogram newHistogram() {
        Histogram h = new Histogram(Histograms.SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    void add(MetricSecond m) {
        MetricSlice s = m.slice();
        received += s.received();
        lost += s.lost();
        duplicates += s.duplicates();
        PathCounters c = s.counters();
        alerts += c.alerts();
        truePositives += c.truePositives();
        falsePositives += c.falsePositives();
        falseNegatives += c.falseNegatives();
        replayed += c.replayed();
        records++;
        subtasks.set(m.subtask());
        if (s.received() > 0) {
            latencyUs.add(s.latencyHistogram()); // validated by the codec: cannot fail
        }
    }

    void merge(WindowAccumulator o) {
        received += o.received;
        lost += o.lost;
        duplicates += o.duplicates;
        alerts += o.alerts;
        truePositives += o.truePositives;
        falsePositives += o.falsePositives;
        falseNegatives += o.falseNegatives;
        replayed += o.replayed;
        records += o.records;
        subtasks.or(o.subtasks);
        latencyUs.add(o.latencyUs);
    }

    /** A deep copy (state backends copy accumulators on snapshot). */
    WindowAccumulator copy() {
        WindowAccumulator c = new WindowAccumulator();
        c.merge(this);
        return c;
    }

    /** The merged histogram, µs (live view; do not modify). */
    public Histogram latencyUs() {
        return latencyUs;
    }

    /** Metric slices merged so far. */
    public long records() {
        return records;
    }
}
