package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimLogNonBlockingTest {
    @TempDir
    Path dir;

    @Test
    void callerNeverBlocksOnAStalledWriterAndDropsAreCounted() {
        int calls = 2_000;
        GatedOutputStream sink = new GatedOutputStream();
        SimLog log = SimLog.openWithSink(LogConfig.of("worker", "1", dir).withQueueCapacity(4), sink);

        long startNanos = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            log.info("send", "tick", Map.of("i", i));
        }
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(elapsedMs < 1_000, "2000 calls against a blocked writer took " + elapsedMs + " ms");
        assertTrue(log.dropped() > 0, "a 4-slot queue cannot hold 2000 records");
        assertEquals(0, log.written(), "the writer is still stuck on its first line");

        sink.open();
        log.close();
        assertEquals(calls, log.written() + log.dropped());
        assertTrue(log.written() >= 4, "at least what the queue held is written");

        List<JsonNode> lines = JsonLines.parse(sink.text());
        assertEquals(log.written() + 1, lines.size());
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("log", last.get("topic").asText());
        assertEquals(log.written(), last.get("data").get("written").asLong());
        assertEquals(log.dropped(), last.get("data").get("dropped").asLong());
        // drops show up as seq gaps; the final record takes the next seq after all calls
        assertEquals(calls, last.get("seq").asLong());
        assertTrue(lines.get(lines.size() - 2).get("seq").asLong() < calls);
    }

    @Test
    void closeGivesUpOnAWriterThatNeverFinishes() {
        GatedOutputStream sink = new GatedOutputStream();
        SimLog log = SimLog.openWithSink(LogConfig.of("worker", "3", dir).withQueueCapacity(4), sink);
        log.info("send", "stuck", null);
        long startNanos = System.nanoTime();
        boolean finished = log.close(200);
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        try {
            assertTrue(!finished, "the writer is blocked in write()");
            assertTrue(elapsedMs < 2_000, "close waited " + elapsedMs + " ms");
        } finally {
            sink.open(); // let the daemon writer finish
        }
        assertTrue(log.close(5_000), "once unblocked the writer completes and a second close sees it");
        assertEquals(1, log.written());
    }
}
