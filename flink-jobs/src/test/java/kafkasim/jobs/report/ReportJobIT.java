package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSpec;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import kafkasim.infra.kafka.EmbeddedKafka;
import kafkasim.common.topics.DefaultTopics;
import kafkasim.infra.postgres.EmbeddedPostgres;
import org.HdrHistogram.Histogram;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregation job end to end: a real Kafka broker and PostgreSQL, the job on a MiniCluster. Metric records of
 * 3 paths × 2 subtasks × 12 s (one record per subtask and 2 s checkpoint, one of them published twice as a restored
 * job does) go to a log topic of two partitions (with ordinary, malformed and other-run lines among them); the job
 * must drop the repeat and write the 1 s windows of all 12 seconds and both 10 s windows (the second partial,
 * closed by the wall clock once the input is quiet) with exact counts and percentiles, and write the same rows
 * again, not more, when it reads everything a second time. Then every analysis query runs against the result.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportJobIT {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    static final String RUN = "it-20261124-231000";
    /** A multiple of 10 s, so the 10 s windows start at T0. */
    static final long T0 = 1_764_025_800_000L;
    static final int SECONDS = 12;
    static final List<String> PATHS = List.of("fast", "medium", "slow");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path workDir;
    static EmbeddedKafka kafka;
    static EmbeddedPostgres postgres;
    static final Map<String, Histogram> UNION_1S = new HashMap<>(); // path@second
    static final Map<String, Histogram> UNION_10S = new HashMap<>(); // path@decade

    @BeforeAll
    static void startInfrastructure() throws Exception {
        kafka = EmbeddedKafka.start(workDir.resolve("kafka"));
        postgres = EmbeddedPostgres.start(workDir.resolve("postgres"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(DefaultTopics.LOG, 2, (short) 1),
                    new NewTopic(DefaultTopics.ALERTS, 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stopInfrastructure() {
        try {
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    @Test
    @Order(1)
    void writesWindowsAndAlertsAndOverwritesThemOnReplay() throws Exception {
        publishInput();

        JobClient job = start("first");
        try {
            await("all 1 s windows, both 10 s windows and the alerts", () ->
                    count("SELECT count(*) FROM report_window WHERE window_ms = 1000") == PATHS.size() * SECONDS
                            && count("SELECT count(*) FROM report_window WHERE window_ms = 10000") == 2 * PATHS.size()
                            && count("SELECT count(*) FROM alert") == 3);
        } finally {
            job.cancel().get();
        }
        List<Map<String, Object>> first = query("SELECT * FROM report_window ORDER BY window_ms, window_start, path");
        assertEquals(PATHS.size() * (SECONDS + 2), first.size());
        for (Map<String, Object> row : first) {
            checkRow(row);
        }
        checkAlerts();

        // a fresh start reads the topics again from the beginning: same rows, overwritten, none added
        Timestamp before = (Timestamp) query("SELECT max(updated_at) AS t FROM report_window").get(0).get("t");
        JobClient again = start("second");
        try {
            await("every row rewritten", () -> count("SELECT count(*) FROM report_window WHERE updated_at > '"
                    + before + "'") == first.size());
        } finally {
            again.cancel().get();
        }
        List<Map<String, Object>> second = query("SELECT * FROM report_window ORDER BY window_ms, window_start, path");
        assertEquals(withoutUpdatedAt(first), withoutUpdatedAt(second));
        assertEquals(3, count("SELECT count(*) FROM alert"));
    }

    @Test
    @Order(2)
    void analysisQueriesAnswerFromTheJobsTables() throws Exception {
        AnalysisQueries.seedTelemetry(postgres.jdbcUrl(), postgres.user());
        Map<String, List<Map<String, Object>>> results = AnalysisQueries.runAll(postgres.jdbcUrl(), postgres.user(),
                RUN);

        List<Map<String, Object>> throughput = results.get("throughput_per_path.sql");
        assertEquals(PATHS.size() * SECONDS, throughput.size());
        assertEquals("fast", throughput.get(0).get("path"));
        assertEquals(UNION_1S.get("fast@0").getTotalCount(), throughput.get(0).get("received"));

        List<Map<String, Object>> p99 = results.get("p99_per_path.sql");
        assertEquals(3 * PATHS.size(), p99.size(), "two 10 s windows and one whole-run row per path");
        for (int i = 0; i < PATHS.size(); i++) {
            String path = PATHS.get(i);
            Map<String, Object> first = p99.get(2 * i);
            Map<String, Object> second = p99.get(2 * i + 1);
            Map<String, Object> run = p99.get(2 * PATHS.size() + i);
            assertEquals(List.of("window", "window", "whole run", path, path, path), List.of(first.get("scope"),
                    second.get("scope"), run.get("scope"), first.get("path"), second.get("path"), run.get("path")));
            assertEquals(UNION_10S.get(path + "@0").getValueAtPercentile(99) / 1000.0, first.get("p99_ms"));
            assertEquals(UNION_10S.get(path + "@1").getValueAtPercentile(99) / 1000.0, second.get("p99_ms"));
            assertEquals(Math.max((Double) first.get("p99_ms"), (Double) second.get("p99_ms")), run.get("p99_ms"),
                    "the whole-run bound is the max over windows");
            Histogram all = MetricLines.senderHistogram();
            all.add(UNION_10S.get(path + "@0"));
            all.add(UNION_10S.get(path + "@1"));
            assertTrue(all.getValueAtPercentile(99) / 1000.0 <= (Double) run.get("p99_ms"), "it is an upper bound");
            assertEquals(all.getMaxValue() / 1000.0, run.get("max_ms"), "the maximum is exact");
        }

        List<Map<String, Object>> totals = results.get("totals_per_path.sql");
        assertEquals(PATHS.size(), totals.size());
        for (Map<String, Object> row : totals) {
            long received = 0;
            for (int s = 0; s < SECONDS; s++) {
                received += UNION_1S.get(row.get("path") + "@" + s).getTotalCount();
            }
            assertEquals(received, row.get("received"));
            assertEquals((long) SECONDS, row.get("lost"), "subtask 1 loses one message per second");
            assertEquals(row.get("path").equals("medium") ? 2L * SECONDS : 0L, row.get("replayed"));
        }

        Map<String, Object> quality = results.get("detection_quality.sql").get(0);
        assertEquals(2L * 3 * SECONDS, quality.get("alerts"));
        assertEquals(new java.math.BigDecimal("0.6667"), quality.get("precision"));
        assertEquals(new java.math.BigDecimal("0.5000"), quality.get("recall"));

        List<Map<String, Object>> alerts = results.get("alerts.sql");
        assertEquals(2, alerts.size());
        assertEquals("pressure", alerts.get(0).get("device_type"));
        assertEquals(new java.math.BigDecimal("1.0000"), alerts.get(0).get("precision"));
        assertEquals("temperature", alerts.get(1).get("device_type"));
        assertEquals(2L, alerts.get(1).get("alerts"));
        assertEquals(new java.math.BigDecimal("0.5000"), alerts.get(1).get("precision"));
        assertEquals(new java.math.BigDecimal("2.000"), alerts.get(1).get("detection_p50_ms"));

        AnalysisQueries.checkTelemetryResults(results);
    }

    private static void publishInput() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String log = DefaultTopics.LOG;
        int seed = 0;
        Map<String, List<MetricSlice>> open = new HashMap<>(); // path/subtask → slices of the checkpoint to come
        Map<String, String> previous = new HashMap<>(); // path/subtask → its previous record's line
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int s = 0; s < SECONDS; s++) {
                for (String path : PATHS) {
                    for (int subtask = 0; subtask < 2; subtask++) {
                        Histogram h = MetricLines.randomHistogram(seed++, 200 + 17 * s + 5 * subtask, 300,
                                path.equals("slow") ? 3_000_000 : 80_000);
                        PathCounters counters = switch (path) {
                            case "fast" -> new PathCounters(3, 2, 1, 2, 0);
                            case "medium" -> new PathCounters(0, 0, 0, 0, 1);
                            default -> PathCounters.ZERO;
                        };
                        String stream = path + "/" + subtask;
                        open.computeIfAbsent(stream, k -> new ArrayList<>())
                                .add(MetricLines.slice(T0 + s * 1000L, h, subtask, counters));
                        UNION_1S.computeIfAbsent(path + "@" + s, k -> MetricLines.senderHistogram()).add(h);
                        UNION_10S.computeIfAbsent(path + "@" + s / 10, k -> MetricLines.senderHistogram()).add(h);
                        if (s % 2 == 1) { // the subtask's checkpoint s / 2 + 1 completes: one record, its process key
                            String process = "flink-" + path + "-" + subtask;
                            String line = MetricLines.metricLine(RUN, path, subtask, s / 2 + 1, open.remove(stream));
                            producer.send(new ProducerRecord<>(log, process, line));
                            if (s == 5) { // a restored job publishes its restored checkpoint's record again
                                producer.send(new ProducerRecord<>(log, process, previous.get(stream)));
                            }
                            previous.put(stream, line);
                        }
                    }
                }
                producer.send(new ProducerRecord<>(log, "worker-0", MetricLines.ordinaryLine()));
                producer.send(new ProducerRecord<>(log, "worker-1", "{\"half a line"));
                producer.send(new ProducerRecord<>(log, "flink-fast-0", MetricLines.metricLine("another-run", "fast",
                        0, s + 1, List.of(MetricLines.slice(T0 + s * 1000L, MetricLines.randomHistogram(s, 50, 1, 10))))));
            }
            String alerts = DefaultTopics.ALERTS;
            for (String line : AnalysisQueries.alertLines(RUN)) {
                producer.send(new ProducerRecord<>(alerts, line));
            }
            producer.send(new ProducerRecord<>(alerts, AnalysisQueries.alertLines(RUN).get(0))); // again: upsert
            producer.send(new ProducerRecord<>(alerts, AnalysisQueries.alertLines("another-run").get(0)));
            producer.send(new ProducerRecord<>(alerts, "not an alert"));
            producer.flush();
        }
    }

    private static void checkRow(Map<String, Object> row) {
        assertEquals(RUN, row.get("run_id"));
        String path = (String) row.get("path");
        int windowMs = (Integer) row.get("window_ms");
        long startMs = ((Timestamp) row.get("window_start")).getTime();
        long offsetMs = startMs - T0;
        // seconds with metric records in the window: the second 10 s window holds only seconds 10 and 11
        int seconds = windowMs == 1000 ? 1 : (int) Math.min(10, SECONDS - offsetMs / 1000);
        Histogram union = windowMs == 1000
                ? UNION_1S.get(path + "@" + offsetMs / 1000)
                : UNION_10S.get(path + "@" + offsetMs / 10_000);
        String where = path + " " + windowMs + " ms at +" + offsetMs + " ms";
        assertEquals(union.getTotalCount(), row.get("received"), where);
        assertEquals(union.getTotalCount() * 1000.0 / windowMs, (Double) row.get("rate_per_sec"), 1e-9, where);
        assertEquals(union.getValueAtPercentile(50) / 1000.0, row.get("p50_ms"), where);
        assertEquals(union.getValueAtPercentile(90) / 1000.0, row.get("p90_ms"), where);
        assertEquals(union.getValueAtPercentile(99) / 1000.0, row.get("p99_ms"), where);
        assertEquals(union.getValueAtPercentile(99.9) / 1000.0, row.get("p999_ms"), where);
        assertEquals(union.getMaxValue() / 1000.0, row.get("max_ms"), where);
        assertEquals((long) seconds, row.get("lost"), where);
        assertEquals(0L, row.get("duplicates"), where);
        assertEquals(path.equals("fast") ? 6L * seconds : 0L, row.get("alerts"), where);
        assertEquals(path.equals("fast") ? 4L * seconds : 0L, row.get("true_positives"), where);
        assertEquals(path.equals("fast") ? 2L * seconds : 0L, row.get("false_positives"), where);
        assertEquals(path.equals("fast") ? 4L * seconds : 0L, row.get("false_negatives"), where);
        assertEquals(path.equals("medium") ? 2L * seconds : 0L, row.get("replayed"), where);
        assertEquals(2, row.get("subtasks"), where);
    }

    private static void checkAlerts() throws SQLException {
        Map<String, Map<String, Object>> byDevice = new HashMap<>();
        for (Map<String, Object> row : query("SELECT * FROM alert")) {
            byDevice.put((String) row.get("device_id"), row);
        }
        assertEquals(3, byDevice.size());
        Map<String, Object> pressure = byDevice.get("pressure-000001");
        assertEquals(RUN, pressure.get("run_id"));
        assertEquals("pressure", pressure.get("device_type"));
        assertNull(pressure.get("field"));
        assertNull(pressure.get("value"));
        assertNull(pressure.get("z_score"));
        Map<String, Object> hot = byDevice.get("temperature-000042");
        assertEquals(1234L, hot.get("seq"));
        assertEquals("temperature", hot.get("device_type"));
        assertEquals("celsius", hot.get("field"));
        assertEquals(85.5, hot.get("value"));
        assertEquals(6.2, hot.get("z_score"));
        assertEquals(true, hot.get("anomaly"));
        Timestamp sentAt = (Timestamp) hot.get("sent_at");
        assertEquals(AnalysisQueries.SENT_AT_US, Math.floorDiv(sentAt.getTime(), 1000L) * 1_000_000L
                + sentAt.getNanos() / 1000, "µs precision kept");
        assertEquals(false, byDevice.get("temperature-000007").get("anomaly"));
    }

    /** The job as JobMain would start it, in a consumer group of its own per attempt (topics: the defaults). */
    private static JobClient start(String attempt) throws Exception {
        JobSettings.Report report = new JobSettings.Report(new JobSettings.Jdbc(postgres.jdbcUrl(), postgres.user(),
                null), null, null);
        JobSpec spec = new JobSpec(RUN, "it-" + attempt, 1000L, null, new JobSpec.Log(kafka.bootstrap(), null),
                report).validated();
        return ReportJob.start(spec, report);
    }

    private static List<Map<String, Object>> withoutUpdatedAt(List<Map<String, Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> copy = new HashMap<>(row);
            copy.remove("updated_at");
            out.add(copy);
        }
        return out;
    }

    static long count(String sql) throws SQLException {
        return ((Number) query(sql).get(0).values().iterator().next()).longValue();
    }

    static List<Map<String, Object>> query(String sql) throws SQLException {
        try (Connection c = ReportSchema.connect(postgres.jdbcUrl(), postgres.user(), null);
             Statement st = c.createStatement()) {
            return AnalysisQueries.rows(st.executeQuery(sql));
        }
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            boolean done;
            try {
                done = condition.call();
            } catch (SQLException e) { // the tables appear when the job starts
                done = false;
            }
            if (done) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, () -> "timed out after " + WAIT + " waiting for " + what);
            Thread.sleep(250);
        }
    }
}
