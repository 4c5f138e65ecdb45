package kafkasim.jobs.slow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.TestEnvelopes;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.CapturingSink;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.PathMetrics;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class CheckpointCompletionMetricsTest {
    static final CapturingSink SINK = new CapturingSink();

    @Test
    void recordsCountOnlyWhenTheCheckpointCoveringThemCompletes() throws Exception {
        CheckpointCompletionMetrics fn = new CheckpointCompletionMetrics(new MetricsSettings("r", "unused", "l"),
                (s, path, subtask, names) -> PathMetrics.withoutReporter(s, path, subtask, names, SINK,
                        MicroTime::nowUs));
        long sentAt = MicroTime.nowUs() - 5_000;
        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h =
                     ProcessFunctionTestHarnesses.forProcessFunction(fn)) {
            feed(h, 0, 10, sentAt); // 10 records, seq 3 with a gap of 2, seq 4 a duplicate
            h.snapshot(1, 1);
            feed(h, 10, 15, sentAt);
            h.snapshot(2, 2); // checkpoint 2 will be aborted
            feed(h, 15, 18, sentAt);
            h.snapshot(3, 3);
            feed(h, 18, 20, sentAt); // after the last barrier: never covered
            assertEquals(20, h.extractOutputValues().size(), "every envelope is passed on at once");
            assertEquals(20, fn.pendingRecords());

            h.notifyOfCompletedCheckpoint(1);
            assertEquals(10, fn.pendingRecords());
            h.getOneInputOperator().notifyCheckpointAborted(2);
            h.notifyOfCompletedCheckpoint(3); // covers 2's records too
            assertEquals(2, fn.pendingRecords());
        }
        assertEquals(18, SINK.sum("received"), "the last two records were never covered by a checkpoint");
        assertEquals(2, SINK.sum("lost"));
        assertEquals(1, SINK.sum("duplicates"));
        long latencies = SINK.parsed().stream().mapToLong(r -> kafkasim.jobs.common.HistogramCodec
                .decode(r.get("data").get("latencyUs").asText()).getTotalCount()).sum();
        assertEquals(18, latencies);
        assertTrue(SINK.parsed().stream().allMatch(r -> r.get("data").get("path").asText().equals("slow")));
    }

    private static void feed(OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h, int from, int to,
                             long sentAt) throws Exception {
        for (int seq = from; seq < to; seq++) {
            Envelope e = TestEnvelopes.temperature(1, seq, sentAt, false, 20.0);
            h.processElement(new TrackedEnvelope(e, seq == 3 ? 2 : 0, seq == 4), seq);
        }
    }
}
