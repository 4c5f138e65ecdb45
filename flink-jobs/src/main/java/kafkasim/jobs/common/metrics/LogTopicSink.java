package kafkasim.jobs.common.metrics;

import kafkasim.logtopic.LogTopicPublisher;
import kafkasim.logtopic.LogTopicSettings;

/**
 * The log topic as a subtask's {@link MetricRecordSink}: the project's one {@link LogTopicPublisher} (ordered
 * backlog while the metadata is missing, settled records, counted failures), with the metric records' figures.
 */
final class LogTopicSink implements MetricRecordSink {
    /** Records kept while the topic's metadata is missing: an hour of 1 s checkpoints. */
    static final int BACKLOG_CAPACITY = 3600;
    static final long PROBE_INTERVAL_MS = 50;
    static final long CLOSE_TIMEOUT_MS = 5_000;

    private final LogTopicPublisher publisher;

    LogTopicSink(LogTopicPublisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Ordered delivery (idempotent, acks=all, one request in flight): readers rely on a subtask's records arriving
     * in checkpoint order, so a retried batch must neither be reordered nor doubled.
     */
    static LogTopicSettings settings(MetricsSettings metrics, String process) {
        return new LogTopicSettings(metrics.bootstrap(), metrics.logTopic(), process, "kafkasim-metrics-" + process,
                LogTopicSettings.Delivery.ORDERED, BACKLOG_CAPACITY, PROBE_INTERVAL_MS, CLOSE_TIMEOUT_MS,
                metrics.security());
    }

    @Override
    public void publish(String key, byte[] value) {
        publisher.publish(key, value);
    }

    @Override
    public long settled() {
        return publisher.settled();
    }

    @Override
    public void tick() {
        publisher.tick();
    }

    @Override
    public void close() {
        publisher.close();
    }
}
