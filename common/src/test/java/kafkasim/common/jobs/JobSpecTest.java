package kafkasim.common.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import kafkasim.common.json.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JobSpecTest {
    /** The smallest spec of each job: only what has no default. */
    static final String FAST = """
            {"runId": "light-1", "source": {"kafka": {"bootstrap": "127.0.0.1:9092"}},
             "log": {"bootstrap": "127.0.0.1:9092"}, "job": {"fast": {}}}""";
    static final String MEDIUM = """
            {"runId": "r", "source": {"kafka": {"bootstrap": "b:1"}}, "log": {"bootstrap": "b:1"},
             "job": {"medium": {"jdbc": {"url": "jdbc:postgresql://127.0.0.1:5432/postgres"}}}}""";
    static final String SLOW = """
            {"runId": "r", "source": {"mqtt": {"url": "tcp://127.0.0.1:1883"}}, "log": {"bootstrap": "b:1"},
             "job": {"slow": {"filesDir": "/tmp/files"}}}""";
    static final String REPORT = """
            {"runId": "r", "log": {"bootstrap": "h:1"},
             "job": {"report": {"jdbc": {"url": "jdbc:postgresql://127.0.0.1:5432/postgres", "password": "p w"}}}}""";
    /**
     * The only fields a complete spec may leave null: the report job reads no telemetry; a password is optional; the
     * MQTT security's files are those of its mode only.
     */
    static final Set<String> MAY_BE_NULL = Set.of("JobSpec.source", "Jdbc.password", "MqttClientSecurity.caFile",
            "MqttClientSecurity.certificateChainFile", "MqttClientSecurity.privateKeyFile",
            "MqttClientSecurity.credentialsFile");

    @ParameterizedTest
    @ValueSource(strings = {FAST, MEDIUM, SLOW, REPORT})
    void everyJobsSpecRoundTripsWithNoNullsAfterDefaults(String json) throws Exception {
        JobSpec spec = JobSpec.parse(json);
        assertNoNulls(spec, spec.job().name() + ":");
        String written = spec.toJson();
        assertEquals(spec, JobSpec.parse(written));
        assertEquals(written, JobSpec.parse(written).toJson(), "the JSON is stable");
        assertEquals(spec, JobSpec.fromArgs(spec.toArgs().toArray(String[]::new)));
        assertFalse(written.contains("null"), written);
    }

    @Test
    void defaultsAreTheJobsFigures() {
        JobSpec fast = JobSpec.parse(FAST);
        assertEquals(new JobSource.Kafka("127.0.0.1:9092", "iot.telemetry"), fast.source());
        assertEquals(new JobSpec.Log("127.0.0.1:9092", "sim.log"), fast.log());
        assertEquals("kafkasim-fast-light-1", fast.groupId());
        assertEquals(2000, fast.checkpointIntervalMs());
        assertEquals(new JobSettings.Fast(4.0, 10, 0.02, 200L, 1.0, "iot.alerts"), fast.job());
        assertEquals(200_000, ((JobSettings.Fast) fast.job()).serviceTimeNanos());

        assertEquals(new JobSettings.Medium(new JobSettings.Jdbc("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", null), 500, 200L, 4, 200L), JobSpec.parse(MEDIUM).job());
        assertEquals("kafkasim-medium-r", JobSpec.parse(MEDIUM).groupId());

        JobSpec slow = JobSpec.parse(SLOW);
        assertEquals(new JobSettings.Slow("/tmp/files", 8L * 1024 * 1024, 10_000L), slow.job());
        assertEquals(new JobSource.Mqtt("tcp://127.0.0.1:1883", List.of("devices/+/+/telemetry"), 1, "checkpoint"),
                slow.source());
        assertTrue(((JobSource.Mqtt) slow.source()).ackAfterCheckpoint(), "acknowledging after the checkpoint");

        JobSpec report = JobSpec.parse(REPORT);
        assertEquals("kafkasim-report-r", report.groupId());
        assertEquals(new JobSettings.Report(new JobSettings.Jdbc("jdbc:postgresql://127.0.0.1:5432/postgres",
                "postgres", "p w"), "iot.alerts", 2000L), report.job());
        assertNull(report.source());
    }

    @Test
    void everyFieldIsRead() {
        JobSpec spec = JobSpec.parse("""
                {"runId": "r", "groupId": "g", "checkpointIntervalMs": 500,
                 "source": {"mqtt": {"url": "tcp://h:1", "topicFilters": ["devices/a/+/telemetry", "devices/b/+/telemetry"],
                                     "qos": 2, "ack": "receipt"}},
                 "log": {"bootstrap": "h:1,h:2", "topic": "l"},
                 "job": {"fast": {"zThreshold": 3.5, "warmupReadings": 3, "ewmaAlpha": 0.1, "serviceTimeUs": 0,
                                  "timeScale": 0.5, "alertsTopic": "a"}}}""");
        assertEquals(new JobSpec("r", "g", 500L, new JobSource.Mqtt("tcp://h:1",
                List.of("devices/a/+/telemetry", "devices/b/+/telemetry"), 2, "receipt"), new JobSpec.Log("h:1,h:2", "l"),
                new JobSettings.Fast(3.5, 3, 0.1, 0L, 0.5, "a")), spec);
        assertFalse(((JobSource.Mqtt) spec.source()).ackAfterCheckpoint());
    }

    @Test
    void thePasswordIsNeverPrinted() {
        JobSpec report = JobSpec.parse(REPORT);
        assertEquals("p w", ((JobSettings.Report) report.job()).jdbc().password());
        assertFalse(report.toString().contains("p w"), report.toString());
        InvalidJobSpecException e = assertThrows(InvalidJobSpecException.class,
                () -> JobSpec.fromArgs(REPORT));
        assertFalse(e.getMessage().contains("p w"), e.getMessage());
    }

    /** Each row: a JSON path in one of the specs, the value put there ("-" removes it), the problem expected. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "FAST|runId|-|runId is required",
        "FAST|runId|\"a b\"|runId must not contain whitespace, got \"a b\"",
        "REPORT|runId|\"\"|runId must not be blank, got \"\"",
        "FAST|groupId|\" \"|groupId must not be blank",
        "FAST|checkpointIntervalMs|5|checkpointIntervalMs must be >= 10, got 5",
        "REPORT|checkpointIntervalMs|0|checkpointIntervalMs must be >= 10, got 0",
        "FAST|checkpointIntervalMs|\"1s\"|checkpointIntervalMs must be a whole number",
        "FAST|log|-|log is required",
        "FAST|log.bootstrap|-|log.bootstrap is required",
        "FAST|log.topic|\" \"|log.topic must not be blank",
        "FAST|job|-|job is required (one of fast, medium, slow, report)",
        "FAST|source|-|source is required for job fast",
        "REPORT|source|{\"kafka\": {\"bootstrap\": \"h:1\"}}|source must be absent for job report",
        "FAST|source.kafka.bootstrap|-|source.kafka.bootstrap is required",
        "FAST|source.kafka.topic|\" \"|source.kafka.topic must not be blank",
        "SLOW|source.mqtt.url|-|source.mqtt.url is required",
        "SLOW|source.mqtt.url|\"ssl://h:1\"|source.mqtt.url must be tcp://host:port, got \"ssl://h:1\"",
        "SLOW|source.mqtt.qos|3|source.mqtt.qos must be 0, 1 or 2, got 3",
        "SLOW|source.mqtt.security|{\"mode\": \"tls\"}|source.mqtt.security.caFile is required in an encrypted mode",
        "SLOW|source.mqtt.security|{\"mode\": \"mtls\", \"caFile\": \"/ca.pem\", \"privateKeyFile\": \"/k\"}"
                + "|source.mqtt.security.certificateChainFile and privateKeyFile go together",
        "SLOW|source.mqtt.ack|\"never\"|source.mqtt.ack must be checkpoint or receipt, got \"never\"",
        "SLOW|source.mqtt.topicFilters|[\"a\", \"\"]|source.mqtt.topicFilters[1] must not be blank",
        "SLOW|source.mqtt.topicFilters|[]|source.mqtt.topicFilters must list at least one topic filter",
        "FAST|job.fast.zThreshold|-1|job.fast.zThreshold must be > 0, got -1.0",
        "FAST|job.fast.zThreshold|\"high\"|job.fast.zThreshold must be a number",
        "FAST|job.fast.warmupReadings|0|job.fast.warmupReadings must be >= 1, got 0",
        "FAST|job.fast.warmupReadings|1.5|job.fast.warmupReadings must be a whole number",
        "FAST|job.fast.ewmaAlpha|1.5|job.fast.ewmaAlpha must be in (0, 1], got 1.5",
        "FAST|job.fast.ewmaAlpha|0|job.fast.ewmaAlpha must be in (0, 1], got 0.0",
        "FAST|job.fast.serviceTimeUs|-3|job.fast.serviceTimeUs must be >= 0, got -3",
        "FAST|job.fast.timeScale|0|job.fast.timeScale must be > 0, got 0.0",
        "FAST|job.fast.alertsTopic|\"\"|job.fast.alertsTopic must not be blank",
        "MEDIUM|job.medium.jdbc|-|job.medium.jdbc is required",
        "MEDIUM|job.medium.jdbc.url|-|job.medium.jdbc.url is required",
        "MEDIUM|job.medium.jdbc.url|\"jdbc:mysql://x\"|job.medium.jdbc.url must start with jdbc:postgresql:, got \"jdbc:mysql://x\"",
        "MEDIUM|job.medium.jdbc.user|\" \"|job.medium.jdbc.user must not be blank",
        "MEDIUM|job.medium.batchSize|0|job.medium.batchSize must be >= 1, got 0",
        "MEDIUM|job.medium.batchSize|100001|job.medium.batchSize must be <= 100000, got 100001",
        "MEDIUM|job.medium.batchIntervalMs|0|job.medium.batchIntervalMs must be >= 1, got 0",
        "MEDIUM|job.medium.maxAttempts|0|job.medium.maxAttempts must be >= 1, got 0",
        "MEDIUM|job.medium.retryBackoffMs|-1|job.medium.retryBackoffMs must be >= 0, got -1",
        "SLOW|job.slow.filesDir|-|job.slow.filesDir is required",
        "SLOW|job.slow.filesDir|\"files\"|job.slow.filesDir must be an absolute path or a URI, got \"files\"",
        "SLOW|job.slow.rollSizeBytes|0|job.slow.rollSizeBytes must be >= 1, got 0",
        "SLOW|job.slow.rollIntervalMs|-1|job.slow.rollIntervalMs must be >= 1, got -1",
        "REPORT|job.report.jdbc.url|-|job.report.jdbc.url is required",
        "REPORT|job.report.jdbc.url|\"jdbc:mysql://x\"|job.report.jdbc.url must start with jdbc:postgresql:",
        "REPORT|job.report.alertsTopic|\" \"|job.report.alertsTopic must not be blank",
        "REPORT|job.report.pathCheckpointIntervalMs|-1|job.report.pathCheckpointIntervalMs must be >= 1, got -1",
        "REPORT|job.report.pathCheckpointIntervalMs|\"x\"|job.report.pathCheckpointIntervalMs must be a whole number",
        // what a flag the job did not know was: a field its section does not have
        "FAST|job.fast.jdbc|{}|job.fast.jdbc is not a known field",
        "FAST|job.fast.zthreshold|3|job.fast.zthreshold is not a known field",
        "FAST|colour|1|colour is not a known field",
        "FAST|job|{\"fastest\": {}}|job: unknown kind \"fastest\" (one of fast, medium, report, slow)",
        "FAST|source|{\"amqp\": {}}|source: unknown kind \"amqp\" (one of kafka, mqtt)",
    })
    void problemsNameTheFieldAndTheValue(String base, String path, String value, String expected) {
        String json = with(base(base), path, value);
        InvalidJobSpecException e = assertThrows(InvalidJobSpecException.class, () -> JobSpec.parse(json), json);
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(expected)),
                () -> "expected '" + expected + "…' in " + e.problems());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        String json = with(with(FAST, "runId", "-"), "job.fast.zThreshold", "0");
        InvalidJobSpecException e = assertThrows(InvalidJobSpecException.class, () -> JobSpec.parse(json));
        assertEquals(List.of("runId is required", "job.fast.zThreshold must be > 0, got 0.0"), e.problems());
    }

    @Test
    void malformedTextAndArguments() {
        assertProblem("Duplicate field 'runId'", () -> JobSpec.parse("{\"runId\": \"a\", \"runId\": \"b\"}"));
        assertProblem("malformed JSON", () -> JobSpec.parse("{\"runId\": "));
        assertProblem("the spec must be a JSON object", () -> JobSpec.parse("null"));
        assertProblem("the arguments must be --spec <json>, got 6 argument(s) starting with --job",
                () -> JobSpec.fromArgs("--job", "fast", "--run-id", "r", "--bootstrap", "b:1"));
        assertProblem("the arguments must be --spec <json>, got 1 argument(s)", () -> JobSpec.fromArgs("--spec"));
    }

    private static void assertProblem(String expected, Runnable r) {
        InvalidJobSpecException e = assertThrows(InvalidJobSpecException.class, r::run);
        assertTrue(e.problems().stream().anyMatch(p -> p.contains(expected)),
                () -> "expected '" + expected + "' in " + e.problems());
    }

    private static String base(String name) {
        return switch (name) {
            case "FAST" -> FAST;
            case "MEDIUM" -> MEDIUM;
            case "SLOW" -> SLOW;
            case "REPORT" -> REPORT;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** {@code json} with the value at the dotted {@code path} replaced by {@code value} (JSON), or removed ("-"). */
    static String with(String json, String path, String value) {
        try {
            ObjectNode root = (ObjectNode) Json.mapper().readTree(json);
            String[] names = path.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < names.length - 1; i++) {
                node = (ObjectNode) node.get(names[i]);
            }
            String last = names[names.length - 1];
            if (value.equals("-")) {
                node.remove(last);
            } else {
                JsonNode v = Json.mapper().readTree(value);
                node.set(last, v);
            }
            return Json.mapper().writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record component below {@code r} is set, but those in {@link #MAY_BE_NULL}. */
    private static void assertNoNulls(Object r, String at) throws Exception {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(r);
            String name = r.getClass().getSimpleName() + "." + c.getName();
            if (v == null) {
                assertTrue(MAY_BE_NULL.contains(name), at + name + " is null");
            } else if (v.getClass().isRecord()) {
                assertNoNulls(v, at + c.getName() + ".");
            } else if (v instanceof List<?> list) {
                assertFalse(list.stream().anyMatch(Objects::isNull), at + name); // List.of refuses contains(null)
            }
        }
    }
}
