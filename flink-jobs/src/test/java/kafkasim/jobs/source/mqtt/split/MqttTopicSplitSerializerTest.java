package kafkasim.jobs.source.mqtt.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class MqttTopicSplitSerializerTest {
    private final MqttTopicSplitSerializer serializer = MqttTopicSplitSerializer.INSTANCE;

    @Test
    void roundTripsSplits() throws IOException {
        for (MqttTopicSplit split : List.of(MqttTopicSplit.of(0, "devices/+/+/telemetry"),
                MqttTopicSplit.of(12, "devices/temperature/#"), MqttTopicSplit.of(3, "ünïcödé/°C/+"))) {
            byte[] bytes = serializer.serialize(split);
            assertEquals(split, serializer.deserialize(serializer.getVersion(), bytes));
        }
    }

    @Test
    void splitIdIsTheIndexAndAFingerprintOfTheFilter() {
        MqttTopicSplit split = MqttTopicSplit.of(7, "devices/power/+/telemetry");
        assertTrue(split.splitId().matches("7-[0-9a-f]{8}"), split.splitId());
        assertEquals(7, split.index());
        assertEquals(split, MqttTopicSplit.of(7, "devices/power/+/telemetry"), "deterministic");
        assertNotEquals(split.splitId(), MqttTopicSplit.of(7, "devices/power/+/status").splitId(),
                "another filter at the same position gets another client id");
        assertThrows(IllegalArgumentException.class, () -> new MqttTopicSplit(split.splitId(), "devices/other"));
        assertThrows(IllegalArgumentException.class, () -> new MqttTopicSplit("7", "devices/power/+/telemetry"));
    }

    @Test
    void rejectsAnotherVersionAndBrokenBytes() throws IOException {
        byte[] bytes = serializer.serialize(MqttTopicSplit.of(0, "a/b"));
        IOException version = assertThrows(IOException.class, () -> serializer.deserialize(2, bytes));
        assertTrue(version.getMessage().contains("version 2 is unknown"), version.getMessage());

        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, bytes.length);
        assertThrows(IOException.class, () -> serializer.deserialize(1, longer));

        DataOutputSerializer out = new DataOutputSerializer(32);
        out.writeUTF("0-00000000");
        out.writeUTF("a/b");
        IOException mismatch = assertThrows(IOException.class, () -> serializer.deserialize(1,
                out.getCopyOfBuffer()));
        assertTrue(mismatch.getMessage().contains("is not of topic filter 'a/b'"), mismatch.getMessage());
    }
}
