package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kafkasim.common.json.Json;
import kafkasim.common.process.ChildJvm;
import kafkasim.infra.kafka.EmbeddedKafka;
import kafkasim.simulation.cli.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario's producer settings on a real broker: kafkasim's defaults yield to them the way Kafka's do, the
 * results show what the producers ran with, and a setting no worker can start with ends the run with exit 1.
 */
class ProducerSettingsIT {
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

    /** One worker, 20 devices at 20 msg/s. */
    private Path scenario(String topic, int durationSec, String producer) throws Exception {
        return Files.writeString(dir.resolve(topic + ".json"), """
                { "name": "%s", "durationSec": %d, "workers": 1,
                  "kafka": { "topic": "%s", "partitions": 2, "logTopic": "%s.log", "producer": { %s } },
                  "devices": [ { "type": "temperature", "count": 20, "ratePerSec": 20, "payloadBytes": 300 } ] }
                """.formatted(topic, durationSec, topic, topic, producer));
    }

    @Test
    void acksOneRunsWithoutIdempotenceAndTheResultsSaySo() throws Exception {
        String topic = "acksone";
        try (GeneratorRun run = GeneratorRun.start(scenario(topic, 3, "\"acks\": \"1\""), kafka.bootstrap(),
                dir.resolve("run"))) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(90)));
            JsonNode summary = run.summary();
            long produced = summary.get("produced").asLong();
            assertTrue(produced >= 1000, "about 400 msg/s for 3 s, got " + produced);
            assertEquals(0, summary.path("processes").path("crashed").asInt(), "the worker never crashed");
            assertEquals(produced, TopicAudit.read(kafka.bootstrap(), topic, 0).records);

            Map<String, String> expected = Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "5",
                    "batch.size", "65536");
            JsonNode asRun = Json.mapper().readTree(run.runDir.resolve("scenario.json").toFile());
            assertEquals(expected, Json.mapper().convertValue(asRun.path("kafka").path("producer"), Map.class));
            JsonNode config = Json.mapper().readTree(run.runDir.resolve("generator-config.json").toFile());
            assertEquals(expected, Json.mapper().convertValue(config.path("transport").path("producer"), Map.class),
                    "the workers got the same properties");
        }
    }

    /**
     * An interceptor class that does not exist passes Kafka's config validation (a list of names), but
     * {@code new KafkaProducer(...)} throws when it loads it: every worker start fails the same way. (The security
     * settings, which this test used before, are the security block's now and refused at load.)
     */
    @Test
    void aWorkerThatCannotStartEndsTheRunWithExit1AndItsError() throws Exception {
        Path runDir = dir.resolve("run");
        Path stderr = dir.resolve("orchestrator.stderr");
        Path scenario = scenario("nointerceptor", 60,
                "\"interceptor.classes\": \"kafkasim.NoSuchInterceptor\"");
        Process p = ChildJvm.of(Main.class)
                .args(List.of("generate", scenario.toString(), "--kafka-bootstrap", kafka.bootstrap(), "--out",
                        runDir.toString()))
                .stderr(ProcessBuilder.Redirect.to(stderr.toFile())).start();
        try (GeneratorRun run = GeneratorRun.attach(p, runDir)) {
            assertEquals(1, run.awaitExit(Duration.ofSeconds(90)), "not 0 with nothing produced");
            String cause = "kafkasim.NoSuchInterceptor";
            String error = Files.readString(stderr);
            assertTrue(error.contains(
                    "kafkasim: run failed: worker 0 crashed 3 times in a row within 10 s of starting"), error);
            assertTrue(error.contains(cause), error);
            long restarts = run.lines.stream()
                    .filter(l -> l.startsWith("worker 0 exited with code 1: restarting in") && l.contains(cause))
                    .count();
            assertTrue(restarts >= 2, "restarted before it was given up, with its error: " + run.lines);
            assertTrue(run.lines.contains("stopping: worker 0 cannot run"), run.lines.toString());

            assertFalse(Files.exists(runDir.resolve("summary.json")), "no summary for a failed run");
            assertTrue(Files.readString(runDir.resolve("logs/merged.jsonl")).contains("given up"));
            List<ProcessHandle> left = ProcessHandle.allProcesses().filter(h -> List.of(
                    GeneratorRun.commandLine(h)).contains(runDir.toString())).toList();
            assertEquals(List.of(), left, "manager and workers are gone");
        }
    }
}
