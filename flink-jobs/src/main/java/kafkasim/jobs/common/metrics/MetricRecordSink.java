package kafkasim.jobs.common.metrics;

/** Where encoded metric records go (the log topic; a list in tests); called by one thread at a time. */
public interface MetricRecordSink extends AutoCloseable {
    /**
     * Hands over one encoded record (the log topic's value, without newline) under {@code key} (the process name of
     * the subtask it belongs to); records must reach the topic in the order given. Never blocks for long.
     */
    void publish(String key, byte[] value);

    /**
     * How many of the records handed over so far are settled: delivered, or lost for good (and counted as a
     * failure). Records settle in the order they were handed over. Until a record is settled its operator keeps it
     * in its checkpoint, so a crash while the log topic is unreachable does not lose it. Default: every record
     * settles when it is handed over.
     */
    default long settled() {
        return Long.MAX_VALUE;
    }

    /** Called at every checkpoint, so that a sink may retry what it could not send yet. */
    default void tick() {
    }

    /** Sends what it can within a bounded time; records never sent are counted as failures. */
    @Override
    void close();
}
