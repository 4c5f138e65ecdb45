package kafkasim.generator.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.generator.transport.mqtt.MqttTransport;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The transport contract over MQTT (QoS 1, MQTT 5, the scenario defaults); the reader is Debian's
 * {@code mosquitto_sub}, which shares no code with the transport.
 */
abstract class MqttTransportContract extends TransportContract {
    static final MqttSettings SETTINGS = new MqttSettings(null, null, null, null, null, null, null, null, null)
            .withDefaults();
    @TempDir
    static Path brokerDir;
    static EmbeddedMqttBroker broker;

    /**
     * The limits a run gives the embedded brokers: with HiveMQ's own (50 in flight, 1,000 queued per subscriber,
     * then dropped) the independent subscriber loses part of a burst, which is the broker's doing, not the
     * transport's.
     */
    static final MqttBrokerOptions OPTIONS = MqttBrokerOptions.defaults()
            .withMaxInflightMessages(SETTINGS.brokerInflightWindow())
            .withMaxQueuedMessages(SETTINGS.brokerMaxQueuedMessages());

    static void startBroker(String kind) {
        broker = EmbeddedMqttBroker.start(kind, brokerDir, 0, OPTIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected Transport newTransport(String clientId) {
        return new MqttTransport(broker.url(), SETTINGS);
    }

    @Override
    protected void restartBroker() {
        String kind = broker.kind();
        int port = broker.port();
        broker.close();
        broker = EmbeddedMqttBroker.start(kind, brokerDir, port, OPTIONS);
    }

    /** QoS 0 and 2, MQTT 3.1.1, persistent sessions and keep-alive reach the broker as the scenario says them. */
    @ParameterizedTest
    @CsvSource({"0, 5, true, 0", "2, 5, false, 600", "1, 3.1.1, false, ", "2, 3.1.1, true, "})
    void everyQosVersionAndSessionKindDelivers(int qos, String version, boolean cleanStart, Long expirySec)
            throws Exception {
        List<DeviceAddress> devices = devices("q" + qos + "v" + version.replace(".", "") + cleanStart, 2);
        MqttSettings settings = new MqttSettings(qos, version, cleanStart, expirySec, 30, null, null, null, null)
                .withDefaults();
        Outcomes outcomes = new Outcomes();
        try (Reader reader = newReader(devices)) {
            Transport transport = new MqttTransport(broker.url(), settings);
            transport.attach(devices);
            int id = publishRounds(transport, devices, 0, 20, outcomes, 0);
            transport.close(Duration.ofSeconds(30));
            assertEquals(List.of(), outcomes.errors);
            assertEquals(id, outcomes.acked.get(), "QoS 0 completes when written, 1 on PUBACK, 2 on PUBCOMP");
            Map<String, List<String>> received = reader.await(id, Duration.ofSeconds(30));
            for (DeviceAddress d : devices) {
                assertEquals(20, received.getOrDefault(d.deviceId(), List.of()).size(), d.deviceId() + ": " + received);
                assertEquals(payload(d, 19), received.get(d.deviceId()).get(19));
            }
        }
    }

    /** {@code mosquitto_sub} at QoS 1 on the devices' topics; ready once its SUBACK arrived. */
    @Override
    protected Reader newReader(List<DeviceAddress> devices) throws Exception {
        Set<String> ids = devices.stream().map(DeviceAddress::deviceId).collect(Collectors.toSet());
        // stdbuf: mosquitto_sub flushes after each message, not after its debug lines (the SUBACK)
        Process sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port()),
                "-q", "1", "-t", "devices/contract/+/telemetry", "-F", "%t %p", "-d")
                .redirectErrorStream(true).start();
        Map<String, List<String>> received = new HashMap<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(sub.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.contains("received SUBACK")) {
                        subscribed.countDown();
                    } else if (line.startsWith("devices/contract/")) {
                        String deviceId = line.substring("devices/contract/".length(), line.indexOf("/telemetry"));
                        if (ids.contains(deviceId)) {
                            synchronized (received) {
                                received.computeIfAbsent(deviceId, k -> new ArrayList<>())
                                        .add(line.substring(line.indexOf(' ') + 1));
                            }
                        }
                    }
                }
            } catch (Exception e) {
                // the process was stopped
            }
        }, "mosquitto_sub-reader");
        pump.setDaemon(true);
        pump.start();
        if (!subscribed.await(30, TimeUnit.SECONDS)) {
            sub.destroyForcibly();
            throw new IllegalStateException("mosquitto_sub did not subscribe within 30 s");
        }
        return new Reader() {
            @Override
            public Map<String, List<String>> received() {
                synchronized (received) {
                    Map<String, List<String>> copy = new HashMap<>();
                    received.forEach((k, v) -> copy.put(k, List.copyOf(v)));
                    return copy;
                }
            }

            @Override
            public void close() throws InterruptedException {
                sub.destroy();
                sub.waitFor(5, TimeUnit.SECONDS);
            }
        };
    }
}
