package kafkasim.jobs.common;

import java.io.Serializable;

/**
 * Where a path job reads envelopes from.
 *
 * @param source    transport: {@code kafka} (an {@code mqtt} source comes later, see {@link Sources})
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,…]}
 * @param topic     telemetry topic
 * @param groupId   consumer group: one per job, so each path consumes every record like a separate service
 * @param fetchMaxWaitMs how long the broker may hold a fetch to fill {@link Sources#FETCH_MIN_BYTES}, ms: the
 *                  latency a path trades for fewer fetch requests
 */
public record SourceSettings(String source, String bootstrap, String topic, String groupId, int fetchMaxWaitMs)
        implements Serializable {
    /** The fast path's wait: it has a latency budget of tens of milliseconds. */
    public static final int LOW_LATENCY_FETCH_WAIT_MS = 10;
    /** The medium and slow paths' wait: they complete messages in batches and on checkpoints anyway. */
    public static final int BATCH_FETCH_WAIT_MS = 100;

    /** With the low-latency fetch wait. */
    public SourceSettings(String source, String bootstrap, String topic, String groupId) {
        this(source, bootstrap, topic, groupId, LOW_LATENCY_FETCH_WAIT_MS);
    }
}
