/**
 * Per-path metric records on the log topic: each path's last operator owns one
 * {@link kafkasim.jobs.common.metrics.PathMetrics} per subtask, counts records into the second in which they
 * complete the path, and a reporter thread publishes one record per second (also when counts are zero).
 */
package kafkasim.jobs.common.metrics;
