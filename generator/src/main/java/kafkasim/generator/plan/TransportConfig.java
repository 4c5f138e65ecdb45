package kafkasim.generator.plan;

import java.util.Map;

/**
 * Where workers publish.
 *
 * @param broker    {@code kafka}
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port]}
 * @param topic     telemetry topic
 * @param producer  producer properties on top of kafkasim's defaults
 */
public record TransportConfig(String broker, String bootstrap, String topic, Map<String, String> producer) {
}
