package kafkasim.jobs.medium;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.PathMetrics;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * The "database": a small Sink V2 that writes {@link TelemetryRow}s into PostgreSQL in batches
 * ({@link PostgresTelemetryWriter}) with {@code INSERT … ON CONFLICT (device_id, seq) DO NOTHING}.
 *
 * <p>Guarantee: at-least-once, made idempotent by the primary key. The writer flushes its batch in
 * {@code flush()}, which Flink calls before every checkpoint barrier and at the end of input, so every row before
 * a completed checkpoint is committed; after a restore the rows since then are replayed and the ones already
 * there are skipped (counted as {@code replayed}).
 *
 * <p>Why not flink-connector-jdbc: its {@code JdbcSink} hides when a row is committed and whether it was inserted
 * or skipped, but the medium path's latency is defined as commit time − send time for each row actually inserted
 * (update count 1), and replays must be counted. Owning the batch loop gives exactly that, in one small class, without
 * another dependency.
 */
public final class PostgresTelemetrySink implements Sink<TelemetryRow> {
    private static final long serialVersionUID = 1L;

    private final MediumPathSettings settings;
    private final MetricsSettings metricsSettings;

    public PostgresTelemetrySink(MediumPathSettings settings, MetricsSettings metricsSettings) {
        this.settings = settings;
        this.metricsSettings = metricsSettings;
    }

    @Override
    public SinkWriter<TelemetryRow> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        PathMetrics metrics = PathMetrics.start(metricsSettings, PostgresTelemetryWriter.PATH, subtask,
                PostgresTelemetryWriter.COUNTERS);
        return new PostgresTelemetryWriter(settings, () -> connect(settings, subtask), metrics,
                context.getProcessingTimeService());
    }

    /**
     * Opens a connection with the driver bundled in the job jar, directly rather than through
     * {@code DriverManager} (which does not see drivers of Flink's user-code class loader reliably).
     */
    static Connection connect(MediumPathSettings settings, int subtask) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", settings.jdbcUser());
        if (settings.jdbcPassword() != null) {
            props.setProperty("password", settings.jdbcPassword());
        }
        props.setProperty("ApplicationName", PathMetrics.processName(PostgresTelemetryWriter.PATH, subtask));
        Connection connection = new org.postgresql.Driver().connect(settings.jdbcUrl(), props);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL URL: " + settings.jdbcUrl());
        }
        connection.setAutoCommit(false);
        return connection;
    }
}
