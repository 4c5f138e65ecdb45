package kafkasim.simulation.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import kafkasim.common.json.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kafkasim compare}: the same scenario on Kafka and on MQTT (Mosquitto, the broker that starts fastest), each
 * on fresh embedded infrastructure, both results folders inside {@code --out}, and the comparison of the two.
 */
@Tag("slow") // a fault or bench run: left out of mvn verify -Pquick
class CompareIT {
    @TempDir
    Path dir;

    @Test
    void bothArchitecturesRunAndTheComparisonHoldsBothSummaries() throws Exception {
        Path scenario = Files.writeString(dir.resolve("cmp.json"), """
                { "name": "cmp", "durationSec": 8, "paths": { "checkpointIntervalMs": 1000 },
                  "devices": [ { "type": "temperature", "count": 50, "ratePerSec": 4, "payloadBytes": 300 },
                               { "type": "power", "count": 20, "ratePerSec": 5, "payloadBytes": 320 } ] }
                """);
        Path out = dir.resolve("cmp");
        try (GeneratorRun run = GeneratorRun.cli(out, List.of("compare", scenario.toString(), "--mqtt-broker",
                "mosquitto", "--out", out.toString()))) {
            assertEquals(0, run.awaitExit(Duration.ofSeconds(420)));
            JsonNode c = Json.mapper().readTree(out.resolve("comparison.json").toFile());
            assertEquals("cmp", c.path("scenario").asText());
            for (String broker : List.of("kafka", "mqtt")) {
                JsonNode summary = Json.mapper().readTree(out.resolve(broker).resolve("summary.json").toFile());
                assertEquals(summary, c.path(broker), broker + "'s summary, as written in its own folder");
                assertEquals(broker, summary.path("broker").asText());
                assertTrue(summary.path("complete").asBoolean(), broker + ": " + summary);
                for (String path : RunIT.PATHS) {
                    assertEquals(summary.path("produced").asLong(),
                            summary.at("/paths/" + path + "/received").asLong(), broker + " " + path);
                }
            }
            assertTrue(c.at("/ratios/paths/fast/ratePerSec").asDouble() > 0.8, c.path("ratios").toString());
            assertTrue(c.at("/ratios/brokerCpuSec").isNumber(), c.path("ratios").toString());
            assertTrue(c.at("/mqtt/host/processes").has("mqtt-broker"), "the MQTT broker is measured");
            String md = Files.readString(out.resolve("comparison.md"));
            assertTrue(md.contains("| fast: p99 ms |"), md);
            assertTrue(md.contains("MQTT side: embedded Mosquitto, MQTT 5, QoS 1"), md);
            assertTrue(md.contains("**Kafka run warnings:**") && md.contains("**MQTT run warnings:**"), md);
            for (Path report : List.of(out.resolve("report.html"), out.resolve("kafka/report.html"),
                    out.resolve("mqtt/report.html"))) {
                assertTrue(Files.readString(report).contains("id=\"report-data\""), report + " written");
            }
            String printed = "report: " + out.resolve("report.html");
            assertEquals(printed, run.awaitLine(printed::equals, Duration.ofSeconds(1)), "its path printed");
        }
    }
}
