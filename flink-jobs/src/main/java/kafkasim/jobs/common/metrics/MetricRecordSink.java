package kafkasim.jobs.common.metrics;

/** Where encoded metric records go (the log topic; a list in tests); called by one thread at a time. */
public interface MetricRecordSink extends AutoCloseable {
    /** Hands over one encoded record (the log topic's value, without newline); never blocks for long. */
    void publish(byte[] value);

    /** Called about once a second, so that a sink may retry what it could not send yet. */
    default void tick() {
    }

    @Override
    void close();
}
