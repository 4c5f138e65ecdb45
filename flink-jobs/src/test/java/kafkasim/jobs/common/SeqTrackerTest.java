package kafkasim.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import kafkasim.common.envelope.Envelope;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SeqTrackerTest {
    @Test
    void countsGapsAndRepeatsPerDevice() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h = harness()) {
            feed(h, 1, 0, 1, 2, 5, 6, 3, 6, 7);
            feed(h, 2, 0, 1);
            List<TrackedEnvelope> out = h.extractOutputValues();
            assertEquals(10, out.size(), "every record is passed on, repeats included");
            assertEquals(List.of(0L, 0L, 0L, 2L, 0L, 0L, 0L, 0L),
                    out.subList(0, 8).stream().map(TrackedEnvelope::lost).toList());
            assertEquals(List.of(false, false, false, false, false, false, true, false),
                    out.subList(0, 8).stream().map(TrackedEnvelope::duplicate).toList());
            assertEquals(List.of(false, false, false, false, false, true, false, false),
                    out.subList(0, 8).stream().map(TrackedEnvelope::filled).toList(), "3 arrived late: filled");
            assertEquals(2, out.stream().mapToLong(TrackedEnvelope::lost).sum(), "seqs 3 and 4 missing once");
            assertEquals(1, out.stream().filter(TrackedEnvelope::duplicate).count(), "6 (again)");
            assertEquals(0, out.subList(8, 10).stream().mapToLong(TrackedEnvelope::lost).sum(), "device 2 in order");
        }
    }

    @Test
    void aFirstSeqAboveZeroIsAGapFromZero() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h = harness()) {
            feed(h, 1, 4, 5);
            assertEquals(List.of(4L, 0L), h.extractOutputValues().stream().map(TrackedEnvelope::lost).toList());
        }
    }

    @Test
    void stateSurvivesASnapshotAndRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h = harness()) {
            feed(h, 1, 0, 1, 2);
            snapshot = h.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h = harness(false)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, 1, 3, 2, 5);
            List<TrackedEnvelope> out = h.extractOutputValues();
            assertEquals(List.of(0L, 0L, 1L), out.stream().map(TrackedEnvelope::lost).toList());
            assertEquals(List.of(false, true, false), out.stream().map(TrackedEnvelope::duplicate).toList());
        }
    }

    @Test
    void missingSeqsSurviveARestoreAndAreFilledOnceEach() throws Exception {
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h = harness()) {
            feed(h, 1, 0, 3);
            snapshot = h.snapshot(1, 1);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h = harness(false)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, 1, 2, 1, 2, 4);
            List<TrackedEnvelope> out = h.extractOutputValues();
            assertEquals(List.of(true, true, false, false), out.stream().map(TrackedEnvelope::filled).toList());
            assertEquals(List.of(false, false, true, false), out.stream().map(TrackedEnvelope::duplicate).toList());
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> harness()
            throws Exception {
        return harness(true);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> harness(boolean open)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h = open
                ? ProcessFunctionTestHarnesses.forKeyedProcessFunction(new SeqTracker(), Envelope::deviceId,
                Types.STRING)
                : new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new SeqTracker()),
                Envelope::deviceId, Types.STRING);
        return h;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, Envelope, TrackedEnvelope> h, int device,
                             long... seqs) throws Exception {
        for (long seq : seqs) {
            h.processElement(TestEnvelopes.temperature(device, seq, 1_000_000L + seq, false, 20.0), seq);
        }
    }
}
