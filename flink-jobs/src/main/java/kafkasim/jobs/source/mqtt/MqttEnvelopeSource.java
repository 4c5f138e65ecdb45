package kafkasim.jobs.source.mqtt;

import kafkasim.common.envelope.Envelope;
import kafkasim.common.jobs.JobSource;

/** The old architecture's envelope source: this package's {@link MqttSource} on the devices' telemetry topics. */
public final class MqttEnvelopeSource {
    private MqttEnvelopeSource() {
    }

    /**
     * An MQTT source with one subscription (split) per topic filter and the job's own persistent sessions (client ids
     * {@code <groupId>-<split>}), acknowledging after the covering checkpoint or on receipt.
     */
    public static MqttSource<Envelope> of(JobSource.Mqtt m, String groupId) {
        return MqttSource.<Envelope>builder()
                .serverUri(m.url())
                .topicFilters(m.topicFilters())
                .clientIdPrefix(groupId)
                .qos(m.qos())
                .ackMode(m.ackAfterCheckpoint() ? MqttAckMode.AFTER_CHECKPOINT : MqttAckMode.ON_RECEIPT)
                .security(m.security())
                .deserializer(new MqttEnvelopeDeserializer())
                .build();
    }
}
