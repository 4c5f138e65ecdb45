package kafkasim.jobs.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class LogTopicPublisherTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final LogTopicPublisher publisher = new LogTopicPublisher(producer, "sim.log", "flink-slow-0");

    @Test
    void recordsWaitInOrderUntilTheTopicsMetadataArrives() throws Exception {
        producer.partitionsForException = new TimeoutException("no metadata yet");
        publisher.publish(bytes("a"));
        publisher.publish(bytes("b"));
        assertEquals(2, publisher.backlogSize());
        assertEquals(0, producer.history().size());

        producer.partitionsForException = null;
        Thread.sleep(LogTopicPublisher.PROBE_INTERVAL_MS + 10);
        publisher.tick();
        publisher.publish(bytes("c"));
        assertEquals(0, publisher.backlogSize());
        assertEquals(List.of("a", "b", "c"), producer.history().stream().map(r -> text(r.value())).toList());
        assertTrue(producer.history().stream().allMatch(r -> text(r.key()).equals("flink-slow-0")
                && r.topic().equals("sim.log")));
    }

    @Test
    void deliveryFailuresAreCountedNotThrown() {
        publisher.publish(bytes("a"));
        producer.errorNext(new RuntimeException("broker gone"));
        publisher.publish(bytes("b"));
        producer.completeNext();
        assertEquals(1, publisher.failures());
    }

    @Test
    void recordsStillWaitingAtCloseAreCountedAsFailures() {
        producer.partitionsForException = new TimeoutException("no metadata");
        publisher.publish(bytes("a"));
        publisher.close();
        assertEquals(1, publisher.failures());
        assertTrue(producer.closed());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
