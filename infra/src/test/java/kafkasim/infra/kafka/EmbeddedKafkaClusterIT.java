package kafkasim.infra.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafkasim.common.security.GroupSecurity;
import kafkasim.common.security.KafkaClientSecurity;
import kafkasim.common.security.Principals;
import kafkasim.common.security.SecurityMode;
import kafkasim.infra.security.SecurityMaterial;
import org.apache.kafka.common.errors.SslAuthenticationException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three KRaft nodes on this machine, every listener TLS with client certificates (mtls: the nodes replicate and
 * hold their quorum as {@code broker}): a topic with replication 3 and min.insync.replicas 2 keeps taking acks=all
 * writes with one node killed, the node rejoins on its ports, data and security, a plain consumer and kcat
 * (librdkafka, with a client certificate) read every acknowledged record, and a client without a certificate is
 * refused in the TLS handshake.
 */
@Tag("slow") // a fault or bench run: left out of mvn verify -Pquick
class EmbeddedKafkaClusterIT {
    private static final String TOPIC = "replicated";

    @TempDir
    Path dir;

    static final String DEVICE = Principals.devices("meter");
    static final String NO_CERT = Principals.devices("nocert");
    private SecurityMaterial material;

    @Test
    void aReplicatedTopicSurvivesOneBrokerKilledAndTheBrokerRejoins() throws Exception {
        QuietKafkaClients.apply();
        material = SecurityMaterial.create(dir.resolve("security"), new SecurityMaterial.Request("it",
                SecurityMode.MTLS, Set.of(Principals.KAFKA_BROKER), Set.of(Principals.ADMIN, DEVICE, NO_CERT),
                Set.of(), Set.of(NO_CERT)));
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(dir.resolve("kafka"), 3, Map.of(), false,
                new KafkaBrokerSecurity(SecurityMode.MTLS, material.files(), false, Map.of()))) {
            assertEquals(3, cluster.bootstrap().split(",").length, cluster.bootstrap());
            try (Admin admin = Admin.create(cluster.node(1).adminSecurity().applyTo(new java.util.HashMap<>(
                    Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()))))) {
                assertEquals(Set.of(1, 2, 3), brokerIds(admin));
                admin.createTopics(Set.of(new NewTopic(TOPIC, 3, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
                try (KafkaProducer<String, String> producer = producer(cluster.bootstrap())) {
                    send(producer, 0, 100);
                    long killed = cluster.node(2).pid();
                    ProcessHandle.of(killed).orElseThrow().destroyForcibly();
                    ProcessHandle.of(killed).orElseThrow().onExit().get(10, TimeUnit.SECONDS);
                    send(producer, 100, 200); // 2 of 3 replicas in sync: acks=all still succeeds
                    EmbeddedKafka rejoined = cluster.restart(2);
                    assertTrue(rejoined.isAlive() && rejoined.pid() != killed);
                    assertEquals(Set.of(1, 2, 3), brokerIds(admin), "node 2 is back in the cluster");
                    awaitFullIsr(admin);
                    send(producer, 200, 300);
                }
            }
            assertEquals(300, countRecords(cluster.bootstrap()), "every acknowledged record, once");
            assertEquals(300, Kcat.count(cluster.bootstrap(), TOPIC, material.files().caCertificate(), List.of(
                    "security.protocol=SSL",
                    "ssl.certificate.location=" + material.files().certificateChain(DEVICE),
                    "ssl.key.location=" + material.files().privateKey(DEVICE))), "kcat with the device's certificate");
            assertEquals(-1, Kcat.count(cluster.bootstrap(), TOPIC, material.files().caCertificate(), List.of(
                    "security.protocol=SSL")), "kcat without a certificate must not read");
            Properties p = client(cluster.bootstrap(), NO_CERT, GroupSecurity.NONE);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
            try (KafkaProducer<String, String> refused = new KafkaProducer<>(p, new StringSerializer(),
                    new StringSerializer())) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> refused.send(new ProducerRecord<>(TOPIC, "k", "v")).get(30, TimeUnit.SECONDS));
                assertInstanceOf(SslAuthenticationException.class, e.getCause(), String.valueOf(e.getCause()));
            }
        }
    }

    private Properties client(String bootstrap, String principal, String credentials) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return KafkaClientSecurity.of(SecurityMode.MTLS, material.files(), principal, credentials).applyTo(p);
    }

    private static Set<Integer> brokerIds(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id)
                .collect(Collectors.toSet());
    }

    private static void awaitFullIsr(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            TopicDescription d = admin.describeTopics(Set.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TOPIC);
            if (d.partitions().stream().allMatch(p -> p.isr().size() == 3)) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "node 2 back in every ISR: " + d);
            Thread.sleep(200);
        }
    }

    private KafkaProducer<String, String> producer(String bootstrap) {
        Properties p = client(bootstrap, DEVICE, GroupSecurity.VALID);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            producer.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get(60, TimeUnit.SECONDS);
        }
    }

    /** Reads the topic from the start up to its end offsets (known before reading): no waiting for silence. */
    private int countRecords(String bootstrap) {
        Properties p = client(bootstrap, DEVICE, GroupSecurity.VALID);
        Set<String> seen = new HashSet<>();
        int total = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(TOPIC).stream()
                    .map(i -> new TopicPartition(TOPIC, i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "read to the end within 60 s");
                for (var r : c.poll(Duration.ofMillis(500))) {
                    seen.add(r.value());
                    total++;
                }
            }
        }
        assertFalse(total > seen.size(), "no record twice: " + total + " read, " + seen.size() + " distinct");
        return seen.size();
    }
}
