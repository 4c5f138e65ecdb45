package kafkasim.jobs.source;

import kafkasim.common.security.KafkaClientSecurity;

import java.io.Serializable;
import kafkasim.common.jobs.JobSettings;
import kafkasim.common.jobs.JobSource;
import kafkasim.common.jobs.JobSpec;

/**
 * What a path job's source is built from: the spec's source plus what the job adds to it.
 *
 * @param source         the broker and its subscription (the spec's {@link JobSpec#source()})
 * @param groupId        consumer group (Kafka) and client id prefix (Kafka, MQTT): one per job, so each path consumes
 *                       every record like a separate service
 * @param fetchMaxWaitMs how long the broker may hold a fetch to fill
 *                       {@link kafkasim.jobs.source.kafka.KafkaEnvelopeSource#FETCH_MIN_BYTES}, ms: the latency a
 *                       path trades for fewer fetch requests (Kafka only). The job's choice, not the spec's: it
 *                       follows from the path's latency budget
 */
public record SourceSettings(JobSource source, String groupId, int fetchMaxWaitMs,
                             KafkaClientSecurity kafkaSecurity) implements Serializable {
    public SourceSettings(JobSource source, String groupId, int fetchMaxWaitMs) {
        this(source, groupId, fetchMaxWaitMs, null);
    }

    public SourceSettings {
        kafkaSecurity = kafkaSecurity == null ? KafkaClientSecurity.NONE : kafkaSecurity;
    }

    /** The fast path's wait: it has a latency budget of tens of milliseconds. */
    public static final int LOW_LATENCY_FETCH_WAIT_MS = 10;
    /** The medium and slow paths' wait: they complete messages in batches and on checkpoints anyway. */
    public static final int BATCH_FETCH_WAIT_MS = 100;

    /** The source of a path job's spec. */
    public static SourceSettings of(JobSpec spec) {
        return new SourceSettings(spec.source(), spec.groupId(), spec.job() instanceof JobSettings.Fast
                ? LOW_LATENCY_FETCH_WAIT_MS : BATCH_FETCH_WAIT_MS, spec.kafkaSecurity());
    }

    /** A Kafka source with the low-latency fetch wait. */
    public static SourceSettings kafka(String bootstrap, String topic, String groupId) {
        return new SourceSettings(new JobSource.Kafka(bootstrap, topic), groupId, LOW_LATENCY_FETCH_WAIT_MS);
    }
}
