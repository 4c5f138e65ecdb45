package kafkasim.jobs.report;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import kafkasim.common.jobs.JobSettings;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The upsert sinks: flink-connector-jdbc's {@link JdbcSink} (Sink V2), at-least-once (the writer flushes its
 * batch before every checkpoint barrier, and every {@link #BATCH_INTERVAL_MS} ms) made idempotent by the upserts
 * of {@link ReportSchema}.
 */
public final class ReportSinks {
    /** A batch is written when it has this many rows… */
    public static final int BATCH_SIZE = 500;
    /** …or is this old, ms (so rows appear within a second even between checkpoints). */
    public static final long BATCH_INTERVAL_MS = 1000;
    /** Retries of a failed batch before the job fails (and restarts from its last checkpoint). */
    public static final int MAX_RETRIES = 3;
    static final String DRIVER = "org.postgresql.Driver";

    private ReportSinks() {
    }

    public static JdbcSink<ReportWindow> reportWindows(JobSettings.Jdbc jdbc) {
        return JdbcSink.<ReportWindow>builder()
                .withQueryStatement(ReportSchema.UPSERT_REPORT_WINDOW, ReportSinks::bind)
                .withExecutionOptions(executionOptions())
                .buildAtLeastOnce(connectionOptions(jdbc));
    }

    public static JdbcSink<Alert> alerts(JobSettings.Jdbc jdbc) {
        return JdbcSink.<Alert>builder()
                .withQueryStatement(ReportSchema.UPSERT_ALERT, ReportSinks::bind)
                .withExecutionOptions(executionOptions())
                .buildAtLeastOnce(connectionOptions(jdbc));
    }

    static void bind(PreparedStatement ps, ReportWindow w) throws SQLException {
        ps.setString(1, w.runId());
        ps.setInt(2, Math.toIntExact(w.windowMs()));
        ps.setObject(3, OffsetDateTime.ofInstant(Instant.ofEpochMilli(w.windowStartMs()), ZoneOffset.UTC));
        ps.setString(4, w.path());
        ps.setLong(5, w.received());
        ps.setLong(6, w.lost());
        ps.setLong(7, w.duplicates());
        ps.setDouble(8, w.ratePerSec());
        setDouble(ps, 9, w.p50Ms());
        setDouble(ps, 10, w.p90Ms());
        setDouble(ps, 11, w.p99Ms());
        setDouble(ps, 12, w.p999Ms());
        setDouble(ps, 13, w.maxMs());
        ps.setLong(14, w.alerts());
        ps.setLong(15, w.truePositives());
        ps.setLong(16, w.falsePositives());
        ps.setLong(17, w.falseNegatives());
        ps.setLong(18, w.replayed());
        ps.setInt(19, w.subtasks());
    }

    static void bind(PreparedStatement ps, Alert a) throws SQLException {
        ps.setString(1, a.runId());
        ps.setString(2, a.deviceId());
        ps.setLong(3, a.seq());
        ps.setString(4, a.deviceType());
        ps.setObject(5, fromEpochMicros(a.sentAtUs()));
        ps.setObject(6, fromEpochMicros(a.detectedAtUs()));
        ps.setString(7, a.field());
        setDouble(ps, 8, a.value());
        setDouble(ps, 9, a.zScore());
        ps.setBoolean(10, a.anomaly());
    }

    static OffsetDateTime fromEpochMicros(long epochMicros) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L), ZoneOffset.UTC);
    }

    /** A missing, NaN or infinite value is stored as NULL: unknown. */
    private static void setDouble(PreparedStatement ps, int index, Double value) throws SQLException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            ps.setNull(index, Types.DOUBLE);
        } else {
            ps.setDouble(index, value);
        }
    }

    private static JdbcExecutionOptions executionOptions() {
        return JdbcExecutionOptions.builder()
                .withBatchSize(BATCH_SIZE)
                .withBatchIntervalMs(BATCH_INTERVAL_MS)
                .withMaxRetries(MAX_RETRIES)
                .build();
    }

    private static JdbcConnectionOptions connectionOptions(JobSettings.Jdbc jdbc) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder b = new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                .withUrl(jdbc.url())
                .withDriverName(DRIVER)
                .withUsername(jdbc.user());
        if (jdbc.password() != null) {
            b.withPassword(jdbc.password());
        }
        return b.build();
    }
}
