package kafkasim.common.metrics;

import java.util.HashMap;
import java.util.Map;

/**
 * What every reader of metric records must do: per stream (runId, path, subtask), accept a record only if its
 * checkpoint id is greater than that of the last one accepted. A subtask publishes its records in checkpoint order
 * (one producer, in order), and after a restore it publishes the pending records of the restored checkpoint again,
 * because it cannot know whether they went out before the crash: the rule drops exactly those that did. Checkpoint
 * ids grow within a job, also across restores.
 *
 * <p>{@link #isNew} is the rule for readers that keep their own state (the aggregation job, per key in Flink
 * state); an instance keeps the last accepted id per stream in memory (the orchestrator). Not thread-safe.
 */
public final class MetricRecordDedupe {
    private final Map<String, Long> lastAccepted = new HashMap<>();
    private long dropped;

    /** The rule: a record with {@code checkpointId} is new after {@code lastAcceptedCheckpointId} (null: none yet). */
    public static boolean isNew(long checkpointId, Long lastAcceptedCheckpointId) {
        return lastAcceptedCheckpointId == null || checkpointId > lastAcceptedCheckpointId;
    }

    /** Whether {@code r} is new on its stream; if so it becomes the last accepted one. */
    public boolean accept(PathMetricRecord r) {
        String key = r.streamKey();
        if (!isNew(r.checkpointId(), lastAccepted.get(key))) {
            dropped++;
            return false;
        }
        lastAccepted.put(key, r.checkpointId());
        return true;
    }

    /** Records dropped as already accepted. */
    public long dropped() {
        return dropped;
    }
}
