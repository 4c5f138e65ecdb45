package kafkasim.jobs.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import kafkasim.logtopic.LogTopicPublisher;
import kafkasim.logtopic.LogTopicSettings;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The metric records' side of the log topic; the publisher itself is tested in the log-topic module. */
class LogTopicSinkTest {
    private final MetricsSettings metrics = new MetricsSettings("run-1", "127.0.0.1:1", "sim.log");

    @Test
    void metricRecordsAreDeliveredInOrderWithTheirOwnFigures() {
        LogTopicSettings s = LogTopicSink.settings(metrics, "flink-fast-0");
        assertEquals(LogTopicSettings.Delivery.ORDERED, s.delivery());
        assertEquals("kafkasim-metrics-flink-fast-0", s.clientId());
        assertEquals("sim.log", s.topic());
        assertEquals("127.0.0.1:1", s.bootstrap());
        assertEquals(3600, s.backlogCapacity());
        assertEquals(50, s.probeIntervalMs());
        assertEquals(5_000, s.closeTimeoutMs());
    }

    @Test
    void recordsSettleOnlyOnceDeliveredOrLostAndWaitForTheMetadata() throws Exception {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        producer.partitionsForException = new TimeoutException("no metadata yet");
        LogTopicSink sink = new LogTopicSink(LogTopicPublisher.of(producer,
                LogTopicSink.settings(metrics, "flink-slow-0")));
        sink.publish("flink-slow-0", bytes("a"));
        assertEquals(0, sink.settled(), "waiting for metadata: its operator keeps it in the checkpoint");

        producer.partitionsForException = null;
        Thread.sleep(LogTopicSink.PROBE_INTERVAL_MS + 10);
        sink.tick();
        sink.publish("flink-slow-0", bytes("b"));
        assertEquals(List.of("a", "b"), producer.history().stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        assertEquals(0, sink.settled(), "handed over, not acknowledged yet");
        producer.completeNext();
        producer.errorNext(new RuntimeException("broker gone"));
        assertEquals(2, sink.settled(), "delivered, and lost for good");
        sink.close();
        assertTrue(producer.closed());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
