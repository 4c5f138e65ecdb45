package kafkasim.simulation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.common.metrics.SeqRange;
import kafkasim.common.metrics.SeqRanges;
import kafkasim.common.metrics.SliceTotals;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PathMetricsTest {
    static final long T0 = 1_764_025_800_000L;

    static MetricSlice slice(long windowStartMs, long lost, PathCounters counters, long... latenciesUs) {
        Histogram h = Histograms.create();
        for (long v : latenciesUs) {
            h.recordValue(v);
        }
        return MetricSlice.of(windowStartMs, lost, 0, h, counters);
    }

    static byte[] record(String runId, String path, int subtask, long checkpointId, MetricSlice... slices) {
        return MetricRecordCodec.encode(new PathMetricRecord(runId, path, subtask, checkpointId, List.of(slices)),
                T0 * 1000, checkpointId, 1);
    }

    @Test
    void sumsCountsAndMergesHistogramsOfThisRunOnly() {
        PathCounters alerts = new PathCounters(2, 1, 1, 0, 0);
        PathMetrics m = new PathMetrics("run-1");
        m.accept(record("run-1", "fast", 0, 1, slice(T0, 0, alerts, 1000, 2000), slice(T0 + 1000, 0, alerts, 3000)));
        m.accept(record("run-1", "fast", 1, 1, slice(T0, 2, PathCounters.ZERO, 100_000)));
        m.accept(record("run-2", "fast", 0, 2, slice(T0, 0, PathCounters.ZERO, 1)));
        m.accept(("{\"ts\":\"2026-11-24T23:10:01.000123Z\",\"seq\":1,\"level\":\"INFO\",\"process\":\"worker-0\","
                + "\"pid\":1,\"topic\":\"lifecycle\",\"msg\":\"started\",\"data\":{}}").getBytes(StandardCharsets.UTF_8));
        m.accept("not json".getBytes(StandardCharsets.UTF_8));
        m.accept(new String(record("run-1", "slow", 0, 1, slice(T0, 0, PathCounters.ZERO, 5)), StandardCharsets.UTF_8)
                .replace("\"received\":1", "\"received\":\"1\"").getBytes(StandardCharsets.UTF_8));
        SliceTotals fast = m.totals().get("fast");
        assertEquals(4, fast.received());
        assertEquals(2, fast.lost());
        assertEquals(4, fast.counters().alerts());
        assertEquals(2, fast.counters().truePositives());
        assertEquals(4, fast.latencyUs().getTotalCount());
        assertEquals(100_000, fast.latencyUs().getMaxValue(), 100);
        assertEquals(0, m.totals().get("slow").received());
        assertEquals(2, m.records());
        assertEquals(2, m.badRecords());
        assertEquals("data.slices[0].received must be a non-negative integer, got \"1\"", m.lastProblem());
    }

    @Test
    void missingSeqsAreTheGapsLessLateArrivalsOncePerRecord() {
        PathMetrics m = new PathMetrics("r");
        Histogram none = Histograms.create();
        MetricSlice gaps = MetricSlice.of(T0, 5, 0, none, PathCounters.ZERO,
                List.of(new SeqRange("t-1", 10, 12), new SeqRange("t-2", 0, 1)), List.of());
        m.accept(record("r", "slow", 0, 1, gaps));
        m.accept(record("r", "slow", 0, 1, gaps)); // republished after a restore: counted once
        MetricSlice late = MetricSlice.of(T0 + 1000, 0, 0, none, PathCounters.ZERO, List.of(),
                List.of(SeqRange.of("t-1", 11), SeqRange.of("t-2", 0), SeqRange.of("t-2", 0)));
        m.accept(record("r", "slow", 0, 2, late));
        Map<String, SeqRanges> missing = m.missing("slow");
        assertEquals("10 12", missing.get("t-1").toString());
        assertEquals("1", missing.get("t-2").toString());
        assertEquals(Map.of(), m.missing("fast"));
    }

    @Test
    void aRecordPublishedAgainAfterARestoreIsCountedOnce() {
        PathMetrics m = new PathMetrics("r");
        m.accept(record("r", "medium", 0, 4, slice(T0, 0, PathCounters.ZERO, 5, 6)));
        m.accept(record("r", "medium", 1, 4, slice(T0, 0, PathCounters.ZERO, 7)));
        m.accept(record("r", "medium", 0, 4, slice(T0, 0, PathCounters.ZERO, 5, 6, 8))); // republished, later timing
        m.accept(record("r", "medium", 0, 3, slice(T0, 0, PathCounters.ZERO, 9)));
        m.accept(record("r", "medium", 0, 5, slice(T0 + 1000, 0, PathCounters.ZERO, 10)));
        assertEquals(4, m.received("medium"));
        assertEquals(2, m.republished());
        assertEquals(3, m.records());
    }

    @Test
    void intervalsRestartAfterEachTakeAndTotalsFoldFromAPointInTime() {
        PathMetrics m = new PathMetrics("r");
        m.accept(record("r", "slow", 0, 1, slice(T0, 0, PathCounters.ZERO, 5, 5), slice(T0 + 1000, 0,
                PathCounters.ZERO, 7)));
        assertEquals(3, m.takeInterval().get("slow").received());
        m.accept(record("r", "slow", 0, 2, slice(T0 + 1000, 0, PathCounters.ZERO, 9), slice(T0 + 2000, 1,
                PathCounters.ZERO, 9, 9)));
        assertEquals(3, m.takeInterval().get("slow").received());
        assertEquals(0, m.takeInterval().get("slow").received());
        assertEquals(6, m.totals().get("slow").received());
        SliceTotals afterWarmup = m.totalsFrom("slow", T0 + 1000);
        assertEquals(4, afterWarmup.received());
        assertEquals(4, afterWarmup.latencyUs().getTotalCount());
        assertEquals(1, afterWarmup.lost());
        assertEquals(4, m.slices("slow").size());
    }

    /**
     * 100 messages per second, records every 2 s: the rate over what every subtask has reported stays 100/s, where a
     * rate over the records of the last second would read 0 and 200 in turn.
     */
    @Test
    void theRecentRateIsTheRealOneAlthoughRecordsComeOncePerCheckpoint() {
        PathMetrics m = new PathMetrics("r");
        assertEquals(0, m.recent("fast", 5000).ratePerSec());
        long[] latencies = new long[100];
        java.util.Arrays.fill(latencies, 2000);
        List<Double> rates = new ArrayList<>();
        for (int checkpoint = 1; checkpoint <= 6; checkpoint++) {
            long second = T0 + 2000L * (checkpoint - 1);
            for (int subtask = 0; subtask < 2; subtask++) {
                long[] half = java.util.Arrays.copyOf(latencies, 50);
                m.accept(record("r", "fast", subtask, checkpoint, slice(second, 0, PathCounters.ZERO, half),
                        slice(second + 1000, 0, PathCounters.ZERO, half)));
            }
            rates.add(m.recent("fast", 5000).ratePerSec());
        }
        assertEquals(List.of(100.0, 100.0, 100.0, 100.0, 100.0, 100.0), rates);
        assertEquals(2, m.recent("fast", 5000).totals().latencyUs().getValueAtPercentile(99) / 1000, 0.01);
        // one subtask ahead: the span ends where the slower one has reported
        m.accept(record("r", "fast", 0, 7, slice(T0 + 12_000, 0, PathCounters.ZERO, latencies)));
        assertEquals(100.0, m.recent("fast", 5000).ratePerSec());
    }
}
