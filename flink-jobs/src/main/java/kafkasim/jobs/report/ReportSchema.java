package kafkasim.jobs.report;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The aggregation job's PostgreSQL tables and statements. The tables are created if missing when the job starts;
 * rows are written by upsert, so that the windows re-emitted after a restore (or a late record) overwrite their
 * row instead of adding one.
 */
public final class ReportSchema {
    /** One row per (run, window length, window start, path). */
    public static final String CREATE_REPORT_WINDOW = """
            CREATE TABLE IF NOT EXISTS report_window (
                run_id          text             NOT NULL,
                window_ms       integer          NOT NULL,
                window_start    timestamptz      NOT NULL,
                path            text             NOT NULL,
                received        bigint           NOT NULL,
                lost            bigint           NOT NULL,
                duplicates      bigint           NOT NULL,
                rate_per_sec    double precision NOT NULL,
                p50_ms          double precision,
                p90_ms          double precision,
                p99_ms          double precision,
                p999_ms         double precision,
                max_ms          double precision,
                alerts          bigint           NOT NULL,
                true_positives  bigint           NOT NULL,
                false_positives bigint           NOT NULL,
                false_negatives bigint           NOT NULL,
                replayed        bigint           NOT NULL,
                subtasks        integer          NOT NULL,
                updated_at      timestamptz      NOT NULL DEFAULT now(),
                PRIMARY KEY (run_id, window_ms, window_start, path)
            )""";

    /** One row per alert of the fast path. */
    public static final String CREATE_ALERT = """
            CREATE TABLE IF NOT EXISTS alert (
                run_id       text             NOT NULL,
                device_id    text             NOT NULL,
                seq          bigint           NOT NULL,
                device_type  text             NOT NULL,
                sent_at      timestamptz      NOT NULL,
                detected_at  timestamptz      NOT NULL,
                field        text,
                value        double precision,
                z_score      double precision,
                anomaly      boolean          NOT NULL,
                PRIMARY KEY (run_id, device_id, seq)
            )""";

    /** Parameters in {@link ReportWindow}'s component order (window_start as timestamptz). */
    public static final String UPSERT_REPORT_WINDOW = """
            INSERT INTO report_window (run_id, window_ms, window_start, path, received, lost, duplicates,
                rate_per_sec, p50_ms, p90_ms, p99_ms, p999_ms, max_ms, alerts, true_positives, false_positives,
                false_negatives, replayed, subtasks, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
            ON CONFLICT (run_id, window_ms, window_start, path) DO UPDATE SET
                received = EXCLUDED.received, lost = EXCLUDED.lost, duplicates = EXCLUDED.duplicates,
                rate_per_sec = EXCLUDED.rate_per_sec, p50_ms = EXCLUDED.p50_ms, p90_ms = EXCLUDED.p90_ms,
                p99_ms = EXCLUDED.p99_ms, p999_ms = EXCLUDED.p999_ms, max_ms = EXCLUDED.max_ms,
                alerts = EXCLUDED.alerts, true_positives = EXCLUDED.true_positives,
                false_positives = EXCLUDED.false_positives, false_negatives = EXCLUDED.false_negatives,
                replayed = EXCLUDED.replayed, subtasks = EXCLUDED.subtasks, updated_at = EXCLUDED.updated_at""";

    /** Parameters in {@link Alert}'s component order except that device_id, seq come first as the key. */
    public static final String UPSERT_ALERT = """
            INSERT INTO alert (run_id, device_id, seq, device_type, sent_at, detected_at, field, value, z_score,
                anomaly)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id, device_id, seq) DO UPDATE SET
                device_type = EXCLUDED.device_type, sent_at = EXCLUDED.sent_at, detected_at = EXCLUDED.detected_at,
                field = EXCLUDED.field, value = EXCLUDED.value, z_score = EXCLUDED.z_score,
                anomaly = EXCLUDED.anomaly""";

    /** All DDL, in order. */
    public static final List<String> DDL = List.of(CREATE_REPORT_WINDOW, CREATE_ALERT);

    private ReportSchema() {
    }

    /** Creates the tables if missing. */
    public static void createTables(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String ddl : DDL) {
                st.execute(ddl);
            }
        }
    }

    /**
     * Connects with the PostgreSQL driver directly (not through {@code DriverManager}, which does not see drivers
     * inside a job jar's class loader) and creates the tables if missing.
     */
    public static void createTables(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = connect(jdbcUrl, user, password)) {
            createTables(c);
        }
    }

    /** A connection to {@code jdbcUrl}; {@code password} may be null. */
    public static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        Connection c = new org.postgresql.Driver().connect(jdbcUrl, props);
        if (c == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return c;
    }
}
