package kafkasim.jobs.medium;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The {@code telemetry} table: its DDL and the idempotent insert. */
public final class TelemetryTable {
    public static final String NAME = "telemetry";

    /**
     * One row per message; the primary key makes replays idempotent. {@code inserted_at} is set by the server at
     * the moment of the insert ({@code clock_timestamp()}, not the transaction start).
     */
    public static final String CREATE = "CREATE TABLE IF NOT EXISTS " + NAME + " ("
            + "device_id text NOT NULL, "
            + "seq bigint NOT NULL, "
            + "device_type text NOT NULL, "
            + "sent_at timestamptz NOT NULL, "
            + "anomaly boolean NOT NULL, "
            + "readings jsonb NOT NULL, "
            + "inserted_at timestamptz NOT NULL DEFAULT clock_timestamp(), "
            + "PRIMARY KEY (device_id, seq))";

    /** Parameters: device_id, seq, device_type, sent_at, anomaly, readings (JSON text). */
    public static final String INSERT = "INSERT INTO " + NAME
            + " (device_id, seq, device_type, sent_at, anomaly, readings) VALUES (?, ?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (device_id, seq) DO NOTHING";

    private TelemetryTable() {
    }

    /**
     * Creates the table if missing. Parallel subtasks may race on {@code CREATE TABLE IF NOT EXISTS} (PostgreSQL
     * then reports a unique violation on its catalog): the loser simply checks again.
     */
    static void ensure(Connection connection) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement st = connection.createStatement()) {
                st.execute(CREATE);
                connection.commit();
                return;
            } catch (SQLException e) {
                connection.rollback();
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }
}
