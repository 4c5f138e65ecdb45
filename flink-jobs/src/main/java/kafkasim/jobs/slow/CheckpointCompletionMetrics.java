package kafkasim.jobs.slow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.MetricRecordOutput;
import kafkasim.jobs.common.metrics.MetricSinkFactory;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.SecondSlices;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes envelopes on to the FileSink (chained right after it, same subtask) and counts them in the slow path's
 * metric records only when they are durably in a committed file, i.e. when the checkpoint that covers them completes.
 *
 * <p>The messages this subtask passes on before the barrier of checkpoint {@code n} are exactly the ones the FileSink
 * writer writes before its snapshot for {@code n} (it rolls its part files on every checkpoint), and FileSink commits
 * them when {@code n} completes, or, if the job fails first, when it is restored from {@code n}. So:
 * <ul>
 *   <li>messages collect in a {@link CompletionBatch} (sentAtUs and the seq tracker's findings);</li>
 *   <li>{@code snapshotState(n)} files the batch as pending-n, and the pending batches are operator state: they
 *       survive a crash between the checkpoint's completion at the JobManager and its notification here;</li>
 *   <li>{@code notifyCheckpointComplete(n)} completes every pending batch up to n (an aborted checkpoint's batch is
 *       committed by the next completed one) with latency = now − sentAtUs, and publishes one metric record per
 *       batch, carrying the batch's checkpoint id;</li>
 *   <li>on restore from checkpoint c, its pending batches are complete (FileSink commits them while restoring): they
 *       are counted and published then.</li>
 * </ul>
 * Is the readers' dedupe (per subtask, accept a record only if its checkpoint id is greater than the last accepted)
 * exact, although batches are counted at notification time, not at snapshot time? Yes, because record k holds
 * exactly batch k, whenever it is built: its content depends on the batch alone, only the latencies differ by when
 * it completed. A subtask publishes its records in checkpoint order, so what went out before a crash is a prefix
 * whose last id L is at most the restored checkpoint c (a record goes out only after its checkpoint completed, and
 * Flink restores the latest completed one). On restore every pending batch k &le; c is published again as record k:
 * it was published before if and only if k &le; L (notification L published every pending batch up to L), which is
 * exactly when the dedupe drops it. Publishing the batches up to n as one record n would break this: after
 * "record c-1 out, crash before notify(c)", the restore would have to republish c-1 and c together, and a combined
 * record c would count c-1 twice. Messages after the last barrier are in no state and are replayed by the source.
 * An empty batch is published too (liveness for the drain and the report job's watermarks). A published record the
 * log topic has not confirmed yet is kept in the state as well and republished on restore (a broker that is down,
 * then a crash, would otherwise lose it with the producer's buffer); the same dedupe drops it if it did arrive.
 *
 * <p>Memory: 8 bytes per message between a barrier and its checkpoint's completion, in the heap and in the
 * checkpoint. The state is union list state; after a rescale, batches of old subtask {@code s} are completed by new
 * subtask {@code s % parallelism} under the old subtask's name, in order.
 */
public final class CheckpointCompletionMetrics extends ProcessFunction<TrackedEnvelope, Envelope>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    public static final String PATH = PathMetricRecord.SLOW;
    static final ListStateDescriptor<byte[]> STATE =
            new ListStateDescriptor<>("pending-completion-batches", BytePrimitiveArraySerializer.INSTANCE);
    /** Published records the log topic has not confirmed yet: republished on restore (see MetricRecordOutput). */
    static final ListStateDescriptor<byte[]> UNSETTLED =
            new ListStateDescriptor<>("unsettled-metric-records", BytePrimitiveArraySerializer.INSTANCE);

    private final MetricsSettings metricsSettings;
    private final MetricSinkFactory metricSinks;
    private transient LongSupplier clockUs;
    private transient MetricRecordOutput out;
    private transient SecondSlices seconds;
    private transient ListState<byte[]> state;
    private transient ListState<byte[]> unsettledState;
    private transient CompletionBatch current;
    private transient TreeMap<Long, CompletionBatch> pending;
    private transient int subtask;

    public CheckpointCompletionMetrics(MetricsSettings metricsSettings) {
        this(metricsSettings, MetricSinkFactory.KAFKA);
    }

    CheckpointCompletionMetrics(MetricsSettings metricsSettings, MetricSinkFactory metricSinks) {
        this.metricsSettings = metricsSettings;
        this.metricSinks = metricSinks;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        clockUs = MicroTime::nowUs;
        subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        out = new MetricRecordOutput(metricsSettings, PATH, subtask, metricSinks, clockUs);
        seconds = new SecondSlices(clockUs.getAsLong() / 1000);
        current = new CompletionBatch(subtask);
        pending = new TreeMap<>();
        state = context.getOperatorStateStore().getUnionListState(STATE);
        unsettledState = context.getOperatorStateStore().getUnionListState(UNSETTLED);
        if (context.isRestored()) {
            int parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
            // older records first: their checkpoint ids are below every pending batch's
            out.republish(unsettledState.get(), subtask, parallelism);
            List<CompletionBatch> committed = new ArrayList<>();
            for (byte[] bytes : state.get()) {
                CompletionBatch b = CompletionBatch.fromBytes(bytes);
                if (b.subtask % parallelism == subtask) {
                    committed.add(b);
                }
            }
            committed.sort(Comparator.comparingInt((CompletionBatch b) -> b.subtask)
                    .thenComparingLong(b -> b.checkpointId));
            committed.forEach(this::complete);
        }
        state.clear();
        unsettledState.clear();
    }

    @Override
    public void processElement(TrackedEnvelope tracked, Context ctx, Collector<Envelope> collector) {
        current.add(tracked);
        collector.collect(tracked.envelope());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        current.checkpointId = context.getCheckpointId();
        pending.put(current.checkpointId, current);
        current = new CompletionBatch(subtask);
        List<byte[]> batches = new ArrayList<>(pending.size());
        pending.values().forEach(b -> batches.add(b.toBytes()));
        state.update(batches);
        unsettledState.update(out.unsettled());
        out.tick();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Iterator<Map.Entry<Long, CompletionBatch>> covered = pending.headMap(checkpointId, true).entrySet().iterator();
        while (covered.hasNext()) {
            complete(covered.next().getValue());
            covered.remove();
        }
    }

    /** Counts a committed batch now and publishes it as its own record. */
    private void complete(CompletionBatch batch) {
        long nowUs = clockUs.getAsLong();
        batch.countInto(seconds.at(nowUs), nowUs);
        out.publish(batch.subtask, out.encode(batch.subtask, batch.checkpointId, seconds.drain(nowUs / 1000)));
    }

    /** Messages filed or collected and not yet counted (for tests). */
    int pendingRecords() {
        return pending.values().stream().mapToInt(CompletionBatch::size).sum() + current.size();
    }

    /** Publishes nothing: what no completed checkpoint covers is replayed after a restore. */
    @Override
    public void close() {
        if (out != null) {
            out.close();
        }
    }
}
