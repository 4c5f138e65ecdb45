/**
 * Per-path metric records on the log topic, consistent with Flink's checkpoints: a path's last operator counts
 * messages per completion second, seals what it counted into one record per checkpoint in operator state, and
 * publishes it once that checkpoint completed ({@link kafkasim.jobs.common.metrics.CheckpointedPathMetrics}; the
 * slow path's own variant is {@code slow.CheckpointCompletionMetrics}). Records are encoded with the common
 * {@link kafkasim.common.metrics.MetricRecordCodec}.
 */
package kafkasim.jobs.common.metrics;
