package kafkasim.jobs.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import kafkasim.common.metrics.SliceTotals;
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
 * <p>
 * Format 1, in order: byte version; long received, lost, duplicates, alerts, truePositives, falsePositives,
 * falseNegatives, replayed ({@link SliceTotals#counts()}), records; int n, n longs of the subtask bits; int length,
 * length bytes of the histogram. A change to it needs a new version (and reading the old one).
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
        for (long v : a.totals.counts()) {
            out.writeLong(v);
        }
        out.writeLong(a.records);
        long[] bits = a.subtasks.toLongArray();
        out.writeInt(bits.length);
        for (long word : bits) {
            out.writeLong(word);
        }
        Histogram latencyUs = a.totals.latencyUs();
        ByteBuffer buf = ByteBuffer.allocate(latencyUs.getNeededByteBufferCapacity());
        int length = latencyUs.encodeIntoByteBuffer(buf);
        out.writeInt(length);
        out.write(buf.array(), 0, length);
    }

    @Override
    public WindowAccumulator deserialize(DataInputView in) throws IOException {
        int version = in.readUnsignedByte();
        if (version != FORMAT_VERSION) {
            throw new IOException("unknown WindowAccumulator format version " + version);
        }
        long[] counts = new long[SliceTotals.COUNTS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = in.readLong();
        }
        WindowAccumulator a = new WindowAccumulator();
        a.records = in.readLong();
        long[] bits = new long[in.readInt()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = in.readLong();
        }
        a.subtasks = BitSet.valueOf(bits);
        byte[] histogram = new byte[in.readInt()];
        in.readFully(histogram);
        a.totals = SliceTotals.restore(counts, Histogram.decodeFromByteBuffer(ByteBuffer.wrap(histogram), 0));
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
