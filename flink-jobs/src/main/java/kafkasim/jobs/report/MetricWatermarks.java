package kafkasim.jobs.report;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks for the accepted metric slices (event time = the slice's {@code windowStartMs}).
 *
 * <p>A path job publishes one record per subtask and checkpoint, carrying the seconds since its previous
 * checkpoint: a slice arrives up to about one path checkpoint interval plus the checkpoint's duration after its
 * second began, and the paths checkpoint independently, so the oldest slice of a record may lie that far behind the
 * newest slice already seen. Hence:
 * <ul>
 *   <li>While slices flow: bounded out-of-orderness of the path checkpoint interval + {@link #MARGIN} (a second for
 *       the slice's own length, the rest for checkpoint duration and publishing).</li>
 *   <li>After the path checkpoint interval + {@link #QUIET_MARGIN} without a slice the input is quiet (its jobs
 *       stopped): its watermark follows the wall clock, {@code now - quietAfter} (or the end of the last second it
 *       saw, if later). This is sound because a record is published only after its seconds began, so their event
 *       time is in the past; it closes the last windows of a run (the last 10 s window too, then partial).</li>
 * </ul>
 * The input is never marked idle: Flink drops watermarks of an idle input, the final one of a stop-with-drain
 * included. A slice that arrives behind the watermark (a restored path job catching up) is still counted within the
 * windows' allowed lateness: the window fires again and the upsert overwrites its row.
 */
public final class MetricWatermarks implements WatermarkGenerator<MetricSecond> {
    /** Out-of-orderness on top of the path checkpoint interval. */
    public static final Duration MARGIN = Duration.ofSeconds(3);
    /** Quiet time on top of the path checkpoint interval before the watermark follows the wall clock. */
    public static final Duration QUIET_MARGIN = Duration.ofSeconds(5);
    /** Length of a slice by contract; the watermark of a quiet input closes the last one seen. */
    static final long METRIC_WINDOW_MS = 1000;

    private final long outOfOrdernessMs;
    private final long quietAfterMs;
    private final LongSupplier monotonicMs;
    private final LongSupplier wallClockMs;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastActivityMs;
    private long emitted = Long.MIN_VALUE;

    /**
     * @param monotonicMs a monotonic clock, ms, to measure quiet time
     * @param wallClockMs epoch ms, the domain of the slices' event time
     */
    MetricWatermarks(long outOfOrdernessMs, long quietAfterMs, LongSupplier monotonicMs, LongSupplier wallClockMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.quietAfterMs = quietAfterMs;
        this.monotonicMs = monotonicMs;
        this.wallClockMs = wallClockMs;
        this.lastActivityMs = monotonicMs.getAsLong();
    }

    /** Out-of-orderness for paths that checkpoint every {@code pathCheckpointIntervalMs}. */
    static long outOfOrdernessMs(long pathCheckpointIntervalMs) {
        return pathCheckpointIntervalMs + MARGIN.toMillis();
    }

    /** Quiet time for paths that checkpoint every {@code pathCheckpointIntervalMs}. */
    static long quietAfterMs(long pathCheckpointIntervalMs) {
        return pathCheckpointIntervalMs + QUIET_MARGIN.toMillis();
    }

    /** The strategy for the slices of paths that checkpoint every {@code pathCheckpointIntervalMs}. */
    public static WatermarkStrategy<MetricSecond> strategy(long pathCheckpointIntervalMs) {
        long outOfOrdernessMs = outOfOrdernessMs(pathCheckpointIntervalMs);
        long quietAfterMs = quietAfterMs(pathCheckpointIntervalMs);
        return WatermarkStrategy.<MetricSecond>forGenerator(context -> new MetricWatermarks(outOfOrdernessMs,
                        quietAfterMs, () -> System.nanoTime() / 1_000_000L, System::currentTimeMillis))
                .withTimestampAssigner((m, previous) -> m.slice().windowStartMs());
    }

    @Override
    public void onEvent(MetricSecond slice, long eventTimestamp, WatermarkOutput output) {
        maxTimestamp = Math.max(maxTimestamp, eventTimestamp);
        lastActivityMs = monotonicMs.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        boolean quiet = monotonicMs.getAsLong() - lastActivityMs >= quietAfterMs;
        if (quiet) {
            long candidate = wallClockMs.getAsLong() - quietAfterMs;
            if (maxTimestamp != Long.MIN_VALUE) {
                candidate = Math.max(candidate, maxTimestamp + METRIC_WINDOW_MS - 1);
            }
            emit(output, candidate);
        } else if (maxTimestamp != Long.MIN_VALUE) {
            emit(output, maxTimestamp - outOfOrdernessMs - 1);
        }
    }

    private void emit(WatermarkOutput output, long candidate) {
        if (candidate > emitted) {
            emitted = candidate;
            output.emitWatermark(new Watermark(candidate));
        }
    }
}
