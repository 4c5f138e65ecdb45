package kafkasim.infra.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class MosquittoConfigTest {
    private static final Path DATA = Path.of("/tmp/run/mosquitto/data");

    @Test
    void theConfigListensOnLoopbackWithPersistenceAndTheGivenLimits() {
        List<String> lines = new MosquittoConfig(41883, DATA, "root", OptionalInt.of(5000), OptionalInt.of(100), true)
                .text().lines().toList();
        assertTrue(lines.contains("listener 41883 127.0.0.1"), lines.toString());
        assertTrue(lines.contains("allow_anonymous true"));
        assertTrue(lines.contains("persistence true"));
        assertTrue(lines.contains("persistence_location /tmp/run/mosquitto/data/"), "mosquitto needs the slash");
        assertTrue(lines.contains("autosave_interval " + MosquittoConfig.AUTOSAVE_INTERVAL_SEC));
        assertTrue(lines.contains("max_queued_messages 5000"));
        assertTrue(lines.contains("max_inflight_messages 100"));
        assertTrue(lines.contains("sys_interval 1"));
        assertTrue(lines.contains("log_dest stderr"));
        assertTrue(lines.contains("user root"), "no switch to user mosquitto when started as root");
        assertEquals(1, lines.stream().filter(l -> l.startsWith("listener")).count(), "one listener only");
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("port ") || l.startsWith("bind_address")));
    }

    @Test
    void withoutPersistenceNothingIsSaved() {
        List<String> lines = new MosquittoConfig(1883, DATA, "root", OptionalInt.empty(), OptionalInt.empty(), false)
                .text().lines().toList();
        assertTrue(lines.contains("persistence false"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("persistence_location") || l.startsWith("autosave")));
    }

    @Test
    void withoutLimitsMosquittoKeepsItsDefaults() {
        String text = new MosquittoConfig(1883, DATA, "kafkasim", OptionalInt.empty(), OptionalInt.empty(), true).text();
        assertFalse(text.contains("max_queued_messages"), text);
        assertFalse(text.contains("max_inflight_messages"), text);
        assertTrue(text.contains("\nuser kafkasim\n"), text);
    }

    @Test
    void badValuesAreRejected() {
        assertTrue(message(0, DATA, "root").contains("port must be 1..65535"));
        assertTrue(message(1883, Path.of("rel/data"), "root").contains("absolute path"));
        assertTrue(message(1883, Path.of("/tmp/a\nlistener 1 0.0.0.0"), "root").contains("without line breaks"));
        assertTrue(message(1883, DATA, "root\nlistener").contains("not a user name"));
        assertTrue(message(1883, DATA, "").contains("not a user name"));
    }

    private static String message(int port, Path dir, String user) {
        return assertThrows(IllegalArgumentException.class,
                () -> new MosquittoConfig(port, dir, user, OptionalInt.empty(), OptionalInt.empty(), true)).getMessage();
    }
}
