package kafkasim.jobs.slow;

import java.io.Serializable;

/**
 * The slow path ("file server") settings.
 *
 * @param filesDir         directory (local path or URI Flink's file systems understand) of the part files
 *                         ({@code --files-dir}, required)
 * @param rollSizeBytes    a part file is closed once it holds this many compressed bytes
 *                         ({@code --roll-size-bytes}, default 8 MiB)
 * @param rollIntervalMs   a part file is closed at the latest this long after it was opened
 *                         ({@code --roll-interval-ms}, default 10000), ms; files also roll on every checkpoint
 */
public record SlowPathSettings(String filesDir, long rollSizeBytes, long rollIntervalMs) implements Serializable {
    public static final long DEFAULT_ROLL_SIZE_BYTES = 8L * 1024 * 1024;
    public static final long DEFAULT_ROLL_INTERVAL_MS = 10_000;
}
