package kafkasim.generator.transport.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import java.util.ArrayList;
import java.util.List;
import kafkasim.common.scenario.MqttSettings;

/**
 * The scenario's {@code mqtt} group as HiveMQ's client takes it, checked by the client's own builders at load time
 * (the way {@code kafka.producer} is checked with Kafka's {@code ProducerConfig}): a value the library would refuse
 * when a worker connects is a bad-input error naming the field before anything starts.
 */
public final class MqttClientSettings {
    private MqttClientSettings() {
    }

    /** Problems of {@code settings} (raw, as written), each prefixed with {@code field}; empty when fine. */
    public static List<String> problems(MqttSettings settings, String field) {
        List<String> problems = new ArrayList<>();
        if (settings == null) {
            return problems;
        }
        MqttSettings s = settings.withDefaults();
        if (MqttQos.fromCode(s.qos()) == null) {
            problems.add(field + ".qos: the MQTT client knows no QoS " + s.qos());
        }
        try {
            if (MqttSettings.VERSION_3_1_1.equals(s.version())) {
                Mqtt3Connect.builder().cleanSession(s.cleanStart()).keepAlive(s.keepAliveSec()).build();
            } else {
                Mqtt5Connect.builder().cleanStart(s.cleanStart()).keepAlive(s.keepAliveSec())
                        .sessionExpiryInterval(s.sessionExpirySec()).build();
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            problems.add(field + ": the MQTT client refuses the connect settings: " + e.getMessage());
        }
        return problems;
    }

    /** The client's QoS for a validated setting. */
    static MqttQos qos(MqttSettings settings) {
        return MqttQos.fromCode(settings.qos());
    }
}
