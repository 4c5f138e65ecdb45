package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs the repository's {@code analysis/*.sql} the way the CLI does (the literal {@code :run_id} replaced by a
 * quoted text literal) and seeds what they read besides the aggregation job's tables: the medium path's
 * {@code telemetry} table.
 */
final class AnalysisQueries {
    /** The files the analysis folder must hold (more may exist; they must run too). */
    static final List<String> EXPECTED_FILES = List.of("alerts.sql", "detection_quality.sql",
            "latency_medium_from_db.sql", "p99_per_path.sql", "throughput_per_path.sql", "totals_per_path.sql",
            "worst_devices_by_loss.sql");
    static final long SENT_AT_US = 1_764_000_000_123_456L;
    /** The telemetry table as the medium path defines it (primary key (device_id, seq)). */
    static final String TELEMETRY_DDL = """
            CREATE TABLE IF NOT EXISTS telemetry (
                device_id   text        NOT NULL,
                seq         bigint      NOT NULL,
                device_type text        NOT NULL,
                sent_at     timestamptz NOT NULL,
                anomaly     boolean     NOT NULL,
                readings    jsonb       NOT NULL,
                inserted_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (device_id, seq)
            )""";
    private static final int TELEMETRY_SEQS = 20;

    private AnalysisQueries() {
    }

    /** Three alerts of {@code runId}: two temperature (one right, one wrong), one pressure without details. */
    static List<String> alertLines(String runId) {
        return List.of(
                alert(runId, "temperature-000042", "temperature", 1234, SENT_AT_US, SENT_AT_US + 1000,
                        ",\"field\":\"celsius\",\"value\":85.5,\"zScore\":6.2", true),
                alert(runId, "temperature-000007", "temperature", 5, SENT_AT_US, SENT_AT_US + 3000,
                        ",\"field\":\"celsius\",\"value\":30.5,\"zScore\":3.1", false),
                alert(runId, "pressure-000001", "pressure", 1, SENT_AT_US, SENT_AT_US + 2000,
                        ",\"zScore\":null", true));
    }

    private static String alert(String runId, String deviceId, String type, long seq, long sentAtUs,
                                long detectedAtUs, String details, boolean anomaly) {
        return "{\"runId\":\"" + runId + "\",\"deviceId\":\"" + deviceId + "\",\"type\":\"" + type + "\",\"seq\":"
                + seq + ",\"sentAtUs\":" + sentAtUs + ",\"detectedAtUs\":" + detectedAtUs + details
                + ",\"anomaly\":" + anomaly + "}";
    }

    /**
     * Telemetry of four devices, seq 0..19: temperature-000002 misses seq 3, 7, 11; pressure-000001 misses seq 0;
     * latency (inserted_at - sent_at) is seq + 1 ms for temperature, 100 ms for pressure.
     */
    static void seedTelemetry(String jdbcUrl, String user) throws SQLException {
        try (Connection c = ReportSchema.connect(jdbcUrl, user, null)) {
            try (Statement st = c.createStatement()) {
                st.execute(TELEMETRY_DDL);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO telemetry VALUES (?, ?, ?, ?, ?, "
                    + "'{\"celsius\": 21.4}'::jsonb, ?)")) {
                Instant base = Instant.ofEpochSecond(1_764_000_000L);
                for (String device : List.of("temperature-000001", "temperature-000002", "temperature-000003",
                        "pressure-000001")) {
                    for (int seq = 0; seq < TELEMETRY_SEQS; seq++) {
                        boolean lost = device.equals("temperature-000002") && (seq == 3 || seq == 7 || seq == 11)
                                || device.equals("pressure-000001") && seq == 0;
                        if (lost) {
                            continue;
                        }
                        Instant sent = base.plusSeconds(seq);
                        ps.setString(1, device);
                        ps.setLong(2, seq);
                        ps.setString(3, device.substring(0, device.indexOf('-')));
                        ps.setObject(4, OffsetDateTime.ofInstant(sent, ZoneOffset.UTC));
                        ps.setBoolean(5, seq % 10 == 9);
                        ps.setObject(6, OffsetDateTime.ofInstant(sent.plusMillis(latencyMs(device, seq)),
                                ZoneOffset.UTC));
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
        }
    }

    private static long latencyMs(String device, int seq) {
        return device.startsWith("pressure") ? 100 : seq + 1;
    }

    /** Checks the answers of the two queries that read the seeded telemetry. */
    static void checkTelemetryResults(Map<String, List<Map<String, Object>>> results) {
        List<Map<String, Object>> worst = results.get("worst_devices_by_loss.sql");
        assertEquals(4, worst.size());
        assertEquals("temperature-000002", worst.get(0).get("device_id"));
        assertEquals(3L, ((Number) worst.get(0).get("missing")).longValue());
        assertEquals(20L, ((Number) worst.get(0).get("expected")).longValue());
        assertEquals("pressure-000001", worst.get(1).get("device_id"));
        assertEquals(1L, ((Number) worst.get(1).get("missing")).longValue());
        assertEquals(0L, ((Number) worst.get(2).get("missing")).longValue());

        List<Map<String, Object>> latency = results.get("latency_medium_from_db.sql");
        assertEquals(List.of("pressure", "temperature", "(all)"),
                latency.stream().map(r -> r.get("device_type")).toList());
        List<Double> all = new ArrayList<>();
        for (String device : List.of("temperature-000001", "temperature-000002", "temperature-000003",
                "pressure-000001")) {
            for (int seq = 0; seq < TELEMETRY_SEQS; seq++) {
                boolean lost = device.equals("temperature-000002") && (seq == 3 || seq == 7 || seq == 11)
                        || device.equals("pressure-000001") && seq == 0;
                if (!lost) {
                    all.add((double) latencyMs(device, seq));
                }
            }
        }
        Map<String, Object> overall = latency.get(2);
        assertEquals((long) all.size(), ((Number) overall.get("rows")).longValue());
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        assertEquals(percentileCont(sorted, 0.5), ((Number) overall.get("p50_ms")).doubleValue(), 0.0005);
        assertEquals(percentileCont(sorted, 0.99), ((Number) overall.get("p99_ms")).doubleValue(), 0.0005);
        assertEquals(100.0, ((Number) overall.get("max_ms")).doubleValue(), 0.0005);
        assertEquals(100.0, ((Number) latency.get(0).get("p50_ms")).doubleValue(), 0.0005);
    }

    /** PostgreSQL's percentile_cont: linear interpolation at position p·(n−1). */
    static double percentileCont(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Runs every analysis file for {@code runId}; file name → rows. */
    static Map<String, List<Map<String, Object>>> runAll(String jdbcUrl, String user, String runId)
            throws IOException, SQLException {
        Path dir = analysisDir();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
        }
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.containsAll(EXPECTED_FILES), () -> "analysis/ has " + names);
        Map<String, List<Map<String, Object>>> results = new TreeMap<>();
        try (Connection c = ReportSchema.connect(jdbcUrl, user, null)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String sql = Files.readString(file);
                checkHeader(name, sql);
                try (Statement st = c.createStatement()) {
                    results.put(name, rows(st.executeQuery(substitute(sql, runId))));
                } catch (SQLException e) {
                    throw new SQLException(name + ": " + e.getMessage(), e);
                }
            }
        }
        return results;
    }

    /** What the CLI does: every literal {@code :run_id} becomes a quoted SQL text literal. */
    static String substitute(String sql, String runId) {
        return sql.replace(":run_id", "'" + runId.replace("'", "''") + "'");
    }

    private static void checkHeader(String name, String sql) {
        List<String> header = sql.lines().takeWhile(l -> l.startsWith("--")).toList();
        assertEquals("-- " + name, header.isEmpty() ? "" : header.get(0), name + ": first line names the file");
        for (String key : Arrays.asList("-- Answers:", "-- Parameters:", "-- Reads:", "-- Columns:")) {
            assertTrue(header.stream().anyMatch(l -> l.startsWith(key)), name + ": header lacks " + key);
        }
        boolean usesRunId = sql.lines().filter(l -> !l.startsWith("--")).anyMatch(l -> l.contains(":run_id"));
        boolean documentsRunId = header.stream().anyMatch(l -> l.startsWith("-- Parameters:")
                && l.contains(":run_id") && !l.contains("not used"));
        assertEquals(usesRunId, documentsRunId, name + ": the Parameters line must match the use of :run_id");
    }

    static Path analysisDir() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("analysis")) && Files.exists(p.resolve("pom.xml"))) {
                return p.resolve("analysis");
            }
        }
        throw new IllegalStateException("no analysis/ folder above " + cwd);
    }

    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
