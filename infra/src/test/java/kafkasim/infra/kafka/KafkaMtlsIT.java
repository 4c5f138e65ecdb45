package kafkasim.infra.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.security.SecurityMaterial;

/**
 * A 3-broker KRaft cluster with client certificates required on every listener: the brokers replicate and hold
 * their quorum over TLS as {@code broker}, clients are their certificate's CN. Checked with kcat too.
 */
class KafkaMtlsIT {
    static final String TOPIC = "telemetry";
    static final String DEVICE = Principals.devices("meter");
    static final String NO_CERT = Principals.devices("nocert");
    @TempDir
    static Path dir;
    static SecurityMaterial material;
    static EmbeddedKafkaCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        QuietKafkaClients.apply();
        material = SecurityMaterial.create(dir.resolve("security"), new SecurityMaterial.Request("it",
                SecurityMode.MTLS, Set.of(Principals.KAFKA_BROKER), Set.of(Principals.ADMIN, DEVICE, NO_CERT),
                Set.of(), Set.of(NO_CERT)));
        cluster = EmbeddedKafkaCluster.start(dir.resolve("kafka"), 3, Map.of(), false,
                new KafkaBrokerSecurity(SecurityMode.MTLS, material.files(), false, Map.of()));
        try (Admin admin = Admin.create(cluster.node(1).adminSecurity().applyTo(
                new java.util.HashMap<String, Object>(Map.of("bootstrap.servers", cluster.bootstrap()))))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3))).all().get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aCertifiedClientWritesToEveryReplicaAndKcatWithItsCertificateReadsEveryRecord() throws Exception {
        Properties p = client(DEVICE, GroupSecurity.VALID);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < 60; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(60, Kcat.count(cluster.bootstrap(), TOPIC, material.files().caCertificate(), List.of(
                "security.protocol=SSL",
                "ssl.certificate.location=" + material.files().certificateChain(DEVICE),
                "ssl.key.location=" + material.files().privateKey(DEVICE))));
        assertEquals(-1, Kcat.count(cluster.bootstrap(), TOPIC, material.files().caCertificate(), List.of(
                "security.protocol=SSL")), "kcat without a certificate must not read");
    }

    @Test
    void aClientWithoutACertificateIsRefusedInTheTlsHandshake() {
        Properties p = client(NO_CERT, GroupSecurity.NONE);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SslAuthenticationException.class, e.getCause(), String.valueOf(e.getCause()));
        }
        assertTrue(!p.containsKey("ssl.keystore.location"));
    }

    static Properties client(String principal, String credentials) {
        Properties p = new Properties();
        p.put("bootstrap.servers", cluster.bootstrap());
        return KafkaClientSecurity.of(SecurityMode.MTLS, material.files(), principal, credentials).applyTo(p);
    }
}
