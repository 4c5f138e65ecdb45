package kafkasim.jobs.common.metrics;

import java.util.List;
import java.util.function.LongSupplier;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathMetricRecord;

/**
 * One subtask's way out for metric records: encodes them with the common {@link MetricRecordCodec} (numbering them
 * from 0 per process instance) and hands them to its {@link MetricRecordSink} in order, keyed by the process name
 * of the subtask they belong to.
 */
public final class MetricRecordOutput implements AutoCloseable {
    private final String runId;
    private final String path;
    private final MetricRecordSink sink;
    private final LongSupplier clockUs;
    private final long pid = ProcessHandle.current().pid();
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

    /** Publishes an encoded record of {@code subtask}. */
    public void publish(int subtask, byte[] record) {
        sink.publish(PathMetricRecord.processName(path, subtask), record);
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
