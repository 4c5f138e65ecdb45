package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.metrics.PathCounters;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class MetricWatermarksTest {
    private static final long T0 = 1_764_025_800_000L;

    private long monotonicMs = 0;
    /** Live: the wall clock is just past the records' seconds. */
    private long wallMs = T0 + 1500;
    private final Output out = new Output();
    private final MetricWatermarks generator = new MetricWatermarks(2000, 5000, () -> monotonicMs, () -> wallMs);
    private final MetricSecond m = new MetricSecond("fast", 0, MetricLines.slice(T0, MetricLines.senderHistogram(), 0,
            PathCounters.ZERO));

    @Test
    void theBoundsFollowThePathsCheckpointInterval() {
        assertEquals(2000 + 3000, MetricWatermarks.outOfOrdernessMs(2000));
        assertEquals(10_000 + 5000, MetricWatermarks.quietAfterMs(10_000));
    }

    @Test
    void boundedOutOfOrdernessWhileMetricRecordsFlow() {
        generator.onPeriodicEmit(out);
        assertEquals(List.of(), out.events, "nothing before the first metric record");
        generator.onEvent(m, T0, out);
        generator.onEvent(m, T0 + 3000, out);
        generator.onEvent(m, T0 + 1000, out); // out of order: does not move time back
        generator.onPeriodicEmit(out);
        assertEquals(List.of("wm " + (T0 + 3000 - 2000 - 1)), out.events);
        generator.onPeriodicEmit(out);
        assertEquals(1, out.events.size(), "the same watermark is not emitted twice");
    }

    @Test
    void aQuietInputFollowsTheWallClockAndResumesWhenRecordsComeBack() {
        generator.onEvent(m, T0, out);
        generator.onPeriodicEmit(out);
        monotonicMs += 4999;
        wallMs += 4999;
        generator.onPeriodicEmit(out);
        assertEquals(List.of("wm " + (T0 - 2001)), out.events);
        monotonicMs += 1;
        wallMs += 1;
        generator.onPeriodicEmit(out); // quiet: max(T0 + 999, wall - 5 s = T0 + 1500)
        monotonicMs += 10_000;
        wallMs += 10_000;
        generator.onPeriodicEmit(out); // the wall clock goes on: the last 10 s window closes too
        assertEquals(List.of("wm " + (T0 - 2001), "wm " + (T0 + 1500), "wm " + (T0 + 11_500)), out.events);

        out.events.clear();
        generator.onEvent(m, T0 + 16_000, out);
        generator.onPeriodicEmit(out);
        assertEquals(List.of("wm " + (T0 + 16_000 - 2001)), out.events);
    }

    @Test
    void replayingOldRecordsAQuietInputJumpsToTheWallClockWhichIsFarAhead() {
        wallMs = T0 + 86_400_000L; // a day later
        generator.onEvent(m, T0, out);
        generator.onPeriodicEmit(out);
        monotonicMs += 5000;
        generator.onPeriodicEmit(out);
        assertEquals(List.of("wm " + (T0 - 2001), "wm " + (wallMs - 5000)), out.events);
    }

    @Test
    void anInputThatNeverCarriesMetricsFollowsTheWallClockOnceQuiet() {
        generator.onPeriodicEmit(out);
        monotonicMs += 5000;
        wallMs += 5000;
        generator.onPeriodicEmit(out);
        assertEquals(List.of("wm " + (wallMs - 5000)), out.events);
    }

    @Test
    void theLastSecondSeenClosesEvenIfTheWallClockLagsBehind() {
        wallMs = T0 - 60_000;
        generator.onEvent(m, T0, out);
        monotonicMs += 5000;
        generator.onPeriodicEmit(out);
        assertEquals(List.of("wm " + (T0 + 999)), out.events);
    }

    @Test
    void watermarksNeverGoBack() {
        generator.onEvent(m, T0, out);
        monotonicMs += 5000;
        wallMs += 5000;
        generator.onPeriodicEmit(out); // T0 + 1500
        generator.onEvent(m, T0 + 1000, out); // bounded: T0 + 1000 - 2001 < T0 + 1500
        generator.onPeriodicEmit(out);
        assertEquals(List.of("wm " + (T0 + 1500)), out.events);
    }

    private static final class Output implements WatermarkOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void emitWatermark(Watermark watermark) {
            events.add("wm " + watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            events.add("idle");
        }

        @Override
        public void markActive() {
            events.add("active");
        }
    }
}
