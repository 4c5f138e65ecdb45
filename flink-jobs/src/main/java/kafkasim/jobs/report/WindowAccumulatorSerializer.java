package kafkasim.jobs.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link WindowAccumulator} for checkpoints: a format version, the counters, the subtask bit set and the
 * histogram in HdrHistogram's own (uncompressed, already run-length coded) encoding. Without it Flink would fall
 * back to Kryo field-by-field serialization of {@link Histogram}'s internals, which is neither compact nor stable.
 */
public final class WindowAccumulatorSerializer extends TypeSerializerSingleton<WindowAccumulator> {
    public static final WindowAccumulatorSerializer INSTANCE = new WindowAccumulatorSerializer();
    private static final long serialVersionUID = 1L;
    private static final int FORMAT_VERSION = 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public WindowAccumulator createInstance() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from) {
        return from.copy();
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from, WindowAccumulator reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowAccumulator a, DataOutputView out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        for (long v : new long[] {a.received, a.lost, a.duplicates, a.alerts, a.truePositives, a.falsePositives,
                a.falseNegatives, a.replayed, a.records}) {
            out.writeLong(v);
        }
        long[] bits = a.subtasks.toLongArray();
        out.writeInt(bits.length);
        for (long word : bits) {
            out.writeLong(word);
        }
        ByteBuffer buf = ByteBuffer.allocate(a.latencyUs.getNeededByteBufferCapacity());
        int length = a.latencyUs.encodeIntoByteBuffer(buf);
        out.writeInt(length);
        out.write(buf.array(), 0, length);
    }

    @Override
    public WindowAccumulator deserialize(DataInputView in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown WindowAccumulator format version " + version);
        }
        WindowAccumulator a = new WindowAccumulator();
        a.received = in.readLong();
        a.lost = in.readLong();
        a.duplicates = in.readLong();
        a.alerts = in.readLong();
        a.truePositives = in.readLong();
        a.falsePositives = in.readLong();
        a.falseNegatives = in.readLong();
        a.replayed = in.readLong();
        a.records = in.readLong();
        long[] bits = new long[in.readInt()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = in.readLong();
        }
        a.subtasks = BitSet.valueOf(bits);
        byte[] histogram = new byte[in.readInt()];
        in.readFully(histogram);
        Histogram h = Histogram.decodeFromByteBuffer(ByteBuffer.wrap(histogram), 0);
        h.setAutoResize(true);
        a.latencyUs = h;
        return a;
    }

    @Override
    public WindowAccumulator deserialize(WindowAccumulator reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<WindowAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores {@link #INSTANCE}; public with a no-argument constructor as Flink requires. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowAccumulator> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
