package kafkasim.jobs.medium;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import kafkasim.common.metrics.MetricSlice;
import kafkasim.common.jobs.JobSettings;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.metrics.SecondSlices;
import org.junit.jupiter.api.Test;

class PostgresTelemetryWriterTest {
    private final FakeDatabase db = new FakeDatabase();
    private final ManualTimers timers = new ManualTimers();
    private final SecondSlices seconds = new SecondSlices(MicroTime.nowUs() / 1000);

    private PostgresTelemetryWriter writer(int batchSize, int maxAttempts) {
        JobSettings.Medium settings = new JobSettings.Medium(new JobSettings.Jdbc("jdbc:postgresql:x", "postgres", null),
                batchSize, 200L, maxAttempts, 1L);
        return new PostgresTelemetryWriter(settings, "flink-medium-0", db::open, seconds, timers);
    }

    static TelemetryRow row(int device, long seq) {
        return new TelemetryRow("temperature-" + device, seq, "temperature", MicroTime.nowUs() - 1000, false,
                "{\"celsius\":20.0}", seq == 3 ? 1 : 0, false, false);
    }

    /** Sums a slice field over everything counted so far. */
    private long counted(String field) {
        List<MetricSlice> slices = seconds.drain(MicroTime.nowUs() / 1000);
        return slices.stream().mapToLong(s -> switch (field) {
            case "received" -> s.received();
            case "lost" -> s.lost();
            case "duplicates" -> s.duplicates();
            default -> s.counters().get(field);
        }).sum();
    }

    @Test
    void writesFullBatchesAtOnceAndTheRestOnTimerOrFlush() throws Exception {
        PostgresTelemetryWriter w = writer(3, 1);
        for (int seq = 0; seq < 7; seq++) {
            w.write(row(1, seq));
        }
        assertEquals(List.of(3, 3), db.batchSizes, "two full batches");
        assertTrue(db.tableCreated);
        timers.advanceTo(150);
        assertEquals(2, db.batchSizes.size(), "the seventh row is not yet 200 ms old");
        timers.advanceTo(250);
        assertEquals(List.of(3, 3, 1), db.batchSizes, "the interval timer wrote it");
        w.write(row(1, 7));
        w.flush();
        assertEquals(List.of(3, 3, 1, 1), db.batchSizes, "flush (checkpoint) writes a partial batch");
        w.flush();
        assertEquals(4, db.batchSizes.size(), "an empty flush writes nothing");
        w.close();
        assertEquals(8, db.committed.size());
        assertEquals(1, db.connectionsOpened);
        List<MetricSlice> slices = seconds.drain(MicroTime.nowUs() / 1000);
        assertEquals(8, slices.stream().mapToLong(MetricSlice::received).sum());
        assertEquals(1, slices.stream().mapToLong(MetricSlice::lost).sum());
        assertEquals(0, slices.stream().mapToLong(s -> s.counters().replayed()).sum());
    }

    @Test
    void rowsThePrimaryKeySkipsCountAsReceivedAndAsReplayed() throws Exception {
        PostgresTelemetryWriter w = writer(10, 1);
        for (int seq = 0; seq < 5; seq++) {
            w.write(row(1, seq));
        }
        w.flush();
        for (int seq = 3; seq < 8; seq++) { // 3 and 4 again: a replay after a restore whose counts died
            w.write(row(1, seq));
        }
        w.flush();
        w.close();
        assertEquals(8, db.committed.size());
        List<MetricSlice> slices = seconds.drain(MicroTime.nowUs() / 1000);
        assertEquals(10, slices.stream().mapToLong(MetricSlice::received).sum(), "every committed row");
        assertEquals(10, slices.stream().mapToLong(s -> s.latencyHistogram().getTotalCount()).sum());
        assertEquals(2, slices.stream().mapToLong(s -> s.counters().replayed()).sum());
    }

    @Test
    void aRowTheSeqTrackerSawBeforeCountsAsDuplicateNotReceived() throws Exception {
        PostgresTelemetryWriter w = writer(10, 1);
        w.write(row(1, 0));
        w.write(new TelemetryRow("temperature-1", 0, "temperature", MicroTime.nowUs(), false, "{}", 0, true, false));
        w.flush();
        assertEquals(1, db.committed.size());
        assertEquals(1, counted("received"));
        assertEquals(0, counted("duplicates"), "drained above");
        w.write(new TelemetryRow("temperature-1", 0, "temperature", MicroTime.nowUs(), false, "{}", 0, true, false));
        w.flush();
        List<MetricSlice> slices = seconds.drain(MicroTime.nowUs() / 1000);
        assertEquals(0, slices.stream().mapToLong(MetricSlice::received).sum());
        assertEquals(1, slices.stream().mapToLong(MetricSlice::duplicates).sum());
        assertEquals(1, slices.stream().mapToLong(s -> s.counters().replayed()).sum());
    }

    @Test
    void aFailedBatchIsRetriedOnAFreshConnection() throws Exception {
        PostgresTelemetryWriter w = writer(2, 3);
        db.failNextExecutes = 2;
        w.write(row(1, 0));
        w.write(row(1, 1));
        assertEquals(2, db.committed.size());
        assertEquals(3, db.connectionsOpened);
        w.close();
        assertEquals(2, counted("received"));
    }

    @Test
    void theJobFailsAfterTheLastAttempt() {
        PostgresTelemetryWriter w = writer(2, 2);
        db.failNextExecutes = 5;
        IOException e = assertThrows(IOException.class, () -> {
            w.write(row(1, 0));
            w.write(row(1, 1));
        });
        assertTrue(e.getMessage().contains("failed after 2 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("injected"), e.getMessage());
        assertEquals(0, db.committed.size());
        w.close();
        assertEquals(0, counted("received"));
    }

    @Test
    void timestampsKeepMicroseconds() {
        OffsetDateTime t = PostgresTelemetryWriter.toTimestamp(1_764_000_000_123_456L);
        assertEquals("2025-11-24T16:00:00.123456Z", t.toString());
    }
}
