package kafkasim.jobs.slow;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.MetricWindow;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.PathMetrics;
import kafkasim.jobs.common.metrics.PathMetricsFactory;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes envelopes on to the FileSink (chained right after it, same subtask) and counts them in the slow path's
 * metrics only when they are durably in a committed file, i.e. when the checkpoint that covers them completes.
 *
 * <p>The records this subtask passed on before the barrier of checkpoint {@code n} are exactly the ones the
 * FileSink writer wrote before its snapshot for {@code n}, and FileSink commits them when {@code n} completes.
 * So: records are collected in a batch (their sentAtUs and the seq tracker's findings); {@link #snapshotState}
 * files the batch under the checkpoint id; {@link #notifyCheckpointComplete} counts every batch filed under that id
 * or an earlier one (an aborted checkpoint's records are committed by the next completed one) with latency =
 * completion time − sentAtUs. The batches are deliberately NOT part of the checkpointed state: after a failure
 * the uncommitted records are replayed from the source and counted once, when a later checkpoint completes;
 * records of a checkpoint that never completes are never counted. Memory: 8 bytes per record between checkpoints.
 */
public final class CheckpointCompletionMetrics extends ProcessFunction<TrackedEnvelope, Envelope>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    public static final String PATH = "slow";

    private final MetricsSettings metricsSettings;
    private final PathMetricsFactory metricsFactory;
    private transient PathMetrics metrics;
    private transient Batch current;
    private transient TreeMap<Long, Batch> pending;

    public CheckpointCompletionMetrics(MetricsSettings metricsSettings) {
        this(metricsSettings, PathMetricsFactory.KAFKA);
    }

    CheckpointCompletionMetrics(MetricsSettings metricsSettings, PathMetricsFactory metricsFactory) {
        this.metricsSettings = metricsSettings;
        this.metricsFactory = metricsFactory;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        current = new Batch();
        pending = new TreeMap<>();
    }

    @Override
    public void open(OpenContext openContext) {
        metrics = metricsFactory.create(metricsSettings, PATH, getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                List.of());
    }

    @Override
    public void processElement(TrackedEnvelope tracked, Context ctx, Collector<Envelope> out) {
        current.add(tracked);
        out.collect(tracked.envelope());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (current.size > 0) {
            pending.put(context.getCheckpointId(), current);
            current = new Batch();
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        long completedAtUs = MicroTime.nowUs();
        MetricWindow w = metrics.window(completedAtUs);
        Iterator<Map.Entry<Long, Batch>> covered = pending.headMap(checkpointId, true).entrySet().iterator();
        while (covered.hasNext()) {
            covered.next().getValue().countInto(w, completedAtUs);
            covered.remove();
        }
    }

    /** Records filed and not yet counted (for tests). */
    int pendingRecords() {
        return pending.values().stream().mapToInt(b -> b.size).sum() + current.size;
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }

    /** The records between two checkpoint barriers. */
    private static final class Batch {
        private long[] sentAtUs = new long[256];
        private int size;
        private long lost;
        private long duplicates;

        void add(TrackedEnvelope t) {
            if (size == sentAtUs.length) {
                sentAtUs = Arrays.copyOf(sentAtUs, size * 2);
            }
            sentAtUs[size++] = t.envelope().sentAtUs();
            lost += t.lost();
            duplicates += t.duplicate() ? 1 : 0;
        }

        void countInto(MetricWindow w, long completedAtUs) {
            for (int i = 0; i < size; i++) {
                w.completed(completedAtUs - sentAtUs[i]);
            }
            w.lost(lost);
            w.duplicates(duplicates);
        }
    }
}
