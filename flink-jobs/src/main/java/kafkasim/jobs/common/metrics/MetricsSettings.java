package kafkasim.jobs.common.metrics;

import java.io.Serializable;
import kafkasim.common.jobs.JobSpec;

/**
 * Where a path's per-second metric records go: what of the spec the operators that publish them keep.
 *
 * @param runId     the run id written into every record
 * @param bootstrap Kafka bootstrap servers of the log topic
 * @param logTopic  the project's log topic (records keyed by process name)
 */
public record MetricsSettings(String runId, String bootstrap, String logTopic) implements Serializable {
    /** The spec's run id and {@link JobSpec#log()}. */
    public static MetricsSettings of(JobSpec spec) {
        return new MetricsSettings(spec.runId(), spec.log().bootstrap(), spec.log().topic());
    }
}
