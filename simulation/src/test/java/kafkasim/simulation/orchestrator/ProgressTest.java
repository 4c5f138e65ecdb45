package kafkasim.simulation.orchestrator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import kafkasim.common.metrics.Histograms;
import kafkasim.common.metrics.MetricRecordCodec;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import kafkasim.common.metrics.PathMetricRecord;
import kafkasim.simulation.report.PathMetrics;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private static String line(Double cpuBusyPct, PathMetrics paths) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Progress(new RunTotals(), paths, cpuBusyPct == null ? null : () -> cpuBusyPct, () -> "", 8000, out)
                .print();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String line(Double cpuBusyPct) {
        return line(cpuBusyPct, null);
    }

    @Test
    void theLineShowsTheHostCpuOfTheLastSecond() {
        assertTrue(line(97.4).matches("\\[ {3}0s] cpu  97% produced .*\\R"), line(97.4));
        assertTrue(line(Double.NaN).startsWith("[   0s] cpu   -% produced"), line(Double.NaN));
        assertTrue(line(null).startsWith("[   0s] produced"), line(null));
    }

    @Test
    void aPathWhoseRecordsStoppedSaysSoInsteadOfItsLastRate() {
        PathMetrics paths = new PathMetrics("r");
        long nowMs = System.currentTimeMillis() / 1000 * 1000;
        for (long startMs : new long[] {nowMs - 30_000, nowMs - 2000}) { // fast: long silent; medium: reporting
            String path = startMs < nowMs - 10_000 ? "fast" : "medium";
            for (long t = startMs; t <= startMs + 1000; t += 1000) {
                paths.accept(MetricRecordCodec.encode(new PathMetricRecord("r", path, 0, t, List.of(
                        MetricSlice.of(t, 0, 0, Histograms.create(), PathCounters.ZERO))), t * 1000, 0, 1));
            }
        }
        String line = line(null, paths);
        assertTrue(line.matches("(?s).*fast no metric records for (29|30) s .*"), line); // a second may pass meanwhile
        assertTrue(line.contains("medium 0/s"), line);
    }
}
