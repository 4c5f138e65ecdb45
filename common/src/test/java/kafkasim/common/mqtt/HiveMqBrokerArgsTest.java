package kafkasim.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class HiveMqBrokerArgsTest {
    private static final Path DIR = Path.of("/tmp/hivemq");

    @Test
    void argsSurviveTheirCommandLine() {
        HiveMqBrokerArgs all = new HiveMqBrokerArgs(1883, DIR, OptionalInt.of(200), OptionalInt.of(5000), false);
        assertEquals(List.of("--port", "1883", "--data-dir", "/tmp/hivemq", "--max-inflight", "200",
                "--max-queued-messages", "5000", "--persistence", "in-memory"), all.toArgs());
        assertEquals(all, HiveMqBrokerArgs.parse(all.toArgs()));
        HiveMqBrokerArgs minimal = new HiveMqBrokerArgs(1883, DIR, OptionalInt.empty(), OptionalInt.empty(), true);
        assertEquals(List.of("--port", "1883", "--data-dir", "/tmp/hivemq"), minimal.toArgs());
        assertEquals(minimal, HiveMqBrokerArgs.parse(minimal.toArgs()));
        HiveMqBrokerArgs secured = new HiveMqBrokerArgs(1883, DIR, OptionalInt.empty(), OptionalInt.empty(), true,
                java.util.Optional.of(Path.of("/tmp/hivemq/security/broker-security.properties")));
        assertEquals(List.of("--port", "1883", "--data-dir", "/tmp/hivemq", "--security",
                "/tmp/hivemq/security/broker-security.properties"), secured.toArgs());
        assertEquals(secured, HiveMqBrokerArgs.parse(secured.toArgs()));
    }

    @Test
    void theReadyLineNamesTheLoopbackAddressAndPort() {
        assertEquals("[kafkasim] hivemq ready on 127.0.0.1:41883", HiveMqBrokerArgs.readyLine(41883));
    }

    @Test
    void badArgumentsAreRejectedByName() {
        assertEquals("--port is required; usage: " + HiveMqBrokerArgs.usage(), message("--data-dir", "/d"));
        assertEquals("--data-dir is required; usage: " + HiveMqBrokerArgs.usage(), message("--port", "1"));
        assertEquals("--port must be an integer, was 'x'", message("--port", "x", "--data-dir", "/d"));
        assertEquals("--persistence must be file or in-memory, was 'disk'",
                message("--port", "1", "--data-dir", "/d", "--persistence", "disk"));
        assertEquals("--port must be 1..65535, was 0", message("--port", "0", "--data-dir", "/d"));
        assertEquals("--data-dir must be an absolute path, was rel", message("--port", "1", "--data-dir", "rel"));
        assertEquals("--max-inflight must be 1..65535, was 0",
                message("--port", "1", "--data-dir", "/d", "--max-inflight", "0"));
        assertEquals("--max-inflight must be 1..65535, was 65536",
                message("--port", "1", "--data-dir", "/d", "--max-inflight", "65536"));
        assertEquals("--max-queued-messages must be at least 1, was 0",
                message("--port", "1", "--data-dir", "/d", "--max-queued-messages", "0"));
        assertEquals("--port is given twice", message("--port", "1", "--port", "2", "--data-dir", "/d"));
        assertEquals("--max-inflight is given twice",
                message("--port", "1", "--data-dir", "/d", "--max-inflight", "5", "--max-inflight", "6"));
        assertEquals("--port needs a value", message("--data-dir", "/d", "--port"));
        assertTrue(message("--port", "1", "--data-dir", "/d", "--bind", "0.0.0.0").startsWith("unknown argument --bind"));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> HiveMqBrokerArgs.parse(List.of(args))).getMessage();
    }
}
