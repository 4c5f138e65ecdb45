package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import kafkasim.common.scenario.MqttSettings;
import kafkasim.infra.mqtt.EmbeddedMosquitto;
import kafkasim.infra.mqtt.EmbeddedMqttBroker;
import kafkasim.infra.mqtt.MqttBrokerOptions;
import kafkasim.simulation.report.CommittedFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The old architecture end to end: devices → MQTT broker → the same three jobs. Checked against an independent
 * subscriber ({@code mosquitto_sub}) and the paths' own output. One Mosquitto per class stands for "your broker"
 * ({@code --mqtt-url}); the TaskManager test runs on the embedded default broker (HiveMQ CE).
 */
class MqttRunIT {
    static final List<String> PATHS = RunIT.PATHS;
    @TempDir
    static Path brokerDir;
    static EmbeddedMqttBroker mosquitto;
    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        // the limits kafkasim gives its own brokers: Mosquitto's defaults (20 in flight, 1,000 queued) drop messages
        mosquitto = EmbeddedMqttBroker.start(EmbeddedMosquitto.KIND, brokerDir, 0, MqttBrokerOptions.defaults()
                .withMaxInflightMessages(MqttSettings.DEFAULT_BROKER_INFLIGHT_WINDOW)
                .withMaxQueuedMessages(MqttSettings.DEFAULT_BROKER_MAX_QUEUED_MESSAGES));
    }

    @AfterAll
    static void stopBroker() {
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    private Path scenario(String name, int durationSec) throws IOException {
        return Files.writeString(dir.resolve(name + ".json"), """
                { "name": "%s", "durationSec": %d, "broker": "mqtt",
                  "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [
                    { "type": "temperature", "count": 20, "ratePerSec": 10, "payloadBytes": 300 },
                    { "type": "vibration", "count": 10, "ratePerSec": 20, "payloadBytes": 400, "anomalyRate": 0.02 } ] }
                """.formatted(name, durationSec));
    }

    private GeneratorRun run(Path scenario, String... flags) throws IOException {
        Path runDir = dir.resolve("run");
        List<String> args = new ArrayList<>(List.of("run", scenario.toString(), "--out", runDir.toString()));
        args.addAll(List.of(flags));
        return GeneratorRun.cli(runDir, args);
    }

    /** Every device sent seqs 0..n-1, and the subscriber saw exactly those, in order. */
    private static void assertEverySeqOnceInOrder(Map<String, Long> devicesCsv, MqttAudit audit) {
        Map<String, List<Long>> seen = audit.seqsByDevice();
        assertEquals(devicesCsv.keySet(), seen.keySet(), "the devices the subscriber heard from");
        devicesCsv.forEach((device, produced) -> assertEquals(
                LongStream.range(0, produced).boxed().toList(), seen.get(device), device + "'s seqs"));
        assertEquals(0, audit.wrongTopic(), "each message on devices/{type}/{deviceId}/telemetry");
    }

    @Test
    void everyPathReceivesEverythingOnceAndAnIndependentSubscriberSeesTheTraffic() throws Exception {
        try (MqttAudit audit = MqttAudit.subscribe(mosquitto.port());
             GeneratorRun run = run(scenario("mqtte2e", 12), "--mqtt-url", mosquitto.url())) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(240)));
            JsonNode summary = run.summary();
            long produced = summary.get("produced").asLong();
            assertEquals("mqtt", summary.path("broker").asText());
            assertEquals("devices/+/+/telemetry", summary.path("topic").asText());
            assertTrue(produced > 12 * 400 * 0.8, "about 400 msg/s for 12 s: " + produced);
            assertTrue(summary.path("complete").asBoolean(), summary.toString());
            for (String path : PATHS) {
                JsonNode p = summary.path("paths").path(path);
                assertEquals(produced, p.path("received").asLong(), path + ": " + p);
                assertEquals(0, p.path("lost").asLong(), path + ": " + p);
                assertEquals(0, p.path("duplicates").asLong(), path + ": " + p);
            }
            assertEquals(produced, summary.at("/paths/medium/evidence/rows").asLong(), "rows in PostgreSQL");
            assertEquals(produced, CommittedFiles.count(run.runDir.resolve("files")).lines(), "lines in the files");
            assertEquals(produced, audit.await(produced, 10_000), "what mosquitto_sub received");
            assertEverySeqOnceInOrder(run.devicesCsv(), audit);
            assertTrue(!summary.at("/host/processes").has("mqtt-broker"), "an external broker is not ours to count");
        }
    }

    @Test
    void generateAgainstMosquittoAloneDeliversEveryDevicesSeqs() throws Exception {
        try (MqttAudit audit = MqttAudit.subscribe(mosquitto.port());
             GeneratorRun run = GeneratorRun.cli(dir.resolve("gen"), List.of("generate",
                     scenario("mqttgen", 5).toString(), "--mqtt-url", mosquitto.url(), "--out",
                     dir.resolve("gen").toString()))) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(120)));
            JsonNode summary = run.summary();
            long produced = summary.get("produced").asLong();
            assertTrue(produced > 5 * 400 * 0.8, "about 400 msg/s for 5 s: " + produced);
            assertEquals(0, summary.get("sendErrors").asLong());
            assertEquals(produced, audit.await(produced, 10_000), "what mosquitto_sub received");
            assertEverySeqOnceInOrder(run.devicesCsv(), audit);
            assertTrue(Files.readString(run.runDir.resolve("logs/merged.jsonl")).contains("worker started"),
                    "without Kafka the logs stay in the run folder");
        }
    }

    /**
     * Acknowledgement after the checkpoint, persistent sessions: a TaskManager killed mid-run is replaced, the jobs
     * restore, the broker redelivers what was not acknowledged. Nothing is lost; medium and slow (idempotent rows,
     * exactly-once files) hold every message once.
     */
    @Test
    @Tag("slow") // a fault run: left out of mvn verify -Pquick
    void aKilledTaskManagerLosesNothingWhenTheSourceAcknowledgesAfterTheCheckpoint() throws Exception {
        try (GeneratorRun run = run(scenario("mqttkill", 25))) {
            run.awaitLine(l -> l.startsWith("MQTT broker (hivemq) ready"), Duration.ofSeconds(120));
            run.awaitLine(l -> l.startsWith("workers ready"), Duration.ofSeconds(120));
            run.awaitPathCheckpoints(3, Duration.ofSeconds(60)); // several checkpoints in
            run.descendantRunning("org.apache.flink.runtime.taskexecutor.TaskManagerRunner", Duration.ofSeconds(5))
                    .destroyForcibly();
            run.awaitLine(l -> l.contains("replaces it"), Duration.ofSeconds(60));
            assertEquals(0, run.awaitExit(Duration.ofSeconds(300)));

            JsonNode summary = run.summary();
            long produced = summary.get("produced").asLong();
            assertTrue(summary.path("complete").asBoolean(), summary.toString());
            for (String path : PATHS) {
                JsonNode p = summary.path("paths").path(path);
                assertEquals(0, p.path("lost").asLong(), path + ": the broker kept the unacknowledged: " + p);
                assertEquals(produced, p.path("received").asLong(), path + ": " + p);
            }
            CommittedFiles files = CommittedFiles.count(run.runDir.resolve("files"));
            assertEquals(produced, files.distinct(), "every message in a committed file");
            assertEquals(produced, files.lines(), "and once");
            assertEquals(produced, summary.at("/paths/medium/evidence/rows").asLong(), "rows unique by key");
            assertTrue(summary.at("/host/processes/mqtt-broker/cpuSec").asDouble() > 0, "the embedded broker");
            System.out.println("MQTT run after the TaskManager kill: " + summary.path("paths"));
        }
    }
}
