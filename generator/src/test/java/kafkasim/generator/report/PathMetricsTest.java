package kafkasim.generator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import kafkasim.common.metrics.Histograms;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PathMetricsTest {
    private static byte[] metric(String runId, String path, int subtask, long received, long lost, long... latenciesUs) {
        Histogram h = Histograms.create();
        for (long v : latenciesUs) {
            h.recordValue(v);
        }
        return ("{\"ts\":\"2026-11-24T23:10:01.000123Z\",\"seq\":1,\"level\":\"INFO\",\"process\":\"flink-" + path + "-"
                + subtask + "\",\"pid\":1,\"topic\":\"metrics\",\"msg\":\"path metrics\",\"data\":{\"runId\":\"" + runId
                + "\",\"path\":\"" + path + "\",\"subtask\":" + subtask + ",\"windowStartMs\":1764025800000,"
                + "\"windowMs\":1000,\"received\":" + received + ",\"lost\":" + lost + ",\"duplicates\":0,"
                + "\"alerts\":2,\"latencyUs\":\"" + Histograms.encode(h) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sumsCountsAndMergesHistogramsOfThisRunOnly() {
        PathMetrics m = new PathMetrics("run-1");
        m.accept(metric("run-1", "fast", 0, 3, 0, 1000, 2000, 3000));
        m.accept(metric("run-1", "fast", 1, 1, 2, 100_000));
        m.accept(metric("run-2", "fast", 0, 50, 0, 1));
        m.accept(metric("run-1", "bogus", 0, 50, 0, 1));
        m.accept("{\"ts\":\"x\",\"topic\":\"lifecycle\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
        m.accept("not json".getBytes(StandardCharsets.UTF_8));
        PathTotals fast = m.totals().get("fast");
        assertEquals(4, fast.received());
        assertEquals(2, fast.lost());
        assertEquals(4, fast.alerts());
        assertEquals(4, fast.latencyUs().getTotalCount());
        assertEquals(100_000, fast.latencyUs().getMaxValue(), 100);
        assertEquals(0, m.totals().get("slow").received());
        assertEquals(2, m.records());
        assertEquals(1, m.badRecords());
    }

    @Test
    void intervalsRestartAfterEachTake() {
        PathMetrics m = new PathMetrics("r");
        m.accept(metric("r", "medium", 0, 10, 0, 5));
        assertEquals(10, m.takeInterval().get("medium").received());
        m.accept(metric("r", "medium", 0, 7, 0, 5));
        assertEquals(7, m.takeInterval().get("medium").received());
        assertEquals(17, m.totals().get("medium").received());
    }
}
