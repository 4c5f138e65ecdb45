package kafkasim.simulation.report;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Reads a run's results from PostgreSQL: the medium path's rows and the aggregation job's report windows. */
public final class ResultsDatabase {
    /** Windows that start before the end of the warm-up are marked, not left out: the CSV shows the whole run. */
    static final String WINDOWS_SQL = """
            SELECT window_ms, window_start, window_start < ? AS warmup, path, received, rate_per_sec, lost,
                   duplicates, p50_ms, p90_ms, p99_ms, p999_ms, max_ms, alerts, replayed
            FROM report_window WHERE run_id = ? ORDER BY window_ms, window_start, path""";

    private ResultsDatabase() {
    }

    public static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    /** Rows the medium path stored (unique by (device_id, seq)). */
    public static long telemetryRows(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = connect(jdbcUrl, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM telemetry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Writes {@code windows.csv}: every report window of the run, 1 s windows first, each marked {@code warmup}
     * when it starts before {@code warmupEndMs} (epoch ms); returns the row count.
     */
    public static int exportWindows(String jdbcUrl, String user, String password, String runId, long warmupEndMs,
                                    Path csv, WindowLabel faults) throws Exception {
        try (Connection c = connect(jdbcUrl, user, password); PreparedStatement st = c.prepareStatement(WINDOWS_SQL)) {
            st.setObject(1, java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(warmupEndMs),
                    java.time.ZoneOffset.UTC));
            st.setString(2, runId);
            try (ResultSet rs = st.executeQuery(); BufferedWriter w = Files.newBufferedWriter(csv)) {
                return Csv.write(rs, w, "faults", row -> faults.of(row.getTimestamp("window_start").getTime(),
                        row.getLong("window_ms")));
            }
        }
    }

    /** What a window's extra column says, from its start (epoch ms) and length (ms). */
    @FunctionalInterface
    public interface WindowLabel {
        String of(long windowStartMs, long windowMs);
    }

    /** One more column of a row, computed from the row. */
    @FunctionalInterface
    interface ExtraColumn {
        String of(ResultSet row) throws SQLException;
    }

    /** A result set as CSV with a header; numbers as the database prints them. */
    static final class Csv {
        private Csv() {
        }

        static int write(ResultSet rs, BufferedWriter w) throws Exception {
            return write(rs, w, null, null);
        }

        /** With one more column ({@code extraName}, computed per row) after the result set's, unless null. */
        static int write(ResultSet rs, BufferedWriter w, String extraName, ExtraColumn extra) throws Exception {
            ResultSetMetaData md = rs.getMetaData();
            int columns = md.getColumnCount();
            for (int i = 1; i <= columns; i++) {
                w.write((i > 1 ? "," : "") + md.getColumnLabel(i));
            }
            w.write(extra == null ? "\n" : "," + extraName + "\n");
            int rows = 0;
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    String v = rs.getString(i);
                    w.write((i > 1 ? "," : "") + (v == null ? "" : quote(v)));
                }
                if (extra != null) {
                    String v = extra.of(rs);
                    w.write("," + (v == null ? "" : quote(v)));
                }
                w.write("\n");
                rows++;
            }
            return rows;
        }

        private static String quote(String v) {
            return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
        }
    }
}
