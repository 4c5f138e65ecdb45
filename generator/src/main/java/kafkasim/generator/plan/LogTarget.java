package kafkasim.generator.plan;

/**
 * The Kafka topic every generator process's logger also publishes to. Kafka carries it in both architectures, so
 * it is not part of the devices' {@link TransportConfig}.
 *
 * @param bootstrap Kafka bootstrap servers of the log topic
 * @param topic     the log topic
 */
public record LogTarget(String bootstrap, String topic) {
}
