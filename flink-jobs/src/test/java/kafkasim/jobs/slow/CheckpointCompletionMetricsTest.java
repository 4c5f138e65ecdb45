package kafkasim.jobs.slow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.TestEnvelopes;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.CapturingSink;
import kafkasim.jobs.common.metrics.MetricRecordSink;
import kafkasim.jobs.common.metrics.MetricRecords;
import kafkasim.jobs.common.metrics.MetricsSettings;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckpointCompletionMetricsTest {
    static final CapturingSink SINK = new CapturingSink();

    @BeforeEach
    void clear() {
        SINK.clear();
    }

    @Test
    void recordsCountOnlyWhenTheCheckpointCoveringThemCompletes() throws Exception {
        long sentAt = MicroTime.nowUs() - 5_000;
        CheckpointCompletionMetrics fn = function();
        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h = harness(fn)) {
            h.open();
            feed(h, 0, 10, sentAt); // 10 records, seq 3 with a gap of 2, seq 4 a duplicate
            h.snapshot(1, 1);
            feed(h, 10, 15, sentAt);
            h.snapshot(2, 2); // checkpoint 2 will be aborted
            feed(h, 15, 18, sentAt);
            h.snapshot(3, 3);
            feed(h, 18, 20, sentAt); // after the last barrier: never covered
            assertEquals(20, h.extractOutputValues().size(), "every envelope is passed on at once");
            assertEquals(19, fn.pendingRecords(), "the repeat (seq 4) is counted, not filed");

            h.notifyOfCompletedCheckpoint(1);
            assertEquals(10, fn.pendingRecords());
            h.getOneInputOperator().notifyCheckpointAborted(2);
            h.notifyOfCompletedCheckpoint(3); // covers 2's records too, in a record of its own
            assertEquals(2, fn.pendingRecords());
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of(1L, 2L, 3L), read.accepted().stream().map(r -> r.checkpointId()).toList());
        assertEquals(List.of(9L, 5L, 3L), read.accepted().stream().map(r -> r.received()).toList());
        assertEquals(17, read.sum("received"), "the last two records were never covered by a checkpoint");
        assertEquals(2, read.sum("lost"));
        assertEquals(1, read.sum("duplicates"));
        assertEquals(17, read.latency().getTotalCount());
        assertTrue(read.latency().getMinValue() >= 5_000, "latency runs until the checkpoint completed");
        assertTrue(read.accepted().stream().allMatch(r -> r.path().equals("slow")));
    }

    /**
     * Checkpoint 2 is taken before checkpoint 1's notification arrives, so its state holds the batches of 1 and 2;
     * then 1 is published and the job crashes. Restored from 2, both batches are committed: each is published as
     * its own record, 1 again (dropped by the reader) and 2 for the first time.
     */
    @Test
    void aRestoreCompletesThePendingBatchesEachInItsOwnRecord() throws Exception {
        long sentAt = MicroTime.nowUs();
        OperatorSubtaskState checkpoint2;
        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h = harness(function())) {
            h.open();
            feed(h, 0, 10, sentAt);
            h.snapshot(1, 1);
            feed(h, 10, 16, sentAt);
            checkpoint2 = h.snapshot(2, 2);
            h.notifyOfCompletedCheckpoint(1);
            feed(h, 16, 20, sentAt); // lost with the crash, replayed below
        }
        assertEquals(List.of(9L), SINK.read().accepted().stream().map(r -> r.received()).toList());

        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h = harness(function())) {
            h.initializeState(checkpoint2);
            h.open();
            feed(h, 16, 20, sentAt);
            h.snapshot(3, 3);
            h.notifyOfCompletedCheckpoint(3);
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of(1L, 1L, 2L, 3L), read.all().stream().map(r -> r.checkpointId()).toList());
        assertEquals(List.of(9L, 9L, 6L, 4L), read.all().stream().map(r -> r.received()).toList());
        assertEquals(1, read.dropped());
        assertEquals(19, read.sum("received"), "each record once, the repeat as a duplicate");
        assertEquals(2, read.sum("lost"));
        assertEquals(1, read.sum("duplicates"));
    }

    @Test
    void aBatchPublishedBeforeTheCrashIsPublishedAgainAndDropped() throws Exception {
        long sentAt = MicroTime.nowUs();
        OperatorSubtaskState checkpoint2;
        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h = harness(function())) {
            h.open();
            feed(h, 0, 10, sentAt);
            h.snapshot(1, 1);
            h.notifyOfCompletedCheckpoint(1);
            feed(h, 10, 15, sentAt);
            checkpoint2 = h.snapshot(2, 2);
            h.notifyOfCompletedCheckpoint(2);
            feed(h, 15, 18, sentAt);
            h.snapshot(3, 3); // taken, never completed: its batch dies with the crash
        }
        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h = harness(function())) {
            h.initializeState(checkpoint2);
            h.open();
            feed(h, 15, 18, sentAt);
            h.snapshot(4, 4);
            h.notifyOfCompletedCheckpoint(4);
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of(1L, 2L, 2L, 4L), read.all().stream().map(r -> r.checkpointId()).toList());
        assertEquals(1, read.dropped());
        assertEquals(17, read.sum("received"), "each record once, the repeat (seq 4) as a duplicate");
    }

    /** A log topic that is down: it takes records and settles none; a crash loses what it holds. */
    static final class UnreachableSink implements MetricRecordSink {
        static final List<byte[]> HELD = new ArrayList<>();

        @Override
        public void publish(String key, byte[] value) {
            HELD.add(value);
        }

        @Override
        public long settled() {
            return 0;
        }

        @Override
        public void close() {
            HELD.clear(); // the producer's buffer dies with the TaskManager
        }
    }

    /**
     * Checkpoint 1 completes while the log topic is down: its record waits in the producer. Checkpoint 2 keeps it in
     * the state, so when the TaskManager dies with the producer's buffer, the restore publishes it: nothing is lost.
     */
    @Test
    void aRecordTheLogTopicNeverConfirmedSurvivesTheCrash() throws Exception {
        long sentAt = MicroTime.nowUs();
        OperatorSubtaskState checkpoint2;
        CheckpointCompletionMetrics down = new CheckpointCompletionMetrics(new MetricsSettings("r", "unused", "l"),
                (settings, process) -> new UnreachableSink());
        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h = harness(down)) {
            h.open();
            feed(h, 0, 10, sentAt);
            h.snapshot(1, 1);
            h.notifyOfCompletedCheckpoint(1);
            assertEquals(1, UnreachableSink.HELD.size(), "handed to the producer, not delivered");
            feed(h, 10, 15, sentAt);
            checkpoint2 = h.snapshot(2, 2);
        }
        assertEquals(0, SINK.read().all().size());
        try (OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h = harness(function())) {
            h.initializeState(checkpoint2);
            h.open();
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of(1L, 2L), read.accepted().stream().map(r -> r.checkpointId()).toList());
        assertEquals(14, read.sum("received"), "every message before checkpoint 2, the repeat as a duplicate");
    }

    private static CheckpointCompletionMetrics function() {
        return new CheckpointCompletionMetrics(new MetricsSettings("r", "unused", "l"), (settings, process) -> SINK);
    }

    private static OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> harness(
            CheckpointCompletionMetrics fn) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(fn));
    }

    private static void feed(OneInputStreamOperatorTestHarness<TrackedEnvelope, Envelope> h, int from, int to,
                             long sentAt) throws Exception {
        for (int seq = from; seq < to; seq++) {
            Envelope e = TestEnvelopes.temperature(1, seq, sentAt, false, 20.0);
            h.processElement(new TrackedEnvelope(e, seq == 3 ? 2 : 0, seq == 4, false), seq);
        }
    }
}
