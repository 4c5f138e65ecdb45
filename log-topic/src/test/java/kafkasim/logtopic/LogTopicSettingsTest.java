package kafkasim.logtopic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Properties;
import kafkasim.logtopic.LogTopicSettings.Delivery;
import org.junit.jupiter.api.Test;

class LogTopicSettingsTest {
    @Test
    void orderedRecordsCanNeitherBeReorderedNorDoubledAndNeverBlock() {
        Properties p = settings(Delivery.ORDERED).producerProperties();
        assertEquals("all", p.get("acks"));
        assertEquals(true, p.get("enable.idempotence"));
        assertEquals(1, p.get("max.in.flight.requests.per.connection"));
        assertEquals(0, p.get("max.block.ms"));
        assertFalse(p.containsKey("delivery.timeout.ms"), "Kafka's default: two minutes of retries");
        assertEquals("client-1", p.get("client.id"));
        assertEquals("127.0.0.1:9092", p.get("bootstrap.servers"));
    }

    @Test
    void bestEffortRecordsAreCheapAndGiveUpSoonAndNeverBlock() {
        Properties p = settings(Delivery.BEST_EFFORT).producerProperties();
        assertEquals("1", p.get("acks"));
        assertEquals(false, p.get("enable.idempotence"));
        assertEquals(3_000, p.get("request.timeout.ms"));
        assertEquals(5_000, p.get("delivery.timeout.ms"));
        assertEquals(0, p.get("max.block.ms"));
        assertEquals(5, p.get("linger.ms"));
        assertEquals(4L * 1024 * 1024, p.get("buffer.memory"));
    }

    @Test
    void aBadSettingIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LogTopicSettings(
                "127.0.0.1:9092", " ", "worker-1", "client-1", Delivery.ORDERED, 8, 10, 100));
        assertEquals("topic must be non-blank, got ' '", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LogTopicSettings(
                "127.0.0.1:9092", "sim.log", "worker-1", "client-1", Delivery.ORDERED, 0, 10, 100));
        assertEquals("backlogCapacity must be > 0, got 0", e.getMessage());
    }

    private static LogTopicSettings settings(Delivery delivery) {
        return new LogTopicSettings("127.0.0.1:9092", "sim.log", "worker-1", "client-1", delivery, 8, 10, 100);
    }
}
