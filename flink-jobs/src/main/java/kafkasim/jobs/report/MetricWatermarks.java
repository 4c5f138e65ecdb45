package kafkasim.jobs.report;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks for the log topic, generated per Kafka partition when used as the source's strategy.
 *
 * <ul>
 *   <li>Event time of a metric record of the run = its {@code windowStartMs}; every other line gets
 *       {@link Long#MIN_VALUE} and is invisible here: it neither advances time nor counts as activity. (With
 *       Flink's stock {@code withIdleness} a partition carrying only ordinary log lines would look busy and
 *       hold every window back forever.)</li>
 *   <li>While metric records flow: bounded out-of-orderness of {@link #OUT_OF_ORDERNESS}, since subtasks of
 *       several jobs publish the records for one second at slightly different moments.</li>
 *   <li>After {@link #QUIET_AFTER} without a metric record the input is quiet (its jobs stopped, or it carries
 *       none): its watermark follows the wall clock, {@code now - QUIET_AFTER} (or the end of the last second it
 *       saw, if later). This is sound because a metric record is published only after its second has ended, so
 *       its event time is always in the past; it lets a quiet input stop holding the others back, and it closes
 *       the last windows of a run (the last 10 s window too, then partial) about {@link #QUIET_AFTER} after
 *       their end.</li>
 * </ul>
 * The input is never marked idle: Flink drops watermarks of an idle input, the final one of a
 * stop-with-drain included. A record that arrives behind the watermark is still counted within the windows'
 * allowed lateness: the window fires again and the upsert overwrites its row.
 */
public final class MetricWatermarks implements WatermarkGenerator<String> {
    /** How far metric records of one input may arrive out of event-time order. */
    public static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(2);
    /** How long an input may go without metric records before its watermark follows the wall clock. */
    public static final Duration QUIET_AFTER = Duration.ofSeconds(5);
    /** Length of a metric record's window by contract; the watermark of a quiet input closes its last one. */
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
     * @param wallClockMs epoch ms, the domain of the metric records' event time
     */
    MetricWatermarks(long outOfOrdernessMs, long quietAfterMs, LongSupplier monotonicMs, LongSupplier wallClockMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.quietAfterMs = quietAfterMs;
        this.monotonicMs = monotonicMs;
        this.wallClockMs = wallClockMs;
        this.lastActivityMs = monotonicMs.getAsLong();
    }

    /** The strategy for raw log lines of run {@code runId} (timestamps from {@link LogLineParser#eventTimeMs}). */
    public static WatermarkStrategy<String> strategy(String runId) {
        long outOfOrdernessMs = OUT_OF_ORDERNESS.toMillis();
        long quietAfterMs = QUIET_AFTER.toMillis();
        return WatermarkStrategy.<String>forGenerator(context -> new MetricWatermarks(outOfOrdernessMs,
                        quietAfterMs, () -> System.nanoTime() / 1_000_000L, System::currentTimeMillis))
                .withTimestampAssigner((line, kafkaTimestamp) -> LogLineParser.eventTimeMs(line, runId));
    }

    @Override
    public void onEvent(String line, long eventTimestamp, WatermarkOutput output) {
        if (eventTimestamp == Long.MIN_VALUE) {
            return;
        }
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
