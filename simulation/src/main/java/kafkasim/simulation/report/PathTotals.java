package kafkasim.simulation.report;

import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.HdrHistogram.Histogram;

/**
 * What one consumer path reported, folded from its metric records' slices (see {@link #of}): counts add up, latency
 * histograms (µs) merge. Mutable while it is being folded; {@link PathMetrics} hands out copies.
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

    /** The totals of {@code slices}. */
    public static PathTotals of(Iterable<MetricSlice> slices) {
        PathTotals t = new PathTotals();
        slices.forEach(t::add);
        return t;
    }

    /** Folds one slice in (its histogram is decoded here: the codec validated it). */
    public void add(MetricSlice s) {
        received += s.received();
        lost += s.lost();
        duplicates += s.duplicates();
        PathCounters c = s.counters();
        alerts += c.alerts();
        truePositives += c.truePositives();
        falsePositives += c.falsePositives();
        falseNegatives += c.falseNegatives();
        replayed += c.replayed();
        if (s.received() > 0) {
            latencyUs.add(s.latencyHistogram());
        }
    }

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
