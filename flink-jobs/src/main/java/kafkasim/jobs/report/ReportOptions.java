package kafkasim.jobs.report;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The aggregation job's arguments, validated once at the boundary. Every problem is an
 * {@link IllegalArgumentException} whose message names the flag.
 *
 * <pre>
 * --run-id ID                  required; only metric records and alerts with this runId are reported
 * --bootstrap HOST:PORT[,…]    required; Kafka bootstrap servers
 * --log-topic NAME             default sim.log
 * --alerts-topic NAME          default iot.alerts
 * --jdbc-url URL               required; jdbc:postgresql://…
 * --jdbc-user USER             default postgres
 * --jdbc-password PASSWORD     optional (none by default)
 * --group-id ID                default kafkasim-report-&lt;runId&gt;
 * --checkpoint-interval-ms MS  default 2000; rows are upserted at least at every checkpoint
 * --path-checkpoint-interval-ms MS  default 2000; the path jobs' checkpoint interval: their metric records arrive
 *                              once per checkpoint, so windows wait about that long for late subtasks
 * --job report                 accepted and ignored (the dispatcher's own flag)
 * --source, --topic            accepted and ignored: flags common to all jobs of {@code JobMain} that concern
 *                              the telemetry transport; the log and alerts topics are always read from Kafka
 * </pre>
 * Flags are {@code --name value} or {@code --name=value}; each at most once.
 *
 * @param checkpointIntervalMs checkpoint interval, ms (&gt; 0)
 * @param pathCheckpointIntervalMs the path jobs' checkpoint interval, ms (&gt; 0)
 * @param jdbcPassword         {@code null} when not given
 */
public record ReportOptions(String runId, String bootstrap, String logTopic, String alertsTopic, String jdbcUrl,
                            String jdbcUser, String jdbcPassword, String groupId, long checkpointIntervalMs,
                            long pathCheckpointIntervalMs)
        implements Serializable {
    public static final String DEFAULT_LOG_TOPIC = "sim.log";
    public static final String DEFAULT_ALERTS_TOPIC = "iot.alerts";
    public static final String DEFAULT_JDBC_USER = "postgres";
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 2000;
    /** The prefix of the default consumer group id; the run id follows. */
    public static final String GROUP_ID_PREFIX = "kafkasim-report-";

    static final List<String> FLAGS = List.of("run-id", "bootstrap", "log-topic", "alerts-topic", "jdbc-url",
            "jdbc-user", "jdbc-password", "group-id", "checkpoint-interval-ms", "path-checkpoint-interval-ms");
    /** Flags of the dispatcher that every job receives; accepted, not used. */
    static final List<String> IGNORED_FLAGS = List.of("job", "source", "topic");

    public ReportOptions {
        requireText("run-id", runId);
        requireText("bootstrap", bootstrap);
        requireText("log-topic", logTopic);
        requireText("alerts-topic", alertsTopic);
        requireText("jdbc-url", jdbcUrl);
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--jdbc-url must start with jdbc:postgresql:, got " + jdbcUrl);
        }
        requireText("jdbc-user", jdbcUser);
        requireText("group-id", groupId);
        if (checkpointIntervalMs <= 0) {
            throw new IllegalArgumentException("--checkpoint-interval-ms must be > 0, got " + checkpointIntervalMs);
        }
        if (pathCheckpointIntervalMs <= 0) {
            throw new IllegalArgumentException("--path-checkpoint-interval-ms must be > 0, got "
                    + pathCheckpointIntervalMs);
        }
    }

    /** Parses command-line arguments ({@code --name value} or {@code --name=value}). */
    public static ReportOptions parse(String... args) {
        Objects.requireNonNull(args, "args");
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg == null || !arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException("expected a flag --name, got " + quote(arg)
                        + " (flags: " + knownFlags() + ")");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else {
                if (i + 1 >= args.length || args[i + 1] == null || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            put(flags, name, value);
        }
        return fromFlags(flags);
    }

    /**
     * Builds options from a map of flag names to values, e.g. {@code {"run-id": "light-1", "bootstrap": "…"}};
     * names may carry the leading {@code --}.
     */
    public static ReportOptions fromMap(Map<String, String> args) {
        Objects.requireNonNull(args, "args");
        Map<String, String> flags = new LinkedHashMap<>();
        args.forEach((key, value) -> {
            if (key == null) {
                throw new IllegalArgumentException("a flag name is null (flags: " + knownFlags() + ")");
            }
            if (value == null) {
                throw new IllegalArgumentException("--" + strip(key) + " needs a value");
            }
            put(flags, strip(key), value);
        });
        return fromFlags(flags);
    }

    /** These options as command-line arguments (the password included if set), for re-submission. */
    public List<String> toArgs() {
        List<String> out = new ArrayList<>(List.of("--run-id", runId, "--bootstrap", bootstrap,
                "--log-topic", logTopic, "--alerts-topic", alertsTopic, "--jdbc-url", jdbcUrl,
                "--jdbc-user", jdbcUser, "--group-id", groupId,
                "--checkpoint-interval-ms", Long.toString(checkpointIntervalMs),
                "--path-checkpoint-interval-ms", Long.toString(pathCheckpointIntervalMs)));
        if (jdbcPassword != null) {
            out.addAll(List.of("--jdbc-password", jdbcPassword));
        }
        return out;
    }

    @Override
    public String toString() { // never print the password
        return "ReportOptions[runId=" + runId + ", bootstrap=" + bootstrap + ", logTopic=" + logTopic
                + ", alertsTopic=" + alertsTopic + ", jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=" + (jdbcPassword == null ? "none" : "***") + ", groupId=" + groupId
                + ", checkpointIntervalMs=" + checkpointIntervalMs + ", pathCheckpointIntervalMs="
                + pathCheckpointIntervalMs + "]";
    }

    private static ReportOptions fromFlags(Map<String, String> f) {
        String job = f.get("job");
        if (job != null && !job.equals("report")) {
            throw new IllegalArgumentException("--job must be report for this entry point, got " + job);
        }
        String runId = required(f, "run-id");
        return new ReportOptions(runId, required(f, "bootstrap"),
                f.getOrDefault("log-topic", DEFAULT_LOG_TOPIC), f.getOrDefault("alerts-topic", DEFAULT_ALERTS_TOPIC),
                required(f, "jdbc-url"), f.getOrDefault("jdbc-user", DEFAULT_JDBC_USER), f.get("jdbc-password"),
                f.getOrDefault("group-id", GROUP_ID_PREFIX + runId), milliseconds(f, "checkpoint-interval-ms"),
                milliseconds(f, "path-checkpoint-interval-ms"));
    }

    /** A flag of whole milliseconds, {@link #DEFAULT_CHECKPOINT_INTERVAL_MS} when absent. */
    private static long milliseconds(Map<String, String> f, String flag) {
        String value = f.get(flag);
        if (value == null) {
            return DEFAULT_CHECKPOINT_INTERVAL_MS;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " must be a whole number of ms, got " + quote(value));
        }
    }

    private static void put(Map<String, String> flags, String name, String value) {
        if (!FLAGS.contains(name) && !IGNORED_FLAGS.contains(name)) {
            throw new IllegalArgumentException("unknown flag --" + name + " (flags: " + knownFlags() + ")");
        }
        if (flags.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("--" + name + " is given more than once");
        }
    }

    private static String required(Map<String, String> flags, String name) {
        String value = flags.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static void requireText(String flag, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + flag + " must not be empty");
        }
    }

    private static String strip(String key) {
        return key.startsWith("--") ? key.substring(2) : key;
    }

    private static String knownFlags() {
        return "--" + String.join(", --", FLAGS);
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
