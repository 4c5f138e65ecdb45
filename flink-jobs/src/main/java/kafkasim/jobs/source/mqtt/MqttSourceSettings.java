package kafkasim.jobs.source.mqtt;

import com.hivemq.client.mqtt.MqttVersion;
import java.io.Serializable;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;

/**
 * How every reader of an {@link MqttSource} connects; checked by {@link MqttSourceBuilder#build()}.
 *
 * @param host             broker host
 * @param port             broker port
 * @param clientIdPrefix   a split's connection has client id {@code <clientIdPrefix>-<splitId>}: the key of its
 *                         broker session, so two jobs must never share a prefix
 * @param qos              the subscriptions' QoS, 0–2
 * @param ackMode          when messages are acknowledged to the broker
 * @param sessionExpirySec how long the broker keeps a split's session after its connection is gone (MQTT 5;
 *                         MQTT 3.1.1 sessions live as long as the broker's configuration says)
 * @param receiveMaximum   how many unacknowledged QoS 1/2 messages the broker may send per connection (MQTT 5)
 * @param mqttVersion      MQTT 5 or 3.1.1
 * @param security         TLS and the job's principal (file paths only; read by each connection)
 */
public record MqttSourceSettings(String host, int port, String clientIdPrefix, int qos, MqttAckMode ackMode,
                                 long sessionExpirySec, int receiveMaximum, MqttVersion mqttVersion,
                                 MqttClientSecurity security)
        implements Serializable {

    public MqttSourceSettings {
        security = security == null ? MqttClientSecurity.PLAIN : security;
    }

    /** Plain TCP, anonymous. */
    public MqttSourceSettings(String host, int port, String clientIdPrefix, int qos, MqttAckMode ackMode,
                              long sessionExpirySec, int receiveMaximum, MqttVersion mqttVersion) {
        this(host, port, clientIdPrefix, qos, ackMode, sessionExpirySec, receiveMaximum, mqttVersion, null);
    }

    /** The client id of {@code split}'s connection. */
    public String clientId(MqttTopicSplit split) {
        return clientIdPrefix + "-" + split.splitId();
    }

    /** Whether messages are acknowledged by the source (after checkpoints) instead of by the client on receipt. */
    public boolean manualAcknowledgement() {
        return ackMode == MqttAckMode.AFTER_CHECKPOINT;
    }
}
