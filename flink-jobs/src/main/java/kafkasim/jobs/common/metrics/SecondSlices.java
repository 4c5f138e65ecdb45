package kafkasim.jobs.common.metrics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.HdrHistogram.Histogram;

/**
 * The per-second accumulators of one subtask between two checkpoints. {@link #drain} turns them into slices that
 * cover every second since the previous drain, also seconds in which nothing completed (a zero slice: report windows
 * and progress see that the path was alive and idle). Only seconds with completions hold a histogram (~180 KB at
 * the project's range and precision), and histograms are reused.
 */
public final class SecondSlices implements CompletionSeconds {
    /** At most this many seconds of zero slices fill a gap (a subtask that saw no checkpoint for a long time). */
    static final int MAX_FILLED_SECONDS = 600;
    /** Spare histograms kept for reuse. */
    static final int MAX_SPARE = 8;
    private static final long MS_PER_SECOND = 1000;
    private static final String EMPTY_HISTOGRAM = Histograms.encode(Histograms.create());

    private final TreeMap<Long, SliceAccumulator> seconds = new TreeMap<>();
    private final ArrayDeque<Histogram> spare = new ArrayDeque<>();
    private SliceAccumulator last;
    private long coveredFromMs;

    /** @param coveredFromMs epoch ms from which the first drain covers the seconds */
    public SecondSlices(long coveredFromMs) {
        this.coveredFromMs = coveredFromMs;
    }

    @Override
    public SliceAccumulator at(long completionUs) {
        long startMs = Math.floorDiv(completionUs, 1000L * MS_PER_SECOND) * MS_PER_SECOND;
        if (last != null && last.windowStartMs == startMs) {
            return last;
        }
        last = seconds.computeIfAbsent(startMs, this::newAccumulator);
        return last;
    }

    /**
     * The slices of every second from the previous drain (or the start) up to and including the second of
     * {@code untilMs}, in time order, then starts over from {@code untilMs}.
     */
    public List<MetricSlice> drain(long untilMs) {
        long toMs = Math.floorDiv(untilMs, MS_PER_SECOND) * MS_PER_SECOND;
        long fromMs = Math.max(Math.floorDiv(coveredFromMs, MS_PER_SECOND) * MS_PER_SECOND,
                toMs - (MAX_FILLED_SECONDS - 1) * MS_PER_SECOND);
        TreeMap<Long, MetricSlice> slices = new TreeMap<>();
        for (long s = fromMs; s <= toMs; s += MS_PER_SECOND) {
            slices.put(s, new MetricSlice(s, MetricSlice.WINDOW_MS, 0, 0, 0, EMPTY_HISTOGRAM, PathCounters.ZERO));
        }
        for (SliceAccumulator a : seconds.values()) {
            slices.put(a.windowStartMs, a.toSlice());
            if (spare.size() < MAX_SPARE) {
                Histogram h = a.histogram();
                h.reset();
                spare.push(h);
            }
        }
        seconds.clear();
        last = null;
        coveredFromMs = Math.max(coveredFromMs, untilMs);
        return new ArrayList<>(slices.values());
    }

    private SliceAccumulator newAccumulator(long windowStartMs) {
        Histogram h = spare.poll();
        return new SliceAccumulator(windowStartMs, h != null ? h : Histograms.create());
    }
}
