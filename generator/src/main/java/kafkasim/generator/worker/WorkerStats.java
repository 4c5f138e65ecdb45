package kafkasim.generator.worker;

import java.nio.ByteBuffer;
import java.util.Base64;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The worker's latency recorders: wait-free for the send loop and the producer's I/O thread, swapped once per
 * stats interval into compact encoded histograms that the orchestrator merges (percentiles are never averaged).
 */
public final class WorkerStats {
    /** Histograms track values up to 1 hour in µs at 3 significant digits. */
    public static final long HIGHEST_TRACKABLE_US = 3_600_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    /** Actual send call time minus scheduled time, µs. */
    final Recorder sendLagUs = new Recorder(HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS);
    /** Broker acknowledgement time minus scheduled time, µs. */
    final Recorder ackLatencyUs = new Recorder(HIGHEST_TRACKABLE_US, SIGNIFICANT_DIGITS);
    private Histogram sendLagInterval;
    private Histogram ackLatencyInterval;

    static void record(Recorder recorder, long valueUs) {
        recorder.recordValue(Math.min(Math.max(valueUs, 0), HIGHEST_TRACKABLE_US));
    }

    /** Swaps both recorders; returns {sendLagUs, ackLatencyUs} as base64 (call from one thread only). */
    String[] takeIntervals() {
        sendLagInterval = sendLagUs.getIntervalHistogram(sendLagInterval);
        ackLatencyInterval = ackLatencyUs.getIntervalHistogram(ackLatencyInterval);
        return new String[] {encode(sendLagInterval), encode(ackLatencyInterval)};
    }

    public static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int length = h.encodeIntoCompressedByteBuffer(buf);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buf.array(), length));
    }

    public static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("not an encoded histogram", e);
        }
    }
}
