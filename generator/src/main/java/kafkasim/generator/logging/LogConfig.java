package kafkasim.generator.logging;

import kafkasim.common.security.KafkaClientSecurity;

import java.nio.file.Path;
import java.util.Objects;
import kafkasim.common.topics.DefaultTopics;
import kafkasim.logtopic.LogTopicSettings;

/**
 * Configuration of one process's {@link SimLog}.
 *
 * @param processName    role of the process, e.g. {@code "worker"}
 * @param processId      id within the role, e.g. {@code "2"}; the log calls {@code processName-processId} the process
 * @param logsDir        directory that receives {@code <processName>-<processId>.jsonl}
 * @param queueCapacity  records that may wait for the writer thread; more are dropped and counted
 * @param kafkaBootstrap bootstrap servers to also publish every line to, or {@code null} for file only
 * @param logTopic       Kafka topic for published lines; {@code null} or blank means {@value DefaultTopics#LOG}
 * @param kafkaSecurity  how the publisher connects (null: plaintext)
 */
public record LogConfig(String processName, String processId, Path logsDir, int queueCapacity, String kafkaBootstrap,
                        String logTopic, KafkaClientSecurity kafkaSecurity) {
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;
    /** Lines kept while the log topic's metadata is missing: a worker's first seconds, a broker restart. */
    static final int PUBLISH_BACKLOG_CAPACITY = 1024;
    /** Least spacing of metadata probes while the broker has not answered: lines go out soon after it does. */
    static final long PUBLISH_PROBE_INTERVAL_MS = 10;
    /** The producer's share of {@link SimLog#CLOSE_TIMEOUT_MS}. */
    static final long PUBLISH_CLOSE_TIMEOUT_MS = 1_000;

    public LogConfig(String processName, String processId, Path logsDir, int queueCapacity, String kafkaBootstrap,
                     String logTopic) {
        this(processName, processId, logsDir, queueCapacity, kafkaBootstrap, logTopic, null);
    }

    public LogConfig {
        kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
        requireName(processName, "processName");
        requireName(processId, "processId");
        Objects.requireNonNull(logsDir, "logsDir");
        if (queueCapacity <= 0) {
            throw new IllegalArgumentException("queueCapacity must be positive, was " + queueCapacity);
        }
        if (kafkaBootstrap != null && kafkaBootstrap.isBlank()) {
            kafkaBootstrap = null;
        }
        if (logTopic == null || logTopic.isBlank()) {
            logTopic = DefaultTopics.LOG;
        }
    }

    /** File-only logging with the default queue capacity. */
    public static LogConfig of(String processName, String processId, Path logsDir) {
        return new LogConfig(processName, processId, logsDir, DEFAULT_QUEUE_CAPACITY, null, null);
    }

    public LogConfig withQueueCapacity(int capacity) {
        return new LogConfig(processName, processId, logsDir, capacity, kafkaBootstrap, logTopic, kafkaSecurity);
    }

    public LogConfig withKafka(String bootstrap, String topic) {
        return withKafka(bootstrap, topic, KafkaClientSecurity.NONE);
    }

    /** Lines also published to {@code topic}, connecting with {@code security}. */
    public LogConfig withKafka(String bootstrap, String topic, KafkaClientSecurity security) {
        return new LogConfig(processName, processId, logsDir, queueCapacity, bootstrap, topic, security);
    }

    /** The {@code process} field of every record: {@code processName-processId}. */
    public String process() {
        return processName + "-" + processId;
    }

    /**
     * How the lines are copied to {@link #logTopic()}: best effort (the file is the record; a lost copy is counted),
     * never blocking the writer thread.
     */
    public LogTopicSettings logTopicSettings() {
        if (kafkaBootstrap == null) {
            throw new IllegalStateException(process() + " logs to its file only");
        }
        return new LogTopicSettings(kafkaBootstrap, logTopic, process(), "simlog-" + process(),
                LogTopicSettings.Delivery.BEST_EFFORT, PUBLISH_BACKLOG_CAPACITY, PUBLISH_PROBE_INTERVAL_MS,
                PUBLISH_CLOSE_TIMEOUT_MS, kafkaSecurity);
    }

    /** The file this process writes. */
    public Path file() {
        return logsDir.resolve(process() + ".jsonl");
    }

    private static void requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        // the name becomes part of a file name, so it must not leave logsDir
        if (value.isBlank() || value.contains("/") || value.contains("\\")) {
            throw new IllegalArgumentException(what + " must be non-blank without path separators, was '" + value + "'");
        }
    }
}
