package kafkasim.jobs.source.mqtt;

import kafkasim.jobs.common.EnvelopeDecoder;
import kafkasim.jobs.common.TestEnvelopes;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The MQTT adapter decodes as the Kafka one does: the same codec, the same malformed-message counter. */
class MqttEnvelopeDeserializerTest {
    @Test
    void decodesEnvelopesAndCountsWhatIsNotOne() throws Exception {
        SimpleCounter malformed = new SimpleCounter();
        MqttEnvelopeDeserializer deserializer = new MqttEnvelopeDeserializer();
        deserializer.open(new UnregisteredMetricsGroup() {
            @Override
            @SuppressWarnings("unchecked")
            public <C extends Counter> C counter(String name, C counter) {
                assertEquals(EnvelopeDecoder.MALFORMED_METRIC, name);
                return (C) malformed;
            }

            @Override
            public Counter counter(String name) {
                return counter(name, new SimpleCounter());
            }
        });
        List<Envelope> out = new ArrayList<>();
        Collector<Envelope> collector = new Collector<>() {
            @Override
            public void collect(Envelope record) {
                out.add(record);
            }

            @Override
            public void close() {
            }
        };
        Envelope expected = TestEnvelopes.temperature(3, 17, 1_764_000_000_000_000L, false, 21.5);
        byte[] bytes = TestEnvelopes.encode("temperature", 3, 17, 1_764_000_000_000_000L, false,
                expected.values(), 256);

        deserializer.deserialize("devices/temperature/temperature-000003/telemetry", bytes, collector);
        deserializer.deserialize("devices/x/y/telemetry", "not json".getBytes(StandardCharsets.UTF_8), collector);
        deserializer.deserialize("devices/x/y/telemetry", new byte[0], collector);
        deserializer.deserialize("devices/x/y/telemetry", null, collector);

        assertEquals(List.of(expected), out);
        assertEquals(3, malformed.getCount());
        assertEquals(TypeInformation.of(Envelope.class), deserializer.getProducedType());
    }
}
