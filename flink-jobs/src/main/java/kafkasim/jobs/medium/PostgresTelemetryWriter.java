package kafkasim.jobs.medium;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import kafkasim.common.jobs.JobSettings;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.common.metrics.CompletionSeconds;
import kafkasim.jobs.common.metrics.SliceAccumulator;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches rows and inserts them in one transaction per batch: when the batch is full ({@code batchSize}), when its
 * first row is {@code batchIntervalMs} old (a processing-time timer), and on {@link #flush} (before every checkpoint
 * barrier, at end of input). A failed batch is rolled back and retried on a fresh connection with doubling pauses;
 * after {@code maxAttempts} the writer throws and Flink restarts the job from its last checkpoint.
 *
 * <p>A row completes the medium path when its batch commits, with latency = commit time − sentAtUs. Counting is
 * exactly once together with the checkpointed metric records: a committed row counts as {@code received} whether it
 * was inserted (update count 1) or the primary key skipped it (update count 0: it was written before, by a run whose
 * count died with a crash and which the source now replays), unless the seq tracker saw its seq before (then it
 * counts as {@code duplicates} only, as the table holds it once). Rows the primary key skipped also count as
 * {@code replayed} (informational). The seq tracker's gaps count as {@code lost}. All methods run on the task's
 * mailbox thread, timers included.
 *
 * <p>A batch is one statement, {@link TelemetryTable#INSERT_BATCH}: the columns go as six arrays that PostgreSQL
 * unnests into rows, and the update count says how many were inserted. One statement per 500 rows instead of 500
 * executions of a prepared INSERT (a JDBC batch) cut the database's CPU per row, which limited the pipeline's
 * capacity first; the per-row counts a JDBC batch gives are not needed, as only their sum is reported.
 */
final class PostgresTelemetryWriter {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresTelemetryWriter.class);

    /** Opens a connection (auto-commit off). */
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final JobSettings.Medium settings;
    private final String process;
    private final ConnectionFactory connections;
    private final CompletionSeconds metrics;
    private final ProcessingTimeService timers;
    private final List<TelemetryRow> batch;
    private long batchStartedMs;
    private boolean timerPending;
    private Connection connection;
    private PreparedStatement insert;
    private String[][] columns = new String[TelemetryTable.BATCH_COLUMNS][0];

    /** @param process the subtask's name in log messages */
    PostgresTelemetryWriter(JobSettings.Medium settings, String process, ConnectionFactory connections,
                            CompletionSeconds metrics, ProcessingTimeService timers) {
        this.settings = settings;
        this.process = process;
        this.connections = connections;
        this.metrics = metrics;
        this.timers = timers;
        this.batch = new ArrayList<>(settings.batchSize());
    }

    void write(TelemetryRow row) throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            batchStartedMs = timers.getCurrentProcessingTime();
            scheduleTimer(batchStartedMs + settings.batchIntervalMs());
        }
        batch.add(row);
        if (batch.size() >= settings.batchSize()) {
            writeBatch();
        }
    }

    /** Commits the rows written so far. */
    void flush() throws IOException, InterruptedException {
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
                int inserted = insertAndCommit();
                record(batch.size() - inserted, MicroTime.nowUs());
                batch.clear();
                return;
            } catch (SQLException e) {
                last = e.getNextException() != null ? e.getNextException() : e;
                closeConnection();
                if (attempt < settings.maxAttempts()) {
                    long pauseMs = settings.retryBackoffMs() << (attempt - 1);
                    LOG.warn("{}: batch of {} rows failed (attempt {} of {}), retrying in {} ms: {}",
                            process, batch.size(), attempt, settings.maxAttempts(), pauseMs,
                            last.getMessage());
                    Thread.sleep(pauseMs);
                }
            }
        }
        throw new IOException("writing a batch of " + batch.size() + " rows to PostgreSQL failed after "
                + settings.maxAttempts() + " attempts: " + last.getMessage(), last);
    }

    /** Inserts the batch as one statement and commits; returns how many rows were new. */
    private int insertAndCommit() throws SQLException {
        PreparedStatement st = statement();
        int n = batch.size();
        if (columns[0].length != n) {
            columns = new String[TelemetryTable.BATCH_COLUMNS][n];
        }
        for (int i = 0; i < n; i++) {
            TelemetryRow row = batch.get(i);
            columns[0][i] = row.deviceId();
            columns[1][i] = Long.toString(row.seq());
            columns[2][i] = row.deviceType();
            columns[3][i] = toTimestamp(row.sentAtUs()).toString();
            columns[4][i] = Boolean.toString(row.anomaly());
            columns[5][i] = row.readingsJson();
        }
        for (int c = 0; c < TelemetryTable.BATCH_COLUMNS; c++) {
            // text arrays, cast by the statement: one array type for the driver, exact values for the server
            st.setArray(c + 1, connection.createArrayOf("text", columns[c]));
        }
        int inserted = st.executeUpdate();
        connection.commit();
        return inserted;
    }

    /** Counts the committed batch: every row once, the ones the key skipped also as replayed. */
    private void record(int skippedByKey, long committedAtUs) {
        SliceAccumulator slice = metrics.at(committedAtUs);
        for (int i = 0; i < skippedByKey; i++) {
            slice.replayed();
        }
        for (TelemetryRow row : batch) {
            if (!row.duplicate()) {
                slice.completed(committedAtUs - row.sentAtUs());
            }
            slice.tracked(row.deviceId(), row.seq(), row.lost(), row.duplicate(), row.filled());
        }
    }

    private PreparedStatement statement() throws SQLException {
        if (connection == null) {
            connection = connections.open();
            TelemetryTable.ensure(connection);
            insert = connection.prepareStatement(TelemetryTable.INSERT_BATCH);
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
    void close() {
        closeConnection();
    }
}
