package kafkasim.jobs.common.metrics;

import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.HdrHistogram.Histogram;

/**
 * What one subtask counts in one second until the next checkpoint turns it into a {@link MetricSlice}. Mutable,
 * used by the operator's thread only (no reporter thread, no atomics).
 */
public final class SliceAccumulator {
    final long windowStartMs;
    private final Histogram latencyUs;
    private long lost;
    private long duplicates;
    private long alerts;
    private long truePositives;
    private long falsePositives;
    private long falseNegatives;
    private long replayed;

    /** @param latencyUs an empty histogram of the project's range ({@link Histograms#create()}) */
    SliceAccumulator(long windowStartMs, Histogram latencyUs) {
        this.windowStartMs = windowStartMs;
        this.latencyUs = latencyUs;
    }

    /** One message completed the path {@code latencyUs} after it was (scheduled to be) sent. */
    public void completed(long latencyUs) {
        this.latencyUs.recordValue(Histograms.clampUs(latencyUs));
    }

    /** Adds seqs found missing. */
    public void lost(long count) {
        lost += count;
    }

    /** Adds seqs seen again. */
    public void duplicates(long count) {
        duplicates += count;
    }

    /** Fast path: an alert was raised; {@code anomaly} is the message's ground truth. */
    public void alert(boolean anomaly) {
        alerts++;
        if (anomaly) {
            truePositives++;
        } else {
            falsePositives++;
        }
    }

    /** Fast path: an injected anomaly raised no alert. */
    public void missedAnomaly() {
        falseNegatives++;
    }

    /** Medium path: a committed row the primary key skipped. */
    public void replayed() {
        replayed++;
    }

    /** The slice; the histogram is then free to be reused (the caller resets it). */
    MetricSlice toSlice() {
        return MetricSlice.of(windowStartMs, lost, duplicates, latencyUs,
                new PathCounters(alerts, truePositives, falsePositives, falseNegatives, replayed));
    }

    Histogram histogram() {
        return latencyUs;
    }
}
