package kafkasim.infra.kafka;

import kafkasim.infra.FreePorts;
import kafkasim.infra.StartException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** A real KRaft broker in a child JVM, one per class. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedKafkaIT {
    @TempDir
    static Path workDir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        QuietKafkaClients.apply();
        kafka = EmbeddedKafka.start(workDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void describesItself() throws Exception {
        assertTrue(kafka.bootstrap().startsWith("127.0.0.1:"), kafka.bootstrap());
        assertEquals("127.0.0.1:" + kafka.port(), kafka.bootstrap());
        assertTrue(kafka.startupMillis() > 0 && kafka.startupMillis() < 60_000, "startup " + kafka.startupMillis());
        assertTrue(kafka.isAlive());
        assertTrue(ProcessHandle.of(kafka.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertEquals(workDir.toAbsolutePath().normalize(), kafka.workDir());
        assertTrue(Files.exists(kafka.workDir().resolve("server.properties")));
        assertTrue(Files.exists(kafka.workDir().resolve("data").resolve("meta.properties")));
        assertTrue(Files.readString(kafka.logFile()).contains(KafkaBrokerMain.FORMATTED));
        assertFalse(kafka.clusterId().isBlank());
        try (Admin admin = admin()) {
            assertEquals(kafka.clusterId(), admin.describeCluster().clusterId().get());
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);
            assertEquals("false", config.get("auto.create.topics.enable").value());
        }
    }

    @Test
    @Order(2)
    void producesAndConsumesKeyedRecords() throws Exception {
        String topic = "it-keyed";
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            assertEquals(3, admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size());
        }

        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 100; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> values = new HashSet<>();
        Set<Integer> partitions = new HashSet<>();
        int received = 0;
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received < 100 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    received++;
                    assertEquals(record.key().replace("key-", "value-"), record.value());
                    values.add(record.value());
                    partitions.add(record.partition());
                }
            }
            received += consumer.poll(Duration.ofMillis(300)).count(); // nothing more may arrive
        }
        assertEquals(100, received);
        assertEquals(100, values.size());
        assertEquals(Set.of(0, 1, 2), partitions, "100 keys spread over the 3 partitions");
    }

    @Test
    @Order(3)
    void failedStartNamesWhatFailedAndTheBrokerLog(@TempDir Path otherDir) {
        StartException e = assertThrows(StartException.class,
                () -> EmbeddedKafka.start(otherDir, Map.of("num.partitions", "not-a-number"), Duration.ofSeconds(30)));
        Path log = otherDir.toAbsolutePath().normalize().resolve("broker.log");
        assertTrue(e.getMessage().contains(log.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not-a-number"), e.getMessage());
    }

    @Test
    @Order(4)
    void retriesWithFreshPortsWhenTheClientPortIsTakenBeforeTheBrokerBindsIt(@TempDir Path otherDir)
            throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger attempts = new AtomicInteger();
            Supplier<int[]> ports = () -> attempts.incrementAndGet() == 1
                    ? new int[] {squatter.getLocalPort(), FreePorts.pick()}
                    : FreePorts.pick(2);
            try (EmbeddedKafka second = EmbeddedKafka.start(otherDir, Map.of(), Duration.ofSeconds(60), ports)) {
                assertEquals(2, attempts.get());
                assertTrue(second.port() != squatter.getLocalPort());
                assertTrue(Files.readString(second.logFile()).contains("Address already in use"));
                try (Admin admin = Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, second.bootstrap()))) {
                    assertEquals(second.clusterId(), admin.describeCluster().clusterId().get());
                }
            }
        }
    }

    @Test
    @Order(5)
    void closeStopsTheChildAndIsIdempotent() throws Exception {
        long pid = kafka.pid();
        ProcessHandle handle = kafka.processHandle();
        assertTrue(handle.isAlive() && handle.pid() == pid);
        kafka.close();
        assertFalse(kafka.isAlive());
        assertFalse(handle.isAlive(), "the handle the host monitor samples");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker pid " + pid);
        kafka.close();
        assertTrue(Files.readString(kafka.logFile()).contains("shut down completed")
                        || Files.readString(kafka.logFile()).contains("shutdown completed"),
                "clean shutdown expected in " + kafka.logFile());
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()));
    }
}
