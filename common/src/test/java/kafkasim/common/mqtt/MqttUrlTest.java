package kafkasim.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MqttUrlTest {
    @Test
    void urls() {
        assertEquals(new MqttUrl("127.0.0.1", 1883), MqttUrl.parse("tcp://127.0.0.1:1883"));
        assertEquals("tcp://localhost:9", MqttUrl.parse("tcp://localhost:9").toString());
        for (String bad : new String[] {"127.0.0.1:1883", "ssl://h:1", "tcp://h", "tcp://h:0", "tcp://h:70000",
            "tcp://h:1/x", "tcp://u@h:1", "tcp:// h:1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MqttUrl.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("must be tcp://host:port"), e.getMessage());
        }
    }
}
