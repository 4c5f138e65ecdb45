package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kafkasim.common.json.Json;
import kafkasim.simulation.cli.Main;
import kafkasim.simulation.report.CommittedFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafkasim run} as users run it: embedded Kafka, PostgreSQL and a Flink standalone cluster, the real jobs
 * jar submitted over REST, the generator, drain, summary. Checked against the paths' own output.
 */
class RunIT {
    /** The repository root (tests run in generator/). */
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final List<String> PATHS = List.of("fast", "medium", "slow");

    /**
     * Every path's accounting adds up: {@code received − receivedUnacknowledged + lostAcknowledged + backlog ==
     * produced}, and {@code lost} is its two parts.
     */
    static void assertAccountingAddsUp(JsonNode summary) {
        long produced = summary.path("produced").asLong();
        for (String path : PATHS) {
            JsonNode p = summary.path("paths").path(path);
            assertEquals(produced, p.path("received").asLong() - p.path("receivedUnacknowledged").asLong()
                    + p.path("lostAcknowledged").asLong() + p.path("backlog").asLong(), path + ": " + p);
            assertEquals(p.path("lost").asLong(), p.path("lostAcknowledged").asLong()
                    + p.path("lostUnacknowledged").asLong(), path + ": " + p);
        }
    }

    @TempDir
    Path dir;

    private Path scenario(int durationSec) throws IOException {
        return Files.writeString(dir.resolve("scenario.json"), """
                { "name": "e2e", "durationSec": %d, "warmupSec": 3,
                  "kafka": { "partitions": 2 },
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [
                    { "type": "temperature", "count": 20, "ratePerSec": 10, "payloadBytes": 300 },
                    { "type": "vibration", "count": 10, "ratePerSec": 20, "payloadBytes": 400, "anomalyRate": 0.02 } ] }
                """.formatted(durationSec));
    }

    private GeneratorRun start(int durationSec) throws IOException {
        Path runDir = dir.resolve("run");
        return GeneratorRun.cli(runDir, List.of("run", scenario(durationSec).toString(), "--out", runDir.toString()));
    }

    @Test
    void everyPathReceivesEverythingOnceAndTheWebUiListsTheJobs() throws Exception {
        try (GeneratorRun run = start(12)) {
            String ui = run.awaitLine(l -> l.startsWith("Flink ready"), Duration.ofSeconds(120));
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(120));
            Matcher m = GeneratorRun.WEB_UI.matcher(ui);
            assertTrue(m.find(), ui);
            String jobs = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(m.group(1) + "/jobs/overview")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            JsonNode overview = Json.mapper().readTree(jobs).path("jobs");
            assertEquals(4, overview.size(), jobs);
            overview.forEach(j -> assertEquals("RUNNING", j.path("state").asText(), jobs));

            assertEquals(0, run.awaitExit(Duration.ofSeconds(240)));
            JsonNode summary = run.summary();
            long produced = summary.get("produced").asLong();
            assertTrue(produced > 12 * 400 * 0.8, "about 400 msg/s for 12 s: " + produced);
            assertTrue(summary.path("complete").asBoolean(), summary.toString());
            // 3 s, not the default 1 s (ScenarioLoaderTest): on a busy host a path may complete nothing in its
            // first second, and then no message of it would be in the warm-up to leave out
            assertEquals(3, summary.path("warmupSec").asInt(), "the scenario's warm-up");
            for (String path : PATHS) {
                JsonNode p = summary.path("paths").path(path);
                assertEquals(produced, p.path("received").asLong(), path + ": " + p);
                assertEquals(0, p.path("lost").asLong(), path + ": " + p);
                assertEquals(0, p.path("backlog").asLong(), path + ": " + p);
                assertEquals(0, p.path("duplicates").asLong(), path + ": " + p);
                assertEquals(produced, p.path("latencyMsAllRun").path("count").asLong(), path + ": " + p);
                long measured = p.path("latencyMs").path("count").asLong();
                assertTrue(measured > 0 && measured < produced, "the warm-up is left out: " + p);
                assertTrue(p.path("latencyMs").path("p99").asDouble() > 0, path + ": " + p);
                assertTrue(p.path("ratePerSec").asDouble() > 100, "about 400 msg/s: " + p);
            }
            assertEquals(produced, summary.at("/paths/medium/evidence/rows").asLong(), "rows in PostgreSQL");
            assertEquals(produced, summary.at("/paths/slow/evidence/distinctLines").asLong(), "lines in the files");
            CommittedFiles files = CommittedFiles.count(run.runDir.resolve("files"));
            assertEquals(produced, files.lines(), "zcat | wc -l of the committed files");
            assertMetricRecordsAddUp(run, produced);
            List<String> windows = Files.readAllLines(run.runDir.resolve("windows.csv"));
            assertTrue(windows.size() > 10, "report windows: " + windows.size());
            assertTrue(windows.stream().anyMatch(w -> w.startsWith("10000,")), "10 s windows too");
            assertTrue(windows.get(0).startsWith("window_ms,window_start,warmup,path,"), windows.get(0));
            assertTrue(windows.stream().anyMatch(w -> w.matches("1000,[^,]+,t,.*")), "the warm-up is marked");
            assertTrue(windows.stream().anyMatch(w -> w.matches("1000,[^,]+,f,.*")), "and the rest too");

            // the host is part of the measurement: every embedded process role is sampled
            JsonNode host = summary.path("host");
            assertTrue(host.path("cores").asInt() >= 1, host.toString());
            assertTrue(host.path("samples").asLong() >= 12, host.toString());
            assertEquals(List.of("kafka", "flink-jobmanager", "flink-taskmanager", "postgres", "manager", "workers",
                    "orchestrator"), GeneratorIT.fieldNames(host.path("processes")));
            host.path("processes").fields().forEachRemaining(role -> {
                assertTrue(role.getValue().path("cpuSec").asDouble() > 0, role.toString());
                assertTrue(role.getValue().path("peakRssMb").asLong() > 0, role.toString());
            });
            assertTrue(host.at("/processes/postgres/processCount").asInt() > 2,
                    "watcher, server and its helpers and backends (run as another user): " + host);
            assertTrue(summary.path("warnings").isArray(), summary.toString());
            assertTrue(run.lines.stream().anyMatch(l -> l.matches("\\[ *\\d+s] cpu +\\d+% produced .*")),
                    "the progress line shows the host CPU");

            // kafkasim query RESULTS: the run's own database is started again and every analysis query answers
            Path csv = dir.resolve("csv");
            assertEquals(0, Main.execute("query", run.runDir.toString(), "--csv", csv.toString(),
                    "--analysis-dir", HOME.resolve("analysis").toString()));
            List<String> totals = Files.readAllLines(csv.resolve("totals_per_path.csv"));
            assertEquals(4, totals.size(), "header + 3 paths: " + totals);
            for (String row : totals.subList(1, 4)) {
                assertEquals(Long.toString(produced), row.split(",")[2],
                        "the report windows add up to everything produced (the last windows fire on drain): " + row);
            }
            assertTrue(Files.readAllLines(csv.resolve("throughput_per_path.csv")).size() > 10);
            assertTrue(Files.readAllLines(csv.resolve("worst_devices_by_loss.csv")).size() >= 1);
        }
    }

    @Test
    @Tag("slow") // a fault run: left out of mvn verify -Pquick
    void aKilledTaskManagerIsReplacedAndNoPathLosesAMessage() throws Exception {
        try (GeneratorRun run = start(25)) {
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(120));
            run.awaitPathCheckpoints(3, Duration.ofSeconds(60)); // several checkpoints in
            ProcessHandle taskManager = run.descendantRunning("org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                    Duration.ofSeconds(5));
            taskManager.destroyForcibly();
            run.awaitLine(l -> l.contains("replaces it"), Duration.ofSeconds(60));
            assertEquals(0, run.awaitExit(Duration.ofSeconds(300)));

            JsonNode summary = run.summary();
            long produced = summary.get("produced").asLong();
            for (String path : PATHS) {
                JsonNode p = summary.path("paths").path(path);
                assertEquals(0, p.path("lost").asLong(), path + " restores from its checkpoint: " + p);
            }
            for (String path : List.of("medium", "slow")) {
                assertEquals(produced, summary.path("paths").path(path).path("received").asLong(), path);
            }
            assertEquals(0, summary.path("paths").path("medium").path("duplicates").asLong(), "rows unique by key");
            assertEquals(0, summary.path("paths").path("slow").path("duplicates").asLong(), "exactly-once files");
            assertTrue(summary.at("/host/processes/flink-taskmanager/processCount").asInt() >= 2,
                    "the replacement TaskManager is monitored too: " + summary.path("host"));
            CommittedFiles files = CommittedFiles.count(run.runDir.resolve("files"));
            assertEquals(produced, files.lines());
            assertEquals(produced, files.distinct());
            // metric records follow the checkpoints: after the restore every path counted every message once
            assertTrue(summary.path("complete").asBoolean(), summary.toString());
            JsonNode fast = summary.path("paths").path("fast");
            assertEquals(produced, fast.path("received").asLong(), fast.toString());
            assertEquals(0, fast.path("backlog").asLong(), fast.toString());
            assertEquals(0, fast.path("duplicates").asLong(), fast.toString());
            Map<String, Long> metrics = assertMetricRecordsAddUp(run, produced);
            assertEquals(summary.path("paths").path("medium").path("received").asLong(), metrics.get("medium"),
                    "medium: metric records = rows");
            assertEquals(files.distinct(), metrics.get("slow"), "slow: metric records = distinct committed lines");
            String republished = run.awaitLine(l -> l.startsWith("metric records"), Duration.ofSeconds(1));
            System.out.println("after the TaskManager kill: " + republished + "; summary paths: "
                    + summary.path("paths"));
        }
    }

    /**
     * The orchestrator's metric record totals (printed after the jobs stopped) equal {@code produced} for every
     * path, and the aggregation job's 1 s windows in windows.csv add up to the same per path.
     */
    private static Map<String, Long> assertMetricRecordsAddUp(GeneratorRun run, long produced) throws Exception {
        String line = run.awaitLine(l -> l.startsWith("metric records"), Duration.ofSeconds(1));
        Matcher m = Pattern.compile("^metric records: fast ([\\d,]+) +medium ([\\d,]+) +slow ([\\d,]+) received")
                .matcher(line);
        assertTrue(m.find(), line);
        Map<String, Long> metrics = new TreeMap<>();
        for (int i = 0; i < PATHS.size(); i++) {
            metrics.put(PATHS.get(i), Long.parseLong(m.group(i + 1).replace(",", "")));
        }
        Map<String, Long> windows = new TreeMap<>();
        List<String> rows = Files.readAllLines(run.runDir.resolve("windows.csv"));
        for (String row : rows.subList(1, rows.size())) {
            String[] cols = row.split(",");
            if (cols[0].equals("1000")) {
                windows.merge(cols[3], Long.parseLong(cols[4]), Long::sum);
            }
        }
        for (String path : PATHS) {
            assertEquals(produced, metrics.get(path), path + " metric records: " + line);
            assertEquals(metrics.get(path), windows.get(path), path + ": 1 s windows in windows.csv " + windows);
        }
        return metrics;
    }
}
