package kafkasim.simulation.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import kafkasim.common.json.Json;
import kafkasim.generator.logging.SimLog;

/**
 * Counts log records from the evidence: lines actually in the per-process files, and the drops each logger
 * reported in its closing record (a process killed with -9 reports none; its seq gaps still show them).
 */
final class LogCounts {
    private LogCounts() {
    }

    static RunSummary.LogCounts read(Path logsDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(logsDir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl") && !p.getFileName().toString().equals("merged.jsonl"))
                    .toList();
        }
        long written = 0;
        long dropped = 0;
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f)) {
                String line;
                while ((line = r.readLine()) != null) {
                    written++;
                    if (line.contains("\"topic\":\"" + SimLog.LOG_TOPIC + "\"")) {
                        JsonNode n = Json.mapper().readTree(line);
                        dropped += n.path("data").path("dropped").asLong(0);
                    }
                }
            }
        }
        return new RunSummary.LogCounts(written, dropped);
    }
}
