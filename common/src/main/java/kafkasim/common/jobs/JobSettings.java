package kafkasim.common.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import kafkasim.common.topics.DefaultTopics;

/**
 * Which job a spec runs and that job's own settings: the JSON key that wraps them names the job
 * ({@code {"fast": {…}}}), so a spec holds the settings of exactly one job. Optional fields are filled with their
 * defaults on construction, so a constructed record has no null field but the required ones (which
 * {@link #problems()} reports) and a JDBC password that was not given. The records are serializable because the
 * operators keep them.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({@JsonSubTypes.Type(value = JobSettings.Fast.class, name = JobSettings.FAST),
        @JsonSubTypes.Type(value = JobSettings.Medium.class, name = JobSettings.MEDIUM),
        @JsonSubTypes.Type(value = JobSettings.Slow.class, name = JobSettings.SLOW),
        @JsonSubTypes.Type(value = JobSettings.Report.class, name = JobSettings.REPORT)})
public sealed interface JobSettings extends Serializable
        permits JobSettings.Fast, JobSettings.Medium, JobSettings.Slow, JobSettings.Report {
    String FAST = "fast";
    String MEDIUM = "medium";
    String SLOW = "slow";
    String REPORT = "report";
    /** Every job, in the order kafkasim starts them. */
    List<String> NAMES = List.of(FAST, MEDIUM, SLOW, REPORT);

    /** The job's name: {@code fast}, {@code medium}, {@code slow} or {@code report}. */
    String name();

    /** What is wrong with these settings, each naming its field (relative to this object); empty when valid. */
    List<String> problems();

    /**
     * The fast path, "ML server": per-device streaming anomaly detection with a simulated inference time.
     *
     * @param zThreshold     a reading is an anomaly when |z| &gt; this (&gt; 0, default 4)
     * @param warmupReadings readings a field's baseline must have absorbed before it may flag (&gt;= 1, default 10)
     * @param ewmaAlpha      weight of a new reading in the exponentially weighted mean and variance, in (0, 1]
     *                       (default 0.02; early readings use 1/n so the baseline starts as a plain average)
     * @param serviceTimeUs  simulated model inference time per reading, µs (&gt;= 0, default 200)
     * @param timeScale      multiplies the service time (&gt; 0, default 1.0)
     * @param alertsTopic    Kafka topic of the alerts, on {@link JobSpec.Log#bootstrap()} (default
     *                       {@value DefaultTopics#ALERTS})
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Fast(Double zThreshold, Integer warmupReadings, Double ewmaAlpha, Long serviceTimeUs, Double timeScale,
                String alertsTopic) implements JobSettings {
        public Fast {
            zThreshold = zThreshold == null ? 4.0 : zThreshold;
            warmupReadings = warmupReadings == null ? 10 : warmupReadings;
            ewmaAlpha = ewmaAlpha == null ? 0.02 : ewmaAlpha;
            serviceTimeUs = serviceTimeUs == null ? 200L : serviceTimeUs;
            timeScale = timeScale == null ? 1.0 : timeScale;
            alertsTopic = alertsTopic == null ? DefaultTopics.ALERTS : alertsTopic;
        }

        @Override
        public String name() {
            return FAST;
        }

        /** The scaled service time per reading, ns. */
        public long serviceTimeNanos() {
            return Math.round(serviceTimeUs * 1000.0 * timeScale);
        }

        @Override
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.positive(p, "zThreshold", zThreshold);
            Checks.atLeast(p, "warmupReadings", warmupReadings, 1);
            if (!(ewmaAlpha > 0 && ewmaAlpha <= 1)) {
                p.add("ewmaAlpha must be in (0, 1], got " + ewmaAlpha);
            }
            Checks.atLeast(p, "serviceTimeUs", serviceTimeUs, 0);
            Checks.positive(p, "timeScale", timeScale);
            Checks.text(p, "alertsTopic", alertsTopic);
            return p;
        }
    }

    /**
     * The medium path, "database": batched idempotent inserts into PostgreSQL.
     *
     * @param jdbc            the database; required
     * @param batchSize       rows per insert batch (1..{@value #MAX_BATCH_SIZE}, default 500)
     * @param batchIntervalMs a non-empty batch is written at the latest this long after its first row, ms (&gt;= 1,
     *                        default 200)
     * @param maxAttempts     attempts per batch before the job fails and Flink restarts it from its checkpoint
     *                        (&gt;= 1, default 4)
     * @param retryBackoffMs  pause before the second attempt, doubled for each further one, ms (&gt;= 0, default 200)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Medium(Jdbc jdbc, Integer batchSize, Long batchIntervalMs, Integer maxAttempts, Long retryBackoffMs)
            implements JobSettings {
        /** One batch is held in memory and sent in one round trip. */
        public static final int MAX_BATCH_SIZE = 100_000;

        public Medium {
            batchSize = batchSize == null ? 500 : batchSize;
            batchIntervalMs = batchIntervalMs == null ? 200L : batchIntervalMs;
            maxAttempts = maxAttempts == null ? 4 : maxAttempts;
            retryBackoffMs = retryBackoffMs == null ? 200L : retryBackoffMs;
        }

        @Override
        public String name() {
            return MEDIUM;
        }

        @Override
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.section(p, "jdbc", jdbc, () -> jdbc.problems());
            Checks.atLeast(p, "batchSize", batchSize, 1);
            Checks.atMost(p, "batchSize", batchSize, MAX_BATCH_SIZE);
            Checks.atLeast(p, "batchIntervalMs", batchIntervalMs, 1);
            Checks.atLeast(p, "maxAttempts", maxAttempts, 1);
            Checks.atLeast(p, "retryBackoffMs", retryBackoffMs, 0);
            return p;
        }
    }

    /**
     * The slow path, "file server": gzip JSON lines committed on checkpoints.
     *
     * @param filesDir       folder of the part files: an absolute path or a URI Flink's file systems understand;
     *                       required
     * @param rollSizeBytes  a part file is closed once it holds this many compressed bytes (&gt;= 1, default 8 MiB)
     * @param rollIntervalMs a part file is closed at the latest this long after it was opened, ms (&gt;= 1, default
     *                       10000); files also roll on every checkpoint
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Slow(String filesDir, Long rollSizeBytes, Long rollIntervalMs) implements JobSettings {
        public Slow {
            rollSizeBytes = rollSizeBytes == null ? 8L << 20 : rollSizeBytes;
            rollIntervalMs = rollIntervalMs == null ? 10_000L : rollIntervalMs;
        }

        @Override
        public String name() {
            return SLOW;
        }

        @Override
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.text(p, "filesDir", filesDir);
            // a relative path would be resolved against whichever folder the TaskManager happens to run in
            if (filesDir != null && !filesDir.isBlank() && !filesDir.contains("://") && !filesDir.startsWith("/")) {
                p.add("filesDir must be an absolute path or a URI, got \"" + filesDir + "\"");
            }
            Checks.atLeast(p, "rollSizeBytes", rollSizeBytes, 1);
            Checks.atLeast(p, "rollIntervalMs", rollIntervalMs, 1);
            return p;
        }
    }

    /**
     * The aggregation job: the paths' metric records ({@link JobSpec.Log}) and the alerts → report windows and
     * alerts in PostgreSQL. It reads no telemetry, so its spec has no {@link JobSpec#source()}.
     *
     * @param jdbc                     the database; required
     * @param alertsTopic              the fast path's alerts topic, on {@link JobSpec.Log#bootstrap()} (default
     *                                 {@value DefaultTopics#ALERTS})
     * @param pathCheckpointIntervalMs the path jobs' checkpoint interval, ms (&gt;= 1, default 2000): their metric
     *                                 records arrive once per checkpoint, so windows wait about that long
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Report(Jdbc jdbc, String alertsTopic, Long pathCheckpointIntervalMs) implements JobSettings {
        public Report {
            alertsTopic = alertsTopic == null ? DefaultTopics.ALERTS : alertsTopic;
            pathCheckpointIntervalMs = pathCheckpointIntervalMs == null ? JobSpec.DEFAULT_CHECKPOINT_INTERVAL_MS
                    : pathCheckpointIntervalMs;
        }

        @Override
        public String name() {
            return REPORT;
        }

        @Override
        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.section(p, "jdbc", jdbc, () -> jdbc.problems());
            Checks.text(p, "alertsTopic", alertsTopic);
            Checks.atLeast(p, "pathCheckpointIntervalMs", pathCheckpointIntervalMs, 1);
            return p;
        }
    }

    /**
     * A PostgreSQL database as the Flink cluster reaches it.
     *
     * @param url      {@code jdbc:postgresql:…}; required
     * @param user     database user (default {@value #DEFAULT_USER})
     * @param password the user's password, or null for none (trust authentication); never printed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Jdbc(String url, String user, String password) implements Serializable {
        public static final String DEFAULT_USER = "postgres";

        public Jdbc {
            user = user == null ? DEFAULT_USER : user;
        }

        public List<String> problems() {
            List<String> p = new ArrayList<>();
            Checks.text(p, "url", url);
            if (url != null && !url.isBlank() && !url.startsWith("jdbc:postgresql:")) {
                p.add("url must start with jdbc:postgresql:, got \"" + url + "\"");
            }
            Checks.text(p, "user", user);
            return p;
        }

        @Override
        public String toString() { // the spec is logged and shown in exceptions: never the password
            return "Jdbc[url=" + url + ", user=" + user + ", password=" + (password == null ? "none" : "***") + "]";
        }
    }
}
