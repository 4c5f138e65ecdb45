package kafkasim.logtopic;

import kafkasim.common.security.KafkaClientSecurity;

import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How one {@link LogTopicPublisher} publishes. Each user states its own figures (the generator's log lines and the
 * Flink jobs' metric records differ in what a lost or doubled record costs); the publisher's behaviour is the same.
 *
 * @param bootstrap       the log topic's Kafka bootstrap servers ({@code host:port[,host:port]})
 * @param topic           the log topic
 * @param process         who publishes; its warnings name it
 * @param clientId        the producer's {@code client.id}
 * @param delivery        what the producer promises per record
 * @param backlogCapacity records kept, in order, while the topic's metadata is missing; beyond it the oldest is
 *                        dropped and counted as a failure
 * @param probeIntervalMs least time between two metadata probes while the metadata is missing, ms
 * @param closeTimeoutMs  how long {@link LogTopicPublisher#close()} waits for records in flight, ms
 * @param security        how the producer connects (its principal); null: plaintext
 */
public record LogTopicSettings(String bootstrap, String topic, String process, String clientId, Delivery delivery,
                               int backlogCapacity, long probeIntervalMs, long closeTimeoutMs,
                               KafkaClientSecurity security) {
    /** Producer memory for records not yet sent: far above what one process's log or metric records need. */
    static final long BUFFER_MEMORY_BYTES = 4L * 1024 * 1024;
    /** Small batches a few ms apart: records of one burst (a checkpoint's, a writer batch's) share a request. */
    static final int LINGER_MS = 5;

    public LogTopicSettings(String bootstrap, String topic, String process, String clientId, Delivery delivery,
                            int backlogCapacity, long probeIntervalMs, long closeTimeoutMs) {
        this(bootstrap, topic, process, clientId, delivery, backlogCapacity, probeIntervalMs, closeTimeoutMs, null);
    }

    public LogTopicSettings {
        security = security == null ? KafkaClientSecurity.NONE : security;
        requireText(bootstrap, "bootstrap");
        requireText(topic, "topic");
        requireText(process, "process");
        requireText(clientId, "clientId");
        Objects.requireNonNull(delivery, "delivery");
        if (backlogCapacity <= 0) {
            throw new IllegalArgumentException("backlogCapacity must be > 0, got " + backlogCapacity);
        }
        if (probeIntervalMs < 0 || closeTimeoutMs < 0) {
            throw new IllegalArgumentException("probeIntervalMs and closeTimeoutMs must be >= 0, got "
                    + probeIntervalMs + " and " + closeTimeoutMs);
        }
    }

    /**
     * The producer's configuration. {@code max.block.ms=0} in every case: {@code send()} and
     * {@code partitionsFor()} answer at once, from the cache or with an error, so a missing broker never stalls the
     * caller; the publisher's backlog does the waiting instead.
     */
    public Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY_BYTES);
        delivery.configure(props);
        return security.applyTo(props);
    }

    /** What the producer promises for one record once it has it. */
    public enum Delivery {
        /**
         * Readers rely on the records' order (metric records: one producer per subtask, read in checkpoint order):
         * idempotent with {@code acks=all} and one request in flight, so a retried batch can neither be reordered
         * nor doubled. Kafka's default timeouts: a record is retried for two minutes before it counts as lost.
         */
        ORDERED {
            @Override
            void configure(Properties props) {
                props.put(ProducerConfig.ACKS_CONFIG, "all");
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            }
        },
        /**
         * A copy of what the process also keeps elsewhere (log lines: the file has them): {@code acks=1} without
         * idempotence (which would force {@code acks=all}), and a record gives up after 5 s, so that closing the
         * process's log is quick and a busy worker pays little for it.
         */
        BEST_EFFORT {
            @Override
            void configure(Properties props) {
                props.put(ProducerConfig.ACKS_CONFIG, "1");
                props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
                props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, BEST_EFFORT_REQUEST_TIMEOUT_MS);
                props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, BEST_EFFORT_DELIVERY_TIMEOUT_MS);
            }
        };

        static final int BEST_EFFORT_REQUEST_TIMEOUT_MS = 3_000;
        static final int BEST_EFFORT_DELIVERY_TIMEOUT_MS = 5_000;

        abstract void configure(Properties props);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must be non-blank, got "
                    + (value == null ? "null" : "'" + value + "'"));
        }
    }
}
