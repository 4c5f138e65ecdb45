package kafkasim.jobs.source;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Chained right after the source under test: records every envelope per task attempt (subtask and attempt number),
 * with how many it had seen at each of its snapshots and which completed checkpoints it was told of, so the
 * contract can say exactly what a failed attempt had confirmed and what a restore may replay. It can slow the
 * source down (so a failure finds messages unread and in flight) and fail once. The MiniCluster runs in the test
 * JVM, so static state sees every subtask and attempt.
 */
final class Arrivals extends RichMapFunction<Envelope, Envelope> implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    static final long NEVER = Long.MAX_VALUE;

    /** What one task attempt saw. */
    static final class Attempt {
        final int subtask;
        final int number;
        final List<Envelope> seen = new CopyOnWriteArrayList<>();
        /** Checkpoint id → how many envelopes this attempt had seen when it took that snapshot. */
        final Map<Long, Integer> seenAtSnapshot = new ConcurrentHashMap<>();
        /** The highest checkpoint this attempt was told had completed (0: none). */
        volatile long lastCompleted;
        /** How many of {@link #seen} the checkpoint {@link #lastCompleted} covers. */
        volatile int confirmed;
        /** Envelopes seen since this attempt was first told of a completed checkpoint (-1: not yet told). */
        volatile long sinceFirstCompleted = -1;

        Attempt(int subtask, int number) {
            this.subtask = subtask;
            this.number = number;
        }

        /** What this attempt saw after the snapshot of the last checkpoint it knew complete. */
        List<Envelope> unconfirmed() {
            return seen.subList(confirmed, seen.size());
        }

        long lastSnapshot() {
            return seenAtSnapshot.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        }

        @Override
        public String toString() {
            return "subtask " + subtask + " attempt " + number;
        }
    }

    private static final Map<String, Attempt> ATTEMPTS = new ConcurrentHashMap<>();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static volatile long failAfter = NEVER;
    private static volatile long parkNanos;

    private transient Attempt attempt;

    /**
     * Forgets everything. The next job fails once, at its first envelope after some attempt has seen
     * {@code failAfter} envelopes since it was told of a completed checkpoint ({@link #NEVER}: no failure), and
     * parks {@code parkNanos} per envelope until then.
     */
    static void reset(long failAfter, long parkNanos) {
        ATTEMPTS.clear();
        FAILED.set(false);
        Arrivals.failAfter = failAfter;
        Arrivals.parkNanos = parkNanos;
    }

    static boolean failed() {
        return FAILED.get();
    }

    /** Every attempt, by subtask and attempt number. */
    static List<Attempt> attempts() {
        List<Attempt> all = new ArrayList<>(ATTEMPTS.values());
        all.sort(Comparator.comparingInt((Attempt a) -> a.subtask).thenComparingInt(a -> a.number));
        return all;
    }

    /** Per device id, what arrived in order (attempts in their order: one device is one subtask's). */
    static Map<String, List<Envelope>> byDevice() {
        Map<String, List<Envelope>> devices = new LinkedHashMap<>();
        for (Attempt a : attempts()) {
            for (Envelope e : a.seen) {
                devices.computeIfAbsent(e.deviceId(), d -> new ArrayList<>()).add(e);
            }
        }
        return devices;
    }

    /** Per device id, the seqs that arrived, in order. */
    static Map<String, List<Long>> seqsByDevice() {
        Map<String, List<Long>> seqs = new LinkedHashMap<>();
        byDevice().forEach((device, envelopes) -> seqs.put(device, envelopes.stream().map(Envelope::seq).toList()));
        return seqs;
    }

    static long count() {
        return ATTEMPTS.values().stream().mapToLong(a -> a.seen.size()).sum();
    }

    /** The newest checkpoint any attempt has taken a snapshot for (0: none). */
    static long lastSnapshot() {
        return ATTEMPTS.values().stream().mapToLong(Attempt::lastSnapshot).max().orElse(0);
    }

    /** Whether the latest attempt of each of the {@code parallelism} subtasks was told that {@code checkpointId}
     * (or a later one) completed. */
    static boolean everySubtaskKnowsCompleted(long checkpointId, int parallelism) {
        Map<Integer, Attempt> latest = new LinkedHashMap<>();
        for (Attempt a : attempts()) {
            latest.put(a.subtask, a);
        }
        Collection<Attempt> current = latest.values();
        return current.size() == parallelism && current.stream().allMatch(a -> a.lastCompleted >= checkpointId);
    }

    @Override
    public void open(OpenContext openContext) {
        var task = getRuntimeContext().getTaskInfo();
        attempt = new Attempt(task.getIndexOfThisSubtask(), task.getAttemptNumber());
        ATTEMPTS.put(attempt.subtask + "/" + attempt.number, attempt);
    }

    @Override
    public Envelope map(Envelope e) {
        if (parkNanos > 0 && !FAILED.get()) {
            LockSupport.parkNanos(parkNanos);
        }
        if (attempt.sinceFirstCompleted >= failAfter && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure in " + attempt + " after " + attempt.seen.size()
                    + " envelopes, " + attempt.unconfirmed().size() + " of them after its last completed checkpoint");
        }
        attempt.seen.add(e);
        if (attempt.sinceFirstCompleted >= 0) {
            attempt.sinceFirstCompleted++;
        }
        return e;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        attempt.seenAtSnapshot.put(context.getCheckpointId(), attempt.seen.size());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // nothing to restore: each attempt records on its own
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Integer seenThen = attempt.seenAtSnapshot.get(checkpointId);
        if (seenThen == null || checkpointId <= attempt.lastCompleted) {
            return; // a checkpoint this attempt took no part in (it was restored after it)
        }
        attempt.confirmed = seenThen;
        attempt.lastCompleted = checkpointId;
        if (attempt.sinceFirstCompleted < 0) {
            attempt.sinceFirstCompleted = 0;
        }
    }
}
