package kafkasim.jobs.report;

import java.util.BitSet;
import kafkasim.common.metrics.SliceTotals;
import org.HdrHistogram.Histogram;

/**
 * The state of one (path, window): the window's slices folded by the common {@link SliceTotals} (the orchestrator
 * folds with it too, so the report's figures and the summary's agree by construction), plus which subtasks reported
 * and how many slices. Percentiles are computed from the merged histogram only when the window fires, so they are
 * exact percentiles of the union of all recorded latencies (never averages of percentiles).
 *
 * <p>Mutable on purpose (an accumulator); serialized by {@link WindowAccumulatorSerializer}.
 */
public final class WindowAccumulator {
    SliceTotals totals = new SliceTotals();
    /** Metric slices merged (for tests and diagnostics). */
    long records;
    BitSet subtasks = new BitSet();

    void add(MetricSecond m) {
        totals.add(m.slice());
        records++;
        subtasks.set(m.subtask());
    }

    void merge(WindowAccumulator o) {
        totals.add(o.totals);
        records += o.records;
        subtasks.or(o.subtasks);
    }

    /** A deep copy (state backends copy accumulators on snapshot). */
    WindowAccumulator copy() {
        WindowAccumulator c = new WindowAccumulator();
        c.merge(this);
        return c;
    }

    /** The window's totals so far (live view; do not modify). */
    public SliceTotals totals() {
        return totals;
    }

    /** The merged histogram, µs (live view; do not modify). */
    public Histogram latencyUs() {
        return totals.latencyUs();
    }

    /** Metric slices merged so far. */
    public long records() {
        return records;
    }
}
