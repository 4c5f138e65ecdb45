package kafkasim.infra.kafka;

import kafkasim.infra.ChildProcesses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import kafkasim.common.security.SecurityFiles;
import kafkasim.common.security.SecurityMode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit checks that need no broker; the real broker is exercised by {@link EmbeddedKafkaIT}. */
class EmbeddedKafkaTest {

    @Test
    void brokerPropertiesAreLoopbackOnlyKraftCombinedMode() {
        Map<String, String> p = KafkaBrokerConfig.brokerProperties(EmbeddedKafka.Node.single(9093), 9092, 9093, 0,
                Path.of("/tmp/x/data"),
                Map.of("num.partitions", "4", "log.retention.ms", "60000"), KafkaBrokerSecurity.PLAIN);
        assertEquals("broker,controller", p.get("process.roles"));
        assertEquals("PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", p.get("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:9092", p.get("advertised.listeners"));
        assertEquals("1@127.0.0.1:9093", p.get("controller.quorum.voters"));
        assertEquals("CONTROLLER", p.get("controller.listener.names"));
        assertEquals("/tmp/x/data", p.get("log.dirs"));
        assertEquals("false", p.get("auto.create.topics.enable"));
        assertEquals("0", p.get("group.initial.rebalance.delay.ms"));
        assertEquals("1", p.get("offsets.topic.replication.factor"));
        assertEquals("4", p.get("num.partitions"), "extra properties override defaults");
        assertEquals("60000", p.get("log.retention.ms"));
        p.values().forEach(v -> assertTrue(!v.contains("0.0.0.0"), v));
    }

    @Test
    void aProxiedNodeAdvertisesItsProxyOnTheClientsListenerAndKeepsPlaintextDirect() {
        Map<String, String> p = KafkaBrokerConfig.brokerProperties(
                new EmbeddedKafka.Node(2, 3, "1@127.0.0.1:9093,2@127.0.0.1:9193,3@127.0.0.1:9293", 7002), 9192, 9193,
                9194, Path.of("/tmp/x/data"), Map.of(), KafkaBrokerSecurity.PLAIN);
        assertEquals("PLAINTEXT://127.0.0.1:9192,CONTROLLER://127.0.0.1:9193,CLIENTS://127.0.0.1:9194",
                p.get("listeners"));
        assertEquals("PLAINTEXT://127.0.0.1:9192,CLIENTS://127.0.0.1:7002", p.get("advertised.listeners"));
        assertEquals("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,CLIENTS:PLAINTEXT",
                p.get("listener.security.protocol.map"));
        assertEquals("PLAINTEXT", p.get("inter.broker.listener.name"));
    }

    @Test
    void saslSslWithAclsSecuresEveryListenerAndKeepsPasswordsOutOfTheProperties() {
        SecurityFiles files = new SecurityFiles(Path.of("/run/infra/security"));
        KafkaBrokerSecurity security = new KafkaBrokerSecurity(SecurityMode.SASL_SSL, files, true,
                Map.of("broker", "s3cret-broker", "device-sensor", "s3cret-device"));
        Map<String, String> p = KafkaBrokerConfig.brokerProperties(
                new EmbeddedKafka.Node(1, 3, "1@127.0.0.1:9093,2@127.0.0.1:9193,3@127.0.0.1:9293", 7002), 9092, 9093,
                9094, Path.of("/tmp/x/data"), Map.of(), security);
        assertEquals("SASL_SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093,CLIENTS://127.0.0.1:9094",
                p.get("listeners"));
        assertEquals("SASL_SSL:SASL_SSL,CONTROLLER:SSL,CLIENTS:SASL_SSL", p.get("listener.security.protocol.map"));
        assertEquals("SASL_SSL", p.get("inter.broker.listener.name"));
        assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism.inter.broker.protocol"));
        assertEquals("required", p.get("listener.name.controller.ssl.client.auth"));
        assertEquals("none", p.get("ssl.client.auth"));
        assertEquals("${file:/run/infra/security/broker.credentials:sasl.jaas.config}",
                p.get("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config"));
        assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", p.get("authorizer.class.name"));
        assertEquals("User:broker;User:kafkasim", p.get("super.users"));
        p.values().forEach(v -> assertTrue(!v.contains("s3cret"), v));
        assertEquals(List.of("SCRAM-SHA-512=[name=broker,password=s3cret-broker]",
                "SCRAM-SHA-512=[name=device-sensor,password=s3cret-device]"),
                security.scramArguments().stream().sorted().toList());
        assertTrue(!security.toString().contains("s3cret"), security.toString());
    }

    @Test
    void mtlsRequiresClientCertificatesAndMapsTheirCommonName() {
        KafkaBrokerSecurity security = new KafkaBrokerSecurity(SecurityMode.MTLS,
                new SecurityFiles(Path.of("/run/s")), false, Map.of());
        Map<String, String> p = KafkaBrokerConfig.brokerProperties(EmbeddedKafka.Node.single(9093), 9092, 9093, 0,
                Path.of("/tmp/x/data"), Map.of(), security);
        assertEquals("SSL://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093", p.get("listeners"));
        assertEquals("required", p.get("ssl.client.auth"));
        assertEquals("PEM", p.get("ssl.keystore.type"));
        assertEquals("/run/s/broker.keystore.pem", p.get("ssl.keystore.location"));
        assertEquals("/run/s/ca.pem", p.get("ssl.truststore.location"));
        assertEquals(KafkaBrokerSecurity.PRINCIPAL_FROM_CN, p.get("ssl.principal.mapping.rules"));
        assertEquals(null, p.get("authorizer.class.name"));
        assertThrows(IllegalArgumentException.class,
                () -> new KafkaBrokerSecurity(SecurityMode.TLS, new SecurityFiles(Path.of("/run/s")), true, Map.of()));
    }

    @Test
    void reservedPropertiesCannotBeOverridden(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedKafka.start(dir, Map.of("listeners", "PLAINTEXT://0.0.0.0:9092")));
        assertTrue(e.getMessage().contains("listeners"), e.getMessage());
    }

    @Test
    void shipsTheBrokerLogbackConfig() throws IOException {
        try (InputStream in = EmbeddedKafka.class.getClassLoader()
                .getResourceAsStream(EmbeddedKafka.LOGBACK_RESOURCE)) {
            assertNotNull(in, EmbeddedKafka.LOGBACK_RESOURCE);
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(xml.contains("<configuration"), xml);
        }
    }

    @Test
    void describesTheBrokerLogWrittenSinceAnOffset(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("broker.log");
        Files.writeString(log, "old 1\n2026-01-01T00:00:00.000 ERROR [main] old error\n");
        long offset = Files.size(log);
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            more.append("line ").append(i).append('\n');
            if (i == 10) {
                more.append("2026-01-01T00:00:01.000 ERROR [main] kafka.network.DataPlaneAcceptor - boom\n");
                more.append("org.apache.kafka.common.KafkaException: Socket server failed to bind\n");
            }
        }
        Files.writeString(log, more, StandardOpenOption.APPEND);
        String attempt = ChildProcesses.readSince(log, offset);
        assertTrue(!attempt.contains("old"), attempt);
        String described = ChildProcesses.describeLog(attempt);
        assertTrue(described.contains("first error:\n  2026-01-01T00:00:01.000 ERROR [main] kafka.network"
                + ".DataPlaneAcceptor - boom\n  org.apache.kafka.common.KafkaException"), described);
        assertTrue(described.contains("last lines:\n  line 60\n"), described);
        assertTrue(described.endsWith("line 99"), described);
        assertTrue(!described.contains("line 59\n"), described);
        assertTrue(ChildProcesses.readSince(dir.resolve("missing.log"), 0).contains("could not read"));
        assertTrue(ChildProcesses.tail("").contains("empty"));
    }
}
