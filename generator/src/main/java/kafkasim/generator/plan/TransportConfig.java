package kafkasim.generator.plan;

import java.util.Map;
import kafkasim.common.scenario.MqttSettings;

/**
 * Where workers publish. Kafka carries the log topic in every run, so {@code bootstrap} is set for MQTT runs too
 * (null only when an MQTT generator runs without Kafka: logs then stay in files).
 *
 * @param broker    {@code kafka} or {@code mqtt}
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param topic     Kafka telemetry topic
 * @param producer  Kafka producer properties on top of kafkasim's defaults
 * @param mqttUrl   MQTT broker, {@code tcp://host:port} (MQTT runs only)
 * @param mqtt      MQTT settings of the devices (MQTT runs only)
 */
public record TransportConfig(String broker, String bootstrap, String topic, Map<String, String> producer,
                              String mqttUrl, MqttSettings mqtt) {
    /** A Kafka transport. */
    public static TransportConfig kafka(String bootstrap, String topic, Map<String, String> producer) {
        return new TransportConfig("kafka", bootstrap, topic, producer, null, null);
    }
}
