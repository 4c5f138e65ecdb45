package kafkasim.jobs.source.mqtt.reader;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.auth.Mqtt3SimpleAuth;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import kafkasim.jobs.source.mqtt.MqttSourceSettings;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;

/**
 * MQTT 3.1.1: {@code cleanSession=false}. The protocol has no session expiry and no receive maximum: the session
 * lives as long as the broker's configuration says, and the broker's own in-flight limit bounds the unacknowledged
 * messages (Mosquitto's {@code max_inflight_messages}, default 20).
 */
final class Mqtt3SplitConnection extends SplitConnection {
    private final Mqtt3AsyncClient client;

    Mqtt3SplitConnection(MqttSourceSettings settings, MqttTopicSplit split, Listener listener, Executor callbacks,
                          ConnectionSecurity security) {
        super(settings, split, listener);
        Mqtt3ClientBuilder builder = Mqtt3Client.builder()
                .identifier(clientId)
                .serverHost(settings.host())
                .serverPort(settings.port())
                .sslConfig(security.ssl().orElse(null))
                .addConnectedListener(context -> onConnected(
                        ((Mqtt3ClientConnectedContext) context).getConnAck().isSessionPresent()))
                .addDisconnectedListener(this::onDisconnected);
        // the job's principal (sasl_ssl); the password is never logged: toString shows the client id only
        security.credentials().ifPresent(c -> builder.simpleAuth(Mqtt3SimpleAuth.builder().username(c.username())
                .password(c.password()).build()));
        client = builder.buildAsync();
        // registered before connecting: a resumed session's messages arrive right after CONNACK, before SUBACK
        client.publishes(MqttGlobalPublishFilter.ALL, this::deliver, callbacks, settings.manualAcknowledgement());
    }

    private void deliver(Mqtt3Publish publish) {
        listener.onMessage(new ReceivedMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                settings.manualAcknowledgement() ? publish::acknowledge : null));
    }

    @Override
    protected CompletableFuture<Integer> connectAndSubscribe() {
        return client.connectWith()
                .cleanSession(false)
                .send()
                .thenCompose(connAck -> client.subscribeWith()
                        .topicFilter(split.topicFilter())
                        .qos(MqttQos.fromCode(settings.qos()))
                        .send())
                .thenApply(subAck -> subAck.getReturnCodes().get(0).getCode());
    }

    @Override
    protected MqttClientState state() {
        return client.getState();
    }

    @Override
    protected CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }
}
