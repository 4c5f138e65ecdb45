package kafkasim.jobs.common.metrics;

import java.io.Serializable;

/**
 * Where a path's per-second metric records go.
 *
 * @param runId     the run id written into every record
 * @param bootstrap Kafka bootstrap servers of the log topic
 * @param logTopic  the project's log topic (records keyed by process name)
 */
public record MetricsSettings(String runId, String bootstrap, String logTopic) implements Serializable {
}
