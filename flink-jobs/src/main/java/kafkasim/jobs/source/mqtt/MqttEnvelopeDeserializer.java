package kafkasim.jobs.source.mqtt;

import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.EnvelopeDecoder;
import kafkasim.jobs.source.mqtt.MqttRecordDeserializer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

/** MQTT message payload → {@link Envelope}; decoding and malformed messages as {@link EnvelopeDecoder} does them. */
public final class MqttEnvelopeDeserializer implements MqttRecordDeserializer<Envelope> {
    private static final long serialVersionUID = 1L;

    private final EnvelopeDecoder decoder = new EnvelopeDecoder();

    @Override
    public void open(MetricGroup metricGroup) {
        decoder.open(metricGroup);
    }

    @Override
    public void deserialize(String topic, byte[] payload, Collector<Envelope> out) {
        decoder.decode(payload, topic, MqttEnvelopeDeserializer::where, out);
    }

    private static String where(String topic) {
        return "MQTT topic " + topic;
    }

    @Override
    public TypeInformation<Envelope> getProducedType() {
        return TypeInformation.of(Envelope.class);
    }
}
