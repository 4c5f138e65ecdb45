package kafkasim.jobs.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kafkasim.jobs.common.TestEnvelopes;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.CapturingSink;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.PathMetrics;
import kafkasim.jobs.common.MicroTime;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
    static final CapturingSink SINK = new CapturingSink();

    @Test
    void countsDetectionQualityAndEmitsAlertsForFlaggedReadings() throws Exception {
        FastPathSettings settings = new FastPathSettings(4, 5, 0.02, 0, 1.0, "iot.alerts");
        MetricsSettings metrics = new MetricsSettings("run-7", "unused", "sim.log");
        AnomalyDetector fn = new AnomalyDetector(settings, metrics, (s, path, subtask, names) ->
                PathMetrics.withoutReporter(s, path, subtask, names, SINK, MicroTime::nowUs));
        long sentAt = MicroTime.nowUs();
        try (KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(fn, t -> t.envelope().deviceId(),
                             Types.STRING)) {
            for (int seq = 0; seq < 50; seq++) {
                boolean spike = seq == 30 || seq == 40;
                boolean labelled = seq == 30 || seq == 45; // 40: unlabelled spike, 45: labelled but normal
                double value = spike ? 30.0 : 21.0 + 0.1 * Math.sin(seq);
                h.processElement(new TrackedEnvelope(TestEnvelopes.temperature(1, seq, sentAt, labelled, value),
                        seq == 10 ? 2 : 0, seq == 20), seq);
            }
            List<Alert> alerts = h.extractOutputValues();
            assertEquals(List.of(30L, 40L), alerts.stream().map(Alert::seq).toList());
            Alert first = alerts.get(0);
            assertEquals("run-7", first.runId());
            assertEquals("temperature-000001", first.deviceId());
            assertEquals("celsius", first.field());
            assertEquals(30.0, first.value());
            assertTrue(first.anomaly() && !alerts.get(1).anomaly());
            assertTrue(first.detectedAtUs() >= sentAt);
        }
        // the harness closed the function, which published every window
        assertTrue(SINK.closed);
        assertEquals(50, SINK.sum("received"));
        assertEquals(2, SINK.sum("lost"));
        assertEquals(1, SINK.sum("duplicates"));
        assertEquals(2, SINK.sum("alerts"));
        assertEquals(1, SINK.sum("truePositives"));
        assertEquals(1, SINK.sum("falsePositives"));
        assertEquals(1, SINK.sum("falseNegatives"));
        assertTrue(SINK.parsed().stream().allMatch(r -> r.get("process").asText().equals("flink-fast-0")));
    }
}
