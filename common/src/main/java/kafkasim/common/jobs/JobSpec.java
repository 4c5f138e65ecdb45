package kafkasim.common.jobs;

import kafkasim.common.security.KafkaClientSecurity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import kafkasim.common.json.Json;
import kafkasim.common.scenario.JsonProblems;
import kafkasim.common.topics.DefaultTopics;

/**
 * Everything one of kafkasim's Flink jobs runs with, as data: the submitter builds it, sends it as JSON (the job's
 * program arguments {@code --spec <json>}, see {@link #toArgs()}), and the job's entry point reads it back with
 * {@link #fromArgs} and checks it once ({@link #problems()}), every problem naming its field by its JSON path
 * ({@code job.fast.zThreshold must be > 0, got -1.0}). Nothing else reads or writes the jobs' arguments.
 *
 * <p>Optional fields are filled with their defaults on construction, so a spec serializes with every value it
 * runs with, and reading that JSON back gives an equal spec. A field is added in one place: a component of the
 * record it belongs to, with its default and its check next to it.
 *
 * <pre>
 * {"runId": "light-20250101-120000", "groupId": "kafkasim-fast-light-20250101-120000", "checkpointIntervalMs": 2000,
 *  "source": {"kafka": {"bootstrap": "127.0.0.1:9092", "topic": "iot.telemetry"}},
 *  "log": {"bootstrap": "127.0.0.1:9092", "topic": "sim.log"},
 *  "job": {"fast": {"zThreshold": 4.0, "warmupReadings": 10, "ewmaAlpha": 0.02, "serviceTimeUs": 200,
 *                   "timeScale": 1.0, "alertsTopic": "iot.alerts"}}}
 * </pre>
 *
 * @param runId                tags every metric record, alert and report row of the run; required, no whitespace
 * @param groupId              the job's name towards the brokers: its Kafka consumer group and client id prefix,
 *                             and its MQTT client id prefix (default {@code kafkasim-<job>-<runId>}, so every job
 *                             consumes the whole stream like a separate service)
 * @param checkpointIntervalMs Flink checkpoint interval, ms (&gt;= {@value #MIN_CHECKPOINT_INTERVAL_MS}, default
 *                             {@value #DEFAULT_CHECKPOINT_INTERVAL_MS}); the paths complete messages on checkpoints
 * @param source               where a path job reads the envelopes; required for the paths, absent for the
 *                             {@code report} job, which reads {@code log} and the alerts
 * @param log                  the Kafka topic of the metric records (and the Kafka of the alerts); required
 * @param job                  which job, with its own settings; required
 * @param kafkaSecurity        how every Kafka client of the job connects, as the job's principal (default
 *                             plaintext; secrets only as file references, see {@link KafkaClientSecurity})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(String runId, String groupId, Long checkpointIntervalMs, JobSource source, Log log,
                      JobSettings job, KafkaClientSecurity kafkaSecurity) implements Serializable {
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 2000;
    /** Flink refuses checkpoint intervals below 10 ms. */
    public static final long MIN_CHECKPOINT_INTERVAL_MS = 10;
    /** The one program argument name; its value is the spec as JSON. */
    public static final String ARG = "--spec";
    private static final ObjectReader READER = Json.mapper().readerFor(JobSpec.class);

    public JobSpec(String runId, String groupId, Long checkpointIntervalMs, JobSource source, Log log,
                   JobSettings job) {
        this(runId, groupId, checkpointIntervalMs, source, log, job, null);
    }

    public JobSpec {
        kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
        groupId = groupId == null && job != null && runId != null ? defaultGroupId(job.name(), runId) : groupId;
        checkpointIntervalMs = checkpointIntervalMs == null ? DEFAULT_CHECKPOINT_INTERVAL_MS : checkpointIntervalMs;
    }

    /**
     * Where the metric records go (one per path subtask and checkpoint) and, in both architectures, where the
     * alerts are: Kafka, also in an MQTT run (measurement, not the broker under test).
     *
     * @param bootstrap Kafka bootstrap servers, {@code host:port[,…]}; required
     * @param topic     the log topic (default {@value DefaultTopics#LOG})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Log(String bootstrap, String topic) implements Serializable {
        public Log {
            topic = topic == null ? DefaultTopics.LOG : topic;
        }

        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.text(p, "bootstrap", bootstrap);
            Checks.text(p, "topic", topic);
            return p;
        }
    }

    /** {@code kafkasim-<job>-<runId>}. */
    public static String defaultGroupId(String job, String runId) {
        return "kafkasim-" + job + "-" + runId;
    }

    /** Reads and checks a spec from its JSON; throws {@link InvalidJobSpecException} listing every problem. */
    public static JobSpec parse(String json) {
        JobSpec spec;
        try {
            spec = READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new InvalidJobSpecException(List.of(JsonProblems.describe(e)));
        }
        if (spec == null) { // the JSON text "null"
            throw new InvalidJobSpecException(List.of("the spec must be a JSON object, got null"));
        }
        return spec.validated();
    }

    /** The spec of the program arguments {@code --spec <json>}, read and checked as by {@link #parse}. */
    public static JobSpec fromArgs(String... args) {
        if (args.length != 2 || !ARG.equals(args[0])) {
            // never echo the arguments: they carry the database password
            throw new InvalidJobSpecException(List.of("the arguments must be " + ARG + " <json>, got "
                    + args.length + " argument(s)" + (args.length > 0 && !ARG.equals(args[0])
                    && args[0].startsWith("--") && args[0].indexOf('=') < 0 ? " starting with " + args[0] : "")));
        }
        return parse(args[1]);
    }

    /** This spec as the job's program arguments: {@code --spec <json>} (Flink passes the JSON as one argument). */
    public List<String> toArgs() {
        return List.of(ARG, toJson());
    }

    /** This spec as JSON, every default written out (the password included, if set). */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the job spec: " + e.getMessage(), e);
        }
    }

    /** This spec if it has no {@link #problems()}, else an {@link InvalidJobSpecException} listing them. */
    public JobSpec validated() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new InvalidJobSpecException(problems);
        }
        return this;
    }

    /** What is wrong with this spec, each problem naming its field by its JSON path; empty when it can run. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        Checks.text(p, "runId", runId);
        if (runId != null && runId.chars().anyMatch(Character::isWhitespace)) {
            p.add("runId must not contain whitespace, got \"" + runId + "\"");
        }
        if (groupId != null) { // else runId or job is missing, and that is the problem to report
            Checks.text(p, "groupId", groupId);
        }
        Checks.atLeast(p, "checkpointIntervalMs", checkpointIntervalMs, MIN_CHECKPOINT_INTERVAL_MS);
        Checks.section(p, "log", log, () -> log.problems());
        if (job == null) {
            p.add("job is required (one of " + String.join(", ", JobSettings.NAMES) + ")");
            return p;
        }
        Checks.section(p, "job." + job.name(), job, job::problems);
        if (job instanceof JobSettings.Report) {
            if (source != null) {
                p.add("source must be absent for job report (it reads log.bootstrap), got " + sourceName());
            }
        } else if (source == null) {
            p.add("source is required for job " + job.name());
        } else {
            Checks.section(p, "source." + sourceName(), source, source::problems);
        }
        return p;
    }

    private String sourceName() {
        return source instanceof JobSource.Mqtt ? JobSource.MQTT : JobSource.KAFKA;
    }
}
