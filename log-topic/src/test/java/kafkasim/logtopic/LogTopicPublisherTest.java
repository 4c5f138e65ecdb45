package kafkasim.logtopic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The publisher against Kafka's own MockProducer: no broker, no network. */
class LogTopicPublisherTest {
    private static final LogTopicSettings SETTINGS = new LogTopicSettings("127.0.0.1:1", "sim.log", "flink-slow-0",
            "kafkasim-metrics-flink-slow-0", LogTopicSettings.Delivery.ORDERED, 8, 20, 100);

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void recordsGoToTheTopicInOrderUnderTheirKeys() {
        MockProducer<byte[], byte[]> completing =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        LogTopicPublisher publisher = LogTopicPublisher.of(completing, SETTINGS);
        publisher.publish("flink-slow-0", bytes("a"));
        publisher.publish("flink-slow-1", bytes("b"));
        publisher.close();

        assertEquals(List.of("a", "b"), values(completing));
        assertEquals(List.of("flink-slow-0", "flink-slow-1"),
                completing.history().stream().map(r -> text(r.key())).toList());
        assertTrue(completing.history().stream().allMatch(r -> r.topic().equals("sim.log")));
        assertEquals(0, publisher.failures());
        assertEquals(2, publisher.settled());
        assertTrue(completing.closed());
    }

    @Test
    void recordsWaitInOrderUntilTheTopicsMetadataArrives() throws Exception {
        producer.partitionsForException = new TimeoutException("no metadata yet");
        LogTopicPublisher publisher = LogTopicPublisher.of(producer, SETTINGS);
        publisher.publish("k", bytes("a"));
        publisher.publish("k", bytes("b"));
        assertEquals(2, publisher.backlogSize());
        assertEquals(0, producer.history().size(), "nothing can be sent before metadata");

        producer.partitionsForException = null;
        Thread.sleep(SETTINGS.probeIntervalMs() + 10);
        publisher.tick();
        publisher.publish("k", bytes("c"));
        assertEquals(0, publisher.backlogSize());
        assertEquals(List.of("a", "b", "c"), values(producer));
        assertEquals(0, publisher.failures());
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
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                                                            Callback callback) {
                if (metadataGone[0]) {
                    TimeoutException e = new TimeoutException("Topic sim.log not present in metadata after 0 ms.");
                    callback.onCompletion(null, e);
                    return CompletableFuture.failedFuture(e);
                }
                return super.send(record, callback);
            }
        };
        LogTopicPublisher publisher = LogTopicPublisher.of(refusing, SETTINGS);
        publisher.publish("k", bytes("a"));
        assertEquals(1, publisher.settled());
        metadataGone[0] = true;
        publisher.publish("k", bytes("b"));
        publisher.publish("k", bytes("c"));
        assertEquals(2, publisher.backlogSize());
        assertEquals(0, publisher.failures());
        assertEquals(1, publisher.settled(), "b and c are not settled: their owner may still need them");

        metadataGone[0] = false;
        Thread.sleep(SETTINGS.probeIntervalMs() + 10);
        publisher.tick();
        assertEquals(0, publisher.backlogSize());
        assertEquals(List.of("a", "b", "c"), values(refusing));
        assertEquals(3, publisher.settled());
    }

    @Test
    void deliveryFailuresAreCountedAndSettledNotThrown() {
        LogTopicPublisher publisher = LogTopicPublisher.of(producer, SETTINGS);
        publisher.publish("k", bytes("a"));
        producer.errorNext(new RuntimeException("broker gone"));
        publisher.publish("k", bytes("b"));
        producer.completeNext();
        assertEquals(1, publisher.failures());
        assertEquals(2, publisher.settled());
    }

    @Test
    void theOldestRecordsBeyondTheBacklogAndWhatNeverLeftItAreFailures() {
        producer.partitionsForException = new TimeoutException("no broker");
        LogTopicPublisher publisher = LogTopicPublisher.of(producer, SETTINGS);
        int records = SETTINGS.backlogCapacity() + 10;
        for (int i = 0; i < records; i++) {
            publisher.publish("k", bytes("x" + i));
        }
        assertEquals(10, publisher.failures(), "the oldest records beyond the backlog are given up");
        assertEquals(SETTINGS.backlogCapacity(), publisher.backlogSize());
        publisher.close();
        assertEquals(records, publisher.failures(), "what never left the backlog counts at close");
        assertEquals(records, publisher.settled());
        assertEquals(0, producer.history().size());
        assertTrue(producer.closed());
    }

    @Test
    void aProducerThatCannotBeCreatedFailsEveryRecordWithoutThrowing() {
        LogTopicSettings unresolvable = new LogTopicSettings("no-such-host.invalid:9092", "sim.log", "worker-1",
                "simlog-worker-1", LogTopicSettings.Delivery.BEST_EFFORT, 8, 20, 100);
        LogTopicPublisher publisher = LogTopicPublisher.openOrDiscard(unresolvable);
        publisher.publish("worker-1", bytes("a"));
        assertEquals(0, publisher.backlogSize(), "failed at once: there is no producer to wait for");
        publisher.tick();
        publisher.publish("worker-1", bytes("b"));
        publisher.close();
        assertEquals(2, publisher.failures());
        assertEquals(2, publisher.settled());
    }

    private static List<String> values(MockProducer<byte[], byte[]> producer) {
        return producer.history().stream().map(r -> text(r.value())).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
