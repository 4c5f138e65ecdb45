package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimLogRecordFormatTest {
    private static final Pattern TS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
    private static final List<String> FIELDS = List.of("ts", "seq", "level", "process", "pid", "topic", "msg", "data");

    @TempDir
    Path dir;

    @Test
    void writesEveryRecordInTheContractShape() throws Exception {
        int count = 20;
        try (SimLog log = SimLog.open(LogConfig.of("worker", "2", dir))) {
            assertEquals(dir.resolve("worker-2.jsonl"), log.file());
            for (int i = 0; i < count; i++) {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("i", i);
                data.put("nested", Map.of("list", List.of(1, 2, 3), "flag", true));
                data.put("nothing", null);
                LogLevel level = LogLevel.values()[i % LogLevel.values().length];
                assertTrue(log.log(level, "send", "message " + i + " \"quoted\" ünïcode", i % 5 == 0 ? null : data));
            }
        }
        List<JsonNode> lines = JsonLines.read(dir.resolve("worker-2.jsonl"));
        assertEquals(count + 1, lines.size(), "records plus the final record");
        long pid = ProcessHandle.current().pid();
        Instant previous = Instant.MIN;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            assertEquals(FIELDS, fieldNames(line), "field set and order");
            assertTrue(TS.matcher(line.get("ts").asText()).matches(), line.get("ts").asText());
            Instant ts = Instant.parse(line.get("ts").asText());
            assertFalse(ts.isBefore(previous), "ts non-decreasing");
            previous = ts;
            assertTrue(line.get("seq").isIntegralNumber());
            assertEquals(i, line.get("seq").asLong());
            assertEquals("worker-2", line.get("process").asText());
            assertTrue(line.get("pid").isIntegralNumber());
            assertEquals(pid, line.get("pid").asLong());
            assertTrue(line.get("data").isObject());
            LogLevel.valueOf(line.get("level").asText());
            if (i < count) {
                assertEquals(LogLevel.values()[i % LogLevel.values().length].name(), line.get("level").asText());
                assertEquals("send", line.get("topic").asText());
                assertEquals("message " + i + " \"quoted\" ünïcode", line.get("msg").asText());
                if (i % 5 == 0) {
                    assertEquals(0, line.get("data").size(), "null data is written as {}");
                } else {
                    assertEquals(i, line.get("data").get("i").asInt());
                    assertEquals(3, line.get("data").get("nested").get("list").size());
                    assertTrue(line.get("data").get("nothing").isNull());
                }
            }
        }
        JsonNode last = lines.get(count);
        assertEquals("log", last.get("topic").asText());
        assertEquals("logger closed", last.get("msg").asText());
        assertEquals(count, last.get("data").get("written").asLong());
        assertEquals(0, last.get("data").get("dropped").asLong());
    }

    @Test
    void unserializableDataStillWritesTheRecord() throws Exception {
        Path file;
        try (SimLog log = SimLog.open(LogConfig.of("orchestrator", "0", dir))) {
            file = log.file();
            // java.time types need a Jackson module the strict mapper does not register
            log.info("lifecycle", "odd data", Map.of("when", Instant.now()));
            log.info("lifecycle", "fine", Map.of("k", "v"));
            log.close();
            assertEquals(2, log.written());
        }
        List<JsonNode> lines = JsonLines.read(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).get("data").has("encodeError"));
        assertEquals("v", lines.get(1).get("data").get("k").asText());
    }

    @Test
    void concurrentCallersKeepSeqAndTsInFileOrder() throws Exception {
        int threads = 4;
        int perThread = 500;
        Path file;
        try (SimLog log = SimLog.open(LogConfig.of("worker", "7", dir).withQueueCapacity(threads * perThread))) {
            file = log.file();
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                callers.add(new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        log.debug("send", "x", Map.of("thread", thread, "i", i));
                    }
                }));
            }
            callers.forEach(Thread::start);
            for (Thread caller : callers) {
                caller.join();
            }
            log.close();
            assertEquals(threads * perThread, log.written() + log.dropped());
        }
        List<JsonNode> lines = JsonLines.read(file);
        long previousSeq = -1;
        Instant previousTs = Instant.MIN;
        for (JsonNode line : lines) {
            long seq = line.get("seq").asLong();
            Instant ts = Instant.parse(line.get("ts").asText());
            assertTrue(seq > previousSeq, "seq increases in file order");
            assertFalse(ts.isBefore(previousTs), "ts non-decreasing in file order");
            previousSeq = seq;
            previousTs = ts;
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
