package kafkasim.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.metrics.PathCounters;
import org.HdrHistogram.Histogram;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipelines on a MiniCluster with bounded in-memory sources (end of input fires every window). */
class ReportPipelineTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .build());

    private static final String RUN = "light-20261124-231000";
    /** A multiple of 10 s, so the 10 s windows start at T0. */
    private static final long T0 = 1_764_025_800_000L;

    /**
     * 3 paths × 2 subtasks × 12 s of slices, one record per subtask and 2 s checkpoint; second 5 straddles a
     * checkpoint (half of it in each record); checkpoint 2's record of every subtask is published a second time
     * after checkpoint 3's, as a restored job does; ordinary, broken and other-run lines between them.
     */
    @Test
    void aggregatesMetricRecordsIntoOneAndTenSecondWindows() throws Exception {
        List<String> lines = new ArrayList<>();
        Map<String, Histogram> union1s = new HashMap<>(); // key path@second
        Map<String, Histogram> union10s = new HashMap<>(); // key path@decade
        int seed = 0;
        Map<String, List<List<MetricSlice>>> records = new java.util.LinkedHashMap<>(); // path/subtask → by checkpoint
        for (String path : List.of("fast", "medium", "slow")) {
            for (int subtask = 0; subtask < 2; subtask++) {
                List<List<MetricSlice>> byCheckpoint = new ArrayList<>();
                for (int k = 0; k < 6; k++) {
                    byCheckpoint.add(new ArrayList<>());
                }
                for (int second = 0; second < 12; second++) {
                    Histogram h = MetricLines.randomHistogram(seed++, 50 + subtask * 10 + second, 1_000,
                            path.equals("slow") ? 5_000_000 : 200_000);
                    PathCounters counters = path.equals("fast") ? new PathCounters(2, 1, 1, 0, 0) : PathCounters.ZERO;
                    long startMs = T0 + second * 1000L;
                    if (second == 5) { // split over the records of checkpoints 3 and 4, counters with the first half
                        Histogram[] halves = halves(h);
                        byCheckpoint.get(2).add(MetricLines.slice(startMs, halves[0], subtask, counters));
                        byCheckpoint.get(3).add(MetricLines.slice(startMs, halves[1], 0, PathCounters.ZERO));
                    } else {
                        byCheckpoint.get(second / 2).add(MetricLines.slice(startMs, h, subtask, counters));
                    }
                    union1s.computeIfAbsent(path + "@" + second, k -> MetricLines.senderHistogram()).add(h);
                    union10s.computeIfAbsent(path + "@" + second / 10, k -> MetricLines.senderHistogram()).add(h);
                }
                records.put(path + "/" + subtask, byCheckpoint);
            }
        }
        for (int k = 0; k < 6; k++) { // checkpoint k + 1 of every subtask, as they would arrive
            for (Map.Entry<String, List<List<MetricSlice>>> e : records.entrySet()) {
                String path = e.getKey().split("/")[0];
                int subtask = Integer.parseInt(e.getKey().split("/")[1]);
                lines.add(MetricLines.metricLine(RUN, path, subtask, k + 1, e.getValue().get(k)));
                if (k == 2) { // checkpoint 3 is out: checkpoint 2 again, as a restored job publishes it
                    lines.add(MetricLines.metricLine(RUN, path, subtask, 2, e.getValue().get(1)));
                }
            }
            lines.add(MetricLines.ordinaryLine());
            lines.add("this is not JSON");
            lines.add(MetricLines.metricLine("another-run", "fast", 0, k + 1, List.of(
                    MetricLines.slice(T0 + k * 1000L, MetricLines.randomHistogram(999, 1000, 1, 10)))));
        }
        // a quiet subtask's zero slice counts as a reporting subtask without latencies
        lines.add(MetricLines.metricLine(RUN, "slow", 5, 1, List.of(MetricLines.slice(T0 + 11_000,
                MetricLines.senderHistogram()))));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<String> source = env.fromData(lines);
        List<ReportWindow> rows = new ArrayList<>();
        ReportJob.windows(source, RUN, 2000).executeAndCollect("report pipeline test").forEachRemaining(rows::add);
        rows.sort(Comparator.comparing(ReportWindow::windowMs).thenComparing(ReportWindow::windowStartMs)
                .thenComparing(ReportWindow::path));

        List<ReportWindow> oneSecond = rows.stream().filter(w -> w.windowMs() == 1000).toList();
        List<ReportWindow> tenSeconds = rows.stream().filter(w -> w.windowMs() == 10_000).toList();
        assertEquals(36, oneSecond.size(), "3 paths × 12 seconds");
        assertEquals(6, tenSeconds.size(), "3 paths × 2 windows (the second one partial, fired at end of input)");
        for (ReportWindow w : oneSecond) {
            int second = (int) ((w.windowStartMs() - T0) / 1000);
            check(w, union1s.get(w.path() + "@" + second), 1);
            assertEquals(w.path().equals("slow") && second == 11 ? 3 : 2, w.subtasks());
        }
        for (ReportWindow w : tenSeconds) {
            int decade = (int) ((w.windowStartMs() - T0) / 10_000);
            check(w, union10s.get(w.path() + "@" + decade), decade == 0 ? 10 : 2);
            assertEquals(w.path().equals("slow") && decade == 1 ? 3 : 2, w.subtasks());
        }
    }

    @Test
    void alertsOfTheRunAreParsedOthersDropped() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<String> lines = env.fromData(AlertParserTest.LINE, "garbage",
                AlertParserTest.LINE.replace("\"r1\"", "\"r9\""));
        List<Alert> alerts = new ArrayList<>();
        ReportJob.alerts(lines, "r1").executeAndCollect("alerts test").forEachRemaining(alerts::add);
        assertEquals(1, alerts.size());
        assertEquals("temperature-000042", alerts.get(0).deviceId());
    }

    /** Two histograms that add up to {@code h}: its values alternately. */
    private static Histogram[] halves(Histogram h) {
        Histogram[] halves = {MetricLines.senderHistogram(), MetricLines.senderHistogram()};
        int i = 0;
        for (org.HdrHistogram.HistogramIterationValue v : h.recordedValues()) {
            for (long n = 0; n < v.getCountAtValueIteratedTo(); n++) {
                halves[i++ % 2].recordValue(v.getValueIteratedTo());
            }
        }
        return halves;
    }

    /** {@code seconds}: seconds of metric records in the window. */
    private static void check(ReportWindow w, Histogram union, int seconds) {
        assertEquals(RUN, w.runId());
        assertEquals(union.getTotalCount(), w.received(), w::toString);
        assertEquals(union.getTotalCount() * 1000.0 / w.windowMs(), w.ratePerSec(), 1e-9);
        assertEquals(union.getValueAtPercentile(50) / 1000.0, w.p50Ms());
        assertEquals(union.getValueAtPercentile(90) / 1000.0, w.p90Ms());
        assertEquals(union.getValueAtPercentile(99) / 1000.0, w.p99Ms());
        assertEquals(union.getValueAtPercentile(99.9) / 1000.0, w.p999Ms());
        assertEquals(union.getMaxValue() / 1000.0, w.maxMs());
        assertEquals(seconds, w.lost(), "subtask 1 reports one lost message per second");
        assertEquals(w.path().equals("fast") ? 4L * seconds : 0, w.alerts());
        assertEquals(w.path().equals("fast") ? 2L * seconds : 0, w.truePositives());
        assertEquals(0, w.duplicates());
        assertEquals(0, w.replayed());
        if (w.received() == 0) {
            assertNull(w.p50Ms());
        }
    }
}
