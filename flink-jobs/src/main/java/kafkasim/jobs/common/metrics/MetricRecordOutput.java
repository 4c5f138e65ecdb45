package kafkasim.jobs.common.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricRecordException;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathMetricRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subtask's way out for metric records: encodes them with the common {@link MetricRecordCodec} (numbering them
 * from 0 per process instance) and hands them to its {@link MetricRecordSink} in order, keyed by the process name
 * of the subtask they belong to.
 */
public final class MetricRecordOutput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricRecordOutput.class);
    private final String runId;
    private final String path;
    private final MetricRecordSink sink;
    private final LongSupplier clockUs;
    private final long pid = ProcessHandle.current().pid();
    /** Records handed to the sink and not settled yet (oldest first), and how many settled records were removed. */
    private final ArrayDeque<byte[]> unsettled = new ArrayDeque<>();
    private long settledSeen;
    private long seq;

    public MetricRecordOutput(MetricsSettings settings, String path, int subtask, MetricSinkFactory sinks,
                              LongSupplier clockUs) {
        this.runId = settings.runId();
        this.path = path;
        this.sink = sinks.create(settings, PathMetricRecord.processName(path, subtask));
        this.clockUs = clockUs;
    }

    /** The record of {@code subtask} for {@code checkpointId}, encoded now. */
    public byte[] encode(int subtask, long checkpointId, List<MetricSlice> slices) {
        return MetricRecordCodec.encode(new PathMetricRecord(runId, path, subtask, checkpointId, slices),
                clockUs.getAsLong(), seq++, pid);
    }

    /** Publishes an encoded record of {@code subtask}; it stays in {@link #unsettled()} until the sink settles it. */
    public void publish(int subtask, byte[] record) {
        unsettled.addLast(record);
        sink.publish(PathMetricRecord.processName(path, subtask), record);
    }

    /**
     * The records published but not yet delivered (or given up) by the sink, oldest first: they belong in the
     * operator's checkpoint, because a crash now would lose them with the sink's buffer, and the source would not
     * replay their messages (they are before the checkpoint).
     */
    public List<byte[]> unsettled() {
        long settled = sink.settled();
        while (settledSeen < settled && !unsettled.isEmpty()) {
            unsettled.pollFirst();
            settledSeen++;
        }
        return List.copyOf(unsettled);
    }

    /**
     * Publishes again the restored records of this subtask ({@code subtask}; after a rescale also those of the old
     * subtasks {@code s} with {@code s % parallelism == subtask}), ordered by subtask and checkpoint: nobody knows
     * whether they went out before the crash, so readers drop the repeats ({@code MetricRecordDedupe}).
     *
     * @return how many were published
     */
    public int republish(Iterable<byte[]> restored, int subtask, int parallelism) {
        List<PathMetricRecord> decoded = new ArrayList<>();
        Map<PathMetricRecord, byte[]> bytesOf = new IdentityHashMap<>();
        for (byte[] bytes : restored) {
            try {
                PathMetricRecord r = MetricRecordCodec.decode(bytes);
                if (r.subtask() % parallelism == subtask) {
                    decoded.add(r);
                    bytesOf.put(r, bytes);
                }
            } catch (MetricRecordException e) {
                LOG.warn("{} {}: dropped a restored metric record that does not decode: {}", path, subtask,
                        e.getMessage());
            }
        }
        decoded.sort(Comparator.comparingInt(PathMetricRecord::subtask)
                .thenComparingLong(PathMetricRecord::checkpointId));
        decoded.forEach(r -> publish(r.subtask(), bytesOf.get(r)));
        return decoded.size();
    }

    /** Lets the sink retry what it could not send yet. */
    public void tick() {
        sink.tick();
    }

    @Override
    public void close() {
        sink.close();
    }
}
