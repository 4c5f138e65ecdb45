package kafkasim.generator.transport.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import kafkasim.generator.transport.DeviceAddress;
import kafkasim.generator.transport.Transport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes to one Kafka topic with key = deviceId. The producer copies the value into its batch inside
 * {@code send}, which is what lets the worker reuse one payload buffer.
 */
public final class KafkaTransport implements Transport {
    /** kafkasim's producer defaults: durable, idempotent (no duplicates on retry), small batching delay. */
    public static final Map<String, String> DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.LINGER_MS_CONFIG, "5",
            ProducerConfig.BATCH_SIZE_CONFIG, "65536");

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public KafkaTransport(String bootstrap, String topic, Map<String, String> overrides, String clientId) {
        Properties props = new Properties();
        props.putAll(DEFAULTS);
        if (overrides != null) {
            props.putAll(overrides);
        }
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
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
