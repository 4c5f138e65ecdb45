package kafkasim.common.metrics;

import java.util.List;
import java.util.Objects;

/**
 * One metric record: what one subtask of one path counted between two checkpoints, published once that checkpoint
 * completed (see {@link MetricRecordCodec} for the wire format and {@link MetricRecordDedupe} for what readers must
 * do with it).
 *
 * @param runId        the run
 * @param path         {@link #FAST}, {@link #MEDIUM} or {@link #SLOW}
 * @param subtask      the subtask's index (≥ 0)
 * @param checkpointId the Flink checkpoint the counts belong to; grows within a job, also across restores, so it
 *                     orders a subtask's records and identifies a republished one
 * @param slices       per-second slices in time order (none only if the subtask saw no time pass)
 */
public record PathMetricRecord(String runId, String path, int subtask, long checkpointId, List<MetricSlice> slices) {
    public static final String FAST = "fast";
    public static final String MEDIUM = "medium";
    public static final String SLOW = "slow";
    public static final List<String> PATHS = List.of(FAST, MEDIUM, SLOW);

    public PathMetricRecord {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId must not be empty");
        }
        if (!PATHS.contains(path)) {
            throw new IllegalArgumentException("path must be one of " + PATHS + ", got " + path);
        }
        if (subtask < 0 || checkpointId < 0) {
            throw new IllegalArgumentException("subtask and checkpointId must be >= 0, got " + subtask + ", "
                    + checkpointId);
        }
        slices = List.copyOf(Objects.requireNonNull(slices, "slices"));
        for (MetricSlice s : slices) {
            if (!s.counters().fits(path)) {
                throw new IllegalArgumentException("a " + path + " slice carries counters of another path: " + s);
            }
        }
    }

    /** The name of the process that publishes a subtask's records (and their Kafka key): flink-PATH-SUBTASK. */
    public static String processName(String path, int subtask) {
        return "flink-" + path + "-" + subtask;
    }

    public String process() {
        return processName(path, subtask);
    }

    /** The stream this record belongs to: its checkpoint ids grow along it (runId/path/subtask). */
    public String streamKey() {
        return runId + "/" + path + "/" + subtask;
    }

    /** Messages received over all slices. */
    public long received() {
        return slices.stream().mapToLong(MetricSlice::received).sum();
    }
}
