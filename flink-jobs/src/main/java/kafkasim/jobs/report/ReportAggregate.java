package kafkasim.jobs.report;

import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.SliceTotals;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.functions.AggregateFunction;

/**
 * Merges the metric slices of one (path, window) into a {@link WindowAccumulator}: folded by the common
 * {@link SliceTotals} (counters summed, latency histograms merged with {@link Histogram#add}). Percentiles are read
 * from the merged histogram in {@link #getResult}.
 */
public final class ReportAggregate implements AggregateFunction<MetricSecond, WindowAccumulator, WindowTotals> {
    private static final long serialVersionUID = 1L;
    private static final double US_PER_MS = 1000.0;

    @Override
    public WindowAccumulator createAccumulator() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator add(MetricSecond value, WindowAccumulator acc) {
        acc.add(value);
        return acc;
    }

    @Override
    public WindowTotals getResult(WindowAccumulator a) {
        SliceTotals t = a.totals;
        PathCounters c = t.counters();
        Histogram h = t.latencyUs();
        boolean empty = h.getTotalCount() == 0;
        return new WindowTotals(t.received(), t.lost(), t.duplicates(),
                percentileMs(h, 50.0, empty), percentileMs(h, 90.0, empty), percentileMs(h, 99.0, empty),
                percentileMs(h, 99.9, empty), empty ? null : h.getMaxValue() / US_PER_MS,
                c.alerts(), c.truePositives(), c.falsePositives(), c.falseNegatives(), c.replayed(),
                a.subtasks.cardinality(), a.records);
    }

    @Override
    public WindowAccumulator merge(WindowAccumulator a, WindowAccumulator b) {
        a.merge(b);
        return a;
    }

    private static Double percentileMs(Histogram h, double percentile, boolean empty) {
        return empty ? null : h.getValueAtPercentile(percentile) / US_PER_MS;
    }
}
