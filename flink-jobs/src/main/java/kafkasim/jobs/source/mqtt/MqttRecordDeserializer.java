package kafkasim.jobs.source.mqtt;

import java.io.IOException;
import java.io.Serializable;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

/**
 * MQTT message → records of type {@code T}, on the reader's task thread. A message may yield no record (skipped)
 * or several. The message is acknowledged to the broker by the source, whatever this emits for it.
 */
public interface MqttRecordDeserializer<T> extends Serializable, ResultTypeQueryable<T> {

    /** Called once per reader before the first message, with the reader's {@code deserializer} metric group. */
    default void open(MetricGroup metricGroup) throws Exception {
    }

    /** Emits the records of one message, published to {@code topic} with {@code payload}. */
    void deserialize(String topic, byte[] payload, Collector<T> out) throws IOException;
}
