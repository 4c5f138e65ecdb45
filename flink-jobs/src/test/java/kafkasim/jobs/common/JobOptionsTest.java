package kafkasim.jobs.common;

import kafkasim.jobs.source.SourceSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import kafkasim.jobs.JobOptions.InvalidOptionsException;
import kafkasim.jobs.JobOptions;
import kafkasim.jobs.fast.FastPathSettings;
import kafkasim.jobs.medium.MediumPathSettings;
import kafkasim.jobs.slow.SlowPathSettings;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
    private static final String[] FAST = {"--job", "fast", "--run-id", "light-1", "--bootstrap", "127.0.0.1:9092"};

    @Test
    void defaults() {
        JobOptions o = JobOptions.parse(FAST);
        assertEquals("fast", o.job());
        assertEquals(new SourceSettings("kafka", "127.0.0.1:9092", "iot.telemetry", "kafkasim-fast-light-1"),
                o.sourceSettings());
        assertEquals("sim.log", o.metricsSettings().logTopic());
        assertEquals("light-1", o.metricsSettings().runId());
        assertEquals(2000, o.checkpointIntervalMs());
        assertEquals(new FastPathSettings(4.0, 10, 0.02, 200, 1.0, "iot.alerts"), o.fast());
        assertEquals(200_000, o.fast().serviceTimeNanos());

        JobOptions medium = JobOptions.parse("--job", "medium", "--run-id", "r", "--bootstrap", "b:1",
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        MediumPathSettings m = medium.medium();
        assertEquals("postgres", m.jdbcUser());
        assertNull(m.jdbcPassword());
        assertEquals(500, m.batchSize());
        assertEquals(200, m.batchIntervalMs());
        assertEquals(SourceSettings.BATCH_FETCH_WAIT_MS, medium.sourceSettings().fetchMaxWaitMs(),
                "only the fast path trades broker work for a short fetch wait");

        JobOptions slow = JobOptions.parse("--job", "slow", "--run-id", "r", "--bootstrap", "b:1",
                "--files-dir", "/tmp/files");
        assertEquals(new SlowPathSettings("/tmp/files", 8L * 1024 * 1024, 10_000), slow.slow());
    }

    @Test
    void everyFlagIsRead() {
        JobOptions o = JobOptions.parse(with(FAST, "--topic", "t", "--group-id", "g", "--log-topic", "l",
                "--checkpoint-interval-ms", "500", "--source", "kafka", "--z-threshold", "3.5",
                "--warmup-readings", "10", "--ewma-alpha", "0.1", "--service-time-us", "0", "--time-scale", "0.5",
                "--alerts-topic", "a"));
        assertEquals(new SourceSettings("kafka", "127.0.0.1:9092", "t", "g", SourceSettings.LOW_LATENCY_FETCH_WAIT_MS, null),
                o.sourceSettings());
        assertEquals("l", o.metricsSettings().logTopic());
        assertEquals(500, o.checkpointIntervalMs());
        assertEquals(new FastPathSettings(3.5, 10, 0.1, 0, 0.5, "a"), o.fast());
    }

    @Test
    void mqttSource() {
        JobOptions o = JobOptions.parse(with(FAST, "--source", "mqtt", "--mqtt-url", "tcp://127.0.0.1:1883",
                "--mqtt-topic-filters", "devices/a/+/telemetry,devices/b/+/telemetry", "--mqtt-ack", "receipt"));
        assertEquals(new SourceSettings.Mqtt("tcp://127.0.0.1:1883",
                        List.of("devices/a/+/telemetry", "devices/b/+/telemetry"), 1, false),
                o.sourceSettings().mqtt());
        assertEquals(List.of("devices/+/+/telemetry"), JobOptions.parse(with(FAST, "--source", "mqtt",
                "--mqtt-url", "tcp://h:1")).sourceSettings().mqtt().topicFilters());
        assertTrue(JobOptions.parse(with(FAST, "--source", "mqtt", "--mqtt-url", "tcp://h:1"))
                .sourceSettings().mqtt().ackAfterCheckpoint(), "acknowledging after the checkpoint is the default");
    }

    @Test
    void problemsNameTheFlag() {
        assertProblem("--job is required", "--run-id", "r");
        assertProblem("--job must be one of fast|medium|slow|report, got 'fastest'", "--job", "fastest");
        assertProblem("--run-id is required", "--job", "fast", "--bootstrap", "b:1");
        assertProblem("--bootstrap is required", "--job", "fast", "--run-id", "r");
        assertProblem("--run-id must not contain whitespace", "--job", "fast", "--run-id", "a b", "--bootstrap", "b");
        assertProblem("--source must be one of kafka|mqtt, got 'amqp'", with(FAST, "--source", "amqp"));
        assertProblem("--mqtt-url is required", with(FAST, "--source", "mqtt"));
        assertProblem("--mqtt-url must be tcp://host:port, got 'ssl://h:1'",
                with(FAST, "--source", "mqtt", "--mqtt-url", "ssl://h:1"));
        assertProblem("--mqtt-qos must be 0, 1 or 2, got 3",
                with(FAST, "--source", "mqtt", "--mqtt-url", "tcp://h:1", "--mqtt-qos", "3"));
        assertProblem("--mqtt-ack must be one of checkpoint|receipt, got 'never'",
                with(FAST, "--source", "mqtt", "--mqtt-url", "tcp://h:1", "--mqtt-ack", "never"));
        assertProblem("--mqtt-topic-filters must be comma-separated topic filters",
                with(FAST, "--source", "mqtt", "--mqtt-url", "tcp://h:1", "--mqtt-topic-filters", "a,,b"));
        assertProblem("--mqtt-url needs --source mqtt", with(FAST, "--mqtt-url", "tcp://h:1"));
        assertProblem("--checkpoint-interval-ms must be >= 10, got 5", with(FAST, "--checkpoint-interval-ms", "5"));
        assertProblem("--checkpoint-interval-ms must be a whole number, got '1s'",
                with(FAST, "--checkpoint-interval-ms", "1s"));
        assertProblem("--z-threshold must be > 0.0, got -1", with(FAST, "--z-threshold", "-1"));
        assertProblem("--z-threshold must be a number, got 'high'", with(FAST, "--z-threshold", "high"));
        assertProblem("--warmup-readings must be >= 1, got 0", with(FAST, "--warmup-readings", "0"));
        assertProblem("--ewma-alpha must be in (0, 1], got 1.5", with(FAST, "--ewma-alpha", "1.5"));
        assertProblem("--service-time-us must be >= 0, got -3", with(FAST, "--service-time-us", "-3"));
        assertProblem("--time-scale must be > 0.0, got 0", with(FAST, "--time-scale", "0"));
        assertProblem("--topic must not be blank", with(FAST, "--topic", " "));
        assertProblem("--jdbc-url is not a flag of job fast", with(FAST, "--jdbc-url", "jdbc:postgresql:x"));
        assertProblem("--zthreshold is not a flag of job fast", with(FAST, "--zthreshold", "3"));
        assertProblem("--topic is given twice", with(FAST, "--topic", "a", "--topic", "b"));
        assertProblem("--topic needs a value", with(FAST, "--topic"));
        assertProblem("expected a flag --name, got 'extra'", with(FAST, "extra"));

        String[] medium = {"--job", "medium", "--run-id", "r", "--bootstrap", "b:1"};
        assertProblem("--jdbc-url is required", medium);
        assertProblem("--jdbc-url must start with jdbc:postgresql:, got 'jdbc:mysql://x'",
                with(medium, "--jdbc-url", "jdbc:mysql://x"));
        assertProblem("--batch-size must be >= 1, got 0",
                with(medium, "--jdbc-url", "jdbc:postgresql:db", "--batch-size", "0"));
        assertProblem("--batch-interval-ms must be >= 1, got 0",
                with(medium, "--jdbc-url", "jdbc:postgresql:db", "--batch-interval-ms", "0"));

        String[] slow = {"--job", "slow", "--run-id", "r", "--bootstrap", "b:1"};
        assertProblem("--files-dir is required", slow);
        assertProblem("--files-dir must be an absolute path or a URI, got 'files'", with(slow, "--files-dir", "files"));
        assertProblem("--roll-size-bytes must be >= 1, got 0", with(slow, "--files-dir", "/f", "--roll-size-bytes", "0"));
        assertProblem("--roll-interval-ms must be >= 1, got -1",
                with(slow, "--files-dir", "/f", "--roll-interval-ms", "-1"));
    }

    @Test
    void reportKeepsFlagsItDoesNotKnowForReportJob() {
        JobOptions o = JobOptions.parse("--job", "report", "--results-dir", "/tmp/r", "--window-ms", "5000");
        assertEquals("/tmp/r", o.requiredString("results-dir"));
        assertEquals(5000, o.longValue("window-ms", 1000, 1));
        assertEquals(7, o.longValue("absent", 7, 1));
        assertEquals(List.of("job", "results-dir", "window-ms"), List.copyOf(o.flags().keySet()));
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> JobOptions.parse("--job", "report", "--checkpoint-interval-ms", "x"));
        assertTrue(e.getMessage().startsWith("--checkpoint-interval-ms"), e.getMessage());
    }

    @Test
    void passwordsAreNotPrinted() {
        JobOptions o = JobOptions.parse("--job", "medium", "--run-id", "r", "--bootstrap", "b:1",
                "--jdbc-url", "jdbc:postgresql:db", "--jdbc-password", "secret");
        assertEquals("secret", o.medium().jdbcPassword());
        assertTrue(!o.toString().contains("secret") && !o.medium().toString().contains("secret"), o.toString());
    }

    private static void assertProblem(String expectedStart, String... args) {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> JobOptions.parse(args),
                String.join(" ", args));
        assertTrue(e.getMessage().startsWith(expectedStart), "expected '" + expectedStart + "', got '"
                + e.getMessage() + "'");
    }

    private static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
