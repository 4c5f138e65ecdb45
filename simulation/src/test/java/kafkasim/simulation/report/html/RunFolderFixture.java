package kafkasim.simulation.report.html;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A small results folder as a run writes it: summary.json, windows.csv (1 s and 10 s windows, PostgreSQL's
 * timestamp text, quoted fields), scenario.json. The run's clock starts at {@code clockStartMs}, its warm-up is 2 s,
 * its windows run from 1 s before the clock to 9 s after; a fault is in force from second 5 to 7.
 */
final class RunFolderFixture {
    static final int WARMUP_SEC = 2;
    static final DateTimeFormatter POSTGRES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssx")
            .withZone(ZoneOffset.UTC);

    private RunFolderFixture() {
    }

    /**
     * @param summaryExtra  more keys for summary.json (",\"actions\": […]"), or ""
     * @param lossColumns   windows.csv has lost and duplicates
     */
    static Path write(Path dir, String broker, long clockStartMs, String scenarioName, String warning,
                      String faultTarget, String summaryExtra, boolean lossColumns) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.json"), """
                { "runId": "%s-run", "scenario": %s, "broker": "%s", "durationSec": 8, "warmupSec": %d,
                  "complete": true, "drainSec": 1.5, "warnings": [%s], "produced": 9000, "sendErrors": 3,
                  "devices": 30, "topic": "iot.telemetry", "scheduledPerSec": 1000.0, "producedPerSec": 999.5,
                  "paths": {
                    "fast": { "received": 9000, "lost": 3, "lostAcknowledged": 1, "lostUnacknowledged": 2,
                              "backlog": 0, "duplicates": 4, "ratePerSec": 998.2,
                              "latencyMs": { "count": 8000, "p50": 12.34, "p90": 20, "p99": 45.67, "p999": 50,
                                             "max": 60 } },
                    "medium": { "received": 9000, "lost": 0, "lostAcknowledged": 0, "lostUnacknowledged": 0,
                                "backlog": 0, "duplicates": 0, "ratePerSec": 997.0,
                                "latencyMs": { "count": 8000, "p50": 150, "p90": 200, "p99": 250, "p999": 260,
                                               "max": 270 } },
                    "slow": { "received": 8990, "lost": 0, "lostAcknowledged": 0, "lostUnacknowledged": 0,
                              "backlog": 10, "duplicates": 0, "ratePerSec": 996.0,
                              "latencyMs": { "count": 8000, "p50": 1000, "p90": 1800, "p99": 2000, "p999": 2050,
                                             "max": 2100 } } },
                  "faults": [ { "atSec": 5, "action": "kill-broker", "target": %s, "forSec": 2, "typed": false,
                                "applied": "SIGKILL to broker 1", "undone": "broker 1 started again",
                                "appliedAtMs": %d, "endedAtMs": %d, "recoverySec": 3.5 },
                              { "atSec": 6, "action": "kill-worker", "target": "7", "typed": false,
                                "error": "worker 7 is not running", "appliedAtMs": %d, "endedAtMs": %d } ],
                  "host": { "cores": 2, "cpuBusyPct": { "p50": 41.0, "p99": 88.0, "max": 90.0, "mean": 45.0 } }%s }
                """.formatted(broker, json(scenarioName), broker, WARMUP_SEC, json(warning), json(faultTarget),
                clockStartMs + 5000, clockStartMs + 7000, clockStartMs + 6000, clockStartMs + 6000, summaryExtra));
        Files.writeString(dir.resolve("scenario.json"), """
                { "name": "x", "paths": { "checkpointIntervalMs": 2000 } }
                """);
        StringBuilder csv = new StringBuilder("window_ms,window_start,warmup,path,received,rate_per_sec,"
                + (lossColumns ? "lost,duplicates," : "") + "p50_ms,p90_ms,p99_ms,p999_ms,max_ms,alerts,replayed,"
                + "faults\n");
        for (int sec = -1; sec <= 9; sec++) {
            long startMs = clockStartMs + sec * 1000L;
            for (String path : List.of("fast", "medium", "slow")) {
                // the slow path completes every other second (its checkpoints): 0, then twice its rate
                long received = path.equals("slow") ? (sec % 2 == 0 ? 2000 : 0) : 1000 + sec;
                String fault = sec >= 5 && sec < 7 ? quoteCsv("kill-broker " + faultTarget) : "";
                csv.append(String.format(Locale.ROOT, "1000,%s,%s,%s,%d,%d,%s%s,,%s,,,0,0,%s%n",
                        POSTGRES.format(Instant.ofEpochMilli(startMs)), sec < WARMUP_SEC ? "t" : "f", path, received,
                        received, lossColumns ? (path.equals("fast") && sec == 6 ? "3,4," : "0,0,") : "",
                        received == 0 ? "" : "10." + (sec + 1), received == 0 ? "" : "40." + (sec + 1), fault));
            }
        }
        // a 10 s window: not charted
        csv.append(String.format("10000,%s,t,fast,9000,900,%s12,,45,,,0,0,%n",
                POSTGRES.format(Instant.ofEpochMilli(clockStartMs)), lossColumns ? "0,0," : ""));
        Files.writeString(dir.resolve("windows.csv"), csv);
        return dir;
    }

    /** A JSON string literal. */
    static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** As ResultsDatabase.Csv quotes a field. */
    static String quoteCsv(String v) {
        return v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
