package kafkasim.jobs.medium;

import java.io.Serializable;

/**
 * The medium path ("database") settings.
 *
 * @param jdbcUrl         PostgreSQL JDBC URL ({@code --jdbc-url}, required, {@code jdbc:postgresql:…})
 * @param jdbcUser        database user ({@code --jdbc-user}, default postgres)
 * @param jdbcPassword    password ({@code --jdbc-password}), or null for none
 * @param batchSize       rows per insert batch ({@code --batch-size}, default 500)
 * @param batchIntervalMs a non-empty batch is written at the latest this long after its first row
 *                        ({@code --batch-interval-ms}, default 200), ms
 * @param maxAttempts     attempts per batch before the job fails (and Flink restarts it from its checkpoint)
 * @param retryBackoffMs  pause before the second attempt, doubled for each further one, ms
 */
public record MediumPathSettings(String jdbcUrl, String jdbcUser, String jdbcPassword, int batchSize,
                                 long batchIntervalMs, int maxAttempts, long retryBackoffMs) implements Serializable {
    public static final String DEFAULT_JDBC_USER = "postgres";
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Bound on --batch-size: one batch is held in memory and sent in one round trip. */
    public static final int MAX_BATCH_SIZE = 100_000;
    public static final long DEFAULT_BATCH_INTERVAL_MS = 200;
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final long DEFAULT_RETRY_BACKOFF_MS = 200;

    @Override
    public String toString() {
        return "MediumPathSettings[" + jdbcUrl + ", user " + jdbcUser + ", batch " + batchSize + " rows / "
                + batchIntervalMs + " ms, " + maxAttempts + " attempts]";
    }
}
