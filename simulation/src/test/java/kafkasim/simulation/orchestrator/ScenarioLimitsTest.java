package kafkasim.simulation.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kafkasim.common.scenario.Scenario;
import kafkasim.common.scenario.ScenarioLoader;
import kafkasim.simulation.architecture.Architecture;
import org.junit.jupiter.api.Test;

class ScenarioLimitsTest {
    private static Scenario scenario(double ratePerSec, String paths) throws Exception {
        return ScenarioLoader.parse("""
                { "name": "l", "durationSec": 10, %s
                  "devices": [ { "type": "temperature", "count": 100, "ratePerSec": %s, "payloadBytes": 256 } ] }
                """.formatted(paths, ratePerSec), "test");
    }

    @Test
    void theDefaultModelServesFiveThousandPerSecond() throws Exception {
        assertEquals(5000, ScenarioLimits.fastPathCeilingPerSec(scenario(1, "")), 1e-9);
        assertTrue(ScenarioLimits.fastPathOverloaded(scenario(50, "")).isEmpty(), "exactly at the ceiling is fine");
    }

    @Test
    void aScenarioAboveTheCeilingIsToldWhy() throws Exception {
        String w = ScenarioLimits.fastPathOverloaded(scenario(120, "\"timeScale\": 2.0,")).orElseThrow();
        assertTrue(w.startsWith("the simulated ML model serves at most 2,500 msg/s (paths.fast.parallelism 1 x 1e6"
                + " / (serviceTimeUs 200 x timeScale 2.0)) and the scenario schedules 12,000 msg/s"), w);
    }

    @Test
    void moreSubtasksOrNoServiceTimeRaiseTheCeiling() throws Exception {
        assertEquals(15000, ScenarioLimits.fastPathCeilingPerSec(
                scenario(1, "\"paths\": { \"fast\": { \"parallelism\": 3 } },")), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, ScenarioLimits.fastPathCeilingPerSec(
                scenario(1, "\"paths\": { \"fast\": { \"serviceTimeUs\": 0 } },")));
    }

    @Test
    void anEmbeddedBrokerNeedsAFileDescriptorPerMqttDevice() throws Exception {
        Scenario mqtt = scenario(1, "\"broker\": \"mqtt\",");
        assertTrue(Architecture.of(mqtt).embeddedBrokerLimit(mqtt, 1124).isEmpty(), "100 devices + 1024 files");
        String w = Architecture.of(mqtt).embeddedBrokerLimit(mqtt, 1123).orElseThrow();
        assertTrue(w.startsWith("the scenario has 100 MQTT devices, one connection each, and a process on this machine"
                + " may open at most 1,123 files (ulimit -n)"), w);
        assertTrue(Architecture.of(scenario(1, "")).embeddedBrokerLimit(scenario(1, ""), 10).isEmpty(), "Kafka: one producer");
        assertTrue(ScenarioLimits.maxOpenFiles() > 0);
    }
}
