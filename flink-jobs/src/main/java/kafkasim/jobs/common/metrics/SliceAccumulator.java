package kafkasim.jobs.common.metrics;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.metrics.SeqRange;

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
    private List<SeqRange> gaps; // null until the first: most seconds have none
    private List<SeqRange> filled;
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

    /**
     * What the seq tracker found about message {@code seq} of a device: {@code lost} seqs missing just before it,
     * a repeat, or a late arrival in an earlier gap.
     */
    public void tracked(String deviceId, long seq, long lost, boolean duplicate, boolean filled) {
        if (lost > 0) {
            gap(deviceId, seq - lost, seq - 1);
        }
        if (duplicate) {
            duplicates++;
        }
        if (filled) {
            filled(deviceId, seq);
        }
    }

    /** Seqs {@code fromSeq..toSeq} of a device were found missing. */
    public void gap(String deviceId, long fromSeq, long toSeq) {
        SeqRange gap = new SeqRange(deviceId, fromSeq, toSeq);
        if (gaps == null) {
            gaps = new ArrayList<>();
        }
        gaps.add(gap);
        lost += gap.size();
    }

    /** A seq of an earlier gap arrived late. */
    public void filled(String deviceId, long seq) {
        if (filled == null) {
            filled = new ArrayList<>();
        }
        filled.add(SeqRange.of(deviceId, seq));
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
                new PathCounters(alerts, truePositives, falsePositives, falseNegatives, replayed), gaps, filled);
    }

    Histogram histogram() {
        return latencyUs;
    }
}
