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
}
