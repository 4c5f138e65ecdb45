package kafkasim.common.metrics;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The one latency histogram format of kafkasim: µs values up to one hour at 3 significant digits, shipped as
 * base64 of HdrHistogram's compressed encoding (the generator's workers and the Flink jobs both write it).
 */
public final class Histograms {
    public static final long HIGHEST_TRACKABLE_US = 3_600_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private Histograms() {
    }

    public static Histogram create() {
        return new Histogram(HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS);
    }

    /**
     * An empty histogram that starts small and grows to what is added to it: {@link #create()}'s bucket layout (1 µs
     * lowest unit, {@link #SIGNIFICANT_DIGITS} digits), so merged percentiles are the same, without allocating the
     * hour's range up front (~190 KB) for every fold of a few slices.
     */
    public static Histogram createResizable() {
        Histogram h = new Histogram(SIGNIFICANT_DIGITS);
        h.setAutoResize(true);
        return h;
    }

    /** Clamps a µs value into the trackable range [0, {@link #HIGHEST_TRACKABLE_US}]. */
    public static long clampUs(long valueUs) {
        return Math.min(Math.max(valueUs, 0), HIGHEST_TRACKABLE_US);
    }

    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), length));
    }

    /** The histogram {@link #encode} wrote; IllegalArgumentException for anything else. */
    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException | RuntimeException e) { // e.g. BufferUnderflowException for a short input
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }
}
