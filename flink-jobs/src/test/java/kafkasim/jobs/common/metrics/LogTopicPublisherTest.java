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
    private LogTopicPublisher publisher = new LogTopicPublisher(producer, "sim.log", "flink-slow-0");

    @Test
    void theProducerKeepsEveryRecordInOrderAndNeverBlocks() {
        java.util.Properties p = LogTopicPublisher.producerProperties("127.0.0.1:1", "flink-fast-0");
        assertEquals("all", p.get("acks"));
        assertEquals(true, p.get("enable.idempotence"));
        assertEquals(1, p.get("max.in.flight.requests.per.connection"));
        assertEquals(0, p.get("max.block.ms"));
    }

    @Test
    void recordsWaitInOrderUntilTheTopicsMetadataArrives() throws Exception {
        producer.partitionsForException = new TimeoutException("no metadata yet");
        publisher = new LogTopicPublisher(producer, "sim.log", "flink-slow-0");
        publisher.publish("flink-slow-0", bytes("a"));
        publisher.publish("flink-slow-1", bytes("b"));
        assertEquals(2, publisher.backlogSize());
        assertEquals(0, producer.history().size());

        producer.partitionsForException = null;
        Thread.sleep(LogTopicPublisher.PROBE_INTERVAL_MS + 10);
        publisher.tick();
        publisher.publish("flink-slow-0", bytes("c"));
        assertEquals(0, publisher.backlogSize());
        assertEquals(List.of("a", "b", "c"), producer.history().stream().map(r -> text(r.value())).toList());
        assertEquals(List.of("flink-slow-0", "flink-slow-1", "flink-slow-0"),
                producer.history().stream().map(r -> text(r.key())).toList());
        assertTrue(producer.history().stream().allMatch(r -> r.topic().equals("sim.log")));
    }

    /**
     * A broker that is down long enough for the topic's metadata to expire: the real producer (max.block.ms=0)
     * fails each record inside send(), through its callback. They wait in the backlog, in order, none counted as
     * lost or settled, and go out once the metadata is back.
     */
    @Test
    void recordsRefusedForMissingMetadataWaitInsteadOfBeingLost() throws Exception {
        boolean[] metadataGone = {false};
        MockProducer<byte[], byte[]> refusing = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record,
                    org.apache.kafka.clients.producer.Callback callback) {
                if (metadataGone[0]) {
                    TimeoutException e = new TimeoutException("Topic sim.log not present in metadata after 0 ms.");
                    callback.onCompletion(null, e);
                    return java.util.concurrent.CompletableFuture.failedFuture(e);
                }
                return super.send(record, callback);
            }
        };
        publisher = new LogTopicPublisher(refusing, "sim.log", "flink-fast-0");
        publisher.publish("k", bytes("a"));
        assertEquals(1, publisher.settled());
        metadataGone[0] = true;
        publisher.publish("k", bytes("b"));
        publisher.publish("k", bytes("c"));
        assertEquals(2, publisher.backlogSize());
        assertEquals(0, publisher.failures());
        assertEquals(1, publisher.settled(), "b and c are not settled: their operator keeps them in its state");

        metadataGone[0] = false;
        Thread.sleep(LogTopicPublisher.PROBE_INTERVAL_MS + 10);
        publisher.tick();
        assertEquals(0, publisher.backlogSize());
        assertEquals(List.of("a", "b", "c"), refusing.history().stream().map(r -> text(r.value())).toList());
        assertEquals(3, publisher.settled());
    }

    @Test
    void deliveryFailuresAreCountedNotThrown() {
        publisher.publish("k", bytes("a"));
        producer.errorNext(new RuntimeException("broker gone"));
        publisher.publish("k", bytes("b"));
        producer.completeNext();
        assertEquals(1, publisher.failures());
    }

    @Test
    void recordsStillWaitingAtCloseAreCountedAsFailures() {
        producer.partitionsForException = new TimeoutException("no metadata");
        publisher = new LogTopicPublisher(producer, "sim.log", "flink-slow-0");
        publisher.publish("k", bytes("a"));
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
