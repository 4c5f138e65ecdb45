package kafkasim.generator.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMergerTest {
    private static final Instant T0 = Instant.parse("2026-11-24T22:37:57.000000Z");

    @TempDir
    Path dir;

    @Test
    void mergesThreeInterleavedFilesInTsOrderAndSkipsAMalformedLine() throws Exception {
        // worker-0 at t=0,3,6,.. ; worker-1 at t=1,4,7,.. ; worker-2 at t=2,5,8,.. microseconds apart
        for (int w = 0; w < 3; w++) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                lines.add(line(T0.plusNanos((3L * i + w) * 1_000), "worker-" + w, i));
            }
            if (w == 1) {
                lines.add(5, "{\"ts\": \"not a time\", \"seq\": 99"); // truncated and unparseable
                lines.add("");                                          // blank lines are ignored
            }
            Files.write(dir.resolve("worker-" + w + ".jsonl"), lines);
        }
        Files.writeString(dir.resolve("notes.txt"), "not an input\n");
        Files.writeString(dir.resolve(LogMerger.MERGED_FILE), line(T0, "stale-merge", 0) + "\n");

        LogMerger.Result result = LogMerger.mergeWithStats(dir);

        assertEquals(30, result.merged());
        assertEquals(1, result.malformed());
        List<JsonNode> merged = JsonLines.read(dir.resolve(LogMerger.MERGED_FILE));
        assertEquals(30, merged.size());
        for (int k = 0; k < merged.size(); k++) {
            assertEquals("worker-" + (k % 3), merged.get(k).get("process").asText());
            assertEquals(k / 3, merged.get(k).get("seq").asInt());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "temp file removed");
        }
        assertEquals(30, LogMerger.merge(dir), "merged.jsonl itself is never an input");
    }

    @Test
    void equalTimestampsAreOrderedByProcessThenSeq() throws Exception {
        Files.write(dir.resolve("b-1.jsonl"), List.of(line(T0, "b-1", 0), line(T0, "b-1", 1)));
        Files.write(dir.resolve("a-1.jsonl"), List.of(line(T0, "a-1", 4), line(T0, "a-1", 5)));

        assertEquals(4, LogMerger.merge(dir));

        List<String> order = JsonLines.read(dir.resolve(LogMerger.MERGED_FILE)).stream()
                .map(n -> n.get("process").asText() + "#" + n.get("seq").asInt()).toList();
        assertEquals(List.of("a-1#4", "a-1#5", "b-1#0", "b-1#1"), order);
    }

    @Test
    void mergesWhatSimLogWrote() throws Exception {
        for (String id : List.of("0", "1")) {
            try (SimLog log = SimLog.open(LogConfig.of("worker", id, dir))) {
                for (int i = 0; i < 5; i++) {
                    log.info("send", "x", Map.of("i", i));
                }
            }
        }
        assertEquals(12, LogMerger.merge(dir));
        Instant previous = Instant.MIN;
        for (JsonNode line : JsonLines.read(dir.resolve(LogMerger.MERGED_FILE))) {
            Instant ts = Instant.parse(line.get("ts").asText());
            assertTrue(!ts.isBefore(previous));
            previous = ts;
        }
    }

    @Test
    void anEmptyDirectoryGivesAnEmptyMerge() throws Exception {
        assertEquals(0, LogMerger.merge(dir));
        assertEquals(0, Files.size(dir.resolve(LogMerger.MERGED_FILE)));
    }

    private static String line(Instant ts, String process, int seq) {
        return "{\"ts\":\"" + JsonLineEncoder.formatTs(ts.getEpochSecond() * 1_000_000L + ts.getNano() / 1_000)
                + "\",\"seq\":" + seq + ",\"level\":\"INFO\",\"process\":\"" + process
                + "\",\"pid\":1,\"topic\":\"t\",\"msg\":\"m\",\"data\":{}}";
    }
}
