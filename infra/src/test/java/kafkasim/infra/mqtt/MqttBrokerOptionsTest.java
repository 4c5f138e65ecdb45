package kafkasim.infra.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class MqttBrokerOptionsTest {

    @Test
    void defaultsKeepTheBrokersOwnLimits() {
        MqttBrokerOptions defaults = MqttBrokerOptions.defaults();
        assertEquals(OptionalInt.empty(), defaults.maxQueuedMessages());
        assertEquals(OptionalInt.empty(), defaults.maxInflightMessages());
        assertEquals(MqttBrokerOptions.DEFAULT_START_TIMEOUT, defaults.startTimeout());
        MqttBrokerOptions set = defaults.withMaxQueuedMessages(10).withMaxInflightMessages(65_535)
                .withStartTimeout(Duration.ofSeconds(5));
        assertEquals(new MqttBrokerOptions(OptionalInt.of(10), OptionalInt.of(65_535), Duration.ofSeconds(5), true), set);
    }

    @Test
    void outOfRangeValuesAreRejected() {
        MqttBrokerOptions d = MqttBrokerOptions.defaults();
        assertEquals("maxQueuedMessages must be at least 1, was 0",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxQueuedMessages(0)).getMessage());
        assertEquals("maxInflightMessages must be 1..65535, was 65536",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxInflightMessages(65_536)).getMessage());
        assertEquals("maxInflightMessages must be 1..65535, was 0",
                assertThrows(IllegalArgumentException.class, () -> d.withMaxInflightMessages(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withStartTimeout(Duration.ZERO));
    }
}
