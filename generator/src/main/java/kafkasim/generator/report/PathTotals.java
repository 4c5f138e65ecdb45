package kafkasim.generator.report;

import kafkasim.common.metrics.Histograms;
import org.HdrHistogram.Histogram;

/**
 * What one consumer path reported so far, summed over its subtasks' metric records: counts and the merged
 * latency histogram (µs). Mutable, guarded by the owning {@link PathMetricsReader}.
 */
public final class PathTotals {
    long received;
    long lost;
    long duplicates;
    long alerts;
    long truePositives;
    long falsePositives;
    long falseNegatives;
    long replayed;
    final Histogram latencyUs = Histograms.create();

    public long received() {
        return received;
    }

    public long lost() {
        return lost;
    }

    public long duplicates() {
        return duplicates;
    }

    public long alerts() {
        return alerts;
    }

    public long truePositives() {
        return truePositives;
    }

    public long falsePositives() {
        return falsePositives;
    }

    public long falseNegatives() {
        return falseNegatives;
    }

    public long replayed() {
        return replayed;
    }

    public Histogram latencyUs() {
        return latencyUs;
    }

    PathTotals copy() {
        PathTotals c = new PathTotals();
        c.received = received;
        c.lost = lost;
        c.duplicates = duplicates;
        c.alerts = alerts;
        c.truePositives = truePositives;
        c.falsePositives = falsePositives;
        c.falseNegatives = falseNegatives;
        c.replayed = replayed;
        c.latencyUs.add(latencyUs);
        return c;
    }
}
