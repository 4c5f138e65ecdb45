package kafkasim.jobs.common;

import kafkasim.common.envelope.Envelope;
import kafkasim.jobs.source.mqtt.MqttAckMode;
import kafkasim.jobs.source.mqtt.MqttSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one place a path job's envelope source is chosen ({@code --source}). Pipelines take the resulting
 * {@code DataStream<Envelope>} and never know the transport: Kafka (the new architecture) or MQTT (the old one), so
 * the comparison stays fair: one job code path per path.
 */
public final class Sources {
    public static final String KAFKA = "kafka";
    public static final String MQTT = "mqtt";
    /**
     * A fetch returns once it holds this much or {@link SourceSettings#fetchMaxWaitMs} passed. Kafka's default (1
     * byte) answers every fetch as soon as anything arrived: with a producer lingering 5 ms that is a fetch per
     * produce request per path, and the broker's request handling became its largest CPU cost.
     */
    public static final int FETCH_MIN_BYTES = 65_536;
    /** Name and uid of the source operator (stable, so savepoints keep the source's state). */
    public static final String SOURCE_UID = "envelope-source";

    private Sources() {
    }

    /** The envelopes of {@code settings}' transport, without watermarks (latency is wall-clock, not event time). */
    public static DataStream<Envelope> envelopes(StreamExecutionEnvironment env, SourceSettings settings) {
        switch (settings.source()) {
            case KAFKA:
                return env.fromSource(kafka(settings), WatermarkStrategy.noWatermarks(), "kafka: " + settings.topic(),
                                TypeInformation.of(Envelope.class))
                        .uid(SOURCE_UID);
            case MQTT:
                return env.fromSource(mqtt(settings), WatermarkStrategy.noWatermarks(), "mqtt: "
                                + String.join(",", settings.mqtt().topicFilters()), TypeInformation.of(Envelope.class))
                        .uid(SOURCE_UID);
            default:
                throw new IllegalArgumentException("unknown source '" + settings.source() + "'");
        }
    }

    /**
     * An MQTT source with one subscription (split) per topic filter and the job's own persistent sessions (client ids
     * {@code <groupId>-<split>}), acknowledging after the covering checkpoint or on receipt.
     */
    public static MqttSource<Envelope> mqtt(SourceSettings settings) {
        SourceSettings.Mqtt m = settings.mqtt();
        return MqttSource.<Envelope>builder()
                .serverUri(m.url())
                .topicFilters(m.topicFilters())
                .clientIdPrefix(settings.groupId())
                .qos(m.qos())
                .ackMode(m.ackAfterCheckpoint() ? MqttAckMode.AFTER_CHECKPOINT : MqttAckMode.ON_RECEIPT)
                .deserializer(new EnvelopeMqttDeserializer())
                .build();
    }

    /**
     * A Kafka source reading the topic from the earliest offset in the job's own consumer group. Offsets are
     * committed to the group on each completed checkpoint (for lag monitoring only: a restore uses the
     * checkpointed offsets).
     */
    public static KafkaSource<Envelope> kafka(SourceSettings settings) {
        return KafkaSource.<Envelope>builder()
                .setBootstrapServers(settings.bootstrap())
                .setTopics(settings.topic())
                .setGroupId(settings.groupId())
                .setClientIdPrefix(settings.groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new EnvelopeDeserializer())
                .setProperty("fetch.min.bytes", Integer.toString(FETCH_MIN_BYTES))
                .setProperty("fetch.max.wait.ms", Integer.toString(settings.fetchMaxWaitMs()))
                .build();
    }
}
