package kafkasim.jobs.source.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.MqttVersion;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.envelope.EnvelopeEncoder;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.jobs.common.MicroTime;
import kafkasim.jobs.source.EnvelopeSourceContract.Message;
import kafkasim.jobs.source.mqtt.split.MqttTopicSplit;

/**
 * The devices and the probes of the MQTT source's ITs: plain HiveMQ clients, sharing no code with the source,
 * against the broker on 127.0.0.1:{@code port}.
 */
final class MqttTestClients {
    static final int PAYLOAD_BYTES = 256;
    static final long TIMEOUT_SEC = 60;
    static final String HOST = "127.0.0.1";
    private static final byte[] SENTINEL = "sentinel".getBytes(StandardCharsets.UTF_8);

    private MqttTestClients() {
    }

    static String topic(String type, String deviceId) {
        return "devices/" + type + "/" + deviceId + "/telemetry";
    }

    /**
     * Opens every split's session and subscription as the source will (same client id, persistent session), so the
     * broker keeps what is published before the job's readers connect.
     */
    static void createSessions(int port, MqttSource<?> source) throws Exception {
        MqttSourceSettings s = source.settings();
        for (MqttTopicSplit split : source.splits()) {
            MqttQos qos = MqttQos.fromCode(s.qos());
            if (s.mqttVersion() == MqttVersion.MQTT_3_1_1) {
                Mqtt3AsyncClient client = Mqtt3Client.builder().identifier(s.clientId(split))
                        .serverHost(HOST).serverPort(port).buildAsync();
                client.connectWith().cleanSession(false).send()
                        .thenCompose(a -> client.subscribeWith().topicFilter(split.topicFilter()).qos(qos).send())
                        .thenCompose(a -> client.disconnect()).get(TIMEOUT_SEC, TimeUnit.SECONDS);
            } else {
                Mqtt5AsyncClient client = secured(Mqtt5Client.builder().identifier(s.clientId(split))
                        .serverHost(HOST).serverPort(port), s.security()).buildAsync();
                client.connectWith().cleanStart(false).sessionExpiryInterval(s.sessionExpirySec()).send()
                        .thenCompose(a -> client.subscribeWith().topicFilter(split.topicFilter()).qos(qos).send())
                        .thenCompose(a -> client.disconnect()).get(TIMEOUT_SEC, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Publishes seqs {@code [fromSeq, toSeq)} of {@code devicesPerType} devices of each type as real envelopes at
     * QoS 1 and waits until the broker acknowledged every one (see {@link #publish(int, List, int)}). Returns the
     * number of messages.
     */
    static int publish(int port, List<String> types, int devicesPerType, long fromSeq, long toSeq, int publishers)
            throws Exception {
        List<Message> messages = envelopes(types, devicesPerType, fromSeq, toSeq);
        publish(port, messages, publishers);
        return messages.size();
    }

    /** Seqs {@code [fromSeq, toSeq)} of {@code devicesPerType} devices of each type as real envelopes. */
    static List<Message> envelopes(List<String> types, int devicesPerType, long fromSeq, long toSeq) {
        Map<String, EnvelopeEncoder> encoders = new LinkedHashMap<>();
        for (String type : types) {
            encoders.put(type, new EnvelopeEncoder(type, List.of("value"), PAYLOAD_BYTES));
        }
        List<Message> messages = new ArrayList<>();
        for (long seq = fromSeq; seq < toSeq; seq++) {
            for (String type : types) {
                for (int i = 0; i < devicesPerType; i++) {
                    String deviceId = Envelope.deviceId(type, i);
                    byte[] payload = new byte[PAYLOAD_BYTES];
                    encoders.get(type).encode(payload, deviceId.getBytes(StandardCharsets.UTF_8), seq,
                            MicroTime.nowUs(), false, new double[] {20.0 + (seq % 10)}, 0);
                    messages.add(new Message(type, deviceId, payload));
                }
            }
        }
        return messages;
    }

    /**
     * Publishes {@code messages} in their order at QoS 1 to their devices' topics, each device always from the same
     * one of {@code publishers} connections (so the broker keeps its order), and waits until the broker
     * acknowledged every one.
     */
    static void publish(int port, List<Message> messages, int publishers) throws Exception {
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("it-device-publisher-" + p)
                    .serverHost(HOST).serverPort(port).buildAsync();
            client.connect().get(TIMEOUT_SEC, TimeUnit.SECONDS);
            clients.add(client);
        }
        Map<String, Mqtt5AsyncClient> byDevice = new HashMap<>();
        publish(messages, m -> byDevice.computeIfAbsent(m.deviceId(), d -> clients.get(byDevice.size() % publishers)));
        for (Mqtt5AsyncClient client : clients) {
            client.disconnect().get(TIMEOUT_SEC, TimeUnit.SECONDS);
        }
    }

    /**
     * As {@link #publish(int, List, int)} on a secured broker: each device over its own connection (client id = its
     * device id, as a broker's ACL wants it) with its group's security.
     */
    static void publishAsDevices(int port, List<Message> messages, Function<String, MqttClientSecurity> byType)
            throws Exception {
        Map<String, Mqtt5AsyncClient> byDevice = new LinkedHashMap<>();
        for (Message m : messages) {
            if (!byDevice.containsKey(m.deviceId())) {
                Mqtt5AsyncClient client = secured(Mqtt5Client.builder().identifier(m.deviceId()).serverHost(HOST)
                        .serverPort(port), byType.apply(m.type())).buildAsync();
                client.connect().get(TIMEOUT_SEC, TimeUnit.SECONDS);
                byDevice.put(m.deviceId(), client);
            }
        }
        publish(messages, m -> byDevice.get(m.deviceId()));
        for (Mqtt5AsyncClient client : byDevice.values()) {
            client.disconnect().get(TIMEOUT_SEC, TimeUnit.SECONDS);
        }
    }

    /** TLS and username/password (or certificate) of {@code security} on a client builder. */
    static Mqtt5ClientBuilder secured(Mqtt5ClientBuilder b, MqttClientSecurity security) {
        if (!security.encrypted()) {
            return b;
        }
        MqttClientSslConfigBuilder ssl = MqttClientSslConfig.builder();
        security.trustManagers().ifPresent(ssl::trustManagerFactory);
        security.keyManagers().ifPresent(ssl::keyManagerFactory);
        b.sslConfig(ssl.build());
        security.credentials().ifPresent(c -> b.simpleAuth().username(c.username()).password(c.password())
                .applySimpleAuth());
        return b;
    }

    private static void publish(List<Message> messages, Function<Message, Mqtt5AsyncClient> clientOf)
            throws Exception {
        List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
        for (Message m : messages) {
            Mqtt5AsyncClient client = clientOf.apply(m);
            sent.add(client.publishWith().topic(topic(m.type(), m.deviceId())).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(m.payload()).send());
        }
        CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])).get(TIMEOUT_SEC, TimeUnit.SECONDS);
        for (CompletableFuture<Mqtt5PublishResult> f : sent) {
            f.get().getError().ifPresent(e -> {
                throw new IllegalStateException("publish failed", e);
            });
        }
    }

    /**
     * What a split's session still holds that was published before now: publishes a sentinel to {@code topic} (in
     * the split's filter), resumes the session under the split's client id and counts the messages the broker
     * delivers before the sentinel. The job must be gone. Zero means the source acknowledged everything it read.
     */
    static int unacknowledgedLeftovers(int port, MqttSource<?> source, MqttTopicSplit split, String topic) throws Exception {
        Mqtt5AsyncClient publisher = Mqtt5Client.builder().identifier("it-sentinel")
                .serverHost(HOST).serverPort(port).buildAsync();
        publisher.connect().get(TIMEOUT_SEC, TimeUnit.SECONDS);
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(SENTINEL).send()
                .get(TIMEOUT_SEC, TimeUnit.SECONDS);
        publisher.disconnect().get(TIMEOUT_SEC, TimeUnit.SECONDS);

        AtomicInteger before = new AtomicInteger();
        CountDownLatch sentinel = new CountDownLatch(1);
        Mqtt5AsyncClient probe = Mqtt5Client.builder().identifier(source.settings().clientId(split))
                .serverHost(HOST).serverPort(port).buildAsync();
        probe.publishes(MqttGlobalPublishFilter.ALL, p -> {
            if (Arrays.equals(SENTINEL, p.getPayloadAsBytes())) {
                sentinel.countDown();
            } else if (sentinel.getCount() > 0) {
                before.incrementAndGet();
            }
        });
        probe.connectWith().cleanStart(false).sessionExpiryInterval(source.settings().sessionExpirySec()).send()
                .get(TIMEOUT_SEC, TimeUnit.SECONDS);
        try {
            if (!sentinel.await(TIMEOUT_SEC, TimeUnit.SECONDS)) {
                throw new AssertionError("the sentinel on " + topic + " never arrived at " + split);
            }
        } finally {
            probe.disconnect().get(TIMEOUT_SEC, TimeUnit.SECONDS);
        }
        return before.get();
    }
}
