package kafkasim.jobs.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import kafkasim.jobs.common.HistogramCodec;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PathMetricsTest {
    private static final long T0_US = 1_764_025_800_500_000L; // half a second into a second
    private static final long T0_SECOND_MS = 1_764_025_800_000L;
    private final AtomicLong clockUs = new AtomicLong(T0_US);
    private final CapturingSink sink = new CapturingSink();
    private final PathMetrics metrics = PathMetrics.withoutReporter(
            new MetricsSettings("light-20261124-231000", "unused:9092", "sim.log"), "fast", 1,
            List.of("alerts", "truePositives"), sink, clockUs::get);

    @Test
    void recordHasTheLogRecordShapeAndEveryField() {
        MetricWindow w = metrics.window(clockUs.get());
        w.completed(1500);
        w.completed(2500);
        w.lost(3);
        w.duplicates(1);
        w.add(0, 2);
        w.add(1, 1);
        clockUs.set(T0_US + 700_000); // 100 ms after the window ended
        metrics.reportDue();

        assertEquals(1, sink.records.size());
        JsonNode r = CapturingSink.parse(sink.records.get(0));
        assertEquals(List.of("ts", "seq", "level", "process", "pid", "topic", "msg", "data"), names(r));
        assertEquals("2025-11-24T23:10:01.200000Z", r.get("ts").asText());
        assertEquals(0, r.get("seq").asLong());
        assertEquals("INFO", r.get("level").asText());
        assertEquals("flink-fast-1", r.get("process").asText());
        assertEquals(ProcessHandle.current().pid(), r.get("pid").asLong());
        assertEquals("metrics", r.get("topic").asText());
        assertEquals("path metrics", r.get("msg").asText());
        JsonNode d = r.get("data");
        assertEquals(List.of("runId", "path", "subtask", "windowStartMs", "windowMs", "received", "lost", "duplicates",
                "latencyUs", "alerts", "truePositives"), names(d));
        assertEquals("light-20261124-231000", d.get("runId").asText());
        assertEquals("fast", d.get("path").asText());
        assertEquals(1, d.get("subtask").asInt());
        assertEquals(T0_SECOND_MS, d.get("windowStartMs").asLong());
        assertEquals(1000, d.get("windowMs").asLong());
        assertEquals(2, d.get("received").asLong());
        assertEquals(3, d.get("lost").asLong());
        assertEquals(1, d.get("duplicates").asLong());
        Histogram latency = HistogramCodec.decode(d.get("latencyUs").asText());
        assertEquals(2, latency.getTotalCount());
        assertEquals(1500, latency.getMinValue(), 1);
        assertEquals(2500, latency.getMaxValue(), 3);
        assertEquals(2, d.get("alerts").asLong());
        assertEquals(1, d.get("truePositives").asLong());
        assertTrue(d.get("received").isIntegralNumber() && d.get("windowStartMs").isIntegralNumber());
    }

    @Test
    void everySecondIsPublishedEvenWhenEmptyAndCountsGoToTheirCompletionSecond() {
        metrics.window(T0_US).completed(10);
        metrics.window(T0_US + 600_000).completed(20); // completes in the next second
        metrics.window(T0_US + 600_000).completed(30);
        clockUs.set(T0_US + 3_550_000); // 4.05 s after second 0 began: 0, 1, 2 are due; 3 is not (grace)
        metrics.reportDue();
        List<JsonNode> records = sink.parsed();
        assertEquals(3, records.size());
        assertEquals(List.of(0L, 1L, 2L), records.stream().map(r -> r.get("seq").asLong()).toList());
        assertEquals(List.of(T0_SECOND_MS, T0_SECOND_MS + 1000, T0_SECOND_MS + 2000),
                records.stream().map(r -> r.get("data").get("windowStartMs").asLong()).toList());
        assertEquals(List.of(1L, 2L, 0L), records.stream().map(r -> r.get("data").get("received").asLong()).toList());
        Histogram empty = HistogramCodec.decode(records.get(2).get("data").get("latencyUs").asText());
        assertEquals(0, empty.getTotalCount());
        metrics.reportDue();
        assertEquals(3, sink.records.size(), "nothing twice");
    }

    @Test
    void aWindowIsReusedCleanlyAfterTheRingWrapsAround() {
        for (int second = 0; second < 10; second++) {
            long now = T0_US + second * 1_000_000L;
            metrics.window(now).completed(1);
            clockUs.set(now + 650_000);
            metrics.reportDue();
        }
        List<Long> received = sink.parsed().stream().map(r -> r.get("data").get("received").asLong()).toList();
        assertEquals(10, received.size());
        assertTrue(received.stream().allMatch(n -> n == 1), received.toString());
    }

    @Test
    void closePublishesUpToTheCurrentPartialSecondAndClosesTheSink() {
        clockUs.set(T0_US + 1_200_000);
        metrics.window(clockUs.get()).completed(5);
        metrics.close();
        List<JsonNode> records = sink.parsed();
        assertEquals(2, records.size());
        assertEquals(1, records.get(1).get("data").get("received").asLong());
        assertTrue(sink.closed);
        metrics.close();
        assertEquals(2, sink.records.size(), "close is idempotent");
    }

    @Test
    void aRealReporterPublishesOncePerSecond() throws Exception {
        CapturingSink live = new CapturingSink();
        PathMetrics m = new PathMetrics(new MetricsSettings("r", "unused", "sim.log"), "slow", 0, List.of(), live,
                kafkasim.jobs.common.MicroTime::nowUs);
        m.startReporter();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (live.records.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        m.close();
        assertTrue(live.records.size() >= 2, "records: " + live.records.size());
        List<Long> starts = new ArrayList<>();
        live.parsed().forEach(r -> starts.add(r.get("data").get("windowStartMs").asLong()));
        for (int i = 1; i < starts.size(); i++) {
            assertEquals(starts.get(i - 1) + 1000, starts.get(i), "consecutive seconds: " + starts);
        }
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
