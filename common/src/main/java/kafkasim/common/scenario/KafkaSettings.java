package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import kafkasim.common.topics.DefaultTopics;

/**
 * Kafka settings of a scenario.
 *
 * @param topic             telemetry topic (default {@value DefaultTopics#TELEMETRY})
 * @param partitions        partitions of the telemetry topic when kafkasim creates it (default 6)
 * @param replicationFactor replication factor when kafkasim creates topics (default 1)
 * @param logTopic          topic every process's logger publishes to (default {@value DefaultTopics#LOG})
 * @param alertsTopic       topic the fast path publishes its alerts to (default {@value DefaultTopics#ALERTS})
 * @param producer          Kafka producer properties on top of kafkasim's defaults; the generator checks them with
 *                          Kafka's validator and replaces them with the properties its producers run with
 * @param brokers           brokers of the embedded cluster (default 1; 3 to survive a broker failure)
 * @param minInsyncReplicas the telemetry topic's min.insync.replicas when kafkasim creates it (default 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KafkaSettings(String topic, Integer partitions, Integer replicationFactor, String logTopic,
                            String alertsTopic, Map<String, String> producer, Integer brokers,
                            Integer minInsyncReplicas) {

    public static final int DEFAULT_PARTITIONS = 6;
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final int DEFAULT_BROKERS = 1;
    public static final int DEFAULT_MIN_INSYNC_REPLICAS = 1;
    static final KafkaSettings EMPTY = new KafkaSettings(null, null, null, null, null, null, null, null);

    public KafkaSettings withDefaults() {
        return new KafkaSettings(
                topic == null ? DefaultTopics.TELEMETRY : topic,
                partitions == null ? DEFAULT_PARTITIONS : partitions,
                replicationFactor == null ? DEFAULT_REPLICATION_FACTOR : replicationFactor,
                logTopic == null ? DefaultTopics.LOG : logTopic,
                alertsTopic == null ? DefaultTopics.ALERTS : alertsTopic,
                producer == null ? Map.of() : new LinkedHashMap<>(producer),
                brokers == null ? DEFAULT_BROKERS : brokers,
                minInsyncReplicas == null ? DEFAULT_MIN_INSYNC_REPLICAS : minInsyncReplicas);
    }

    /** These settings with other producer properties. */
    public KafkaSettings withProducer(Map<String, String> properties) {
        return new KafkaSettings(topic, partitions, replicationFactor, logTopic, alertsTopic, properties, brokers,
                minInsyncReplicas);
    }
}
