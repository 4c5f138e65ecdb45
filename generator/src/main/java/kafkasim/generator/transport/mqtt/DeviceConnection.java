package kafkasim.generator.transport.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kafkasim.common.mqtt.MqttUrl;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.generator.transport.Transport;

/**
 * One simulated device's MQTT connection (client id = deviceId), as a real device has. Every client is built
 * from the same builder defaults, so all of them share HiveMQ's one Netty event-loop group and RxJava scheduler:
 * a worker holds thousands of connections on a few threads.
 */
abstract sealed class DeviceConnection {
    /** Reconnect back-off of a device that lost its broker: quick first, then at most every 10 s. */
    static final long RECONNECT_INITIAL_MS = 500;
    static final long RECONNECT_MAX_MS = 10_000;

    final MqttTopic topic;
    final MqttQos qos;

    private DeviceConnection(MqttTopic topic, MqttQos qos) {
        this.topic = topic;
        this.qos = qos;
    }

    /**
     * @param localAddress the address the connection leaves from, or null for the system's choice
     */
    static DeviceConnection create(MqttUrl url, InetAddress localAddress, String type, String deviceId,
                                   MqttSettings settings) {
        MqttTopic topic = MqttTopic.of(MqttSettings.telemetryTopic(type, deviceId));
        MqttClientBuilder builder = MqttClient.builder().identifier(deviceId)
                .transportConfig().serverHost(url.host()).serverPort(url.port()).localAddress(localAddress)
                .applyTransportConfig()
                .automaticReconnect().initialDelay(RECONNECT_INITIAL_MS, TimeUnit.MILLISECONDS)
                .maxDelay(RECONNECT_MAX_MS, TimeUnit.MILLISECONDS).applyAutomaticReconnect();
        MqttQos qos = MqttClientSettings.qos(settings);
        return MqttSettings.VERSION_3_1_1.equals(settings.version())
                ? new V3(builder.useMqttVersion3().buildAsync(), topic, qos)
                : new V5(builder.useMqttVersion5().buildAsync(), topic, qos);
    }

    /** Connects; completes when the broker accepted the connection. */
    abstract CompletableFuture<?> connect(MqttSettings settings);

    /**
     * Publishes {@code payload} (which the client keeps until it is written: the caller passes a copy).
     * {@code completion} runs when the broker acknowledged it (QoS 1: PUBACK, QoS 2: PUBCOMP) or, at QoS 0, when
     * it was written.
     */
    abstract void publish(byte[] payload, Transport.Completion completion);

    abstract CompletableFuture<Void> disconnect();

    private static final class V5 extends DeviceConnection {
        private final Mqtt5AsyncClient client;

        V5(Mqtt5AsyncClient client, MqttTopic topic, MqttQos qos) {
            super(topic, qos);
            this.client = client;
        }

        @Override
        CompletableFuture<?> connect(MqttSettings s) {
            return client.connectWith().cleanStart(s.cleanStart()).sessionExpiryInterval(s.sessionExpirySec())
                    .keepAlive(s.keepAliveSec()).send();
        }

        @Override
        void publish(byte[] payload, Transport.Completion completion) {
            client.publish(Mqtt5Publish.builder().topic(topic).qos(qos).payload(payload).build())
                    .whenComplete((result, error) -> completion.completed(
                            error != null ? error : result.getError().orElse(null)));
        }

        @Override
        CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }
    }

    private static final class V3 extends DeviceConnection {
        private final Mqtt3AsyncClient client;

        V3(Mqtt3AsyncClient client, MqttTopic topic, MqttQos qos) {
            super(topic, qos);
            this.client = client;
        }

        @Override
        CompletableFuture<?> connect(MqttSettings s) {
            return client.connectWith().cleanSession(s.cleanStart()).keepAlive(s.keepAliveSec()).send();
        }

        @Override
        void publish(byte[] payload, Transport.Completion completion) {
            client.publish(Mqtt3Publish.builder().topic(topic).qos(qos).payload(payload).build())
                    .whenComplete((result, error) -> completion.completed(error));
        }

        @Override
        CompletableFuture<Void> disconnect() {
            return client.disconnect();
        }
    }
}
