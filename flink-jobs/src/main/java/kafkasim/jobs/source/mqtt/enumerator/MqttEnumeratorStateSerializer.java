package kafkasim.jobs.source.mqtt.enumerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplitSerializer;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/** Version 1: the number of unassigned splits, then each split as {@link MqttTopicSplitSerializer} writes it. */
public final class MqttEnumeratorStateSerializer implements SimpleVersionedSerializer<MqttEnumeratorState> {
    public static final int VERSION = 1;
    public static final MqttEnumeratorStateSerializer INSTANCE = new MqttEnumeratorStateSerializer();

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MqttEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        out.writeInt(state.unassignedSplits().size());
        for (MqttTopicSplit split : state.unassignedSplits()) {
            MqttTopicSplitSerializer.write(split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public MqttEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("MqttEnumeratorState serializer version " + version + " is unknown (this is version "
                    + VERSION + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("MqttEnumeratorState: negative split count " + count);
        }
        List<MqttTopicSplit> splits = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            splits.add(MqttTopicSplitSerializer.read(in));
        }
        if (in.available() > 0) {
            throw new IOException("MqttEnumeratorState: " + in.available() + " bytes left after " + count + " splits");
        }
        return new MqttEnumeratorState(splits);
    }
}
