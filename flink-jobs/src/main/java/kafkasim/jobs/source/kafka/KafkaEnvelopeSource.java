package kafkasim.jobs.source.kafka;

import kafkasim.common.security.KafkaClientSecurity;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSource;
import kafkasim.jobs.source.SourceSettings;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** The new architecture's envelope source: Flink's Kafka connector on the telemetry topic. */
public final class KafkaEnvelopeSource {
    /**
     * A fetch returns once it holds this much or {@link SourceSettings#fetchMaxWaitMs} passed. Kafka's default (1
     * byte) answers every fetch as soon as anything arrived: with a producer lingering 5 ms that is a fetch per
     * produce request per path, and the broker's request handling became its largest CPU cost.
     */
    public static final int FETCH_MIN_BYTES = 65_536;

    private KafkaEnvelopeSource() {
    }

    /**
     * A Kafka source reading the topic from the earliest offset in the job's own consumer group. Offsets are
     * committed to the group on each completed checkpoint (for lag monitoring only: a restore uses the
     * checkpointed offsets).
     */
    public static KafkaSource<Envelope> of(JobSource.Kafka kafka, String groupId, int fetchMaxWaitMs) {
        return of(kafka, groupId, fetchMaxWaitMs, KafkaClientSecurity.NONE);
    }

    /** As above, the consumer connecting with {@code security} (the job's principal). */
    public static KafkaSource<Envelope> of(JobSource.Kafka kafka, String groupId, int fetchMaxWaitMs,
                                           KafkaClientSecurity security) {
        return KafkaSource.<Envelope>builder()
                .setProperties(security.applyTo(new java.util.Properties()))
                .setBootstrapServers(kafka.bootstrap())
                .setTopics(kafka.topic())
                .setGroupId(groupId)
                .setClientIdPrefix(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new KafkaEnvelopeDeserializer())
                .setProperty("fetch.min.bytes", Integer.toString(FETCH_MIN_BYTES))
                .setProperty("fetch.max.wait.ms", Integer.toString(fetchMaxWaitMs))
                .build();
    }
}
