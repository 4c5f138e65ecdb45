package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The Kafka side of the log against Kafka's own MockProducer: no broker, no network. */
class LogPublisherTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void linesGoToTheTopicKeyedByProcessWithoutTheNewline() {
        KafkaLogPublisher publisher = new KafkaLogPublisher(producer, "sim.log", "worker-2");
        publisher.publish(bytes("{\"seq\":0}\n"));
        publisher.publish(bytes("{\"seq\":1}\n"));
        publisher.close(100);

        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(2, sent.size());
        assertEquals("sim.log", sent.get(0).topic());
        assertArrayEquals(bytes("worker-2"), sent.get(0).key());
        assertArrayEquals(bytes("{\"seq\":0}"), sent.get(0).value());
        assertArrayEquals(bytes("{\"seq\":1}"), sent.get(1).value());
        assertEquals(0, publisher.publishErrors());
        assertTrue(producer.closed());
    }

    @Test
    void linesWaitInOrderUntilMetadataArrivesThenFlowOnTheNextTick() throws Exception {
        producer.partitionsForException = new TimeoutException("no metadata yet");
        KafkaLogPublisher publisher = new KafkaLogPublisher(producer, "sim.log", "worker-2");
        for (int i = 0; i < 5; i++) {
            publisher.publish(bytes("line-" + i + "\n"));
        }
        assertEquals(0, producer.history().size(), "nothing can be sent before metadata");

        producer.partitionsForException = null;
        Thread.sleep(KafkaLogPublisher.PROBE_INTERVAL_MS + 5);
        publisher.tick();
        publisher.publish(bytes("line-5\n"));

        List<String> values = producer.history().stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
        assertEquals(List.of("line-0", "line-1", "line-2", "line-3", "line-4", "line-5"), values);
        assertEquals(0, publisher.publishErrors());
    }

    @Test
    void backlogOverflowAndFailedSendsAreCountedNeverThrown() {
        producer.partitionsForException = new TimeoutException("no broker");
        KafkaLogPublisher publisher = new KafkaLogPublisher(producer, "sim.log", "worker-2");
        int lines = KafkaLogPublisher.BACKLOG_CAPACITY + 10;
        for (int i = 0; i < lines; i++) {
            publisher.publish(bytes("x\n"));
        }
        assertEquals(10, publisher.publishErrors(), "the oldest lines beyond the backlog are given up");
        publisher.close(100);
        assertEquals(lines, publisher.publishErrors(), "what never left the backlog counts at close");

        MockProducer<byte[], byte[]> failing =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaLogPublisher second = new KafkaLogPublisher(failing, "sim.log", "worker-3");
        second.publish(bytes("y\n"));
        failing.errorNext(new TimeoutException("delivery timed out"));
        assertEquals(1, second.publishErrors());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
