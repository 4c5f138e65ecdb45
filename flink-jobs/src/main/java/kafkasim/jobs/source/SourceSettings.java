package kafkasim.jobs.source;

import java.io.Serializable;
import java.util.List;

/**
 * Where a path job reads envelopes from.
 *
 * @param source    transport: {@code kafka} or {@code mqtt}
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,…]} (an MQTT run still publishes its metric records
 *                  and alerts to Kafka)
 * @param topic     telemetry topic (Kafka)
 * @param groupId   consumer group (Kafka) and MQTT client id prefix: one per job, so each path consumes every record
 *                  like a separate service
 * @param fetchMaxWaitMs how long the broker may hold a fetch to fill
 *                  {@link kafkasim.jobs.source.kafka.KafkaEnvelopeSource#FETCH_MIN_BYTES}, ms: the latency a path
 *                  trades for fewer fetch requests (Kafka)
 * @param mqtt      the MQTT subscription ({@code source} = {@code mqtt}), else null
 */
public record SourceSettings(String source, String bootstrap, String topic, String groupId, int fetchMaxWaitMs,
                             Mqtt mqtt) implements Serializable {
    /** The fast path's wait: it has a latency budget of tens of milliseconds. */
    public static final int LOW_LATENCY_FETCH_WAIT_MS = 10;
    /** The medium and slow paths' wait: they complete messages in batches and on checkpoints anyway. */
    public static final int BATCH_FETCH_WAIT_MS = 100;

    /** A Kafka source with the low-latency fetch wait. */
    public SourceSettings(String source, String bootstrap, String topic, String groupId) {
        this(source, bootstrap, topic, groupId, LOW_LATENCY_FETCH_WAIT_MS, null);
    }

    /**
     * @param url                 {@code tcp://host:port}
     * @param topicFilters        one split (one connection, so per-device order holds) per filter
     * @param qos                 subscription QoS
     * @param ackAfterCheckpoint  acknowledge after the covering checkpoint (at-least-once while the broker keeps
     *                            the session) instead of on receipt
     */
    public record Mqtt(String url, List<String> topicFilters, int qos, boolean ackAfterCheckpoint)
            implements Serializable {
        public static final String ALL_TELEMETRY = "devices/+/+/telemetry";

        public Mqtt {
            topicFilters = List.copyOf(topicFilters);
        }
    }
}
