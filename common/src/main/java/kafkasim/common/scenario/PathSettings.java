package kafkasim.common.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How the three consumer paths run (the Flink jobs).
 *
 * @param checkpointIntervalMs Flink checkpoint interval of every job, ms (default 2000); the slow path commits its
 *                             files and the medium path flushes its batches on checkpoints
 * @param fast                 the "ML server"
 * @param medium               the "database"
 * @param slow                 the "file server"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PathSettings(Integer checkpointIntervalMs, Fast fast, Medium medium, Slow slow) {
    public static final int DEFAULT_CHECKPOINT_INTERVAL_MS = 2000;
    static final PathSettings EMPTY = new PathSettings(null, null, null, null);

    /**
     * @param parallelism   parallel subtasks (default 1)
     * @param serviceTimeUs simulated model inference time per message, µs, before {@code timeScale} (default 200)
     * @param zThreshold    |z-score| above which a reading is an anomaly (default 4.0)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fast(Integer parallelism, Integer serviceTimeUs, Double zThreshold) {
        Fast withDefaults() {
            return new Fast(parallelism == null ? 1 : parallelism, serviceTimeUs == null ? 200 : serviceTimeUs,
                    zThreshold == null ? 4.0 : zThreshold);
        }
    }

    /**
     * @param parallelism     parallel subtasks (default 1)
     * @param batchSize       rows per INSERT batch (default 500)
     * @param batchIntervalMs longest wait before a partial batch is written, ms (default 200)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Medium(Integer parallelism, Integer batchSize, Integer batchIntervalMs) {
        Medium withDefaults() {
            return new Medium(parallelism == null ? 1 : parallelism, batchSize == null ? 500 : batchSize,
                    batchIntervalMs == null ? 200 : batchIntervalMs);
        }
    }

    /**
     * @param parallelism    parallel subtasks (default 1)
     * @param rollIntervalMs a part file is rolled at least this often, ms (default 10000)
     * @param rollSizeBytes  or when it reaches this size, bytes (default 8 MiB)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Slow(Integer parallelism, Integer rollIntervalMs, Long rollSizeBytes) {
        Slow withDefaults() {
            return new Slow(parallelism == null ? 1 : parallelism, rollIntervalMs == null ? 10_000 : rollIntervalMs,
                    rollSizeBytes == null ? 8L << 20 : rollSizeBytes);
        }
    }

    PathSettings withDefaults() {
        return new PathSettings(checkpointIntervalMs == null ? DEFAULT_CHECKPOINT_INTERVAL_MS : checkpointIntervalMs,
                (fast == null ? new Fast(null, null, null) : fast).withDefaults(),
                (medium == null ? new Medium(null, null, null) : medium).withDefaults(),
                (slow == null ? new Slow(null, null, null) : slow).withDefaults());
    }
}
