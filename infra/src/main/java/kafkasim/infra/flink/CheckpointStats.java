package kafkasim.infra.flink;

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
}
