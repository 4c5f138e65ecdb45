package kafkasim.jobs.common.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import kafkasim.jobs.common.MicroTime;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.runtime.state.ManagedInitializationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metric records of a path whose last operator counts messages as they complete (fast: after the detector;
 * medium: when a row's batch commits), consistent with Flink's checkpoints. The operator delegates its
 * {@code initializeState}, {@code snapshotState}, {@code notifyCheckpointComplete} and {@code close} here and counts
 * into {@link #at}; everything runs on the operator's thread.
 *
 * <ul>
 *   <li>Counts accumulate per completion second ({@link SecondSlices}).</li>
 *   <li>{@link #snapshotState(long) snapshotState(N)}: what accumulated since the previous snapshot becomes the
 *       encoded record of checkpoint N, which joins the pending records in operator state. Counts after barrier N
 *       are in no state: after a crash the source replays their messages, which are then counted again, once.</li>
 *   <li>{@link #notifyCheckpointComplete(long) notifyCheckpointComplete(N)}: every pending record up to N is
 *       published, in order (one record per checkpoint, also with zero counts: liveness for the drain and the
 *       report job's watermarks). An aborted checkpoint's record goes out with the next completed one.</li>
 *   <li>The state also keeps the published records the log topic has not confirmed yet (a broker that is down
 *       for a while, then a crash: the producer's buffer dies with the TaskManager).</li>
 *   <li>Restore: the records of the restored checkpoint are published again, since nobody knows whether
 *       they went out before the crash; readers drop the repeats ({@code MetricRecordDedupe}).</li>
 *   <li>{@link #close()} publishes nothing: what is not in a completed checkpoint must not be counted.</li>
 * </ul>
 * The state is union list state: after a rescale every new subtask sees every pending record and republishes
 * those of the old subtasks {@code s} with {@code s % parallelism == index}, under their own process name, so each
 * old subtask's records are republished once and in order.
 */
public final class CheckpointedPathMetrics implements CompletionSeconds, AutoCloseable {
    static final ListStateDescriptor<byte[]> STATE =
            new ListStateDescriptor<>("pending-metric-records", BytePrimitiveArraySerializer.INSTANCE);
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointedPathMetrics.class);

    private record Pending(long checkpointId, byte[] record) {
    }

    private final MetricsSettings settings;
    private final String path;
    private final MetricSinkFactory sinks;
    private final LongSupplier clockUs;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private MetricRecordOutput out;
    private SecondSlices seconds;
    private ListState<byte[]> state;
    private int subtask;

    public CheckpointedPathMetrics(MetricsSettings settings, String path, MetricSinkFactory sinks) {
        this(settings, path, sinks, MicroTime::nowUs);
    }

    CheckpointedPathMetrics(MetricsSettings settings, String path, MetricSinkFactory sinks, LongSupplier clockUs) {
        this.settings = settings;
        this.path = path;
        this.sinks = sinks;
        this.clockUs = clockUs;
    }

    /** From the operator's initializeState: registers the state and republishes restored records. */
    public void initializeState(ManagedInitializationContext context, TaskInfo task) throws Exception {
        subtask = task.getIndexOfThisSubtask();
        out = new MetricRecordOutput(settings, path, subtask, sinks, clockUs);
        state = context.getOperatorStateStore().getUnionListState(STATE);
        if (context.isRestored()) {
            republish(state.get(), task.getNumberOfParallelSubtasks());
        }
        state.clear();
        seconds = new SecondSlices(clockUs.getAsLong() / 1000);
    }

    private void republish(Iterable<byte[]> restored, int parallelism) {
        int n = out.republish(restored, subtask, parallelism);
        LOG.info("{} {}: republished {} metric record(s) of the restored checkpoint", path, subtask, n);
    }

    @Override
    public SliceAccumulator at(long completionUs) {
        return seconds.at(completionUs);
    }

    /** From the operator's snapshotState: the counts since the previous snapshot become checkpoint N's record. */
    public void snapshotState(long checkpointId) throws Exception {
        long nowUs = clockUs.getAsLong();
        pending.addLast(new Pending(checkpointId, out.encode(subtask, checkpointId, seconds.drain(nowUs / 1000))));
        // published records the log topic has not confirmed yet stay too: a crash must not lose them
        List<byte[]> records = new ArrayList<>(out.unsettled());
        pending.forEach(p -> records.add(p.record()));
        state.update(records);
        out.tick();
    }

    /** From the operator's notifyCheckpointComplete: publishes every pending record up to {@code checkpointId}. */
    public void notifyCheckpointComplete(long checkpointId) {
        while (!pending.isEmpty() && pending.peekFirst().checkpointId() <= checkpointId) {
            out.publish(subtask, pending.pollFirst().record());
        }
    }

    /** Records waiting for their checkpoint to complete (for tests). */
    int pendingRecords() {
        return pending.size();
    }

    /** Closes the sink; publishes nothing (see the class comment). */
    @Override
    public void close() {
        if (out != null) {
            out.close();
        }
    }
}
