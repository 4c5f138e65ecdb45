package kafkasim.simulation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import kafkasim.common.json.Json;
import kafkasim.simulation.orchestrator.RunSummary;
import org.junit.jupiter.api.Test;

/** On the two summaries of a real {@code compare scenarios/medium.json} on this machine (HiveMQ, saturated). */
class ComparisonTest {
    static RunSummary summary(String name) throws Exception {
        try (InputStream in = ComparisonTest.class.getResourceAsStream("/compare/" + name + "-summary.json")) {
            return Json.mapper().readValue(in, RunSummary.class);
        }
    }

    @Test
    void ratiosAreMqttOverKafka() throws Exception {
        Comparison c = Comparison.of("medium", summary("kafka"), summary("mqtt"));
        assertEquals(0.47, c.ratios().paths().get("fast").ratePerSec(), "1,476 / 3,123 msg/s");
        assertEquals(3.62, c.ratios().brokerCpuSec(), "HiveMQ 202.5 CPU s / Kafka 56.0");
        assertEquals(0.95, c.ratios().brokerPeakRssMb(), "800 / 840 MiB: the architecture's broker, not the log Kafka");
        assertEquals(1.35, c.ratios().workersCpuSec());
        assertNull(Comparison.ratio(5, 0), "no ratio to zero");
    }

    @Test
    void theMarkdownPutsEveryFigureAndWarningSideBySide() throws Exception {
        Comparison c = Comparison.of("medium", summary("kafka"), summary("mqtt"));
        String md = ComparisonMarkdown.render(c, "kafkasim compare scenarios/medium.json", "embedded HiveMQ CE, …");
        assertTrue(md.contains("| scheduled msg/s | 3,150 | 3,150 |  |"), md);
        assertTrue(md.contains("| produced / send errors (never acknowledged) | 378,556 / 0 | 243,779 / 134,820 |  |"),
                md);
        assertTrue(md.contains("| fast: p99 ms | 55.3 | 66,715.7 | 1205.78 |"), md);
        assertTrue(md.contains("| broker CPU s | 56.0 | 202.5 | 3.62 |"), md);
        assertTrue(md.contains("The MQTT run also ran a Kafka broker for the log topic"), md);
        assertTrue(md.contains("**Kafka run warnings:** none"), md);
        assertTrue(md.contains("- the host was saturated"), md);
        assertTrue(md.contains("MQTT side: embedded HiveMQ CE, …"), md);
    }

    @Test
    void faultsAreSideBySideWithHowLongTheyLastedAndTheRecoveries() throws Exception {
        String faults = """
                , "faults": [
                  {"atSec": 20, "action": "kill-broker", "target": "1", "forSec": 5, "typed": false, "applied": "x",
                   "undone": "y", "appliedAtMs": 1000, "endedAtMs": %d, "recoverySec": %s,
                   "recoverySecByPath": {"fast": %s, "medium": 3.5, "slow": 4.0},
                   "lossByPath": {"fast": {"lostAcknowledged": 0, "lostUnacknowledged": %d, "duplicates": 12},
                                  "medium": {"lostAcknowledged": 1, "lostUnacknowledged": 2, "duplicates": 3},
                                  "slow": {"lostAcknowledged": 0, "lostUnacknowledged": 0, "duplicates": 0}}},
                  {"atSec": 40, "action": "kill-worker", "target": "7", "typed": false,
                   "error": "worker 7 is not running", "appliedAtMs": 2000, "endedAtMs": 2000}]}""";
        RunSummary kafka = withFaults("kafka-summary.json", faults.formatted(20_400, "null", "null", 0));
        RunSummary mqtt = withFaults("mqtt-summary.json", faults.formatted(6_200, "4.0", "2.0", 1_234));
        StringBuilder md = new StringBuilder();
        ComparisonFaults.render(md, kafka, mqtt);
        assertTrue(md.toString().contains("| kill-broker 1 at 20 s | 19.4 | - / 4 / 4 | 5.2 | 2 / 4 / 4 |"),
                md.toString());
        assertTrue(md.toString().contains("| kill-worker 7 at 40 s | not applied: worker 7 is not running |  |"),
                md.toString());
        assertTrue(md.toString().contains("| kill-broker 1 at 20 s | 0 / 0, 12 dup | 1 / 2, 3 dup | 0 / 0, 0 dup"
                + " | 0 / 1,234, 12 dup | 1 / 2, 3 dup | 0 / 0, 0 dup |"), md.toString());
        StringBuilder none = new StringBuilder();
        ComparisonFaults.render(none, summary("kafka"), summary("mqtt"));
        assertEquals("", none.toString(), "no faults, no section");
    }

    private static RunSummary withFaults(String fixture, String faults) throws Exception {
        try (var in = ComparisonTest.class.getResourceAsStream("/compare/" + fixture)) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return Json.mapper().readValue(json.substring(0, json.length() - 1) + faults, RunSummary.class);
        }
    }
}
