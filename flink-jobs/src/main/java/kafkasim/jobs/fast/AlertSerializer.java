package kafkasim.jobs.fast;

import java.nio.charset.StandardCharsets;
import kafkasim.common.json.Json;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** {@link Alert} → Kafka record: key = deviceId (UTF-8), value = the alert as JSON. */
final class AlertSerializer implements KafkaRecordSerializationSchema<Alert> {
    private static final long serialVersionUID = 1L;
    private final String topic;

    AlertSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(Alert alert, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, alert.deviceId().getBytes(StandardCharsets.UTF_8), toJson(alert));
    }

    static byte[] toJson(Alert alert) {
        try {
            return Json.mapper().writeValueAsBytes(alert);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize " + alert, e);
        }
    }
}
