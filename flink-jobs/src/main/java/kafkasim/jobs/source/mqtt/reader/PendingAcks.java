package kafkasim.jobs.source.mqtt.reader;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The acknowledgements a reader owes the broker, kept per checkpoint: what was emitted before the barrier of
 * checkpoint N is acknowledged when N (or a later checkpoint) completes, never before, never twice. Task thread
 * only (emitting, snapshots and checkpoint notifications all run there).
 *
 * <p>Failure semantics: a failed or closed reader {@link #discard}s what it owes, so the broker keeps those
 * messages and redelivers them to the next reader of the session. A restored reader starts empty: the messages of
 * the checkpoint it was restored from were either acknowledged before the failure or are redelivered (duplicates).
 */
public final class PendingAcks {
    /** One completed snapshot's messages, acknowledged when that checkpoint completes. */
    private record CheckpointAcks(long checkpointId, List<Runnable> acks) {
    }

    private final ArrayDeque<CheckpointAcks> snapshotted = new ArrayDeque<>();
    private List<Runnable> sinceLastSnapshot = new ArrayList<>();
    private long lastSnapshotId = Long.MIN_VALUE;
    private long pending;

    /** A message was emitted; its acknowledgement waits for the next snapshot's checkpoint to complete. */
    public void add(Runnable acknowledge) {
        sinceLastSnapshot.add(acknowledge);
        pending++;
    }

    /** {@code snapshotState(checkpointId)}: every message emitted since the previous snapshot belongs to it. */
    public void snapshot(long checkpointId) {
        if (checkpointId <= lastSnapshotId) {
            throw new IllegalStateException("snapshot of checkpoint " + checkpointId + " after checkpoint "
                    + lastSnapshotId + ": checkpoint ids must grow");
        }
        lastSnapshotId = checkpointId;
        if (!sinceLastSnapshot.isEmpty()) {
            snapshotted.add(new CheckpointAcks(checkpointId, sinceLastSnapshot));
            sinceLastSnapshot = new ArrayList<>();
        }
    }

    /**
     * {@code notifyCheckpointComplete(checkpointId)}: acknowledges, in the order they were emitted, the messages of
     * every snapshot up to {@code checkpointId} (a completed checkpoint subsumes earlier ones whose notification was
     * lost or that were aborted). Returns how many were acknowledged.
     */
    public int acknowledgeUpTo(long checkpointId) {
        int acknowledged = 0;
        while (!snapshotted.isEmpty() && snapshotted.peekFirst().checkpointId() <= checkpointId) {
            CheckpointAcks done = snapshotted.pollFirst();
            pending -= done.acks().size(); // counted first: an acknowledgement that throws is not retried
            for (Runnable ack : done.acks()) {
                ack.run();
                acknowledged++;
            }
        }
        return acknowledged;
    }

    /** Messages emitted and not acknowledged yet. */
    public long pending() {
        return pending;
    }

    /** Forgets every pending acknowledgement without sending it (the broker redelivers those messages). */
    public long discard() {
        long discarded = pending;
        snapshotted.clear();
        sinceLastSnapshot = new ArrayList<>();
        pending = 0;
        return discarded;
    }
}
