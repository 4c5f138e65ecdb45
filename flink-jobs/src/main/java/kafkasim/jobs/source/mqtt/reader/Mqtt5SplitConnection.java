package kafkasim.jobs.source.mqtt.reader;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.auth.Mqtt5SimpleAuth;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import kafkasim.jobs.source.mqtt.MqttSourceSettings;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;

/**
 * MQTT 5: {@code cleanStart=false} with the settings' session expiry, and a receive maximum that lets the broker's
 * in-flight window, not the client, bound the unacknowledged messages.
 */
final class Mqtt5SplitConnection extends SplitConnection {
    private final Mqtt5AsyncClient client;

    Mqtt5SplitConnection(MqttSourceSettings settings, MqttTopicSplit split, Listener listener, Executor callbacks,
                          ConnectionSecurity security) {
        super(settings, split, listener);
        Mqtt5ClientBuilder builder = Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost(settings.host())
                .serverPort(settings.port())
                .sslConfig(security.ssl().orElse(null))
                .addConnectedListener(context -> onConnected(
                        ((Mqtt5ClientConnectedContext) context).getConnAck().isSessionPresent()))
                .addDisconnectedListener(this::onDisconnected);
        // the job's principal (sasl_ssl); the password is never logged: toString shows the client id only
        security.credentials().ifPresent(c -> builder.simpleAuth(Mqtt5SimpleAuth.builder().username(c.username())
                .password(c.password()).build()));
        client = builder.buildAsync();
        // registered before connecting: a resumed session's messages arrive right after CONNACK, before SUBACK
        client.publishes(MqttGlobalPublishFilter.ALL, this::deliver, callbacks, settings.manualAcknowledgement());
    }

    private void deliver(Mqtt5Publish publish) {
        listener.onMessage(new ReceivedMessage(publish.getTopic().toString(), publish.getPayloadAsBytes(),
                settings.manualAcknowledgement() ? publish::acknowledge : null));
    }

    @Override
    protected CompletableFuture<Integer> connectAndSubscribe() {
        return client.connectWith()
                .cleanStart(false)
                .sessionExpiryInterval(settings.sessionExpirySec())
                .restrictions().receiveMaximum(settings.receiveMaximum()).applyRestrictions()
                .send()
                .thenCompose(connAck -> client.subscribeWith()
                        .topicFilter(split.topicFilter())
                        .qos(MqttQos.fromCode(settings.qos()))
                        .send())
                .thenApply(subAck -> subAck.getReasonCodes().get(0).getCode());
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
