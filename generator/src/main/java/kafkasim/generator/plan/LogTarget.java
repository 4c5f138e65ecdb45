package kafkasim.generator.plan;

import kafkasim.common.security.KafkaClientSecurity;

/**
 * The Kafka topic every generator process's logger also publishes to. Kafka carries it in both architectures, so
 * it is not part of the devices' {@link TransportConfig}.
 *
 * @param bootstrap Kafka bootstrap servers of the log topic
 * @param topic     the log topic
 * @param security  how the loggers connect (principal {@code logger}); null: plaintext
 */
public record LogTarget(String bootstrap, String topic, KafkaClientSecurity security) {
    public LogTarget(String bootstrap, String topic) {
        this(bootstrap, topic, null);
    }

    public LogTarget {
        security = security == null ? KafkaClientSecurity.NONE : security;
    }
}
