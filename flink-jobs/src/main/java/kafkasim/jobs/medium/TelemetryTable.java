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

    /**
     * A whole batch in one statement: parameters are six text arrays (device_id, seq, device_type, sent_at,
     * anomaly, readings JSON) of equal length, cast to the columns' types; the update count is the number of rows
     * inserted (the others the primary key skipped).
     */
    public static final String INSERT_BATCH = "INSERT INTO " + NAME
            + " (device_id, seq, device_type, sent_at, anomaly, readings)"
            + " SELECT * FROM unnest(?::text[], ?::text[]::bigint[], ?::text[], ?::text[]::timestamptz[],"
            + " ?::text[]::boolean[], ?::text[]::jsonb[])"
            + " ON CONFLICT (device_id, seq) DO NOTHING";
    static final int BATCH_COLUMNS = 6;

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
