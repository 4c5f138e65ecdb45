package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimLogCloseTest {
    @TempDir
    Path dir;

    @Test
    void closeIsIdempotentAndLateRecordsAreDroppedNotThrown() throws Exception {
        SimLog log = SimLog.open(LogConfig.of("manager", "0", dir));
        log.info("lifecycle", "started", Map.of());
        log.close();
        assertDoesNotThrow(() -> log.close());
        assertFalse(log.warn("lifecycle", "too late", Map.of("x", 1)));
        assertFalse(log.log(LogLevel.ERROR, "lifecycle", "later still", null));
        log.close();

        assertEquals(1, log.written());
        assertEquals(2, log.dropped());
        List<JsonNode> lines = JsonLines.read(log.file());
        assertEquals(2, lines.size(), "one record and exactly one final record");
        JsonNode last = lines.get(1);
        assertEquals("logger closed", last.get("msg").asText());
        assertEquals(1, last.get("data").get("written").asLong());
        assertEquals(0, last.get("data").get("dropped").asLong(), "the late records came after the final record");
    }

    @Test
    void nullArgumentsAreTolerated() throws Exception {
        try (SimLog log = SimLog.open(LogConfig.of("manager", "1", dir))) {
            assertTrue(log.log(null, null, null, null));
            log.close();
            JsonNode line = JsonLines.read(log.file()).get(0);
            assertEquals("INFO", line.get("level").asText());
            assertEquals("", line.get("topic").asText());
            assertEquals("", line.get("msg").asText());
        }
    }

    @Test
    void appendsToAnExistingFileOfTheSameProcess() throws Exception {
        for (int run = 0; run < 2; run++) {
            try (SimLog log = SimLog.open(LogConfig.of("worker", "4", dir))) {
                log.info("lifecycle", "run " + run, null);
            }
        }
        assertEquals(4, Files.readAllLines(dir.resolve("worker-4.jsonl")).size());
    }

    @Test
    void crashHandlerLogsTheExceptionAtErrorAndPassesItOn() throws Exception {
        AtomicReference<Throwable> passedOn = new AtomicReference<>();
        try (SimLog log = SimLog.open(LogConfig.of("worker", "5", dir))) {
            Thread.UncaughtExceptionHandler handler = log.crashHandler((t, e) -> passedOn.set(e));
            IllegalStateException boom = new IllegalStateException("boom");
            handler.uncaughtException(Thread.currentThread(), boom);
            assertEquals(boom, passedOn.get());
            log.close();
            JsonNode crash = JsonLines.read(log.file()).get(0);
            assertEquals("ERROR", crash.get("level").asText());
            assertEquals("crash", crash.get("topic").asText());
            assertEquals(IllegalStateException.class.getName(), crash.get("data").get("exception").asText());
            assertEquals("boom", crash.get("data").get("message").asText());
            assertTrue(crash.get("data").get("stackTrace").asText().contains("crashHandlerLogsTheException"));
        }
    }

    @Test
    void invalidConfigIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of("worker", "", dir));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of("../up", "1", dir));
        assertThrows(IllegalArgumentException.class, () -> LogConfig.of("worker", "1", dir).withQueueCapacity(0));
        assertEquals("sim.log", new LogConfig("w", "1", dir, 8, "127.0.0.1:9092", null).logTopic());
        assertEquals(null, new LogConfig("w", "1", dir, 8, " ", null).kafkaBootstrap());
    }

    @Test
    void unwritableLogsDirFailsAtOpen() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        assertThrows(RuntimeException.class, () -> SimLog.open(LogConfig.of("worker", "6", notADir)));
    }
}
