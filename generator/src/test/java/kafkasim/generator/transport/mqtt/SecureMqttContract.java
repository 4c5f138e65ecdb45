package kafkasim.generator.transport.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafkasim.common.envelope.Envelope;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.MqttClientSecurity;
import kafkasim.common.security.MqttCredentials;
import kafkasim.common.security.Principals;
import kafkasim.common.security.Rejection;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;
import kafkasim.common.security.SecuritySettings;
import kafkasim.generator.plan.MqttTransportConfig;
import kafkasim.generator.transport.DeviceAddress;
import kafkasim.generator.transport.Transport;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import kafkasim.infra.mqtt.MqttBrokerSecurity;
import kafkasim.infra.security.SecurityMaterial;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secured embedded broker (one per test class, on a free port) and the devices' transport against it: the server
 * certificate verifies with OpenSSL, a job's principal reads with {@code mosquitto_sub} everything a valid device
 * publishes, the refused groups' messages never arrive and each refusal is classified with its {@link Rejection}.
 * A subclass per broker and mode names the groups and what must become of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SecureMqttContract {
    static final String GOOD = "good";
    static final int DEVICES_PER_GROUP = 2;
    static final int MESSAGES_PER_DEVICE = 10;
    static final MqttSettings MQTT = new MqttSettings(null, null, null, null, null, null, null, null, null)
            .withDefaults();
    /** The reading job's principal. */
    static final String JOB = Principals.job("fast");

    SecurityMaterial material;
    EmbeddedMqttBroker broker;
    /** This class's temporary folder. */
    Path tmp;

    /** {@code hivemq} or {@code mosquitto}. */
    abstract String kind();

    abstract SecurityMode mode();

    /** The deliberate deviations, by group (besides {@link #GOOD}, which conforms). */
    abstract Map<String, GroupSecurity> deviations();

    /** What the broker does to each group's publishes: null = accepted. */
    abstract Map<String, Rejection> expectedRejections();

    boolean acl() {
        return mode().authenticates();
    }

    SecuritySettings settings() {
        return new SecuritySettings(mode().id(), acl(), deviations());
    }

    List<String> types() {
        List<String> types = new ArrayList<>(List.of(GOOD));
        types.addAll(new TreeSet<>(deviations().keySet()));
        types.addAll(extraGroups());
        return types;
    }

    @BeforeAll
    void start(@TempDir Path tmp) {
        this.tmp = tmp;
        Set<String> clients = new TreeSet<>(Set.of(JOB));
        Set<String> wrong = new TreeSet<>();
        Set<String> noCertificate = new TreeSet<>();
        for (String t : types()) {
            clients.add(Principals.devices(t));
            String credentials = settings().withDefaults().group(t).withDefaults().credentials();
            if (GroupSecurity.WRONG_PASSWORD.equals(credentials)) {
                wrong.add(Principals.devices(t));
            } else if (GroupSecurity.NONE.equals(credentials)) {
                noCertificate.add(Principals.devices(t));
            }
        }
        material = SecurityMaterial.create(tmp.resolve("security"), new SecurityMaterial.Request("it", mode(),
                Set.of(Principals.MQTT_BROKER), clients, wrong, noCertificate));
        long t0 = System.nanoTime();
        broker = EmbeddedMqttBroker.start(kind(), tmp.resolve(kind()), 0, MqttBrokerOptions.defaults()
                .withSecurity(MqttBrokerSecurity.of(material, settings(), types())));
        System.out.println(kind() + " " + mode() + " started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    SecurityFiles files() {
        return material.files();
    }

    /** How {@code principal} authenticates to mosquitto_sub/pub in this mode (TLS with the run CA always). */
    List<String> cliAuth(String principal) {
        List<String> args = new ArrayList<>(List.of("--cafile", files().caCertificate().toString()));
        if (mode() == SecurityMode.SASL_SSL) {
            MqttCredentials c = MqttCredentials.read(files().credentials(principal));
            args.addAll(List.of("-u", c.username(), "-P", new String(c.password())));
        } else if (mode() == SecurityMode.MTLS) {
            args.addAll(List.of("--cert", files().certificateChain(principal).toString(), "--key",
                    files().privateKey(principal).toString()));
        }
        return args;
    }

    @Test
    void theServerCertificateVerifiesWithOpenSsl() throws Exception {
        List<String> clientCert = mode() == SecurityMode.MTLS ? List.of("-cert",
                files().certificateChain(JOB).toString(), "-key", files().privateKey(JOB).toString()) : List.of();
        MqttCliOverTls.Result r = MqttCliOverTls.sClient(broker.port(), files().caCertificate().toString(), clientCert);
        System.out.println("openssl s_client: exit " + r.exitCode() + "\n" + r.output().strip());
        assertTrue(r.output().contains("Verification: OK"), r.output());
        assertEquals(0, r.exitCode(), r.output());
    }

    /**
     * Every group of the scenario publishes through the transport; the job's principal reads with mosquitto_sub. The
     * valid group's messages all arrive; each refused group's messages complete with the expected rejection and
     * none arrives; a valid device that publishes outside its own topic is not heard either.
     */
    @Test
    void validDevicesArriveAndEachRefusalIsClassified() throws Exception {
        Map<String, List<DeviceAddress>> byType = new LinkedHashMap<>();
        List<DeviceAddress> all = new ArrayList<>();
        for (String t : types()) {
            for (int i = 0; i < DEVICES_PER_GROUP; i++) {
                DeviceAddress d = DeviceAddress.of(t, Envelope.deviceId(t, i));
                byType.computeIfAbsent(t, k -> new ArrayList<>()).add(d);
                all.add(d);
            }
        }
        Map<String, MqttClientSecurity> security = new HashMap<>(MqttTransportConfig.deviceSecurity(mode(),
                settings(), files(), types()));
        security.putAll(extraGroupSecurity());
        try (MqttCliOverTls.Subscriber sub = new MqttCliOverTls.Subscriber(broker.port(), cliAuth(JOB))) {
            Transport transport = new MqttTransport(broker.url(), MQTT, security);
            long t0 = System.nanoTime();
            transport.attach(all); // refused groups neither throw nor hold up the others
            System.out.println("attach of " + all.size() + " devices: " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            Map<String, Map<String, Integer>> outcomes = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(all.size() * MESSAGES_PER_DEVICE);
            for (int seq = 0; seq < MESSAGES_PER_DEVICE; seq++) {
                for (DeviceAddress d : all) {
                    transport.publish(d, (d.deviceId() + "#" + seq).getBytes(), error -> {
                        Rejection r = error == null ? null : transport.rejectionOf(error);
                        String what = error == null ? "ok" : r == null ? "error " + error : r.id();
                        outcomes.computeIfAbsent(d.type(), k -> new ConcurrentHashMap<>()).merge(what, 1, Integer::sum);
                        done.countDown();
                    });
                }
            }
            assertTrue(done.await(30, TimeUnit.SECONDS), "every completion within 30 s: " + outcomes);
            // a valid device's publish to another device's topic, then its own last one, by an independent client
            DeviceAddress good = byType.get(GOOD).get(0);
            List<String> goodAuth = new ArrayList<>(cliAuth(Principals.devices(GOOD)));
            goodAuth.addAll(List.of("-i", good.deviceId()));
            MqttCliOverTls.publish(broker.port(), MqttSettings.telemetryTopic(GOOD, Envelope.deviceId(GOOD, 1)),
                    goodAuth, List.of("foreign"));
            MqttCliOverTls.publish(broker.port(), MqttSettings.telemetryTopic(GOOD, good.deviceId()), goodAuth,
                    List.of("end"));
            List<String> received = sub.awaitLine(MqttSettings.telemetryTopic(GOOD, good.deviceId()) + " end");
            transport.close(Duration.ofSeconds(10));
            System.out.println(kind() + " " + mode() + " outcomes by group: " + outcomes + "; mosquitto_sub read "
                    + received.size() + " messages");

            Map<String, Integer> perType = new HashMap<>();
            for (String line : received) {
                perType.merge(line.split("/")[1], 1, Integer::sum);
            }
            int expectedGood = DEVICES_PER_GROUP * MESSAGES_PER_DEVICE;
            assertEquals(Map.of("ok", expectedGood), outcomes.get(GOOD));
            // + "end", and the foreign publish wherever no ACL stops it
            Map<String, Integer> expectedPerType = new HashMap<>(Map.of(GOOD, expectedGood + 1 + (acl() ? 0 : 1)));
            for (Map.Entry<String, Rejection> e : expectedRejections().entrySet()) {
                if (e.getValue() == null) {
                    assertEquals(Map.of("ok", expectedGood), outcomes.get(e.getKey()), e.getKey());
                    expectedPerType.put(e.getKey(), expectedGood);
                } else {
                    assertEquals(Map.of(e.getValue().id(), expectedGood), outcomes.get(e.getKey()), e.getKey());
                }
            }
            assertEquals(expectedPerType, perType, "what the job's principal read, by group: " + received);
            boolean foreignArrived = received.stream().anyMatch(l -> l.endsWith(" foreign"));
            assertEquals(!acl(), foreignArrived, "a publish outside the device's own topic arrives only without ACL");
        }
    }

    /** Groups whose security is not the scenario's (e.g. one that trusts another CA): {@link #extraGroupSecurity}. */
    List<String> extraGroups() {
        return List.of();
    }

    /** The security of {@link #extraGroups()}, by type. */
    Map<String, MqttClientSecurity> extraGroupSecurity() {
        return Map.of();
    }

    @Test
    void mosquittoClientsWithoutValidCredentialsAreRefused() throws Exception {
        String topic = MqttSettings.telemetryTopic(GOOD, Envelope.deviceId(GOOD, 0));
        // TLS, anonymous: refused wherever the broker authenticates
        MqttCliOverTls.Result anonymous = MqttCliOverTls.publishOne(broker.port(), topic,
                List.of("--cafile", files().caCertificate().toString()), "x");
        System.out.println("anonymous mosquitto_pub: exit " + anonymous.exitCode() + " " + anonymous.output().strip());
        assertEquals(mode().authenticates(), anonymous.exitCode() != 0, anonymous.output());
        if (mode() == SecurityMode.SASL_SSL) {
            MqttCliOverTls.Result wrong = MqttCliOverTls.publishOne(broker.port(), topic, List.of("--cafile",
                    files().caCertificate().toString(), "-u", Principals.devices(GOOD), "-P", "not-the-password"), "x");
            System.out.println("wrong-password mosquitto_pub: exit " + wrong.exitCode() + " " + wrong.output().strip());
            assertNotEquals(0, wrong.exitCode(), wrong.output());
        }
    }
}
