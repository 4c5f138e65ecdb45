package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.core.ContextBase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import kafkasim.logtopic.LogTopicPublisher;
import kafkasim.logtopic.LogTopicSettings;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The logger queue's side of the log topic, against Kafka's own MockProducer (no broker, no network); the
 * publisher's own behaviour (backlog, refusals, failures) is tested in the log-topic module.
 */
class LogPublisherTest {
    private final LogConfig config = LogConfig.of("worker", "2", Path.of("logs")).withKafka("127.0.0.1:1", "sim.log");

    @Test
    void everyLineTheFileGetsGoesToTheTopicKeyedByProcessWithoutTheNewline() {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        LogTopicPublisher publisher = LogTopicPublisher.of(producer, config.logTopicSettings());
        ArrayBlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(8);
        queue.add(new LogRecord(0, 1_000_000, LogLevel.INFO, "send", "tick", Map.of("i", 0)));
        queue.add(new LogRecord(1, 1_000_001, LogLevel.INFO, "send", "tick", Map.of("i", 1)));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        LogWriter writer = new LogWriter(queue, new JsonLineEncoder(config.process(), 7),
                LineAppenders.stream(new ContextBase(), file), publisher, config.process(), new AtomicLong(),
                () -> new LogRecord(2, 1_000_002, LogLevel.INFO, "log", "logger closed", null));
        writer.requestStop();
        writer.run();

        List<String> fileLines = file.toString(StandardCharsets.UTF_8).lines().toList();
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(3, fileLines.size(), "two records and the final one");
        assertEquals(fileLines, sent.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        assertTrue(sent.stream().allMatch(r -> "worker-2".equals(new String(r.key(), StandardCharsets.UTF_8))));
        assertTrue(sent.stream().allMatch(r -> "sim.log".equals(r.topic())));
        assertEquals(0, publisher.failures());
        assertTrue(producer.closed(), "the writer closes the publisher after the final record");
    }

    @Test
    void linesAreCopiedBestEffortWithTheLogsOwnFigures() {
        LogTopicSettings s = config.logTopicSettings();
        assertEquals(LogTopicSettings.Delivery.BEST_EFFORT, s.delivery());
        assertEquals("simlog-worker-2", s.clientId());
        assertEquals("worker-2", s.process());
        assertEquals(1024, s.backlogCapacity());
        assertEquals(10, s.probeIntervalMs());
        assertTrue(s.closeTimeoutMs() < SimLog.CLOSE_TIMEOUT_MS, "the producer's close fits in the log's");
        LogConfig fileOnly = LogConfig.of("worker", "2", Path.of("logs"));
        assertThrows(IllegalStateException.class, fileOnly::logTopicSettings);
    }

    @Test
    void onlyTheTrailingNewlineIsCut() {
        assertEquals("{}", new String(LogWriter.withoutNewline("{}\n".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
        assertEquals("{}", new String(LogWriter.withoutNewline("{}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
        assertEquals(0, LogWriter.withoutNewline(new byte[0]).length);
    }
}
