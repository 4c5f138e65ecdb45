package kafkasim.jobs.medium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.metrics.CapturingSink;
import kafkasim.jobs.common.metrics.MetricsSettings;
import kafkasim.jobs.common.metrics.PathMetrics;
import org.junit.jupiter.api.Test;

class PostgresTelemetryWriterTest {
    private final FakeDatabase db = new FakeDatabase();
    private final ManualTimers timers = new ManualTimers();
    private final CapturingSink sink = new CapturingSink();

    private PostgresTelemetryWriter writer(int batchSize, int maxAttempts) {
        MediumPathSettings settings = new MediumPathSettings("jdbc:postgresql:x", "postgres", null, batchSize, 200,
                maxAttempts, 1);
        PathMetrics metrics = PathMetrics.withoutReporter(new MetricsSettings("r", "unused", "sim.log"), "medium", 0,
                PostgresTelemetryWriter.COUNTERS, sink, MicroTime::nowUs);
        return new PostgresTelemetryWriter(settings, db::open, metrics, timers);
    }

    private static TelemetryRow row(int device, long seq) {
        return new TelemetryRow("temperature-" + device, seq, "temperature", MicroTime.nowUs() - 1000, false,
                "{\"celsius\":20.0}", seq == 3 ? 1 : 0, false);
    }

    @Test
    void writesFullBatchesAtOnceAndTheRestOnTimerOrFlush() throws Exception {
        PostgresTelemetryWriter w = writer(3, 1);
        for (int seq = 0; seq < 7; seq++) {
            w.write(row(1, seq), null);
        }
        assertEquals(List.of(3, 3), db.batchSizes, "two full batches");
        assertTrue(db.tableCreated);
        timers.advanceTo(150);
        assertEquals(2, db.batchSizes.size(), "the seventh row is not yet 200 ms old");
        timers.advanceTo(250);
        assertEquals(List.of(3, 3, 1), db.batchSizes, "the interval timer wrote it");
        w.write(row(1, 7), null);
        w.flush(false);
        assertEquals(List.of(3, 3, 1, 1), db.batchSizes, "flush (checkpoint) writes a partial batch");
        w.flush(false);
        assertEquals(4, db.batchSizes.size(), "an empty flush writes nothing");
        w.close();
        assertEquals(8, db.committed.size());
        assertEquals(8, sink.sum("received"));
        assertEquals(1, sink.sum("lost"));
        assertEquals(0, sink.sum("replayed"));
        assertEquals(1, db.connectionsOpened);
    }

    @Test
    void rowsThePrimaryKeySkipsCountAsReplayedNotReceived() throws Exception {
        PostgresTelemetryWriter w = writer(10, 1);
        for (int seq = 0; seq < 5; seq++) {
            w.write(row(1, seq), null);
        }
        w.flush(false);
        for (int seq = 3; seq < 8; seq++) { // 3 and 4 again
            w.write(row(1, seq), null);
        }
        w.flush(true);
        w.close();
        assertEquals(8, db.committed.size());
        assertEquals(8, sink.sum("received"));
        assertEquals(2, sink.sum("replayed"));
    }

    @Test
    void aFailedBatchIsRetriedOnAFreshConnection() throws Exception {
        PostgresTelemetryWriter w = writer(2, 3);
        db.failNextExecutes = 2;
        w.write(row(1, 0), null);
        w.write(row(1, 1), null);
        assertEquals(2, db.committed.size());
        assertEquals(3, db.connectionsOpened);
        w.close();
        assertEquals(2, sink.sum("received"));
    }

    @Test
    void theJobFailsAfterTheLastAttempt() {
        PostgresTelemetryWriter w = writer(2, 2);
        db.failNextExecutes = 5;
        IOException e = assertThrows(IOException.class, () -> {
            w.write(row(1, 0), null);
            w.write(row(1, 1), null);
        });
        assertTrue(e.getMessage().contains("failed after 2 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertEquals(0, db.committed.size());
        w.close();
        assertEquals(0, sink.sum("received"));
    }

    @Test
    void timestampsKeepMicroseconds() {
        OffsetDateTime t = PostgresTelemetryWriter.toTimestamp(1_764_000_000_123_456L);
        assertEquals("2025-11-24T16:00:00.123456Z", t.toString());
    }
}
