package kafkasim.jobs.common.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricRecordDedupe;
import kafkasim.common.metrics.MetricRecordException;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathMetricRecord;
import org.HdrHistogram.Histogram;

/**
 * Metric records as a reader sees them: decoded with the common codec (a broken one fails the test), deduplicated
 * as every reader must ({@link MetricRecordDedupe}), summed over their slices.
 */
public final class MetricRecords {
    private final List<PathMetricRecord> all = new ArrayList<>();
    private final List<PathMetricRecord> accepted = new ArrayList<>();
    private final MetricRecordDedupe dedupe = new MetricRecordDedupe();

    /** Adds a log-topic line; lines of other topics are skipped. */
    public void add(byte[] line) {
        Optional<PathMetricRecord> r;
        try {
            r = MetricRecordCodec.decodeIfMetric(line);
        } catch (MetricRecordException e) {
            throw new AssertionError("a broken metric record: " + e.getMessage(), e);
        }
        if (r.isPresent()) {
            all.add(r.get());
            if (dedupe.accept(r.get())) {
                accepted.add(r.get());
            }
        }
    }

    /** Every metric record, republished ones included, in arrival order. */
    public List<PathMetricRecord> all() {
        return all;
    }

    /** The records a reader accepts. */
    public List<PathMetricRecord> accepted() {
        return accepted;
    }

    public long dropped() {
        return dedupe.dropped();
    }

    /** Sum of a slice field over the accepted records: received, lost, duplicates or a counter's name. */
    public long sum(String field) {
        long sum = 0;
        for (PathMetricRecord r : accepted) {
            for (MetricSlice s : r.slices()) {
                sum += switch (field) {
                    case "received" -> s.received();
                    case "lost" -> s.lost();
                    case "duplicates" -> s.duplicates();
                    default -> s.counters().get(field);
                };
            }
        }
        return sum;
    }

    /** The merged latency histogram of the accepted records. */
    public Histogram latency() {
        Histogram all = Histograms.create();
        accepted.forEach(r -> r.slices().forEach(s -> all.add(s.latencyHistogram())));
        return all;
    }

    /** Per process, the slices' window starts in arrival order (accepted records only). */
    public Map<String, List<Long>> windowsByProcess() {
        Map<String, List<Long>> windows = new TreeMap<>();
        accepted.forEach(r -> r.slices().forEach(s -> windows.computeIfAbsent(r.process(), k -> new ArrayList<>())
                .add(s.windowStartMs())));
        return windows;
    }

    /** Per process, the checkpoint ids of the accepted records in arrival order. */
    public Map<String, List<Long>> checkpointsByProcess() {
        Map<String, List<Long>> ids = new TreeMap<>();
        accepted.forEach(r -> ids.computeIfAbsent(r.process(), k -> new ArrayList<>()).add(r.checkpointId()));
        return ids;
    }
}
