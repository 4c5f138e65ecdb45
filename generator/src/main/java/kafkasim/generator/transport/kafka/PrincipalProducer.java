package kafkasim.generator.transport.kafka;

import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * One principal's producer in a worker, and whether the broker refuses it now. While it does, its messages fail at
 * once with the broker's latest refusal instead of entering {@code send()}: Kafka's producer would block each of
 * them in its metadata wait (0.8 s for an ACL refusal, 1.2 s for a wrong password, measured in KafkaSaslAclIT),
 * which would stall every other device of the worker's one send loop. {@link RefusalProbe} asks the broker again
 * every second, so a refusal lifted (an ACL added) is noticed within about a second.
 */
final class PrincipalProducer {
    final KafkaProducer<byte[], byte[]> producer;
    final String name;
    /** The broker's latest refusal of this principal; null while it accepts it. */
    volatile KafkaException refusal;

    PrincipalProducer(String name, Properties properties) {
        this.name = name;
        this.producer = new KafkaProducer<>(properties);
    }

    /**
     * Fetches the topic's metadata: what the broker checks first (credentials, certificate, the topic's ACL).
     * Returns normally when accepted; a refusal is remembered, any other failure is thrown.
     */
    void check(String topic) {
        try {
            producer.partitionsFor(topic);
            refusal = null;
        } catch (KafkaException e) {
            if (KafkaRefusals.rejectionOf(e) == null) {
                throw e;
            }
            refusal = e;
        }
    }

    void close(Duration timeout) {
        producer.close(timeout);
    }
}
