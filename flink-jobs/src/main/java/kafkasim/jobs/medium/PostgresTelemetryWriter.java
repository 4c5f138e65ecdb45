package kafkasim.jobs.medium;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.metrics.MetricWindow;
import kafkasim.jobs.common.metrics.PathMetrics;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches rows and inserts them in one transaction per batch: when the batch is full ({@code batchSize}), when its
 * first row is {@code batchIntervalMs} old (a processing-time timer), and on {@link #flush} (checkpoint, end of
 * input). A failed batch is rolled back and retried on a fresh connection with doubling pauses; after
 * {@code maxAttempts} the writer throws and Flink restarts the job from its last checkpoint.
 *
 * <p>A row completes the medium path when its batch commits: rows with update count 1 count as {@code received}
 * with latency = commit time − sentAtUs; rows the primary key skipped (update count 0) count as {@code replayed}.
 * The seq tracker's lost/duplicate findings are counted for every committed row. (Do not add
 * {@code reWriteBatchedInserts=true} to the URL: the driver then reports no per-row counts, and every row counts
 * as inserted.) All methods run on the task's mailbox thread, timers included.
 */
final class PostgresTelemetryWriter implements SinkWriter<TelemetryRow> {
    static final String PATH = "medium";
    static final List<String> COUNTERS = List.of("replayed");
    static final int REPLAYED = 0;
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTelemetryWriter.class);

    /** Opens a connection (auto-commit off); a seam for tests. */
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final MediumPathSettings settings;
    private final ConnectionFactory connections;
    private final PathMetrics metrics;
    private final ProcessingTimeService timers;
    private final List<TelemetryRow> batch;
    private long batchStartedMs;
    private boolean timerPending;
    private Connection connection;
    private PreparedStatement insert;

    PostgresTelemetryWriter(MediumPathSettings settings, ConnectionFactory connections, PathMetrics metrics,
                            ProcessingTimeService timers) {
        this.settings = settings;
        this.connections = connections;
        this.metrics = metrics;
        this.timers = timers;
        this.batch = new ArrayList<>(settings.batchSize());
    }

    @Override
    public void write(TelemetryRow row, Context context) throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            batchStartedMs = timers.getCurrentProcessingTime();
            scheduleTimer(batchStartedMs + settings.batchIntervalMs());
        }
        batch.add(row);
        if (batch.size() >= settings.batchSize()) {
            writeBatch();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBatch();
    }

    private void scheduleTimer(long atMs) {
        if (!timerPending) {
            timerPending = true;
            timers.registerTimer(atMs, this::onTimer);
        }
    }

    private void onTimer(long timeMs) throws IOException, InterruptedException {
        timerPending = false;
        if (batch.isEmpty()) {
            return;
        }
        long dueMs = batchStartedMs + settings.batchIntervalMs();
        if (timeMs >= dueMs) {
            writeBatch();
        } else {
            scheduleTimer(dueMs); // the batch this timer was set for was written by size; wait for the new one
        }
    }

    /** Inserts and commits the batch, retrying; empty batches are a no-op. */
    void writeBatch() throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        SQLException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            try {
                int[] counts = insertAndCommit();
                record(counts, MicroTime.nowUs());
                batch.clear();
                return;
            } catch (SQLException e) {
                last = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
                closeConnection();
                if (attempt < settings.maxAttempts()) {
                    long pauseMs = settings.retryBackoffMs() << (attempt - 1);
                    LOG.warn("{}: batch of {} rows failed (attempt {} of {}), retrying in {} ms: {}",
                            metrics.process(), batch.size(), attempt, settings.maxAttempts(), pauseMs,
                            last.getMessage());
                    Thread.sleep(pauseMs);
                }
            }
        }
        throw new IOException("writing a batch of " + batch.size() + " rows to PostgreSQL failed after "
                + settings.maxAttempts() + " attempts: " + last.getMessage(), last);
    }

    private int[] insertAndCommit() throws SQLException {
        PreparedStatement st = statement();
        for (TelemetryRow row : batch) {
            st.setString(1, row.deviceId());
            st.setLong(2, row.seq());
            st.setString(3, row.deviceType());
            st.setObject(4, toTimestamp(row.sentAtUs()));
            st.setBoolean(5, row.anomaly());
            st.setString(6, row.readingsJson());
            st.addBatch();
        }
        int[] counts = st.executeBatch();
        connection.commit();
        return counts;
    }

    private void record(int[] counts, long committedAtUs) {
        MetricWindow w = metrics.window(committedAtUs);
        for (int i = 0; i < batch.size(); i++) {
            TelemetryRow row = batch.get(i);
            if (counts[i] == 0) {
                w.add(REPLAYED, 1);
            } else { // 1, or Statement.SUCCESS_NO_INFO when the driver rewrote the batch
                w.completed(committedAtUs - row.sentAtUs());
            }
            w.lost(row.lost());
            w.duplicates(row.duplicate() ? 1 : 0);
        }
    }

    private PreparedStatement statement() throws SQLException {
        if (connection == null) {
            connection = connections.open();
            TelemetryTable.ensure(connection);
            insert = connection.prepareStatement(TelemetryTable.INSERT);
        }
        return insert;
    }

    static OffsetDateTime toTimestamp(long epochUs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(epochUs, 1_000_000L),
                Math.floorMod(epochUs, 1_000_000L) * 1_000L), ZoneOffset.UTC);
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection may be gone already
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
        connection = null;
        insert = null;
    }

    /** Drops an unwritten batch (it is replayed from the last checkpoint after a restart) and releases everything. */
    @Override
    public void close() {
        try {
            closeConnection();
        } finally {
            metrics.close();
        }
    }
}
