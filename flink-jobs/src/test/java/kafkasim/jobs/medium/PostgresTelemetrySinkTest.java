package kafkasim.jobs.medium;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import kafkasim.common.jobs.JobSettings;
import kafkasim.jobs.common.metrics.CapturingSink;
import kafkasim.jobs.common.metrics.MetricRecords;
import kafkasim.jobs.common.metrics.MetricsSettings;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The medium path's operator under Flink's test harness: checkpoints, a crash, a restore, replayed rows. */
class PostgresTelemetrySinkTest {
    static final CapturingSink SINK = new CapturingSink();
    static FakeDatabase db;

    @BeforeEach
    void fresh() {
        SINK.clear();
        db = new FakeDatabase();
    }

    /**
     * Rows 0–4, checkpoint 1 (its barrier commits the partial batch) and its notification, rows 5–10 (committed by
     * size, counted after barrier 1), checkpoint 2 taken, crash before it completes. Restored from 1: record 1 is
     * published again, rows 5–10 are replayed, hit the primary key and now count as received. Every row is counted
     * once; the table holds each once.
     */
    @Test
    void rowsCommittedAfterTheLastCheckpointAreCountedOnceWhenReplayed() throws Exception {
        OperatorSubtaskState checkpoint1;
        try (OneInputStreamOperatorTestHarness<TelemetryRow, Void> h = harness()) {
            h.open();
            feed(h, 0, 5);
            assertEquals(List.of(3), db.batchSizes, "a full batch is written at once");
            h.prepareSnapshotPreBarrier(1);
            assertEquals(List.of(3, 2), db.batchSizes, "the barrier commits the rest");
            checkpoint1 = h.snapshot(1, 1);
            h.notifyOfCompletedCheckpoint(1);
            feed(h, 5, 11);
            h.prepareSnapshotPreBarrier(2);
            h.snapshot(2, 2); // never completes
        }
        assertEquals(11, db.committed.size());
        assertEquals(5, SINK.read().sum("received"));

        try (OneInputStreamOperatorTestHarness<TelemetryRow, Void> h = harness()) {
            h.initializeState(checkpoint1);
            h.open();
            feed(h, 5, 11);
            h.prepareSnapshotPreBarrier(3);
            h.snapshot(3, 3);
            h.notifyOfCompletedCheckpoint(3);
        }
        MetricRecords read = SINK.read();
        assertEquals(List.of(1L, 1L, 3L), read.all().stream().map(r -> r.checkpointId()).toList());
        assertEquals(11, read.sum("received"), "each row once");
        assertEquals(11, read.latency().getTotalCount());
        assertEquals(6, read.sum("replayed"), "rows 5–10 were in the table already");
        assertEquals(11, db.committed.size());
        assertEquals(List.of("flink-medium-0"), SINK.published().stream().map(p -> p.key()).distinct().toList());
    }

    @Test
    void endOfInputCommitsTheRest() throws Exception {
        try (OneInputStreamOperatorTestHarness<TelemetryRow, Void> h = harness()) {
            h.open();
            feed(h, 0, 2);
            h.endInput();
            assertEquals(2, db.committed.size());
        }
    }

    private static OneInputStreamOperatorTestHarness<TelemetryRow, Void> harness() throws Exception {
        JobSettings.Medium settings = new JobSettings.Medium(new JobSettings.Jdbc("jdbc:postgresql:x", "postgres", null),
                3, 200L, 1, 1L);
        PostgresTelemetrySink sink = new PostgresTelemetrySink(settings, new MetricsSettings("r", "unused", "l"),
                (metricsSettings, process) -> SINK, subtask -> db.open());
        return new OneInputStreamOperatorTestHarness<>(sink);
    }

    private static void feed(OneInputStreamOperatorTestHarness<TelemetryRow, Void> h, int from, int to)
            throws Exception {
        for (int seq = from; seq < to; seq++) {
            h.processElement(PostgresTelemetryWriterTest.row(1, seq), seq);
        }
    }
}
