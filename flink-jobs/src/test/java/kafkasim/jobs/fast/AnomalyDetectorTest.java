package kafkasim.jobs.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSettings;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.TestEnvelopes;
import kafkasim.jobs.common.TrackedEnvelope;
import kafkasim.jobs.common.metrics.CapturingSink;
import kafkasim.jobs.common.metrics.MetricRecords;
import kafkasim.jobs.common.metrics.MetricsSettings;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
    static final CapturingSink SINK = new CapturingSink();
    static final JobSettings.Fast SETTINGS = new JobSettings.Fast(4.0, 5, 0.02, 0L, 1.0, "iot.alerts");
    static final MetricsSettings METRICS = new MetricsSettings("run-7", "unused", "sim.log");
    static final int MAX_PARALLELISM = 128;

    @BeforeEach
    void clear() {
        SINK.clear();
    }

    @Test
    void countsDetectionQualityAndEmitsAlertsForFlaggedReadings() throws Exception {
        long sentAt = MicroTime.nowUs();
        try (KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h = harness()) {
            h.open();
            for (int seq = 0; seq < 50; seq++) {
                boolean spike = seq == 30 || seq == 40;
                boolean labelled = seq == 30 || seq == 45; // 40: unlabelled spike, 45: labelled but normal
                double value = spike ? 30.0 : 21.0 + 0.1 * Math.sin(seq);
                h.processElement(new TrackedEnvelope(TestEnvelopes.temperature(1, seq, sentAt, labelled, value),
                        seq == 10 ? 2 : 0, seq == 20, false), seq);
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
            assertEquals(0, SINK.published().size(), "nothing is published before a checkpoint completes");
            h.snapshot(1, 1);
            assertEquals(0, SINK.published().size(), "nor when it is only taken");
            h.notifyOfCompletedCheckpoint(1);
        }
        MetricRecords read = SINK.read();
        assertEquals(1, read.all().size(), "one record per checkpoint; close publishes nothing");
        assertEquals(1, SINK.closed);
        assertEquals(49, read.sum("received"), "seq 20 is a repeat: a duplicate, not received twice");
        assertEquals(49, read.latency().getTotalCount());
        assertEquals(2, read.sum("lost"));
        assertEquals(1, read.sum("duplicates"));
        assertEquals(2, read.sum("alerts"));
        assertEquals(1, read.sum("truePositives"));
        assertEquals(1, read.sum("falsePositives"));
        assertEquals(1, read.sum("falseNegatives"));
        assertEquals("flink-fast-0", SINK.published().get(0).key());
        assertEquals(1, read.accepted().get(0).checkpointId());
    }

    /**
     * Records 0–9, checkpoint 1, records 10–19, checkpoint 2 taken, checkpoint 1's notification, records 20–29, crash
     * (checkpoint 2 had completed, its notification never arrived). Restored from 2: both pending records are
     * published again (1 for the second time), 20–29 are replayed and counted in checkpoint 3. A reader that drops
     * repeats counts every message exactly once.
     */
    @Test
    void afterACrashAndRestoreEveryMessageIsCountedOnce() throws Exception {
        long sentAt = MicroTime.nowUs() - 1000;
        OperatorSubtaskState checkpoint2;
        try (KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h = harness()) {
            h.open();
            feed(h, 0, 10, sentAt);
            h.snapshot(1, 1);
            feed(h, 10, 20, sentAt);
            checkpoint2 = h.snapshot(2, 2);
            h.notifyOfCompletedCheckpoint(1);
            feed(h, 20, 30, sentAt);
            assertEquals(9, SINK.read().sum("received"), "checkpoint 1 is out (seq 7 a repeat), 2 is pending");
        } // the crash: close() publishes nothing
        assertEquals(1, SINK.published().size());

        try (KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h = harness()) {
            h.initializeState(checkpoint2);
            h.open();
            assertEquals(3, SINK.published().size(), "the restored checkpoint's pending records, again");
            feed(h, 20, 30, sentAt); // the source replays what came after barrier 2
            h.snapshot(3, 3);
            h.notifyOfCompletedCheckpoint(3);
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of(1L, 1L, 2L, 3L), read.all().stream().map(r -> r.checkpointId()).toList());
        assertEquals(1, read.dropped(), "the republished record of checkpoint 1");
        assertEquals(27, read.sum("received"), "each message once; the repeats 7, 15 and 25 are duplicates");
        assertEquals(27, read.latency().getTotalCount());
        assertEquals(3, read.sum("lost"), "the gap at seq 5 once, not twice");
        assertEquals(3, read.sum("duplicates"), "seqs 7, 15 and 25, each once");
    }

    @Test
    void anAbortedCheckpointsRecordGoesOutWithTheNextCompletedOneAndEmptyCheckpointsPublishToo() throws Exception {
        long sentAt = MicroTime.nowUs();
        try (KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h = harness()) {
            h.open();
            feed(h, 0, 5, sentAt);
            h.snapshot(1, 1); // aborted: never notified
            feed(h, 5, 8, sentAt);
            h.snapshot(2, 2);
            h.snapshot(3, 3); // nothing in between
            h.notifyOfCompletedCheckpoint(3);
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of(1L, 2L, 3L), read.accepted().stream().map(r -> r.checkpointId()).toList());
        assertEquals(List.of(5L, 2L, 0L), read.accepted().stream().map(r -> r.received()).toList());
        assertTrue(read.accepted().get(2).slices().size() >= 1, "an empty checkpoint still covers its second");
    }

    /**
     * Two subtasks take checkpoint 1 and die before its notification; the job comes back with one subtask. It sees
     * both old subtasks' pending records (union state) and publishes each under its old subtask's name, so each
     * old stream's dedupe still holds.
     */
    @Test
    void afterARescaleEveryOldSubtasksPendingRecordsArePublishedUnderItsName() throws Exception {
        long sentAt = MicroTime.nowUs();
        OperatorSubtaskState[] snapshots = new OperatorSubtaskState[2];
        for (int subtask = 0; subtask < 2; subtask++) {
            try (KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h = harness(2, subtask)) {
                h.open();
                int fed = 0;
                for (int device = 0; fed < 3 + subtask; device++) { // subtask 0: 3 records, subtask 1: 4
                    Envelope e = TestEnvelopes.temperature(device, 0, sentAt, false, 21.0);
                    if (KeyGroupRangeAssignment.assignKeyToParallelOperator(e.deviceId(), MAX_PARALLELISM, 2)
                            == subtask) {
                        h.processElement(new TrackedEnvelope(e, 0, false, false), 0);
                        fed++;
                    }
                }
                snapshots[subtask] = h.snapshot(1, 1);
            }
        }
        assertEquals(0, SINK.published().size());
        OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(snapshots);
        OperatorSubtaskState rescaled = AbstractStreamOperatorTestHarness.repartitionOperatorState(merged,
                MAX_PARALLELISM, 2, 1, 0);
        try (KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h = harness(1, 0)) {
            h.initializeState(rescaled);
            h.open();
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of("flink-fast-0", "flink-fast-1"), SINK.published().stream().map(p -> p.key()).toList());
        assertEquals(List.of(0, 1), read.accepted().stream().map(r -> r.subtask()).toList());
        assertEquals(7, read.sum("received"));
    }

    /** Seq 5 comes after a gap of 3, seqs 7, 15, 25 are repeats. */
    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> h, int from,
                             int to, long sentAt) throws Exception {
        for (int seq = from; seq < to; seq++) {
            h.processElement(new TrackedEnvelope(TestEnvelopes.temperature(seq % 3, seq, sentAt, false, 21.0),
                    seq == 5 ? 3 : 0, seq == 7 || seq == 15 || seq == 25, false), seq);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> harness() throws Exception {
        return harness(1, 0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, TrackedEnvelope, Alert> harness(int parallelism,
            int subtask) throws Exception {
        AnomalyDetector fn = new AnomalyDetector(SETTINGS, METRICS, (settings, process) -> SINK);
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(fn),
                t -> t.envelope().deviceId(), Types.STRING, MAX_PARALLELISM, parallelism, subtask);
    }
}
