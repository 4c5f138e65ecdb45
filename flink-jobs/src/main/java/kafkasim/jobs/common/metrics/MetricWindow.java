package kafkasim.jobs.common.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import kafkasim.jobs.common.HistogramCodec;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The counters and the latency {@link Recorder} of one one-second window of one subtask. Written by the operator's
 * thread (wait-free: atomics and a Recorder) and taken by the reporter thread once the window is over; one
 * instance is reused for every {@value PathMetrics#SLOTS}th window.
 */
public final class MetricWindow {
    private final Recorder latency = HistogramCodec.newRecorder();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLongArray extras;
    private Histogram recycled; // reporter thread only

    MetricWindow(int extraCount) {
        extras = new AtomicLongArray(extraCount);
    }

    /** One record completed the path {@code latencyUs} after it was (scheduled to be) sent. */
    public void completed(long latencyUs) {
        received.incrementAndGet();
        latency.recordValue(HistogramCodec.clampUs(latencyUs));
    }

    /** Adds seqs found missing. */
    public void lost(long count) {
        if (count != 0) {
            lost.addAndGet(count);
        }
    }

    /** Adds repeated seqs. */
    public void duplicates(long count) {
        if (count != 0) {
            duplicates.addAndGet(count);
        }
    }

    /** Adds to a path-specific counter (index into the names given to {@link PathMetrics}). */
    public void add(int counter, long count) {
        if (count != 0) {
            extras.addAndGet(counter, count);
        }
    }

    /** Takes and resets everything (reporter thread; no writer touches this window meanwhile). */
    WindowSnapshot take(long windowStartMs) {
        recycled = latency.getIntervalHistogram(recycled);
        long[] extraValues = new long[extras.length()];
        for (int i = 0; i < extraValues.length; i++) {
            extraValues[i] = extras.getAndSet(i, 0);
        }
        return new WindowSnapshot(windowStartMs, received.getAndSet(0), lost.getAndSet(0), duplicates.getAndSet(0),
                HistogramCodec.encode(recycled), extraValues);
    }
}
