package kafkasim.jobs.source.mqtt.enumerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import org.junit.jupiter.api.Test;

class MqttEnumeratorStateSerializerTest {
    private final MqttEnumeratorStateSerializer serializer = MqttEnumeratorStateSerializer.INSTANCE;

    @Test
    void roundTripsTheUnassignedSplits() throws IOException {
        for (MqttEnumeratorState state : List.of(new MqttEnumeratorState(List.of()),
                new MqttEnumeratorState(List.of(MqttTopicSplit.of(0, "devices/a/+/telemetry"),
                        MqttTopicSplit.of(1, "devices/b/+/telemetry"), MqttTopicSplit.of(2, "#"))))) {
            assertEquals(state, serializer.deserialize(serializer.getVersion(), serializer.serialize(state)));
        }
    }

    @Test
    void rejectsAnotherVersionAndTruncatedBytes() throws IOException {
        byte[] bytes = serializer.serialize(new MqttEnumeratorState(List.of(MqttTopicSplit.of(0, "a"),
                MqttTopicSplit.of(1, "b"))));
        assertThrows(IOException.class, () -> serializer.deserialize(0, bytes));
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThrows(IOException.class, () -> serializer.deserialize(1, truncated));
    }
}
