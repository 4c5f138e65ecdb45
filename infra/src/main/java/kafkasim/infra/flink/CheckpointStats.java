package kafkasim.infra.flink;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checkpoint counters of one job ({@code GET /jobs/:id/checkpoints}).
 *
 * @param total              checkpoints triggered
 * @param completed          checkpoints completed
 * @param failed             checkpoints failed
 * @param inProgress         checkpoints in progress
 * @param restored           times the job restored from a checkpoint or savepoint (e.g. after a lost TaskManager)
 * @param lastCompletedId    id of the latest completed checkpoint, -1 if none
 * @param lastCompletedPath  its external path ({@code file:/…}), null if none
 * @param lastRestoredId     id of the checkpoint the job last restored from, -1 if none
 */
public record CheckpointStats(long total, long completed, long failed, long inProgress, long restored,
                              long lastCompletedId, String lastCompletedPath, long lastRestoredId) {

    /** From the answer of {@code GET /jobs/:id/checkpoints}; what it lacks counts as 0, or -1 / null for ids. */
    static CheckpointStats of(JsonNode root) {
        JsonNode counts = root.path("counts");
        JsonNode completed = root.path("latest").path("completed");
        JsonNode restored = root.path("latest").path("restored");
        return new CheckpointStats(
                counts.path("total").asLong(0),
                counts.path("completed").asLong(0),
                counts.path("failed").asLong(0),
                counts.path("in_progress").asLong(0),
                counts.path("restored").asLong(0),
                completed.isObject() ? completed.path("id").asLong(-1) : -1,
                completed.isObject() && completed.hasNonNull("external_path")
                        ? completed.path("external_path").asText() : null,
                restored.isObject() ? restored.path("id").asLong(-1) : -1);
    }
}
