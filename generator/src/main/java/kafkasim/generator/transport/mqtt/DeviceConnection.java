package kafkasim.generator.transport.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
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
 *
 * <p>A connection the broker refuses (credentials, certificate: {@link MqttRejections#refusesConnection}) is not
 * retried: the device keeps the refusal, and each of its messages completes with it at once, so it is counted and
 * costs nothing else. Any other loss of the broker is retried with back-off, as before.
 */
abstract sealed class DeviceConnection {
    /** Reconnect back-off of a device that lost its broker: quick first, then at most every 10 s. */
    static final long RECONNECT_INITIAL_MS = 500;
    static final long RECONNECT_MAX_MS = 10_000;

    final MqttTopic topic;
    final MqttQos qos;
    /** Set once the broker refused this device; then every publish completes with it. */
    private volatile Throwable refusal;

    private DeviceConnection(MqttTopic topic, MqttQos qos) {
        this.topic = topic;
        this.qos = qos;
    }

    /**
     * @param localAddress the address the connection leaves from, or null for the system's choice
     */
    static DeviceConnection create(MqttUrl url, InetAddress localAddress, String type, String deviceId,
                                   MqttSettings settings, DeviceSecurity security) {
        MqttTopic topic = MqttTopic.of(MqttSettings.telemetryTopic(type, deviceId));
        DeviceConnection[] self = new DeviceConnection[1];
        MqttClientBuilder builder = MqttClient.builder().identifier(deviceId)
                .transportConfig().serverHost(url.host()).serverPort(url.port()).localAddress(localAddress)
                .sslConfig(security.ssl().orElse(null))
                .applyTransportConfig()
                .automaticReconnect().initialDelay(RECONNECT_INITIAL_MS, TimeUnit.MILLISECONDS)
                .maxDelay(RECONNECT_MAX_MS, TimeUnit.MILLISECONDS).applyAutomaticReconnect()
                // runs after the automatic reconnect's listener (the client calls that one first): a refusal
                // overrides its decision, so the broker is not asked again and again with the same credentials
                .addDisconnectedListener(context -> {
                    if (context.getSource() != MqttDisconnectSource.USER
                            && MqttRejections.refusesConnection(context.getCause())) {
                        context.getReconnector().reconnect(false);
                        self[0].refusal = context.getCause();
                    }
                });
        MqttQos qos = MqttClientSettings.qos(settings);
        if (MqttSettings.VERSION_3_1_1.equals(settings.version())) {
            Mqtt3ClientBuilder b = builder.useMqttVersion3();
            security.credentials().ifPresent(c -> b.simpleAuth(Mqtt3SimpleAuth.builder().username(c.username())
                    .password(c.password()).build()));
            self[0] = new V3(b.buildAsync(), topic, qos);
        } else {
            Mqtt5ClientBuilder b = builder.useMqttVersion5();
            security.credentials().ifPresent(c -> b.simpleAuth(Mqtt5SimpleAuth.builder().username(c.username())
                    .password(c.password()).build()));
            self[0] = new V5(b.buildAsync(), topic, qos);
        }
        return self[0];
    }

    /** The broker's refusal of this device, or null while it is not refused. */
    Throwable refusal() {
        return refusal;
    }

    /** Marks the device refused with {@code error} (its connect failed with a refusal), if it is not already. */
    void refuse(Throwable error) {
        if (refusal == null) {
            refusal = error;
        }
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
