package kafkasim.jobs.common.metrics;

/** Where encoded metric records go (the log topic; a list in tests); called by one thread at a time. */
public interface MetricRecordSink extends AutoCloseable {
    /**
     * Hands over one encoded record (the log topic's value, without newline) under {@code key} (the process name of
     * the subtask it belongs to); records must reach the topic in the order given. Never blocks for long.
     */
    void publish(String key, byte[] value);

    /** Called at every checkpoint, so that a sink may retry what it could not send yet. */
    default void tick() {
    }

    /** Sends what it can within a bounded time; records never sent are counted as failures. */
    @Override
    void close();
}
