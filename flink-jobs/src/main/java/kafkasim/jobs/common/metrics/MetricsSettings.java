package kafkasim.jobs.common.metrics;

import kafkasim.common.security.KafkaClientSecurity;

import java.io.Serializable;
import kafkasim.common.jobs.JobSpec;

/**
 * Where a path's per-second metric records go: what of the spec the operators that publish them keep.
 *
 * @param runId     the run id written into every record
 * @param bootstrap Kafka bootstrap servers of the log topic
 * @param logTopic  the project's log topic (records keyed by process name)
 * @param security  how the publishers connect (the job's principal)
 */
public record MetricsSettings(String runId, String bootstrap, String logTopic, KafkaClientSecurity security)
        implements Serializable {
    public MetricsSettings(String runId, String bootstrap, String logTopic) {
        this(runId, bootstrap, logTopic, null);
    }

    public MetricsSettings {
        security = security == null ? KafkaClientSecurity.NONE : security;
    }

    /** The spec's run id, {@link JobSpec#log()} and the job's Kafka principal. */
    public static MetricsSettings of(JobSpec spec) {
        return new MetricsSettings(spec.runId(), spec.log().bootstrap(), spec.log().topic(), spec.kafkaSecurity());
    }
}
