package kafkasim.jobs.source.mqtt.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Version 1: split id and topic filter, as modified UTF-8 strings. */
public final class MqttTopicSplitSerializer implements SimpleVersionedSerializer<MqttTopicSplit> {
    public static final int VERSION = 1;
    public static final MqttTopicSplitSerializer INSTANCE = new MqttTopicSplitSerializer();

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MqttTopicSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        write(split, out);
        return out.getCopyOfBuffer();
    }

    @Override
    public MqttTopicSplit deserialize(int version, byte[] serialized) throws IOException {
        checkVersion(version);
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        MqttTopicSplit split = read(in);
        if (in.available() > 0) {
            throw new IOException("MqttTopicSplit: " + in.available() + " bytes left after the split");
        }
        return split;
    }

    /** Writes one split in the current version's format (for the enumerator state too). */
    public static void write(MqttTopicSplit split, DataOutputView out) throws IOException {
        out.writeUTF(split.splitId());
        out.writeUTF(split.topicFilter());
    }

    /** Reads what {@link #write} wrote. */
    public static MqttTopicSplit read(DataInputView in) throws IOException {
        String splitId = in.readUTF();
        String topicFilter = in.readUTF();
        try {
            return new MqttTopicSplit(splitId, topicFilter);
        } catch (IllegalArgumentException e) {
            throw new IOException("MqttTopicSplit: " + e.getMessage(), e);
        }
    }

    static void checkVersion(int version) throws IOException {
        if (version != VERSION) {
            throw new IOException("MqttTopicSplit serializer version " + version + " is unknown (this is version "
                    + VERSION + ")");
        }
    }
}
