package kafkasim.jobs.source;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSource;
import kafkasim.jobs.source.kafka.KafkaEnvelopeSource;
import kafkasim.jobs.source.mqtt.MqttEnvelopeSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The one place a path job's envelope source is chosen (by the spec's {@link JobSource}). Pipelines take the
 * resulting {@code DataStream<Envelope>} and never know the transport: Kafka (the new architecture,
 * {@code source.kafka}) or MQTT (the old one, {@code source.mqtt}), so the comparison stays fair: one job code path
 * per path.
 */
public final class Sources {
    /** Name and uid of the source operator (stable, so savepoints keep the source's state). */
    public static final String SOURCE_UID = "envelope-source";

    private Sources() {
    }

    /** The envelopes of {@code settings}' transport, without watermarks (latency is wall-clock, not event time). */
    public static DataStream<Envelope> envelopes(StreamExecutionEnvironment env, SourceSettings settings) {
        if (settings.source() instanceof JobSource.Kafka kafka) {
            return env.fromSource(KafkaEnvelopeSource.of(kafka, settings.groupId(), settings.fetchMaxWaitMs(),
                                    settings.kafkaSecurity()),
                            WatermarkStrategy.noWatermarks(), "kafka: " + kafka.topic(),
                            TypeInformation.of(Envelope.class))
                    .uid(SOURCE_UID);
        }
        if (settings.source() instanceof JobSource.Mqtt mqtt) {
            return env.fromSource(MqttEnvelopeSource.of(mqtt, settings.groupId()), WatermarkStrategy.noWatermarks(),
                            "mqtt: " + String.join(",", mqtt.topicFilters()), TypeInformation.of(Envelope.class))
                    .uid(SOURCE_UID);
        }
        throw new IllegalArgumentException("a path job needs a source, got " + settings.source());
    }
}
