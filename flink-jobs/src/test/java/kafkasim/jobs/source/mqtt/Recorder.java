package kafkasim.jobs.source.mqtt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Chained right after the MQTT source in the ITs, it stands for an exactly-once sink: what it saw counts as
 * received ({@link #COMMITTED}) only once the checkpoint after it completed, and what a failed attempt saw after its
 * last completed checkpoint is forgotten, as a transactional sink would roll it back. So a message counts as
 * received only if the job's checkpointed progress includes it: exactly what at-least-once promises. The MiniCluster
 * runs in the test JVM, so static state sees every subtask and attempt.
 *
 * <p>It can slow down (so messages queue up in the reader) and fail once after {@link #failAfter} records, but only
 * once a checkpoint has completed, so the job restores from a checkpoint. Envelopes with {@code seq >= markerSeq}
 * are end markers, recorded apart.
 */
final class Recorder extends RichMapFunction<Envelope, Envelope> implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    /** Per device, its seqs in the order they passed (not only committed ones). */
    static final Map<String, List<Long>> ARRIVALS = new ConcurrentHashMap<>();
    /** Per "deviceId/seq", how often a completed checkpoint included it. */
    static final Map<String, Integer> COMMITTED = new ConcurrentHashMap<>();
    static final Set<String> MARKERS = ConcurrentHashMap.newKeySet();
    static final AtomicLong RECORDS = new AtomicLong();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    /** Per subtask, the highest checkpoint whose completion it was told about. */
    static final Map<Integer, Long> COMPLETED = new ConcurrentHashMap<>();
    /** Records that passed before any subtask was told of a completed checkpoint. */
    static final AtomicLong BEFORE_FIRST_CHECKPOINT = new AtomicLong();
    static volatile long failAfter;
    static volatile long parkNanos;
    static volatile long markerSeq;
    /** Counted down once per distinct committed (device, seq) below {@link #markerSeq}. */
    static volatile CountDownLatch distinct;

    private transient List<String> sinceSnapshot;
    private transient NavigableMap<Long, List<String>> snapshotted;

    static void reset(int expectedDistinct, long markerSeq, long failAfter, long parkNanos) {
        ARRIVALS.clear();
        COMMITTED.clear();
        MARKERS.clear();
        RECORDS.set(0);
        FAILED.set(false);
        COMPLETED.clear();
        BEFORE_FIRST_CHECKPOINT.set(0);
        Recorder.failAfter = failAfter;
        Recorder.parkNanos = parkNanos;
        Recorder.markerSeq = markerSeq;
        distinct = new CountDownLatch(expectedDistinct);
    }

    /** Committed more than once. */
    static long duplicates() {
        return COMMITTED.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** The highest checkpoint any subtask saw complete (0 if none). */
    static long lastCompleted() {
        return COMPLETED.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Override
    public void open(OpenContext openContext) {
        sinceSnapshot = new ArrayList<>();
        snapshotted = new TreeMap<>();
    }

    @Override
    public Envelope map(Envelope e) {
        if (parkNanos > 0) {
            LockSupport.parkNanos(parkNanos);
        }
        long n = RECORDS.incrementAndGet();
        if (COMPLETED.isEmpty()) {
            BEFORE_FIRST_CHECKPOINT.incrementAndGet();
        }
        if (n >= failAfter && !COMPLETED.isEmpty() && FAILED.compareAndSet(false, true)) {
            throw new IllegalStateException("injected failure after " + n + " records");
        }
        if (e.seq() >= markerSeq) {
            MARKERS.add(e.deviceId());
            return e;
        }
        ARRIVALS.computeIfAbsent(e.deviceId(), d -> Collections.synchronizedList(new ArrayList<>())).add(e.seq());
        sinceSnapshot.add(e.deviceId() + "/" + e.seq());
        return e;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        snapshotted.put(context.getCheckpointId(), sinceSnapshot);
        sinceSnapshot = new ArrayList<>();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // nothing restored: what this attempt saw after its last completed checkpoint is gone with it
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        NavigableMap<Long, List<String>> done = snapshotted.headMap(checkpointId, true);
        for (List<String> keys : done.values()) {
            for (String key : keys) {
                if (COMMITTED.merge(key, 1, Integer::sum) == 1) {
                    distinct.countDown();
                }
            }
        }
        done.clear();
        COMPLETED.merge(getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), checkpointId, Math::max);
    }
}
