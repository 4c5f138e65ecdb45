package kafkasim.generator.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import kafkasim.infra.EmbeddedKafka;
import kafkasim.generator.manager.ManagerMain;
import kafkasim.generator.worker.WorkerMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator as users run it ({@code kafkasim generate} in its own process, with its manager and workers)
 * against one real KRaft broker for the class; every claim is checked against the topic by an independent
 * consumer ({@link TopicAudit}).
 */
class GeneratorIT {
    static EmbeddedKafka kafka;
    @TempDir
    static Path brokerDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Two device types, each in its own worker: 30 + 20 devices at 20 msg/s each = 1000 msg/s. */
    private Path scenario(String topic, int durationSec) throws Exception {
        return Files.writeString(dir.resolve(topic + ".json"), """
                { "name": "%s", "durationSec": %d,
                  "kafka": { "topic": "%s", "partitions": 3, "logTopic": "%s.log" },
                  "devices": [
                    { "type": "temperature", "count": 30, "ratePerSec": 20, "payloadBytes": 300 },
                    { "type": "vibration", "count": 20, "ratePerSec": 20, "payloadBytes": 500, "anomalyRate": 0.05 } ] }
                """.formatted(topic, durationSec, topic, topic));
    }

    @Test
    void everyProducedRecordIsInTheTopicOnceWithGaplessSeqs() throws Exception {
        String topic = "complete";
        try (GeneratorRun run = GeneratorRun.start(scenario(topic, 6), kafka.bootstrap(), dir.resolve("run"))) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(90)));
            JsonNode summary = run.summary();
            long produced = summary.get("produced").asLong();
            assertTrue(produced >= 5000, "about 1000 msg/s for 6 s, got " + produced);
            assertEquals(0, summary.get("sendErrors").asLong());
            assertEquals(50, summary.get("devices").asInt());
            assertEquals(3, summary.path("processes").path("started").asInt(), "manager + 2 workers");
            assertEquals(0, summary.path("processes").path("crashed").asInt());

            TopicAudit audit = TopicAudit.read(kafka.bootstrap(), topic, 0);
            assertEquals(produced, audit.records, "topic holds exactly what summary.json says was produced");
            assertEquals(List.of(), audit.devicesWithGaps());
            assertEquals(Map.of(), audit.duplicatesByDevice());
            assertEquals(0, audit.keyMismatches, "Kafka key = deviceId");
            assertEquals(run.devicesCsv(), audit.distinctByDevice(), "devices.csv matches the topic per device");

            assertTrue(Files.size(run.runDir.resolve("logs/merged.jsonl")) > 0);
            assertTrue(summary.path("log").path("written").asLong() > 0);
            assertTrue(summary.path("producer").path("ackLatencyMs").path("p99").asDouble() > 0);

            // generate: the generator's own processes only; the broker is the user's, not listed
            JsonNode host = summary.path("host");
            assertTrue(host.path("cores").asInt() >= 1, host.toString());
            assertEquals(List.of("manager", "workers", "orchestrator"), fieldNames(host.path("processes")));
            assertEquals(2, host.at("/processes/workers/processCount").asInt(), host.toString());
            assertTrue(host.at("/processes/workers/cpuSec").asDouble() > 0, host.toString());
            assertTrue(host.at("/processes/manager/peakRssMb").asLong() > 0, host.toString());
            assertTrue(summary.path("warnings").isArray(), summary.toString());
        }
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void killedWorkerIsRestartedAndOtherDevicesAreUnaffected() throws Exception {
        String topic = "workerkill";
        try (GeneratorRun run = GeneratorRun.start(scenario(topic, 12), kafka.bootstrap(), dir.resolve("run"))) {
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(60));
            Thread.sleep(3000);
            // worker 1 hosts the vibration devices (one worker per type)
            ProcessHandle worker = run.descendant(WorkerMain.class.getName(), "1", Duration.ofSeconds(5));
            worker.destroyForcibly();
            run.awaitLine(l -> l.startsWith("worker 1 exited"), Duration.ofSeconds(10));
            assertEquals(0, run.awaitExit(Duration.ofSeconds(90)));

            JsonNode summary = run.summary();
            assertTrue(summary.path("processes").path("restarted").asInt() >= 1, summary.toString());
            assertTrue(summary.path("processes").path("crashed").asInt() >= 1, summary.toString());
            assertEquals(3, summary.at("/host/processes/workers/processCount").asInt(),
                    "the restarted worker is monitored too: " + summary.path("host"));
            TopicAudit audit = TopicAudit.read(kafka.bootstrap(), topic, 0);
            assertEquals(List.of(), audit.devicesWithGaps(), "seqs resume where the killed worker stopped");
            Set<String> duplicated = audit.duplicatesByDevice().keySet();
            assertTrue(duplicated.stream().allMatch(d -> d.startsWith("vibration-")),
                    "only the killed worker's in-flight records may repeat: " + duplicated);
            assertEquals(run.devicesCsv(), audit.distinctByDevice());
            Map<String, Long> temperature = audit.distinctByDevice().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("temperature-"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            long min = temperature.values().stream().mapToLong(Long::longValue).min().orElse(0);
            assertTrue(min >= 12 * 20 * 0.9, "temperature devices kept their rate: min " + min);
        }
    }

    @Test
    void killedManagerIsRestartedAndSeqsContinue() throws Exception {
        String topic = "managerkill";
        try (GeneratorRun run = GeneratorRun.start(scenario(topic, 14), kafka.bootstrap(), dir.resolve("run"))) {
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(60));
            Thread.sleep(2000);
            run.descendant(ManagerMain.class.getName(), null, Duration.ofSeconds(5)).destroyForcibly();
            run.awaitLine(l -> l.contains("restarting it"), Duration.ofSeconds(10));
            assertEquals(0, run.awaitExit(Duration.ofSeconds(90)));

            JsonNode summary = run.summary();
            assertTrue(summary.path("processes").path("restarted").asInt() >= 1, summary.toString());
            TopicAudit audit = TopicAudit.read(kafka.bootstrap(), topic, 0);
            assertEquals(List.of(), audit.devicesWithGaps());
            assertEquals(Map.of(), audit.duplicatesByDevice(), "orphaned workers flush before their successors start");
            assertEquals(run.devicesCsv(), audit.distinctByDevice());
            long late = audit.distinctByDevice().values().stream().filter(n -> n < 14 * 20 / 2).count();
            assertEquals(0, late, "every device kept sending after the manager came back");
        }
    }

    @Test
    void killedOrchestratorLeavesNoProcessBehind() throws Exception {
        try (GeneratorRun run = GeneratorRun.start(scenario("orchkill", 60), kafka.bootstrap(), dir.resolve("run"))) {
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(60));
            List<ProcessHandle> children = run.process.descendants().toList();
            assertEquals(3, children.size(), "manager + 2 workers: " + children);
            run.process.destroyForcibly();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && children.stream().anyMatch(ProcessHandle::isAlive)) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), children.stream().filter(ProcessHandle::isAlive).toList(),
                    "every child exits within 5 s of the orchestrator's kill -9");
        }
    }

    @Test
    void moreDevicesInTheConfigFileShowUpWithinOneReloadInterval() throws Exception {
        String topic = "reload";
        try (GeneratorRun run = GeneratorRun.start(scenario(topic, 14), kafka.bootstrap(), dir.resolve("run"),
                "--reload-sec", "2")) {
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(60));
            Path config = run.runDir.resolve("generator-config.json");
            String before = Files.readString(config);
            // temperature devices 0..29 become 0..59 (same worker, no restart)
            Files.writeString(config.resolveSibling("edit.tmp"), before.replaceFirst("\"count\" : 30", "\"count\" : 60"));
            Files.move(config.resolveSibling("edit.tmp"), config, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long changedAt = System.nanoTime();
            run.awaitLine(l -> l.contains("config applied") && l.contains("80 devices"), Duration.ofSeconds(5));
            run.awaitLine(l -> l.contains("devices 80 "), Duration.ofSeconds(5));
            assertTrue(System.nanoTime() - changedAt < Duration.ofSeconds(5).toNanos());
            assertEquals(0, run.awaitExit(Duration.ofSeconds(90)));

            JsonNode summary = run.summary();
            assertEquals(80, summary.get("devices").asInt());
            assertEquals(0, summary.path("processes").path("restarted").asInt(), "applied without restarts");
            Map<String, Long> csv = run.devicesCsv();
            assertTrue(csv.get("temperature-000059") > 20, "a new device sent at its rate: " + csv.get("temperature-000059"));
            TopicAudit audit = TopicAudit.read(kafka.bootstrap(), topic, 0);
            assertEquals(List.of(), audit.devicesWithGaps());
            assertEquals(Map.of(), audit.duplicatesByDevice());
            assertEquals(csv, audit.distinctByDevice());
        }
    }

    @Test
    void reloadCommandOnStdinAppliesTheConfigFileAtOnce() throws Exception {
        String topic = "ipcreload";
        try (GeneratorRun run = GeneratorRun.start(scenario(topic, 10), kafka.bootstrap(), dir.resolve("run"))) {
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(60));
            Path config = run.runDir.resolve("generator-config.json");
            Files.writeString(config, Files.readString(config).replaceFirst("\"ratePerSec\" : 20.0", "\"ratePerSec\" : 40.0"));
            run.stdin().write("reload\n".getBytes());
            run.stdin().flush();
            run.awaitLine(l -> l.contains("config applied") && l.contains("1600 msg/s"), Duration.ofSeconds(5));
            assertEquals(0, run.awaitExit(Duration.ofSeconds(90)));
            TopicAudit audit = TopicAudit.read(kafka.bootstrap(), topic, 0);
            assertEquals(List.of(), audit.devicesWithGaps());
            assertEquals(run.devicesCsv(), audit.distinctByDevice());
        }
    }
}
