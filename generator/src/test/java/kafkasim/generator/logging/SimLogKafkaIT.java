package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import kafkasim.generator.transport.kafka.KafkaTopics;
import kafkasim.infra.kafka.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logger queue's copy on a real KRaft broker, read by a plain consumer: every line of the file arrives, in
 * order, keyed by process; lines logged before the topic exists wait in the publisher's backlog, none lost.
 */
class SimLogKafkaIT {
    @TempDir
    static Path brokerDir;
    static EmbeddedKafka kafka;

    @TempDir
    Path logs;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyLineOfTheFileArrivesInOrderKeyedByProcess() throws Exception {
        String topic = "it-" + UUID.randomUUID() + ".log";
        KafkaTopics.ensure(kafka.bootstrap(), Map.of(topic, 1), 1, 30_000);
        SimLog log = SimLog.open(LogConfig.of("worker", "5", logs).withKafka(kafka.bootstrap(), topic));
        // a process lives longer than its producer takes to get the topic's metadata (lines still waiting for it
        // at close count as publish errors): the first line arriving says it has
        log.info("start", "first", null);
        assertEquals(1, consume(topic, 1).size());
        for (int i = 0; i < 200; i++) {
            log.info("send", "tick", Map.of("i", i));
        }
        log.close();

        assertArrivedAsInTheFile(log, topic, "worker-5");
    }

    @Test
    void linesLoggedBeforeTheTopicExistsWaitAndArrive() throws Exception {
        String topic = "it-" + UUID.randomUUID() + ".log";
        SimLog log = SimLog.open(LogConfig.of("manager", "0", logs).withKafka(kafka.bootstrap(), topic));
        for (int i = 0; i < 50; i++) {
            log.info("start", "early", Map.of("i", i));
        }
        Thread.sleep(500); // the writer has handled them: no metadata, so they wait in the backlog
        KafkaTopics.ensure(kafka.bootstrap(), Map.of(topic, 1), 1, 30_000);
        // the idle writer's ticks send them once the producer has the new topic's metadata
        assertEquals(50, consume(topic, 50).size(), "the early lines, while the log is still open");
        for (int i = 50; i < 100; i++) {
            log.info("start", "late", Map.of("i", i));
        }
        log.close();

        assertArrivedAsInTheFile(log, topic, "manager-0");
    }

    private static void assertArrivedAsInTheFile(SimLog log, String topic, String process) throws Exception {
        List<String> file = Files.readAllLines(log.file(), StandardCharsets.UTF_8);
        List<ConsumerRecord<byte[], byte[]>> arrived = consume(topic, file.size());
        assertEquals(0, log.publishErrors());
        assertEquals(file, arrived.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        assertTrue(arrived.stream().allMatch(r -> process.equals(new String(r.key(), StandardCharsets.UTF_8))));
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // one more poll: a line beyond the file's would be a duplicate
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
