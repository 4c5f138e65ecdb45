package kafkasim.generator.transport.kafka;

import java.time.Duration;
import java.util.Map;
import kafkasim.generator.transport.DeviceAddress;
import kafkasim.generator.transport.Transport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes to one Kafka topic with key = deviceId. The producer copies the value into its batch inside
 * {@code send}, which is what lets the worker reuse one payload buffer.
 */
public final class KafkaTransport implements Transport {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    /** {@code settings}: the scenario's producer properties, on top of {@link ProducerSettings#DEFAULTS}. */
    public KafkaTransport(String bootstrap, String topic, Map<String, String> settings, String clientId) {
        this.producer = new KafkaProducer<>(ProducerSettings.producerProperties(settings, bootstrap, clientId));
        this.topic = topic;
        // fetch the topic's metadata now: otherwise the first send blocks on it and the schedule starts late
        producer.partitionsFor(topic);
    }

    @Override
    public void publish(DeviceAddress device, byte[] payload, Completion completion) {
        try {
            producer.send(new ProducerRecord<>(topic, device.keyBytes(), payload),
                    (metadata, error) -> completion.completed(error));
        } catch (KafkaException | IllegalStateException e) {
            // send() reports most failures through the callback but throws some (closed producer, fatal
            // idempotence errors); both become a failed completion, never an exception in the send loop
            completion.completed(e);
        }
    }

    @Override
    public void close(Duration flushTimeout) {
        producer.close(flushTimeout);
    }
}
