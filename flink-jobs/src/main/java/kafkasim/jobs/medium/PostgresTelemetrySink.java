package kafkasim.jobs.medium;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.jobs.common.JdbcDrivers;
import kafkasim.jobs.common.metrics.CheckpointedPathMetrics;
import kafkasim.jobs.common.metrics.MetricSinkFactory;
import kafkasim.jobs.common.metrics.MetricsSettings;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The "database": the medium path's last operator writes {@link TelemetryRow}s into PostgreSQL in batches
 * ({@link PostgresTelemetryWriter}) with {@code INSERT … ON CONFLICT (device_id, seq) DO NOTHING}, and owns the
 * path's metric records ({@link CheckpointedPathMetrics}).
 *
 * <p>Guarantee: at-least-once, made idempotent by the primary key. The batch is committed in
 * {@link #prepareSnapshotPreBarrier} (before the barrier goes on) and at end of input, so every row before a
 * checkpoint's barrier is committed when the checkpoint completes; after a restore the rows since then are replayed
 * and the ones already there are skipped. The rows counted before barrier N are in checkpoint N's metric record,
 * published when N completes; rows committed after the barrier are counted in the next record, or, after a crash,
 * again when they are replayed, so every row is counted once.
 *
 * <p>Why a plain stream operator and not a Sink V2 writer: Flink 2.2's {@code SinkWriterOperator} gives a
 * {@code StatefulSinkWriter} its {@code snapshotState(checkpointId)} but never forwards
 * {@code notifyCheckpointComplete} to the writer, and the metric records must go out exactly then. A
 * {@code ProcessFunction} would do too, but only a keyed one may set the processing-time timers the batch interval
 * needs. Why not flink-connector-jdbc: its {@code JdbcSink} hides when a row is committed and whether it was
 * inserted or skipped, both of which the metrics need.
 */
public final class PostgresTelemetrySink extends AbstractStreamOperator<Void>
        implements OneInputStreamOperator<TelemetryRow, Void>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    static final String PATH = PathMetricRecord.MEDIUM;

    /** Opens a connection for a subtask (auto-commit off); a seam for tests, serialized with the operator. */
    @FunctionalInterface
    interface Connections extends Serializable {
        Connection open(int subtask) throws SQLException;
    }

    private final JobSettings.Medium settings;
    private final MetricsSettings metricsSettings;
    private final MetricSinkFactory metricSinks;
    private final Connections connections;
    private transient CheckpointedPathMetrics metrics;
    private transient PostgresTelemetryWriter writer;

    public PostgresTelemetrySink(JobSettings.Medium settings, MetricsSettings metricsSettings) {
        this(settings, metricsSettings, MetricSinkFactory.KAFKA, subtask -> connect(settings.jdbc(), subtask));
    }

    PostgresTelemetrySink(JobSettings.Medium settings, MetricsSettings metricsSettings, MetricSinkFactory metricSinks,
                          Connections connections) {
        this.settings = settings;
        this.metricsSettings = metricsSettings;
        this.metricSinks = metricSinks;
        this.connections = connections;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        metrics = new CheckpointedPathMetrics(metricsSettings, PATH, metricSinks);
        metrics.initializeState(context, getRuntimeContext().getTaskInfo());
    }

    @Override
    public void open() throws Exception {
        super.open();
        JdbcDrivers.deregisterOnRelease(getRuntimeContext());
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        writer = new PostgresTelemetryWriter(settings, PathMetricRecord.processName(PATH, subtask),
                () -> connections.open(subtask), metrics, getProcessingTimeService());
    }

    @Override
    public void processElement(StreamRecord<TelemetryRow> element) throws Exception {
        writer.write(element.getValue());
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        writer.flush();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        metrics.snapshotState(context.getCheckpointId());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        metrics.notifyCheckpointComplete(checkpointId);
    }

    /** End of input (bounded input, stop with drain): commit the rest. */
    @Override
    public void endInput() throws Exception {
        writer.flush();
    }

    /** Drops an uncommitted batch and publishes no metrics: both are replayed after a restore. */
    @Override
    public void close() throws Exception {
        try {
            if (writer != null) {
                writer.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        } finally {
            super.close();
        }
    }

    /**
     * Opens a connection with the driver bundled in the job jar, directly rather than through
     * {@code DriverManager} (which does not see drivers of Flink's user-code class loader reliably).
     */
    static Connection connect(JobSettings.Jdbc jdbc, int subtask) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", jdbc.user());
        if (jdbc.password() != null) {
            props.setProperty("password", jdbc.password());
        }
        props.setProperty("ApplicationName", PathMetricRecord.processName(PATH, subtask));
        Connection connection = new org.postgresql.Driver().connect(jdbc.url(), props);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + jdbc.url());
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
