package kafkasim.generator.worker;

import kafkasim.common.metrics.Histograms;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The worker's latency recorders: wait-free for the send loop and the producer's I/O thread, swapped once per
 * stats interval into compact encoded histograms that the orchestrator merges (percentiles are never averaged).
 */
public final class WorkerStats {

    /** Actual send call time minus scheduled time, µs. */
    final Recorder sendLagUs = new Recorder(Histograms.HIGHEST_TRACKABLE_US, Histograms.SIGNIFICANT_DIGITS);
    /** Broker acknowledgement time minus scheduled time, µs. */
    final Recorder ackLatencyUs = new Recorder(Histograms.HIGHEST_TRACKABLE_US, Histograms.SIGNIFICANT_DIGITS);
    private Histogram sendLagInterval;
    private Histogram ackLatencyInterval;

    static void record(Recorder recorder, long valueUs) {
        recorder.recordValue(Math.min(Math.max(valueUs, 0), Histograms.HIGHEST_TRACKABLE_US));
    }

    /** Swaps both recorders; returns {sendLagUs, ackLatencyUs} as base64 (call from one thread only). */
    String[] takeIntervals() {
        sendLagInterval = sendLagUs.getIntervalHistogram(sendLagInterval);
        ackLatencyInterval = ackLatencyUs.getIntervalHistogram(ackLatencyInterval);
        return new String[] {Histograms.encode(sendLagInterval), Histograms.encode(ackLatencyInterval)};
    }
}
