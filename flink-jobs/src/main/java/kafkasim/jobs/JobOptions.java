package kafkasim.jobs;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kafkasim.common.mqtt.MqttUrl;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.fast.FastPathSettings;
import kafkasim.jobs.medium.MediumPathSettings;
import kafkasim.jobs.slow.SlowPathSettings;
import kafkasim.jobs.source.SourceSettings;

/**
 * The command line of {@link JobMain}: {@code --name value} pairs, validated once at the boundary. Every problem is
 * an {@link InvalidOptionsException} whose message names the flag and the offending value.
 *
 * <p>Flags of the path jobs ({@code fast}, {@code medium}, {@code slow}) are checked strictly: a flag the job does
 * not know is an error (a misspelled flag is never silently ignored). The {@code report} job is written elsewhere:
 * for it only the flags this class knows are type-checked, and the others are kept for
 * {@code kafkasim.jobs.report.ReportJob} to read and validate through {@link #string}, {@link #requiredString},
 * {@link #longValue} and {@link #flags()}.
 *
 * <p>Common flags: {@code --job fast|medium|slow|report}, {@code --run-id ID}, {@code --source kafka},
 * {@code --bootstrap host:port[,…]}, {@code --topic} ({@value #DEFAULT_TOPIC}), {@code --group-id}
 * ({@code kafkasim-<job>-<runId>}), {@code --log-topic} ({@value #DEFAULT_LOG_TOPIC}),
 * {@code --checkpoint-interval-ms} ({@value #DEFAULT_CHECKPOINT_INTERVAL_MS}). Path flags: see
 * {@link FastPathSettings}, {@link MediumPathSettings}, {@link SlowPathSettings}.
 */
public final class JobOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_TOPIC = "iot.telemetry";
    public static final String DEFAULT_LOG_TOPIC = "sim.log";
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 2000;
    /** Flink refuses checkpoint intervals below 10 ms. */
    public static final long MIN_CHECKPOINT_INTERVAL_MS = 10;

    public static final String FAST = "fast";
    public static final String MEDIUM = "medium";
    public static final String SLOW = "slow";
    public static final String REPORT = "report";
    public static final List<String> JOBS = List.of(FAST, MEDIUM, SLOW, REPORT);
    public static final List<String> SOURCES = List.of("kafka", "mqtt");
    public static final List<String> MQTT_ACKS = List.of("checkpoint", "receipt");

    static final Set<String> COMMON_FLAGS = Set.of("job", "run-id", "source", "bootstrap", "topic", "group-id",
            "log-topic", "checkpoint-interval-ms", "mqtt-url", "mqtt-topic-filters", "mqtt-qos", "mqtt-ack");
    static final Map<String, Set<String>> PATH_FLAGS = Map.of(
            FAST, Set.of("z-threshold", "warmup-readings", "ewma-alpha", "service-time-us", "time-scale",
                    "alerts-topic"),
            MEDIUM, Set.of("jdbc-url", "jdbc-user", "jdbc-password", "batch-size", "batch-interval-ms"),
            SLOW, Set.of("files-dir", "roll-size-bytes", "roll-interval-ms"));

    private final Map<String, String> flags;
    private final String job;

    private JobOptions(Map<String, String> flags) {
        this.flags = Collections.unmodifiableMap(flags);
        this.job = requiredString("job");
        if (!JOBS.contains(job)) {
            throw new InvalidOptionsException("--job must be one of " + String.join("|", JOBS) + ", got '" + job + "'");
        }
    }

    /** Parses and validates {@code args}; throws {@link InvalidOptionsException} naming the first bad flag. */
    public static JobOptions parse(String... args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new InvalidOptionsException("expected a flag --name, got '" + arg + "'");
            }
            String name = arg.substring(2);
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new InvalidOptionsException("--" + name + " needs a value");
            }
            if (flags.put(name, args[++i]) != null) {
                throw new InvalidOptionsException("--" + name + " is given twice");
            }
        }
        JobOptions options = new JobOptions(flags);
        options.validate();
        return options;
    }

    private void validate() {
        Set<String> pathFlags = PATH_FLAGS.get(job);
        if (pathFlags != null) {
            for (String name : flags.keySet()) {
                if (!COMMON_FLAGS.contains(name) && !pathFlags.contains(name)) {
                    throw new InvalidOptionsException("--" + name + " is not a flag of job " + job);
                }
            }
            sourceSettings(); // run id, source, bootstrap, topic, group id
            metricsSettings();
        }
        // type-check what is given (and, for the path jobs, build every setting once so errors surface here)
        if (pathFlags != null || flags.containsKey("checkpoint-interval-ms")) {
            checkpointIntervalMs();
        }
        switch (job) {
            case FAST -> fast();
            case MEDIUM -> medium();
            case SLOW -> slow();
            default -> {
                // report: ReportJob validates its own flags
            }
        }
    }

    // ----- common ---------------------------------------------------------------------------------------------

    /** {@code --job}: which job {@link JobMain} runs. */
    public String job() {
        return job;
    }

    /** {@code --run-id}: the run these records belong to; required, no whitespace. */
    public String runId() {
        String runId = requiredString("run-id");
        if (runId.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidOptionsException("--run-id must not contain whitespace, got '" + runId + "'");
        }
        return runId;
    }

    /** {@code --source}: where envelopes come from: {@code kafka} (default) or {@code mqtt}. */
    public String source() {
        String source = string("source", "kafka");
        if (!SOURCES.contains(source)) {
            throw new InvalidOptionsException("--source must be one of " + String.join("|", SOURCES) + ", got '"
                    + source + "'");
        }
        return source;
    }

    /** {@code --bootstrap}: Kafka bootstrap servers; required. */
    public String bootstrap() {
        return requiredString("bootstrap");
    }

    /** {@code --checkpoint-interval-ms}: Flink checkpoint interval, ms. */
    public long checkpointIntervalMs() {
        return longValue("checkpoint-interval-ms", DEFAULT_CHECKPOINT_INTERVAL_MS, MIN_CHECKPOINT_INTERVAL_MS);
    }

    /**
     * Where the envelopes are read from: Kafka (topic, group id, bootstrap) or, with {@code --source mqtt}, an MQTT
     * broker ({@code --mqtt-url} required; {@code --mqtt-topic-filters} comma-separated, one split each, default
     * every device's telemetry; {@code --mqtt-qos} 0..2, default 1; {@code --mqtt-ack checkpoint|receipt}).
     */
    public SourceSettings sourceSettings() {
        String topic = string("topic", DEFAULT_TOPIC);
        String groupId = string("group-id", "kafkasim-" + job + "-" + runId());
        String source = source();
        SourceSettings.Mqtt mqtt = null;
        if (source.equals("mqtt")) {
            String url = requiredString("mqtt-url");
            try {
                MqttUrl.parse(url);
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionsException("--mqtt-url must be tcp://host:port, got '" + url + "'");
            }
            List<String> filters = List.of(string("mqtt-topic-filters", SourceSettings.Mqtt.ALL_TELEMETRY)
                    .split(","));
            if (filters.stream().anyMatch(String::isBlank)) {
                throw new InvalidOptionsException("--mqtt-topic-filters must be comma-separated topic filters, got '"
                        + flags.get("mqtt-topic-filters") + "'");
            }
            long qos = longValue("mqtt-qos", 1, 0);
            if (qos > 2) {
                throw new InvalidOptionsException("--mqtt-qos must be 0, 1 or 2, got " + qos);
            }
            String ack = string("mqtt-ack", "checkpoint");
            if (!MQTT_ACKS.contains(ack)) {
                throw new InvalidOptionsException("--mqtt-ack must be one of " + String.join("|", MQTT_ACKS)
                        + ", got '" + ack + "'");
            }
            mqtt = new SourceSettings.Mqtt(url, filters, (int) qos, ack.equals("checkpoint"));
        } else {
            for (String flag : List.of("mqtt-url", "mqtt-topic-filters", "mqtt-qos", "mqtt-ack")) {
                if (flags.containsKey(flag)) {
                    throw new InvalidOptionsException("--" + flag + " needs --source mqtt");
                }
            }
        }
        return new SourceSettings(source, bootstrap(), topic, groupId, job.equals(FAST)
                ? SourceSettings.LOW_LATENCY_FETCH_WAIT_MS : SourceSettings.BATCH_FETCH_WAIT_MS, mqtt);
    }

    /** Where and under which run id the path metrics are published. */
    public MetricsSettings metricsSettings() {
        return new MetricsSettings(runId(), bootstrap(), string("log-topic", DEFAULT_LOG_TOPIC));
    }

    // ----- paths ------------------------------------------------------------------------------------------

    public FastPathSettings fast() {
        double zThreshold = doubleValue("z-threshold", FastPathSettings.DEFAULT_Z_THRESHOLD, 0, false);
        int warmup = (int) longValue("warmup-readings", FastPathSettings.DEFAULT_WARMUP_READINGS, 1);
        double alpha = doubleValue("ewma-alpha", FastPathSettings.DEFAULT_EWMA_ALPHA, 0, false);
        if (alpha > 1) {
            throw new InvalidOptionsException("--ewma-alpha must be in (0, 1], got " + alpha);
        }
        long serviceTimeUs = longValue("service-time-us", FastPathSettings.DEFAULT_SERVICE_TIME_US, 0);
        double timeScale = doubleValue("time-scale", FastPathSettings.DEFAULT_TIME_SCALE, 0, false);
        String alertsTopic = string("alerts-topic", FastPathSettings.DEFAULT_ALERTS_TOPIC);
        return new FastPathSettings(zThreshold, warmup, alpha, serviceTimeUs, timeScale, alertsTopic);
    }

    public MediumPathSettings medium() {
        String url = requiredString("jdbc-url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidOptionsException("--jdbc-url must start with jdbc:postgresql:, got '" + url + "'");
        }
        String user = string("jdbc-user", MediumPathSettings.DEFAULT_JDBC_USER);
        String password = flags.get("jdbc-password");
        int batchSize = (int) longValue("batch-size", MediumPathSettings.DEFAULT_BATCH_SIZE, 1);
        if (batchSize > MediumPathSettings.MAX_BATCH_SIZE) {
            throw new InvalidOptionsException("--batch-size must be <= " + MediumPathSettings.MAX_BATCH_SIZE
                    + ", got " + batchSize);
        }
        long intervalMs = longValue("batch-interval-ms", MediumPathSettings.DEFAULT_BATCH_INTERVAL_MS, 1);
        return new MediumPathSettings(url, user, password, batchSize, intervalMs,
                MediumPathSettings.DEFAULT_MAX_ATTEMPTS, MediumPathSettings.DEFAULT_RETRY_BACKOFF_MS);
    }

    public SlowPathSettings slow() {
        String dir = requiredString("files-dir");
        if (!dir.contains("://") && !dir.startsWith("/")) {
            throw new InvalidOptionsException("--files-dir must be an absolute path or a URI, got '" + dir + "'");
        }
        long rollSize = longValue("roll-size-bytes", SlowPathSettings.DEFAULT_ROLL_SIZE_BYTES, 1);
        long rollInterval = longValue("roll-interval-ms", SlowPathSettings.DEFAULT_ROLL_INTERVAL_MS, 1);
        return new SlowPathSettings(dir, rollSize, rollInterval);
    }

    // ----- generic access (also for ReportJob) ------------------------------------------------------------------

    /** Every flag as given, without the leading dashes, in command-line order. */
    public Map<String, String> flags() {
        return flags;
    }

    /** The flag's value, or {@code defaultValue} when absent; a blank value is an error. */
    public String string(String flag, String defaultValue) {
        String value = flags.get(flag);
        if (value == null) {
            return defaultValue;
        }
        if (value.isBlank()) {
            throw new InvalidOptionsException("--" + flag + " must not be blank");
        }
        return value;
    }

    /** The flag's value; absent or blank is an error. */
    public String requiredString(String flag) {
        String value = string(flag, null);
        if (value == null) {
            throw new InvalidOptionsException("--" + flag + " is required");
        }
        return value;
    }

    /** The flag as a whole number &gt;= {@code min}, or {@code defaultValue} when absent. */
    public long longValue(String flag, long defaultValue, long min) {
        String value = string(flag, null);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException("--" + flag + " must be a whole number, got '" + value + "'");
        }
        if (parsed < min) {
            throw new InvalidOptionsException("--" + flag + " must be >= " + min + ", got " + parsed);
        }
        return parsed;
    }

    /**
     * The flag as a finite number greater than {@code min} (or equal to it when {@code minInclusive}), or
     * {@code defaultValue} when absent.
     */
    public double doubleValue(String flag, double defaultValue, double min, boolean minInclusive) {
        String value = string(flag, null);
        if (value == null) {
            return defaultValue;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidOptionsException("--" + flag + " must be a number, got '" + value + "'");
        }
        if (!Double.isFinite(parsed) || (minInclusive ? parsed < min : parsed <= min)) {
            throw new InvalidOptionsException("--" + flag + " must be " + (minInclusive ? ">= " : "> ") + min
                    + ", got " + value);
        }
        return parsed;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("JobOptions[");
        flags.forEach((k, v) -> sb.append("--").append(k).append(' ')
                .append(k.contains("password") ? "***" : v).append(' '));
        return sb.toString().trim() + "]";
    }

    /** A flag is missing, unknown, given twice or has an impossible value; the message names the flag. */
    public static final class InvalidOptionsException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidOptionsException(String message) {
            super(message);
        }
    }
}
